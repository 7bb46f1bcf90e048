"""SPARQL over a built graph: read a query, run it with the ontology's prefixes, format the result."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from .vocab import PREFIXES

QUERIES = Path(__file__).resolve().parent / "queries"


def read_query(arg: str) -> str:
    """Query text from inline SPARQL, a .rq file, or the name of a saved query."""
    p = Path(arg)
    if arg.endswith(".rq") or p.is_file():
        return p.read_text(encoding="utf-8")
    saved = QUERIES / f"{arg}.rq"
    if saved.is_file():
        return saved.read_text(encoding="utf-8")
    return arg


def run_query(graph: Graph, text: str) -> Result:
    return graph.query(text, initNs=PREFIXES)


def format_result(result: Result, fmt: str = "table") -> str:
    if result.type == "ASK":
        return ("yes" if result.askAnswer else "no") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [["" if v is None else str(v) for v in row] for row in result]
    if fmt == "json":
        return json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c[:60].ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} rows)\n"
