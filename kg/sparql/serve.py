"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store (Starlette served by uvicorn).

/sparql answers GET and POST (form-encoded or application/sparql-query) with the result format the
client's Accept header asks for; updates and SERVICE calls are refused, and a query that runs past
the timeout gets 503. / is a small page with a query box and the saved queries; /graph.html the view.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs

import anyio
from rdflib import Dataset
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from .query import QuerySyntaxError, format_result, run_query, saved_queries

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/tsv": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "nt",
    "application/rdf+xml": "xml", "application/ld+json": "jsonld",
}
# ?format=json for browsers and curl users who would rather not write an Accept header
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "nt": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*\n)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
# what SERVICE could hide in: strings, IRIs and comments
NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                      r"|<[^<>\s]*>|#[^\n]*")
SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b(?!:)", re.I)
WORKERS = 4


class RefusedError(Exception):
    """A request the endpoint will not serve, with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def create_app(dataset: Dataset, timeout: float = 30.0, view: Path | None = None) -> Starlette:
    """The ASGI app serving dataset; view is the graph.html to serve beside it, if any."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # else rdflib fetches any FROM <url> from the web
    limiter = anyio.CapacityLimiter(WORKERS)

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request)
            accept = _accept(request)
            with anyio.fail_after(timeout):
                # a timed-out query is abandoned, not killed: its worker thread finishes on its own
                body, media_type = await anyio.to_thread.run_sync(
                    _answer, dataset, text, accept, abandon_on_cancel=True, limiter=limiter)
        except RefusedError as e:
            return PlainTextResponse(f"{e}\n", status_code=e.status)
        except QuerySyntaxError as e:
            return PlainTextResponse(f"{e}\n", status_code=400)
        except TimeoutError:
            return PlainTextResponse(f"query timed out after {timeout:g} s\n", status_code=503)
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

    async def index(request: Request) -> Response:
        return HTMLResponse(_index_page(view is not None and view.is_file()))

    async def saved(request: Request) -> Response:
        found = {q.name: q for q in saved_queries()}
        q = found.get(request.path_params["name"])
        if q is None:
            return PlainTextResponse("no such saved query\n", status_code=404)
        return Response(q.text, media_type="application/sparql-query")

    async def graph_view(request: Request) -> Response:
        if view is None or not view.is_file():
            return PlainTextResponse("no graph.html beside this graph\n", status_code=404)
        return FileResponse(view)

    return Starlette(routes=[
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries/{name}.rq", saved),
        Route("/graph.html", graph_view),
    ])


def serve(dataset: Dataset, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          view: Path | None = None) -> None:
    """Serve until interrupted."""
    import uvicorn

    uvicorn.run(create_app(dataset, timeout, view), host=host, port=port, log_level="info")


async def _query_text(request: Request) -> str:
    """The query of a SPARQL Protocol request; updates are refused with 403."""
    fields = parse_qs(request.url.query)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8")
        if ctype == "application/sparql-update":
            raise RefusedError(403, "this endpoint is read-only: SPARQL Update is refused")
        if ctype == "application/sparql-query":
            fields["query"] = [body]
        elif ctype == "application/x-www-form-urlencoded":
            fields.update(parse_qs(body))
        else:
            raise RefusedError(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in fields:
        raise RefusedError(403, "this endpoint is read-only: SPARQL Update is refused")
    if "default-graph-uri" in fields or "named-graph-uri" in fields:
        raise RefusedError(400, "default-graph-uri and named-graph-uri are not supported; use FROM in the query")
    text = fields.get("query", [""])[0]
    if not text.strip():
        raise RefusedError(400, "missing query (send ?query=... or POST one)")
    if UPDATE.match(text):
        raise RefusedError(403, "this endpoint is read-only: SPARQL Update is refused")
    if SERVICE.search(NOT_CODE.sub(" ", text)):
        raise RefusedError(403, "SERVICE (federated query) is disabled on this endpoint")
    return text


def _accept(request: Request) -> list[str]:
    """Media types the client accepts, best first; ?format= overrides the Accept header."""
    fmt = request.query_params.get("format")
    if fmt:
        if fmt not in FORMAT_NAMES:
            raise RefusedError(400, f"unknown format {fmt!r}; use one of {', '.join(FORMAT_NAMES)}")
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


def _answer(dataset: Dataset, text: str, accept: list[str]) -> tuple[str, str]:
    """Run the query and serialize it as the first acceptable type for its kind of result."""
    result = run_query(dataset, text)
    offers = GRAPH_TYPES if result.type in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = _choose(accept, offers)
    if media is None:
        raise RefusedError(406, f"cannot answer as {', '.join(accept)}; try one of {', '.join(offers)}")
    return format_result(result, offers[media]), media


def _choose(accept: list[str], offers: dict) -> str | None:
    for wanted in accept:
        if wanted in offers:
            return wanted
        kind = wanted.split("/")[0]
        for media in offers:
            if wanted == "*/*" or wanted == f"{kind}/*" and media.startswith(kind + "/"):
                return media
    return None


def _index_page(has_view: bool) -> str:
    links = "\n".join(
        f'<li><a href="#" data-query="{html.escape(q.text)}">{html.escape(q.name)}</a> — '
        f'{html.escape(q.title)} (<a href="/queries/{q.name}.rq">.rq</a>)</li>' for q in saved_queries())
    view = '<p><a href="/graph.html">The graph as a picture</a></p>' if has_view else ""
    return INDEX.replace("{links}", links).replace("{view}", view)


INDEX = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{font:15px sans-serif;margin:2em;max-width:70em} textarea{width:100%;height:12em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em} td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style>
<h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code>; read-only.
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
  out.append(table, data.results.bindings.length + " rows");
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
