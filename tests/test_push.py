"""kg push into real stores on loopback: Oxigraph's server and Virtuoso (Debian's virtuoso-t).

Counts round-trip, pushing twice changes nothing, Virtuoso's Digest login works and nothing is
sent before it asks. Faults are real too: a proxy in front of the real store fails or holds a
request midway, and the `kg push` process is killed there. With CI=true a store that does not
start is a failure, not a skip.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph
from conftest import ROOT, SEEDS
from sparql_helpers import canonical, free_port, wait_for

from kg.graph.vocab import ONTOLOGY_FILE
from kg.sparql.export import GRAPH_BASE, article_graph, split_by_article
from kg.sparql.push import push
from kg.sparql.query import format_result, run_query
from kg.sparql.saved import saved_queries
from kg.sparql.store import open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
REMOVED_ARTICLE = "004_5e81b90bb488c3c4"


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"oxigraph server: {reason}")
    pytest.skip(f"oxigraph server: {reason}")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """Base URL of an Oxigraph server whose default graph is the union of its named graphs."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).is_file():
        unavailable("the oxigraph command is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    if not wait_for(base + "/", 30):
        proc.kill()
        unavailable(f"did not start: {proc.communicate()[0]}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def ask(base: str, query: str) -> dict:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())


def number(answer: dict) -> int:
    return int(answer["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def local(seed_build):
    return open_store(seed_build)


@pytest.fixture(scope="module")
def pushed(oxigraph, seed_build):
    run = kg("push", str(seed_build), "--endpoint", oxigraph + "/store", "--sparql", oxigraph + "/query")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("pushed ")
    return oxigraph


def test_the_server_holds_as_many_triples_as_the_local_graph(pushed, local):
    (local_count,), = run_query(local, COUNT)
    assert number(ask(pushed, COUNT)) == int(local_count)
    assert number(ask(pushed, QUADS)) == int(local_count)  # each triple in one graph: no duplicates


@pytest.mark.parametrize("staged", [False, True], ids=["in-place", "staged"])
def test_pushing_twice_changes_nothing(pushed, seed_build, staged):
    before = number(ask(pushed, QUADS))
    run = kg("push", str(seed_build), "--endpoint", pushed + "/store",
             *(["--update", pushed + "/update"] if staged else []))
    assert run.returncode == 0, run.stderr
    assert number(ask(pushed, QUADS)) == before


@pytest.mark.parametrize("name", [q.name for q in saved_queries()])
def test_every_saved_query_answers_on_the_server_as_embedded(pushed, local, name):
    # the saved queries declare their prefixes, so they run unchanged on any store
    text = next(q.text for q in saved_queries() if q.name == name)
    assert canonical(ask(pushed, text)) == canonical(format_result(run_query(local, text), "json"))


def test_visits_by_person_on_the_server(pushed):
    answer = ask(pushed, next(q.text for q in saved_queries() if q.name == "visits-by-person"))
    destinations = {b["destination"]["value"] for b in answer["results"]["bindings"]
                    if b["person"]["value"] == "Маулен Ашимбаев"}
    assert {"Карагандинская область", "Кызылординская область", "Восточно-Казахстанская область"} <= destinations


def test_graphs_of_removed_articles_are_deleted(pushed, seed_build):
    full = Graph().parse(seed_build / "graph.ttl", format="turtle")
    fewer = Graph()
    for s, p, o, g in split_by_article(full).quads():
        if g != article_graph(REMOVED_ARTICLE):
            fewer.add((s, p, o))
    try:
        report = push(fewer, pushed + "/store", sparql=pushed + "/query")
        assert report.removed == [str(article_graph(REMOVED_ARTICLE))]
        assert number(ask(pushed, QUADS)) == report.triples
    finally:
        push(full, pushed + "/store", sparql=pushed + "/query")


class Proxy(BaseHTTPRequestHandler):
    """Forwards every request to a real store and records it; can fail, hold or delay the n-th upload.

    An upload is a PUT or POST to the Graph Store path. `fail_at`: that upload gets a 500 and never
    reaches the store; `hold_at`: it waits (and `held` is set) until the test releases it.
    """
    target = ""
    seen: list = []
    fail_at = hold_at = 0
    delay = 0.0
    held: threading.Event
    release: threading.Event

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        upload = self.command in ("PUT", "POST") and "graph=" in self.path
        self.seen.append({"method": self.command, "path": self.path, "auth": self.headers.get("Authorization", ""),
                          "lines": body.count(b"\n") if upload else 0, "upload": upload})
        uploads = sum(r["upload"] for r in self.seen)
        if upload and uploads == self.fail_at:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if upload and uploads == self.hold_at:
            self.held.set()
            self.release.wait(120)
        time.sleep(self.delay)
        target = urllib.parse.urlsplit(self.target)
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body or None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        self.send_response(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward  # noqa: N815  http.server's names

    def log_message(self, *args):
        pass


class proxy:  # noqa: N801  a context manager used like a function
    """`with proxy(target, fail_at=3) as p:` p.url is the proxy's address, p.seen what went through."""

    def __init__(self, target: str, **options):
        self.handler = type("P", (Proxy,), {"target": target, "seen": [], "held": threading.Event(),
                                            "release": threading.Event(), **options})

    def __enter__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.seen = self.handler.seen
        return self

    def __exit__(self, *exc):
        self.handler.release.set()
        self.server.shutdown()


def url_of(server_url: str, endpoint: str) -> str:
    """endpoint (a URL of the real store) with the proxy's address."""
    return server_url + urllib.parse.urlsplit(endpoint).path


def auth_env():
    from virtuoso import WRITER

    return {"KG_PUSH_AUTH": ":".join(WRITER)}


def under(base: str) -> str:
    """The graph pattern of every triple in a graph under base (Virtuoso holds system graphs too)."""
    return f"GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {json.dumps(base)}))"


def live(base: str = GRAPH_BASE) -> str:
    return under(base) + f" FILTER(!STRSTARTS(STR(?g), {json.dumps(base + 'staging/')}))"


def expected_count(graph: Graph) -> int:
    return len(graph) + len(Graph().parse(ONTOLOGY_FILE, format="turtle"))


@pytest.fixture(scope="module")
def full(seed_build) -> Graph:
    return Graph().parse(seed_build / "graph.ttl", format="turtle")


@pytest.fixture(scope="module")
def fewer(full, tmp_path_factory) -> Path:
    """The seed build without one article, as a .ttl file kg push can read."""
    g = Graph()
    for s_, p, o, c in split_by_article(full).quads():
        if c != article_graph(REMOVED_ARTICLE):
            g.add((s_, p, o))
    path = tmp_path_factory.mktemp("fewer") / "graph.ttl"
    g.serialize(path, format="turtle")
    return path


def push_to(virtuoso, graph, *options, through: str | None = None, env: dict | None = None):
    base = through or virtuoso.base
    return kg("push", str(graph), "--endpoint", url_of(base, virtuoso.store), "--sparql", virtuoso.sparql,
              *options, env=auth_env() if env is None else env)


def test_virtuoso_takes_the_seeds_with_digest_and_counts_round_trip(virtuoso, seed_build, full):
    with proxy(virtuoso.base) as p:
        run = push_to(virtuoso, seed_build, through=p.url)
    assert run.returncode == 0, run.stderr
    assert virtuoso.count(live()) == expected_count(full)
    names = {b["g"]["value"] for b in virtuoso.select(
        f"SELECT DISTINCT ?g WHERE {{ {under(GRAPH_BASE)} }}")}
    assert names == {str(g.identifier) for g in split_by_article(full, with_ontology=True).graphs()
                     if len(g) and str(g.identifier).startswith(GRAPH_BASE)}
    # credentials only after Virtuoso asked: the first request to each endpoint carries none, and
    # never Basic, which Virtuoso answers with a bare 401
    first = {}
    for r in p.seen:
        first.setdefault(r["path"].split("?")[0], r)
    assert first and all(r["auth"] == "" for r in first.values())
    assert all(r["auth"].startswith("Digest ") or r["auth"] == "" for r in p.seen)
    assert all(r["auth"].startswith("Digest ") for r in p.seen if r["upload"])


@pytest.fixture(scope="module")
def streamed(tmp_path_factory) -> Path:
    """A streamed build of the seeds and the shared corpus (of the seeds alone when it is not beside us)."""
    from kg.build.pipeline import build

    corpus = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
    out = tmp_path_factory.mktemp("streamed")
    build([str(p) for p in (SEEDS, corpus) if p.is_dir()], out, stream=True, progress=False)
    return out


def test_a_streamed_build_is_split_from_its_store_as_from_its_graph_file(streamed, tmp_path):
    """kg push reads a streamed build's store in little memory, not graph.ttl whole into rdflib (split.py):
    the same graphs with the same lines."""
    import pyoxigraph as ox

    from kg.sparql.dataset import graph_parts
    from kg.sparql.split import StoreSplit

    in_memory = graph_parts(split_by_article(Graph().parse(streamed / "graph.ttl"), with_ontology=True))
    split = StoreSplit(ox.Store.read_only(str(streamed / "store")), tmp_path / "split.sqlite")
    try:
        from_store = list(split)
    finally:
        split.close()
    assert [p.name for p in from_store] == [p.name for p in in_memory] and len(in_memory) > 5
    for a, b in zip(from_store, in_memory):
        assert a.lines == b.lines, a.name


def test_a_streamed_build_is_pushed_from_its_store(virtuoso, streamed, tmp_path):
    """Into a real Virtuoso, under a base of its own; graph.ttl is taken away, so the store is what is read."""
    build = tmp_path / "build"
    shutil.copytree(streamed, build, symlinks=False, ignore=shutil.ignore_patterns("graph.ttl"))
    base = "https://kg.example.org/streamed/"
    run = push_to(virtuoso, build, "--graph", base)
    assert run.returncode == 0, run.stderr
    assert "splitting" in run.stderr and not list(build.glob(".kg-split-*"))  # the scratch file is gone
    full = Graph().parse(streamed / "graph.ttl")
    assert virtuoso.count(live(base)) == expected_count(full)
    names = {b["g"]["value"] for b in virtuoso.select(f"SELECT DISTINCT ?g WHERE {{ {live(base)} }}")}
    assert names == {str(g.identifier) for g in split_by_article(full, base, with_ontology=True).graphs() if len(g)}


def test_wrong_credentials_and_a_store_that_is_down_say_different_things(virtuoso, seed_build):
    wrong = push_to(virtuoso, seed_build, env={"KG_PUSH_AUTH": "writer:not-the-password"})
    assert wrong.returncode == 2 and "refused the credentials in $KG_PUSH_AUTH" in wrong.stderr
    assert "wrong user or password" in wrong.stderr and "Traceback" not in wrong.stderr
    none = push_to(virtuoso, seed_build, env={"KG_PUSH_AUTH": ""})
    assert none.returncode == 2 and "asks for credentials (Digest" in none.stderr
    down = kg("push", str(seed_build), "--endpoint", f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth",
              env=auth_env())
    assert down.returncode == 2 and "cannot reach the store" in down.stderr and "credentials" not in down.stderr
    for run in (wrong, none, down):
        assert "state of the store: unchanged." in run.stderr


def test_a_user_without_the_update_role_is_told_so(virtuoso, seed_build):
    virtuoso.add_user("reader", "r3ad-only", update=False)
    run = push_to(virtuoso, seed_build, env={"KG_PUSH_AUTH": "reader:r3ad-only"})
    assert run.returncode == 2 and "HTTP 403" in run.stderr and "SPARQL_UPDATE" in run.stderr


def test_a_killed_staged_push_leaves_the_live_graphs_whole_and_a_re_push_finishes(virtuoso, seed_build, full, fewer):
    run = push_to(virtuoso, fewer, "--update", virtuoso.update)
    assert run.returncode == 0, run.stderr
    before = virtuoso.count(live())
    assert before == expected_count(full) - len(split_by_article(full).graph(article_graph(REMOVED_ARTICLE)))
    with proxy(virtuoso.base, hold_at=4) as p:
        cmd = [sys.executable, "-m", "kg", "push", str(seed_build), "--endpoint", url_of(p.url, virtuoso.store),
               "--sparql", virtuoso.sparql, "--update", url_of(p.url, virtuoso.update)]
        child = subprocess.Popen(cmd, env={**os.environ, **auth_env()}, stderr=subprocess.PIPE)
        assert p.handler.held.wait(120), "the push never reached its fourth upload"
        child.send_signal(signal.SIGKILL)  # as the out-of-memory killer or a power cut would
        child.wait()
    assert virtuoso.count(live()) == before  # the live graphs still hold the previous push, whole
    assert virtuoso.count(under(GRAPH_BASE + "staging/")) > 0  # what was staged before the kill
    run = push_to(virtuoso, seed_build, "--update", virtuoso.update)
    assert run.returncode == 0, run.stderr
    assert virtuoso.count(live()) == expected_count(full)
    assert virtuoso.count(under(GRAPH_BASE + "staging/")) == 0  # the leftovers were removed


def test_a_staged_push_that_fails_changes_nothing_and_cleans_up(virtuoso, seed_build, full, fewer):
    assert push_to(virtuoso, fewer, "--update", virtuoso.update).returncode == 0
    before = virtuoso.count(live())
    with proxy(virtuoso.base, fail_at=3) as p:
        run = push_to(virtuoso, seed_build, "--update", url_of(p.url, virtuoso.update), through=p.url)
    assert run.returncode == 2 and "HTTP 500" in run.stderr
    assert "the live graphs are unchanged; the staged graphs were removed" in run.stderr
    assert virtuoso.count(live()) == before
    assert virtuoso.count(under(GRAPH_BASE + "staging/")) == 0


def test_an_in_place_push_that_fails_says_how_far_it_got_and_a_re_push_repairs_it(virtuoso, seed_build, full,
                                                                               fewer):
    assert push_to(virtuoso, fewer).returncode == 0
    with proxy(virtuoso.base, fail_at=3) as p:
        run = push_to(virtuoso, seed_build, through=p.url)
    assert run.returncode == 2
    assert "2 of 7 graphs hold this build" in run.stderr and "a re-push repairs it" in run.stderr
    assert push_to(virtuoso, seed_build).returncode == 0
    assert virtuoso.count(live()) == expected_count(full)


def test_a_large_graph_goes_in_chunks(virtuoso, seed_build, full):
    biggest = max(split_by_article(full).graphs(), key=len)
    chunk = len(biggest) // 3 + 1
    with proxy(virtuoso.base) as p:
        run = push_to(virtuoso, seed_build, "--chunk", str(chunk), through=p.url)
    assert run.returncode == 0, run.stderr
    uploads = [r for r in p.seen if r["upload"]]
    parts = [r for r in uploads if r["path"].endswith("graph=" + urllib.parse.quote(str(biggest.identifier), safe=""))]
    assert [r["method"] for r in parts] == ["PUT", "POST", "POST"]
    assert max(r["lines"] for r in uploads) <= chunk
    assert virtuoso.count(live()) == expected_count(full)


def test_timeout_is_an_option(virtuoso, seed_build):
    with proxy(virtuoso.base, delay=3) as p:
        slow = push_to(virtuoso, seed_build, "--timeout", "1", through=p.url)
        assert slow.returncode == 2 and "no answer within 1 s" in slow.stderr and "--timeout" in slow.stderr
        assert push_to(virtuoso, seed_build, "--timeout", "30", through=p.url).returncode == 0


def test_the_default_timeout_grows_with_the_request():
    from kg.sparql.push import CHUNK, request_timeout

    assert request_timeout(0) == 60 and request_timeout(CHUNK) > request_timeout(1000) > 60


@pytest.mark.parametrize("option", ["--endpoint", "--sparql", "--update"])
def test_a_url_that_is_not_one_is_a_message(seed_build, option):
    args = ["--endpoint", "http://127.0.0.1:9/store"] if option != "--endpoint" else []
    run = kg("push", str(seed_build), *args, option, "not-a-url")
    assert run.returncode == 2 and "'not-a-url' is not an http(s) URL" in run.stderr
    assert "Traceback" not in run.stderr


class BasicStore(BaseHTTPRequestHandler):
    """A store that asks for Basic credentials, as Fuseki or GraphDB behind a proxy do; records what came."""
    seen: list = []

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        auth = self.headers.get("Authorization", "")
        self.seen.append((self.command, auth))
        ok = auth == "Basic " + base64.b64encode(b"writer:s3cret").decode()
        self.send_response(201 if ok else 401)
        if not ok:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_HEAD = _answer  # noqa: N815

    def log_message(self, *args):
        pass


def test_basic_is_sent_only_after_the_store_asks(seed_build):
    handler = type("Recorder", (BasicStore,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run = kg("push", str(seed_build), "--endpoint", f"http://127.0.0.1:{server.server_port}/store",
                 env={"KG_PUSH_AUTH": "writer:s3cret"})
    finally:
        server.shutdown()
    assert run.returncode == 0, run.stderr
    assert handler.seen[0] == ("HEAD", "")  # asked without credentials first
    assert all(auth.startswith("Basic ") for method, auth in handler.seen if method == "PUT")
