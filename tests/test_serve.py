"""kg serve over real HTTP: SPARQLWrapper and curl as clients, content negotiation, refusals, loopback."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from sparql_helpers import canonical, free_port, wait_for
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper

from kg.sparql.query import format_result, run_query, saved_queries
from kg.sparql.store import open_store

VISITS = "SELECT ?v ?label WHERE { ?v a kgo:Visit ; rdfs:label ?label }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d kgo:charStart ?f . ?x kgo:articleId ?y }"


def start(graph: Path, *options: str):
    """`kg serve` in a subprocess on a free port; returns the process and its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    if not wait_for(base + "/", 30):
        proc.kill()
        pytest.fail(f"kg serve did not start: {proc.communicate()[0]}")
    return proc, base


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def endpoint(seed_build):
    proc, base = start(seed_build)
    yield base
    stop(proc)


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    """Status, content type and body of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def test_sparqlwrapper_gets_json_by_get_post_and_direct_post(endpoint):
    for method, request_method in ((None, None), (POST, None), (POST, POSTDIRECTLY)):
        client = SPARQLWrapper(endpoint + "/sparql")
        client.setQuery(VISITS)
        client.setReturnFormat(JSON)
        if method:
            client.setMethod(method)
        if request_method:
            client.setRequestMethod(request_method)
        answer = client.query().convert()
        assert answer["head"]["vars"] == ["v", "label"]
        assert len(answer["results"]["bindings"]) == 3


def test_curl_gets_json(endpoint):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    run = subprocess.run(["curl", "-sf", "-H", "Accept: application/sparql-results+json",
                          "--data-urlencode", f"query={VISITS}", endpoint + "/sparql"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["head"]["vars"] == ["v", "label"] and len(answer["results"]["bindings"]) == 3
    assert all(b["v"]["value"].startswith("https://kg.example.org/id/event/") for b in answer["results"]["bindings"])


@pytest.mark.parametrize("accept,media,check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "v,label"),
    ("text/tab-separated-values", "text/tab-separated-values", "?v\t?label"),
    ("text/tsv", "text/tsv", "?v\t?label"),
    ("text/html, application/json;q=0.5", "application/json", '"bindings"'),
])
def test_select_results_in_the_format_asked_for(endpoint, accept, media, check):
    status, ctype, body = http(endpoint + "/sparql?" + urllib.parse.urlencode({"query": VISITS}),
                               headers={"Accept": accept})
    assert status == 200 and ctype.startswith(media) and check in body


def test_graph_results_are_turtle_and_unknown_types_get_406(endpoint):
    construct = "CONSTRUCT { ?v a kgo:Visit } WHERE { ?v a kgo:Visit }"
    status, ctype, body = http(endpoint + "/sparql", construct.encode(),
                               {"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 3
    status, _, _ = http(endpoint + "/sparql", form(query=VISITS), {"Accept": "image/png"})
    assert status == 406


def test_updates_are_refused_and_change_nothing(endpoint):
    insert = "INSERT DATA { <https://example.org/s> <https://example.org/p> 1 }"
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setMethod(POST)
    client.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert http(endpoint + "/sparql", form(update=insert))[0] == 403
    assert http(endpoint + "/sparql", insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert http(endpoint + "/sparql", form(query=insert))[0] == 403
    status, _, body = http(endpoint + "/sparql", form(query="ASK { <https://example.org/s> ?p ?o }"),
                           {"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is False


def test_service_calls_are_refused(endpoint):
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    status, _, body = http(endpoint + "/sparql", form(query=federated))
    assert status == 403 and "SERVICE" in body


def test_a_malformed_query_is_a_400_with_line_and_column(endpoint):
    status, _, body = http(endpoint + "/sparql", form(query="SELECT ?v WHERE {\n  ?v a kgo:Visit"))
    assert status == 400 and "line 2, column" in body


def test_it_listens_on_loopback_only_by_default(endpoint):
    port = int(endpoint.rsplit(":", 1)[1])
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    listening = [line.split()[1] for line in tcp.read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == ["0100007F:" + f"{port:04X}"]  # 127.0.0.1, little-endian hex


def test_the_page_has_a_query_box_saved_queries_and_the_view(endpoint, seed_build):
    status, ctype, page = http(endpoint + "/")
    assert status == 200 and ctype.startswith("text/html") and "<textarea" in page
    for q in saved_queries():
        assert f"/queries/{q.name}.rq" in page
        assert http(endpoint + f"/queries/{q.name}.rq")[2] == q.text
    status, ctype, _ = http(endpoint + "/graph.html")
    assert status == 200 and ctype.startswith("text/html")


@pytest.mark.parametrize("name", [q.name for q in saved_queries()])
def test_every_saved_query_answers_as_embedded(endpoint, seed_build, name):
    text = next(q.text for q in saved_queries() if q.name == name)
    status, _, body = http(endpoint + "/sparql", form(query=text), {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert canonical(body) == canonical(format_result(run_query(open_store(seed_build), text), "json"))


def test_a_query_past_the_timeout_gets_503(seed_build):
    proc, base = start(seed_build, "--timeout", "0.2")
    try:
        status, _, body = http(base + "/sparql", form(query=SLOW))
        assert status == 503 and "timed out" in body
        assert http(base + "/sparql", form(query="ASK {}"))[0] == 200  # still serving
    finally:
        stop(proc)
