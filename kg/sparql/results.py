"""Query answers written row by row in the SPARQL 1.1 result formats, and graphs as N-Triples or Turtle.

A result is written as its rows come from the engine, never built whole first, and stops after a
row limit with a note where the format has room for one (a JSON member, an XML or Turtle comment).
Terms of either engine (rdflib's or Oxigraph's) are read through one small adapter.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..graph.turtle import PLAIN_LOCAL
from ..graph.vocab import PREFIXES

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/tsv": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Capped:
    """At most `limit` items of an iterable (all of them when limit is 0); `cut` tells if more were left."""

    def __init__(self, items: Iterable, limit: int):
        self.items, self.limit, self.cut, self.count = items, limit, False, 0

    def __iter__(self) -> Iterator:
        for item in self.items:
            if self.limit and self.count >= self.limit:
                self.cut = True
                return
            self.count += 1
            yield item

    def note(self) -> str:
        return (f"result cut at {self.limit} rows (kg serve --max-rows); "
                "ask with LIMIT and OFFSET to page through the rest")


def choose(accept: list[str], kind: str) -> tuple[str, str] | None:
    """The first media type in accept that a result of this kind can be written as, and its format name."""
    offers = GRAPH_TYPES if kind in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    for wanted in accept:
        if wanted in offers:
            return wanted, offers[wanted]
        major = wanted.split("/")[0]
        for media in offers:
            if wanted == "*/*" or wanted == f"{major}/*" and media.startswith(major + "/"):
                return media, offers[media]
    return None


def offered(kind: str) -> list[str]:
    return list(GRAPH_TYPES if kind in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES)


def term(t) -> tuple[str, str, str | None, str | None] | None:
    """An rdflib or Oxigraph term as (kind, value, language, datatype); None stays None (unbound)."""
    if t is None:
        return None
    if isinstance(t, URIRef):
        return ("uri", str(t), None, None)
    if isinstance(t, BNode):
        return ("bnode", str(t), None, None)
    if isinstance(t, Literal):
        return ("literal", str(t), t.language, str(t.datatype) if t.datatype else None)
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value, None, None)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value, None, None)
    if isinstance(t, ox.Literal):
        return ("literal", t.value, t.language, t.datatype.value)
    raise ValueError(f"cannot write {type(t).__name__} {t!r} in a result")


def written_datatype(t) -> str | None:
    """The datatype worth writing: none for simple and language-tagged strings."""
    return None if t[2] or t[3] in (None, XSD_STRING, RDF_LANG_STRING) else t[3]


def select(fmt: str, names: list[str], rows: Capped) -> Iterator[str]:
    """A SELECT result, rows of terms in the order of names, as json, xml, csv or tsv."""
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](names, rows)


def ask(fmt: str, answer: bool) -> str:
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if answer else 'false'}</boolean></sparql>\n")
    if fmt in ("csv", "tsv"):
        return "true\n" if answer else "false\n"
    return json.dumps({"head": {}, "boolean": answer}) + "\n"


def _json(names: list[str], rows: Capped) -> Iterator[str]:
    yield '{"head": {"vars": ' + json.dumps(names) + '}, "results": {"bindings": ['
    sep = "\n"
    for row in rows:
        binding = {}
        for name, t in zip(names, map(term, row), strict=True):
            if t is None:
                continue
            cell = {"type": t[0], "value": t[1]}
            if t[2]:
                cell["xml:lang"] = t[2]
            elif written_datatype(t):
                cell["datatype"] = t[3]
            binding[name] = cell
        yield sep + json.dumps(binding, ensure_ascii=False)
        sep = ",\n"
    yield "\n]}" + (f', "warning": {json.dumps(rows.note())}' if rows.cut else "") + "}\n"


def _xml(names: list[str], rows: Capped) -> Iterator[str]:
    yield ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
           + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>\n<results>\n")
    for row in rows:
        cells = []
        for name, t in zip(names, map(term, row), strict=True):
            if t is None:
                continue
            if t[0] == "literal":
                attr = f" xml:lang={quoteattr(t[2])}" if t[2] else (
                    f" datatype={quoteattr(t[3])}" if written_datatype(t) else "")
                value = f"<literal{attr}>{escape(t[1])}</literal>"
            else:
                value = f"<{t[0]}>{escape(t[1])}</{t[0]}>"
            cells.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        yield "<result>" + "".join(cells) + "</result>\n"
    yield "</results>\n" + (f"<!-- {escape(rows.note())} -->\n" if rows.cut else "") + "</sparql>\n"


def _csv(names: list[str], rows: Capped) -> Iterator[str]:
    """SPARQL 1.1 CSV: plain values (IRIs bare, literals without tags), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else ("_:" + t[1] if t[0] == "bnode" else t[1]) for t in map(term, row)])
        if out.tell() > 1 << 16:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _tsv(names: list[str], rows: Capped) -> Iterator[str]:
    """SPARQL 1.1 TSV: terms in N-Triples syntax, so tabs and line breaks inside values are escaped."""
    yield "\t".join(f"?{n}" for n in names) + "\n"
    for row in rows:
        yield "\t".join("" if t is None else nt_term(t) for t in map(term, row)) + "\n"


def nt_term(t: tuple) -> str:
    """A term in N-Triples syntax."""
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    text = '"' + t[1].translate(NT_ESCAPES) + '"'
    if t[2]:
        return f"{text}@{t[2]}"
    return f"{text}^^<{t[3]}>" if written_datatype(t) else text


def triples(fmt: str, found: Capped) -> Iterator[str]:
    """A CONSTRUCT or DESCRIBE result as nt or turtle, a triple at a time; rdfxml and jsonld at once (capped)."""
    if fmt in ("rdfxml", "jsonld"):
        yield from _whole(fmt, found)
        return
    turtle = fmt == "turtle"
    if turtle:
        yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    for s, p, o in found:
        parts = (term(s), term(p), term(o))
        yield " ".join(_short(x) if turtle else nt_term(x) for x in parts) + " .\n"
    if found.cut:
        yield f"# {found.note()}\n"


def _short(t: tuple) -> str:
    if t[0] == "uri":
        for prefix, ns in PREFIXES.items():
            if t[1].startswith(ns) and PLAIN_LOCAL.match(t[1], len(ns)):
                return f"{prefix}:{t[1][len(ns):]}"
    return nt_term(t)


def _whole(fmt: str, found: Capped) -> Iterator[str]:
    """The result (capped) as RDF/XML, by pyoxigraph's writer in the result's order, or as JSON-LD with the
    prefixes as its context (kg.sparql.jsonld): the same answer the same bytes at every run, where rdflib's
    writers followed its hash order."""
    if fmt == "jsonld":
        from .jsonld import document  # jsonld reads this module's terms

        yield document(found)
        return
    lines = "".join(f"{nt_term(term(s))} {nt_term(term(p))} {nt_term(term(o))} .\n" for s, p, o in found)
    text = ox.serialize(ox.parse(input=lines, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.RDF_XML,
                        prefixes=PREFIXES).decode("utf-8")
    if found.cut:
        text = text.replace("\n", f"\n<!-- {escape(found.note())} -->\n", 1)
    yield text
