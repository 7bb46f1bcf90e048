"""The benchmark: extraction speed, whole builds, graph size and query latency at three corpus sizes.

Not a test: it prints its figures (and appends them as JSON lines to WORK/results.jsonl) for
bench/RESULTS.md. Sizes other than the real corpus are made by bench/scale.py.

    python bench/run.py                          # 114 real articles, then 10k and 100k copies
    python bench/run.py --sizes 114,10000 --work /tmp/kg-bench
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
REAL = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(BENCH))


def machine() -> str:
    """CPU model, cores, memory and Python: the line RESULTS.md needs beside every figure."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024 ** 2
    return f"{cpu}, {os.cpu_count()} CPUs, {mem} GB RAM, Python {platform.python_version()}, {platform.system()}"


def load() -> float:
    """The 1-minute load average: other work on the machine slows every figure."""
    return os.getloadavg()[0]


class PeakMemory:
    """Samples the proportional set size (PSS) of a process and its children; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.peak, self.peak_main = pid, every, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            tree = [self.pid] + _children(self.pid)
            sizes = [_pss_kb(p) for p in tree]
            self.peak = max(self.peak, sum(sizes))
            self.peak_main = max(self.peak_main, sizes[0])
            self.done.wait(self.every)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _children(pid: int) -> list[int]:
    try:
        kids = [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def _pss_kb(pid: int) -> int:
    try:
        return int(re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M).group(1))
    except (OSError, AttributeError):
        return 0


def corpus(size: int, work: Path) -> Path:
    """The real corpus, or copies of it and the seeds (which have visits to query) made once in work."""
    real = sorted(REAL.glob("*.txt"))
    if not real:  # copies of the seeds alone would be another workload (and run out of dates)
        sys.exit(f"bench: the shared corpus is not at {REAL}: run from a checkout with ../shared beside it")
    if size == len(real):
        return REAL
    from scale import make_corpus

    target = work / f"copies-{size}"
    if len(list(target.glob("*.txt"))) != size:
        print(f"making {target} ...", flush=True)
        make_corpus([REAL, SEEDS], target, size)
    return target


def extraction(source: Path, jobs: int, timeout: float, limit_gb: float) -> dict:
    """Articles per second of extraction alone in a fresh process (no cache), after start-up."""
    try:
        out = subprocess.run([sys.executable, "-c", _PROBE, str(source), str(jobs)], capture_output=True, text=True,
                             timeout=timeout, preexec_fn=_memory_limit(limit_gb))
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if out.returncode:
        return {"error": out.stderr.strip()[-1000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _memory_limit(gb: float):
    """A preexec function capping the child's address space: a MemoryError, not the OOM killer."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (int(gb * 1024 ** 3), int(gb * 1024 ** 3)))
    return limit


_PROBE = """
import json, resource, sys, tempfile, time
from pathlib import Path
from kg.build.batch import chunk_size, extractor
from kg.build.index import FileList
from kg.ingest.articles import article_files, read_article
files = FileList(Path(tempfile.mkdtemp()) / "files.sqlite", article_files([sys.argv[1]], []))
articles = [read_article(Path(f)) for f in files]
jobs = int(sys.argv[2])
t = time.perf_counter()
pool = extractor(jobs)
startup = time.perf_counter() - t
cpu, t = time.process_time(), time.perf_counter()
done = sum(1 for _ in pool.map(articles, chunk_size(len(articles), jobs)))
seconds = time.perf_counter() - t
pool.close()
print(json.dumps({"articles": done, "chars": sum(len(a.text) for a in articles), "seconds": seconds,
                  "startup": startup, "rate": done / seconds, "main_cpu": time.process_time() - cpu,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def whole_build(source: Path, out: Path, jobs: int, timeout: float, limit_gb: float, stream: bool = False,
                extra: list[str] | None = None) -> dict:
    """Wall time, CPU time and peak memory of `kg build --no-cache` (all its processes), with its --stats lines.

    `extra` options go to kg build (bench/cluster.py gives --scheduler)."""
    import resource

    shutil.rmtree(out, ignore_errors=True)  # no figure from an earlier run
    cmd = [sys.executable, "-m", "kg", "build", str(source), "--out", str(out), "--no-cache", "--jobs", str(jobs),
           "--stats", "-q"] + (["--stream"] if stream else []) + (extra or [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, load_before = time.perf_counter(), load()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=_memory_limit(limit_gb))
    memory = PeakMemory(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        stderr += f"\n(killed after {timeout:.0f} s)"
    finally:
        memory.stop()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and the workers it waited for
    stats = {}
    for line in stdout.splitlines():
        m = re.match(r"(read|start-up|merge|graph|views|events): ([\d.]+) s$", line)
        if m:
            stats[m.group(1)] = float(m.group(2))
    triples = re.search(r"triples (\d+)", stdout)
    extract = next((x for x in stdout.splitlines() if x.startswith("extract:")), "")
    ttl = out / "graph.ttl"
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_pss_mb": memory.peak / 1024, "peak_main_mb": memory.peak_main / 1024,
            "load": [load_before, load()], "streamed": "store:" in stdout,
            "returncode": proc.returncode, "stages": stats, "extract_line": extract,
            "triples": int(triples.group(1)) if triples else None,
            "ttl_mb": ttl.stat().st_size / 1e6 if ttl.is_file() else None,
            "error": stderr.strip()[-2000:] if proc.returncode else ""}


_QUERIES = """
import json, statistics, sys, time
from kg.sparql.query import run_query
from kg.sparql.saved import saved_queries
from kg.sparql.store import open_store
from kg.graph.vocab import PREFIXES
t = time.perf_counter()
store = open_store(sys.argv[1], sys.argv[2])
out = {"load": time.perf_counter() - t, "queries": {}}
for q in saved_queries():
    times, rows = [], 0
    try:
        for _ in range(int(sys.argv[3])):
            t = time.perf_counter()
            rows = len(list(run_query(store, q.text)))
            times.append(time.perf_counter() - t)
        out["queries"][q.name] = {"ms": 1000 * statistics.median(times[1:] or times), "first_ms": 1000 * times[0],
                                  "rows": rows}
        if sys.argv[2] == "oxigraph":
            # the engine alone, without turning every value of every row into an rdflib term
            engine = []
            for _ in range(int(sys.argv[3])):
                t = time.perf_counter()
                list(store.store._inner.query(q.text, prefixes=PREFIXES, use_default_graph_as_union=True))
                engine.append(time.perf_counter() - t)
            out["queries"][q.name]["engine_ms"] = 1000 * statistics.median(engine[1:] or engine)
    except Exception as e:
        out["queries"][q.name] = {"error": f"{type(e).__name__}: {e}"[:300]}
