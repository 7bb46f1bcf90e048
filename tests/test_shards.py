"""kg export --format nt --shards N: gzip N-Triples shards that hold the graph exactly and that the
real Virtuoso's bulk loader (ld_dir + rdf_loader_run) loads with the right triple count."""
from __future__ import annotations

import gzip

import pyoxigraph as ox

from kg.cli.main import main

GRAPH = "https://kg.example.org/graph/bulk-loaded"


def triples(path) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_shards_hold_the_graph_exactly_and_the_same_each_time(seed_build, tmp_path, capsys):
    assert main(["export", str(seed_build), "--format", "nt", "--shards", "3", "-o", str(tmp_path / "a")]) == 0
    assert main(["export", str(seed_build), "--shards", "3", "-o", str(tmp_path / "b"), "--with-ontology"]) == 0
    files = sorted((tmp_path / "a").glob("*.nt.gz"))
    assert [f.name for f in files] == ["graph-0.nt.gz", "graph-1.nt.gz", "graph-2.nt.gz"]
    assert all(f.stat().st_size > 0 for f in files)
    got = set()
    for f in files:
        with gzip.open(f, "rb") as data:
            got |= {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    assert got == triples(seed_build / "graph.ttl")
    for f in files:
        assert gzip.decompress(f.read_bytes()) == gzip.decompress((tmp_path / "b" / f.name).read_bytes())
    assert (tmp_path / "b" / "ontology.nt.gz").is_file()


def test_shards_need_nt_and_a_folder(seed_build, tmp_path, capsys):
    assert main(["export", str(seed_build), "--format", "turtle", "--shards", "2", "-o", str(tmp_path)]) == 2
    assert "--shards writes N-Triples" in capsys.readouterr().err
    assert main(["export", str(seed_build), "--format", "nt", "--shards", "2"]) == 2
    assert "--shards needs -o FOLDER" in capsys.readouterr().err


def test_shards_bulk_load_into_virtuoso(virtuoso, seed_build):
    folder = virtuoso.folder / "shards"  # a folder the server's DirsAllowed lets it read
    assert main(["export", str(seed_build), "--format", "nt", "--shards", "4", "-o", str(folder)]) == 0
    virtuoso.isql(f"ld_dir('{folder}', '*.nt.gz', '{GRAPH}'); rdf_loader_run(); checkpoint;")
    loaded = virtuoso.isql(f"SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_graph = '{GRAPH}';")
    assert "graph-3.nt.gz" in loaded and loaded.count("graph-") == 4, loaded
    assert virtuoso.count(f"GRAPH <{GRAPH}> {{ ?s ?p ?o }}") == len(triples(seed_build / "graph.ttl"))
