"""kg query: where a query comes from, how answers print, syntax errors, and the two embedded engines."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from rdflib import Graph
from sparql_helpers import canonical

from kg.sparql.query import (
    DATA_ONLY,
    QueryError,
    QuerySyntaxError,
    answer,
    format_result,
    on_union,
    read_query,
    run_query,
)
from kg.sparql.saved import saved_queries
from kg.sparql.store import BACKENDS, StoreError, open_oxigraph, open_store

# rdflib's Dataset calls its own deprecated API on every triple lookup
pytestmark = pytest.mark.filterwarnings("ignore:(Dataset|ConjunctiveGraph).*deprecated:DeprecationWarning")
VISITS = "SELECT ?v ?label WHERE { ?v a kgo:Visit ; rdfs:label ?label } ORDER BY ?label"


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def stores(seed_build):
    return {backend: open_store(seed_build, backend) for backend in BACKENDS}


def test_a_query_comes_inline_from_a_file_or_by_name(tmp_path):
    assert read_query(VISITS) == VISITS
    rq = tmp_path / "mine.rq"
    rq.write_text(VISITS, encoding="utf-8")
    assert read_query(str(rq)) == VISITS
    assert "kgo:Visit" in read_query("visits-by-person")
    with pytest.raises(QueryError, match="no saved query 'visits-by-persn'.*visits-by-person"):
        read_query("visits-by-persn")
    with pytest.raises(QueryError, match="no query file"):
        read_query(str(tmp_path / "missing.rq"))


@pytest.mark.parametrize("name", [q.name for q in saved_queries()])
def test_both_engines_give_the_same_answer(stores, name):
    text = read_query(name)
    oxigraph, rdflib_ = (canonical(format_result(run_query(stores[b], text), "json")) for b in BACKENDS)
    assert oxigraph == rdflib_


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
@pytest.mark.parametrize("name", [q.name for q in saved_queries()])
def test_kg_query_reads_oxigraph_answers_without_rdflib_terms_and_prints_the_same(stores, name, fmt):
    text = read_query(name)
    native = answer(stores["oxigraph"], text, fmt)
    through_rdflib = format_result(run_query(stores["oxigraph"], text), fmt)
    if fmt == "json":  # rdflib writes xsd:string out; Oxigraph leaves it implicit, as RDF 1.1 does
        assert json.loads(native)["head"] == json.loads(through_rdflib)["head"]
        assert canonical(native) == canonical(through_rdflib)
    elif fmt == "tsv":  # Oxigraph writes numbers and strings in their short form
        assert [line.count("\t") for line in native.splitlines()] == [line.count("\t") for line in through_rdflib.splitlines()]
        assert native.splitlines()[0] == through_rdflib.splitlines()[0]
    else:
        assert native == through_rdflib


def test_kg_query_answers_ask_construct_and_line_breaks_from_oxigraph(stores):
    assert answer(stores["oxigraph"], "ASK { ?v a kgo:Visit }") == "yes\n"
    assert answer(stores["oxigraph"], "ASK { ?v a kgo:Nothing }", "csv") == "false\n"
    assert canonical(answer(stores["oxigraph"], "ASK { ?v a kgo:Visit }", "json")) == [("boolean", True)]
    turtle = answer(stores["oxigraph"], "CONSTRUCT { ?v a kgo:Visit } WHERE { ?v a kgo:Visit }")
    assert len(Graph().parse(data=turtle, format="turtle")) == 3
    # a line break inside a literal stays inside its TSV field
    tsv = answer(stores["oxigraph"], 'SELECT ?x ?y WHERE { BIND ("a\\nb" AS ?x) BIND ("c d" AS ?y) }', "tsv")
    assert tsv.splitlines() == ["?x\t?y", '"a\\nb"\t"c d"']
    table = answer(stores["oxigraph"], 'SELECT ?x WHERE { BIND ("a\\nb" AS ?x) }')
    assert table.splitlines()[2] == "a b"
    with pytest.raises(QuerySyntaxError, match="line 3, column"):
        answer(stores["oxigraph"], "SELECT ?v WHERE {\n  ?v a kgo:Visit\n  FILTER( }")
    # rdflib's own prefixes stay declared, as they are for its path
    dated = "SELECT ?d WHERE { ?v a kgo:Visit ; kgo:date ?d } ORDER BY ?d"
    assert answer(stores["oxigraph"], dated.replace("?d }", "?d FILTER (isIRI(time:x)) }")) == answer(stores["oxigraph"], dated)
    with pytest.raises(QuerySyntaxError, match="unknown prefix"):
        answer(stores["oxigraph"], "SELECT ?x WHERE { ?x a nope:Thing }")


@pytest.fixture(scope="module")
def stores_without_visits(tmp_path_factory):
    """A build of one article that names people, places and topics but tells of no trip."""
    from kg.build.pipeline import build

    src = tmp_path_factory.mktemp("no-visits")
    (src / "a.txt").write_text(" date 2024-04-12 Аким Павлодарской области Асаин Байханов рассказал о "
                               "развитии туризма и сельского хозяйства в регионе.", encoding="utf-8")
    out = tmp_path_factory.mktemp("no-visits-build")
    build([str(src)], out, progress=False)
    return {backend: open_store(out, backend) for backend in BACKENDS}


@pytest.mark.parametrize("name", [q.name for q in saved_queries()])
def test_both_engines_find_nothing_in_a_graph_without_visits(stores_without_visits, name):
    # rdflib's engine answers a GROUP BY over no solutions with one empty row, which joined with
    # the rest of a query gives every combination of labels in the graph
    text = read_query(name)
    for backend in BACKENDS:
        assert list(run_query(stores_without_visits[backend], text)) == [], backend


JOINED = """@prefix ex: <http://example.org/> .
ex:a ex:p 1, 2 ; ex:q "x" .
ex:b ex:p 3 ; ex:q "y", "z" .
ex:c ex:p 4 .
"""


# rdflib joins row by row unless a side holds a join, DISTINCT or LIMIT: each case has one
@pytest.mark.parametrize(("text", "rows"), [
    # ex:a twice on the right (a bag, one row per ?n)
    ("SELECT ?s ?o WHERE { { SELECT DISTINCT ?s ?o WHERE { ?s ex:q ?o } } { SELECT ?s WHERE { ?s ex:p ?n } } }", 4),
    # ?o unbound in ex:c's row on the left: that row joins with every row on the right
    (("SELECT ?s ?o ?t WHERE { { SELECT ?s ?o WHERE { ?s ex:p ?n OPTIONAL { ?s ex:q ?o } } }"
      " { SELECT DISTINCT ?o ?t WHERE { ?x ex:q ?o BIND (STR(?o) AS ?t) } } }"), 7),
    # no shared variable: every pair
    ("SELECT ?n ?o WHERE { { SELECT ?n WHERE { ?s ex:p ?n } } { SELECT DISTINCT ?o WHERE { ?x ex:q ?o } } }", 12),
    # an empty side
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ex:p ?n } } { SELECT DISTINCT ?s WHERE { ?s ex:none ?o } } }", 0),
])
def test_rdflib_joins_sub_selects_by_hash_as_oxigraph_joins_them(tmp_path, text, rows):
    # kg.sparql.store gives rdflib's engine a hash join; its own tested every pair of rows and
    # kept one copy of each row of the right side (a set): 3 rows instead of 4 in the first case
    data = tmp_path / "joined.ttl"
    data.write_text(JOINED, encoding="utf-8")
    text = "PREFIX ex: <http://example.org/>\n" + text
    answers = [canonical(format_result(run_query(open_store(data, b), text), "json")) for b in BACKENDS]
    assert len(answers[0]) == rows
    assert answers[1] == answers[0]


@pytest.mark.parametrize("text", [
    "SELECT ?class (COUNT(?e) AS ?n) WHERE { ?e a ?class . ?class rdfs:subClassOf* schema:Event } GROUP BY ?class",
    "ASK { ?v a kgo:Visit ; kgo:endDate ?end }",
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_both_engines_agree_on_paths_asks_and_graphs(stores, text):
    answers = [canonical(format_result(run_query(stores[b], text), "json")) for b in BACKENDS]
    assert answers[0] == answers[1]


def test_subclass_paths_reach_schema_org_through_the_ontology(stores):
    text = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* schema:Event }"
    (n,), = run_query(stores["oxigraph"], text)
    assert int(n) >= 3


def test_select_formats(stores):
    result = lambda: run_query(stores["oxigraph"], VISITS)  # noqa: E731  a Result is read once
    table = format_result(result(), "table")
    assert table.splitlines()[0].split() == ["v", "label"] and "kg:event/" in table and "(3 rows)" in table
    rows = list(csv.reader(io.StringIO(format_result(result(), "csv"))))
    assert rows[0] == ["v", "label"] and len(rows) == 4 and rows[1][0].startswith("https://kg.example.org/id/event/")
    tsv = format_result(result(), "tsv").splitlines()
    assert tsv[0] == "?v\t?label" and tsv[1].startswith("<https://kg.example.org/id/event/") and '"@ru' in tsv[1]
    data = json.loads(format_result(result(), "json"))
    assert data["head"]["vars"] == ["v", "label"] and len(data["results"]["bindings"]) == 3


def test_ask_is_yes_or_no_and_construct_is_turtle(stores):
    assert format_result(run_query(stores["oxigraph"], "ASK { ?v a kgo:Visit }")) == "yes\n"
    assert format_result(run_query(stores["oxigraph"], "ASK { ?v a kgo:Nothing }")) == "no\n"
    turtle = format_result(run_query(stores["oxigraph"], "CONSTRUCT { ?v a kgo:Visit } WHERE { ?v a kgo:Visit }"))
    assert len(Graph().parse(data=turtle, format="turtle")) == 3
    described = format_result(run_query(stores["rdflib"], "DESCRIBE ?v WHERE { ?v a kgo:Visit }"))
    assert len(Graph().parse(data=described, format="turtle")) > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_malformed_query_reports_line_and_column(stores, backend):
    with pytest.raises(QuerySyntaxError) as e:
        run_query(stores[backend], "SELECT ?v WHERE {\n  ?v a kgo:Visit\n  FILTER( }")
    assert e.value.line == 3 and e.value.column >= 1
    assert "line 3, column" in str(e.value) and "FILTER( }" in str(e.value)
    with pytest.raises(QuerySyntaxError, match="unknown prefix"):
        run_query(stores[backend], "SELECT ?x WHERE { ?x a nope:Thing }")


def test_the_command_runs_saved_queries_and_fails_clearly(seed_build):
    run = kg("query", str(seed_build), "visits-by-person", "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("Маулен Ашимбаев") == 3
    bad = kg("query", str(seed_build), "SELECT ?v WHERE {\n ?v a kgo:Visit")
    assert bad.returncode == 2
    assert bad.stderr.startswith("kg query: syntax error at line 2, column") and "Traceback" not in bad.stderr
    listing = kg("query", "--list")
    assert listing.returncode == 0 and "visits-by-person" in listing.stdout


@pytest.mark.parametrize(("backend", "engine_loaded"), [("oxigraph", False), ("rdflib", True)])
def test_kg_query_on_oxigraph_does_not_import_rdflib_s_engine(seed_build, backend, engine_loaded):
    # rdflib's SPARQL engine and oxrdflib took 0.1-0.25 s of kg query's start (bench/RESULTS.md)
    code = ("import sys; from kg.cli.main import main\n"
            f"main(['query', {str(seed_build)!r}, 'SELECT ?v WHERE {{ ?v a kgo:Visit }}', '--backend', {backend!r}])\n"
            "print(sorted(m for m in ('rdflib.plugins.sparql', 'oxrdflib', 'pyparsing') if m in sys.modules),"
            " file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert "(3 rows)" in run.stdout, run.stderr
    assert (run.stderr.strip().splitlines()[-1] != "[]") == engine_loaded, run.stderr


def test_an_on_disk_store_is_reused_until_the_graph_changes(seed_build, tmp_path):
    data = tmp_path / "graph.ttl"
    data.write_bytes((seed_build / "graph.ttl").read_bytes())
    store_dir = tmp_path / "store"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (first,), = run_query(open_store(data, store_dir=store_dir), count)
    (again,), = run_query(open_store(data, store_dir=store_dir), count)
    assert first == again
    with data.open("a", encoding="utf-8") as f:
        f.write("\n<https://kg.example.org/id/x> <https://kg.example.org/id/y> 1 .\n")
    (changed,), = run_query(open_store(data, store_dir=store_dir), count)
    assert int(changed) == int(first) + 1


def test_an_on_disk_store_never_overwrites_a_foreign_directory(seed_build, tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(seed_build, store_dir=tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_a_per_article_dataset_keeps_its_graphs_on_both_engines(seed_build, stores, tmp_path):
    from kg.cli.common import load_graph
    from kg.sparql.export import write_export

    trig = tmp_path / "graph.trig"
    write_export(load_graph(str(seed_build)), "trig", trig)
    count = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"
    (total,), = run_query(stores["oxigraph"], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for backend in BACKENDS:
        (n, graphs), = run_query(open_store(trig, backend), count)
        assert int(n) == int(total)  # the articles' graphs and the ontology's: nothing twice
        assert int(graphs) == 5 + 2  # five articles, the shared graph, the ontology


@pytest.mark.parametrize("name", [q.name for q in saved_queries() if DATA_ONLY.search(q.text)])
def test_a_saved_query_marked_data_only_answers_as_on_the_union_of_graphs(seed_build, name):
    # the mark spares Oxigraph a second index look-up per pattern; it must not change a row
    store = open_oxigraph(seed_build)
    text = read_query(name)
    assert not on_union(store, text)
    alone, union = answer(store, text, "tsv"), answer(store, DATA_ONLY.sub("#", text), "tsv")
    assert len(alone.splitlines()) > 1
    assert alone == union


def test_a_data_only_query_reads_no_ontology_unless_the_data_is_in_named_graphs(seed_build, tmp_path):
    from kg.cli.common import load_graph
    from kg.sparql.export import write_export

    classes = "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }"
    visits = "SELECT (COUNT(*) AS ?n) WHERE { ?v a kgo:Visit }"
    store = open_oxigraph(seed_build)
    assert int(answer(store, classes, "csv").split()[1]) > 20  # the ontology's classes
    assert answer(store, "#kg:data-only\n" + classes, "csv").split() == ["n", "0"]
    assert answer(store, "# kg:data-only\n" + classes, "csv") == answer(store, classes, "csv")  # not the mark
    trig = tmp_path / "graph.trig"  # one named graph per article: the data is there, not in the default graph
    write_export(load_graph(str(seed_build)), "trig", trig)
    per_article = open_oxigraph(trig)
    assert on_union(per_article, "#kg:data-only\n" + visits)
    seen = answer(per_article, "#kg:data-only\n" + visits, "csv").split()
    assert seen == answer(store, visits, "csv").split() and int(seen[1]) > 0
