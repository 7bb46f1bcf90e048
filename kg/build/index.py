"""What the build keeps of every article between extraction and the graph: a compact merge index.

Merging needs, across the whole corpus, only the events (a quarter of one per article in the
scaled corpus) and how often each organization name is used; the mentions, roles and every
quote and sentence stay in the facts cache until the graph is written article by article.
An article's record is made where it is extracted and cached beside its facts. The events wait
in an SQLite file of the build, not in memory (1.4 kB an article held to the merge, and not given
back to the system after it), and the merge reads them back step by step. The build's list of
input files (FileList) and, when it streams, each article's key and file (StoredArticles) are
SQLite files of the build too.
"""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import groupby
from pathlib import Path

from ..events.merge import (canonical_names, kind, merge_own, merge_parts, merge_trips, organization_key, own_order,
                            rename_organizations)
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


class MergeIndex:
    """Records of the corpus's articles, folded in as they are extracted, in any order: the entities'
    names and the events as rows of an SQLite file, read back by the merge in the order each of its
    steps wants, so that memory holds a window of days, not the corpus.

    Copies of a few articles name the same people again and again, but a real archive keeps meeting
    new ones (299 real articles named 1,496 entities, 5 an article, and the count still grew as n^0.8):
    held as Python sets their names would grow with the corpus, so they are rows too."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        # a file of this build only: nothing to recover after a crash
        self.db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE events (article TEXT, i INTEGER, kind TEXT, day TEXT, source TEXT, start INTEGER,
                                 parent TEXT, data BLOB);
            CREATE TABLE reports (article TEXT, i INTEGER, node TEXT, class TEXT, PRIMARY KEY (article, i))
                WITHOUT ROWID;
            CREATE TABLE renamed (key TEXT PRIMARY KEY, merged TEXT, delegation INTEGER, traveller TEXT, n INTEGER)
                WITHOUT ROWID;
            CREATE TABLE dropped (key TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE names (kind TEXT, name TEXT, PRIMARY KEY (kind, name)) WITHOUT ROWID;
            CREATE TABLE orgs (name TEXT PRIMARY KEY, n INTEGER, key TEXT) WITHOUT ROWID;
            CREATE TABLE canon (name TEXT PRIMARY KEY, best TEXT) WITHOUT ROWID;
            CREATE TABLE mentioned (kind TEXT, name TEXT, PRIMARY KEY (kind, name)) WITHOUT ROWID;""")
        self.mentioned = _Mentioned(self.db)

    def add(self, article_id: str, data: bytes) -> None:
        doc = json.loads(zlib.decompress(data))
        self.db.executemany("INSERT INTO orgs (name, n) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET n = n + excluded.n",
                            doc["orgs"].items())
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)",
                            [(entity, name) for entity, names in doc["names"].items() for name in names])
        rows = []
        for i, e in enumerate(doc["events"]):
            event = _event(article_id, e)
            rows.append((article_id, i, kind(event), *own_order(event), event.parent,
                         zlib.compress(json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)))
        self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def canon(self) -> dict[str, str]:
        """The canonical name of each organization name that changes (kg.events.merge.organization_names),
        grouped here by each name's key, made once a name: only the groups of two names or more are read.
        Every entity named in the corpus, by its canonical name, is then in `mentioned`."""
        self.db.create_function("organization_key", 1, organization_key, deterministic=True)
        self.db.execute("UPDATE orgs SET key = organization_key(name)")
        rows = self.db.execute("""
            SELECT key, name, n FROM orgs
            WHERE key IN (SELECT key FROM orgs WHERE key IS NOT NULL GROUP BY key HAVING count(*) > 1)
            ORDER BY key""")
        canon = canonical_names([(name, n) for _, name, n in group] for _, group in groupby(rows, key=lambda r: r[0]))
        self.db.executemany("INSERT INTO canon VALUES (?, ?)", canon.items())
        self.db.execute("""
            INSERT OR IGNORE INTO mentioned
            SELECT n.kind, COALESCE(c.best, n.name) FROM names n LEFT JOIN canon c ON c.name = n.name""")
        return canon

    def merge(self, canon: dict[str, str], write: Callable[[Event], tuple[str, str]]) -> dict:
        """Merge the events of every article, as kg.events.merge.merge_events does, handing each merged
        event to `write` as soon as it is made; the (IRI, class) it answers becomes what its reports
        stand for (`reports`). The answer is the corpus's counts."""
        counts = Counter()

        def made(event: Event, members: list[Event], where: dict[int, tuple[str, int]]) -> None:
            node, cls = write(event)
            self.db.executemany("INSERT INTO reports VALUES (?, ?, ?, ?)",
                                [(*where.pop(id(m)), str(node), str(cls)) for m in members])
            counts["events"] += 1
            counts["visits"] += event.type == "Visit"

        where: dict[int, tuple[str, int]] = {}  # an event read back -> its article and place there
        trips = self._events("trip", "day, source, article, i", canon, where)  # kg.events.merge.trip_order
        for (delegation, traveller, n), event, group in merge_trips(trips):
            if event is None:
                self.db.executemany("INSERT OR IGNORE INTO dropped VALUES (?)", ((v.key,) for v in group))
                for v in group:
                    del where[id(v)]
                continue
            made(event, group, where)
            # a key in two trips stands for the one of the higher rank (kg.events.merge.group_visits)
            self.db.executemany("""
                INSERT INTO renamed VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE
                SET merged = excluded.merged, delegation = excluded.delegation, traveller = excluded.traveller,
                    n = excluded.n
                WHERE (excluded.delegation, excluded.traveller, excluded.n) > (delegation, traveller, n)""",
                                ((v.key, event.key, delegation, traveller, n) for v in group))
        for _, event, members in merge_own(self._events("own", "day, source, start, article, i", canon, where)):
            made(event, members, where)
        parts = self.db.execute("""
            SELECT e.article, e.i, e.data, COALESCE(r.merged, e.parent) AS visit FROM events e
            LEFT JOIN renamed r ON r.key = e.parent
            WHERE e.kind = 'part' AND e.parent NOT IN (SELECT key FROM dropped) ORDER BY visit, e.article, e.i""")
        for parent, rows in groupby(parts, key=lambda row: row[3]):
            events = []
            for article_id, i, data, _ in rows:
                event = self._read(article_id, i, data, canon, where)
                event.parent = parent
                events.append(event)
            for event, members in merge_parts(parent, events):
                made(event, members, where)
        named = dict(self.db.execute("SELECT kind, count(*) FROM names GROUP BY kind"))
        return {
            "events": counts["events"],
            "visits": counts["visits"],
            "people": named.get("person", 0),
            "places": named.get("place", 0),
            "organizations": self.db.execute("SELECT count(*) FROM mentioned WHERE kind = 'org'").fetchone()[0],
            "topics": named.get("topic", 0),
        }

    def _events(self, which: str, order: str, canon: dict[str, str], where: dict) -> Iterator[Event]:
        rows = self.db.execute(f"SELECT article, i, data FROM events WHERE kind = ? ORDER BY {order}", (which,))
        return (self._read(article_id, i, data, canon, where) for article_id, i, data in rows)

    @staticmethod
    def _read(article_id: str, i: int, data: bytes, canon: dict[str, str], where: dict) -> Event:
        event = _event(article_id, json.loads(zlib.decompress(data)))
        rename_organizations(canon, [], [], [event])
        where[id(event)] = (article_id, i)
        return event

    def reports(self, article_id: str, n: int) -> list[tuple[str, str] | None]:
        """The (IRI, class) of the merged event each of an article's n events became; None: dropped."""
        found = {i: (node, cls) for i, node, cls in
                 self.db.execute("SELECT i, node, class FROM reports WHERE article = ?", (article_id,))}
        return [found.get(i) for i in range(n)]

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


