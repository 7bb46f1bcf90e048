"""Load a built graph into an external store: Graph Store Protocol uploads, a SPARQL Update to switch.

Each article's named graph (see export.py), the shared graph and the ontology's are uploaded with
PUT (a large one as a PUT and POSTs of at most `chunk` triples), so pushing a rebuild never
duplicates. With an update endpoint, the graphs go into staging graphs first and one update
request MOVEs them over the live ones: a push that fails or is killed before that leaves the live
graphs as they were. Without one, each graph is replaced in turn, and a failure says how far it got.
Credentials are sent only when the store asks for them (a 401 with a challenge), as Digest, the
way Virtuoso asks, or Basic.
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .export import GRAPH_BASE, split_by_article
from .dataset import Part, graph_parts
from .split import StoreSplit, scratch_folder

CHUNK = 50_000  # triples per request; Virtuoso reads 50k in a few seconds
PAGE = 5_000  # rows per page when listing remote graphs (Virtuoso cuts answers at ResultSetMaxRows)


def request_timeout(triples: int) -> float:
    """Seconds to wait for a store to take a request of this many triples: 60 s, and 1 s per thousand."""
    return 60 + triples / 1000


class PushError(Exception):
    """The store refused a request or could not be reached; the message says what state it left."""


class AuthError(PushError):
    """The store asked for credentials that were missing, or refused the ones given."""


@dataclass
class PushReport:
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    removed: list[str] = field(default_factory=list)
    staged: bool = False
    warnings: list[str] = field(default_factory=list)


def push(graph: Graph | ox.Store, endpoint: str, base: str = GRAPH_BASE, credentials: str | None = None,
         sparql: str | None = None, update: str | None = None, timeout: float | None = None,
         chunk: int = CHUNK, progress: Callable[[int, int], None] | None = None,
         credentials_from: str = "KG_PUSH_AUTH", scratch: Path | None = None) -> PushReport:
    """Upload one named graph per article (and the shared and ontology graphs) to a Graph Store endpoint.

    graph is an rdflib Graph, split in memory, or a streamed build's store, split on disk (split.py):
    the same graphs. credentials is "user:password", sent only when the store asks. sparql, a query
    endpoint of the same store, lets graphs under base that this build lacks be removed; update, its
    SPARQL Update endpoint, makes the switch one request (see the module docstring). timeout is seconds
    per request (default: request_timeout of its size); progress hears (graphs done, graphs in all);
    credentials_from names where the credentials came from, for messages; a store's split is kept in
    a folder made in `scratch` (the build's folder: split.scratch_folder).
    """
    for url in (endpoint, sparql, update):
        if url is not None:
            check_url(url)
    session = Session(credentials, timeout, credentials_from)
    report = PushReport(staged=update is not None)
    with ExitStack() as stack:
        if isinstance(graph, ox.Store):
            folder = Path(stack.enter_context(scratch_folder(scratch)))
            parts = StoreSplit(graph, folder / "split.sqlite", base)
            stack.callback(parts.close)
            names, triples = list(parts.sizes), sum(parts.sizes.values())
        else:
            parts = graph_parts(split_by_article(graph, base, with_ontology=True))
            names, triples = [p.name for p in parts], sum(len(p.lines) for p in parts)
        stale = sorted(remote_graphs(sparql, base, session) - set(names)) if sparql else []
        if update is None:
            _push_in_place(session, endpoint, parts, stale, chunk, progress)
        else:
            _push_staged(session, endpoint, update, base, parts, stale, chunk, progress)
    report.graphs, report.triples, report.removed = names, triples, stale
    report.warnings = session.warnings
    return report


def _push_in_place(session: Session, endpoint: str, graphs: list[Part] | StoreSplit, stale: list[str], chunk: int,
                   progress) -> None:
    for i, g in enumerate(graphs):
        try:
            _upload(session, endpoint, g.name, g, chunk)
        except _Partial as e:
            raise type(e.error)(f"{e.error}\n{_in_place_state(i, len(graphs), e.sent > 0)}") from None
        if progress:
            progress(i + 1, len(graphs))
    for name in stale:
        try:
            session.send("DELETE", _graph_url(endpoint, name))
        except PushError as e:
            raise type(e)(f"{e}\nevery graph of this build was pushed, but not every stale graph removed; "
                          "run kg push again to remove the rest") from None


def _in_place_state(done: int, total: int, partial: bool) -> str:
    if not done and not partial:
        return "state of the store: unchanged."
    return (f"state of the store: {done} of {total} graphs hold this build"
            + (", the next one part of it" if partial else "")
            + ", the others still hold the previous push, and no stale graph was removed. Run kg push again: "
            "it replaces every graph, so a re-push repairs it (with --update, graphs are switched all at once "
            "and a failure changes nothing).")


def _push_staged(session: Session, endpoint: str, update: str, base: str, graphs: list[Part] | StoreSplit,
                 stale: list[str], chunk: int, progress) -> None:
    """Upload into base/staging/<id>/..., then MOVE every staged graph over its live one in one request."""
    staging = f"{base}staging/{time.strftime('%Y%m%dT%H%M%S')}-{os.urandom(3).hex()}/"
    staged: list[tuple[str, str]] = []
    triples = 0
    try:
        for i, g in enumerate(graphs):
            name = g.name
            triples += len(g.lines)
            temporary = staging + name[len(base):]
            staged.append((temporary, name))
            try:
                _upload(session, endpoint, temporary, g, chunk)
            except _Partial as partial:
                raise partial.error from None
            if progress:
                progress(i + 1, len(graphs))
    except BaseException as e:
        if isinstance(e, AuthError):  # refused at the first request: nothing was written
            raise type(e)(f"{e}\nstate of the store: unchanged.") from None
        cleanup = " ;\n".join(f"DROP SILENT GRAPH <{t}>" for t, _ in staged)
        try:
            session.update(update, cleanup, len(staged))
            left = "the staged graphs were removed"
        except PushError:
            left = (f"the staged graphs under <{staging}> could not be removed; "
                    "the next kg push with --sparql removes them")
        if isinstance(e, PushError):
            raise type(e)(f"{e}\nstate of the store: the live graphs are unchanged; {left}. "
                          "Run kg push again when the store is back.") from None
        raise
    switch = [f"MOVE <{t}> TO <{n}>" for t, n in staged] + [f"DROP SILENT GRAPH <{s}>" for s in stale]
    try:
        session.update(update, " ;\n".join(switch), triples)
    except PushError as e:
        raise type(e)(f"{e}\nstate of the store: the switch from the staged graphs under <{staging}> failed; "
                      "a store that runs an update request as one transaction (Oxigraph) is unchanged. "
                      "Run kg push again: it replaces every graph and removes staged leftovers.") from None


def _upload(session: Session, endpoint: str, name: str, g: Part, chunk: int) -> None:
    """PUT a graph, or for a large one a PUT and POSTs (appends) of at most chunk triples each.

    A graph with blank nodes goes whole: a blank node's label means one node only within a request.
    """
    triples = g.lines
    if chunk <= 0 or g.blank:
        chunk = len(triples)
    url = _graph_url(endpoint, name)
    for start in range(0, len(triples), chunk):
        part = triples[start:start + chunk]
        body = "".join(part).encode("utf-8")
        # N-Triples is Turtle, which every Graph Store endpoint reads
        try:
            session.send("PUT" if start == 0 else "POST", url, body, "text/turtle; charset=utf-8", size=len(part))
        except PushError as e:
            raise _Partial(e, start) from None


class _Partial(Exception):
    """A graph's upload failed after `sent` of its triples had been sent."""

    def __init__(self, error: PushError, sent: int):
        super().__init__(str(error))
        self.error, self.sent = error, sent


def remote_graphs(sparql: str, base: str, session: Session | None = None) -> set[str]:
    """Names of the graphs under base that the store behind a SPARQL query endpoint holds."""
    session = session or Session(None, None)
    found: set[str] = set()
    for offset in range(0, 1 << 40, PAGE):
        query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                 f"FILTER(STRSTARTS(STR(?g), {json.dumps(base)})) }} ORDER BY ?g LIMIT {PAGE} OFFSET {offset}")
        answer = session.send("GET", _with_params(sparql, {"query": query}),
                              accept="application/sparql-results+json")
        rows = json.loads(answer)["results"]["bindings"]
        found |= {b["g"]["value"] for b in rows}
        if len(rows) < PAGE:
            return found
    return found


