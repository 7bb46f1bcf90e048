"""The triple lookups the views make (subjects, objects, value), answered straight by a pyoxigraph store.

Through oxrdflib every triple found also builds an rdflib Graph for its context, which was 40 %
of the view's time at 10k articles; here each term is converted once and remembered, up to
TERMS_KEPT of each kind, so the memory does not grow with the graph.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .remembered import Remembered

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# IRIs remembered each way: a page asks about its nodes and their neighbours again and again, but
# 200k kept (every article's IRI of a 30k-article build) held 18 MB; with 20k the stage takes as
# long (bench/RESULTS.md, tenth session).
TERMS_KEPT = 20_000


class StoreGraph:
    """A read-only view of a store's default graph with the rdflib Graph methods kg.views.netgraph uses."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._to_ox: Remembered[Node, ox.NamedNode] = Remembered(_named_node, TERMS_KEPT)
        self._iris: Remembered[ox.NamedNode | ox.BlankNode, Node] = Remembered(_iri_or_blank, TERMS_KEPT)

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[Node, Node]]:
        for q in self._quads(None, predicate, None):
            yield self._term(q.subject), self._term(q.object)

    def subjects(self, predicate: URIRef, obj: Node) -> Iterator[Node]:
        for q in self._quads(None, predicate, obj):
            yield self._term(q.subject)

    def objects(self, subject: Node, predicate: URIRef) -> Iterator[Node]:
        for q in self._quads(subject, predicate, None):
            yield self._term(q.object)

    def predicate_objects(self, subject: Node, among: frozenset[URIRef] | None = None) -> Iterator[tuple[Node, Node]]:
        """(predicate, object) of the subject; with `among`, of those predicates alone (the others are not
        made into rdflib terms, which costs more than reading them)."""
        wanted = None if among is None else _named_nodes(among)
        for q in self._quads(subject, None, None):
            if wanted is None or q.predicate in wanted:
                yield self._term(q.predicate), self._term(q.object)

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        return next(self.objects(subject, predicate), None)

    def _quads(self, s, p, o) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(self._ox(s), self._ox(p), self._ox(o), ox.DefaultGraph())

    def _ox(self, node: Node | None):
        if node is None:
            return None
        if isinstance(node, Literal):  # an article's id, looked up once: not remembered
            return ox.Literal(str(node), language=node.language,
                              datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
        return self._to_ox[node]

    def _term(self, term) -> Node:
        if isinstance(term, ox.Literal):  # seldom the same twice: not remembered
            datatype = term.datatype.value
            return Literal(term.value, lang=term.language,
                           datatype=None if term.language or datatype == XSD_STRING else URIRef(datatype))
        return self._iris[term]


def _named_node(node: Node) -> ox.NamedNode:
    if not isinstance(node, URIRef):
        raise TypeError(f"StoreGraph looks up IRIs and literals only, not {node!r}")
    return ox.NamedNode(str(node))


@lru_cache(maxsize=8)
def _named_nodes(predicates: frozenset[URIRef]) -> frozenset[ox.NamedNode]:
    """A set of predicates as Oxigraph's terms, made once: predicate_objects is asked for each subject."""
    return frozenset(_named_node(p) for p in predicates)


def _iri_or_blank(term: ox.NamedNode | ox.BlankNode) -> Node:
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else BNode(term.value)
