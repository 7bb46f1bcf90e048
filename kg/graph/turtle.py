"""Turtle from a sorted stream of N-Triples-encoded triples, one statement per subject (a hub's in
several of STATEMENT_MOST triples).

The layout is rdflib's (prefixes, `a` first, `;` between predicates, `,` between objects, bare
integers and booleans), written straight from strings: a 12.7M-triple graph in a fraction of the
time rdflib's serializer needs, holding at most one statement.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path

from .remembered import Remembered
from .triples import RDF_TYPE, XSD, Triple
from .vocab import PREFIXES

# a local name that needs no escaping in a prefixed name (kg:event/… has a slash: written in full)
PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
BARE_TYPES = (f"^^<{XSD}integer>", f"^^<{XSD}boolean>")
FLUSH_EVERY = 1 << 20  # characters held before they are encoded and written
# IRIs whose Turtle names are remembered at once: most IRIs (evidence, articles) are written a few
# times, close together; kept whole, the memo held every IRI of the graph (3.7 kB an article: 36 MB
# at 10k articles, about 3.6 GB at 1M)
NAMES_KEPT = 100_000
# the most triples one statement holds: a statement is made whole here and bulk-loaded whole, and a
# hub's grows with the corpus (the outlet every article cites has a prov:wasDerivedFrom to each: 242,019
# triples, 15.5 M characters at 300k articles, whose bulk load alone peaked at 456 MB where most loads
# peaked near 240; bench/RESULTS.md)
STATEMENT_MOST = 10_000


class TurtleWriter:
    """Turns terms into Turtle tokens, remembering each IRI's prefixed name."""

    def __init__(self, prefixes: dict[str, str]):
        # the longest namespace first, so that a nested namespace wins over its parent
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._names: Remembered[str, str] = Remembered(self._prefixed, NAMES_KEPT)

    def iri(self, iri: str) -> str:
        return self._names[iri]

    def _prefixed(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and PLAIN_LOCAL.match(iri, len(ns)):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    def term(self, term: str) -> str:
        if not term.startswith('"'):
            return self.iri(term)
        if term.endswith(BARE_TYPES):
            return term[1:term.index('"', 1)]
        if term.endswith(">"):  # typed: the datatype by its prefixed name
            at = term.rindex("^^<")
            return term[:at + 2] + self.iri(term[at + 3:-1])
        return term

    def blocks(self, triples: Iterable[Triple]) -> Iterable[str]:
        """One Turtle statement per subject, its rdf:type first; a subject of more triples than
        STATEMENT_MOST gets a statement for each STATEMENT_MOST of them, in their order."""
        for s, rest in groupby(triples, key=itemgetter(0)):
            subject = self.iri(s)
            part = list(islice(rest, STATEMENT_MOST))
            while part:
                yield self._statement(subject, part)
                part = list(islice(rest, STATEMENT_MOST)) if len(part) == STATEMENT_MOST else []

    def _statement(self, subject: str, triples: list[Triple]) -> str:
        groups = [(p, [self.term(o) for _, _, o in po]) for p, po in groupby(triples, key=itemgetter(1))]
        groups.sort(key=lambda g: g[0] != RDF_TYPE)
        lines = [("a" if p == RDF_TYPE else self.iri(p)) + " " + " ,\n        ".join(objs) for p, objs in groups]
        return subject + " " + " ;\n    ".join(lines) + " .\n\n"


def write_turtle(triples: Iterable[Triple], path: Path, prefixes: dict[str, str] = PREFIXES,
                 also: Callable[[str], None] | None = None) -> None:
    """Write triples sorted by subject, predicate and object as Turtle into path.

    Every prefix is declared, used or not, so the header does not wait for the body. `also` is given
    the body as it is written, in pieces of whole statements (each one Turtle document with the
    header): the streamed build bulk-loads its store from them.
    """
    writer = TurtleWriter(prefixes)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(turtle_header(prefixes))
        pieces: list[str] = []
        size = 0
        for block in writer.blocks(triples):
            pieces.append(block)
            size += len(block)
            if size >= FLUSH_EVERY:
                _write("".join(pieces), out, also)
                pieces, size = [], 0
        _write("".join(pieces), out, also)


def turtle_header(prefixes: dict[str, str] = PREFIXES) -> str:
    """The prefix declarations write_turtle begins with, and the blank line after them."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"


def _write(text: str, out, also: Callable[[str], None] | None) -> None:
    out.write(text)
    if also and text:
        also(text)
