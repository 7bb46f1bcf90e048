"""kg build end to end: byte-identical rebuilds in any order, the incremental cache, atomic outputs."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
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
    from kg.build.batch import extract_entry
    from kg.build.cache import article_key

    a = parse_article("x", " date 2024-04-12 Аким посетил Сатпаев.")
    entry = extract_entry(a)
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        cache.put(entry.key, entry.data, entry.record)
        assert cache.facts(article_key(a)).article.id == "x"
        assert cache.get(article_key(a)) == (entry.data, entry.record)
        for changed in (parse_article("x", " date 2024-04-12 Аким посетил Сатпаев!"),
                        parse_article("x", " date 2024-04-13 Аким посетил Сатпаев."),
                        parse_article("y", " date 2024-04-12 Аким посетил Сатпаев.")):
            assert cache.get(article_key(changed)) is None


def test_cache_empties_when_extraction_code_changes(tmp_path):
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        cache.put("k", b"data", b"record")
    with FactCache(tmp_path / "c.sqlite", version="v1") as cache:
        assert len(cache) == 1
    with FactCache(tmp_path / "c.sqlite", version="v2") as cache:
        assert len(cache) == 0 and cache.get("k") is None


def test_facts_keep_each_sentence_once():
    from kg.build.cache import decode, encode
    from kg.events.extract import extract

    facts = extract(parse_article("x", SEEDS[0].read_text(encoding="utf-8")))
    d = facts.to_dict()
    sentences = {m.evidence.sentence for m in facts.mentions}
    assert len(d["sentences"]) >= len(sentences) and len(d["sentences"]) == len(set(d["sentences"]))
    assert all(isinstance(m["evidence"]["sentence"], int) for m in d["mentions"])
    # the cache entry too: its last array is the sentences, each once
    entry = json.loads(zlib.decompress(encode(facts)))
    assert sorted(entry[-1]) == sorted(set(d["sentences"]))
    back = decode(encode(facts))
    assert back.mentions == facts.mentions and back.events == facts.events and back.roles == facts.roles
    # one string per sentence, shared by its evidence
    assert len({id(m.evidence.sentence) for m in back.mentions}) == len(sentences)
    # evidence of another article (written out, unlike the entry's own) comes back as it was
    from dataclasses import replace
    facts.mentions[0].evidence = replace(facts.mentions[0].evidence, article="y")
    assert decode(encode(facts)).mentions == facts.mentions


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
    with FactCache(path) as cache:
        cache.put("k", b"data", b"record")
        assert cache.get("k") == (b"data", b"record")


@pytest.mark.parametrize("stage", ["write_turtle", "write_event_table"])
def test_interrupted_build_leaves_old_outputs(tmp_path, monkeypatch, stage):
    import kg.build.pipeline

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NEW, encoding="utf-8")
    out = tmp_path / "out"
    kg.build.pipeline.build([str(src)], out, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    builds = sorted((out / ".kg" / "builds").iterdir())
    (src / "b.txt").write_text(NEW.replace("Сатпаев", "Балхаш"), encoding="utf-8")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.pipeline, stage, interrupt)
    with pytest.raises(KeyboardInterrupt):
        kg.build.pipeline.build([str(src)], out, progress=False)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # no half-written output
    assert sorted((out / ".kg" / "builds").iterdir()) == builds  # and no unfinished build folder


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


SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"


def test_streaming_build_is_byte_identical_to_an_in_memory_build(tmp_path, monkeypatch):
    """The shared corpus built in memory and streamed (facts read back from the cache, triples sorted
    in runs of 2,000 on disk and merged four at a time, the store bulk-loaded from the Turtle in chunks of 50,000 characters,
    a subject's triples 50 to a statement, view and table read from the on-disk store), in two processes."""
    import pyoxigraph as ox

    import kg.build.pipeline
    import kg.graph.triples
    import kg.graph.turtle

    if not SHARED_CORPUS.is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    monkeypatch.setattr(kg.build.pipeline, "LOAD_CHARS", 50_000)  # about 30 bulk loads
    monkeypatch.setattr(kg.graph.triples.SortedRuns, "FAN_IN", 4)  # runs merged in groups before the last merge
    monkeypatch.setattr(kg.graph.turtle, "STATEMENT_MOST", 50)  # the hubs in several statements each
    memory = kg.build.pipeline.build([str(SHARED_CORPUS)], tmp_path / "memory", progress=False, stream=False)
    streamed = kg.build.pipeline.build([str(SHARED_CORPUS)], tmp_path / "stream", progress=False, stream=True,
                                       jobs=2, run_triples=2000, use_cache=False)
    assert not memory.streamed and streamed.streamed and not (tmp_path / "memory" / "store").exists()
    assert memory.triples == streamed.triples > 17000
    for name in ("graph.ttl", "events.json", "graph.html", "timeline.html", "map.html"):
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "stream" / name).read_bytes(), name
    statements = (tmp_path / "stream" / "graph.ttl").read_text(encoding="utf-8").split("\n\n")[1:-1]
    subjects = [statement.split(" ", 1)[0] for statement in statements]
    assert len(subjects) > len(set(subjects))  # hubs were written in several statements
    store = ox.Store.read_only(str(tmp_path / "stream" / "store"))
    written = ox.Store()  # a store of its own: both write numbers in their canonical form (4.80 as 4.8)
    written.load(path=str(tmp_path / "stream" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    stored = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(stored) == streamed.triples and stored == set(written)
    # the runs and the articles' rows are gone
    assert not list((tmp_path / "stream" / ".kg" / "current").glob("runs*"))
    assert not list((tmp_path / "stream" / ".kg" / "current").glob("articles*"))


def test_a_hub_reaches_the_store_in_loads_of_bounded_size(tmp_path, monkeypatch):
    """A subject linked from every article (the outlet: 242,019 triples at 300k articles) is bulk-loaded
    a statement of STATEMENT_MOST triples at a time, so no load is much more than LOAD_CHARS whatever
    the corpus; the store gets every triple."""
    import pyoxigraph as ox

    import kg.build.pipeline
    import kg.graph.turtle

    monkeypatch.setattr(kg.build.pipeline, "LOAD_CHARS", 20_000)
    monkeypatch.setattr(kg.graph.turtle, "FLUSH_EVERY", 5_000)
    monkeypatch.setattr(kg.graph.turtle, "STATEMENT_MOST", 100)
    hub = "https://kg.example.org/id/org/outlet"
    triples = [(hub, "http://www.w3.org/ns/prov#wasDerivedFrom", f"https://kg.example.org/id/article/a{i:05d}")
               for i in range(3000)]  # one statement of about 160,000 characters if written whole
    triples += [(f"https://kg.example.org/id/article/a{i:05d}", "https://kg.example.org/ontology#articleId",
                 f'"a{i:05d}"') for i in range(3000)]

    class Recorded:
        """A real store that notes the size of each bulk load."""

        def __init__(self, store):
            self.store, self.sizes = store, []

        def bulk_load(self, input, format):
            self.sizes.append(len(input))
            self.store.bulk_load(input=input, format=format)

    store = Recorded(ox.Store(str(tmp_path / "store")))
    with kg.build.pipeline._TurtleLoad(store) as load:
        kg.graph.turtle.write_turtle(sorted(triples), tmp_path / "g.ttl", also=load.add)
    statement = 100 * 60  # a statement of 100 links: under 60 characters each
    assert len(store.sizes) > 5 and max(store.sizes) < 20_000 + 5_000 + statement + len(load.header)
    assert len(store.store) == len(triples)


def test_a_store_load_that_fails_in_its_thread_fails_the_build(tmp_path, monkeypatch):
    """The store's chunks load in a thread beside the Turtle being written: a load's error (a full disk)
    still reaches the build, and the writer stops at the next chunk, not at the end of the graph."""
    import kg.build.pipeline
    import kg.graph.turtle

    monkeypatch.setattr(kg.build.pipeline, "LOAD_CHARS", 2_000)
    monkeypatch.setattr(kg.graph.turtle, "FLUSH_EVERY", 1_000)

    class FullDisk:
        loads = 0

        def bulk_load(self, input, format):
            FullDisk.loads += 1
            raise OSError(28, "No space left on device")

    triples = [(f"https://kg.example.org/id/article/a{i:05d}", "https://kg.example.org/ontology#articleId",
                f'"a{i:05d}"') for i in range(3000)]
    with pytest.raises(OSError, match="No space left"):
        with kg.build.pipeline._TurtleLoad(FullDisk()) as load:
            kg.graph.turtle.write_turtle(triples, tmp_path / "g.ttl", also=load.add)
    assert FullDisk.loads == 1
    assert (tmp_path / "g.ttl").stat().st_size < 10_000  # about 190,000 characters if written whole


def test_a_streaming_build_never_counts_the_cached_facts(tmp_path, monkeypatch):
    """Keeping an article's facts costs the same at the millionth article as at the first: no
    count of every row already kept (a truth test of the cache counted them, once per article)."""
    import kg.build.pipeline
    from kg.build.cache import FactCache

    def count(cache):
        raise AssertionError("the facts cache was counted during a build")

    monkeypatch.setattr(FactCache, "__len__", count)
    result = kg.build.pipeline.build([str(ROOT / "seeds")], tmp_path / "b", progress=False, stream=True,
                                     use_cache=False)
    assert result.streamed and result.triples > 0


@pytest.mark.parametrize("stream", [[], ["--stream"]], ids=["in-memory", "streamed"])
def test_copy_of_an_article_is_an_article_whose_events_count_once(builds, tmp_path, stream):
    """One seed saved again under another name (a second outlet): both are articles, the copy
    links to its twin, mentions what it mentions, and is a source of its events, counted once.
    Streamed, the first article of each text is looked up in the build's SQLite file."""
    import json

    from rdflib import Graph, Literal

    from kg.graph.vocab import KGO

    src = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", src)
    original = SEEDS[0].stem
    shutil.copy(SEEDS[0], src / "zz_copy.txt")
    run = kg_build(str(src), "--out", str(tmp_path / "out"), "--no-cache", *stream)
    assert f"read {len(SEEDS) + 1} articles (1 a copy of another), skipped 0" in run.stdout
    assert "zz_copy.txt: same text and date as" in run.stderr
    seeds = json.loads((builds["plain"] / "events.json").read_text(encoding="utf-8"))
    table = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert len(table["events"]) == len(seeds["events"])  # counted once
    articles = {a["id"]: a for a in table["articles"]}
    assert {k: v for k, v in articles["zz_copy"].items() if k != "id"} == \
        {k: v for k, v in articles[original].items() if k != "id"}
    for before, after in zip(seeds["events"], table["events"]):
        expected = sorted(before["sources"] + ["zz_copy"]) if original in before["sources"] else before["sources"]
        assert after["sources"] == expected and after["id"] == before["id"]
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    copy = next(g.subjects(KGO.articleId, Literal("zz_copy")))
    twin = next(g.subjects(KGO.articleId, Literal(original)))
    assert (copy, KGO.copyOf, twin) in g and (copy, KGO.mentions, None) in g


def test_build_pages_of_a_capped_graph_are_the_projections_and_the_same_each_run(tmp_path):
    """Above the view's node cap the build draws its pages from the store as they ask (StoreNet);
    they are the pages netgraph.to_networkx's projection gives, and the same in another process."""
    import pyoxigraph as ox

    import kg.build.pipeline
    from kg.graph.storegraph import StoreGraph
    from kg.views import NODE_CAP
    from kg.views.netgraph import to_networkx
    from kg.views.site import write_pages

    sys.path.insert(0, str(ROOT / "bench"))
    from scale import make_corpus

    make_corpus([ROOT / "seeds"], tmp_path / "in", 300)  # copies with their dates moved: 2,000 nodes
    out = tmp_path / "out"
    kg.build.pipeline.build([str(tmp_path / "in")], out, progress=False)
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    graph = StoreGraph(store)
    assert to_networkx(graph, tooltips=False).number_of_nodes() > NODE_CAP
    # beside the build's own folder, so that the links to the article files are the same
    here = out / ".kg" / "builds" / "reference"
    here.mkdir()
    pages = {"view": here / "graph.html", "timeline": here / "timeline.html", "map": here / "map.html"}
    write_pages(graph, pages, {f.stem: str(f) for f in (tmp_path / "in").glob("*.txt")}, build=out)
    for path in pages.values():
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name
    kg_build(str(tmp_path / "in"), "--out", str(tmp_path / "again"), "--cache", str(out / ".cache"), seed="7")
    page = (tmp_path / "again" / "graph.html").read_text(encoding="utf-8")
    assert page == (out / "graph.html").read_text(encoding="utf-8").replace(str(out), str(tmp_path / "again"))


def test_query_reads_a_streaming_builds_own_store(builds, tmp_path, capsys):
    """kg query OUT opens OUT/store, which a streaming build writes with graph.ttl, instead of
    loading graph.ttl again; the answers are the same."""
    import kg.build.pipeline
    from kg.cli.main import main

    kg.build.pipeline.build([str(ROOT / "seeds")], tmp_path / "stream", progress=False, stream=True, use_cache=False)
    answers = []
    for out in (builds["plain"], tmp_path / "stream"):
        assert main(["query", str(out), "visits-by-person", "--format", "csv"]) == 0
        answers.append(capsys.readouterr().out)
    assert answers[0] == answers[1] and answers[0].count("\n") > 2
    (tmp_path / "stream" / "graph.ttl").resolve().write_text("not read: the store answers")
    assert main(["query", str(tmp_path / "stream"), "visits-by-person", "--format", "csv"]) == 0
    assert capsys.readouterr().out == answers[0]


def morph_versions() -> str:
    from kg.text.morph import analyser_versions

    return analyser_versions()


FORMS_CHECK = """
import sys
from pathlib import Path
from kg.ingest.articles import read_article
from kg.build.cache import fingerprint
from kg.text import morph
from kg.text.segment import segment
loaded = morph.load_forms(Path(sys.argv[1]), fingerprint())
words = {t.text for f in sys.argv[2:] for s in segment(read_article(Path(f)).text) for t in s.tokens if t.is_word}
same = all(morph.parses(w) == tuple(morph.MORPH.parse(w)) for w in words if w in morph._PARSES)
print(loaded, len(words & morph._LEMMAS.keys()), morph._analyses.cache_info().misses, same)
"""


def test_word_forms_keep_the_morphology_warm(builds, tmp_path):
    """The parallel build's workers saved the forms they analysed beside the facts; a later run reads
    them instead of asking pymorphy3, and gets pymorphy3's own parses; without facts, its outputs are
    the same."""
    forms = builds["parallel"] / ".cache" / "forms.pickle"
    check = subprocess.run([sys.executable, "-c", FORMS_CHECK, str(forms), *map(str, SEEDS)], capture_output=True,
                           text=True, cwd=ROOT, check=True).stdout.split()
    loaded, known, analysed, same = int(check[0]), int(check[1]), int(check[2]), check[3]
    # the frequent words are not in it: kg/text/data/frequent_forms.tsv answers them (tests/test_morph.py)
    assert loaded > 300 and known > 150 and same == "True"
    assert analysed == 0  # loading and reading the parses back asked pymorphy3 nothing
    (tmp_path / "cache").mkdir()
    shutil.copy(forms, tmp_path / "cache" / "forms.pickle")
    run = kg_build(str(ROOT / "seeds"), "--out", str(tmp_path / "warm"), "--cache", str(tmp_path / "cache"), "--stats")
    assert f"extract: {len(SEEDS)} articles" in run.stdout
    same_outputs(builds["plain"], tmp_path / "warm")


class _Planted:
    """Unpickled by a plain pickle.load, this creates the file it names: code run from the cache."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


@pytest.mark.parametrize("damage", ["other morphology", "damaged", "planted code"])
def test_word_forms_of_another_morphology_or_damaged_are_ignored(builds, tmp_path, damage):
    import pickle

    cache = tmp_path / "cache"
    cache.mkdir()
    ran = tmp_path / "code-ran"
    if damage == "planted code":
        (cache / "forms.pickle").write_bytes(pickle.dumps({"version": morph_versions(), "parses": {},
                                                           "lemmas": {"посетил": (_Planted(ran),)}}))
    elif damage == "damaged":
        (cache / "forms.pickle").write_bytes((builds["parallel"] / ".cache" / "forms.pickle").read_bytes()[:5000])
    else:
        (cache / "forms.pickle").write_bytes(pickle.dumps({"version": "pymorphy3=0.1", "parses": {},
                                                           "lemmas": {"посетил": ("съесть",)}}))
    check = subprocess.run([sys.executable, "-c", FORMS_CHECK, str(cache / "forms.pickle"), str(SEEDS[0])],
                           capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert check[0] == "0" and check[3] == "True"
    kg_build(str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--cache", str(cache))
    same_outputs(builds["plain"], tmp_path / "out")
    assert not ran.exists()


def test_word_forms_left_half_written_by_a_killed_worker_are_removed(tmp_path):
    """A worker killed while writing leaves its temporary file; the next build's save removes it
    and leaves a readable forms file, the one beside it untouched until then."""
    cache = tmp_path / "cache"
    # a forms file of the seeds alone, from a fresh interpreter: the fixture's cache is also written by
    # its in-process build, with the forms every earlier test of this pytest process analysed
    kg_build(str(ROOT / "seeds"), "--out", str(tmp_path / "seeds"), "--cache", str(cache))
    (cache / "forms.pickle.99999.tmp").write_bytes(b"half a pickle")
    (cache / "forms.pickle.old").write_bytes(b"not ours")
    # articles with words the seeds lack: the build has new forms to save
    kg_build(str(ROOT / "seeds"), str(ROOT / "tests" / "heldout" / "articles"), "--out", str(tmp_path / "out"),
             "--cache", str(cache))
    assert sorted(p.name for p in cache.iterdir()) == ["facts.sqlite", "forms.pickle", "forms.pickle.lock",
                                                      "forms.pickle.old"]
    check = subprocess.run([sys.executable, "-c", FORMS_CHECK, str(cache / "forms.pickle"), str(SEEDS[0])],
                           capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert int(check[0]) > 1000 and check[3] == "True"



LOADERS_CHECK = """
import inspect, sys
from kg.build.batch import warm_up
warm_up()
print(sorted(f"{name}.{f.__name__}" for name, module in list(sys.modules.items()) if name.startswith(("kg.rules.", "kg.events."))
             for f in list(vars(module).values()) if getattr(f, "__module__", None) == name and hasattr(f, "cache_info")
             and not inspect.signature(f).parameters and f.cache_info().currsize == 0))
"""


def test_the_warm_up_loads_every_lexicon():
    """After the warm-up no article is the first to need a lexicon (a function of no arguments whose
    result is cached): the build's clock starts after it, and the first articles cost what the others do."""
    out = subprocess.run([sys.executable, "-c", LOADERS_CHECK], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


MMAP_CHECK = """
import ctypes, sys
from kg.build.pipeline import _map_large_blocks

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "fixed":
    _map_large_blocks()
libc.free(libc.malloc(16 << 20))
before = libc.mallinfo2()
libc.malloc(4 << 20)
print(libc.mallinfo2().hblks - before.hblks, before.fordblks)
"""


ARENA_CHECK = """
import ctypes, sys, threading
from kg.build.pipeline import _map_large_blocks

libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
if sys.argv[1] == "tuned":
    _map_large_blocks()
blocks = []
worker = threading.Thread(target=lambda: blocks.extend(libc.malloc(64 << 10) for _ in range(64)))
worker.start()
worker.join()
libc.malloc_stats()  # on stderr, an «Arena N:» paragraph for each arena
"""


def glibc_with_mallinfo2() -> bool:
    """Whether this C library is glibc with mallinfo2 (2.33 or later), the one _map_large_blocks tunes."""
    import ctypes
    import platform

    return platform.libc_ver()[0] == "glibc" and hasattr(ctypes.CDLL(None), "mallinfo2")


@pytest.mark.skipif(not glibc_with_mallinfo2(), reason="glibc's malloc only, 2.33 or later (mallinfo2)")
@pytest.mark.parametrize("threshold, mapped", [("dynamic", 0), ("fixed", 1)])
def test_streamed_builds_map_large_blocks_on_their_own(threshold, mapped):
    """After a 16 MB block is freed, glibc's dynamic mmap threshold is 16 MB and a 4 MB block comes
    from the heap, which keeps it when freed; with the threshold _map_large_blocks fixes at 128 kB
    it is mapped on its own (one more of mallinfo2's hblks)."""
    out = subprocess.run([sys.executable, "-c", MMAP_CHECK, threshold], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.split()
    new_maps, free_in_heap = int(out[0]), int(out[1])
    assert free_in_heap < 4 << 20  # no free chunk can hold the block: the threshold decides where it goes
    assert new_maps == mapped


@pytest.mark.skipif(not glibc_with_mallinfo2(), reason="glibc's malloc only (malloc_stats)")
@pytest.mark.parametrize("arenas, count", [("default", 2), ("tuned", 1)])
def test_streamed_builds_serve_every_thread_from_one_arena(arenas, count):
    """The store loads in a thread of its own; by default glibc serves a thread from an arena of its
    own, which kept what it freed in the RSS (bench/RESULTS.md). After _map_large_blocks there is
    one arena for every thread."""
    err = subprocess.run([sys.executable, "-c", ARENA_CHECK, arenas], capture_output=True, text=True, cwd=ROOT,
                         check=True).stderr
    assert err.count("Arena ") == count, err


def test_a_streamed_build_names_its_stages_on_a_terminal(tmp_path, monkeypatch, capsys):
    """After the extraction's bar a large build spends minutes merging, loading and drawing: on a terminal a
    streamed build names each stage as it begins, in order; not with progress off, nor off a terminal,
    nor an in-memory build (seconds). The outputs are the same."""
    from kg.build.pipeline import build

    stages = ["merging the trips", "writing graph.ttl and loading the store", "compacting the store",
              "drawing graph.html, timeline.html and map.html", "writing events.json"]
    build([str(p) for p in SEEDS], tmp_path / "off-terminal", stream=True, use_cache=False)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    build([str(p) for p in SEEDS], tmp_path / "quiet", stream=True, use_cache=False, progress=False)
    build([str(p) for p in SEEDS], tmp_path / "in-memory", stream=False, use_cache=False)
    assert capsys.readouterr().err == ""
    build([str(p) for p in SEEDS], tmp_path / "shown", stream=True, use_cache=False)
    lines = capsys.readouterr().err.splitlines()
    assert [next(s for s in stages if s in line) for line in lines] == stages, lines
    for name in ("graph.ttl", "events.json"):
        assert (tmp_path / "shown" / name).read_bytes() == (tmp_path / "quiet" / name).read_bytes()
