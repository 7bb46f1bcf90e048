"""kg query: run a SPARQL query (inline, a .rq file or a saved query) on a built graph."""
from __future__ import annotations

import sys

from .common import add_store_arguments, check_store_arguments, formatter
from .main import UserError

EPILOG = """The ontology is loaded with the data and the prefixes kgo:, kg:, schema:, prov:, rdfs:, ...
are predeclared (--prefixes prints them, to run a query on another store). SELECT prints as
table, csv, tsv or json; ASK as yes/no; CONSTRUCT and DESCRIBE as Turtle. A kgo: term that the
ontology does not declare (a typo such as kgo:Vist matches nothing) is named on stderr. A line
#kg:data-only in a query that no statement of the ontology can match reads the data graph alone:
faster on a big build (six of the saved queries have it).

examples:
  kg query --list
  kg query --prefixes
  kg query build visits-by-person
  kg query build 'SELECT (COUNT(*) AS ?n) WHERE { ?v a kgo:Visit }' --format csv
  kg query build my-query.rq --format json"""


def register(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query on a built graph", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", nargs="?", help="a build directory, or a .ttl, .nt, .trig or .nq file")
    p.add_argument("query", nargs="?", help="SPARQL text, a .rq file, or the name of a saved query")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                   help="how to print a SELECT result (default: table)")
    p.add_argument("--list", action="store_true", help="list the saved queries and exit")
    p.add_argument("--prefixes", action="store_true", help="print the predeclared PREFIX lines and exit")
    add_store_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.list:  # before the engine's imports: listing needs none of them
        from ..sparql.saved import saved_queries

        for q in saved_queries():
            print(f"{q.name:<28} {q.title}")
        return 0
    from ..sparql.query import (
        QueryError,
        answer,
        prefix_lines,
        read_query,
        undeclared_terms,
    )
    from ..sparql.store import StoreError, open_oxigraph, open_store

    if args.prefixes:
        sys.stdout.write(prefix_lines())
        return 0
    if not args.graph or not args.query:
        raise UserError("give a graph and a query (or --list)")
    check_store_arguments(args)
    try:
        text = read_query(args.query)
        for name, like in undeclared_terms(text):
            hint = f" (did you mean {', '.join('kgo:' + n for n in like)}?)" if like else ""
            print(f"kg query: warning: kgo:{name} is not a term of the ontology{hint}", file=sys.stderr)
        if args.backend == "oxigraph":  # without rdflib's engine, 0.1-0.25 s to import
            graph = open_oxigraph(args.graph, args.store)
        else:
            graph = open_store(args.graph, args.backend, args.store)
        out = answer(graph, text, args.format)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    except (QueryError, StoreError) as e:
        raise UserError(str(e)) from None
    return 0
