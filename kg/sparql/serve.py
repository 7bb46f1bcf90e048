"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (Starlette served by uvicorn).

/sparql answers GET and POST (form-encoded or application/sparql-query) in the format the client's
Accept header asks for. Each query runs in its own process, killed at the timeout (see worker.py);
what it may run is decided on its parse (see guard.py): no SERVICE, no update. Answers are written
as rows come and cut at a row limit; bodies over a size limit get 413. / is a query page; /graph.html,
/timeline.html and /map.html are the build's pages; they and /sparql come from one loaded build,
reloaded when the build's files change, and every answer names its build in X-KG-Build. Reads allow any origin (CORS), for YASGUI and the like;
bound to loopback, the server answers only to loopback host names (DNS rebinding).
"""
from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import logging
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from .guard import Refused
from .saved import saved_queries
from .store import StoreError, file_sha1, open_store, source_file
from .worker import Head, Job, QueryProcess, network_wall, warm

# ?format=json for browsers and curl users who would rather not write an Accept header
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "nt": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
PAGES = {"graph.html": "the graph", "timeline.html": "the trips on a timeline", "map.html": "the trips on a map"}
EXPOSED = "X-KG-Build, X-KG-Truncated"
log = logging.getLogger("uvicorn.error")


@dataclass(frozen=True)
class Limits:
    """What one request may take: seconds, rows of an answer (0: no limit), body bytes, queries at once."""
    timeout: float = 30.0
    max_rows: int = 100_000
    max_body: int = 1 << 20
    max_queries: int = 8


@dataclass(frozen=True)
class Snapshot:
    """One build as loaded: the dataset, its pages, a name for it (its graph file's hash), file stamps."""
    dataset: object
    pages: dict[str, bytes]
    build: str
    stamp: tuple
    store_dir: str | None = None


@dataclass
class Served:
    """The build behind the endpoint, reloaded whole (graph and pages together) when its files change."""
    path: str
    backend: str = "oxigraph"
    store_dir: Path | None = None
    current: Snapshot = field(init=False)

    def __post_init__(self):
        self.current = self.load()

    def files(self) -> list[Path]:
        """The graph file, then the pages beside it."""
        graph = source_file(self.path)
        return [graph] + [graph.parent / name for name in PAGES]

    def stamp(self) -> tuple:
        found = []
        for f in self.files():
            try:
                st = f.stat()
                found.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                found.append(None)
        return tuple(found)

    def load(self) -> Snapshot:
        """Load the graph and its pages; again if a file changed meanwhile (a build renaming its outputs)."""
        for _ in range(5):
            before = self.stamp()
            graph, *pages = self.files()
            dataset = open_store(self.path, self.backend, self.store_dir)
            warm(dataset, str(self.store_dir) if self.store_dir else None)
            found = {page.name: page.read_bytes() for page in pages if page.is_file()}
            build = file_sha1(graph)[:12]
            if self.stamp() == before:
                break
        return Snapshot(dataset, found, build, before, str(self.store_dir) if self.store_dir else None)

    async def watch(self, interval: float = 1.0) -> None:
        """Reload when the files have changed and then stayed unchanged for interval seconds."""
        failed = None
        while True:
            await asyncio.sleep(interval)
            try:
                stamp = self.stamp()
            except StoreError:
                continue  # the graph is being replaced
            if stamp in (self.current.stamp, failed):
                continue
            await asyncio.sleep(interval)
            with contextlib.suppress(StoreError):
                if self.stamp() != stamp:
                    continue
            if self.store_dir is not None:
                log.warning("kg serve: %s changed; restart kg serve to serve it (--store keeps the store it "
                            "opened); still serving build %s", self.path, self.current.build)
                failed = stamp
                continue
            try:
                self.current = await asyncio.to_thread(self.load)
            except (StoreError, OSError) as e:
                log.warning("kg serve: could not reload %s, still serving build %s: %s",
                            self.path, self.current.build, e)
                failed = stamp
                continue
            log.info("kg serve: reloaded %s: now serving build %s", self.path, self.current.build)


def create_app(served: Served, limits: Limits = Limits(), hosts: set[str] | None = None) -> Starlette:
    """The ASGI app; hosts, when given, are the only Host header names it answers to."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # else rdflib fetches any FROM <url> from the web
    slots = asyncio.Semaphore(limits.max_queries)
    running: set[QueryProcess] = set()
    spare: list[tuple[Snapshot, QueryProcess]] = []  # a process forked ahead for the next query

    def query_process(snap: Snapshot) -> QueryProcess:
        """The spare if it is of this build and alive, else a new one (a new spare is forked once the answer is sent)."""
        found = None
        while spare:
            owner, proc = spare.pop()
            if owner is snap and found is None and proc.alive():
                found = proc
            else:
                proc.close()
        return found or QueryProcess(snap.dataset, snap.store_dir)

    def refill(snap: Snapshot) -> None:
        if not spare and snap is served.current:
            spare.append((snap, QueryProcess(snap.dataset, snap.store_dir)))

    async def sparql(request: Request) -> Response:
        snap = served.current
        try:
            text = await _query_text(request, limits.max_body)
            accept = _accept(request)
        except Refused as e:
            return _plain(e.status, str(e), snap)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limits.timeout
        try:
            async with asyncio.timeout_at(deadline):
                await slots.acquire()
        except TimeoutError:
            return _plain(503, f"busy: {limits.max_queries} queries running, none done within "
                               f"{limits.timeout:g} s; try again later", snap)
        proc = None

        def done() -> None:
            if proc is not None:
                proc.close()
                running.discard(proc)
            slots.release()
            asyncio.get_running_loop().call_soon(refill, snap)

        try:
            proc = query_process(snap)
            running.add(proc)
            head = await proc.start(Job(text, accept, limits.max_rows), deadline)
        except TimeoutError:
            done()
            return _plain(503, f"query timed out after {limits.timeout:g} s\n", snap)
        except BaseException:
            done()
            raise
        if head.status != 200:
            done()
            return _plain(head.status, head.message, snap)
        return _Streamed(proc, head, snap, done)

    async def index(request: Request) -> Response:
        snap = served.current
        return HTMLResponse(_index_page(snap.pages, snap.build), headers={"X-KG-Build": snap.build})

    async def saved(request: Request) -> Response:
        found = {q.name: q for q in saved_queries()}
        q = found.get(request.path_params["name"])
        if q is None:
            return PlainTextResponse("no such saved query\n", status_code=404)
        return Response(q.text, media_type="application/sparql-query")

    async def page(request: Request) -> Response:
        snap = served.current
        name = request.path_params["name"] + ".html"
        if name not in snap.pages:
            return _plain(404, f"no {name} beside this graph", snap)
        return Response(snap.pages[name], media_type="text/html; charset=utf-8", headers={"X-KG-Build": snap.build})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        watcher = asyncio.create_task(served.watch())
        if not network_wall():
            log.warning("kg serve: no seccomp here: query processes can open sockets "
                        "(SERVICE is still refused on the query's parse)")
        try:
            yield
        finally:
            watcher.cancel()
            for proc in list(running) + [proc for _, proc in spare]:
                proc.close()

    app = Starlette(routes=[
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries/{name}.rq", saved),
        Route("/{name}.html", page),
    ], lifespan=lifespan)
    app.add_middleware(Gate, hosts=hosts)
    return app


class _Streamed(Response):
    """An answer streamed from its query process; `done` runs however the sending ends."""

    def __init__(self, proc: QueryProcess, head: Head, snap: Snapshot, done):
        self.proc, self.done = proc, done
        self.status_code = 200
        self.media_type = head.media_type
        self.background = None
        self.init_headers({**head.headers, "Vary": "Accept", "X-KG-Build": snap.build})

    async def __call__(self, scope, receive, send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            async for chunk in self.proc.body():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.done()


class Gate:
    """ASGI middleware: the Host check, CORS, and one log line (no traceback) for an unexpected error."""

    def __init__(self, app, hosts: set[str] | None):
        self.app, self.hosts = app, hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host")
        if self.hosts is not None and host is not None and _host_name(host) not in self.hosts:
            await PlainTextResponse(
                f"Host {host!r} is not this server: bound to loopback, kg serve answers only to "
                f"{', '.join(sorted(self.hosts))} (a guard against DNS rebinding; see kg serve --allow-host)\n",
                status_code=403)(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await Response(status_code=204, headers={
                "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": headers.get("access-control-request-headers", "Content-Type"),
                "Access-Control-Max-Age": "86400"})(scope, receive, send)
            return
        started = False

        async def send_with_cors(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = MutableHeaders(scope=message)
                extra["Access-Control-Allow-Origin"] = "*"
                extra["Access-Control-Expose-Headers"] = EXPOSED
            await send(message)

        try:
            await self.app(scope, receive, send_with_cors)
        except Exception as e:  # noqa: BLE001  one line in the log, not a traceback
            log.error("kg serve: %s %s failed: %s: %s", scope["method"], scope["path"], type(e).__name__, e)
            if not started:
                await PlainTextResponse("internal error\n", status_code=500)(scope, receive, send)


def loopback_hosts(host: str, extra: list[str]) -> set[str] | None:
    """The Host names to answer to when listening on host: loopback's own and extra; None (any) otherwise."""
    name = host.strip("[]").lower()
    try:
        loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    return LOOPBACK_NAMES | {name} | {h.lower() for h in extra} if loopback else None


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: «[::1]:7878» → «::1»."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def _plain(status: int, message: str, snap: Snapshot) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers={"X-KG-Build": snap.build})


def listen(host: str, port: int) -> socket.socket:
    """The endpoint's socket, bound before the endpoint is announced: a port in use, or a host this machine
    has no address for, is an OSError the caller reports (uvicorn would log it and exit with status 3)."""
    # as uvicorn binds: IPv6 when the host has a colon («::1»), else IPv4, so «localhost» is 127.0.0.1
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart finds the port free
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def serve(served: Served, host: str, sock: socket.socket, limits: Limits = Limits(),
          allow_hosts: list[str] = ()) -> None:
    """Serve on the socket `listen` bound for host until interrupted."""
    import uvicorn

    app = create_app(served, limits, loopback_hosts(host, list(allow_hosts)))
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])


