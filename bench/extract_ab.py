"""Extraction CPU of kg checkouts side by side, interleaved: the real corpus in one process each.

Each run is a fresh interpreter with one checkout on PYTHONPATH: it warms the rules up on one
short article (as `kg build` does before its clock starts), then extracts every article of the
corpus four times. The first pass is the cold figure (the morphology and every per-word cache
empty, as in `kg build --no-cache`), the best of the other three the warm one. With --forms, every
checkout that can (kg.text.morph.load_forms) also runs with the forms file its own build of the
corpus saved (the word forms, and from the tenth session the rules' answers about them): the state
of a rebuild, or of a cluster's worker. Checkouts run in turn, the order
rotating every round, so that the machine's drift falls on all of them.

    python bench/extract_ab.py --rounds 5 --forms . /tmp/base /tmp/main
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"

# what `kg build --stats` times per article: extraction and, from the layout move on, the cache entry
CHILD = """
import sys, time
from pathlib import Path
from kg.ingest.articles import read_article
import kg.build.batch as batch
arts = [read_article(f) for f in sorted(Path(sys.argv[1]).glob("*.txt"))]
if len(sys.argv) > 2:
    import inspect
    from kg.build.cache import fingerprint
    from kg.text.morph import load_forms
    # from the eleventh session the build gives the fingerprint that stamps the rules' answers
    load_forms(Path(sys.argv[2]), *[fingerprint()][:len(inspect.signature(load_forms).parameters) - 1])
batch.warm_up()
run = getattr(batch, "extract_entry", None) or batch.extract_safely
times = []
for _ in range(4):
    t = time.process_time()
    for a in arts:
        run(a)
    times.append(time.process_time() - t)
print(len(arts), times[0], min(times[1:]))
"""


def run(checkout: Path, corpus: Path, forms: Path | None) -> tuple[int, float, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    args = [sys.executable, "-c", CHILD, str(corpus)] + ([str(forms)] if forms else [])
    out = subprocess.run(args, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True)
    n, cold, warm = out.stdout.split()
    return int(n), float(cold), float(warm)


def save_forms(checkout: Path, corpus: Path, folder: Path) -> Path:
    """The forms file a cached build of the corpus leaves beside its facts."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(folder / "out"), "--cache",
                    str(folder / "cache"), "-q"], env=env, cwd=tempfile.gettempdir(), check=True,
                   capture_output=True)
    return folder / "cache" / "forms.pickle"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkouts", nargs="*", type=Path, default=[ROOT], help="kg checkouts (default: this one)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--forms", action="store_true", help="also run every checkout with the forms file its build saved")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}: give --corpus")
    with tempfile.TemporaryDirectory() as tmp:
        sides = [(str(c), c, None) for c in args.checkouts]
        if args.forms:
            sides += [(f"{c} with forms", c, save_forms(c.resolve(), args.corpus, Path(tmp) / str(k)))
                      for k, c in enumerate(args.checkouts)]
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in sides}
        loads = []
        for r in range(args.rounds):
            for k in range(len(sides)):
                name, checkout, forms = sides[(k + r) % len(sides)]
                n, cold, warm = run(checkout.resolve(), args.corpus, forms)
                results[name].append((cold, warm))
                loads.append(os.getloadavg()[0])
                print(f"round {r + 1} {name}: cold {cold:.3f} s, warm {warm:.3f} s", file=sys.stderr)
    first = sides[0][0]
    print(f"{n} articles, {args.rounds} rounds, 1-minute load {min(loads):.1f}–{max(loads):.1f}")
    print("| checkout | cold CPU s, median (min) | articles/s cold | warm CPU s, median (min) | cold / first | warm / first |")
    print("|---|---:|---:|---:|---:|---:|")
    ref_cold = statistics.median(c for c, _ in results[first])
    ref_warm = statistics.median(w for _, w in results[first])
    for name, rows in results.items():
        cold = statistics.median(c for c, _ in rows)
        warm = statistics.median(w for _, w in rows)
        print(f"| {name} | {cold:.3f} ({min(c for c, _ in rows):.3f}) | {n / cold:.0f} | {warm:.3f} "
              f"({min(w for _, w in rows):.3f}) | {cold / ref_cold:.3f} | {warm / ref_warm:.3f} |")


if __name__ == "__main__":
    main()
