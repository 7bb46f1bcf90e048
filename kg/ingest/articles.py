"""Read input files into Articles: find the files, decode them, strip markup, read the date header.

A file is ` date YYYY-MM-DD ` followed by the text; the article id is the file name without
its extension. A file that cannot be read as an article raises BadInput with the reason,
so that the build can report it and go on with the rest.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from ..model import Article

HEADER = re.compile(r"^\ufeff?\s*date\s+(\d{4})-(\d{2})-(\d{2})(?:\s|$)")
LOOSE_HEADER = re.compile(r"^\ufeff?\s*date\b[:\t ]*(\S*)[\t ]*\n?")
# other spellings of a header date that a scraper might write: 12.04.2024, 2024/04/12, 2024.04.12
HEADER_VARIANTS = [
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$"), (1, 2, 3)),
]
# A date written in the text, used when the header is missing: «12 марта 2026 года», 12.03.2026
TEXT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")
TEXT_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
TAG = re.compile(r"<[a-zA-Z/!][^<>]*>")
# what opens an element whose whole content goes (script, style, a comment), or any other tag
OPENING = re.compile(r"<(?:(script|style)\b|(!--)|[a-zA-Z/!])", re.I)
CLOSING = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I),
           "!--": re.compile("-->")}
BLOCK_TAG = re.compile(r"<(?:p|br|div|li|h[1-6]|tr)\b[^<>]*>", re.I)
# Control characters other than tab, line ends and form feed; ESC [ ... m colours a terminal's text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}
# a text file may hold a stray NUL or two; binary data (images, archives) is a tenth control bytes
BINARY_SHARE = 0.05
# valid non-ASCII letters per invalid byte for a file to be read as damaged UTF-8 (cp1251 has ~0)
VALID_PER_INVALID = 10
# The longest real article is under 60 kB; a file of megabytes is a dump, not one article.
MAX_BYTES = 2_000_000
ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}


class BadInput(Exception):
    """A file that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Skipped:
    """A file passed over (or read with a guess), and why."""
    path: str
    reason: str


def article_files(inputs: list[str], skipped: list[Skipped]) -> Iterator[tuple[str, str]]:
    """Each article file of the inputs as (its real path, its name), as it is found; problems go to skipped.

    Within directories, hidden files are ignored, files of other types are reported, and symbolic
    links to folders are followed (each folder read once; a link to a folder above it is reported).
    Nothing is held: 300,000 names and the dict that dropped a file named twice took 138 MB at their
    peak. The same file may come under two names («seeds/» and «seeds/a.txt»): the reader keeps the
    first (kg.build.index.FileList, which also puts them in order).
    """
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            yield from _walk(p, skipped)
        elif p.is_file():
            yield os.path.realpath(p), str(p)
        elif p.is_symlink():
            skipped.append(Skipped(str(p), "broken symbolic link"))
        else:
            skipped.append(Skipped(str(p), "no such file or directory"))


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[tuple[str, str]]:
    """Article files under root, depth first as os.walk goes, following symbolic links to folders once
    (a link back up is a loop). A folder's names are read one at a time: os.walk lists them whole,
    300,000 strings for a flat archive of 300,000 articles."""
    walked = {os.path.realpath(root)}
    folders = [os.fspath(root)]
    while folders:
        folder = folders.pop()
        here = os.path.realpath(folder)
        spelled = str(Path(folder))  # Path's spelling of the folder («seeds/» is «seeds»): the names' prefix
        followed = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if _is_dir(entry):
                        real = os.path.realpath(entry.path)
                        if here == real or here.startswith(real + os.sep):
                            skipped.append(Skipped(entry.path, f"symbolic link loop (back to {real})"))
                        elif real not in walked:  # a second link to a folder already read adds nothing
                            walked.add(real)
                            followed.append(entry.path)
                        continue
                    f = entry.name if spelled == "." else os.path.join(spelled, entry.name)
                    if _is_article_file(f, entry, skipped):
                        # only a link needs resolving: the folder's real path is known
                        yield os.path.realpath(f) if entry.is_symlink() else os.path.join(here, entry.name), f
        except OSError as e:
            skipped.append(Skipped(e.filename or str(root), f"cannot list directory: {e.strerror}"))
        folders.extend(reversed(followed))  # the first subfolder is walked next, as os.walk does


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symbolic link
    except OSError:
        return False


