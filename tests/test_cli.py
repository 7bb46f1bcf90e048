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


@pytest.mark.parametrize("args, message", [
    (["build", str(SEEDS), "--jobs", "-2"], "--jobs must be 0 (one per CPU) or more, not -2"),
    (["validate", str(SEEDS), "--max", "-1"], "--max must be 0 or more, not -1"),
])
def test_a_negative_count_is_a_clear_error(tmp_path, args, message):
    run = kg(*args, "--out" if args[0] == "build" else "--report", str(tmp_path / "out"))
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, instead", [
    (["export", "{g}", "--format", "trig", "-o", "{out}"], "streams --format turtle, nt"),
    (["push", "{g}", "--endpoint", "http://127.0.0.1:9/store"], "--format nt --shards N"),
    (["validate", "{g}", "--report", "{out}"], "validate a part"),
    (["view", "{g}/graph.ttl", "-o", "{out}"], "reads its store instead"),
])
def test_a_graph_larger_than_the_free_memory_is_refused_before_it_is_read(seed_build, tmp_path, monkeypatch, capsys,
                                                                          args, instead):
    import kg.cli.common
    from kg.cli.main import main

    size = (seed_build / "graph.ttl").stat().st_size
    monkeypatch.setattr(kg.cli.common, "available_memory", lambda: size)  # rdflib needs many times the file
    assert main([a.format(g=seed_build, out=tmp_path / "out") for a in args]) == 2
    err = capsys.readouterr().err
    assert "would take about" in err and f"of memory read whole, and {size / (1 << 20):.0f} MB is free" in err, err
    assert instead in err and not (tmp_path / "out").exists()


def test_a_large_graph_is_read_with_a_note(seed_build, tmp_path, monkeypatch, capsys):
    import kg.cli.common
    from kg.cli.main import main

    monkeypatch.setattr(kg.cli.common, "TOLD_ABOVE", 0)
    assert main(["export", str(seed_build), "-o", str(tmp_path / "g.trig")]) == 0
    assert f"kg: reading {seed_build / 'graph.ttl'}" in capsys.readouterr().err
    assert (tmp_path / "g.trig").stat().st_size > 0


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    run = kg(command, "--help")
    assert run.returncode == 0
    assert "example" in run.stdout.lower()


def test_version_and_exit_codes_in_help():
    run = kg("--version")
    assert run.returncode == 0 and run.stdout.startswith("kg ") and run.stdout.strip() != "kg unknown"
    help_text = kg("--help").stdout
    assert "exit status:" in help_text and "130" in help_text and "register-python-argcomplete kg" in help_text


def test_help_does_not_load_the_morphology_networkx_or_pyvis():
    """kg --help and kg query start fast: what only building and drawing need is imported there."""
    code = ("import sys; from kg.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('pymorphy3', 'networkx', 'pyvis', 'numpy', 'rdflib') if m in sys.modules)\n"
            "print(heavy, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stderr.strip() == "[]"


def test_query_does_not_load_the_morphology(seed_build):
    code = ("import sys; from kg.cli.main import main\n"
            f"main(['query', {str(seed_build)!r}, 'ASK {{ ?s ?p ?o }}'])\n"
            "print(sorted(m for m in ('pymorphy3', 'networkx', 'pyvis') if m in sys.modules), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.stderr.strip().endswith("[]"), run.stderr


def test_query_warns_about_a_kgo_term_the_ontology_does_not_declare(seed_build):
    run = kg("query", str(seed_build), "SELECT ?v WHERE { ?v a kgo:Vist }")
    assert run.returncode == 0 and "(0 rows)" in run.stdout
    assert "kgo:Vist is not a term of the ontology (did you mean kgo:Visit" in run.stderr
    # a declared term, the same word in a comment or a string, the PREFIX line itself: no warning
    run = kg("query", str(seed_build), 'PREFIX kgo: <https://kg.example.org/ontology#>\n'
             'SELECT ?v WHERE { ?v a kgo:Visit # kgo:Vist\n FILTER(?v != "kgo:Vist") }')
    assert run.returncode == 0 and "warning" not in run.stderr


def test_query_prints_its_prefixes_for_other_stores():
    run = kg("query", "--prefixes")
    assert run.returncode == 0
    assert "PREFIX kgo: <https://kg.example.org/ontology#>\n" in run.stdout
    assert "PREFIX schema: <https://schema.org/>\n" in run.stdout


def test_shell_completion_names_commands_and_formats(tmp_path):
    import os

    out = tmp_path / "completions"
    for line, expected in (("kg exp", {"export", "explain"}), ("kg export build --format j", {"jsonld"})):
        env = dict(os.environ, _ARGCOMPLETE="1", _ARGCOMPLETE_IFS="\n", COMP_LINE=line, COMP_POINT=str(len(line)),
                   _ARGCOMPLETE_STDOUT_FILENAME=str(out))
        subprocess.run([sys.executable, "-m", "kg"], env=env, capture_output=True, timeout=60)
        assert {c.strip() for c in out.read_text().split("\n") if c.strip()} == expected
