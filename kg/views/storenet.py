"""The netgraph projection of a graph read from an Oxigraph store on demand, for graphs too big to project whole.

netgraph.to_networkx holds every node and edge in networkx, about 1 kB an edge: 130 MB at 10k
articles, 4 GB at 300k, nine tenths of it articles' mentions. StoreNet answers the same questions
the full view asks (which nodes, their degrees, a node's edges, the subgraph to draw) from the
store when they are asked, keeping only each node's group and its two degrees. The nodes, edges,
labels and keys are those of to_networkx, by the same rules, so the page drawn is the same.
The node table is not a dict of IRIs (180 bytes a node, 70 MB at 300k articles) but sorted
16-byte digests with a kind and two degrees each (25 bytes a node, see _Table); the nodes'
IRIs are read again from the store's type statements when all of them are walked.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from hashlib import blake2b

import networkx as nx
import numpy as np
import pyoxigraph as ox
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import PROV

from ..graph.remembered import Remembered
from ..graph.storegraph import StoreGraph
from ..graph.vocab import KGO
from .netgraph import (
    EDGE_PREDICATES,
    EVENT_GROUPS,
    GROUP_PRIORITY,
    GROUPS,
    SOURCE,
    _article,
    _headline_label,
    _label,
    _str,
    ontology,
    short_id,
    short_predicate,
)

DATA = ox.DefaultGraph()
TYPE = ox.NamedNode(str(RDF.type))
DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
ARTICLE_ID = ox.NamedNode(str(KGO.articleId))
LABEL, HEADLINE = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(KGO.headline))
HOLDS, POST_IN, POST_PLACE, TITLE = (ox.NamedNode(str(p)) for p in (KGO.holds, KGO.postIn, KGO.postPlace, KGO.title))
PRINCIPAL, PARTICIPANT = ox.NamedNode(str(KGO.principal)), ox.NamedNode(str(KGO.participant))
# Edges counted as they are read, not grouped by the engine. A participant who is also the principal is
# drawn once (_drawn), which counts by predicate cannot tell. An article's mentions: a GROUP BY holds every
# group at once, and their subjects are the articles, so it grew with the corpus (about 0.3 kB an article);
# at 300k articles the pages' stage peaked at 421 MB against 461 grouped, in 286 s against 233, the same
# pages (bench/RESULTS.md, twenty-second session)
STREAMED = {PARTICIPANT, ox.NamedNode(str(KGO.mentions))}
KEPT = 20_000  # labels, article ids and rows remembered: a page asks about a few thousand nodes
CHUNK = 10_000  # IRIs looked up in the node table at once (50,000 pairs held 28 MB)
FEW = 16  # IRIs looked up one by one: numpy's call costs more than their digests
EDGES = tuple((ox.NamedNode(str(p)), short_predicate(p), str(p)) for p in EDGE_PREDICATES)


class StoreNet:
    """The parts of an nx.MultiDiGraph that kg.views.draw's full view reads, answered from a store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.graph = StoreGraph(store)
        self.labels, groups = ontology()
        roots = dict(GROUPS)
        rank = lambda group, cls: (GROUP_PRIORITY.index(group), cls == roots[group])  # noqa: E731
        # a node of several classes is of the best ranked one, the first met of equals: kinds in that order
        kinds = sorted(((group, cls) for cls, group in groups.items() if group is not None), key=lambda k: rank(*k))
        self._groups = [group for group, _ in kinds]
        self._table = _Table(store, [ox.NamedNode(str(cls)) for _, cls in kinds])
        self.nodes = _Nodes(self)
        # nodes' labels and articles' ids, asked again by many tooltips and evidence items; the labels
        # of articles and of other nodes apart, as the node data that asks knows its group
        self._headlines: Remembered[str, str] = Remembered(self._headline, KEPT)
        self._names: Remembered[str, str] = Remembered(lambda node: _label(self.graph, URIRef(node)), KEPT)
        self._ids: Remembered[str, str] = Remembered(self._article_id, KEPT)
        article = np.array([group == "article" for group in self._groups])
        table = self._table
        counted = {p for p, _, _ in EDGES if p not in STREAMED and self._count_grouped(p, article)}
        for sources, targets in _pairs_in_chunks(self._all_edges(counted)):
            u, v = table.rows(sources), table.rows(targets)
            both = (u >= 0) & (v >= 0)
            u, v = u[both], v[both]
            table.count(table.degree, u, v)
            content = ~article[table.kind[u]] & ~article[table.kind[v]]
            table.count(table.content, u[content], v[content])

    # -- the projection's edges, by the rules of netgraph.to_networkx

    def _count_grouped(self, p: ox.NamedNode, article: np.ndarray) -> bool:
        """Count the edges of predicate p at both ends from the store's counts of its statements by
        subject and by object, if each of those is a node and either every edge has an article at one
        end or none has (so that the content degrees follow too); False, with nothing counted, when not.
        The store counts without reading an IRI a statement, but holds every group while it counts: for
        the events' statements (a group an event, at most a fifth as many as articles at 300k), not the
        articles' mentions."""
        ends = []
        for end in ("s", "o"):
            rows, counts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.uint32)]
            groups = self.store.query(f"SELECT ?{end} (COUNT(*) AS ?n) WHERE {{ ?s <{p.value}> ?o }} GROUP BY ?{end}")
            for chunk in _chunks(tuple(solution) for solution in groups):  # at most 63,025 at 300k (partOf's events)
                if not all(isinstance(x, ox.NamedNode) for x, _ in chunk):  # a blank node or a literal
                    return False
                rows.append(self._table.rows([x.value for x, _ in chunk]))
                if (rows[-1] < 0).any():  # no node
                    return False
                counts.append(np.array([int(n.value) for _, n in chunk], dtype=np.uint32))
            ends.append((np.concatenate(rows), np.concatenate(counts)))
        (u, _), (v, _) = ends
        u_article, v_article = article[self._table.kind[u]], article[self._table.kind[v]]
        every, none = u_article.all() or v_article.all(), not (u_article.any() or v_article.any())
        if not (every or none):
            return False
        for rows, counts in ends:
            np.add.at(self._table.degree, rows, counts)
            if none:
                np.add.at(self._table.content, rows, counts)
        return True

    def _all_edges(self, counted: set[ox.NamedNode]) -> Iterator[tuple[str, str]]:
        """Every edge as (source, target), once per key, in no particular order, among pairs that
        are not edges: the caller keeps those whose two ends are nodes. Not those of the predicates
        already `counted`."""
        for p, key, _ in EDGES:
            if p in counted:
                continue
            for q in self.store.quads_for_pattern(None, p, None, DATA):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode) \
                        and self._drawn(q.subject, p, q.object):
                    yield q.subject.value, q.object.value
        events = {i for i, group in enumerate(self._groups) if group in EVENT_GROUPS}
        for s, _ in self._iter(events):  # evidence is derived from articles too: ask the events only
            for q in self.store.quads_for_pattern(ox.NamedNode(s), DERIVED, None, DATA):
                if isinstance(q.object, ox.NamedNode):
                    yield s, q.object.value
        held = set()
        for q in self.store.quads_for_pattern(None, HOLDS, None, DATA):
            where = self._post_place(q.object)
            if isinstance(q.subject, ox.NamedNode) and where is not None and (q.subject.value, where) not in held:
                held.add((q.subject.value, where))
                yield q.subject.value, where

    def _iter(self, kinds: set[int] | None = None) -> Iterator[tuple[str, int]]:
        """(node, kind) for every node (of these kinds), from the store's type statements: each node
        once, under the class that gave it its kind."""
        for kind, cls in enumerate(self._table.classes):
            if kinds is None or kind in kinds:
                subjects = (q.subject.value for q in self.store.quads_for_pattern(None, TYPE, cls, DATA)
                            if isinstance(q.subject, ox.NamedNode))
                for chunk in _chunks(subjects):
                    rows = self._table.rows(chunk)
                    yield from ((node, kind) for node in itertools.compress(chunk, self._table.kind[rows] == kind))

    def labelled(self, matches: Callable[[str], bool]) -> Iterator[tuple[str, Mapping]]:
        """(node, data) for every node whose label `matches` may accept, and some others: the label
        is one of the node's rdfs:label values, its headline shortened, its articleId or its short id,
        each read here by predicate, a scan of the store each. Reading every node's label instead
        took 4.8 s at 30k articles (40,000 nodes), for a name the reader typed."""
        found = set()
        for p, as_label in ((LABEL, str), (HEADLINE, _headline_label), (ARTICLE_ID, str)):
            found.update(q.subject.value for q in self.store.quads_for_pattern(None, p, None, DATA)
                         if isinstance(q.subject, ox.NamedNode) and matches(as_label(q.object.value)))
        found.update(node for node, _ in self._iter() if matches(short_id(node)))
        return ((node, self.nodes[node]) for node in self._nodes_among(sorted(found)))

    def _kind(self, node: str) -> int | None:
        """The node's kind, an index into _groups and _table.classes; None if it is no node."""
        row = self._table.row(node)
        return None if row < 0 else int(self._table.kind[row])

    def _group(self, node: str, default: str | None = None) -> str | None:
        """The node's group ('article', 'visit', …), or default if it is no node."""
        kind = self._kind(node)
        return default if kind is None else self._groups[kind]

    def _nodes_among(self, iris: list[str]) -> list[str]:
        """Those of iris that are nodes, in their order."""
        return list(itertools.compress(iris, self._table.among(iris)))

    def _drawn(self, s, p, o) -> bool:
        """Whether to_networkx draws (s, p, o): a participant who is s's principal is drawn once, as principal."""
        return p != PARTICIPANT or ox.Quad(s, PRINCIPAL, o, DATA) not in self.store

    def _post_place(self, post) -> str | None:
        where = self._first(post, POST_IN) or self._first(post, POST_PLACE)
        return where.value if isinstance(where, ox.NamedNode) else None

    def _first(self, s, p):
        return next((q.object for q in self.store.quads_for_pattern(s, p, None, DATA)), None)

    def _headline(self, article: str) -> str:
        """An article's label: its headline, shortened, or its id."""
        return _headline_label(_article(self.graph, URIRef(article))[2]) or self._ids[article]

    def _article_id(self, node: str) -> str:
        """The articleId read straight from the store: tooltips ask for every article that mentions a hub."""
        found = self._first(ox.NamedNode(node), ARTICLE_ID)
        return (found.value if found is not None else "") or short_id(node)

    def _out(self, node: str) -> dict[str, dict[str, dict]]:
        """node's out-edges: target -> key -> attributes, in to_networkx's order of insertion."""
        n = ox.NamedNode(node)
        group = self._group(node)
        if group is None:
            raise KeyError(node)
        out: dict[str, dict[str, dict]] = {}
        for p, key, predicate in EDGES:
            for o in sorted(self._objects(n, p)):
                out.setdefault(o, {})[key] = {"label": self.labels[URIRef(predicate)], "predicate": predicate}
        if group in EVENT_GROUPS:
            for o in sorted(self._objects(n, DERIVED)):
                out.setdefault(o, {})["wasDerivedFrom"] = {"label": SOURCE, "predicate": str(PROV.wasDerivedFrom)}
        for post in sorted((q.object for q in self.store.quads_for_pattern(n, HOLDS, None, DATA)),
                           key=lambda x: x.value):
            where = self._post_place(post)
            if where is not None and self._group(where) is not None:
                title = self._first(post, TITLE)
                out.setdefault(where, {})["holds"] = {
                    "label": (title.value if title is not None else "") or self.labels[KGO.holds],
                    "predicate": str(KGO.holds), "relation": self.labels[KGO.holds]}
        return out

    def _in(self, node: str) -> Iterator[tuple[str, str]]:
        """node's in-edges as (source, key), read CHUNK at a time: a place or an outlet has one from
        nearly every article (80,676 at 100k), which the tooltips count."""
        n = ox.NamedNode(node)
        for p, key, _ in EDGES:
            drawn = (q.subject.value for q in self.store.quads_for_pattern(None, p, n, DATA)
                     if self._drawn(q.subject, p, n))
            for chunk in _chunks(drawn):
                yield from ((s, key) for s in self._nodes_among(chunk))
        for s in (q.subject.value for q in self.store.quads_for_pattern(None, DERIVED, n, DATA)):
            if self._group(s, "") in EVENT_GROUPS:
                yield s, "wasDerivedFrom"
        people = set()
        for p in (POST_IN, POST_PLACE):
            for q in self.store.quads_for_pattern(None, p, n, DATA):
                if self._post_place(q.subject) == node:
                    people.update(self._nodes_among([h.subject.value for h in self.store.quads_for_pattern(
                        None, HOLDS, q.subject, DATA)]))
        yield from ((person, "holds") for person in sorted(people))

    def _objects(self, n: ox.NamedNode, p: ox.NamedNode) -> list[str]:
        """The objects of (n, p) that are nodes and that to_networkx draws, as IRIs."""
        return self._nodes_among([q.object.value for q in self.store.quads_for_pattern(n, p, None, DATA)
                                  if isinstance(q.object, ox.NamedNode) and self._drawn(n, p, q.object)])

    # -- the networkx API the full view uses

    def is_directed(self) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return (node for node, _ in self._iter())

    def __contains__(self, node) -> bool:
        return isinstance(node, str) and self._table.row(node) >= 0

    def number_of_nodes(self) -> int:
        return len(self._table)

    def degree(self, node: str) -> int:
        return int(self._table.degree[self._row(node)])

    def content_degree(self, node: str) -> int:
        """Edges between node and other nodes that are not articles."""
        return int(self._table.content[self._row(node)])

    def _row(self, node: str) -> int:
        row = self._table.row(node)
        if row < 0:
            raise KeyError(node)
        return row

    def out_degree(self, node: str) -> int:
        return sum(len(keys) for keys in self._out(node).values())

    def in_degree(self, node: str) -> int:
        return sum(1 for _ in self._in(node))

    def number_of_edges(self) -> int:
        return int(self._table.degree.sum()) // 2  # each edge counted at both ends

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> list[tuple]:
        return [(node, v, *((k,) if keys else ()), *((d,) if data else ()))
                for v, ks in self._out(node).items() for k, d in ks.items()]

    def in_edges(self, node: str, keys: bool = False) -> Iterator[tuple]:
        return ((u, node, k) if keys else (u, node) for u, k in self._in(node))

    def successors(self, node: str) -> Iterator[str]:
        return iter(self._out(node))

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(dict.fromkeys(u for u, _ in self._in(node)))

    def subgraph(self, nodes, light: bool = False) -> nx.MultiDiGraph:
        """The nodes and the edges between them in to_networkx's order: nodes by IRI; the pairs of
        each predicate sorted, one predicate after the other; a person's posts by their IRIs.
        `light`: each node with its type alone, which needs no look-up in the store."""
        chosen = sorted(set(nodes))
        wanted = set(chosen)
        part = nx.MultiDiGraph()
        if light:
            part.add_nodes_from((n, {"type": self._group(n)}) for n in chosen)
        else:
            part.add_nodes_from((n, dict(self.nodes[n])) for n in chosen)
        by_key: dict[str, list[tuple[str, str, dict]]] = {k: [] for _, k, _ in EDGES}
        by_key.update(wasDerivedFrom=[], holds=[])
        for u in chosen:
            for v, keys in self._out(u).items():  # holds targets come in the order of the posts
                if v in wanted:
                    for k, d in keys.items():
                        by_key[k].append((u, v, d))
        for k, edges in by_key.items():
            for u, v, d in edges if k == "holds" else sorted(edges, key=lambda e: (e[0], e[1])):
                part.add_edge(u, v, key=k, **d)
        return part


