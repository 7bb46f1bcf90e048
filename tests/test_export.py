"""kg export: datasets with one named graph per article, JSON-LD with its context, networks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from kg.graph.vocab import KGO, ONTOLOGY_FILE, article_iri
from kg.sparql.export import (
    GRAPH_BASE,
    article_graph,
    split_by_article,
    write_export,
)
from kg.sparql.fileexport import write_graph_file
from kg.sparql.dataset import nt_line

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


def test_jsonld_carries_its_context_and_pyld_reads_it_with_no_document_loader(built, tmp_path):
    from pyld import jsonld

    out = tmp_path / "export" / "graph.jsonld"
    write_export(built, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"]["kgo"] == str(KGO._NS)  # inline: no file beside it, no URL to fetch

    def refuse(url, options=None):
        raise AssertionError(f"pyld tried to load {url}")

    quads = jsonld.to_rdf(doc, {"documentLoader": refuse, "format": "application/n-quads"})
    assert len(quads.splitlines()) == len(built)
    read = Dataset()
    read.parse(data=quads, format="nquads")
    assert {q[:3] for q in named_quads(read)} == set(built)  # every term as the graph has it
    assert jsonld.expand(doc, {"documentLoader": refuse})
    back = Dataset()
    back.parse(out, format="json-ld")
    assert len(named_quads(back)) == len(built)


def test_owl_export_is_the_ontology_and_the_graph_with_days_as_datetimes(seed_build, built, tmp_path):
    out = tmp_path / "kg.owl"
    with open(out, "wb") as f:
        write_graph_file(seed_build / "graph.ttl", "owl", f, tmp_path)
    back = Graph().parse(out, format="xml")
    assert (KGO.Visit, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in back
    dates = [o for o in back.objects(None, KGO.date)]
    assert dates and all(str(d.datatype).endswith("#dateTime") and str(d).endswith("T00:00:00") for d in dates)
    assert not list(back.triples((None, RDF.subject, None)))  # reification is no OWL axiom
    assert len(back) > len(built) / 2


@pytest.mark.parametrize("held", [200_000, 300])
@pytest.mark.parametrize("fmt, with_ontology", [("nt", False), ("nt", True), ("owl", False)])
def test_n_triples_and_owl_are_the_sorted_lines_of_the_graph_held_in_runs_or_not(
        seed_build, built, tmp_path, monkeypatch, fmt, with_ontology, held):
    """Read from the file as a stream, sorted in memory or through runs on disk: the graph's lines,
    sorted, each once, as rdflib reads them; OWL less the reification, with days as dateTimes."""
    import kg.sparql.fileexport

    monkeypatch.setattr(kg.sparql.fileexport, "HELD", held)
    out = tmp_path / "out"
    with open(out, "wb") as f:
        write_graph_file(seed_build / "graph.ttl", fmt, f, tmp_path, with_ontology)
    graph = built + Graph().parse(ONTOLOGY_FILE) if with_ontology or fmt == "owl" else built
    lines = sorted({nt_line(*t) for t in graph})
    if fmt == "nt":
        assert out.read_text(encoding="utf-8") == "".join(lines)
    else:
        kept = [line for line in lines if " <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> " not in line]
        assert len(Graph().parse(out, format="xml")) == len(graph) - (len(lines) - len(kept)) * 3
    assert list(tmp_path.iterdir()) == [out]  # the runs are gone


def test_turtle_is_the_graph_file_itself_and_the_ontology_after_it(seed_build, built, tmp_path):
    from kg.cli.main import main

    assert main(["export", str(seed_build), "--format", "turtle", "-o", str(tmp_path / "g.ttl")]) == 0
    assert (tmp_path / "g.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()
    assert main(["export", str(seed_build), "--with-ontology", "-o", str(tmp_path / "o.ttl")]) == 0
    back = Graph().parse(tmp_path / "o.ttl")
    assert set(back) == set(built + Graph().parse(ONTOLOGY_FILE))


def test_a_broken_graph_file_is_a_clear_error_and_leaves_no_file(tmp_path, capsys):
    from kg.cli.main import main

    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://a> <https://b> <https://c> .\n<https://a> <https://b> \"open\n", encoding="utf-8")
    for fmt in ("turtle", "nt", "owl"):
        assert main(["export", str(broken), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 2
        assert f"cannot parse {broken}" in capsys.readouterr().err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl"]


def test_the_ontology_comes_along_on_request(built, tmp_path):
    out = tmp_path / "with.trig"
    write_export(built, "trig", out, with_ontology=True)
    back = Dataset()
    back.parse(out, format="trig")
    ontology = URIRef(GRAPH_BASE + "ontology")
    assert (KGO.Visit, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"), ontology) in back


GEXF_SCHEMA = Path(__file__).resolve().parent / "gexf" / "gexf.xsd"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


def test_gexf_is_valid_gexf_1_2_with_colours_sizes_positions_and_event_dates(seed_build, built, tmp_path):
    import xml.etree.ElementTree as ET

    import xmlschema

    from kg.views.page import STYLE

    out = tmp_path / "graph.gexf"
    write_export(built, "gexf", out)
    schema = xmlschema.XMLSchema(GEXF_SCHEMA)
    schema.validate(out)
    # networkx's own writer, which kg used before, puts name="" on the graph: the schema refuses it
    nx.write_gexf(nx.path_graph(2), tmp_path / "networkx.gexf")
    assert not schema.is_valid(tmp_path / "networkx.gexf")
    nodes = {n.get("id"): n for n in ET.parse(out).getroot().iter(GEXF + "node")}
    page = {n["id"]: n for n in _page_nodes(seed_build / "graph.html")}
    assert set(nodes) == set(page)
    for node_id, node in nodes.items():
        kind = next(a.get("value") for a in node.iter(GEXF + "attvalue") if a.get("for") == "type")
        color = node.find(VIZ + "color")
        assert "#%02x%02x%02x" % tuple(int(color.get(c)) for c in "rgb") == STYLE[kind][0]
        assert float(node.find(VIZ + "size").get("value")) > 0
        position = node.find(VIZ + "position")  # where graph.html draws it (Gephi's y points up)
        assert (float(position.get("x")), -float(position.get("y"))) == (page[node_id]["x"], page[node_id]["y"])
        spell = node.find(f"{GEXF}spells/{GEXF}spell")
        if kind in ("visit", "meeting", "sitevisit", "event") and page[node_id].get("date"):
            assert spell.get("start") == page[node_id]["date"]
            assert spell.get("end") == page[node_id].get("end", page[node_id]["date"])
        else:
            assert spell is None
    karaganda = next(n for n in page.values() if n["group"] == "visit" and "Карагандин" in n["label"])
    assert nodes[karaganda["id"]].find(f"{GEXF}spells/{GEXF}spell").attrib == {"start": "2025-11-25", "end": "2025-11-26"}


def _page_nodes(html_path) -> list[dict]:
    import re

    html = html_path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="kg-nodes">(.*?)</script>', html, re.S)[1])


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networks_for_gephi(seed_build, tmp_path, fmt, read):
    out = tmp_path / f"graph.{fmt}"
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(seed_build), "--format", fmt, "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert read(out).number_of_nodes() > 10


def test_graphml_holds_the_projection_as_networkx_reads_it(built, tmp_path):
    from kg.views.netgraph import to_networkx

    write_export(built, "graphml", tmp_path / "g.graphml")
    back, net = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True), to_networkx(built)
    assert dict(back.nodes(data=True)) == dict(net.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(net.edges(keys=True, data=True))
    assert any(d["tooltip"] for _, d in back.nodes(data=True)) and net.number_of_edges() > 50


@pytest.mark.parametrize("args, parse_as", [
    (["--format", "ttl", "-o", "g.out"], "turtle"),
    (["--format", "json-ld", "-o", "g.out"], "json-ld"),
    (["--format", "nq", "-o", "g.out"], "nquads"),
    (["-o", "g.nt"], "nt"),  # the extension chooses
    (["-o", "g.trig"], "trig"),
    (["-o", "g.owl"], "xml"),
])
def test_format_aliases_and_extensions(seed_build, built, tmp_path, args, parse_as):
    args = [a if a != args[-1] else str(tmp_path / a) for a in args]
    run = subprocess.run([sys.executable, "-m", "kg", "export", str(seed_build), *args],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    if parse_as in ("turtle", "nt"):
        assert len(Graph().parse(args[-1], format=parse_as)) == len(built)
    elif parse_as == "xml":  # the OWL export: the ontology, and the graph less its reification triples
        back = Graph().parse(args[-1], format="xml")
        assert (URIRef("https://kg.example.org/ontology"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in back
    else:
        back = Dataset()
        back.parse(args[-1], format=parse_as)
        assert len(named_quads(back)) == len(built)


@pytest.mark.parametrize("fmt, with_ontology", [("nquads", False), ("nquads", True), ("trig", False),
                                                 ("jsonld", False), ("jsonld", True), ("graphml", False),
                                                 ("gexf", False)])
def test_a_dataset_of_a_streamed_build_is_split_from_its_store(tmp_path, monkeypatch, fmt, with_ontology):
    """The same bytes as from graph.ttl in memory, without reading it."""
    from conftest import SEEDS

    import kg.cli.common
    import kg.cli.export
    from kg.build.pipeline import build
    from kg.cli.main import main

    out = tmp_path / "build"
    build([str(SEEDS)], out, stream=True, progress=False)
    ontology = ["--with-ontology"] if with_ontology else []
    assert main(["export", str(out / "graph.ttl"), "--format", fmt, *ontology, "-o", str(tmp_path / "a")]) == 0
    for module in (kg.cli.export, kg.cli.common):
        monkeypatch.setattr(module, "load_graph", lambda *a, **k: pytest.fail("graph.ttl was read"))
    assert main(["export", str(out), "--format", fmt, *ontology, "-o", str(tmp_path / "b")]) == 0
    from_file, from_store = (tmp_path / "a").read_bytes(), (tmp_path / "b").read_bytes()
    assert from_store == from_file
    if fmt in ("graphml", "gexf"):
        assert from_store.count(b"<node ") > 50
    else:
        assert (GRAPH_BASE + "ontology").encode() in from_store if with_ontology else from_store.count(b"/graph/") > 5


@pytest.mark.parametrize("fmt", ["turtle", "nt", "owl"])
def test_turtle_n_triples_and_owl_are_streamed_the_same_from_either_build(seed_build, tmp_path, monkeypatch, fmt):
    """Of a build in memory and of a streamed one, the same bytes, and the graph is never read whole."""
    from conftest import SEEDS

    import kg.cli.common
    import kg.cli.export
    from kg.build.pipeline import build
    from kg.cli.main import main

    streamed = tmp_path / "build"
    build([str(SEEDS)], streamed, stream=True, progress=False)
    for module in (kg.cli.export, kg.cli.common):
        monkeypatch.setattr(module, "load_graph", lambda *a, **k: pytest.fail("the graph was read whole"))
    for name, folder in (("memory", seed_build), ("streamed", streamed)):
        assert main(["export", str(folder), "--format", fmt, "--with-ontology", "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / "memory").read_bytes() == (tmp_path / "streamed").read_bytes()
    assert (tmp_path / "memory").stat().st_size > 100_000


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "jsonld", "owl", "graphml", "gexf"])
def test_an_export_is_the_same_bytes_at_every_run(seed_build, tmp_path, fmt):
    """rdflib's writers but Turtle's follow its hash order, which changes with the process's hash seed."""
    outs = []
    for seed in ("1", "2"):
        outs.append(tmp_path / f"{seed}.{fmt}")
        run = subprocess.run([sys.executable, "-m", "kg", "export", str(seed_build / "graph.ttl"), "--format", fmt,
                              "-o", str(outs[-1])], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()


@pytest.mark.parametrize("fmt", ["jsonld", "gexf"])
def test_an_export_from_a_store_shows_its_progress_on_a_terminal(tmp_path, monkeypatch, capsys, fmt):
    """Minutes at 30k articles: a line on stderr says how far it is, and the file is the same without it."""
    from conftest import SEEDS

    from kg.build.pipeline import build
    from kg.cli.main import main

    out = tmp_path / "build"
    build([str(SEEDS)], out, stream=True, progress=False)
    assert main(["export", str(out), "--format", fmt, "-o", str(tmp_path / "quiet")]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["export", str(out), "--format", fmt, "-o", str(tmp_path / "shown")]) == 0
    err = capsys.readouterr().err
    assert "kg export: 100% written\n" in err and ("splitting" in err) == (fmt == "jsonld")
    assert (tmp_path / "shown").read_bytes() == (tmp_path / "quiet").read_bytes()
