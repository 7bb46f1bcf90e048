"""Bad input: every file is either read correctly or named in the summary with the reason.

One corpus directory holds a readable and an unreadable case of each kind; it is built once
through the CLI and every case is checked against the outputs and the printed summary.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes, urljoin, urlsplit

import pytest
from rdflib import RDFS, Graph, Literal

from kg.cli.main import main
from kg.graph.vocab import KGO
from kg.ingest.articles import BadInput, decode, parse_article, strip_markup
from kg.views.page import article_links

DATE = "2024-04-12"
# «Аким Карагандинской области Ермаганбет Булекпаев посетил ...»: a person, a place, a visit
VISIT = "Аким Карагандинской области Ермаганбет Булекпаев посетил Сатпаев ({n}) и встретился с жителями."
PERSON = "Ермаганбет Булекпаев"


def article(n: str, header: str = f" date {DATE} ") -> str:
    return header + VISIT.format(n=n) + "\n"


# name → (bytes, expected date or None when the file is skipped, what the summary must say)
READABLE = {
    "utf8": (article("utf8").encode(), DATE),
    "utf8-bom": (b"\xef\xbb\xbf" + article("bom").encode(), DATE),
    "cp1251": (article("cp1251").encode("cp1251"), DATE),
    "utf16-le-bom": (article("le").encode("utf-16"), DATE),
    "utf16-be-bom": (b"\xfe\xff" + article("be").encode("utf-16-be"), DATE),
    "utf16-no-bom": (article("nobom").encode("utf-16-le"), DATE),
    "crlf": (article("crlf").replace("\n", "\r\n").encode(), DATE),
    "header-dotted": (article("dotted", " date 12.04.2024 ").encode(), DATE),
    "no-header-date-in-text": ((VISIT.format(n="t") + " Это было 12 апреля 2024 года.").encode(), DATE),
    "no-header-numeric-date": ((VISIT.format(n="d") + " Дата: 12.04.2024.").encode(), DATE),
    "no-date-at-all": (VISIT.format(n="none").encode(), None),
    "bad-header-calendar": (article("cal", " date 2024-13-45 ").encode(), None),
    "bad-header-word": (article("word", " date yesterday ").encode(), None),
    "html": ((f" date {DATE} <html><body><p>Аким&nbsp;Карагандинской области Ермаганбет Булекпаев "
             "посетил Сатпаев &laquo;html&raquo;.</p><script>var x = '<p>';</script>"
             "<!-- comment --><div>Второй абзац &amp; конец.</div></body></html>").encode(), DATE),
    "nasty-quotes": ((f" date {DATE} Аким Карагандинской области Ермаганбет Булекпаев посетил ТОО "
                      "«Жол\\Жоба» и ТОО «Back\\slash \"Q\" &lt;script&gt;alert('x')&lt;/script&gt;».\n"
                      "Он сказал: «Строка\nс переводом» и \"\"\" тройные кавычки \\n.\n").encode(), DATE),
    "glued": ((f" date {DATE} По данным ведомства, передает корреспондентTengrinews.kz.Аким "
              "Карагандинской области Ермаганбет БулекпаевПосетил Сатпаев.Жители встретили его.").encode(), DATE),
    "dup-a": (article("dup").encode(), DATE),
    "dup-b": (article("dup").encode(), DATE),  # the same text under another name: a copy, still an article
    # one byte of a copy gone wrong in a UTF-8 file: the rest is read, not taken for cp1251 mojibake
    "utf8-stray-byte": (article("stray").encode().replace(b"(stray)", b"(\xff)"), DATE),
    "nul-byte": (article("nul").replace("посетил", "посетил\x00").encode(), DATE),
    "ansi-colour": (article("ansi").replace("Ермаганбет Булекпаев", "\x1b[1;31mЕрмаганбет Булекпаев\x1b[0m")
                    .encode(), DATE),
    "symlinked": (article("linked").encode(), DATE),  # in a folder reached by a symbolic link
}
# what each repaired file is reported with
REPAIRED = {
    "utf8-stray-byte": f"invalid UTF-8 byte at offset {article('stray').encode().index(b'(stray)') + 1} "
                       "replaced with U+FFFD",
    "nul-byte": "removed 1 control character (NUL) at character",
    "ansi-colour": "removed 2 terminal colour codes at character",
}
SKIPPED = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\t\n", "empty file"),
    "header-only.txt": (f" date {DATE} ".encode(), "no text after the date header"),
    "header-only-no-space.txt": (f" date {DATE}".encode(), "no text after the date header"),
    "header-and-markup.txt": (f" date {DATE} <p>&nbsp;</p>".encode(), "no text after the date header"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file"),
    "not-text.txt": (bytes([0x98, 0x98, 0xFF, 0xFE, 0x81]) * 50, "not text in UTF-8, UTF-16 or cp1251"),
    "notes.md": (b"# notes", "not an article file"),
    "zeros.txt": (bytes(4096), "binary file"),
    "controls.txt": (b"text \x01\x02\x03\x04\x05\x06 more", "binary data (control characters), not text"),
}
HUGE_MB = 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-input")
    src = root / "corpus"
    src.mkdir()
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    for name, (data, _) in READABLE.items():
        (elsewhere if name == "symlinked" else src).joinpath(f"{name}.txt").write_bytes(data)
    (src / "linked").symlink_to(elsewhere)
    (src / "loop").symlink_to(src)
    for name, (data, _) in SKIPPED.items():
        (src / name).write_bytes(data)
    with open(src / "huge.txt", "wb") as f:  # a 10 MB «article»
        f.write(article("huge").encode() * (HUGE_MB * 1_000_000 // len(article("huge").encode()) + 1))
    (src / ".hidden.txt").write_bytes(b"\x00 never read")
    (src / "gone.txt").symlink_to(src / "missing-target.txt")
    locked = src / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_bytes(article("secret").encode())
    (locked / "open.txt").write_bytes(article("open").encode())
    closed = src / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_bytes(article("inside").encode())
    os.chmod(locked / "secret.txt", 0)
    os.chmod(closed, 0)
    yield root
    os.chmod(closed, 0o755)


@pytest.fixture(scope="module")
def build(corpus) -> dict:
    """The corpus built once, as root or not: unreadable files are refused as a normal user would be."""
    out = corpus / "out"
    with pytest.MonkeyPatch.context() as mp:
        _refuse_unreadable(mp)
        code, stdout, stderr = _run(["build", str(corpus / "corpus"), "--out", str(out), "--no-cache", "-q"])
        strict = _run(["build", str(corpus / "corpus"), "--out", str(corpus / "out-strict"), "--strict", "-q"])
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    return {"code": code, "stdout": stdout, "stderr": stderr, "strict": strict[0], "events": events,
            "graph": graph, "articles": {a["id"]: a for a in events["articles"]}}


def _run(argv: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _refuse_unreadable(mp: pytest.MonkeyPatch) -> None:
    # root reads files of mode 000; refuse them the way the kernel refuses everyone else
    real_read, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self):
        if not os.stat(self).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path="."):
        if not os.stat(path).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    mp.setattr(Path, "read_bytes", read_bytes)
    mp.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("name", sorted(READABLE))
def test_readable_file_is_an_article(build, name):
    a = build["articles"].get(name)
    assert a is not None, f"{name} is missing from events.json; stderr:\n{build['stderr']}"
    assert a["date"] == READABLE[name][1]
    assert (None, KGO.articleId, Literal(name)) in build["graph"]


@pytest.mark.parametrize("name", sorted(n for n in READABLE if n != "no-date-at-all"))
def test_readable_file_is_extracted(build, name):
    assert PERSON in build["articles"][name]["persons"]
    assert "Карагандинская область" in build["articles"][name]["places"]


@pytest.mark.parametrize("name, reason", sorted((n, r) for n, (_, r) in SKIPPED.items()) + [
    ("huge.txt", f"{HUGE_MB}.0 MB is over the 2 MB limit"),
    ("gone.txt", "broken symbolic link"),
    ("locked/secret.txt", "permission denied"),
    ("closed", "cannot list directory: Permission denied"),
    ("loop", "symbolic link loop"),
])
def test_unreadable_file_is_named_with_its_reason(build, corpus, name, reason):
    line = f"  {corpus / 'corpus' / name}: {reason}"
    assert any(x.startswith(line) for x in build["stderr"].splitlines()), build["stderr"]


def test_the_rest_goes_on(build):
    assert build["code"] == 0
    assert "open" in build["articles"]  # beside an unreadable file in the same directory
    expected = set(READABLE) | {"open"}
    assert set(build["articles"]) == expected
    assert f"read {len(expected)} articles (1 a copy of another), skipped {len(SKIPPED) + 5}" in build["stdout"]


def test_summary_lists_skipped_and_warnings(build):
    err = build["stderr"]
    assert f"skipped: {len(SKIPPED) + 5} files" in err
    assert "warning:" in err
    assert "no-date-at-all.txt: no date header and no date in the text" in err
    assert "bad-header-calendar.txt: date header '2024-13-45' is not a calendar date" in err
    assert "bad-header-word.txt: malformed date header 'yesterday'" in err
    assert f"no-header-date-in-text.txt: no date header; date {DATE} taken from the text" in err


@pytest.mark.parametrize("name", sorted(REPAIRED))
def test_a_repaired_file_is_named_with_what_was_repaired(build, corpus, name):
    line = f"  {corpus / 'corpus' / name}.txt: {REPAIRED[name]}"
    assert any(x.startswith(line) for x in build["stderr"].splitlines()), build["stderr"]


def test_a_repaired_file_keeps_no_trace_of_the_fault(build):
    texts = {str(o) for o in build["graph"].objects(None, KGO.sentence)}
    assert not [t for t in texts if "\x00" in t or "\x1b" in t or "[1;31m" in t]


def test_strict_exits_non_zero(build):
    assert build["strict"] == 1


@pytest.mark.parametrize("header, code", [
    (" date 2024-02-30 ", 1),  # not a calendar date: the README promises --strict fails on it
    (" date 2024-02-29 ", 0),  # a leap day is a date
])
def test_strict_fails_on_an_invalid_date_header(tmp_path, header, code):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(article("good"), encoding="utf-8")
    (src / "header.txt").write_text(article("header", header), encoding="utf-8")
    assert _run(["build", str(src), "--out", str(tmp_path / "out"), "--strict", "-q", "--no-cache"])[0] == code


def test_no_readable_input_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    code, _, err = _run(["build", str(tmp_path / "nosuchdir"), "--out", str(out), "-q", "--no-cache"])
    assert code != 0 and "no article could be read" in err and "no such file or directory" in err
    assert not out.exists()
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "binary.txt").write_bytes(bytes(4096))
    code, _, err = _run(["build", str(tmp_path / "empty"), "--out", str(out), "-q", "--no-cache"])
    assert code != 0 and "no article could be read" in err and "binary" in err


# «визит-акима.txt» saved by Windows in cp1251 and unpacked on Linux: the name's bytes are not UTF-8
CP1251_NAME = os.fsdecode("визит-акима".encode("cp1251") + b".txt")
# «#» and «?» end a URL's path, «%» starts an escape: a link to this file must escape them
ODD_NAME = "визит #2 (100%?).txt"


@pytest.mark.parametrize("stream", [False, True], ids=["in-memory", "streamed"])
def test_a_file_name_that_is_not_utf8_is_read_as_cp1251(tmp_path, stream):
    src = tmp_path / "in"
    src.mkdir()
    (src / CP1251_NAME).write_bytes(article("cp1251-name").encode())
    (src / ODD_NAME).write_bytes(article("odd").encode())
    out = tmp_path / "out"
    code, _, err = _run(["build", str(src), "--out", str(out), "--no-cache", "-q"] + ["--stream"] * stream)
    assert code == 0, err
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in events["articles"]} == {"визит-акима", "визит #2 (100%?)"}
    assert "file name is not UTF-8: article id 'визит-акима' read as cp1251" in err


def test_article_links_reach_their_files(tmp_path):
    """Resolved against the page's file:// URL, as a browser does, each link names its article's file."""
    src = tmp_path / "in"
    src.mkdir()
    names = [CP1251_NAME, ODD_NAME, "tn_1.txt"]
    for name in names:
        (src / name).write_bytes(b"text")
    page = tmp_path / "out" / "graph.html"
    page.parent.mkdir()
    links = article_links({str(i): str(src / name) for i, name in enumerate(names)}, page)
    for i, name in enumerate(names):
        url = urlsplit(urljoin(page.as_uri(), links[str(i)]))
        assert (url.query, url.fragment) == ("", ""), links[str(i)]
        assert unquote_to_bytes(url.path) == os.fsencode(src / name)
    assert links["2"] == "../in/tn_1.txt"  # a plain name is left as it is


def test_hidden_files_are_ignored(build):
    assert ".hidden" not in build["stderr"]


def test_markup_is_stripped(build):
    quotes = {str(o) for o in build["graph"].objects(None, KGO.sentence)}
    html = [q for q in quotes if "html" in q]
    assert html and all("<" not in q and "&nbsp;" not in q and "\xa0" not in q for q in html)


def test_nasty_text_survives_turtle_and_json(build):
    # backslashes, quotes and a <script> written as entities come back exactly from both outputs
    sentences = {str(o) for o in build["graph"].objects(None, KGO.sentence)}
    nasty = next(s for s in sentences if "Back" in s)
    assert "«Back\\slash \"Q\" <script>alert('x')</script>»" in nasty
    assert "Жол\\Жоба" in build["articles"]["nasty-quotes"]["organizations"]
    assert (None, RDFS.label, Literal("Жол\\Жоба", lang="ru")) in build["graph"]


def test_glued_words_are_split(build):
    a = build["articles"]["glued"]
    assert PERSON in a["persons"] and "Сатпаев" in a["places"]


def test_lowercase_glued_to_a_name():
    # «внутренних делИгорь Лепеха», tn_530630
    from kg.events.extract import extract

    a = parse_article("x", f" date {DATE} заместитель министра внутренних делИгорь Лепеха в кулуарах Сената.")
    assert "Игорь Лепеха" in {m.name for m in extract(a).mentions}


def test_repeated_sentence():
    # a caption or a lead may repeat a sentence word for word
    from kg.events.extract import extract

    a = parse_article("x", f" date {DATE} {VISIT.format(n=1)}\nЖители встретили его.\n{VISIT.format(n=1)}")
    assert PERSON in {m.name for m in extract(a).mentions}


def test_failed_extraction_keeps_the_article(tmp_path, monkeypatch):
    import kg.build.batch

    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(article("good"), encoding="utf-8")
    (src / "crash.txt").write_text(article("crash"), encoding="utf-8")
    real = kg.build.batch.extract

    def extract(a):
        if a.id == "crash":
            raise ValueError("a rule tripped")
        return real(a)

    monkeypatch.setattr(kg.build.batch, "extract", extract)
    code, _, err = _run(["build", str(src), "--out", str(tmp_path / "out"), "--strict", "-q"])
    events = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in events["articles"]} == {"good", "crash"}
    assert "crash.txt: extraction failed, article kept without facts: ValueError: a rule tripped" in err
    assert code == 1
    # a failure is not cached: the next build tries the article again
    monkeypatch.setattr(kg.build.batch, "extract", real)
    code, _, err = _run(["build", str(src), "--out", str(tmp_path / "out"), "--strict", "-q"])
    assert code == 0 and "failed" not in err


@pytest.mark.parametrize("raw, reason", [
    (b"\xef\xbb\xbf\xff\xfe", "invalid utf-8"),
    (b"\x00\x01\x02binary", "binary file"),
    # a few invalid bytes among many: UTF-8 with repairs; as many invalid bytes as letters: not UTF-8
    ("Привет".encode() + b"\xff\xfe\xfa\x98" * 3, "not text in UTF-8, UTF-16 or cp1251"),
])
def test_decode_refuses(raw, reason):
    with pytest.raises(BadInput, match=reason):
        decode(raw)


@pytest.mark.parametrize("text, expected", [
    ("Привет", "Привет"),
    ("Привет, мир".encode("cp1251"), "Привет, мир"),
    ("Привет".encode("utf-16-be"), "Привет"),
])
def test_decode_reads(text, expected):
    assert decode(text.encode() if isinstance(text, str) else text) == expected


@pytest.mark.parametrize("raw, expected, warning", [
    ("Привет, мир! ".encode() * 20 + b"\xd0" + "Пока".encode(), "Привет, мир! " * 20 + "\ufffdПока",
     "invalid UTF-8 byte at offset 440 replaced with U+FFFD"),
    ("Привет".encode("cp1251") + b" \xff", "Привет я", None),  # cp1251 throughout: no invalid UTF-8 to repair
    (b"a line of text\x00 with a NUL in it", "a line of text with a NUL in it",
     "removed 1 control character (NUL) at character 14"),
    (b"\x1b[32mgreen\x1b[0m text", "green text", "removed 2 terminal colour codes at character 0"),
])
def test_decode_repairs(raw, expected, warning):
    warnings = []
    assert decode(raw, warnings.append) == expected
    assert warnings == ([warning] if warning else [])


def test_unclosed_script_tags_are_stripped_in_linear_time(tmp_path):
    # 192 kB of «<script » took two minutes, and a file at the 2 MB limit hours: the regular
    # expression searched the rest of the text for «</script>» again at every «<script». A linear
    # strip reads this 1.9 MB file in well under a second; the timeout only tells a hang from a pass.
    f = tmp_path / "scripts.txt"
    f.write_bytes(f" date {DATE} Текст. ".encode() + b"<script " * 240_000)
    code = "import sys; from pathlib import Path; from kg.ingest.articles import read_article; " \
           "print(len(read_article(Path(sys.argv[1])).text))"
    run = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) == len("Текст. " + "<script " * 240_000)


@pytest.mark.parametrize("html, text", [
    ("a<script>x</script>b", "ab"),
    ("a<SCRIPT type='x'>x</Script >b<script>y</script>c", "abc"),
    ("a<script unclosed>b", "ab"),  # no closing tag: the opening tag alone goes
    ("a<!-- c -->b<!-- unclosed>c", "abc"),
    ("a<style>p{}</style><p>b</p>", "a\nb"),
    ("a <script b", "a <script b"),  # not a tag: no «>»
])
def test_strip_markup(html, text):
    assert strip_markup(html) == text


def test_header_offsets_unchanged():
    # the text after a valid header is what the offsets of every Evidence point into
    a = parse_article("x", f" date {DATE} Текст статьи.")
    assert a.text == "Текст статьи." and a.date == DATE
