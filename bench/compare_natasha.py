"""kg beside Natasha's NER on the same articles: person/place/organization F1 and throughput.

Natasha's spans (PER, LOC, ORG), normalized by Natasha's own normalizer, are written as a
kg-events/1 file with no events and scored by the shared scorer, like kg's events.json.
Needs the dev extra: pip install -e '.[dev]'.

    python bench/compare_natasha.py                       # the seeds against gold-seeds.json
    python bench/compare_natasha.py --speed --rounds 3 ../shared/corpus/tengrinews-2024-04
    python bench/compare_natasha.py --speed --forms ../shared/corpus/tengrinews-2024-04 ../shared/eval/pages-dev
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# one BLAS thread: the comparison is per core, and kg extracts in one thread
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from kg.build.batch import warm_up  # noqa: E402
from kg.build.cache import fingerprint  # noqa: E402
from kg.build.pipeline import build  # noqa: E402
from kg.events.extract import extract  # noqa: E402
from kg.ingest.articles import read_article  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.text.morph import load_forms, save_forms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "gold-seeds.json"
KINDS = {"PER": "persons", "LOC": "places", "ORG": "organizations"}
MEASURES = ("persons", "places", "organizations")


class Natasha:
    """Natasha's news models: segmenter, morphology tagger (for normal forms), NER tagger."""

    def __init__(self):
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            Segmenter,
        )

        emb = NewsEmbedding()
        self.segmenter, self.vocab = Segmenter(), MorphVocab()
        self.morph, self.ner = NewsMorphTagger(emb), NewsNERTagger(emb)

    def entities(self, text: str, normalize: bool = True) -> dict[str, list[str]]:
        """Names by kind; normalized (which needs the morphology tags) unless asked not to."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        if normalize:
            doc.tag_morph(self.morph)
        doc.tag_ner(self.ner)
        found: dict[str, list[str]] = {k: [] for k in MEASURES}
        for span in doc.spans:
            if normalize:
                span.normalize(self.vocab)
            name = span.normal if normalize and span.normal else span.text
            kind = KINDS.get(span.type)
            if kind and name not in found[kind]:
                found[kind].append(name)
        return found


def natasha_table(natasha: Natasha, articles: list[Article]) -> dict:
    """A kg-events/1 document of Natasha's entities, with no events."""
    rows = [{"id": a.id, "date": a.date, **natasha.entities(a.text), "topics": []} for a in articles]
    return {"format": "kg-events/1", "articles": sorted(rows, key=lambda r: r["id"]), "events": []}


