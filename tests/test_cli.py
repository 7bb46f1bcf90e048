"""The command line as a user runs it: build, query, export, explain, help texts."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SEEDS
from rdflib import Graph

from kg.cli.main import COMMANDS


def kg(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_build_prints_a_summary_and_writes_three_files(tmp_path):
    out = tmp_path / "build"
    run = kg("build", str(SEEDS), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "read 5 articles" in run.stdout
    for word in ("events", "people", "places", "organizations", "topics", "triples"):
        assert word in run.stdout
    for name in ("graph.ttl", "events.json", "graph.html"):
        assert (out / name).stat().st_size > 0
    Graph().parse(out / "graph.ttl", format="turtle")


def test_query_prints_the_triple_count(seed_build, seed_graph):
    run = kg("query", str(seed_build), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert run.returncode == 0, run.stderr
    count = int(run.stdout.split()[-1])
    # the ontology is loaded beside the data, so the count is the data plus the ontology
    assert count >= len(seed_graph)


def test_query_knows_the_ontology_prefixes(seed_build):
    run = kg("query", str(seed_build), "SELECT ?l WHERE { ?v a kgo:Visit ; kgo:principal/rdfs:label ?l }", "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("Маулен Ашимбаев") == 3


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_export_formats_parse_back(seed_build, seed_graph, tmp_path, fmt):
    target = tmp_path / f"graph.{fmt}"
    run = kg("export", str(seed_build), "--format", fmt, "-o", str(target))
    assert run.returncode == 0, run.stderr
    assert len(Graph().parse(target, format=fmt)) == len(seed_graph)


def test_explain_shows_mentions_with_offsets_and_rules():
    run = kg("explain", str(SEEDS / "000_cb75e5b9b4807dc7.txt"))
    assert run.returncode == 0, run.stderr
    line = next(l for l in run.stdout.splitlines() if "Маулена Ашимбаева" in l)
    assert "first_last" in line and "Маулен Ашимбаев" in line


def test_a_missing_graph_is_a_clear_error(tmp_path):
    run = kg("query", str(tmp_path / "nowhere"), "ASK {}")
    assert run.returncode != 0
    assert "no graph at" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    run = kg(command, "--help")
    assert run.returncode == 0
    assert "example" in run.stdout.lower()
