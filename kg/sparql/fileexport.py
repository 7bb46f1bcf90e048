"""Turtle, N-Triples and OWL of a graph file, read as a stream: memory does not grow with the graph.

- Turtle is the file itself (kg writes graph.ttl sorted, one statement a subject, the same bytes
  from a build in memory and a streamed one), and the ontology's own Turtle after it on request.
- N-Triples is a line a triple, sorted, each once.
- OWL is those lines less the reification triples, with days as xsd:dateTime and the ontology,
  written as RDF/XML by pyoxigraph.

The lines are sorted HELD at a time and merged from runs on disk (kg.graph.triples.sorted_unique): at
30k articles rdflib held the whole graph, 8.3 GB, before it wrote a line (bench/RESULTS.md).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..graph.triples import XSD, sorted_unique
from ..graph.vocab import ONTOLOGY_FILE, PREFIXES
from .dataset import nt_line

FILE_FORMATS = ("turtle", "nt", "owl")
HELD = 200_000  # lines sorted in memory at once: about 70 MB of a build's lines (a sentence is long)
# OWL 2's datatype map has no xsd:date, so each day becomes an xsd:dateTime at midnight (HermiT refuses
# xsd:date); the evidence's rdf:subject/predicate/object (reserved vocabulary, no OWL axiom) are left
# out, while kgo:evidence still ties each resource to its evidence
DAY, MIDNIGHT = f'"^^<{XSD}date> .\n', f'T00:00:00"^^<{XSD}dateTime> .\n'
REIFICATION = {f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#{p}>" for p in ("subject", "predicate", "object")}


def write_graph_file(source: Path, fmt: str, out: BinaryIO, scratch: Path, with_ontology: bool = False) -> None:
    """The graph file `source` (Turtle) in fmt ("turtle", "nt" or "owl") on out; runs of the sort go
    to the folder `scratch`. OWL always has the ontology: an OWL ontology declares its terms."""
    if fmt == "turtle":
        with open(source, "rb") as f:
            shutil.copyfileobj(f, out)
        if with_ontology:
            out.write(b"\n" + ONTOLOGY_FILE.read_bytes())
        return
    lines = _lines(source)
    if with_ontology or fmt == "owl":
        lines = chain(lines, _lines(ONTOLOGY_FILE))
    if fmt == "nt":
        for line in sorted_unique(lines, scratch / "runs", HELD):
            out.write(line.encode("utf-8"))
        return
    # pyoxigraph writes one rdf:Description a subject, as its lines come together
    sorted_file = scratch / "owl.nt"
    try:
        with open(sorted_file, "w", encoding="utf-8") as f:
            f.writelines(sorted_unique(filter(None, map(owl_line, lines)), scratch / "runs", HELD))
        ox.serialize(ox.parse(path=str(sorted_file), format=ox.RdfFormat.N_TRIPLES), out,
                     format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES)
    finally:
        sorted_file.unlink(missing_ok=True)


def owl_line(line: str) -> str | None:
    """An N-Triples line as the OWL export has it: None for a reification triple, a day as a dateTime."""
    if line.split(" ", 2)[1] in REIFICATION:
        return None
    return line[:-len(DAY)] + MIDNIGHT if line.endswith(DAY) else line


def check_turtle(source: Path) -> None:
    """Read a Turtle file through, so that a broken one fails here (ValueError, SyntaxError)."""
    for _ in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE):
        pass


def _lines(source: Path) -> Iterator[str]:
    for q in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE):
        yield nt_line(q.subject, q.predicate, q.object)
