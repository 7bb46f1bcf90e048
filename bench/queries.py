"""Saved-query latency on a streamed build's on-disk store, as `kg query` answers and in the engine.

For each saved query, in interleaved rounds: Oxigraph's engine alone (pyoxigraph, every row read,
on a store kept open, so its block cache is warm), the answer as `kg query BUILD NAME` makes it
once its modules are imported (the store opened afresh, the query run, the table formatted), and
`kg query BUILD NAME` itself (a fresh process, start-up included); `kg query BUILD 'ASK {}'` gives
the start-up alone. With --against REV the saved queries of that commit run in the engine in the
same rounds, on a store opened apart, and the ordered rows of both must be the same.

    python bench/queries.py --size 30000 --rounds 5 --work /tmp/kg-bench     # builds once, then reuses
    python bench/queries.py --build /tmp/kg-bench/build-30000 --against 2be9537
    python bench/queries.py --build /tmp/kg-bench/build-30000 --against 2be9537 --no-wall --cpu  # loaded machine
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import ROOT, corpus, load, machine, whole_build


def saved_texts(rev: str | None) -> dict[str, str]:
    """The saved queries of the working tree, or of commit rev, by name."""
    from kg.sparql.saved import QUERIES, saved_queries

    if rev is None:
        return {q.name: q.text for q in saved_queries()}
    folder = QUERIES.relative_to(ROOT).as_posix()
    names = subprocess.run(["git", "ls-tree", "--name-only", rev, folder + "/"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    return {Path(n).stem: subprocess.run(["git", "show", f"{rev}:{n}"], cwd=ROOT, capture_output=True, text=True,
                                         check=True).stdout for n in names if n.endswith(".rq")}


def engine(store, text: str, clock=time.perf_counter) -> tuple[float, list]:
    """Seconds for Oxigraph to answer with every row read, on the graphs kg query reads; the rows.
    The engine runs in the calling thread, so clock may be time.thread_time (--cpu)."""
    from kg.graph.vocab import PREFIXES
    from kg.sparql.query import on_union

    t = clock()
    union = on_union(store, text)
    rows = [tuple(solution) for solution in store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)]
    return clock() - t, rows


def as_kg_query(build: Path, text: str) -> float:
    """Seconds for what `kg query` does once its modules are imported: open, run, format a table."""
    from kg.sparql.query import answer
    from kg.sparql.store import open_oxigraph

    t = time.perf_counter()
    answer(open_oxigraph(build), text, "table")
    return time.perf_counter() - t


def command(build: Path, query: str) -> float:
    """Wall seconds of `kg query BUILD QUERY` in a fresh process."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "query", str(build), query], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def ms(times: list[float]) -> str:
    return f"{1000 * min(times):7.1f} / {1000 * statistics.median(times):7.1f}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=30000, help="articles (copies made by bench/scale.py)")
    p.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    p.add_argument("--build", type=Path, help="a streamed build to query instead of WORK/build-SIZE")
    p.add_argument("--rounds", type=int, default=5, help="rounds after one warm-up round")
    p.add_argument("--against", metavar="REV", help="also time the saved queries of this commit")
    p.add_argument("--no-wall", action="store_true", help="no fresh kg query processes (they load the machine)")
    p.add_argument("--cpu", action="store_true",
                   help="time the engine by its thread's CPU time, which other processes on a loaded machine "
                        "lengthen less than the wall clock")
    args = p.parse_args()
    import pyoxigraph as ox

    build = args.build or args.work / f"build-{args.size}"
    if not (build / "store").is_dir():
        r = whole_build(corpus(args.size, args.work), build, 2, 7200, 16, stream=True)
        if r["returncode"]:
            sys.exit(r["error"])
    versions = {"new": saved_texts(None)} | ({"old": saved_texts(args.against)} if args.against else {})
    stores = {v: ox.Store.read_only(str(build / "store")) for v in versions}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    print(machine())
    print(f"{build}: {len(stores['new'])} quads; commit {commit}{' (working tree changed)' if _dirty() else ''}; "
          f"load {load():.1f}", flush=True)
    times: dict[tuple, list[float]] = {}
    rows: dict[tuple, list] = {}
    for n in range(args.rounds + 1):
        startup = None if args.no_wall else command(build, "ASK {}")
        if n and startup is not None:
            times.setdefault(("start-up",), []).append(startup)
        for name in versions["new"]:
            order = list(versions) if n % 2 == 0 else list(reversed(versions))
            for v in order:
                text = versions[v].get(name)
                if text is None:
                    continue
                seconds, rows[v, name] = engine(stores[v], text, time.thread_time if args.cpu else time.perf_counter)
                if n:  # the first round warms the caches
                    times.setdefault((v, name, "engine"), []).append(seconds)
                if v == "new":
                    via = as_kg_query(build, text)
                    wall = None if args.no_wall else command(build, name)
                    if n:
                        times[v, name, "kg"] = times.get((v, name, "kg"), []) + [via]
                        if wall is not None:
                            times[v, name, "wall"] = times.get((v, name, "wall"), []) + [wall]
        print(f"round {n} done, load {load():.1f}", file=sys.stderr, flush=True)
    if not args.no_wall:
        print(f"kg query BUILD 'ASK {{}}' (start-up): min / median {ms(times['start-up',])} ms")
    heading = "engine CPU min / median" if args.cpu else "engine min / median"
    print(f"{'query':<28} {'rows':>6}  {heading:>19}  {'as kg query':>17}  {'kg query, wall':>17}")
    for name in versions["new"]:
        for v in versions:
            if (v, name, "engine") not in times:
                continue
            wall = ms(times[v, name, "wall"]) if (v, name, "wall") in times else ""
            via = f"{ms(times[v, name, 'kg'])}  {wall}" if v == "new" else ""
            print(f"{name if v == 'new' else '  (' + args.against + ')':<28} {len(rows[v, name]):>6}  "
                  f"{ms(times[v, name, 'engine'])}  {via}")
        if "old" in versions and name in versions["old"] and rows["old", name] != rows["new", name]:
            print(f"  DIFFERENT ROWS from {args.against}")
    print(f"load at the end {load():.1f}")


def _dirty() -> bool:
    return bool(subprocess.run(["git", "status", "--porcelain", "--", "kg"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip())


if __name__ == "__main__":
    main()