def _is_article_file(f: str, entry: os.DirEntry, skipped: list[Skipped]) -> bool:
    """Whether the entry (named f) is an article file; if not, why goes to skipped."""
    if os.path.splitext(entry.name)[1].lower() not in ARTICLE_SUFFIXES:
        skipped.append(Skipped(f, f"not an article file (expected {', '.join(sorted(ARTICLE_SUFFIXES))})"))
        return False
    try:
        if entry.is_file():  # follows a symbolic link; the directory's listing answers for the others
            return True
    except OSError:
        pass
    skipped.append(Skipped(f, "broken symbolic link" if entry.is_symlink() else "not a regular file"))
    return False


def decode(raw: bytes, warn: Callable[[str], None] | None = None) -> str:
    """Decode bytes by BOM, then UTF-16 by its byte pattern, then UTF-8, then cp1251; refuse binary data.

    UTF-8 with a few invalid bytes keeps its UTF-8, with U+FFFD in their place; stray control
    characters (a NUL, terminal colour codes) are removed. `warn` hears of both repairs.
    """
    warn = warn or (lambda message: None)
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = _utf8(raw, warn, start=3), "utf-8"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_as(raw, "utf-16"), "utf-16"
    elif utf16 := _bomless_utf16(raw):
        text, encoding = _decode_as(raw, utf16), utf16
    else:
        # the 8-bit encodings agree on bytes below 0x80, so the controls can be counted before decoding
        _refuse_binary(raw[:4096].decode("latin-1"), "")
        text, encoding = _utf8(raw, warn), "utf-8"
        if text is None:
            try:
                text, encoding = raw.decode("cp1251"), "cp1251"
            except UnicodeDecodeError:
                raise BadInput("not text in UTF-8, UTF-16 or cp1251") from None
    return _without_controls(text, encoding, warn)


def _decode_as(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise BadInput(f"invalid {encoding} at byte {e.start}") from None


def _utf8(raw: bytes, warn: Callable[[str], None], start: int = 0) -> str | None:
    """raw[start:] as UTF-8, with U+FFFD for invalid bytes when they are few beside its valid letters.

    In cp1251 nearly every Cyrillic letter is an invalid UTF-8 byte, so one invalid byte among
    hundreds of valid letters is damage to a UTF-8 file, not another encoding. None when the text
    is not UTF-8; BadInput when a BOM (start=3) said it was.
    """
    body = raw[start:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        first = start + e.start
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count("\ufffd".encode())
    letters = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if letters < VALID_PER_INVALID * bad:
        if start:
            raise BadInput(f"invalid utf-8 at byte {first}")
        return None
    more = f" (and {bad - 1} more)" if bad > 1 else ""
    warn(f"invalid UTF-8 byte at offset {first}{more} replaced with U+FFFD")
    return text


def _refuse_binary(sample: str, encoding: str) -> None:
    """BadInput when control characters are more than a few in a sample: the file is not text."""
    sample = TERMINAL_CODE.sub("", sample)
    if len(CONTROL.findall(sample)) > BINARY_SHARE * len(sample):
        if "\x00" in sample:
            raise BadInput("binary file (NUL bytes), not text")
        raise BadInput(f"binary data (control characters{f' in {encoding}' if encoding else ''}), not text")


def _without_controls(text: str, encoding: str, warn: Callable[[str], None]) -> str:
    """text without terminal colour codes and stray control characters, each removal told to warn."""
    _refuse_binary(text[:4096], encoding)
    codes = [m.start() for m in TERMINAL_CODE.finditer(text)]
    if codes:
        warn(f"removed {_count(len(codes), 'terminal colour code')} at character {codes[0]}")
        text = TERMINAL_CODE.sub("", text)
    found = [(m.start(), m.group()) for m in CONTROL.finditer(text)]
    if found:
        names = ", ".join(sorted({CONTROL_NAMES.get(c, f"U+{ord(c):04X}") for _, c in found}))
        warn(f"removed {_count(len(found), 'control character')} ({names}) at character {found[0][0]}")
        text = CONTROL.sub("", text)
    return text


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' if n != 1 else ''}"


def _bomless_utf16(raw: bytes) -> str | None:
    # Cyrillic and ASCII in UTF-16 put 0x04 or 0x00 in nearly every high byte («—» is 0x20)
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:
        return None
    for encoding, high, low in (("utf-16-le", sample[1::2], sample[0::2]),
                                ("utf-16-be", sample[0::2], sample[1::2])):
        # 0x00 and 0x04 counted by deleting them: 2 µs a sample, where a loop over its bytes took 120
        # (most of the read stage of a build)
        zeros_and_fours = len(high) - len(high.translate(None, b"\x00\x04"))
        if zeros_and_fours >= 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            return encoding
    return None


def strip_markup(text: str) -> str:
    """Turn HTML into text: block tags become newlines, entities are unescaped."""
    if "<" not in text and "&" not in text:
        return text
    text = BLOCK_TAG.sub("\n", text)
    return html.unescape(_strip_tags(text)).replace("\xa0", " ")


def _strip_tags(text: str) -> str:
    """Tags go, and script and style elements and comments with their content, in one pass.

    An element whose closing tag is missing loses its opening tag alone. A closing tag not found
    after one opening tag is not searched for after the next: searching the rest of the text again
    at every «<script» made 192 kB of them take two minutes.
    """
    out, kept, at = [], 0, 0
    unclosed: set[str] = set()
    while m := OPENING.search(text, at):
        kind = (m.group(1) or m.group(2) or "").lower()
        closing = CLOSING[kind].search(text, m.end()) if kind and kind not in unclosed else None
        if kind and closing is None:
            unclosed.add(kind)
        end = closing.end() if closing else (tag.end() if (tag := TAG.match(text, m.start())) else None)
        if end is None:  # a «<» that opens nothing
            at = m.start() + 1
            continue
        out.append(text[kept:m.start()])
        kept = at = end
    out.append(text[kept:])
    return "".join(out)


def parse_article(article_id: str, content: str, path: str = "",
                  warn: Callable[[str], None] | None = None) -> Article:
    """Split the date header from the text; without a usable header the date comes from the text.

    A header that cannot be read is dropped with a warning; text that is empty raises BadInput.
    """
    warn = warn or (lambda message: None)
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    m = HEADER.match(content)
    date_, body, header_problem = None, content, None
    if m:
        date_ = _valid_date(*map(int, m.groups()))
        body = content[m.end():]
        if date_ is None:
            header_problem = f"date header {'-'.join(m.groups())!r} is not a calendar date"
    else:
        loose = LOOSE_HEADER.match(content)
        if loose:
            body = content[loose.end():]
            date_ = _variant_date(loose.group(1))
            if date_ is None:
                header_problem = f"malformed date header {loose.group(1)!r} (expected ' date YYYY-MM-DD ')"
    body = strip_markup(body)
    if not body.strip():
        raise BadInput("no text after the date header" if m or header_problem else "empty file")
    if date_ is None:
        date_ = date_in_text(body)
        problem = header_problem or "no date header"
        warn(f"{problem}; date {date_} taken from the text" if date_ else f"{problem} and no date in the text")
    return Article(
        id=article_id,
        date=date_,
        text=body,
        title=first_line_title(body),
        path=path,
        sha=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _variant_date(text: str) -> str | None:
    for pattern, (y, m, d) in HEADER_VARIANTS:
        found = pattern.match(text)
        if found:
            return _valid_date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
    return None


def date_in_text(text: str) -> str | None:
    """The first full date the text writes, «12 марта 2026 года» or 12.03.2026, as ISO."""
    found = []
    for m in TEXT_DAY_MONTH.finditer(text):
        found.append((m.start(), _valid_date(int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))))
    for m in TEXT_DATE.finditer(text):
        found.append((m.start(), _valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))))
    return next((d for _, d in sorted(found) if d), None)


