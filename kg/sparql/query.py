"""SPARQL over a built graph: find the query, run it with the project's prefixes, format the answer.

A query comes inline, from a .rq file, or by the name of a saved query in kg/sparql/queries/.
Syntax errors of either backend become one QuerySyntaxError with a line and a column.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from ..graph.vocab import PREFIXES
from .export import ONTOLOGY_GRAPH
from .saved import saved_queries

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "xml": "pretty-xml", "jsonld": "json-ld"}
CELL_WIDTH = 60
# the longest namespace first, so that one that begins another never takes its IRIs
LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
# Oxigraph reports "error at 3:12: expected one of ..."
OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
# A query with this line reads the data alone, not the ontology (a named graph of its own): on the
# union of graphs Oxigraph looks each pattern up twice, in the default graph's index and in the
# named graphs', so a query that looks up a few values per row takes up to a quarter longer
# (visit-reports at 30,000 articles, bench/RESULTS.md). The rows are the same when no pattern of
# the query can match a statement of the ontology; the saved queries that hold are marked.
DATA_ONLY = re.compile(r"^#kg:data-only\b", re.M)


class QueryError(Exception):
    """A query that cannot be found or run."""


class QuerySyntaxError(QueryError):
    """A malformed query, with the 1-based line and column where parsing stopped."""

    def __init__(self, message: str, line: int, column: int, text: str = ""):
        self.message, self.line, self.column = message, line, column
        shown = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        pointer = f"\n  {shown}\n  {' ' * (column - 1)}^" if shown else ""
        super().__init__(f"syntax error at line {line}, column {column}: {message}{pointer}")


# a kgo: term written as a prefixed name or a full IRI; comments and strings are taken out first
KGO_TERM = re.compile(r"(?<![\w:])kgo:([A-Za-z_][\w-]*)|<" + re.escape(PREFIXES["kgo"]) + r"([^>]+)>")
COMMENT_OR_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*')


def undeclared_terms(text: str) -> list[tuple[str, list[str]]]:
    """kgo: terms of a query that the ontology does not declare, each with the declared terms it
    may have meant: `kgo:Vist` gives 0 rows and no error, so kg query warns."""
    from difflib import get_close_matches

    from ..graph.vocab import KGO

    declared = [name for name in KGO.__annotations__ if not name.startswith("_")]
    # keep IRIs (they may name a kgo: term), drop comments and string literals
    bare = COMMENT_OR_STRING.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " ", text)
    found = []
    for m in KGO_TERM.finditer(bare):
        name = m.group(1) or m.group(2)
        if name not in declared and name not in (n for n, _ in found):
            found.append((name, get_close_matches(name, declared, n=3, cutoff=0.6)))
    return found


def prefix_lines() -> str:
    """The PREFIX declarations kg query adds to every query, to run its queries on another store."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())


def read_query(arg: str) -> str:
    """Query text from inline SPARQL, a .rq file, or the name of a saved query."""
    path = Path(arg)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if arg.endswith(".rq"):
        raise QueryError(f"no query file {arg}")
    if re.fullmatch(r"[\w-]+", arg):
        saved = {q.name: q for q in saved_queries()}
        if arg not in saved:
            raise QueryError(f"no saved query {arg!r}; saved queries: {', '.join(saved)}")
        return saved[arg].text
    return arg


def run_query(graph: Graph, text: str) -> Result:
    """Run SPARQL with the project's prefixes predeclared; raise QuerySyntaxError on bad syntax."""
    # rdflib's SPARQL parser, imported with its engine
    from pyparsing import ParseException

    try:
        return graph.query(text, initNs=PREFIXES)
    except SyntaxError as e:  # Oxigraph
        raise _oxigraph_syntax_error(e, text) from None
    except ParseException as e:  # rdflib
        raise QuerySyntaxError(e.msg, e.lineno, e.col, text) from None
    except Exception as e:
        # rdflib reports an undeclared prefix as a bare Exception after parsing
        m = re.match(r"Unknown namespace prefix : (\S+)", str(e))
        if not m:
            raise
        line, column = _position(text, m.group(1) + ":")
        raise QuerySyntaxError(f"unknown prefix {m.group(1)}:", line, column, text) from None


def _oxigraph_syntax_error(e: SyntaxError, text: str) -> QuerySyntaxError:
    m = OXIGRAPH_ERROR.match(str(e))
    if not m:
        return QuerySyntaxError(str(e), 1, 1, text)
    return QuerySyntaxError(_short(m.group(3)), int(m.group(1)), int(m.group(2)), text)


