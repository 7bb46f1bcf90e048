"""A streamed build's graph as one named graph per article, read from its store in bounded memory.

export.split_by_article puts every triple in exactly one graph by rules that look across the whole
graph: which article an evidence comes from, which articles state a statement, which mention or
cite a node. In rdflib that means the graph held whole, about 18 bytes of memory a byte of Turtle
(8.3 GB at 30k articles). Here the same rules are asked of the build's store (OUT/store) subject by
subject, each triple goes with its graph's number to an SQLite file, and the graphs are read back one at
a time, in name order, as kg push uploads them.
"""
from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from ..graph.remembered import Remembered
from ..graph.vocab import KGO, ONTOLOGY_FILE
from .dataset import Part, nt_line
from .export import GRAPH_BASE, article_graph

DATA = ox.DefaultGraph()
TYPE, SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(str(p)) for p in (RDF.type, RDF.subject, RDF.predicate, RDF.object))
EVIDENCE_CLASS, EVIDENCE, ARTICLE_ID, MENTIONS = (
    ox.NamedNode(str(t)) for t in (KGO.Evidence, KGO.evidence, KGO.articleId, KGO.mentions))
DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
KEPT = 50_000  # articles' graph names and evidences' articles remembered: asked again for every statement
ROWS = 10_000  # triples written to the SQLite file at once


def scratch_folder(build: Path | None) -> tempfile.TemporaryDirectory:
    """A folder for a split's SQLite file, removed when done: in the build's folder, on the disk that holds
    its graph (the file is about 2.6 times graph.ttl: 1.2 GB at 30k articles), not in /tmp, which is often memory;
    in the system's temporary folder when there is no build folder or it is not writable."""
    writable = build is not None and build.is_dir() and os.access(build, os.W_OK)
    return tempfile.TemporaryDirectory(prefix=".kg-split-", dir=build if writable else None)


