"""A cache of extracted facts, one entry per article, keyed by the article's content hash.

An entry is valid only for the extraction code and data that made it: the cache records a
fingerprint of them and empties itself when they change. Entries are compressed JSON in SQLite,
committed in batches, so an interrupted build keeps what it had finished.
"""
from __future__ import annotations

import ast
import hashlib
import json
import sqlite3
import sys
import zlib
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from ..model import Article, ArticleFacts

PACKAGE = Path(__file__).resolve().parent.parent  # kg/
LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "razdel")
COMMIT_EVERY = 200


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


class FactCache:
    """Extracted facts by article key, in one SQLite file; a context manager that commits on exit."""

    def __init__(self, path: Path, version: str | None = None):
        self.path = path
        self.version = version or fingerprint()
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
        db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, data BLOB)")
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if not row or row[0] != self.version:
            db.execute("DELETE FROM facts")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        db.commit()
        return db

    def get(self, article: Article) -> ArticleFacts | None:
        """The cached facts of an article, bound to this reading of it (its path may have moved)."""
        row = self.db.execute("SELECT data FROM facts WHERE key = ?", (article_key(article),)).fetchone()
        if row is None:
            return None
        try:
            d = json.loads(zlib.decompress(row[0]))
            d["article"] = asdict(article)
            return ArticleFacts.from_dict(d)
        except (zlib.error, ValueError, KeyError, TypeError):
            return None

    def put(self, facts: ArticleFacts) -> None:
        """Store an article's facts; they are committed in batches and on close."""
        d = facts.to_dict()
        del d["article"]  # the text is re-read every build; the cache keeps only what was found in it
        blob = zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (article_key(facts.article), blob))
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
