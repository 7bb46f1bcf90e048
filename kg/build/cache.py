"""A cache of extracted facts, one entry per article, keyed by the article's content hash.

An entry is valid only for the extraction code and data that made it: the cache records a
fingerprint of them and empties itself when they change. An entry is the article's facts
(compressed JSON of arrays, each sentence once) and its merge record (kg.build.index), in SQLite,
committed in batches, so an interrupted build keeps what it had finished. A large build reads
the facts back from here, article by article, when it writes the graph.
"""
from __future__ import annotations

import ast
import hashlib
import json
import sqlite3
import sys
import zlib
from dataclasses import asdict, fields, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import Article, ArticleFacts, Event, Evidence, Link, Mention, Role

PACKAGE = Path(__file__).resolve().parent.parent  # kg/
LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "razdel")
COMMIT_EVERY = 200
FORMAT = "3"  # of an entry: facts as arrays with interned sentences, the article without its text, a merge record


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the extraction code (kg.events.extract and what it imports), its data files and the analysers.

    It stamps the facts cache and the rules' answers in the forms file (kg.text.morph.save_forms). Once
    a process (0.15 s, parsing the modules): the code a process runs is the code it imported."""
    h = hashlib.sha256()
    files = sorted(extraction_modules() | {f for data in ("rules", "text") for f in (PACKAGE / data / "data").rglob("*") if f.is_file()})
    for f in files:
        h.update(str(f.relative_to(PACKAGE)).encode() + b"\0" + f.read_bytes() + b"\0")
    for lib in LIBRARIES:
        h.update(f"{lib}={_version(lib)}\0".encode())
    h.update(sys.version.split()[0].encode())
    return h.hexdigest()


def extraction_modules(start: str = "events/extract.py") -> set[Path]:
    """Source files of the package that kg.events.extract imports, directly or not (read from their imports)."""
    seen: set[Path] = set()
    todo = [PACKAGE / start]
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = f.parent
                for _ in range(node.level - 1):
                    base = base.parent
                parts = node.module.split(".") if node.module else []
                todo += _module_files(base.joinpath(*parts), [a.name for a in node.names])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE.name:
                todo += _module_files(PACKAGE.joinpath(*node.module.split(".")[1:]), [a.name for a in node.names])
    return seen


def _module_files(target: Path, names: list[str]) -> list[Path]:
    # «from .rules.base import Doc» names a module; «from . import lexicon» names modules in a package
    files = [target.with_suffix(".py"), target / "__init__.py"]
    return files + [target / f"{n}.py" for n in names] + [target / n / "__init__.py" for n in names]


def _version(lib: str) -> str:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "none"


def article_key(article: Article) -> str:
    """What extraction reads of an article: its id (in every Evidence), date and text."""
    return hashlib.sha256(f"{article.id}\0{article.date}\0{article.sha}".encode()).hexdigest()


# Event fields by what they hold; any other field is a plain JSON value
EVENT_FIELDS = tuple(f.name for f in fields(Event))
LINK_FIELDS = {"participants", "places", "organizations", "organizers", "topics"}


def encode(facts: ArticleFacts) -> bytes:
    """An article's facts as a cache entry: its text and path are left out (re-read every build).

    Records are arrays in field order, not dicts: the keys repeated in every mention and evidence made
    half of the JSON, and writing and compressing it was 5 % of a cold extraction of the real corpus
    (0.041 s of 0.83; arrays halve it). Each sentence is written once, evidence holds its index.
    """
    sentences: dict[str, int] = {}
    own = facts.article.id

    def ev(e: Evidence) -> list:
        # the article is written only when it is not the entry's own (it always is, for extracted facts)
        out = [e.start, e.end, e.quote, sentences.setdefault(e.sentence, len(sentences)), e.rule]
        return out if e.article == own else out + [e.article]

    def event(e: Event) -> list:
        out = []
        for name in EVENT_FIELDS:
            v = getattr(e, name)
            if name in LINK_FIELDS:
                v = [[link.name, ev(link.evidence)] for link in v]
            elif name == "evidence":
                v = ev(v)
            elif name == "more_evidence":
                v = [ev(x) for x in v]
            out.append(v)
        return out

    doc = [asdict(replace(facts.article, text="", path="")),
           [[m.kind, m.name, ev(m.evidence), m.attrs] for m in facts.mentions],
           [[r.person, r.title, ev(r.evidence), r.org, r.place] for r in facts.roles],
           [event(e) for e in facts.events]]
    doc.append(list(sentences))
    return zlib.compress(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode(data: bytes) -> ArticleFacts:
    """The facts of an entry; its article has no text. Evidence of one sentence shares one string."""
    article, mentions, roles, events, sentences = json.loads(zlib.decompress(data))
    own = article["id"]

    def ev(x: list) -> Evidence:
        return Evidence(x[5] if len(x) > 5 else own, x[0], x[1], x[2], sentences[x[3]], x[4])

    def event(values: list) -> Event:
        d = dict(zip(EVENT_FIELDS, values))
        for name in LINK_FIELDS:
            d[name] = [Link(n, ev(x)) for n, x in d[name]]
        d["evidence"] = ev(d["evidence"])
        d["more_evidence"] = [ev(x) for x in d["more_evidence"]]
        return Event(**d)

    return ArticleFacts(Article(**article),
                        [Mention(kind, name, ev(e), attrs) for kind, name, e, attrs in mentions],
                        [Role(person, title, ev(e), org, place) for person, title, e, org, place in roles],
                        [event(e) for e in events])


class FactCache:
    """Entries (facts, merge record) by article key, in one SQLite file; a context manager that commits on exit."""

    def __init__(self, path: Path, version: str | None = None):
        self.path = path
        self.version = f"{version or fingerprint()}/{FORMAT}"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            # a damaged cache is only lost time: start a new one
            path.unlink(missing_ok=True)
            self.db = self._open()
        self.pending = 0

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if not row or row[0] != self.version:
            db.execute("DROP TABLE IF EXISTS facts")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data BLOB, record BLOB)")
        db.commit()
        return db

    def get(self, key: str) -> tuple[bytes, bytes] | None:
        """The entry of an article key: its encoded facts and its merge record."""
        row = self.db.execute("SELECT data, record FROM facts WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def facts(self, key: str) -> ArticleFacts | None:
        """The facts of an article key, or None if the entry is missing or cannot be read."""
        row = self.db.execute("SELECT data FROM facts WHERE key = ?", (key,)).fetchone()
        try:
            return decode(row[0]) if row else None
        except (zlib.error, ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, data: bytes, record: bytes) -> None:
        """Store an entry; entries are committed in batches and on close."""
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", (key, data, record))
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self.pending = 0

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM facts").fetchone()[0]

    def close(self) -> None:
        self.commit()
        self.db.close()

    def __enter__(self) -> "FactCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
