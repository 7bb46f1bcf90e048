"""Extraction on a Dask LocalCluster of 2 worker processes against `kg build --jobs 2`, interleaved.

Each round builds the same corpus both ways (`--no-cache`, in turn, the order alternating), so
the machine's load falls on both alike; it prints every round and the min and median of each,
with the load, for bench/RESULTS.md (the issue's target: the cluster costs at most 15 % more).

    python bench/cluster.py --size 10000 --rounds 3 --work /tmp/kg-bench
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import corpus, load, machine, whole_build  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=10000, help="articles (copies made by bench/scale.py)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    p.add_argument("--timeout", type=float, default=3600)
    args = p.parse_args()
    from distributed import LocalCluster

    args.work.mkdir(parents=True, exist_ok=True)
    source = corpus(args.size, args.work)
    print(machine())
    walls: dict[str, list[float]] = {"jobs 2": [], "cluster": []}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        extra = {"jobs 2": [], "cluster": ["--scheduler", cluster.scheduler_address]}
        for n in range(args.rounds):
            order = ["jobs 2", "cluster"] if n % 2 == 0 else ["cluster", "jobs 2"]
            for name in order:
                r = whole_build(source, args.work / f"build-{name.replace(' ', '')}", 2, args.timeout, 64,
                                extra=extra[name])
                if r["returncode"]:
                    sys.exit(f"{name}: {r['error']}")
                walls[name].append(r["wall"])
                print(f"round {n + 1} {name:>7}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU of this process tree, "
                      f"peak {r['peak_pss_mb']:.0f} MB, load {r['load'][0]:.1f}-{r['load'][1]:.1f}", flush=True)
    for name, w in walls.items():
        print(f"{name:>7}: min {min(w):.1f} s, median {statistics.median(w):.1f} s")
    ratio = min(walls["cluster"]) / min(walls["jobs 2"])
    print(f"cluster / jobs 2 (min): {ratio:.2f}; load now {load():.1f}")


if __name__ == "__main__":
    main()
