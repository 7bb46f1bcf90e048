"""The merge alone, from a build's facts cache: what it holds and how long it takes, A against B.

The merge records of the cache (each article's events, as the merge reads them) are folded into a
merge index `--times` times, each time moved 40 years on (dates, keys and article ids), so that the
cache of a 100k build makes the merge of a million articles in minutes. Each run is a fresh process,
and its RSS is sampled every 0.05 s through `MergeIndex.merge` (the merged events written to a
GraphWriter whose triples are dropped as they come). With --against, that checkout's kg runs too,
interleaved with this one, --rounds times.

    kg build copies-100000 --out /tmp/b100k --stream       # once: fills /tmp/b100k/.cache
    python bench/merge.py /tmp/b100k/.cache/facts.sqlite --times 10 --against /tmp/old-checkout --rounds 2
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from memory import Sampler, _rss_kb
from run import load, machine

SHIFT = timedelta(days=14_610)  # 40 years: more than the 31 that bench/scale.py's 100k copies span
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def moved(record: bytes, new_id: str, copy: int) -> bytes:
    """A merge record as the copy-th copy of its article would give it: its days `copy` × SHIFT
    later (in dates and in keys), its article id (as its events name it) new_id."""
    doc = json.loads(zlib.decompress(record))
    old_id = doc["events"][0]["evidence"]["article"] if doc["events"] else None

    def day(text: str | None) -> str | None:
        if not text:
            return text
        return ISO_DAY.sub(lambda m: (date.fromisoformat(m.group(0)) + copy * SHIFT).isoformat(), text)

    for e in doc["events"]:
        e["date"], e["end_date"], e["key"], e["parent"] = (day(e[k]) for k in ("date", "end_date", "key", "parent"))
        e["sources"] = [new_id if s == old_id else s for s in e["sources"]]
        for ev in [e["evidence"], *e["more_evidence"]]:
            ev["article"] = new_id if ev["article"] == old_id else ev["article"]
    return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def measure(cache: Path, times: int) -> dict:
    """Fold the cache's records into a merge index `times` times, then merge: RSS before, peak, time."""
    from kg.build.index import MergeIndex
    from kg.graph.rdf import GraphWriter

    with tempfile.TemporaryDirectory(prefix="kg-merge-bench-") as work:
        index = MergeIndex(Path(work) / "index.sqlite")
        source = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
        articles = 0
        for copy in range(times):
            for n, (record,) in enumerate(source.execute("SELECT record FROM facts ORDER BY key")):
                index.add(f"{copy:02d}-{n:07d}", moved(record, f"{copy:02d}-{n:07d}", copy))
                articles += 1
        source.close()
        canon = index.canon()
        writer = GraphWriter(index.mentioned)

        def write(event):
            made = writer.event(event)
            writer.t.clear()
            return made

        before = _rss_kb() / 1024
        sampler = Sampler(every=0.05)
        sampler.enter("merge")
        t = time.perf_counter()
        counts = index.merge(canon, write)
        took = time.perf_counter() - t
        peak = sampler.stop()["merge"]
        trips = index.db.execute("SELECT count(*) FROM events WHERE kind = 'trip'").fetchone()[0]
        index.close()
    return {"articles": articles, "trip_reports": trips, "before_mb": before, "peak_mb": peak, "seconds": took,
            "events": counts["events"], "visits": counts["visits"]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cache", type=Path, help="a build's facts cache (BUILD/.cache/facts.sqlite)")
    p.add_argument("--times", type=int, default=1, help="copies of the cache's records, 40 years apart (default: 1)")
    p.add_argument("--against", type=Path, metavar="CHECKOUT", help="also run this checkout's kg, interleaved")
    p.add_argument("--rounds", type=int, default=1, help="runs of each side (default: 1)")
    p.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a single run, in this process
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure(args.cache, args.times)))
        return
    print(machine())
    sides = [("this", None)] + ([(str(args.against), args.against)] if args.against else [])
    for r in range(args.rounds):
        for name, checkout in sides:
            env = dict(os.environ, PYTHONPATH=str(checkout)) if checkout else None
            before = load()
            out = subprocess.run([sys.executable, __file__, str(args.cache), "--times", str(args.times), "--one"],
                                 capture_output=True, text=True, check=True, env=env, cwd=tempfile.gettempdir()).stdout
            m = json.loads(out.strip().splitlines()[-1])
            print(f"round {r + 1}, {name}: {m['articles']} articles, {m['trip_reports']} trip reports; merge "
                  f"{m['seconds']:.1f} s, RSS {m['before_mb']:.0f} MB before, {m['peak_mb']:.0f} at most "
                  f"(+{m['peak_mb'] - m['before_mb']:.0f}); {m['events']} events, {m['visits']} visits; "
                  f"load {before:.1f}-{load():.1f}", flush=True)


if __name__ == "__main__":
    main()