class _Nodes(Mapping):
    """node -> its attributes, computed when asked; called with data=True, (node, attributes) pairs."""

    def __init__(self, net: StoreNet):
        self.net = net

    def __getitem__(self, node: str) -> Mapping:
        kind = self.net._kind(node)
        if kind is None:
            raise KeyError(node)
        return _NodeData(self.net, node, kind)

    def __iter__(self):
        return iter(self.net)

    def __len__(self) -> int:
        return len(self.net._table)

    def __call__(self, data: bool = False):
        return ((n, _NodeData(self.net, n, kind)) for n, kind in self.net._iter()) if data else iter(self.net)


class _NodeData(Mapping):
    """One node's attributes, keyed as to_networkx keys them; the group is known, the rest is read
    from the store when asked."""

    KEYS = ("type", "kind", "tooltip", "date", "end", "label")
    ARTICLE_KEYS = ("type", "kind", "tooltip", "label", "article_id", "date", "end")

    def __init__(self, net: StoreNet, node: str, kind: int):
        self.net, self.node, self.kind, self.group = net, node, kind, net._groups[kind]

    def __getitem__(self, key: str):
        group, graph, node = self.group, self.net.graph, URIRef(self.node)
        if key == "type":
            return group
        if key == "kind":
            return self.net.labels.get(URIRef(self.net._table.classes[self.kind].value), group)
        if key == "tooltip":
            return ""
        if key == "label":
            return (self.net._headlines if group == "article" else self.net._names)[self.node]
        if group == "article":
            if key == "article_id":
                return self.net._ids[self.node]
            if key == "date":
                return _article(graph, node)[1]
            if key == "end":
                return ""
        elif key == "date":
            return _str(graph.value(node, KGO.date))
        elif key == "end":
            return _str(graph.value(node, KGO.endDate))
        raise KeyError(key)

    def __iter__(self):
        return iter(self.ARTICLE_KEYS if self.group == "article" else self.KEYS)

    def __len__(self) -> int:
        return len(self.ARTICLE_KEYS if self.group == "article" else self.KEYS)