class StoreSplit:
    """The store's default graph split as split_by_article splits it (with the ontology's graph unless
    with_ontology is false), kept in an SQLite file at `path` until closed: each triple as an N-Triples
    line with its graph's number (1.2 GB at 30k articles, where a sort key and the graph's name beside
    the line took 4 GB)."""

    def __init__(self, store: ox.Store, path: Path, base: str = GRAPH_BASE, with_ontology: bool = True):
        self.store, self.base, self.shared = store, base, base + "shared"
        self.db = sqlite3.connect(path)
        # a scratch file, gone with the push or export: no journal, nothing synced
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                              "CREATE TABLE graphs (number INTEGER PRIMARY KEY, name TEXT UNIQUE);"
                              "CREATE TABLE triples (graph INTEGER, line TEXT)")
        self._numbers: Remembered[str, int] = Remembered(self._number, KEPT)
        # by node (an IRI or a blank node)
        self._names: Remembered[object, str | None] = Remembered(self._article_name, KEPT)
        self._sources: Remembered[object, object | None] = Remembered(self._evidence_article, KEPT)
        # a subject's triples come together (the store's index is by subject); one may have very many (the
        # outlet every article cites derives from each), so they are read as they come
        rows = (row for s, quads in itertools.groupby(store.quads_for_pattern(None, None, None, DATA),
                                                      key=lambda q: q.subject)
                for row in self._rows(s, quads))
        if with_ontology:
            rows = itertools.chain(rows, ((base + "ontology", nt_line(*t))
                                          for t in Graph().parse(ONTOLOGY_FILE, format="turtle")))
        while chunk := list(itertools.islice(rows, ROWS)):
            self.db.executemany("INSERT INTO triples VALUES (?, ?)", ((self._numbers[g], line) for g, line in chunk))
        self.db.execute("CREATE INDEX by_graph ON triples (graph)")
        self.db.commit()
        self.sizes = dict(self.db.execute("SELECT name, COUNT(*) FROM triples JOIN graphs ON graph = number "
                                          "GROUP BY name ORDER BY name"))

    def __len__(self) -> int:
        return len(self.sizes)

    def __iter__(self) -> Iterator[Part]:
        """The graphs in name order, each read when its turn comes."""
        for name in self.sizes:
            yield Part(name, sorted(line for (line,) in self.db.execute(
                "SELECT line FROM triples WHERE graph = (SELECT number FROM graphs WHERE name = ?)", (name,))))

    def close(self) -> None:
        self.db.close()

    # -- split_by_article's rules, asked of the store

    def _number(self, name: str) -> int:
        """A graph's number in the SQLite file, given at its first triple."""
        found = self.db.execute("SELECT number FROM graphs WHERE name = ?", (name,)).fetchone()
        return found[0] if found else self.db.execute("INSERT INTO graphs (name) VALUES (?)", (name,)).lastrowid

    def _rows(self, s, quads: Iterator[ox.Quad]) -> Iterator[tuple[str, str]]:
        """(graph, line) of each triple of the subject s."""
        own = self._sources[s]
        stated = node = None  # the articles behind the subject's statements, and behind the subject itself
        for q in quads:
            p, o = q.predicate, q.object
            if own is not None:  # an evidence and what it says go with its article
                sources = {own}
            elif p == EVIDENCE and not isinstance(o, ox.Literal) and self._sources[o] is not None:
                sources = {self._sources[o]}
            elif p == DERIVED and not isinstance(o, ox.Literal) and self._names[o] is not None:
                sources = {o}
            else:
                if stated is None:
                    stated = self._stated(s)
                sources = stated.get((p, o))
                if not sources:
                    if node is None:
                        node = self._behind(s, stated)
                    sources = node
            graph = self._names[next(iter(sources))] if len(sources) == 1 else self.shared
            yield graph, nt_line(s, p, o)

    def _article_name(self, node) -> str | None:
        """An article's graph name; None for a node that is no article (it has no kgo:articleId)."""
        found = self._first(node, ARTICLE_ID)
        return None if found is None else str(article_graph(found.value, self.base))

    def _evidence_article(self, node):
        """The article an evidence comes from; None for a node that is no evidence of an article."""
        if ox.Quad(node, TYPE, EVIDENCE_CLASS, DATA) not in self.store:
            return None
        articles = [q.object for q in self.store.quads_for_pattern(node, DERIVED, None, DATA)
                    if not isinstance(q.object, ox.Literal) and self._names[q.object] is not None]
        return articles[-1] if articles else None

    def _stated(self, s) -> dict[tuple, set]:
        """(predicate, object) -> the articles whose evidence states (s, predicate, object)."""
        found: dict[tuple, set] = {}
        for q in self.store.quads_for_pattern(None, SUBJECT, s, DATA):
            article = self._sources[q.subject]
            if article is not None:
                statement = (self._first(q.subject, PREDICATE), self._first(q.subject, OBJECT))
                found.setdefault(statement, set()).add(article)
        return found

    def _behind(self, s, stated: dict[tuple, set]) -> set:
        """The articles behind a node, as far as it matters whether there is one: itself if it is an
        article, those it derives from, those that mention it, and those that state a statement of
        which it is the subject or the object. Stops at two (a hub is mentioned by nearly every one)."""
        found: set = set()

        def add(articles) -> bool:
            for a in articles:
                found.add(a)
                if len(found) > 1:
                    return True
            return False

        if self._names[s] is not None:
            found.add(s)
        derived = (q.object for q in self.store.quads_for_pattern(s, DERIVED, None, DATA)
                   if not isinstance(q.object, ox.Literal) and self._names[q.object] is not None)
        mentioning = (q.subject for q in self.store.quads_for_pattern(None, MENTIONS, s, DATA)
                      if self._names[q.subject] is not None)
        objects = (self._sources[q.subject] for q in self.store.quads_for_pattern(None, OBJECT, s, DATA)
                   if self._sources[q.subject] is not None)
        for articles in (derived, mentioning, itertools.chain.from_iterable(stated.values()), objects):
            if add(articles):
                break
        return found

    def _first(self, s, p):
        return next((q.object for q in self.store.quads_for_pattern(s, p, None, DATA)), None)
