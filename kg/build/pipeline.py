"""The build: read articles, extract each, merge across articles, write graph, table and view.

Every output is written to a temporary file and renamed into place once all are ready, so an
interrupted build never leaves a half-written file behind. A file that cannot be read is
reported and the build goes on with the rest.
"""
from __future__ import annotations

import json
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib import Dataset

from .batch import extract_all
from .cache import FactCache
from ..files import atomic_path
from ..graph.rdf import build_graph
from ..ingest.articles import BadInput, Skipped, find_files, read_article
from ..events.merge import Corpus, merge
from ..model import Article
from ..graph.storegraph import StoreGraph
from ..graph.table import event_table
from ..graph.triples import Triples
from ..graph.turtle import write_turtle
from ..graph.vocab import ONTOLOGY_FILE

OUTPUTS = {"graph": "graph.ttl", "events": "events.json", "view": "graph.html", "timeline": "timeline.html",
           "map": "map.html"}
CACHE_FILE = Path(".cache") / "facts.sqlite"


class NothingRead(Exception):
    """No input file could be read as an article; the report says why, and no output was written."""

    def __init__(self, report: "BuildReport"):
        super().__init__("no article could be read")
        self.report = report


@dataclass
class BuildReport:
    """What a build read, skipped, extracted and wrote, and how long each stage took."""
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)      # read, but extraction raised
    warnings: list[Skipped] = field(default_factory=list)    # read, with a guess (the date)
    triples: int = 0
    counts: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    extracted: int = 0
    reused: int = 0
    chars: int = 0
    cache: str | None = None


def read_inputs(inputs: list[str], report: BuildReport) -> list[Article]:
    """Articles of the input paths; unreadable files and duplicates are reported, never fatal."""
    files, skipped = find_files(inputs)
    report.skipped.extend(skipped)
    articles, ids, texts = [], {}, {}
    for path in files:
        notes: list[str] = []
        try:
            a = read_article(path, warn=notes.append)
        except BadInput as e:
            report.skipped.append(Skipped(str(path), str(e)))
            continue
        if a.id in ids:
            report.skipped.append(Skipped(str(path), f"same article id as {ids[a.id]}"))
            continue
        if (a.sha, a.date) in texts:
            # one article saved under two names would count its events twice
            report.skipped.append(Skipped(str(path), f"same text as {texts[a.sha, a.date]}"))
            continue
        ids[a.id] = texts[a.sha, a.date] = str(path)
        report.warnings.extend(Skipped(str(path), n) for n in notes)
        articles.append(a)
    return articles


def build(inputs: list[str], out: Path, jobs: int = 1, cache_dir: Path | None = None,
          use_cache: bool = True, progress: bool = True) -> BuildReport:
    """Run the whole pipeline and write graph.ttl, events.json and graph.html into out.

    Facts are cached in OUT/.cache (or cache_dir) by each article's content hash.
    """
    report = BuildReport()
    clock = time.perf_counter()
    articles = read_inputs(inputs, report)
    report.timings["read"] = _lap(clock)
    if not articles:  # a mistyped folder must not replace a good build with an empty one
        raise NothingRead(report)
    with ExitStack() as stack:
        cache = None
        if use_cache:
            path = (cache_dir or out / CACHE_FILE.parent) / CACHE_FILE.name
            cache = stack.enter_context(FactCache(path))
            report.cache = str(path)
        batch = extract_all(articles, jobs=jobs, cache=cache, progress=progress)
    report.articles, report.extracted, report.reused, report.chars = len(articles), batch.extracted, batch.reused, batch.chars
    report.failed = [Skipped(a.path, f"extraction failed, article kept without facts: {err}") for a, err in batch.failed]
    report.timings["cache"], report.timings["start-up"], report.timings["extract"] = batch.lookup, batch.startup, batch.seconds

    clock = time.perf_counter()
    corpus = merge(batch.facts)
    del batch  # the corpus holds all the graph needs; what else the facts hold can go
    report.timings["merge"] = _lap(clock)
    report.counts = corpus_counts(corpus)
    clock = time.perf_counter()
    triples = build_graph(corpus)
    del corpus
    report.triples = len(triples)
    write_outputs(triples, out, report, clock, {a.id: a.path for a in articles if a.path})
    report.outputs = {k: str(out / f) for k, f in OUTPUTS.items()}
    return report


def write_outputs(triples: Triples, out: Path, report: BuildReport, clock: float,
                  sources: dict[str, str] | None = None) -> None:
    """Graph, pages and event table, each written into a temporary file, then all renamed in turn.

    The triples are written once as Turtle and freed; the view and the table read that file back
    into an embedded store. `clock` is when building the graph began: the graph stage's time
    includes writing it. `sources` (article id → file) lets the pages link to the article texts.
    """
    from ..views.site import write_pages

    with ExitStack() as stack:
        tmp = {k: stack.enter_context(atomic_path(out / f)) for k, f in OUTPUTS.items()}
        write_turtle(triples.sorted(), tmp["graph"])
        triples.clear()
        store = queryable(tmp["graph"])
        report.timings["graph"] = _lap(clock)
        clock = time.perf_counter()
        write_pages(StoreGraph(store), {k: tmp[k] for k in ("view", "timeline", "map")}, sources)
        report.timings["views"] = _lap(clock)
        clock = time.perf_counter()
        table = event_table(Dataset(store=OxigraphStore(store=store), default_union=True))
        tmp["events"].write_bytes((json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        report.timings["events"] = _lap(clock)


def queryable(ttl: Path) -> ox.Store:
    """The written graph with the ontology (the table reads subclass paths) in an embedded Oxigraph store.

    Oxigraph answers the table's queries ten times faster than rdflib's own engine, with the same
    rows, and holds a triple in a fraction of rdflib's memory.
    """
    store = ox.Store()
    for path in (ttl, ONTOLOGY_FILE):
        # into memory, a plain load is faster than bulk_load (51 s against 74 s for 17.8M triples)
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _lap(start: float) -> float:
    return time.perf_counter() - start


def corpus_counts(corpus: Corpus) -> dict:
    """Events, visits and distinct entities of each kind, for the build's summary line."""
    kinds: dict[str, set] = {}
    for m in corpus.mentions:
        kinds.setdefault(m.kind, set()).add(m.name)
    return {
        "events": len(corpus.events),
        "visits": sum(1 for e in corpus.events if e.type == "Visit"),
        "people": len(kinds.get("person", ())),
        "places": len(kinds.get("place", ())),
        "organizations": len(kinds.get("org", ())),
        "topics": len(kinds.get("topic", ())),
    }