class _Table:
    """The projection's nodes: the 16-byte BLAKE2b digests of their IRIs, sorted, with each node's
    kind (an index into `classes`) and two degrees, 25 bytes a node where a dict of IRIs to them
    took 180. Two IRIs share a digest with odds of one in 2^64 at a billion nodes."""

    def __init__(self, store: ox.Store, classes: list[ox.NamedNode]):
        self.classes = classes
        digests, kinds = bytearray(), bytearray()
        for kind, cls in enumerate(classes):
            for q in store.quads_for_pattern(None, TYPE, cls, DATA):
                if isinstance(q.subject, ox.NamedNode):
                    digests += _digest(q.subject.value)
                    kinds.append(kind)
        keys = np.frombuffer(bytes(digests), dtype="S16")
        order = np.argsort(keys, kind="stable")  # a node's first kind met, the best, comes first
        keys, kind = keys[order], np.frombuffer(bytes(kinds), dtype=np.uint8)[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        self.keys, self.kind = keys[first], kind[first]
        self.degree = np.zeros(len(self.keys), dtype=np.uint32)
        self.content = np.zeros(len(self.keys), dtype=np.uint32)
        # asked again and again for the nodes drawn and their neighbours
        self._rows: Remembered[str, int] = Remembered(self._row, KEPT)

    def __len__(self) -> int:
        return len(self.keys)

    def rows(self, iris: list[str]) -> np.ndarray:
        """Each IRI's row, or -1 for an IRI that is no node."""
        wanted = np.frombuffer(b"".join(map(_digest, iris)), dtype="S16")
        if not len(self.keys):
            return np.full(len(wanted), -1)
        rows = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[rows] == wanted, rows, -1)

    def row(self, iri: str) -> int:
        """One IRI's row, or -1; remembered, up to KEPT."""
        return self._rows[iri]

    def _row(self, iri: str) -> int:
        key = _digest(iri)
        at = int(self.keys.searchsorted(key))
        # one item of an "S16" array comes without its trailing NUL bytes (equal keys stay equal)
        return at if at < len(self.keys) and self.keys[at] == key.rstrip(b"\0") else -1

    def among(self, iris: list[str]) -> list[bool]:
        """Whether each IRI is a node: a few one by one (most are asked again), many at once."""
        if len(iris) < FEW:
            return [self.row(iri) >= 0 for iri in iris]
        return list(self.rows(iris) >= 0)

    @staticmethod
    def count(degrees: np.ndarray, sources: np.ndarray, targets: np.ndarray) -> None:
        """One more edge at each end of each (source, target)."""
        np.add.at(degrees, sources, 1)
        np.add.at(degrees, targets, 1)


def _digest(iri: str) -> bytes:
    return blake2b(iri.encode(), digest_size=16).digest()


def _chunks(items: Iterable) -> Iterator[list]:
    """items in lists of at most CHUNK."""
    it = iter(items)
    while chunk := list(itertools.islice(it, CHUNK)):
        yield chunk


def _pairs_in_chunks(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[list[str], list[str]]]:
    """(sources, targets) of at most CHUNK pairs at a time."""
    for chunk in _chunks(pairs):
        yield [u for u, _ in chunk], [v for _, v in chunk]
