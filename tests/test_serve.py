"""kg serve over real HTTP: SPARQLWrapper, curl and a browser as clients; refusals, limits, timeouts.

The attacks are made for real: SERVICE aims at a listener on loopback that records whether it was
called, slow queries hold real processes, a rebuild rewrites the files being served.
"""
from __future__ import annotations

from http import client as httpclient
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph
from sparql_helpers import canonical, free_port, wait_for
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper

from kg.sparql.query import format_result, run_query
from kg.sparql.saved import saved_queries
from kg.sparql.store import open_store

ROOT = Path(__file__).resolve().parent.parent
VISITS = "SELECT ?v ?label WHERE { ?v a kgo:Visit ; rdfs:label ?label }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d kgo:charStart ?f . ?x kgo:articleId ?y }"
# 5,000³ rows to count: no machine finishes it within a test's timeout
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ARTICLES = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kgo:Article }"


def start(graph: Path, *options: str):
    """`kg serve` in a subprocess on a free port; returns the process (its log in proc.log) and its base URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="kg-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), *options],
                            stdout=log, stderr=subprocess.STDOUT)
    proc.log = Path(log.name)
    base = f"http://127.0.0.1:{port}"
    if not wait_for(base + "/", 30):
        proc.kill()
        pytest.fail(f"kg serve did not start: {proc.log.read_text()}")
    return proc, base


def stop(proc) -> str:
    """Stop the server; its log."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    text = proc.log.read_text(encoding="utf-8", errors="replace")
    proc.log.unlink()
    return text


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


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph.*deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("accept, parse_as", [("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
                                              ("application/ld+json", "json-ld")])
def test_a_graph_answer_is_the_same_triples_in_every_type(endpoint, accept, parse_as):
    construct = "CONSTRUCT { ?v a kgo:Visit ; rdfs:label ?l ; kgo:date ?d } WHERE { ?v a kgo:Visit ; rdfs:label ?l ; kgo:date ?d }"
    asked = {"Content-Type": "application/sparql-query"}
    _, _, turtle = http(endpoint + "/sparql", construct.encode(), {**asked, "Accept": "text/turtle"})
    status, ctype, body = http(endpoint + "/sparql", construct.encode(), {**asked, "Accept": accept})
    assert status == 200 and ctype.startswith(accept)
    expected = set(Graph().parse(data=turtle, format="turtle"))
    assert set(Graph().parse(data=body, format=parse_as)) == expected and len(expected) == 9


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


def test_a_data_only_query_reads_the_data_graph_as_kg_query_does(endpoint):
    classes = "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }"
    counts = []
    for text in (classes, "#kg:data-only\n" + classes):
        status, _, body = http(endpoint + "/sparql", form(query=text), {"Accept": "text/csv"})
        assert status == 200, body
        counts.append(int(body.split()[1]))
    assert counts[0] > 20 and counts[1] == 0  # the ontology's classes, then none: the data alone


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


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """Status, headers and body of a request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


@pytest.fixture(scope="module")
def rdflib_endpoint(seed_build):
    proc, base = start(seed_build, "--backend", "rdflib")
    yield base
    stop(proc)


@pytest.fixture(params=["oxigraph", "rdflib"])
def any_endpoint(request):
    return request.getfixturevalue("endpoint" if request.param == "oxigraph" else "rdflib_endpoint")


# --- SERVICE: a listener on loopback that must never hear from the endpoint ---------------------

class Listener(BaseHTTPRequestHandler):
    """A SPARQL endpoint stand-in that records every request and answers one row, so a call shows."""
    calls: list = []

    def _answer(self):
        self.calls.append(self.path)
        body = json.dumps({"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": [
            {v: {"type": "literal", "value": "LEAKED"} for v in "spo"}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # noqa: N815  the names http.server dispatches to

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    handler = type("Recorder", (Listener,), {"calls": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql", handler.calls
    server.shutdown()


FEDERATED = {
    "plain": "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
    # Oxigraph ends a comment at a carriage return; the old regex read the rest of the line as comment
    "comment-cr": "SELECT * WHERE { #x\rSERVICE <URL> { ?s ?p ?o } }",
    "comment-cr-lf": "SELECT * WHERE { #x\rSERVICE <URL> { ?s ?p ?o } \n}",
    # a codepoint escape is read before parsing: rdflib ran this one
    "escaped": "SELECT * WHERE { \\u0053ERVICE <URL> { ?s ?p ?o } }",
    "escaped-long": "SELECT * WHERE { \\U00000053ERVICE <URL> { ?s ?p ?o } }",
    "lowercase-silent": "select * where { service silent <URL> { ?s ?p ?o } }",
    "in-exists": "SELECT * WHERE { ?x ?y ?z FILTER EXISTS { SERVICE <URL> { ?s ?p ?o } } }",
    "in-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <URL> { ?s ?p ?o } } } }",
    "variable": "SELECT * WHERE { VALUES ?u { <URL> } SERVICE ?u { ?s ?p ?o } }",
    "prefixed": "PREFIX remote: <URL> SELECT * WHERE { SERVICE remote: { ?s ?p ?o } }",
    # «<?b#x>» looks like an IRI to a pattern, which then took «\"\"\"» for a string hiding SERVICE
    "fake-iri": 'SELECT * WHERE { ?a ?b ?c FILTER(?a<?b#x>"""\n) SERVICE <URL> { ?s ?p ?o } #"""\n}',
    "escape-of-escape": "SELECT * WHERE { \\u005Cu0053ERVICE <URL> { ?s ?p ?o } }",
    "load": "LOAD <URL>",
    "load-into": "PREFIX a: <https://example.org/> LOAD SILENT <URL> INTO GRAPH a:g",
}


