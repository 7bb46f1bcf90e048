"""kg query: run a SPARQL query on a built graph and print the result."""
from __future__ import annotations

import sys

from .common import formatter, load_graph

EPILOG = """examples:
  kg query build 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  kg query build my-query.rq --format csv"""


def register(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query on a built graph", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("query", help="SPARQL text or a .rq file")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..query import format_result, read_query, run_query

    g = load_graph(args.graph, with_ontology=True)
    result = run_query(g, read_query(args.query))
    sys.stdout.write(format_result(result, args.format))
    return 0
