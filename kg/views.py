"""The interactive view of the graph (pyvis), written as one self-contained HTML file."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph


def write_view(graph: Graph, path: Path) -> None:
    """Placeholder until the view issue lands: an HTML page listing the graph size."""
    path.write_text(f"<!doctype html><meta charset='utf-8'><p>{len(graph)} triples</p>", encoding="utf-8")
