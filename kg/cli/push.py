"""kg push: load a built graph into an external triple store, one named graph per article."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import built_store, formatter, load_graph
from .main import UserError

AUTH_VARIABLE = "KG_PUSH_AUTH"
EPILOG = f"""Uses the SPARQL 1.1 Graph Store HTTP Protocol: each article's graph (<BASE>article/ID, the ID
percent-encoded), the graph of facts several articles share (<BASE>shared) and the ontology's
(<BASE>ontology) are replaced with PUT (a large one in chunks), so pushing a rebuild never
duplicates. With --update, graphs are uploaded under <BASE>staging/ and one SPARQL Update request
MOVEs them over the live ones: a failed push leaves the live graphs as they were. Without it, a
failure says how many graphs were replaced, and a re-push repairs it. With --sparql, graphs under
BASE that the build no longer has are removed. Query with the default graph as the union. A streamed
build (kg build --stream, and any build above 20,000 articles) is read from its store and split on
disk, in little memory; a graph file is read whole.

Credentials come from ${AUTH_VARIABLE}="user:password" and are sent only when the store asks for
them: Digest (Virtuoso) or Basic.

examples:
  oxigraph serve --location store --bind 127.0.0.1:7878 --union-default-graph &
  kg push build --endpoint http://127.0.0.1:7878/store --sparql http://127.0.0.1:7878/query \\
                --update http://127.0.0.1:7878/update
  {AUTH_VARIABLE}=writer:secret kg push build --endpoint http://localhost:8890/sparql-graph-crud-auth \\
                --sparql http://localhost:8890/sparql --update http://localhost:8890/sparql-auth"""


def register(sub) -> None:
    p = sub.add_parser("push", help="load the graph into a triple store over the Graph Store Protocol",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL")
    p.add_argument("--graph", dest="base", metavar="IRI", default=None,
                   help="base IRI of the named graphs (default: https://kg.example.org/graph/)")
    p.add_argument("--sparql", metavar="URL", help="the store's SPARQL query URL, to remove stale graphs")
    p.add_argument("--update", metavar="URL",
                   help="the store's SPARQL Update URL, to stage the graphs and switch them over in one request")
    p.add_argument("--auth-env", default=AUTH_VARIABLE, metavar="NAME",
                   help=f"environment variable holding user:password (default: {AUTH_VARIABLE})")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="seconds to wait for each request (default: 60, and 1 more per thousand triples sent)")
    p.add_argument("--chunk", type=int, default=50_000, metavar="N",
                   help="triples per request; a larger graph is sent as a PUT and POSTs (default: 50000)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sparql.export import GRAPH_BASE
    from ..sparql.push import PushError, check_url, push

    base = args.base or GRAPH_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    if args.timeout is not None and args.timeout <= 0 or args.chunk < 1:
        raise UserError("--timeout must be above 0 and --chunk at least 1")
    try:
        for url in (args.endpoint, args.sparql, args.update):
            if url is not None:
                check_url(url)
    except PushError as e:
        raise UserError(str(e)) from None
    store = built_store(args.graph)  # a streamed build's store is split on disk; a graph file is read whole
    graph = store if store is not None else load_graph(
        args.graph, instead=f"Build it with kg build --stream, whose store kg push reads in little memory, or give "
        f"the store's bulk loader shards: kg export {args.graph} --format nt --shards N -o DIR/ (the README's "
        "«Running on several machines»).")
    show = None if args.quiet or not sys.stderr.isatty() else _progress
    if not args.quiet and store is not None:  # minutes at 30k articles before the first upload
        print(f"kg push: splitting {args.graph}'s store into one graph per article", file=sys.stderr, flush=True)
    try:
        report = push(graph, args.endpoint, base, os.environ.get(args.auth_env), args.sparql, args.update,
                      args.timeout, args.chunk, show, args.auth_env, scratch=Path(args.graph))
    except PushError as e:
        raise UserError(str(e)) from None
    finally:
        if show:
            print(file=sys.stderr)
    for warning in report.warnings:
        print(f"kg push: warning: {warning}", file=sys.stderr)
    how = "staged and switched in one update" if report.staged else "replaced one by one"
    print(f"pushed {len(report.graphs)} graphs, {report.triples} triples, to {args.endpoint} ({how})")
    for name in report.removed:
        print(f"removed stale graph {name}")
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rkg push: {done}/{total} graphs", end="", file=sys.stderr, flush=True)
