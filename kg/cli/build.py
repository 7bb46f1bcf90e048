"""kg build: extract articles into graph.ttl, events.json and graph.html."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import formatter
from .main import UserError

EPILOG = """Files that cannot be read are listed at the end and the build goes on; --strict then
exits with status 1, as it does for a file read with a warning (a malformed date header, a repaired
encoding). When no file at all can be read, nothing is written and the status is 2. Facts of each
article are cached in OUT/.cache by its content hash, so a rebuild extracts only new or changed
articles. The outputs of a build replace the previous ones all at once, when all are written; an
interrupted build leaves the previous ones as they were. Above 20,000 articles (or with --stream)
the build keeps its memory flat: facts are read back from the cache, and the pages and the table
come from an on-disk store, OUT/store.

example:
  kg build seeds/ --out build/
  kg build corpus/ --out build/ --jobs 2 --stats
  kg build /shared/corpus/ --out build/ --scheduler tcp://10.0.0.5:8786"""


def register(sub) -> None:
    p = sub.add_parser("build", help="extract articles into graph.ttl, events.json and graph.html",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files or directories of them")
    p.add_argument("--out", default="build", type=Path, help="output directory (default: build)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="extract in N processes (default: 1; 0: one per CPU)")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 1 if any file was skipped, failed or read with a warning")
    p.add_argument("--stats", action="store_true", help="print the time of each stage and extraction speed")
    p.add_argument("--cache", type=Path, metavar="DIR", help="cache directory (default: OUT/.cache)")
    p.add_argument("--no-cache", action="store_true", help="extract every article, reading and writing no cache")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", type=_scheduler,
                   help="extract on the workers of this Dask scheduler (each with this kg installed); "
                        "the outputs are a local build's")
    p.add_argument("--stream", action="store_true",
                   help="build in memory that does not grow with the corpus, and write OUT/store "
                        "(the default above 20,000 articles)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def _scheduler(text: str) -> str:
    """--scheduler's address, checked before any input is read."""
    import argparse

    from ..build.cluster import ClusterError, scheduler_address

    try:
        return scheduler_address(text)
    except ClusterError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def run(args) -> int:
    from ..build.pipeline import BuildError, NothingRead, build

    if args.jobs < 0:
        raise UserError(f"--jobs must be 0 (one per CPU) or more, not {args.jobs}")
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    try:
        report = build(args.inputs, args.out, jobs=jobs, cache_dir=args.cache, use_cache=not args.no_cache,
                       progress=not args.quiet, stream=True if args.stream else None, scheduler=args.scheduler)
    except NothingRead as e:
        print_problems(e.report)
        print(f"kg build: {e}; nothing written to {args.out}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg build: interrupted; the outputs are unchanged, the cache keeps the articles already done",
              file=sys.stderr)
        return 130
    except BuildError as e:
        raise UserError(str(e)) from None
    except OSError as e:  # a full disk, a file system gone read-only, a file removed under the build
        where = f" {e.filename}" if e.filename else ""
        raise UserError(f"cannot write{where}: {e.strerror or e}; the outputs are unchanged") from None
    c = report.counts
    n = len(report.copies)
    copies = "" if not n else " (1 a copy of another)" if n == 1 else f" ({n} copies of others)"
    print(f"read {report.articles} articles{copies}, skipped {len(report.skipped)}")
    print(f"events {c['events']} (visits {c['visits']}), people {c['people']}, places {c['places']}, "
          f"organizations {c['organizations']}, topics {c['topics']}, triples {report.triples}")
    width = max(map(len, report.outputs), default=0)
    for name, path in report.outputs.items():
        print(f"{name:>{width}}: {path}")
    if args.stats:
        print_stats(report)
    print_problems(report)
    if args.strict and (report.skipped or report.failed or report.warnings):
        print(f"kg build: --strict: {len(report.skipped)} skipped, {len(report.failed)} failed, "
              f"{len(report.warnings)} read with a warning", file=sys.stderr)
        return 1
    return 0


def print_stats(report) -> None:
    """One line for extraction alone, after start-up, then one per stage."""
    t = report.timings
    rate = report.extracted / t["extract"] if t["extract"] else 0.0
    print(f"extract: {report.extracted} articles, {report.chars} chars in {t['extract']:.2f} s = {rate:.1f} articles/s")
    where = f" from {report.cache} in {t['cache']:.2f} s" if report.cache else " (no cache)"
    print(f"cache: {report.reused} of {report.articles} articles reused{where}")
    for stage in ("read", "start-up", "merge", "graph", "views", "events"):
        print(f"{stage}: {t.get(stage, 0.0):.2f} s")


def print_problems(report) -> None:
    """The summary of files passed over, failed or read with a guess, and of workers lost, on stderr."""
    for note in report.notes:
        print(f"kg build: {note}", file=sys.stderr)
    if report.removed:
        n = len(report.removed)
        print(f"kg build: removed {n} leftover{'s' if n != 1 else ''} of interrupted builds", file=sys.stderr)
    for title, items in (("skipped", report.skipped), ("failed", report.failed), ("warning", report.warnings),
                         ("copy", report.copies)):
        if items:
            print(f"{title}: {len(items)} file{'s' if len(items) != 1 else ''}", file=sys.stderr)
            for s in items:
                print(f"  {s.path}: {s.reason}", file=sys.stderr)