class _Mentioned:
    """(kind, name) in it: some article of the corpus mentions that entity (by its canonical name)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __contains__(self, entity: tuple[str, str]) -> bool:
        return self.db.execute("SELECT 1 FROM mentioned WHERE kind = ? AND name = ?", entity).fetchone() is not None


def _event(article_id: str, e: dict) -> Event:
    """An event of a record: its links carry names only, its evidence no quote or sentence."""
    light = ArticleFacts.from_dict({"article": {"id": article_id, "date": None, "text": ""}, "mentions": [],
                                    "roles": [], "events": [{**e, **{f: [] for f in LINKS}}], "sentences": [""]})
    event = light.events[0]
    for f in LINKS:
        setattr(event, f, [Link(name, NO_EVIDENCE) for name in e[f]])
    return event


class FileList:
    """The build's article files in the order of their names (without the suffix, then their paths),
    each file once under the first name it was found by, as rows of an SQLite file: 300,000 paths as
    Python strings took 90 MB after their listing, and the heap they leave is not given back. Paths
    are stored as the file system's bytes, so a name that is not UTF-8 survives."""

    def __init__(self, path: Path, found: Iterable[tuple[str, str]]):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode = OFF")  # a scratch file of this build: nothing to roll back
        self.db.execute("CREATE TABLE files (real BLOB PRIMARY KEY, name BLOB, path BLOB) WITHOUT ROWID")
        self.db.executemany("INSERT OR IGNORE INTO files VALUES (?, ?, ?)",
                            ((os.fsencode(real), os.fsencode(_name(p)), os.fsencode(p)) for real, p in found))
        self.count = self.db.execute("SELECT count(*) FROM files").fetchone()[0]

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        # UTF-8's byte order is the order of the code points, so this is the order of the names as str
        return (os.fsdecode(p) for (p,) in self.db.execute("SELECT path FROM files ORDER BY name, path"))

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def _name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]  # Path.stem


