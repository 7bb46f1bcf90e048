"""A cache of extracted facts, one entry per article, keyed by the article's content hash.

An entry is valid only for the extraction code and data that made it: the cache records a
fingerprint of them and empties itself when they change. An entry is the article's facts
(compressed JSON, each sentence once) and its merge record (kg.build.index), in SQLite,
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
from dataclasses import asdict, replace
from importlib import metadata
from pathlib import Path

from ..model import Article, ArticleFacts

PACKAGE = Path(__file__).resolve().parent.parent  # kg/
LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "razdel")
COMMIT_EVERY = 200
FORMAT = "2"  # of an entry: facts with interned sentences and the article without its text, a merge record


def fingerprint() -> str:
    """A hash of the extraction code (kg.events.extract and what it imports), its data files and the analysers."""
    h = hashlib.sha256()
    files = sorted(extraction_modules() | {f for f in (PACKAGE / "rules" / "data").rglob("*") if f.is_file()})
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


def encode(facts: ArticleFacts) -> bytes:
    """An article's facts as a cache entry: its text and path are left out (re-read every build)."""
    d = facts.to_dict()
    d["article"] = asdict(replace(facts.article, text="", path=""))
    return zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode(data: bytes) -> ArticleFacts:
    """The facts of an entry; its article has no text."""
    return ArticleFacts.from_dict(json.loads(zlib.decompress(data)))


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
        except (zlib.error, ValueError, KeyError, TypeError):
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
