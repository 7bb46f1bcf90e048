"""kg export: write a built graph in another RDF format."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import formatter, load_graph

EPILOG = """example:
  kg export build --format jsonld -o graph.jsonld"""
FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def register(sub) -> None:
    p = sub.add_parser("export", help="write the graph in another RDF format", epilog=EPILOG,
                       formatter_class=formatter())
    p.add_argument("graph", help="a build directory or a .ttl file")
    p.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    p.set_defaults(func=run)


def run(args) -> int:
    data = load_graph(args.graph).serialize(format=FORMATS[args.format])
    if args.output:
        args.output.write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)
    return 0