@pytest.mark.parametrize("name", sorted(FEDERATED))
def test_service_and_load_never_reach_the_network(any_endpoint, listener, name):
    url, calls = listener
    query = FEDERATED[name].replace("URL", url)
    for body, ctype in ((query.encode(), "application/sparql-query"), (form(query=query), None)):
        status, _, text = fetch(any_endpoint + "/sparql", body, {"Content-Type": ctype} if ctype else {})
        assert status in (400, 403), text
        assert "LEAKED" not in text
    assert calls == []


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_selects_a_graph_and_fetches_nothing(any_endpoint, listener, clause):
    url, calls = listener
    query = f"SELECT * {clause} <{url}> WHERE {{ ?s ?p ?o }}"
    status, _, text = fetch(any_endpoint + "/sparql", form(query=query), {"Accept": "application/json"})
    assert status == 200 and "LEAKED" not in text
    assert calls == []


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',
    "SELECT ?s WHERE { ?s ?p <https://example.org/SERVICE> }",
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "SELECT ?s WHERE { # SERVICE <http://127.0.0.1:9/>\n ?s ?p ?o } LIMIT 1",
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o != "\\u0053ERVICE") } LIMIT 1',
])
def test_the_word_service_as_data_is_not_refused(any_endpoint, query):
    status, _, text = fetch(any_endpoint + "/sparql", form(query=query), {"Accept": "application/json"})
    assert status == 200, text


