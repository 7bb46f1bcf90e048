"""kg beside Natasha's NER on the same articles: person/place/organization F1 and throughput.

Natasha's spans (PER, LOC, ORG), normalized by Natasha's own normalizer, are written as a
kg-events/1 file with no events and scored by the shared scorer, like kg's events.json.
Needs the dev extra: pip install -e '.[dev]'.

    python bench/compare_natasha.py                       # the seeds against gold-seeds.json
    python bench/compare_natasha.py --speed ../shared/corpus/tengrinews-2024-04
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# one BLAS thread: the comparison is per core, and kg extracts in one thread
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from kg.build.batch import warm_up  # noqa: E402
from kg.build.pipeline import build  # noqa: E402
from kg.events.extract import extract  # noqa: E402
from kg.ingest.articles import read_article  # noqa: E402
from kg.model import Article  # noqa: E402

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


def throughput(natasha: Natasha, articles: list[Article]) -> dict[str, float]:
    """Articles per second of kg's whole extraction and of Natasha, in this process, one after the other.

    Both are loaded before the clocks start; kg's morphology cache starts cold, as in a build.
    """
    warm_up()
    natasha.entities("Аким области Ермаганбет Булекпаев посетил Сатпаев.")
    rates = {}
    for name, run in (("kg", extract), ("natasha_ner", lambda a: natasha.entities(a.text, normalize=False)),
                      ("natasha_normalized", lambda a: natasha.entities(a.text))):
        wall, cpu = time.perf_counter(), time.process_time()
        for a in articles:
            run(a)
        rates[name] = len(articles) / (time.perf_counter() - wall)
        rates[name + "_cpu"] = len(articles) / (time.process_time() - cpu)
    return rates


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")], help="articles (default: the seeds)")
    p.add_argument("--gold", type=Path, default=GOLD, help="answer key (default: gold-seeds.json)")
    p.add_argument("--speed", action="store_true", help="only the throughput, no scoring")
    args = p.parse_args()
    files = sorted(f for i in args.inputs for f in (Path(i).glob("*.txt") if Path(i).is_dir() else [Path(i)]))
    articles = [read_article(f) for f in files]
    natasha = Natasha()
    r = throughput(natasha, articles)  # first: a build would warm kg's morphology cache
    if not args.speed:
        with tempfile.TemporaryDirectory() as tmp:
            build(args.inputs, Path(tmp) / "kg", use_cache=False, progress=False)
            pred = Path(tmp) / "natasha.json"
            pred.write_text(json.dumps(natasha_table(natasha, articles), ensure_ascii=False, indent=1), "utf-8")
            scores = {"kg": score(Path(tmp) / "kg" / "events.json", args.gold), "natasha": score(pred, args.gold)}
        print(f"F1 on {len(articles)} articles against {args.gold.name}")
        print(f"{'':10} {'persons':>8} {'places':>8} {'organizations':>14}")
        for system, s in scores.items():
            print(f"{system:10} " + " ".join(f"{s[m]['f1']:>{w}.3f}" for m, w in zip(MEASURES, (8, 8, 14))))
    print(f"throughput on {len(articles)} articles ({sum(len(a.text) for a in articles)} chars), one process:")
    print(f"  kg extraction (all rules and events): {r['kg']:7.1f} articles/s ({r['kg_cpu']:.1f} per CPU second)")
    print(f"  Natasha NER:                          {r['natasha_ner']:7.1f} articles/s "
          f"({r['natasha_ner_cpu']:.1f} per CPU second)  kg is {r['kg'] / r['natasha_ner']:.1f}x")
    print(f"  Natasha NER + morphology + normalize: {r['natasha_normalized']:7.1f} articles/s "
          f"({r['natasha_normalized_cpu']:.1f} per CPU second)  kg is {r['kg'] / r['natasha_normalized']:.1f}x")


if __name__ == "__main__":
    main()
