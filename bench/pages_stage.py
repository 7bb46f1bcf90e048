"""The pages stage of a streamed build alone, on a built store: its RSS peak, Python's traced peak, its time.

Not a test: it prints figures for bench/RESULTS.md. The store is opened read-only (nothing is written
into it) and graph.html, timeline.html and map.html are written to a temporary folder as
kg/build/pipeline.py writes them (`write_pages(StoreGraph(store), …, net=StoreNet(store))`), each run
in a fresh process: the RSS sampled every 20 ms, and in another process Python's traced peak
(tracemalloc slows the run: the times are the RSS runs'). With --against CHECKOUT (another commit's
tree, say from `git worktree add /tmp/main main`) both are run in turn, A B A B …, under the same
load, and their pages compared byte for byte.

    python bench/pages_stage.py /tmp/b30k/store --rounds 2
    python bench/pages_stage.py /tmp/b30k/store /tmp/b100k/store --against /tmp/main --rounds 2
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import load, machine  # noqa: E402

PAGES = ("graph.html", "timeline.html", "map.html")


def child(store_path: str, out: Path, traced: bool) -> dict:
    """The stage in this process (its kg is the first on sys.path): what one run prints."""
    import tracemalloc

    import pyoxigraph as ox

    from kg.graph.storegraph import StoreGraph
    from kg.views.site import write_pages
    from kg.views.storenet import StoreNet

    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_kb())
            time.sleep(0.02)

    store = ox.Store.read_only(store_path)
    opened = _rss_kb()
    threading.Thread(target=sample, daemon=True).start()
    if traced:
        tracemalloc.start(1)
    start = time.perf_counter()
    # the build folder the hints name: the store's, so that every run writes the same pages
    write_pages(StoreGraph(store), {kind: out / name for kind, name in zip(("view", "timeline", "map"), PAGES)},
                net=StoreNet(store), build=Path(store_path).resolve().parent)
    seconds = time.perf_counter() - start
    done.set()
    found = {"opened_mb": opened / 1024, "rss_peak_mb": max(peak[0], _rss_kb()) / 1024, "seconds": seconds}
    if traced:
        found["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2 ** 20
    return found


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run(checkout: Path, store: str, out: Path, traced: bool) -> dict:
    """One run of the stage in a fresh process with `checkout`'s kg."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    done = subprocess.run([sys.executable, __file__, "--child", store, str(out)] + (["--traced"] if traced else []),
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", help="a built store (BUILD/store), opened read-only")
    parser.add_argument("--against", type=Path, help="another checkout, run in turn with this one")
    parser.add_argument("--rounds", type=int, default=2, help="RSS runs of each checkout (default 2)")
    parser.add_argument("--no-traced", action="store_true", help="skip the runs with tracemalloc (slow on big stores)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.stores[0], Path(args.stores[1]), args.traced)))
        return
    checkouts = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    print(f"machine: {machine()}")
    for store in args.stores:
        with tempfile.TemporaryDirectory() as tmp:
            found: dict[str, list[dict]] = {name: [] for name in checkouts}
            for i in range(args.rounds):
                for name, checkout in checkouts.items():
                    out = Path(tmp) / f"{name}-{i}"
                    out.mkdir()
                    before = load()
                    found[name].append(run(checkout, store, out, traced=False))
                    print(f"{store} {name} round {i + 1}: {found[name][-1]['seconds']:.1f} s, "
                          f"RSS peak {found[name][-1]['rss_peak_mb']:.0f} MB (load {before:.1f}–{load():.1f})",
                          flush=True)
            traced = {}
            for name, checkout in {} if args.no_traced else checkouts.items():
                out = Path(tmp) / f"{name}-traced"
                out.mkdir()
                traced[name] = run(checkout, store, out, traced=True)["traced_peak_mb"]
            for name in checkouts:
                times = [r["seconds"] for r in found[name]]
                rise = [r["rss_peak_mb"] - r["opened_mb"] for r in found[name]]
                print(f"{store} {name} ({checkouts[name]}): time min {min(times):.1f} / median "
                      f"{statistics.median(times):.1f} s; RSS peak {max(r['rss_peak_mb'] for r in found[name]):.0f} MB "
                      f"(+{max(rise):.0f} above the opened store)"
                      + (f"; traced peak {traced[name]:.0f} MB" if name in traced else ""))
            if args.against:
                same = all(filecmp.cmp(Path(tmp) / "this-0" / page, Path(tmp) / "against-0" / page, shallow=False)
                           for page in PAGES)
                print(f"{store}: the pages of both are {'byte-identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
