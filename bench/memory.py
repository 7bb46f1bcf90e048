"""Peak memory of a streamed build's main process, stage by stage, from a first build's facts cache.

Runs `kg build INPUT --out BUILD --stream` in this process (the facts come from BUILD/.cache, so
only the merge, the graph, the store and the pages are done again; what it lacks is extracted by
--jobs worker processes) and samples the process's RSS every 0.1 s; prints the peak of each stage
and the slope between sizes. With --tracemalloc,
Python's own allocations are traced too: their peak, and the lines holding the most when the
graph stage ends (what is Python's and what is native, such as RocksDB's, is the difference).

    kg build copies-10000 --out /tmp/b10k --stream            # once: fills /tmp/b10k/.cache
    python bench/memory.py /tmp/b10k=copies-10000 /tmp/b30k=copies-30000
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import tracemalloc
from itertools import pairwise
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import load, machine


class Sampler:
    """The process's RSS every `every` seconds, with the stage it was in."""

    def __init__(self, every: float = 0.1):
        self.stage, self.peaks, self.every = "first pass", {}, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.note()
            time.sleep(self.every)

    def note(self) -> None:
        kb = _rss_kb()
        if kb > self.peaks.get(self.stage, 0):
            self.peaks[self.stage] = kb

    def enter(self, stage: str) -> None:
        self.note()
        self.stage = stage

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self.note()
        return {k: v / 1024 for k, v in self.peaks.items()}


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(build: Path, source: Path, trace: bool, jobs: int) -> dict:
    """Peak RSS by stage (MB) of a cached streamed build of source into build; traced peak if asked."""
    from kg.build import pipeline
    from kg.build.index import MergeIndex

    sampler = Sampler()
    result: dict = {}
    originals = {name: getattr(pipeline, name) for name in ("write_outputs", "write_turtle", "write_event_table")}
    merge = MergeIndex.merge

    def merge_staged(*a, **k):
        sampler.enter("merge")
        try:
            return merge(*a, **k)
        finally:
            sampler.enter("triples")

    def staged(name: str, stage: str, after: str | None = None):
        def run(*a, **k):
            sampler.enter(stage)
            try:
                return originals[name](*a, **k)
            finally:
                if name == "write_turtle" and trace:
                    result["traced_at_graph_end_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
                    result["traced_peak_graph_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                    top = tracemalloc.take_snapshot().statistics("lineno")[:12]
                    result["top"] = [f"{s.size / 2**20:8.1f} MB {s.count:>9} blocks  {s.traceback[0]}" for s in top]
                if after:
                    sampler.enter(after)
        return run

    pipeline.write_outputs = staged("write_outputs", "canon")
    MergeIndex.merge = merge_staged
    pipeline.write_turtle = staged("write_turtle", "turtle, store", "views")
    pipeline.write_event_table = staged("write_event_table", "events")
    if trace:  # from the start: the first pass's bookkeeping is held through the graph stage too
        tracemalloc.start(1)
    try:
        t = time.perf_counter()
        report = pipeline.build([str(source)], build, jobs=jobs, progress=False, stream=True)
        result["wall"] = time.perf_counter() - t
    finally:
        for name, f in originals.items():
            setattr(pipeline, name, f)
        MergeIndex.merge = merge
        result["peaks_mb"] = sampler.stop()
        if trace:
            tracemalloc.stop()
    result.update(articles=report.articles, reused=report.reused, triples=report.triples, timings=report.timings)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", metavar="BUILD=INPUT", help="a build folder with a facts cache, and its input")
    p.add_argument("--tracemalloc", action="store_true", help="also trace Python's allocations (slower)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes for what the cache lacks (not this one)")
    args = p.parse_args()
    if len(args.runs) != 1:  # one build per process: a peak is a process's, and pyoxigraph keeps its arenas
        print(machine())
        rows = []
        for run in args.runs:
            cmd = [sys.executable, __file__, run, "--jobs", str(args.jobs)] + (["--tracemalloc"] if args.tracemalloc else [])
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            print(out, end="", flush=True)
            rows.append(json.loads(out.strip().splitlines()[-1]))
        peaks = [(r["articles"], max(r["peaks_mb"].values())) for r in rows]
        for (n0, m0), (n1, m1) in pairwise(peaks):
            print(f"the peak, {n0} -> {n1} articles: {1024 * (m1 - m0) / (n1 - n0):.2f} kB an article")
        return
    build, source = args.runs[0].split("=", 1)
    before = load()
    r = measure(Path(build), Path(source), args.tracemalloc, args.jobs)
    print(f"{r['articles']} articles ({r['reused']} from the cache), {r['triples']} triples, {r['wall']:.0f} s, "
          f"load {before:.1f}-{load():.1f}")
    for stage, mb in r["peaks_mb"].items():
        print(f"  peak RSS, {stage:<16} {mb:8.0f} MB")
    if args.tracemalloc:
        print(f"  Python, traced: peak {r['traced_peak_graph_mb']:.0f} MB, "
              f"at the graph's end {r['traced_at_graph_end_mb']:.0f} MB; the lines holding most then:")
        print("\n".join("    " + line for line in r.pop("top")))
    print(json.dumps(r))


if __name__ == "__main__":
    main()
