"""kg export: datasets with one named graph per article, JSON-LD with its context, networks."""
from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from kg.graph.vocab import KGO, article_iri
from kg.sparql.export import (
    CONTEXT_FILE,
    GRAPH_BASE,
    article_graph,
    split_by_article,
    write_export,
)

# rdflib's JSON-LD and Dataset code calls its own deprecated API
pytestmark = pytest.mark.filterwarnings("ignore:(Dataset|ConjunctiveGraph).*deprecated:DeprecationWarning")
SHARED = URIRef(GRAPH_BASE + "shared")
KYZYLORDA_ARTICLE = "002_2a8338a7a44d7f1c"


@pytest.fixture(scope="module")
def built(seed_build) -> Graph:
    return Graph().parse(seed_build / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def dataset(built) -> Dataset:
    return split_by_article(built)


def named_quads(ds: Dataset) -> list[tuple]:
    return [q for q in ds.quads() if q[3] is not None and str(q[3]).startswith(GRAPH_BASE)]


def test_every_triple_is_in_exactly_one_graph_and_the_union_is_the_build(built, dataset):
    quads = named_quads(dataset)
    assert len(quads) == len(built)
    assert {q[:3] for q in quads} == set(built)


def test_graphs_are_one_per_article_and_a_shared_one(built, dataset):
    names = {q[3] for q in named_quads(dataset)}
    articles = {article_graph(str(i)) for i in built.objects(None, KGO.articleId)}
    assert names == articles | {SHARED}


def test_evidence_and_single_source_facts_sit_in_their_article(built, dataset):
    where = {q[:3]: q[3] for q in named_quads(dataset)}
    for ev in built.subjects(RDF.type, KGO.Evidence):
        article = built.value(ev, PROV.wasDerivedFrom)
        assert where[(ev, RDF.type, KGO.Evidence)] == article_graph(str(built.value(article, KGO.articleId)))
    # the Kyzylorda visit is told by one article; the Karaganda visit by two
    kyzylorda = article_iri(KYZYLORDA_ARTICLE)
    visits = {v: set(built.objects(v, PROV.wasDerivedFrom)) for v in built.subjects(RDF.type, KGO.Visit)}
    single = next(v for v, sources in visits.items() if sources == {kyzylorda})
    shared = next(v for v, sources in visits.items() if len(sources) == 2)
    assert where[(single, RDF.type, KGO.Visit)] == article_graph(KYZYLORDA_ARTICLE)
    assert where[(shared, RDF.type, KGO.Visit)] == SHARED


@pytest.mark.parametrize("fmt,parser", [("trig", "trig"), ("nquads", "nquads")])
def test_dataset_files_parse_back(built, tmp_path, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    write_export(built, fmt, out)
    back = Dataset()
    back.parse(out, format=parser)
    assert len(named_quads(back)) == len(built)


def test_jsonld_refers_to_a_context_file_written_beside_it(built, tmp_path):
    out = tmp_path / "export" / "graph.jsonld"
    write_export(built, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == CONTEXT_FILE
    context = json.loads((out.parent / CONTEXT_FILE).read_text(encoding="utf-8"))
    assert context["@context"]["kgo"] == str(KGO._NS)
    back = Dataset()
    back.parse(out, format="json-ld")
    assert len(named_quads(back)) == len(built)


def test_the_ontology_comes_along_on_request(built, tmp_path):
    out = tmp_path / "with.trig"
    write_export(built, "trig", out, with_ontology=True)
    back = Dataset()
    back.parse(out, format="trig")
    ontology = URIRef(GRAPH_BASE + "ontology")
    assert (KGO.Visit, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"), ontology) in back


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networks_for_gephi(seed_build, tmp_path, fmt, read):
    out = tmp_path / f"graph.{fmt}"
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(seed_build), "--format", fmt, "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert read(out).number_of_nodes() > 10
