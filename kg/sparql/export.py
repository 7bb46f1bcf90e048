"""A built graph as a dataset with one named graph per article, and the files kg export writes.

Every triple is in exactly one graph: an article's graph holds what that article alone supports
(its evidence, its own record, facts only it states, entities only it mentions); the shared graph
holds what several articles support. Quad stores (Oxigraph, Virtuoso, GraphDB) answer over the
union of graphs as a bag, so a triple in two graphs would be counted twice; this way the union is
exactly the built graph, and replacing every graph on a rebuild never duplicates. Who said a
shared fact stays readable from its evidence resources, which always sit in their article's graph.
"""
from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from ..graph.vocab import BASE, KGO, ONTOLOGY_FILE, PREFIXES, id_segment
from .dataset import graph_parts, write_dataset

GRAPH_BASE = BASE + "graph/"
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
DATASET_FORMATS = ("trig", "nquads", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf")


def article_graph(article_id: str, base: str = GRAPH_BASE) -> URIRef:
    """The name of the graph that holds what one article says; the id percent-encoded as in its IRI."""
    return URIRef(f"{base}article/{id_segment(article_id)}")


def split_by_article(graph: Graph, base: str = GRAPH_BASE, with_ontology: bool = False) -> Dataset:
    """The built graph as one named graph per article and a shared one (see the module docstring)."""
    names = {a: article_graph(str(i), base) for a, i in graph.subject_objects(KGO.articleId)}
    evidence_article = {ev: a for ev, a in graph.subject_objects(PROV.wasDerivedFrom)
                        if a in names and (ev, RDF.type, KGO.Evidence) in graph}
    support = defaultdict(set)
    for ev, a in evidence_article.items():
        statement = tuple(graph.value(ev, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        support[statement].add(a)
    node_articles = _node_articles(graph, names, support)
    shared = URIRef(base + "shared")
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    graphs = {}
    quads = []
    for s, p, o in graph:
        if s in evidence_article:
            sources = (evidence_article[s],)
        elif p == KGO.evidence and o in evidence_article:
            sources = (evidence_article[o],)
        elif p == PROV.wasDerivedFrom and o in names:
            sources = (o,)
        else:
            sources = support.get((s, p, o)) or node_articles.get(s, ())
        target = names[next(iter(sources))] if len(sources) == 1 else shared
        if target not in graphs:
            graphs[target] = ds.graph(target)
        quads.append((s, p, o, graphs[target]))
    ds.addN(quads)
    if with_ontology:
        ds.graph(URIRef(base + "ontology")).parse(ONTOLOGY_FILE, format="turtle")
    return ds


def _node_articles(graph: Graph, names: dict, support: dict) -> dict:
    """Articles behind each resource: its own, those it derives from, mentions it, or states it."""
    found = defaultdict(set)
    for a in names:
        found[a].add(a)
    for s, a in graph.subject_objects(PROV.wasDerivedFrom):
        if a in names:
            found[s].add(a)
    for a, entity in graph.subject_objects(KGO.mentions):
        if a in names:
            found[entity].add(a)
    for (s, _p, o), articles in support.items():
        found[s] |= articles
        if isinstance(o, URIRef):  # a position exists because a statement points to it
            found[o] |= articles
    return found


def write_export(graph: Graph, fmt: str, out: Path | None, with_ontology: bool = False) -> str | None:
    """Write a graph in memory as a dataset (DATASET_FORMATS) or a network (NETWORK_FORMATS) to out, or
    return the text when out is None (not for networks). Turtle, N-Triples and OWL are written from the
    graph's file, as a stream (kg.sparql.fileexport).

    The same graph gives the same bytes at every run: rdflib's dataset writers follow its hash order,
    which changes from process to process, so each article's named graph is written as from a streamed
    build's store (kg.sparql.dataset.write_dataset). JSON-LD carries its context inline, so a JSON-LD
    processor reads the file alone (a relative context file broke pyld).
    """
    if fmt in NETWORK_FORMATS:
        from ..views.gexf import write_network

        if out is None:
            raise ValueError(f"{fmt} needs an output file")
        write_network(graph, out, fmt)
        return None
    if fmt not in DATASET_FORMATS:
        raise ValueError(f"{fmt} is written from the graph's file: kg.sparql.fileexport")
    text = io.StringIO()
    write_dataset(graph_parts(split_by_article(graph, with_ontology=with_ontology)), text, fmt)
    if out is None:
        return text.getvalue()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.getvalue(), encoding="utf-8")
    return None


def write_shards(source: Path, folder: Path, shards: int, with_ontology: bool = False) -> list[Path]:
    """The graph file `source` as `shards` gzip N-Triples files in folder, for bulk loaders; their paths.

    The file is parsed as a stream (pyoxigraph), so memory does not grow with the graph; each
    subject's triples go to one shard (by a stable hash of the subject), so the shards are the same
    at every export. Virtuoso loads them with ld_dir + rdf_loader_run, Oxigraph with
    `oxigraph load`, Jena with tdb2.tdbloader, GraphDB with its importrdf. With `with_ontology`
    the ontology is written beside them as ontology.nt.gz, for a graph of its own.
    """
    import gzip
    import zlib

    if shards < 1:
        raise ValueError("--shards needs a positive number")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("graph-*.nt.gz"):  # shards of an earlier export with another count
        old.unlink()
    width = len(str(shards - 1))
    paths = [folder / f"graph-{n:0{width}d}.nt.gz" for n in range(shards)]
    outs = [gzip.open(p, "wt", encoding="utf-8", compresslevel=6) for p in paths]
    try:
        fmt = ox.RdfFormat.from_extension(source.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        for q in ox.parse(path=str(source), format=fmt):
            s = str(q.subject)
            outs[zlib.crc32(s.encode("utf-8")) % shards].write(f"{s} {q.predicate} {q.object} .\n")
    finally:
        for f in outs:
            f.close()
    if with_ontology:
        with gzip.open(folder / "ontology.nt.gz", "wt", encoding="utf-8") as f:
            for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
                f.write(f"{q.subject} {q.predicate} {q.object} .\n")
        paths.append(folder / "ontology.nt.gz")
    return paths
