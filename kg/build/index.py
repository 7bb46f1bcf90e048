"""What the build keeps of every article between extraction and the graph: a compact merge index.

Merging needs, across the whole corpus, only the events (a quarter of one per article in the
scaled corpus) and how often each organization name is used; the mentions, roles and every
quote and sentence stay in the facts cache until the graph is written article by article.
An article's record is made where it is extracted and cached beside its facts.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..events.merge import merge_events, organization_names, rename_organizations
from ..model import ArticleFacts, Event, Evidence, Link

# the evidence of a link: the merge reads names, not where they were read
NO_EVIDENCE = Evidence("", 0, 0, "", "", "")
LINKS = ("participants", "places", "organizations", "organizers", "topics")


def record(facts: ArticleFacts) -> bytes:
    """The part of an article's facts the merge reads: organization names and counts, entity names
    by kind, and its events without quotes and sentences."""
    d = ArticleFacts(facts.article, events=facts.events).to_dict()
    for e in d["events"]:
        for f in LINKS:
            e[f] = [link["name"] for link in e[f]]
        for ev in [e["evidence"], *e["more_evidence"]]:
            ev["quote"], ev["sentence"] = "", 0
    names: dict[str, set[str]] = {}
    for m in facts.mentions:
        names.setdefault(m.kind, set()).add(m.name)
    doc = {"orgs": Counter(m.name for m in facts.mentions if m.kind == "org"),
           "names": {k: sorted(v) for k, v in sorted(names.items())},
           "events": d["events"]}
    return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


@dataclass
class Merged:
    """The merge of a corpus: canonical organization names, the merged events, and which merged
    event each article's i-th event became (its position in `events`; None if it was dropped)."""
    canon: dict[str, str]
    events: list[Event]
    reports: dict[str, list[int | None]]
    counts: dict


@dataclass
class MergeIndex:
    """Records of the corpus's articles, folded in as they are extracted, in any order."""
    orgs: Counter = field(default_factory=Counter)
    names: dict[str, set[str]] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)  # by article id

    def add(self, article_id: str, data: bytes) -> None:
        doc = json.loads(zlib.decompress(data))
        self.orgs.update(doc["orgs"])
        for kind, names in doc["names"].items():
            self.names.setdefault(kind, set()).update(names)
        if doc["events"]:
            linked = [{f: e[f] for f in LINKS} for e in doc["events"]]
            for e in doc["events"]:
                e.update({f: [] for f in LINKS})
            light = ArticleFacts.from_dict({"article": {"id": article_id, "date": None, "text": ""},
                                            "mentions": [], "roles": [], "events": doc["events"],
                                            "sentences": [""]})
            for e, names in zip(light.events, linked):
                for f in LINKS:
                    setattr(e, f, [Link(name, NO_EVIDENCE) for name in names[f]])
            self.events[article_id] = light.events

    def merge(self) -> Merged:
        """Merge the events of every article (in the order of their ids, as kg.events.merge wants)."""
        canon = organization_names(self.orgs)
        events = [e for article in sorted(self.events) for e in self.events[article]]
        rename_organizations(canon, [], [], events)
        merged = []
        reports: dict[str, list[int | None]] = {a: [None] * len(es) for a, es in self.events.items()}
        where = {id(e): (a, i) for a, es in self.events.items() for i, e in enumerate(es)}
        for n, (event, members) in enumerate(merge_events(events)):
            merged.append(event)
            for m in members:
                a, i = where[id(m)]
                reports[a][i] = n
        organizations = {canon.get(n, n) for n in self.names.get("org", ())}
        counts = {
            "events": len(merged),
            "visits": sum(1 for e in merged if e.type == "Visit"),
            "people": len(self.names.get("person", ())),
            "places": len(self.names.get("place", ())),
            "organizations": len(organizations),
            "topics": len(self.names.get("topic", ())),
        }
        return Merged(canon, merged, reports, counts)


class StoredArticles:
    """Each article's cache key, in the order the build took it, and each article's file (copies too),
    as rows of an SQLite file: a streaming build reads them back for the graph and the pages' links
    instead of holding them through its graph stage (0.5 kB an article, half a gigabyte a million)."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE entries (key TEXT, id TEXT)")
        self.db.execute("CREATE TABLE paths (id TEXT PRIMARY KEY, path TEXT)")
        self.entries = _Entries(self.db)
        self.paths = _Paths(self.db)

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


class _Entries:
    """A list of (cache key, article id) that appends and iterates, in SQLite."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def append(self, entry: tuple[str, str]) -> None:
        self.db.execute("INSERT INTO entries VALUES (?, ?)", entry)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.db.execute("SELECT key, id FROM entries ORDER BY rowid"))


class _Paths(Mapping):
    """Article id -> its file, in SQLite; items() is one query."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __setitem__(self, article_id: str, path: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (article_id, path))

    def __getitem__(self, article_id: str) -> str:
        row = self.db.execute("SELECT path FROM paths WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return row[0]

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.db.execute("SELECT id FROM paths ORDER BY id"))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM paths").fetchone()[0]

    def items(self):
        return iter(self.db.execute("SELECT id, path FROM paths ORDER BY id"))