def first_line_title(text: str) -> str | None:
    """The first line when it looks like a headline: short and not ending in a full stop."""
    line = text.strip().split("\n", 1)[0].strip()
    if 10 <= len(line) <= 200 and not line.endswith((".", ":", ";")) and not line.startswith("Фото"):
        return line
    return None


def read_article(path: Path, warn: Callable[[str], None] | None = None) -> Article:
    """Read one file into an Article, or raise BadInput with the reason; `warn` hears of a guessed date."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"{size / 1e6:.1f} MB is over the {MAX_BYTES // 1_000_000} MB limit for one article")
        raw = path.read_bytes()
    except PermissionError:
        raise BadInput("permission denied") from None
    except IsADirectoryError:
        raise BadInput("a directory, not a file") from None
    except OSError as e:
        raise BadInput(f"cannot read: {e.strerror}") from None
    if not raw.strip():
        raise BadInput("empty file")
    return parse_article(article_id(path.stem, warn), decode(raw, warn), str(path), warn)


def article_id(stem: str, warn: Callable[[str], None] | None = None) -> str:
    """The article id of a file name without its suffix. A name that is not UTF-8 (a Windows archive
    unpacked on Linux: «статья.txt» in cp1251) comes from the file system with its bytes escaped,
    which no IRI, JSON or database takes: it is read as cp1251, as the texts are, and `warn` hears."""
    try:
        stem.encode("utf-8")
        return stem
    except UnicodeEncodeError:
        read = os.fsencode(stem).decode("cp1251", errors="replace")
        (warn or (lambda message: None))(f"file name is not UTF-8: article id {read!r} read as cp1251")
        return read