class StoredArticles:
    """Each article's cache key, in the order the build took it, each article's file (copies too), and
    the first article of each text and date, as rows of an SQLite file: a streaming build reads them
    back for the graph and the pages' links instead of holding them through its graph stage (0.5 kB
    an article, half a gigabyte a million), and looks copies up there as it reads."""

    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE entries (key TEXT, id TEXT)")
        # files as the file system's bytes (FileList): a name that is not UTF-8 is no TEXT
        self.db.execute("CREATE TABLE paths (id TEXT PRIMARY KEY, path BLOB)")
        self.db.execute("CREATE TABLE texts (same BLOB PRIMARY KEY, id TEXT, path BLOB) WITHOUT ROWID")
        self.entries = _Entries(self.db)
        self.paths = _Paths(self.db)
        self.texts = _Texts(self.db)

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


class _Entries:
    """A list of (cache key, article id) that appends and iterates, in SQLite."""

    def __init__(self, db: sqlite3.Connection):
        self.db, self.count = db, 0

    def append(self, entry: tuple[str, str]) -> None:
        self.db.execute("INSERT INTO entries VALUES (?, ?)", entry)
        self.count += 1

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.db.execute("SELECT key, id FROM entries ORDER BY rowid"))

    def __len__(self) -> int:  # the graph stage's bar counts to it
        return self.count


class _Texts:
    """A text's sha and date -> the first article with them and its file, in SQLite (get and set)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def get(self, same: bytes) -> tuple[str, str] | None:
        row = self.db.execute("SELECT id, path FROM texts WHERE same = ?", (same,)).fetchone()
        return (row[0], os.fsdecode(row[1])) if row else None

    def __setitem__(self, same: bytes, first: tuple[str, str]) -> None:
        article_id, path = first
        self.db.execute("INSERT INTO texts VALUES (?, ?, ?)", (same, article_id, os.fsencode(path)))


class _Paths(Mapping):
    """Article id -> its file, in SQLite; items() is one query."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __setitem__(self, article_id: str, path: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (article_id, os.fsencode(path)))

    def __getitem__(self, article_id: str) -> str:
        row = self.db.execute("SELECT path FROM paths WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return os.fsdecode(row[0])

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.db.execute("SELECT id FROM paths ORDER BY id"))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM paths").fetchone()[0]

    def items(self):
        return ((i, os.fsdecode(p)) for i, p in self.db.execute("SELECT id, path FROM paths ORDER BY id"))
