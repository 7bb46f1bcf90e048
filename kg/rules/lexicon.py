"""Load the data files under kg/rules/data: gazetteers, name lexicons, titles, triggers, topics.

Each file has one entry per line, TAB-separated fields, `|` between alternatives and `#`
comments. A comment containing "needs context" marks an entry that rules must confirm by context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
    lat: float | None = None
    lon: float | None = None


# the hand-made gazetteer of Kazakhstan and the world, the regions of partner countries, water bodies
# and landmarks
PLACE_FILES = ("places.tsv", "regions.tsv", "landmarks.tsv")
# the world gazetteer that tools/gazetteer.py generates from GeoNames: coordinates, more towns and names
WORLD_FILE = "world.tsv"


@lru_cache(maxsize=None)
def places() -> tuple[PlaceEntry, ...]:
    """The hand-made places, each once: the first file that names it gives its kind and parent, the
    world gazetteer adds aliases and coordinates."""
    by_name: dict[str, PlaceEntry] = {}
    for file in PLACE_FILES:
        for r in rows(file):
            old = by_name.get(r.get(0))
            if old is None:
                by_name[r.get(0)] = PlaceEntry(r.get(0), r.get(1), r.get(2), tuple(r.alts(3)), r.ambiguous)
            else:
                by_name[old.name] = replace(old, aliases=old.aliases + tuple(a for a in r.alts(3) if a not in old.aliases))
    for name, entry in _world()[1].items():
        old = by_name.get(name)
        if old is not None:
            by_name[name] = replace(old, aliases=old.aliases + tuple(a for a in entry.aliases if a not in old.aliases),
                                    lat=entry.lat, lon=entry.lon)
    return tuple(by_name.values())


@lru_cache(maxsize=None)
def world_place(name: str) -> PlaceEntry | None:
    """A place of the generated gazetteer that the hand-made files lack."""
    line = _world()[0].get(name)
    return _world_entry(line) if line else None


def world_names() -> dict[str, list[str]]:
    """Lower-case first word of every name and alias of the generated gazetteer -> the places' names."""
    return _world()[2]


@lru_cache(maxsize=None)
def world_prefixes() -> frozenset[str]:
    """The first four letters of every first word of the generated gazetteer's names."""
    return frozenset(k[:4] for k in world_names())


def _world_entry(line: str) -> PlaceEntry:
    f = line.split("\t")
    coords = (float(f[4]), float(f[5])) if f[4] else (None, None)
    return PlaceEntry(f[0], f[1], f[2], tuple(f[3].split("|")) if f[3] else (), "# needs context" in line, *coords)


WORLD_LINE = re.compile(r"^(([^#\t\n][^\t\n]*)\t[^\t\n]*\t[^\t\n]*\t([^\t\n]*)\t.*)$", re.M)


@lru_cache(maxsize=None)
def _world() -> tuple[dict[str, str], dict[str, PlaceEntry], dict[str, list[str]]]:
    # 20,000 lines, read at start-up: kept as text until a rule asks for one of them, and split by one
    # regular expression rather than line by line (three times faster)
    hand = {line.split("\t", 1)[0] for file in PLACE_FILES
            for line in (DATA / file).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"}
    text = (DATA / WORLD_FILE).read_text(encoding="utf-8")
    new, known, first = {}, {}, {}
    for line, name, aliases in WORLD_LINE.findall(text):
        if name in hand:
            known[name] = _world_entry(line)
            continue
        new[name] = line
        for phrase in (name, *aliases.split("|")) if aliases else (name,):
            first.setdefault(phrase.split(" ", 1)[0].lower().replace("ё", "е"), []).append(name)
    return new, known, first


@lru_cache(maxsize=None)
def first_names() -> dict[str, tuple[str, bool]]:
    """Nominative first name -> (gender 'm'/'f', ambiguous with a common word): the hand-made list, then
    the names of many languages generated from Natasha's dictionary (first_names_world.tsv)."""
    out = {name: (gender, ambiguous) for name, gender, ambiguous in _world_first_rows()}
    out.update({r.get(0): (r.get(1) or "m", r.ambiguous) for r in rows("first_names.tsv")})
    return out


@lru_cache(maxsize=None)
def _world_first_rows() -> tuple[tuple[str, str, bool], ...]:
    # 45,500 generated lines of one shape, read by one regular expression (the Row machinery took a tenth
    # of a second for 15,700)
    text = (DATA / "first_names_world.tsv").read_text(encoding="utf-8")
    return tuple((name, gender, bool(note)) for name, gender, note in WORLD_FIRST_LINE.findall(text))


WORLD_FIRST_LINE = re.compile(r"^([^#\t\n][^\t\n]*)\t([mf])(  # needs context)?$", re.M)


@lru_cache(maxsize=None)
def world_first_names() -> dict[str, str]:
    """The generated first names (first_names_world.tsv) that the hand-made list lacks -> gender."""
    hand = hand_first_names()
    return {name: gender for name, gender, _ in _world_first_rows() if name not in hand}


@lru_cache(maxsize=None)
def hand_first_names() -> dict[str, str]:
    """The hand-made first names (first_names.tsv) -> gender."""
    return {r.get(0): r.get(1) or "m" for r in rows("first_names.tsv")}


@lru_cache(maxsize=None)
def titles() -> dict[str, str]:
    """Lower-case nominative title phrase -> its kind (akim, speaker, rector, public, ...)."""
    return {r.get(0).lower(): r.get(1) for r in rows("titles.tsv")}


@dataclass(frozen=True)
class BodyEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]
    as_written: bool = False  # reported as the text names it (world_orgs.tsv), not by the entry's name


@lru_cache(maxsize=None)
def state_bodies() -> tuple[BodyEntry, ...]:
    """Kazakhstan's bodies, parties, media and the international organizations (state_bodies.tsv), then
    the world's organizations that news cite (world_orgs.tsv)."""
    return tuple(BodyEntry(r.get(0), r.get(1), tuple(r.alts(2))) for r in rows("state_bodies.tsv")) + tuple(
        BodyEntry(r.get(0), r.get(1), tuple(r.alts(2)), True) for r in rows("world_orgs.tsv"))


@lru_cache(maxsize=None)
def country_adjectives() -> dict[str, str]:
    """A country's adjective (masculine nominative, «японский») -> the country's name (country_adjectives.tsv)."""
    return {r.get(0): r.get(1) for r in rows("country_adjectives.tsv")}


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
