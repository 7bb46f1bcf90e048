"""kg serve: a read-only SPARQL 1.1 Protocol endpoint over a built graph."""
from __future__ import annotations

import sys

from .common import add_store_arguments, check_store_arguments, formatter
from .main import UserError

EPILOG = """Serves /sparql (GET and POST, JSON, XML, CSV, TSV results; Turtle for graphs), a query page
at / with the saved queries, and the build's pages (graph.html, timeline.html, map.html), reloaded
together with the graph when the build changes.
Refused: updates (403), SERVICE and LOAD (403), bodies over 1 MB (413). Each query runs in its own
process, killed at --timeout (503); an answer stops after --max-rows rows and says so. It listens
on loopback only unless --host says otherwise, and there answers only to loopback host names.

example:
  kg serve build --port 7878 &
  curl -H 'Accept: application/sparql-results+json' \\
       --data-urlencode 'query=SELECT ?v WHERE { ?v a kgo:Visit }' http://127.0.0.1:7878/sparql"""


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve a built graph as a read-only SPARQL endpoint", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", help="a build directory, or a .ttl, .nt, .trig or .nq file")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: 30)")
    p.add_argument("--max-rows", type=int, default=100_000, metavar="N",
                   help="rows (or triples) of an answer before it is cut (default: 100000; 0: no limit)")
    p.add_argument("--max-queries", type=int, default=8, metavar="N",
                   help="queries running at once, each in its own process (default: 8)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another Host name to answer to on loopback (a reverse proxy's)")
    add_store_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sparql.serve import Limits, Served, listen, serve
    from ..sparql.store import StoreError

    check_store_arguments(args)
    if args.timeout <= 0 or args.max_rows < 0 or args.max_queries < 1:
        raise UserError("--timeout must be above 0, --max-rows 0 or more, --max-queries 1 or more")
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port must be 1 to 65535, not {args.port}")
    try:  # before the graph is loaded: a port in use is told at once
        sock = listen(args.host, args.port)
    except OSError as e:
        raise UserError(f"cannot listen on {args.host} port {args.port}: {e.strerror or e}") from None
    try:
        served = Served(args.graph, args.backend, args.store)
    except StoreError as e:
        raise UserError(str(e)) from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg serve: listening on {args.host}, not only loopback: anyone who can reach it can query",
              file=sys.stderr)
    print(f"kg serve: SPARQL endpoint at http://{args.host}:{args.port}/sparql", file=sys.stderr, flush=True)
    serve(served, args.host, sock, Limits(args.timeout, args.max_rows, max_queries=args.max_queries),
          args.allow_host)
    return 0
