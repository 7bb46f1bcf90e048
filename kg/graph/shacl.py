"""SHACL validation of a streamed build's store, a batch of focus nodes at a time.

pySHACL validates an rdflib graph held whole: about 18 bytes of memory a byte of Turtle, 8.3 GB at
30k articles before it starts. But a shape whose every constraint reads only the focus node's own
values (a count, a datatype, a length, a bound, two of its properties compared) and the classes of
those values (sh:class) gives each node the same verdict in a graph of the node's triples the shapes
read and those values' types as in the whole graph. kg's shapes.ttl is such: so the store is
validated a batch of BATCH focus nodes at a time, each batch a small graph, with the ontology for
subclasses as before.
Shapes that reach further (paths of several steps, sh:node, sh:sparql, …) are not batched.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from .storegraph import StoreGraph

# focus nodes a batch: 0.5 ms a node from 100 to 500 (with focus_nodes_as_set), more above (0.73 at 1,000,
# 0.93 at 5,000 and 0.5 GB, 0.80 at 20,000 and 1 GB; the 30k build, 2026-12-01)
BATCH = 500
# what a shape may say and still be checked node by node: targets by class, and the constraint
# components that read the focus node's own values (and their classes); the rest describes
LOCAL = {SH[name] for name in (
    "targetClass", "property", "path", "name", "description", "message", "severity", "deactivated", "order", "group",
    "minCount", "maxCount", "datatype", "class", "nodeKind", "minLength", "maxLength", "pattern", "flags",
    "languageIn", "uniqueLang", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "lessThan",
    "lessThanOrEquals", "equals", "disjoint", "in", "hasValue")}


@contextmanager
def focus_nodes_as_set() -> Iterator[None]:
    """pySHACL keeps the focus nodes asked for (validate's focus_nodes) in a list and tests every target of
    every shape against it, so a batch cost its size squared: 1.39 ms a node in batches of 500, 2.27 in
    batches of 1,000. While this is open, the executor pySHACL makes (Validator.make_executor) holds them
    as a set: 0.46 ms a node at 500. A pySHACL without that method validates the same, only slower."""
    from pyshacl.validator import Validator

    make = getattr(Validator, "make_executor", None)
    if make is None:
        yield
        return

    def make_executor(self):
        executor = make(self)
        if getattr(executor, "focus_nodes", None):
            executor.focus_nodes = frozenset(executor.focus_nodes)
        return executor

    Validator.make_executor = make_executor
    try:
        yield
    finally:
        Validator.make_executor = make


def node_local(shapes: Graph) -> bool:
    """Whether every shape checks a focus node by its own values alone (see the module docstring)."""
    for _, p, o in shapes:
        if str(p).startswith(str(SH)) and p not in LOCAL:
            return False
        if p == SH.path and not isinstance(o, URIRef):  # a path of several steps, inverse, …
            return False
    return True


def read_by(shapes: Graph) -> frozenset[URIRef]:
    """The predicates node-local shapes can read of a focus node: its types and label (the label names it
    in a violation), each property path, and the properties sh:equals, sh:disjoint, sh:lessThan and
    sh:lessThanOrEquals compare it with."""
    compared = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
    return frozenset({RDF.type, RDFS.label} | {o for p in (SH.path, *compared) for o in shapes.objects(None, p)
                                              if isinstance(o, URIRef)})


def batches(store: ox.Store, shapes: Graph, ontology: Graph) -> Iterator[tuple[Graph, list[URIRef]]]:
    """(graph, focus nodes) for every batch of the store's focus nodes: their triples that the shapes can
    read (an evidence's sentence, a trip's topics are left out), and the types of the nodes their values
    name, which pySHACL must not take for focus nodes of their own (validate's focus_nodes). A node
    targeted by several shapes comes in each of their batches."""
    view, read = StoreGraph(store), read_by(shapes)
    classes = set()
    for target in shapes.objects(None, SH.targetClass):
        classes.update(ontology.transitive_subjects(RDFS.subClassOf, target))  # the class itself too
    nodes = (node for cls in sorted(classes) for node in view.subjects(RDF.type, cls))
    while True:
        batch = list(itertools.islice(nodes, BATCH))
        if not batch:
            return
        g, typed = Graph(), set()
        for node in batch:
            for p, o in view.predicate_objects(node, among=read):
                g.add((node, p, o))
                if isinstance(o, URIRef) and p != RDF.type and o not in typed:
                    typed.add(o)
                    for t in view.objects(o, RDF.type):
                        g.add((o, RDF.type, t))
        yield g, batch
