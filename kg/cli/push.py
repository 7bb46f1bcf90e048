"""kg push: load a built graph into an external triple store, one named graph per article."""
from __future__ import annotations

import os

from .common import formatter, load_graph
from .main import UserError

AUTH_VARIABLE = "KG_PUSH_AUTH"
EPILOG = f"""Uses the SPARQL 1.1 Graph Store HTTP Protocol: each article's graph (<BASE>article/ID),
the graph of facts several articles share (<BASE>shared) and the ontology's (<BASE>ontology) are
replaced with PUT, so pushing a rebuild never duplicates. Credentials come from
${AUTH_VARIABLE}="user:password" (Basic, or Digest when the server asks). With --sparql, graphs
under BASE that the build no longer has are deleted. Query with the default graph as the union.

example:
  oxigraph serve --location store --bind 127.0.0.1:7878 --union-default-graph &
  kg push build --endpoint http://127.0.0.1:7878/store --sparql http://127.0.0.1:7878/query"""


def register(sub) -> None:
    p = sub.add_parser("push", help="load the graph into a triple store over the Graph Store Protocol",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL")
    p.add_argument("--graph", dest="base", metavar="IRI", default=None,
                   help="base IRI of the named graphs (default: https://kg.example.org/graph/)")
    p.add_argument("--sparql", metavar="URL", help="the store's SPARQL query URL, to delete stale graphs")
    p.add_argument("--auth-env", default=AUTH_VARIABLE, metavar="NAME",
                   help=f"environment variable holding user:password (default: {AUTH_VARIABLE})")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..sparql.export import GRAPH_BASE
    from ..sparql.push import PushError, push

    base = args.base or GRAPH_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    try:
        report = push(load_graph(args.graph), args.endpoint, base, os.environ.get(args.auth_env), args.sparql)
    except PushError as e:
        raise UserError(str(e)) from None
    print(f"pushed {len(report.graphs)} graphs, {report.triples} triples, to {args.endpoint}")
    for name in report.removed:
        print(f"removed stale graph {name}")
    return 0