print(json.dumps(out))
"""


def query_latency(graph: Path, backend: str, repeat: int, timeout: float) -> dict:
    """Load time and median latency of every saved query (kg/sparql/queries/*.rq) on an embedded store."""
    try:
        out = subprocess.run([sys.executable, "-c", _QUERIES, str(graph), backend, str(repeat)],
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if out.returncode:
        return {"error": out.stderr.strip()[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def natasha_side_by_side() -> tuple[dict, list[str]]:
    """kg and Natasha on the 114 real articles: 3 interleaved rounds, each run a fresh process."""
    from compare_natasha import side_by_side, speed_lines

    from kg.ingest.articles import read_article

    files = sorted(REAL.glob("*.txt"))
    runs = side_by_side(files, rounds=3)
    return runs, speed_lines(runs, [read_article(f) for f in files])


def report(size: int, r: dict) -> None:
    print(f"\n== {size} articles (load {r['load']:.1f})")
    for jobs in (1, 2):
        e = r.get(f"extract_{jobs}")
        if e:
            if "error" in e:
                print(f"extract, {jobs} process{'es' if jobs > 1 else ''}: {e['error']}")
                continue
            print(f"extract, {jobs} process{'es' if jobs > 1 else ''}: {e['articles']} articles, {e['chars']} chars "
                  f"in {e['seconds']:.1f} s = {e['rate']:.1f} articles/s (start-up {e['startup']:.1f} s, "
                  f"peak {e['peak_rss_mb']:.0f} MB)")
    b = r.get("build")
    if b:
        print(f"build --jobs 2{' (streamed)' if b['streamed'] else ''}: {b['wall']:.1f} s wall, {b['cpu']:.1f} s CPU, "
              f"peak {b['peak_pss_mb']:.0f} MB (PSS, all processes; main {b['peak_main_mb']:.0f} MB), "
              f"{b['triples']} triples, graph.ttl {b['ttl_mb'] or 0:.1f} MB, load {b['load'][0]:.1f}-{b['load'][1]:.1f}")
        print("  " + b["extract_line"] + "; " + ", ".join(f"{k} {v:.1f} s" for k, v in b["stages"].items()))
        if b["error"]:
            print("  error: " + b["error"])
    for backend, q in r.get("queries", {}).items():
        if "error" in q:
            print(f"queries on {backend}: {q['error']}")
            continue
        worst = max((v.get("ms", 0) for v in q["queries"].values()), default=0)
        print(f"queries on {backend}: load {q['load']:.1f} s, slowest {worst:.0f} ms")
        for name, v in q["queries"].items():
            engine = f" (engine {v['engine_ms']:.1f} ms)" if "engine_ms" in v else ""
            print(f"  {name:<32} " + (f"{v['ms']:8.1f} ms  {v['rows']} rows{engine}" if "ms" in v else v["error"]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="114,10000,100000", help="corpus sizes (default: 114,10000,100000)")
    p.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"), help="scaled corpora and builds")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed to each step")
    p.add_argument("--skip", default="", help="steps to skip: extract1,extract2,build,queries,natasha")
    p.add_argument("--backends", default="oxigraph,rdflib", help="embedded stores for the queries")
    p.add_argument("--repeat", type=int, default=4, help="runs of each query; the first is a warm-up")
    p.add_argument("--stream", action="store_true", help="build with --stream at every size (default: by size)")
    p.add_argument("--memory-limit", type=float, default=16, metavar="GB",
                   help="address-space cap of each step (default: 16), so a build too big fails alone")
    args = p.parse_args()
    skip = set(args.skip.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / "results.jsonl"
    print(machine())
    if "natasha" not in skip:
        runs, lines = natasha_side_by_side()
        print("\n".join(lines))
        _log(log, {"natasha": runs, "machine": machine(), "load": load()})
    for size in (int(s) for s in args.sizes.split(",")):
        source = corpus(size, args.work)
        r = {"size": size, "load": load(), "machine": machine()}
        for jobs in (1, 2):
            if f"extract{jobs}" not in skip:
                r[f"extract_{jobs}"] = extraction(source, jobs, args.timeout, args.memory_limit)
        out = args.work / f"build-{size}"
        if "build" not in skip:
            r["build"] = whole_build(source, out, 2, args.timeout, args.memory_limit, args.stream)
        if "queries" not in skip and r.get("build", {}).get("returncode", 0) == 0 and (out / "graph.ttl").is_file():
            r["queries"] = {b: query_latency(out / "graph.ttl", b, args.repeat, args.timeout)
                            for b in args.backends.split(",")}
        report(size, r)
        _log(log, r)


def _log(path: Path, record: dict) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"time": time.strftime("%Y-%m-%d %H:%M:%S"), **record}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