def check_url(url: str) -> None:
    """PushError unless url is an http(s) URL with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"{url!r} is not an http(s) URL (for example http://localhost:8890/sparql-graph-crud-auth)")


class Session:
    """HTTP requests to a store that answer its challenges: no credentials until a 401 asks for them.

    Virtuoso answers a request that carries Basic credentials with a bare 401 and no challenge, so
    they are never sent first: a request with a body is preceded by a HEAD without credentials,
    which brings the challenge; later requests to that endpoint answer it at once (Digest with
    the next nonce count), and a stale nonce is renewed.
    """

    def __init__(self, credentials: str | None, timeout: float | None, source: str = "KG_PUSH_AUTH"):
        self.user, _, self.password = (credentials or "").partition(":")
        self.source = source
        self.has_credentials = bool(credentials)
        self.timeout = timeout
        self.challenges: dict[str, dict | None] = {}  # endpoint → its last challenge (None: asks for none)
        self.count = 0
        self.warnings: list[str] = []
        self._opener = urllib.request.build_opener(_NoRedirect)

    def update(self, url: str, text: str, triples: int = 0) -> bytes:
        """Run a SPARQL Update request (form-encoded, which Virtuoso and Oxigraph both read)."""
        body = urllib.parse.urlencode({"update": text}).encode()
        return self.send("POST", url, body, "application/x-www-form-urlencoded", size=triples)

    def send(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
             accept: str | None = None, size: int = 0) -> bytes:
        """The answer's body; PushError (AuthError for credentials) with the store's reason otherwise."""
        key = url.split("?", 1)[0]
        if body is not None and self.has_credentials and key not in self.challenges:
            self._probe(url, key)
        timeout = self.timeout or request_timeout(size)
        for _ in range(3):
            authorization = self._authorization(key, method, url)
            request = urllib.request.Request(url, data=body, method=method)
            for name, value in (("Content-Type", content_type), ("Accept", accept),
                                ("Authorization", authorization)):
                if value:
                    request.add_header(name, value)
            try:
                with self._opener.open(request, timeout=timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as e:
                if e.code != 401:
                    raise PushError(_refusal(method, url, e, authorization)) from None
                self._learn(key, url, e, authorization)
            except TimeoutError:
                raise PushError(f"{method} {_short(url)}: no answer within {timeout:g} s "
                                f"(kg push --timeout sets the seconds per request)") from None
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise PushError(f"{method} {_short(url)}: cannot reach the store: {reason} "
                                "(is it running, and is the URL right?)") from None
        raise AuthError(f"{method} {_short(url)}: the store keeps asking for credentials")

    def _probe(self, url: str, key: str) -> None:
        """Learn the endpoint's challenge from a HEAD without credentials (no body sent twice)."""
        self.challenges[key] = None
        try:
            with self._opener.open(urllib.request.Request(url, method="HEAD"), timeout=self.timeout or 60):
                pass
        except urllib.error.HTTPError as e:
            if e.code == 401:
                self._learn(key, url, e, None)
        except (urllib.error.URLError, OSError):
            pass  # the request itself will say

    def _learn(self, key: str, url: str, e: urllib.error.HTTPError, sent: str | None) -> None:
        challenges = e.headers.get_all("WWW-Authenticate") or []
        found = _parse_challenge(challenges)
        if found is None:
            if sent:
                raise AuthError(f"{_short(url)}: the store refused the credentials in ${self.source} "
                                f"(user {self.user!r}; HTTP 401)") from None
            raise AuthError(f"{_short(url)}: HTTP 401 without a challenge: the store does not say how to "
                            "log in (a Virtuoso endpoint with authentication ends in -auth)") from None
        if not self.has_credentials:
            raise AuthError(f"{_short(url)}: the store asks for credentials ({found['scheme']}, realm "
                            f"{found.get('realm', '?')!r}): set {self.source}=user:password") from None
        if sent and not (found["scheme"] == "Digest" and found.get("stale", "").lower() == "true"):
            raise AuthError(f"{_short(url)}: the store refused the credentials in ${self.source} "
                            f"(user {self.user!r}): wrong user or password") from None
        if found["scheme"] == "Basic" and not _private(url):
            self.warnings.append(f"{_short(url)} asked for Basic authentication over plain HTTP: "
                                 "the password crossed the network readable")
        self.challenges[key] = found
        self.count = 0

    def _authorization(self, key: str, method: str, url: str) -> str | None:
        found = self.challenges.get(key)
        if not found or not self.has_credentials:
            return None
        if found["scheme"] == "Basic":
            return "Basic " + b64encode(f"{self.user}:{self.password}".encode()).decode()
        self.count += 1
        return _digest(found, self.user, self.password, method, url, self.count)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected PUT would lose its body, and a redirect could carry credentials elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _parse_challenge(values: list[str]) -> dict | None:
    """The first Digest challenge among WWW-Authenticate values, else the first Basic one."""
    found = []
    for value in values:
        for m in re.finditer(r"(Digest|Basic)\s+((?:[\w-]+=(?:\"[^\"]*\"|[^,\s]*)\s*,?\s*)*)", value, re.I):
            fields = {k.lower(): v.strip('"') for k, v in re.findall(r'([\w-]+)=("[^"]*"|[^,\s]*)', m.group(2))}
            found.append({"scheme": m.group(1).capitalize(), **fields})
    return next((c for c in found if c["scheme"] == "Digest"), None) or next(iter(found), None)


