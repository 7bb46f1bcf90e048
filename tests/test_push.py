"""kg push into a real Oxigraph server on loopback: counts round-trip, pushing twice changes nothing.

The server is Oxigraph's own (`pip install oxigraph`), started here on a free port. With CI=true
a server that does not start is a failure, not a skip.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph
from sparql_helpers import canonical, free_port, wait_for

from kg.sparql.export import GRAPH_BASE, article_graph, split_by_article
from kg.sparql.push import push
from kg.sparql.query import format_result, run_query, saved_queries
from kg.sparql.store import open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
REMOVED_ARTICLE = "004_5e81b90bb488c3c4"


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120,
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


def test_pushing_twice_changes_nothing(pushed, seed_build):
    before = number(ask(pushed, QUADS))
    run = kg("push", str(seed_build), "--endpoint", pushed + "/store")
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


class AuthRecorder(BaseHTTPRequestHandler):
    """A Graph Store stand-in that records each PUT's Authorization, asking for Digest if told to."""
    seen: list = []
    digest = False

    def do_PUT(self):  # noqa: N802  the name http.server dispatches to
        self.rfile.read(int(self.headers["Content-Length"]))
        auth = self.headers.get("Authorization", "")
        if self.digest and not auth.startswith("Digest "):
            self.send_response(401)
            self.send_header("WWW-Authenticate", f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth"')
            self.end_headers()
            return
        self.seen.append((urllib.parse.unquote(self.path), auth))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


REALM, NONCE = "SPARQL", "4e4f4e4345"


def digest_is_valid(header: str, path: str) -> bool:
    """Check an RFC 7616 (qop=auth, MD5) answer for writer:s3cret, as Virtuoso would."""
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
    md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731, S324  the protocol's hash
    ha1, ha2 = md5(f"writer:{REALM}:s3cret"), md5(f"PUT:{fields['uri']}")
    expected = md5(f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
    return fields["response"] == expected and urllib.parse.unquote(fields["uri"]) == path


@pytest.mark.parametrize("digest", [False, True], ids=["basic", "digest"])
def test_credentials_come_from_the_environment(seed_build, digest):
    handler = type("Recorder", (AuthRecorder,), {"seen": [], "digest": digest})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run = kg("push", str(seed_build), "--endpoint", f"http://127.0.0.1:{server.server_port}/store",
                 env={"KG_PUSH_AUTH": "writer:s3cret"})
    finally:
        server.shutdown()
    assert run.returncode == 0, run.stderr
    assert handler.seen and any(path.endswith(f"graph={GRAPH_BASE}ontology") for path, _ in handler.seen)
    if digest:
        assert all(digest_is_valid(auth, path) for path, auth in handler.seen)
    else:
        token = "Basic " + base64.b64encode(b"writer:s3cret").decode()
        assert all(auth == token for _, auth in handler.seen)
