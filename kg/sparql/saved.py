"""The saved competency queries (kg/sparql/queries/*.rq) as a catalogue.

Apart from query.py so that `kg query --list` and the endpoint's index need no SPARQL engine:
listing them imports nothing but the standard library.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERIES = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def saved_queries() -> list[SavedQuery]:
    """The competency queries shipped in kg/sparql/queries/, titled by their first comment line."""
    found = []
    for path in sorted(QUERIES.glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found.append(SavedQuery(path.stem, first.lstrip("# ").strip(), path))
    return found
