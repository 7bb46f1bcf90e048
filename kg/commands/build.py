"""kg build: extract articles into graph.ttl, events.json and graph.html."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import formatter

EPILOG = """example:
  kg build seeds/ --out build/
  kg build corpus/a.txt corpus/b.txt --out build/"""


def register(sub) -> None:
    p = sub.add_parser("build", help="extract articles into graph.ttl, events.json and graph.html",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files or directories of them")
    p.add_argument("--out", default="build", type=Path, help="output directory (default: build)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..pipeline import build

    report = build(args.inputs, args.out)
    c = report.counts
    print(f"read {report.articles} articles, skipped {len(report.skipped)}")
    print(f"events {c['events']} (visits {c['visits']}), people {c['people']}, places {c['places']}, "
          f"organizations {c['organizations']}, topics {c['topics']}, triples {report.triples}")
    for name, path in report.outputs.items():
        print(f"{name:>6}: {path}")
    for s in report.skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    return 0
