"""Article ids in IRIs: different file names never share an IRI, and no name makes an invalid one.

Ids are file names, and file names hold anything: Cyrillic, spaces, quotes, `<`. Each article's
`kgo:Article` IRI and its named graph must be its own and valid for any strict RDF parser.
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal

from kg.cli.main import main
from kg.graph.vocab import KGO, article_iri
from kg.sparql.export import GRAPH_BASE, article_graph

# id → (date, town): each article has its own date, so dates that mixed would show
ARTICLES = {
    "статья_1": ("2024-04-01", "Сатпаев"),
    "пример_1": ("2024-04-02", "Темиртау"),
    "a b": ("2024-04-03", "Шахтинск"),
    "a_b": ("2024-04-04", "Сарань"),
    'q"uote': ("2024-04-05", "Абай"),
    "lt<gt>": ("2024-04-06", "Приозерск"),
    "100%": ("2024-04-07", "Балхаш"),
    "100%25": ("2024-04-08", "Каркаралинск"),
}
# rdflib's Dataset parsers call its own deprecated API
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")
TEXT = " date {date} Аким Карагандинской области Ермаганбет Булекпаев посетил город {town}.\n"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("iris")
    src = root / "in"
    src.mkdir()
    for article_id, (date, town) in ARTICLES.items():
        (src / f"{article_id}.txt").write_text(TEXT.format(date=date, town=town), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", str(src), "--out", str(root / "out"), "--no-cache", "-q"]) == 0
    return root / "out"


@pytest.fixture(scope="module")
def graph(build) -> Graph:
    return Graph().parse(build / "graph.ttl", format="turtle")


@pytest.mark.parametrize("article_id", sorted(ARTICLES))
def test_each_article_has_its_own_iri_and_date(graph, article_id):
    nodes = set(graph.subjects(KGO.articleId, Literal(article_id)))
    assert nodes == {article_iri(article_id)}
    assert {str(d) for d in graph.objects(article_iri(article_id), KGO.published)} == {ARTICLES[article_id][0]}


def test_article_iris_are_distinct():
    iris = {article_iri(i) for i in ARTICLES}
    graphs = {article_graph(i) for i in ARTICLES}
    assert len(iris) == len(graphs) == len(ARTICLES)


@pytest.mark.parametrize("article_id", [".", "..", "a/b", "a?b#c"])
def test_an_id_is_one_path_segment(article_id):
    iri = str(article_iri(article_id))
    segment = iri.rsplit("/", 1)[1]
    assert iri == iri.split("#")[0].split("?")[0] and segment.strip(".")


def test_a_strict_parser_reads_the_graph(build):
    # Oxigraph checks every IRI against RFC 3987; rdflib would let a space or a quote through
    store = ox.Store()
    store.load(path=str(build / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    ids = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(KGO.articleId)), None)}
    assert ids == set(ARTICLES)


@pytest.mark.parametrize("fmt, ox_format", [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)])
def test_export_writes_a_valid_dataset_with_a_graph_per_article(build, tmp_path, fmt, ox_format):
    out = tmp_path / f"graph.{fmt}"
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(build), "--format", fmt, "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    store = ox.Store()
    store.load(path=str(out), format=ox_format)
    names = {g.value for g in store.named_graphs()}
    assert names >= {str(article_graph(i)) for i in ARTICLES}
    assert all(n.startswith(GRAPH_BASE) for n in names)
    back = Dataset()
    back.parse(out, format=fmt)
    assert {str(g.identifier) for g in back.graphs() if str(g.identifier).startswith(GRAPH_BASE)} == names


def test_push_names_each_article_graph_by_its_encoded_id(build, virtuoso):
    from virtuoso import WRITER

    base = "https://kg.example.org/iris-test/"
    run = subprocess.run([sys.executable, "-m", "kg", "push", str(build), "--endpoint", virtuoso.store,
                          "--sparql", virtuoso.sparql, "--graph", base], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "KG_PUSH_AUTH": ":".join(WRITER)})
    assert run.returncode == 0, run.stderr
    names = {b["g"]["value"] for b in virtuoso.select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }}')}
    assert {str(article_graph(i, base)) for i in ARTICLES} <= names
    for name in names:
        ox.NamedNode(name)  # raises on an invalid IRI
