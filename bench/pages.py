"""How fast the capped graph page becomes interactive in headless Chromium, and how big it is.

Not a test: it prints figures for bench/RESULTS.md. The page is the full view of a synthetic graph
(tests/viewdata.py, 400 visits: about 4,600 nodes, capped at 1,500), written by this checkout.
With --against FILE.html it also opens another page (say, the same view written by an older
commit) in turn with ours, A B A B …, so both are timed under the same load.

    python bench/pages.py --rounds 7
    python bench/pages.py --rounds 7 --against /tmp/old/big.html --against-flag stabilized

"Interactive" is the moment the page's script says it is drawn (kgView.ready; an older page may
name another flag, such as kgView.stabilized once its physics had settled), measured from the
navigation's start; "longest block" is the longest main-thread task in that time (a frozen tab).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))

from headless import Browser  # noqa: E402
from viewdata import synthetic_graph  # noqa: E402

# Records main-thread tasks over 50 ms from the first byte of the page on (CDP scripts skip CSP).
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });
}).observe({type: "longtask", buffered: true});"""


def write_capped_page(path: Path, visits: int) -> tuple[int, float]:
    """The full view of a synthetic graph, as kg writes it; returns its node count and the seconds it took."""
    from kg.views.draw import write_full_view

    graph = synthetic_graph(visits)
    start = time.perf_counter()
    written = write_full_view(graph, path)
    return written.nodes, time.perf_counter() - start


def time_page(browser: Browser, path: Path, flag: str, timeout: float) -> tuple[float, float]:
    """Seconds from navigation to window.kgView[flag], and the longest main-thread block in ms."""
    browser.driver.get("about:blank")
    start = time.perf_counter()
    browser.driver.get(path.resolve().as_uri())
    while not browser.js(f"return Boolean(window.kgView && window.kgView.{flag})"):
        if time.perf_counter() - start > timeout:
            return float("inf"), float("nan")
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    return seconds, max(browser.js("return window.__longTasks") or [0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--visits", type=int, default=400, help="synthetic visits (400: ~4,600 nodes, capped)")
    parser.add_argument("--against", type=Path, help="another page to time in turn with ours")
    parser.add_argument("--against-flag", default="ready", help="the kgView flag that page sets when drawn")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "capped.html"
        nodes, write_s = write_capped_page(ours, args.visits)
        pages = [("this checkout", ours, "ready")]
        if args.against:
            pages.append((str(args.against), args.against, args.against_flag))
        browser = Browser(Path(tmp) / "profile")
        browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS})
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in pages}
        try:
            for _ in range(args.rounds):
                for name, path, flag in pages:
                    times[name].append(time_page(browser, path, flag, args.timeout))
        finally:
            browser.close()
        sizes = {name: path.stat().st_size / 1e6 for name, path, _ in pages}
    print(f"load average {os.getloadavg()[0]:.2f}; page of {nodes} nodes written in {write_s:.1f} s")
    for name, _, _ in pages:
        ready = [t for t, _ in times[name]]
        blocks = [b for _, b in times[name]]
        print(f"{name}: interactive min {min(ready):.2f} s, median {statistics.median(ready):.2f} s "
              f"over {len(ready)} rounds; longest block median {statistics.median(blocks):.0f} ms; {sizes[name]:.1f} MB")


if __name__ == "__main__":
    main()
