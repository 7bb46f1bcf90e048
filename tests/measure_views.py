"""Measure how big a full view headless Chromium handles smoothly; the numbers behind views.NODE_CAP.

Run: python tests/measure_views.py [NODES ...]. For each size it renders a synthetic graph with
no cap and prints the time until the layout settles, the longest main-thread block (a frozen tab)
and the time of one redraw (pan and zoom smoothness), in this machine's software rendering.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from headless import Browser
from viewdata import synthetic_graph

from kg.views.netgraph import to_networkx
from kg.views.page import Page, write_page

# Records main-thread tasks over 50 ms from the first byte of the page on (CDP scripts skip CSP).
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });
}).observe({type: "longtask", buffered: true});"""
REDRAW = """var net = kgView.network, times = [];
if (arguments[0]) { net.moveTo({scale: arguments[0]}); } else { net.fit({animation: false}); }
if (arguments[1]) { kgView.edges.update(kgView.edges.getIds().map(function (id) { return {id: id, hidden: true}; })); }
for (var i = 0; i < 5; i++) { var t = performance.now(); net.redraw(); times.push(performance.now() - t); }
return times;"""


def measure(nodes: int, browser: Browser, workdir: Path) -> dict:
    start = time.perf_counter()
    net = to_networkx(synthetic_graph(max(1, (nodes - 60) // 12)))
    path = workdir / f"full-{nodes}.html"
    write_page(net, Page("measure"), path)
    python_s = time.perf_counter() - start
    load = browser.load(path, timeout=120)
    longest = max(browser.js("return window.__longTasks") or [0])
    fit = statistics.median(browser.js(REDRAW, 0))
    zoomed = statistics.median(browser.js(REDRAW, 1.0))
    no_edges = statistics.median(browser.js(REDRAW, 0, True))
    return {"nodes": net.number_of_nodes(), "edges": net.number_of_edges(), "python_s": python_s,
            "settled_s": load.seconds, "stabilized": browser.js("return kgView.stabilized"),
            "longest_block_ms": longest, "redraw_fit_ms": fit, "redraw_zoom1_ms": zoomed, "redraw_nodes_only_ms": no_edges,
            "errors": len(load.errors)}


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        browser = Browser(Path(tmp) / "profile")
        browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS})
        try:
            print("nodes  edges  python_s  settled_s  stabilized  longest_block_ms  redraw_fit_ms  redraw_zoom1_ms"
                  "  redraw_nodes_only_ms")
            for size in sizes:
                m = measure(size, browser, Path(tmp))
                print(f"{m['nodes']:>5}  {m['edges']:>5}  {m['python_s']:>8.1f}  {m['settled_s']:>9.1f}  "
                      f"{m['stabilized']!s:>10}  {m['longest_block_ms']:>16.0f}  {m['redraw_fit_ms']:>13.0f}  "
                      f"{m['redraw_zoom1_ms']:>15.0f}  {m['redraw_nodes_only_ms']:>20.0f}", flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 500, 1000, 1500, 2000, 3000, 5000])
