"""kg build end to end: byte-identical rebuilds in any order, the incremental cache, atomic outputs."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.cache import FactCache, fingerprint
from kg.ingest.articles import parse_article
from kg.model import ArticleFacts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# a short real article that the seeds do not contain
NEW = " date 2024-04-15 Аким Карагандинской области Ермаганбет Булекпаев посетил Сатпаев и встретился с жителями.\n"
OUTPUTS = ("graph.ttl", "events.json")


def kg_build(*args: str, seed: str = "0") -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter with its own hash seed, so set order cannot hide."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "kg", "build", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)


def kg_build_here(*args: str) -> str:
    """The command in this process (warm morphology, this process's hash seed); its stdout."""
    import contextlib
    import io

    from kg.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", *args, "-q"]) == 0
    return out.getvalue()


def same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The seeds built three ways: by directory in one process, reversed over two folders in two
    processes, and from that cache in this process; three hash seeds."""
    tmp = tmp_path_factory.mktemp("builds")
    first, second = tmp / "in-b", tmp / "in-a"  # the later half of the files in the earlier folder
    for folder, files in ((first, SEEDS[:2]), (second, SEEDS[2:])):
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
    kg_build(str(ROOT / "seeds"), "--out", str(tmp / "plain"), "--no-cache", seed="1")
    parallel = kg_build(*map(str, reversed([first, second])), "--out", str(tmp / "parallel"), "--jobs", "2",
                        "--stats", seed="2")
    cached = kg_build_here(*(str(f) for f in reversed(SEEDS)), "--out", str(tmp / "cached"),
                           "--cache", str(tmp / "parallel" / ".cache"), "--stats")
    return {"tmp": tmp, "plain": tmp / "plain", "parallel": tmp / "parallel", "cached": tmp / "cached",
            "parallel_out": parallel.stdout, "cached_out": cached}


def test_byte_identical_in_any_order_seed_and_jobs(builds):
    same_outputs(builds["plain"], builds["parallel"])


def test_byte_identical_from_cache(builds):
    assert "extract: 0 articles" in builds["cached_out"]
    assert f"cache: {len(SEEDS)} of {len(SEEDS)} articles reused" in builds["cached_out"]
    same_outputs(builds["plain"], builds["cached"])


def test_stats_lines(builds):
    lines = builds["parallel_out"].splitlines()
    extract = next(x for x in lines if x.startswith("extract:"))
    assert extract.startswith(f"extract: {len(SEEDS)} articles, ") and " chars in " in extract
    assert extract.endswith(" articles/s")
    for stage in ("merge", "graph", "views"):
        assert any(x.startswith(f"{stage}: ") and x.endswith(" s") for x in lines), stage


def test_incremental_rebuild_extracts_only_the_new_article(builds):
    tmp = builds["tmp"]
    grown = tmp / "grown"
    shutil.copytree(ROOT / "seeds", grown)
    (grown / "new_article.txt").write_text(NEW, encoding="utf-8")
    out = tmp / "incremental"
    shutil.copytree(builds["parallel"], out)  # the previous build of the seeds, with its cache
    run = kg_build_here(str(grown), "--out", str(out), "--stats")
    assert f"extract: 1 articles, {len(NEW) - len(' date 2024-04-15 ')} chars in" in run
    assert f"cache: {len(SEEDS)} of {len(SEEDS) + 1} articles reused" in run
    fresh = kg_build_here(str(grown), "--out", str(tmp / "fresh"), "--no-cache")
    assert "read 6 articles" in fresh
    same_outputs(out, tmp / "fresh")


def test_changed_article_is_extracted_again(tmp_path):
    a = parse_article("x", " date 2024-04-12 Аким посетил Сатпаев.")
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        cache.put(ArticleFacts(a))
        assert cache.get(a) == ArticleFacts(a)
        assert cache.get(parse_article("x", " date 2024-04-12 Аким посетил Сатпаев!")) is None
        assert cache.get(parse_article("x", " date 2024-04-13 Аким посетил Сатпаев.")) is None
        assert cache.get(parse_article("y", " date 2024-04-12 Аким посетил Сатпаев.")) is None


def test_cache_empties_when_extraction_code_changes(tmp_path):
    a = parse_article("x", " date 2024-04-12 Текст.")
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        cache.put(ArticleFacts(a))
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        assert len(cache) == 1
    with FactCache(tmp_path / "c.sqlite", version="v2") as cache:
        assert len(cache) == 0 and cache.get(a) is None


def test_fingerprint_covers_the_rules():
    from kg.build.cache import extraction_modules

    names = {str(p.relative_to(ROOT / "kg")) for p in extraction_modules()}
    assert {"events/extract.py", "events/detect.py", "events/frames.py", "events/trips.py", "text/segment.py", "text/morph.py",
            "rules/persons.py", "rules/base.py", "rules/lexicon.py"} <= names
    assert "views/draw.py" not in names and "build/pipeline.py" not in names
    assert len(fingerprint()) == 64


def test_damaged_cache_is_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"not a database" * 100)
    a = parse_article("x", " date 2024-04-12 Текст.")
    with FactCache(path) as cache:
        cache.put(ArticleFacts(a))
        assert cache.get(a) is not None


@pytest.mark.parametrize("stage", ["build_graph", "event_table"])
def test_interrupted_build_leaves_old_outputs(tmp_path, monkeypatch, stage):
    import kg.build.pipeline

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NEW, encoding="utf-8")
    out = tmp_path / "out"
    kg.build.pipeline.build([str(src)], out, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "b.txt").write_text(NEW.replace("Сатпаев", "Балхаш"), encoding="utf-8")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.pipeline, stage, interrupt)
    with pytest.raises(KeyboardInterrupt):
        kg.build.pipeline.build([str(src)], out, progress=False)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # no half-written output and no temporary file left behind


def test_outputs_are_readable_by_others(tmp_path):
    import kg.build.pipeline

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NEW, encoding="utf-8")
    kg.build.pipeline.build([str(src)], tmp_path / "out", progress=False)
    mask = os.umask(0)
    os.umask(mask)
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o666 & ~mask


def test_ctrl_c_is_reported_not_a_traceback(tmp_path, monkeypatch, capsys):
    import kg.build.pipeline
    from kg.cli.main import main

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.pipeline, "build", interrupt)
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 130
    assert "interrupted; the outputs are unchanged" in capsys.readouterr().err
