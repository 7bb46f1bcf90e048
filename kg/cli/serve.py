"""kg serve: a read-only SPARQL 1.1 Protocol endpoint over a built graph."""
from __future__ import annotations

import sys

from .common import add_store_arguments, check_store_arguments, formatter
from .main import UserError

EPILOG = """Serves /sparql (GET and POST, JSON, XML, CSV, TSV results; Turtle for graphs), a query page
at / with the saved queries, and the build's graph.html. Updates are refused. It listens on
loopback only unless --host says otherwise.

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
    add_store_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sparql.serve import serve
    from ..sparql.store import StoreError, open_store, source_file

    check_store_arguments(args)
    try:
        dataset = open_store(args.graph, args.backend, args.store)
        view = source_file(args.graph).parent / "graph.html"
    except StoreError as e:
        raise UserError(str(e)) from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg serve: listening on {args.host}, not only loopback: anyone who can reach it can query",
              file=sys.stderr)
    print(f"kg serve: SPARQL endpoint at http://{args.host}:{args.port}/sparql", file=sys.stderr, flush=True)
    serve(dataset, args.host, args.port, args.timeout, view)
    return 0
