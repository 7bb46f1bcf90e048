"""Read input files into Articles: find the files, decode them, strip markup, read the date header.

A file is ` date YYYY-MM-DD ` followed by the text; the article id is the file name without
its extension. A file that cannot be read as an article raises BadInput with the reason,
so that the build can report it and go on with the rest.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Article

HEADER = re.compile(r"^\ufeff?\s*date\s+(\d{4})-(\d{2})-(\d{2})\s")
LOOSE_HEADER = re.compile(r"^\ufeff?\s*date\s*(\S*)\s*")
# A date written in the text, used when the header is missing: «12 марта 2026 года», 12.03.2026
TEXT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[a-zA-Z/!][^<>]*>", re.S | re.I)
BLOCK_TAG = re.compile(r"<(?:p|br|div|li|h[1-6]|tr)\b[^<>]*>", re.I)
MAX_BYTES = 20_000_000  # a 10 MB article is read; anything far larger is not an article


class BadInput(Exception):
    """A file that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def find_files(inputs: list[str]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and directories into a sorted list of .txt files; report missing paths."""
    files, skipped = [], []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            try:
                files.extend(f for f in p.rglob("*.txt") if f.is_file())
            except OSError as e:
                skipped.append(Skipped(str(p), f"cannot list directory: {e.strerror}"))
        elif p.is_file():
            files.append(p)
        else:
            skipped.append(Skipped(str(p), "no such file or directory"))
    return sorted(set(files), key=lambda f: (f.name, str(f))), skipped


def decode(raw: bytes) -> str:
    """Decode bytes by BOM, then UTF-8, then cp1251; refuse binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise BadInput("binary file (NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", errors="strict") if _looks_cp1251(raw) else None
        if text is None:
            raise BadInput("not UTF-8, UTF-16 or cp1251 text") from None
        return text


def _looks_cp1251(raw: bytes) -> bool:
    # Cyrillic letters sit in 0xC0-0xFF in cp1251; control bytes other than whitespace mean binary.
    try:
        raw.decode("cp1251")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for b in raw[:65536] if b < 32 and b not in (9, 10, 13))
    return controls == 0


def strip_markup(text: str) -> str:
    """Turn HTML into text: block tags become newlines, entities are unescaped."""
    if "<" not in text and "&" not in text:
        return text
    text = BLOCK_TAG.sub("\n", text)
    text = TAG.sub("", text)
    return html.unescape(text).replace("\xa0", " ")


def parse_article(article_id: str, content: str, path: str = "") -> Article:
    """Split the date header from the text; the date may also come from the text itself."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    m = HEADER.match(content)
    date = None
    if m:
        date = "-".join(m.groups())
        body = content[m.end():]
    else:
        loose = LOOSE_HEADER.match(content)
        if loose and loose.group(1):
            raise BadInput(f"malformed date header {loose.group(1)!r} (expected ' date YYYY-MM-DD ')")
        body = content
    body = strip_markup(body)
    if not body.strip():
        raise BadInput("no text after the date header" if m else "empty file")
    if date is None:
        t = TEXT_DATE.search(body)
        if t:
            d, mo, y = (int(x) for x in t.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                date = f"{y:04d}-{mo:02d}-{d:02d}"
    return Article(
        id=article_id,
        date=date,
        text=body,
        title=first_line_title(body),
        path=path,
        sha=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def first_line_title(text: str) -> str | None:
    """The first line when it looks like a headline: short and not ending in a full stop."""
    line = text.strip().split("\n", 1)[0].strip()
    if 10 <= len(line) <= 200 and not line.endswith((".", ":", ";")) and not line.startswith("Фото"):
        return line
    return None


def read_article(path: Path) -> Article:
    """Read one file into an Article, or raise BadInput with the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"too large for an article ({size // 1_000_000} MB)")
        raw = path.read_bytes()
    except PermissionError:
        raise BadInput("permission denied") from None
    except OSError as e:
        raise BadInput(f"cannot read: {e.strerror}") from None
    if not raw.strip():
        raise BadInput("empty file")
    return parse_article(path.stem, decode(raw), str(path))
