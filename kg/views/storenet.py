"""The netgraph projection of a graph read from an Oxigraph store on demand, for graphs too big to project whole.

netgraph.to_networkx holds every node and edge in networkx, about 1 kB an edge: 130 MB at 10k
articles, 4 GB at 300k, nine tenths of it articles' mentions. StoreNet answers the same questions
the full view asks (which nodes, their degrees, a node's edges, the subgraph to draw) from the
store when they are asked, keeping only each node's group and its two degrees. The nodes, edges,
labels and keys are those of to_networkx, by the same rules, so the page drawn is the same.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from ..graph.storegraph import StoreGraph
from ..graph.vocab import ID, KGO
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
HOLDS, POST_IN, POST_PLACE, TITLE = (ox.NamedNode(str(p)) for p in (KGO.holds, KGO.postIn, KGO.postPlace, KGO.title))
PRINCIPAL, PARTICIPANT = ox.NamedNode(str(KGO.principal)), ox.NamedNode(str(KGO.participant))
KEPT = 20_000  # labels and article ids remembered: a page asks about a few thousand nodes
EDGES = tuple((ox.NamedNode(str(p)), short_predicate(p), str(p)) for p in EDGE_PREDICATES)


class StoreNet:
    """The parts of an nx.MultiDiGraph that kg.views.draw's full view reads, answered from a store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.graph = StoreGraph(store)
        self.labels, groups = ontology()
        roots = dict(GROUPS)
        rank = lambda group, cls: (GROUP_PRIORITY.index(group), cls == roots[group])  # noqa: E731
        found: dict[str, tuple[str, str]] = {}
        for cls, group in groups.items():
            if group is None:
                continue
            kind = (group, cls)  # one tuple for all the nodes of the class, not one each
            for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(str(cls)), DATA):
                s = q.subject
                if isinstance(s, ox.NamedNode) and (s.value not in found or rank(*kind) < rank(*found[s.value])):
                    found[s.value] = kind
        self._kinds = found
        self.nodes = _Nodes(self)
        # a node's label and an article's id, asked again by many tooltips and evidence items
        self._labels: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._degree: dict[str, int] = dict.fromkeys(found, 0)
        self._content: dict[str, int] = {}
        for u, v in self._all_edges():
            self._degree[u] += 1
            self._degree[v] += 1
            if found[u][0] != "article" and found[v][0] != "article":
                self._content[u] = self._content.get(u, 0) + 1
                self._content[v] = self._content.get(v, 0) + 1

    # -- the projection's edges, by the rules of netgraph.to_networkx

    def _all_edges(self) -> Iterator[tuple[str, str]]:
        """Every edge as (source, target), once per key, in no particular order."""
        kinds = self._kinds
        for p, key, _ in EDGES:
            for q in self.store.quads_for_pattern(None, p, None, DATA):
                s, o = q.subject.value, q.object.value
                if s in kinds and o in kinds and isinstance(q.object, ox.NamedNode) \
                        and not (p == PARTICIPANT and self._is_principal(q.subject, q.object)):
                    yield s, o
        for s, (group, _) in kinds.items():  # evidence is derived from articles too: ask the events only
            if group in EVENT_GROUPS:
                for q in self.store.quads_for_pattern(ox.NamedNode(s), DERIVED, None, DATA):
                    if q.object.value in kinds and isinstance(q.object, ox.NamedNode):
                        yield s, q.object.value
        held = set()
        for q in self.store.quads_for_pattern(None, HOLDS, None, DATA):
            where = self._post_place(q.object)
            if q.subject.value in kinds and where in kinds and (q.subject.value, where) not in held:
                held.add((q.subject.value, where))
                yield q.subject.value, where

    def _is_principal(self, s, o) -> bool:
        return ox.Quad(s, PRINCIPAL, o, DATA) in self.store

    def _post_place(self, post) -> str | None:
        where = self._first(post, POST_IN) or self._first(post, POST_PLACE)
        return where.value if isinstance(where, ox.NamedNode) else None

    def _first(self, s, p):
        return next((q.object for q in self.store.quads_for_pattern(s, p, None, DATA)), None)

    def _out(self, node: str) -> dict[str, dict[str, dict]]:
        """node's out-edges: target -> key -> attributes, in to_networkx's order of insertion."""
        kinds, n = self._kinds, ox.NamedNode(node)
        out: dict[str, dict[str, dict]] = {}
        for p, key, predicate in EDGES:
            targets = sorted(q.object.value for q in self.store.quads_for_pattern(n, p, None, DATA)
                             if isinstance(q.object, ox.NamedNode) and q.object.value in kinds
                             and not (p == PARTICIPANT and self._is_principal(n, q.object)))
            for o in targets:
                out.setdefault(o, {})[key] = {"label": self.labels[URIRef(predicate)], "predicate": predicate}
        if kinds[node][0] in EVENT_GROUPS:
            for o in sorted(q.object.value for q in self.store.quads_for_pattern(n, DERIVED, None, DATA)
                            if isinstance(q.object, ox.NamedNode) and q.object.value in kinds):
                out.setdefault(o, {})["wasDerivedFrom"] = {"label": SOURCE, "predicate": str(PROV.wasDerivedFrom)}
        for post in sorted((q.object for q in self.store.quads_for_pattern(n, HOLDS, None, DATA)),
                           key=lambda x: x.value):
            where = self._post_place(post)
            if where in kinds:
                title = self._first(post, TITLE)
                out.setdefault(where, {})["holds"] = {
                    "label": (title.value if title is not None else "") or self.labels[KGO.holds],
                    "predicate": str(KGO.holds), "relation": self.labels[KGO.holds]}
        return out

    def _in(self, node: str) -> list[tuple[str, str]]:
        """node's in-edges as (source, key)."""
        kinds, n = self._kinds, ox.NamedNode(node)
        found = []
        for p, key, _ in EDGES:
            found += [(q.subject.value, key) for q in self.store.quads_for_pattern(None, p, n, DATA)
                      if q.subject.value in kinds and not (p == PARTICIPANT and self._is_principal(q.subject, n))]
        found += [(q.subject.value, "wasDerivedFrom") for q in self.store.quads_for_pattern(None, DERIVED, n, DATA)
                  if kinds.get(q.subject.value, ("",))[0] in EVENT_GROUPS]
        people = set()
        for p in (POST_IN, POST_PLACE):
            for q in self.store.quads_for_pattern(None, p, n, DATA):
                if self._post_place(q.subject) == node:
                    people.update(h.subject.value for h in self.store.quads_for_pattern(None, HOLDS, q.subject, DATA)
                                  if h.subject.value in kinds)
        return found + [(person, "holds") for person in sorted(people)]

    def articles(self, ids: set[str]) -> set[str]:
        """The article nodes that may have one of these ids (an articleId, else the IRI's short id);
        the caller checks: an article with two articleIds is known by the first."""
        found = set()
        for art in ids:
            found.update(q.subject.value for q in self.store.quads_for_pattern(None, ARTICLE_ID, ox.Literal(art), DATA))
            found.update(n for n in (str(ID) + art, art) if n in self._kinds)
        return {n for n in found if self._kinds.get(n, ("",))[0] == "article"}

    # -- the networkx API the full view uses

    def is_directed(self) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __contains__(self, node) -> bool:
        return node in self._kinds

    def number_of_nodes(self) -> int:
        return len(self._kinds)

    def degree(self, node: str) -> int:
        return self._degree[node]

    def content_degree(self, node: str) -> int:
        """Edges between node and other nodes that are not articles."""
        return self._content.get(node, 0)

    def out_degree(self, node: str) -> int:
        return sum(len(keys) for keys in self._out(node).values())

    def in_degree(self, node: str) -> int:
        return len(self._in(node))

    def out_edges(self, node: str, keys: bool = False) -> list[tuple]:
        return [(node, v, k) if keys else (node, v) for v, ks in self._out(node).items() for k in ks]

    def in_edges(self, node: str, keys: bool = False) -> list[tuple]:
        return [(u, node, k) if keys else (u, node) for u, k in self._in(node)]

    def successors(self, node: str) -> Iterator[str]:
        return iter(self._out(node))

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(dict.fromkeys(u for u, _ in self._in(node)))

    def subgraph(self, nodes) -> nx.MultiDiGraph:
        """The nodes and the edges between them in to_networkx's order: nodes by IRI; the pairs of
        each predicate sorted, one predicate after the other; a person's posts by their IRIs."""
        chosen = sorted(set(nodes))
        wanted = set(chosen)
        part = nx.MultiDiGraph()
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
        if node not in self.net._kinds:
            raise KeyError(node)
        return _NodeData(self.net, node)

    def __iter__(self):
        return iter(self.net._kinds)

    def __len__(self) -> int:
        return len(self.net._kinds)

    def __call__(self, data: bool = False):
        return ((n, _NodeData(self.net, n)) for n in self.net._kinds) if data else iter(self.net._kinds)