async def _query_text(request: Request, max_body: int) -> str:
    """The query of a SPARQL Protocol request; Refused for updates, bad encodings and oversized bodies."""
    fields = _form(request.scope["query_string"], "the URL")
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
            raise Refused(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        body = await _body(request, max_body)
        if ctype == "application/sparql-query":
            try:
                fields["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError as e:
                raise Refused(400, f"the query is not UTF-8 (invalid byte at offset {e.start})") from None
        else:
            fields.update(_form(body, "the form"))
    if "update" in fields:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    if "default-graph-uri" in fields or "named-graph-uri" in fields:
        raise Refused(400, "default-graph-uri and named-graph-uri are not supported; use FROM in the query")
    text = fields.get("query", [""])[0]
    if not text.strip():
        raise Refused(400, "missing query (send ?query=... or POST one)")
    return text


def _form(raw: bytes, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(raw.decode("ascii"), errors="strict")
    except UnicodeDecodeError:
        raise Refused(400, f"{where} holds a value that is not percent-encoded UTF-8") from None


async def _body(request: Request, limit: int) -> bytes:
    """The request body, read no further than limit bytes (413 beyond)."""
    too_big = Refused(413, f"the body is over the {limit:,} byte limit of this endpoint")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _accept(request: Request) -> list[str]:
    """Media types the client accepts, best first; ?format= overrides the Accept header."""
    fmt = request.query_params.get("format")
    if fmt:
        if fmt not in FORMAT_NAMES:
            raise Refused(400, f"unknown format {fmt!r}; use one of {', '.join(FORMAT_NAMES)}")
        return [FORMAT_NAMES[fmt]]
    ranked = []
    for i, part in enumerate(request.headers.get("accept", "*/*").split(",")):
        media, *opts = [x.strip() for x in part.split(";")]
        q = next((float(o[2:]) for o in opts if o.startswith("q=") and _is_number(o[2:])), 1.0)
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _index_page(pages: dict, build: str) -> str:
    links = "\n".join(
        f'<li><a href="#" data-query="{html.escape(q.text)}">{html.escape(q.name)}</a> — '
        f'{html.escape(q.title)} (<a href="/queries/{q.name}.rq">.rq</a>)</li>' for q in saved_queries())
    view = "".join(f'<p><a href="/{name}">{html.escape(title).capitalize()}</a></p>'
                   for name, title in PAGES.items() if name in pages)
    return INDEX.replace("{links}", links).replace("{view}", view).replace("{build}", build)


INDEX = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{font:15px sans-serif;margin:2em;max-width:70em} textarea{width:100%;height:12em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em} td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style>
<h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code>; read-only, build <code>{build}</code>.
Prefixes kgo:, kg:, schema:, prov:, rdfs:, ... are predeclared.</p>
{view}
<form id="f"><textarea id="q" name="query">
SELECT ?visit ?label WHERE { ?visit a kgo:Visit ; rdfs:label ?label }</textarea>
<br><button>Run</button> <a id="csv" href="#">as CSV</a></form>
<div id="out"></div>
<h2>Saved queries</h2><ul>
{links}
</ul>
<script>
const q = document.getElementById("q"), out = document.getElementById("out");
function cell(t) { const td = document.createElement("td"); td.textContent = t ? t.value : ""; return td; }
async function run() {
  const r = await fetch("/sparql", {method: "POST", body: q.value, headers: {
    "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
  out.textContent = "";
  const type = r.headers.get("content-type") || "";
  if (!r.ok || !type.includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = await r.text(); out.append(pre); return;
  }
  const data = await r.json();
  if ("boolean" in data) { out.textContent = data.boolean ? "yes" : "no"; return; }
  const table = document.createElement("table"), head = table.insertRow();
  data.head.vars.forEach(v => { const th = document.createElement("th"); th.textContent = v; head.append(th); });
  data.results.bindings.forEach(b => {
    const row = table.insertRow(); data.head.vars.forEach(v => row.append(cell(b[v])));
  });
  out.append(table, data.results.bindings.length + " rows" + (data.warning ? "; " + data.warning : ""));
}
document.getElementById("f").onsubmit = e => { e.preventDefault(); run(); };
document.getElementById("csv").onclick = e => {
  e.target.href = "/sparql?format=csv&query=" + encodeURIComponent(q.value);
};
document.querySelectorAll("a[data-query]").forEach(a => a.onclick = e => {
  e.preventDefault(); q.value = a.dataset.query; run();
});
</script>
</html>
"""