def test_a_query_process_cannot_open_a_socket(listener):
    # the second wall: were a SERVICE to get past the parse, its process could not connect anywhere
    from kg.sparql.worker import network_wall

    if not network_wall():
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("CI must have libseccomp (Debian's libseccomp2)")
        pytest.skip("no libseccomp here")
    url, calls = listener
    code = ("import sys, urllib.request; from kg.sparql.worker import no_new_sockets; assert no_new_sockets(); "
            "urllib.request.urlopen(sys.argv[1], timeout=5)")
    run = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "Operation not permitted" in run.stderr
    assert calls == []
    # the near miss: the same process without the wall reaches the listener
    run = subprocess.run([sys.executable, "-c", code.replace("assert no_new_sockets(); ", ""), url],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert len(calls) == 1


# --- timeouts: a slow query is a process, killed at the deadline --------------------------------

def children(pid: int) -> set[int]:
    """Processes whose parent is pid."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def test_slow_queries_are_killed_and_a_small_one_is_answered_meanwhile(seed_build):
    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc to count the server's processes")
    proc, base = start(seed_build, "--timeout", "8")
    try:
        before = threads(proc.pid)
        with ThreadPoolExecutor(6) as pool:
            slow = [pool.submit(fetch, base + "/sparql", form(query=ENDLESS)) for _ in range(6)]
            deadline = time.monotonic() + 30
            while len(children(proc.pid)) < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
            running = children(proc.pid)
            assert len(running) == 6  # six queries, six processes (none forked ahead yet: none has ended)
            status, _, body = fetch(base + "/sparql", form(query=ARTICLES), {"Accept": "text/csv"})
            pending = sum(not f.done() for f in slow)
            assert status == 200 and body.split()[1] == "5"
            assert pending == 6  # answered while all six slow queries were still running
            assert [f.result()[0] for f in slow] == [503] * 6
        deadline = time.monotonic() + 10
        while len(children(proc.pid)) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(running - children(proc.pid)) >= 6  # the six were killed, not abandoned
        assert len(children(proc.pid)) <= 1  # what is left is the one waiting for the next query
        assert threads(proc.pid) <= before + 1  # nothing left running inside the server either
    finally:
        stop(proc)


# --- limits ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def capped(seed_build):
    proc, base = start(seed_build, "--max-rows", "10")
    yield base
    stop(proc)


ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_a_long_answer_is_cut_at_max_rows_and_says_so(capped, accept):
    status, headers, body = fetch(capped + "/sparql", form(query=ALL), {"Accept": accept})
    assert status == 200 and headers["X-KG-Truncated"] == "10"
    if "json" in accept:
        answer = json.loads(body)
        assert len(answer["results"]["bindings"]) == 10 and "--max-rows" in answer["warning"]
    elif "xml" in accept:
        assert body.count("<result>") == 10 and "--max-rows" in body
    else:
        assert len(body.splitlines()) == 11


def test_an_answer_of_exactly_max_rows_is_not_cut(capped):
    status, headers, body = fetch(capped + "/sparql", form(query=ALL + " LIMIT 10"), {"Accept": "application/json"})
    assert status == 200 and "X-KG-Truncated" not in headers
    assert len(json.loads(body)["results"]["bindings"]) == 10 and "warning" not in json.loads(body)


def test_a_graph_answer_is_cut_too(capped):
    status, headers, body = fetch(capped + "/sparql", form(query="CONSTRUCT WHERE { ?s ?p ?o }"),
                                  {"Accept": "text/turtle"})
    assert status == 200 and headers["X-KG-Truncated"] == "10"
    assert len(Graph().parse(data=body, format="turtle")) == 10 and "--max-rows" in body


def post_raw(base: str, body: bytes, chunked: bool) -> tuple[int, str]:
    """POST a query body with a Content-Length, or in chunks without one."""
    host, port = base.removeprefix("http://").split(":")
    conn = httpclient.HTTPConnection(host, int(port), timeout=60)
    try:
        if chunked:
            conn.request("POST", "/sparql", body=iter([body[i:i + 65536] for i in range(0, len(body), 65536)]),
                         headers={"Content-Type": "application/sparql-query"}, encode_chunked=True)
        else:
            conn.request("POST", "/sparql", body=body, headers={"Content-Type": "application/sparql-query"})
        r = conn.getresponse()
        return r.status, r.read().decode()
    except (ConnectionError, httpclient.HTTPException):
        return 0, "connection closed"
    finally:
        conn.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_is_refused_with_413(endpoint, chunked):
    padding = "#" + "x" * 2_000_000 + "\n"
    status, text = post_raw(endpoint, (padding + "ASK {}").encode(), chunked)
    assert status == 413 and "limit" in text
    # the near miss: the same query padded to just under 1 MB
    status, text = post_raw(endpoint, ("#" + "x" * 1_000_000 + "\nASK {}").encode(), chunked)
    assert status == 200, text


# --- bad requests: a 400 with a message, and no traceback in the log ------------------------------

BAD = [
    ("invalid utf-8 body", b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }", "application/sparql-query", 400, "not UTF-8"),
    ("invalid utf-8 form", b"query=SELECT%20%FF", "application/x-www-form-urlencoded", 400, "not percent-encoded UTF-8"),
    ("unknown prefix", b"SELECT * WHERE { ?s a nosuch:Thing }", "application/sparql-query", 400, "unknown prefix"),
    ("malformed", b"SELECT * WHERE {", "application/sparql-query", 400, "syntax error"),
    ("nested", b"SELECT * WHERE { FILTER(" + b"(" * 3000 + b"1" + b")" * 3000 + b") }", "application/sparql-query",
     400, "nested"),
    ("lone surrogate", b"SELECT * WHERE { ?s ?p \"\\uD800\" }", "application/sparql-query", 400, "not a character"),
    ("service", b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "application/sparql-query",
     403, "SERVICE"),
    ("wrong type", b"ASK {}", "text/plain", 415, "POST a query"),
]


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_bad_requests_get_a_message_and_leave_no_traceback(seed_build, backend):
    proc, base = start(seed_build, "--backend", backend)
    try:
        for name, body, ctype, code, message in BAD:
            status, _, text = fetch(base + "/sparql", body, {"Content-Type": ctype})
            assert (status, message in text) == (code, True), f"{name}: {status} {text}"
    finally:
        log = stop(proc)
    assert "Traceback" not in log and "Exception" not in log, log


@pytest.mark.parametrize("where", ["a port in use", "a port out of range", "an address of no interface here"])
def test_a_port_or_host_it_cannot_listen_on_is_a_message(seed_build, where):
    port = free_port()
    with socket.socket() as held:
        held.bind(("127.0.0.1", port))
        held.listen()
        args = {"a port in use": ["--port", str(port)], "a port out of range": ["--port", "70000"],
                "an address of no interface here": ["--host", "192.0.2.1", "--port", str(port)]}[where]
        run = subprocess.run([sys.executable, "-m", "kg", "serve", str(seed_build), *args], capture_output=True,
                             text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    message = {"a port in use": f"cannot listen on 127.0.0.1 port {port}: Address already in use",
               "a port out of range": "--port must be 1 to 65535, not 70000",
               "an address of no interface here": f"cannot listen on 192.0.2.1 port {port}"}[where]
    assert message in run.stderr and "Traceback" not in run.stderr and "endpoint at" not in run.stderr, run.stderr


# --- CORS: a page from another origin may read -----------------------------------------------------

def test_cors_preflight_and_reads(endpoint):
    status, headers, _ = fetch(endpoint + "/sparql", method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, _ = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": VISITS}),
                               headers={"Origin": "https://yasgui.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert "X-KG-Build" in headers["Access-Control-Expose-Headers"]


PAGE = """<!doctype html><meta charset="utf-8"><title>waiting</title><script>
fetch("ENDPOINT/sparql", {method: "POST", body: "QUERY",
  headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}})
  .then(r => r.json().then(d => { document.title = "rows " + d.results.bindings.length + " build " + r.headers.get("X-KG-Build"); }))
  .catch(e => { document.title = "blocked " + e; });
