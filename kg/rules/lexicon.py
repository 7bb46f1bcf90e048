"""Load the data files under kg/rules/data: gazetteers, name lexicons, titles, triggers, topics.

Each file has one entry per line, TAB-separated fields, `|` between alternatives and `#`
comments. A comment containing "needs context" marks an entry that rules must confirm by context.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Row:
    fields: tuple[str, ...]
    ambiguous: bool
    line: int

    def get(self, i: int) -> str:
        return self.fields[i].strip() if i < len(self.fields) else ""

    def alts(self, i: int) -> list[str]:
        return [x.strip() for x in self.get(i).split("|") if x.strip()]


def rows(name: str) -> list[Row]:
    """Entries of a data file; a comment is a line starting with '#' or text after '  #' or TAB '#'."""
    out = []
    for n, raw in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if raw.lstrip().startswith("#"):
            continue
        cut = min((i for i in (raw.find("  #"), raw.find("\t#")) if i >= 0), default=len(raw))
        body, comment = raw[:cut], raw[cut:]
        if body.strip():
            out.append(Row(tuple(body.rstrip().split("\t")), "needs context" in comment.lower(), n))
    return out


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    kind: str
    parent: str
    aliases: tuple[str, ...]
    ambiguous: bool


@lru_cache(maxsize=None)
def places() -> tuple[PlaceEntry, ...]:
    return tuple(
        PlaceEntry(r.get(0), r.get(1), r.get(2), tuple(r.alts(3)), r.ambiguous) for r in rows("places.tsv")
    )


@lru_cache(maxsize=None)
def first_names() -> dict[str, tuple[str, bool]]:
    """Nominative first name -> (gender 'm'/'f', ambiguous with a common word)."""
    return {r.get(0): (r.get(1) or "m", r.ambiguous) for r in rows("first_names.tsv")}


@lru_cache(maxsize=None)
def titles() -> dict[str, str]:
    """Lower-case nominative title phrase -> its kind (akim, speaker, rector, public, ...)."""
    return {r.get(0).lower(): r.get(1) for r in rows("titles.tsv")}


@dataclass(frozen=True)
class BodyEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=None)
def state_bodies() -> tuple[BodyEntry, ...]:
    return tuple(BodyEntry(r.get(0), r.get(1), tuple(r.alts(2))) for r in rows("state_bodies.tsv"))


@dataclass(frozen=True)
class TopicEntry:
    label: str
    label_en: str
    alt_labels: tuple[str, ...]
    triggers: tuple[str, ...]   # lemma phrases, space-separated
    broader: str


@lru_cache(maxsize=None)
def topics() -> tuple[TopicEntry, ...]:
    return tuple(
        TopicEntry(r.get(0), r.get(1), tuple(r.alts(2)), tuple(r.alts(3)), r.get(4)) for r in rows("topics.tsv")
    )
