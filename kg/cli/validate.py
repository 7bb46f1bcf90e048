"""kg validate: check a built graph against SHACL shapes (shapes.ttl by default) with pySHACL,
and say each violation in plain words: the resource, what it is, the property, the rule broken."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .common import built_store, formatter, load_graph
from .main import UserError

EPILOG = """The shapes say what every build must satisfy: a visit has one date, one principal person, a
place and a source article; evidence has a quote, offsets with start < end, a rule and an article.
The ontology is loaded beside the data, so a kgo:Region counts as a kgo:Place. A streamed build
(kg build --stream) is read from its store a batch of focus nodes at a time, when every shape checks
a node by its own values (kg's do); otherwise the graph is read whole. Exit status 0 when the graph
conforms, 1 when it does not, 2 when the graph or the shapes cannot be read.

examples:
  kg validate build
  kg validate build/graph.ttl --shapes my-shapes.ttl --report report.ttl"""
SHOWN = 50
SHAPES_FILE = Path(__file__).resolve().parent.parent / "graph" / "shapes.ttl"  # a link to the top-level file


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a built graph against SHACL shapes", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("--shapes", type=Path, metavar="FILE", help="SHACL shapes in Turtle (default: kg's shapes.ttl)")
    p.add_argument("--report", type=Path, metavar="FILE", help="also write the SHACL validation report (Turtle)")
    p.add_argument("--max", type=int, default=SHOWN, metavar="N", help=f"list at most N violations (default: {SHOWN})")
    p.set_defaults(func=run)


def run(args) -> int:
    from rdflib import Graph

    from ..graph.rdf import load_ontology
    from ..graph.shacl import node_local

    if args.max < 0:
        raise UserError(f"--max must be 0 or more, not {args.max}")
    shapes_file = args.shapes or SHAPES_FILE
    try:
        shapes = Graph().parse(shapes_file, format="turtle")
    except (OSError, ValueError, SyntaxError) as e:
        raise UserError(f"cannot read the shapes {shapes_file}: {e}") from None
    ontology = load_ontology()
    store = built_store(args.graph)
    if store is not None and node_local(shapes):
        found, report, triples = _in_batches(store, shapes, ontology, show=sys.stderr.isatty())
    else:
        data = load_graph(args.graph, instead="Build it with kg build --stream: its store is validated in batches "
                          "(kg's shapes), or validate a part: kg build SOME/ARTICLES --out part, then kg validate part.")
        triples = len(data)
        found, report = violations(data, shapes, ontology)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        report.serialize(args.report, format="turtle")
    if not found:
        print(f"{args.graph}: conforms to {shapes_file.name} ({triples} triples)")
        return 0
    print(f"{args.graph}: {len(found)} violation{'s' if len(found) != 1 else ''} of {shapes_file.name}")
    for v in found[:args.max]:
        print(f"  {v}")
    if len(found) > args.max:
        print(f"  … and {len(found) - args.max} more (--max, or --report FILE for all)")
    return 1


def _in_batches(store, shapes, ontology, show: bool) -> tuple[list[Violation], object, int]:
    """violations of a streamed build's store, a batch of focus nodes at a time (kg.graph.shacl), one report
    of them all, and the store's data triples."""
    import pyoxigraph as ox
    from rdflib import RDF, BNode, Graph, Literal
    from rdflib.namespace import SH

    from ..graph.shacl import batches, focus_nodes_as_set
    from ..sparql.export import ONTOLOGY_GRAPH

    found, merged, done = set(), Graph(), 0
    whole = BNode()
    with focus_nodes_as_set():
        for data, nodes in batches(store, shapes, ontology):
            some, report = violations(data, shapes, ontology, nodes)
            found.update(some)
            for node in report.subjects(RDF.type, SH.ValidationReport):
                merged += ((whole, SH.result, result) for result in report.objects(node, SH.result))
                report.remove((node, None, None))
            merged += report
            done += len(nodes)
            if show:
                print(f"\rkg validate: {done} nodes checked", end="", file=sys.stderr, flush=True)
    if show and done:
        print(file=sys.stderr)
    merged.add((whole, RDF.type, SH.ValidationReport))
    merged.add((whole, SH.conforms, Literal(not found)))
    ontology_quads = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))))
    return sorted(found), merged, len(store) - ontology_quads


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the resource, what it is, the property, the shape's message, the value."""
    focus: str
    label: str
    kinds: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        what = ", ".join(x for x in (self.label and f"«{self.label}»", self.kinds) if x)
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus}{f' ({what})' if what else ''}: {self.path}: {self.message}{value}"


def violations(data, shapes, ontology, focus: list | None = None) -> tuple[list[Violation], object]:
    """The graph's violations of the shapes (of the `focus` nodes alone, if given), sorted, and pySHACL's
    report graph. The ontology is added to `data` itself (pySHACL's inplace), not to a copy: a copy cost a
    batch of 500 five times its validation (0.4 s against 0.075) and a whole graph twice its memory."""
    from pyshacl import validate
    from rdflib import RDF
    from rdflib.namespace import SH

    _, report, _ = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                            focus_nodes=focus, inplace=True)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        found.append(Violation(
            _short(focus), _label(data, focus), ", ".join(sorted(_short(t) for t in data.objects(focus, RDF.type))),
            _short(path) if path is not None else "",
            str(report.value(result, SH.resultMessage) or _short(report.value(result, SH.sourceConstraintComponent))),
            _short(value) if value is not None else ""))
    return sorted(set(found)), report


def _label(data, node) -> str:
    from rdflib import RDFS, Literal

    label = next((str(o) for o in data.objects(node, RDFS.label) if isinstance(o, Literal)), "")
    return label if len(label) <= 80 else label[:79] + "…"


def _short(term) -> str:
    """kgo:date, kg:event/…, or the term as N-Triples when no prefix fits."""
    from rdflib import Literal, URIRef

    from ..graph.vocab import PREFIXES

    if isinstance(term, Literal):
        return f'"{term}"'
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):  # kgo: before kg:
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return URIRef(text).n3()