class _NodeData(Mapping):
    """One node's attributes, keyed as to_networkx keys them; the group is known, the rest is read
    from the store when asked."""

    KEYS = ("type", "kind", "tooltip", "date", "end", "label")
    ARTICLE_KEYS = ("type", "kind", "tooltip", "label", "article_id", "date", "end")

    def __init__(self, net: StoreNet, node: str):
        self.net, self.node = net, node

    def __getitem__(self, key: str):
        group, cls = self.net._kinds[self.node]
        graph, node = self.net.graph, URIRef(self.node)
        if key == "type":
            return group
        if key == "kind":
            return self.net.labels.get(cls, group)
        if key == "tooltip":
            return ""
        if group == "article":
            if key == "article_id":
                return self._cached(self.net._ids, self._article_id)
            if key == "label":
                return self._cached(self.net._labels,
                                    lambda: _headline_label(_article(graph, node)[2]) or self["article_id"])
            if key == "date":
                return _article(graph, node)[1]
            if key == "end":
                return ""
        elif key == "label":
            return self._cached(self.net._labels, lambda: _label(graph, node))
        elif key == "date":
            return _str(graph.value(node, KGO.date))
        elif key == "end":
            return _str(graph.value(node, KGO.endDate))
        raise KeyError(key)

    def _article_id(self) -> str:
        """The articleId read straight from the store: tooltips ask for every article that mentions a hub."""
        found = self.net._first(ox.NamedNode(self.node), ARTICLE_ID)
        return (found.value if found is not None else "") or short_id(self.node)

    def _cached(self, kept: dict[str, str], make) -> str:
        found = kept.get(self.node)
        if found is None:
            if len(kept) >= KEPT:
                kept.clear()
            found = kept[self.node] = make()
        return found

    def __iter__(self):
        return iter(self.ARTICLE_KEYS if self.net._kinds[self.node][0] == "article" else self.KEYS)

    def __len__(self) -> int:
        return len(self.ARTICLE_KEYS if self.net._kinds[self.node][0] == "article" else self.KEYS)