</script>"""


def test_a_page_from_another_origin_queries_it_in_a_real_browser(endpoint, tmp_path):
    from headless import _chromium_binary, missing

    reason = missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    (tmp_path / "index.html").write_text(PAGE.replace("ENDPOINT", endpoint).replace("QUERY", VISITS))
    handler = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    origin = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(tmp_path)))
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = _chromium_binary()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"http://127.0.0.1:{origin.server_port}/index.html")
        deadline = time.monotonic() + 30
        while driver.title == "waiting" and time.monotonic() < deadline:
            time.sleep(0.1)
        build = fetch(endpoint + "/")[1]["X-KG-Build"]
        assert driver.title == f"rows 3 build {build}"
    finally:
        driver.quit()
        origin.shutdown()


# --- DNS rebinding: on loopback, only loopback names ----------------------------------------------

@pytest.mark.parametrize("host, status", [
    ("evil.example:{port}", 403), ("evil.example", 403), ("127.0.0.1.evil.example", 403),
    ("localhost:{port}", 200), ("127.0.0.1:{port}", 200), ("[::1]:{port}", 200), ("LOCALHOST.", 200),
])
def test_on_loopback_only_loopback_host_names_are_answered(endpoint, host, status):
    port = endpoint.rsplit(":", 1)[1]
    got, _, text = fetch(endpoint + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                         headers={"Host": host.format(port=port)})
    assert got == status, text
    if status == 403:
        assert "DNS rebinding" in text


def test_allow_host_adds_a_name(seed_build):
    proc, base = start(seed_build, "--allow-host", "kg.lan")
    try:
        assert fetch(base + "/", headers={"Host": "kg.lan"})[0] == 200
        assert fetch(base + "/", headers={"Host": "other.lan"})[0] == 403
    finally:
        stop(proc)


# --- a rebuild: /sparql and the pages move to the new build together --------------------------------

NEW = " date 2024-04-15 Аким Карагандинской области Ермаганбет Булекпаев посетил Сатпаев и встретился с жителями.\n"


def test_after_a_rebuild_the_graph_and_the_view_are_the_new_build(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", src)
    out = tmp_path / "build"
    kg_build = [sys.executable, "-m", "kg", "build", str(src), "--out", str(out), "-q"]
    subprocess.run(kg_build, check=True, capture_output=True, timeout=300)
    proc, base = start(out)
    try:
        status, headers, body = fetch(base + "/sparql?format=csv&" + urllib.parse.urlencode({"query": ARTICLES}))
        old = headers["X-KG-Build"]
        assert body.split()[1] == "5"
        (src / "new.txt").write_text(NEW, encoding="utf-8")
        subprocess.run(kg_build, check=True, capture_output=True, timeout=300)
        deadline = time.monotonic() + 60
        while fetch(base + "/sparql?format=csv&query=ASK%7B%7D")[1]["X-KG-Build"] == old:
            assert time.monotonic() < deadline, "the server still serves the old build a minute after the rebuild"
            time.sleep(0.2)
        _, headers, body = fetch(base + "/sparql?format=csv&" + urllib.parse.urlencode({"query": ARTICLES}))
        assert body.split()[1] == "6" and headers["X-KG-Build"] != old
        for name in ("graph.html", "timeline.html", "map.html"):
            _, page_headers, page = fetch(base + "/" + name)
            assert page == (out / name).read_text(encoding="utf-8")
            assert page_headers["X-KG-Build"] == headers["X-KG-Build"]
    finally:
        stop(proc)