def _digest(challenge: dict, user: str, password: str, method: str, url: str, count: int) -> str:
    """An RFC 7616 Digest answer (MD5 or SHA-256; qop auth or none) to challenge."""
    algorithm = challenge.get("algorithm", "MD5").upper()
    hasher = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}.get(algorithm)
    if hasher is None:
        raise AuthError(f"the store asks for Digest with {algorithm}, which kg push does not speak")

    def h(text: str) -> str:
        return hasher(text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    ha1, ha2 = h(f"{user}:{challenge.get('realm', '')}:{password}"), h(f"{method}:{uri}")
    nonce, nc, cnonce = challenge.get("nonce", ""), f"{count:08x}", os.urandom(8).hex()
    qop = "auth" if "auth" in challenge.get("qop", "").split(",") else None
    response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")
    fields = [f'username="{user}"', f'realm="{challenge.get("realm", "")}"', f'nonce="{nonce}"', f'uri="{uri}"',
              f'response="{response}"', f"algorithm={algorithm}"]
    if qop:
        fields += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(fields)


def _refusal(method: str, url: str, e: urllib.error.HTTPError, authorization: str | None) -> str:
    detail = re.sub(r"<[^>]+>|\s+", " ", e.read().decode("utf-8", "replace")).strip()[:300]
    message = f"{method} {_short(url)}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
    if e.code == 403 and authorization:
        message += " (the user may lack the right to write: on Virtuoso, the SPARQL_UPDATE role)"
    return message


def _private(url: str) -> bool:
    """Whether a request to url stays off the open network (HTTPS, or a loopback host)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        return False


def _short(url: str) -> str:
    """A URL for people: a graph parameter shown as the graph's name, not percent-encoded."""
    endpoint, _, query = url.partition("?")
    graph = urllib.parse.parse_qs(query).get("graph")
    return f"{endpoint} (graph <{graph[0]}>)" if graph else (url if len(url) <= 120 else url[:117] + "...")


def _graph_url(endpoint: str, graph: str) -> str:
    return _with_params(endpoint, {"graph": graph})


def _with_params(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
