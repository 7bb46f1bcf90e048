"""The build: read articles, extract each, merge across articles, write graph, table and view.

Outputs are written to a temporary file and renamed, so an interrupted build never leaves
a half-written file behind.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .extract import extract
from .graph import build_graph, load_ontology
from .ingest import BadInput, Skipped, find_files, read_article
from .merge import Corpus, merge
from .table import event_table


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    triples: int = 0
    counts: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    chars: int = 0


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path through a temporary file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_inputs(inputs: list[str], report: BuildReport):
    """Articles of the input paths; unreadable files are reported, never fatal."""
    files, skipped = find_files(inputs)
    report.skipped.extend(skipped)
    articles, seen = [], {}
    for path in files:
        try:
            a = read_article(path)
        except BadInput as e:
            report.skipped.append(Skipped(str(path), str(e)))
            continue
        if a.id in seen:
            report.skipped.append(Skipped(str(path), f"same article id as {seen[a.id]}"))
            continue
        seen[a.id] = str(path)
        articles.append(a)
    return articles


def build(inputs: list[str], out: Path, log=sys.stderr) -> BuildReport:
    """Run the whole pipeline and write graph.ttl, events.json and graph.html into out."""
    report = BuildReport()
    articles = read_inputs(inputs, report)
    t0 = time.perf_counter()
    facts = [extract(a) for a in articles]
    report.timings["extract"] = time.perf_counter() - t0
    report.articles = len(articles)
    report.chars = sum(len(a.text) for a in articles)
    t0 = time.perf_counter()
    corpus = merge(facts)
    report.timings["merge"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = build_graph(corpus)
    report.triples = len(graph)
    report.counts = corpus_counts(corpus)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "graph.ttl", graph.serialize(format="turtle").encode("utf-8"))
    table = event_table(load_ontology(_copy(graph)))
    write_atomic(out / "events.json", (json.dumps(table, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    report.timings["graph"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    from .views import write_view

    write_view(graph, out / "graph.html")
    report.timings["views"] = time.perf_counter() - t0
    report.outputs = {k: str(out / f) for k, f in
                      (("graph", "graph.ttl"), ("events", "events.json"), ("view", "graph.html"))}
    return report


def _copy(graph: Graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


def corpus_counts(corpus: Corpus) -> dict:
    kinds = {}
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