def answer(graph: Graph | ox.Store, text: str, fmt: str = "table") -> str:
    """A query's answer as text in fmt, as format_result writes it, read from Oxigraph's own result
    when the graph is in Oxigraph: an rdflib term made of every value cost more than the query
    (topics-per-visit at 30,000 articles, 12,603 rows: 1.2 s through rdflib, 0.5 s this way).
    An ox.Store (kg.sparql.store.open_oxigraph) spares the import of rdflib's engine."""
    if isinstance(graph, ox.Store):
        store, graph = graph, Graph()  # an empty graph: rdflib's default prefixes
    else:
        store = getattr(graph.store, "_inner", None)
        if not isinstance(store, ox.Store):
            return format_result(run_query(graph, text), fmt)
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces()} | PREFIXES  # as rdflib's path has them
    try:
        result = store.query(text, prefixes=prefixes, use_default_graph_as_union=on_union(store, text))
    except SyntaxError as e:
        raise _oxigraph_syntax_error(e, text) from None
    if isinstance(result, ox.QueryTriples):
        from oxrdflib._converter import from_ox  # the conversion the rdflib path makes

        triples = Graph()
        triples += (from_ox(t) for t in result)
        return _graph_text(triples, GRAPH_FORMATS.get(fmt, "turtle"))
    if isinstance(result, ox.QueryBoolean) and fmt not in ("json", "xml"):
        return ("true\n" if result else "false\n") if fmt in ("csv", "tsv") else ("yes\n" if result else "no\n")
    if fmt in NATIVE_FORMATS:
        return result.serialize(format=NATIVE_FORMATS[fmt]).decode("utf-8")
    return _table([v.value for v in result.variables], result)


def on_union(store: ox.Store, text: str) -> bool:
    """Whether Oxigraph answers the query on the union of graphs, as every query but one marked
    DATA_ONLY is answered; a marked query too when the data itself is in named graphs (a .trig or
    .nq file keeps one graph per article), so that it reads the data, not nothing."""
    if not DATA_ONLY.search(text):
        return True
    return any(g.value != str(ONTOLOGY_GRAPH) for g in store.named_graphs())


# SPARQL 1.1 result formats as Oxigraph writes them (its TSV keeps a literal's line breaks escaped)
NATIVE_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def _short(message: str) -> str:
    """Oxigraph's list of expected tokens without its character classes, which help nobody."""
    if "Prefix not found" in message:
        return "unknown prefix"
    head, sep, expected = message.partition("expected one of ")
    if not sep:
        return message
    tokens = [t.strip() for t in expected.split(", ") if not t.strip().startswith(("[", "'", "|"))]
    return f"{head}expected one of {', '.join(tokens[:12])}" + (", …" if len(tokens) > 12 else "")


def _position(text: str, needle: str) -> tuple[int, int]:
    at = max(text.find(needle), 0)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def format_result(result: Result, fmt: str = "table") -> str:
    """A result as text: SELECT in SELECT_FORMATS, ASK as yes/no (or json, xml), graphs as Turtle.

    json, xml, csv and tsv follow the SPARQL 1.1 result formats; a graph result takes a
    GRAPH_FORMATS name and falls back to Turtle.
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _graph_text(result.graph, GRAPH_FORMATS.get(fmt, "turtle"))
    if fmt in ("json", "xml"):
        return result.serialize(format=fmt).decode("utf-8")
    if result.type == "ASK":
        if fmt in ("csv", "tsv"):
            return "true\n" if result.askAnswer else "false\n"
        return "yes\n" if result.askAnswer else "no\n"
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    if fmt == "tsv":
        return _tsv(result)
    return _table([str(v) for v in result.vars], result)


def _graph_text(graph: Graph, fmt: str) -> str:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph.serialize(format=fmt)


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: terms in N-Triples syntax; tabs inside literals escaped."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result:
        lines.append("\t".join("" if t is None else t.n3().replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


def _table(names: list[str], result) -> str:
    """A result's rows (rdflib's or Oxigraph's) as an aligned table under the variables' names."""
    rows = [[_cell(t) for t in row] for row in result]
    widths = [min(CELL_WIDTH, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join(_clip(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} rows)\n"


def _cell(term) -> str:
    """A term for people: IRIs shortened by the project's prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    if isinstance(term, ox.NamedNode):
        return _prefixed(term.value)
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    if isinstance(term, URIRef):
        return _prefixed(str(term))
    return term.value if isinstance(term, ox.BlankNode) else str(term)


def _prefixed(iri: str) -> str:
    for prefix, ns in LONGEST_FIRST:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