def score(pred: Path, gold: Path) -> dict:
    """The shared scorer's figures for a kg-events/1 file."""
    out = subprocess.run([sys.executable, str(SCORER), str(pred), str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


SYSTEMS = ("kg", "natasha_ner", "natasha_normalized")


def throughput(system: str, articles: list[Article], forms: Path | None = None) -> dict[str, float]:
    """Articles per CPU second (and per wall second) of one system over the articles, in this process.

    The system is loaded and run on one sentence before the clock starts. kg's morphology starts cold,
    as in a build without a forms file; its second pass over the same articles ("kg_warm") is the
    rate once every word form and every rule's answer about it is known in the process. "kg_forms"
    starts with the forms file an earlier extraction of the articles saved, as a rebuild after a
    change of code outside the rules, or a cluster's worker, does.
    """
    if system in ("kg", "kg_forms"):
        if system == "kg_forms":
            load_forms(forms, fingerprint())
        warm_up()
        run = extract
    else:
        natasha = Natasha()
        natasha.entities("Аким области Ермаганбет Булекпаев посетил Сатпаев.")
        normalize = system == "natasha_normalized"
        run = lambda a: natasha.entities(a.text, normalize=normalize)  # noqa: E731
    rates = {}
    for name in (system, "kg_warm") if system == "kg" else (system,):
        wall, cpu = time.perf_counter(), time.process_time()
        for a in articles:
            run(a)
        rates[name] = len(articles) / (time.process_time() - cpu)
        rates[name + "_wall"] = len(articles) / (time.perf_counter() - wall)
    return rates


def side_by_side(files: list[Path], rounds: int, forms: Path | None = None) -> dict[str, list[float]]:
    """Each system's rate in each round, every run a fresh process, the order turned round each round.

    A fresh process gives kg the cold morphology of a new build every round, and gives each system
    the same share of the machine's noise: compare rates of one round, then take the median. With
    `forms` (a file to write), kg also runs from the forms file an extraction of the files saved there."""
    runs: dict[str, list[float]] = {}
    systems = SYSTEMS
    if forms is not None:
        _child("save_forms", files, forms)
        systems = ("kg_forms", *SYSTEMS)
    for r in range(rounds):
        for system in systems if r % 2 == 0 else systems[::-1]:
            for name, rate in _child(system, files, forms).items():
                runs.setdefault(name, []).append(rate)
    return runs


def _child(system: str, files: list[Path], forms: Path | None) -> dict[str, float]:
    """One run of side_by_side in a fresh process."""
    out = subprocess.run([sys.executable, __file__, "--child", system, *map(str, files)]
                         + (["--forms-file", str(forms)] if forms else []), capture_output=True, text=True)
    if out.returncode:  # natasha not installed (the dev extra), or a fault: say which run and why
        sys.exit(f"compare_natasha: the {system} run failed:\n{out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def speed_lines(runs: dict[str, list[float]], articles: list[Article]) -> list[str]:
    """The table of rates (min / median per CPU second) and kg's ratio to each Natasha run, per round."""
    def ratio(a: str, b: str) -> str:
        r = [x / y for x, y in zip(runs[a], runs[b])]
        return f"{min(r):.1f}-{max(r):.1f}x (median {statistics.median(r):.1f}x)"

    lines = [f"throughput on {len(articles)} articles ({sum(len(a.text) for a in articles)} chars), "
             f"{len(runs['kg'])} rounds, each run a fresh process, articles per CPU second, min / median:"]
    labels = {"kg": "kg extraction, cold morphology", "kg_forms": "kg extraction, from a forms file",
              "kg_warm": "kg extraction, second pass (warm)",
              "natasha_ner": "Natasha NER", "natasha_normalized": "Natasha NER + morphology + normalize"}
    for name, label in labels.items():
        if name in runs:
            lines.append(f"  {label:<38} {min(runs[name]):7.1f} / {statistics.median(runs[name]):7.1f}")
    for natasha in ("natasha_ner", "natasha_normalized"):
        lines.append(f"  kg cold against {labels[natasha]}: {ratio('kg', natasha)}; "
                     + (f"from a forms file: {ratio('kg_forms', natasha)}; " if "kg_forms" in runs else "")
                     + f"warm: {ratio('kg_warm', natasha)}")
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")], help="articles (default: the seeds)")
    p.add_argument("--gold", type=Path, default=GOLD, help="answer key (default: gold-seeds.json)")
    p.add_argument("--speed", action="store_true", help="only the throughput, no scoring")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the throughput (default 3)")
    p.add_argument("--forms", action="store_true",
                   help="also time kg from the forms file an extraction of the inputs saved (a rebuild's state)")
    p.add_argument("--child", choices=(*SYSTEMS, "kg_forms", "save_forms"), help=argparse.SUPPRESS)  # one run
    p.add_argument("--forms-file", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    files = sorted(f for i in args.inputs for f in (Path(i).glob("*.txt") if Path(i).is_dir() else [Path(i)]))
    articles = [read_article(f) for f in files]
    if args.child == "save_forms":
        warm_up()
        for a in articles:
            extract(a)
        save_forms(args.forms_file, fingerprint())
        print("{}")
        return
    if args.child:
        print(json.dumps(throughput(args.child, articles, args.forms_file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        runs = side_by_side(files, args.rounds, Path(tmp) / "forms.pickle" if args.forms else None)
    if not args.speed:
        natasha = Natasha()
        with tempfile.TemporaryDirectory() as tmp:
            build(args.inputs, Path(tmp) / "kg", use_cache=False, progress=False)
            pred = Path(tmp) / "natasha.json"
            pred.write_text(json.dumps(natasha_table(natasha, articles), ensure_ascii=False, indent=1), "utf-8")
            scores = {"kg": score(Path(tmp) / "kg" / "events.json", args.gold), "natasha": score(pred, args.gold)}
        print(f"F1 on {len(articles)} articles against {args.gold.name}")
        print(f"{'':10} {'persons':>8} {'places':>8} {'organizations':>14}")
        for system, s in scores.items():
            print(f"{system:10} " + " ".join(f"{s[m]['f1']:>{w}.3f}" for m, w in zip(MEASURES, (8, 8, 14))))
    print("\n".join(speed_lines(runs, articles)))


if __name__ == "__main__":
    main()
