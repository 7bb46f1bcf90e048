"""The build: read articles, extract each, merge across articles, write graph, table and view.

Two passes over the corpus. The first reads and extracts the articles as a stream (cached facts
are reused) and keeps only a compact merge index; the merge then decides which reports are one
event. The second writes the graph article by article from the facts. Up to STREAM_ABOVE
articles the facts wait in memory and the graph is sorted and queried there; above it (or with
stream=True) the facts are read back from the cache, the triples are sorted in runs on disk and
the view and the table are read from an on-disk Oxigraph store (OUT/store), so that memory does
not grow with the corpus.

Every output is written into a new build folder and switched into place at once (outputs.py):
an interrupted build leaves the previous outputs whole. A file that cannot be read is reported
and the build goes on with the rest.
"""
from __future__ import annotations

import ctypes
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from .batch import Extracted, chunk_size, extractor
from .cache import FactCache, article_key, decode
from .cluster import Cluster, ClusterError
from .index import FileList, MergeIndex, StoredArticles
from .outputs import OutputError, OutputFolder, check_writable
from ..events.merge import rename_organizations
from ..graph.rdf import GraphWriter
from ..graph.storegraph import StoreGraph
from ..graph.table import write_event_table
from ..graph.triples import SortedRuns
from ..graph.turtle import turtle_header, write_turtle
from ..graph.vocab import ONTOLOGY_FILE
from ..ingest.articles import BadInput, Skipped, article_files, read_article
from ..model import Article

OUTPUTS = {"graph": "graph.ttl", "events": "events.json", "view": "graph.html", "timeline": "timeline.html",
           "map": "map.html"}
STORE = "store"
CACHE_FILE = Path(".cache") / "facts.sqlite"
FORMS_FILE = "forms.pickle"  # beside the facts: the morphology's word forms, kept across rule changes
# Above this many input files the build streams. Below it the in-memory path is faster and holds under
# 1.5 GB (10k copies rebuilt from the facts cache, 3 rounds: 38-45 s and 1,050 MB against 57-68 s and
# 465 MB streamed; graph stage 21-25 s against 28-37, pages 9-11 s against 19-22; bench/RESULTS.md).
STREAM_ABOVE = 20_000
RUN_TRIPLES = 2_000_000  # triples held in memory before a sorted run is written (about 400 MB)
# characters of Turtle bulk-loaded into the on-disk store at once (about 100,000 triples). A bulk load
# holds about 1.7 kB a triple while it runs: 420 MB for 250,000 triples, on top of everything else
LOAD_CHARS = 5_000_000
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # mallopt's parameters, from glibc's malloc.h
# the ontology's graph in the store (the data is in the default graph), as kg.sparql.store names it
ONTOLOGY_GRAPH = ox.NamedNode("https://kg.example.org/graph/ontology")


@dataclass
class BuildReport:
    """What a build read, skipped, extracted and wrote, and how long each stage took."""
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)      # read, but extraction raised or was lost
    warnings: list[Skipped] = field(default_factory=list)    # read, with a guess (the date)
    notes: list[str] = field(default_factory=list)           # what happened to worker processes
    copies: list[Skipped] = field(default_factory=list)      # articles with the text of another
    triples: int = 0
    counts: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    extracted: int = 0
    reused: int = 0
    chars: int = 0
    cache: str | None = None
    streamed: bool = False
    removed: list[Path] = field(default_factory=list)        # what killed builds had left


class NothingRead(Exception):
    """No input file could be read as an article; the report says why, and no output was written."""

    def __init__(self, report: "BuildReport"):
        super().__init__("no article could be read")
        self.report = report


class BuildError(Exception):
    """The build cannot run or cannot finish; the message says why (the outputs are unchanged)."""


def build(inputs: list[str], out: Path, jobs: int = 1, cache_dir: Path | None = None,
          use_cache: bool = True, progress: bool = True, stream: bool | None = None,
          run_triples: int = RUN_TRIPLES, scheduler: str | None = None) -> BuildReport:
    """Run the whole pipeline and write graph.ttl, events.json and graph.html (and store) into out.

    Facts are cached in OUT/.cache (or cache_dir) by each article's content hash. `stream` forces
    the streaming build (True) or the in-memory one (False); by default it is chosen by size.
    With `scheduler` (tcp://HOST:8786) the articles are extracted by that Dask cluster's workers.
    """
    report = BuildReport()
    cache_path = (cache_dir or out / CACHE_FILE.parent) / CACHE_FILE.name if use_cache else None
    try:
        with OutputFolder(out) as folder, ExitStack() as stack:
            if cache_path is not None:
                _check_cache(cache_path)
            report.removed = folder.removed
            clock = time.perf_counter()
            skipped: list[Skipped] = []
            files = FileList(folder.staging / "files.sqlite", article_files(inputs, skipped))
            stack.callback(files.close)
            report.skipped.extend(sorted(set(skipped), key=lambda s: s.path))
            report.timings["read"] = _lap(clock)
            report.streamed = len(files) > STREAM_ABOVE if stream is None else stream
            if report.streamed:
                _map_large_blocks()
            cache = stack.enter_context(FactCache(cache_path)) if cache_path is not None else None
            report.cache = str(cache_path) if cache_path else None
            spool = _Spool(cache, folder.staging / "facts.sqlite" if report.streamed else None)
            stack.callback(spool.close)
            forms = cache_path.with_name(FORMS_FILE) if cache_path is not None else None
            corpus = Corpus(MergeIndex(folder.staging / "index.sqlite"))
            stack.callback(corpus.index.close)
            if report.streamed:
                stored = StoredArticles(folder.staging / "articles.sqlite")
                stack.callback(stored.close)
                corpus.entries, corpus.paths, corpus.texts = stored.entries, stored.paths, stored.texts
            first_pass(files, corpus, report, spool, jobs, progress, scheduler, forms)
            files.close()  # their paths are in corpus.paths
            if not report.articles:  # a mistyped folder must not replace a good build with an empty one
                spool.close()
                stack.close()
                folder.abandon()
                raise NothingRead(report)
            names = write_outputs(corpus, spool, folder.staging, out, report, run_triples, progress)
            spool.close()
            folder.commit(names, {"articles": report.articles, "triples": report.triples, **report.counts})
    except (OutputError, ClusterError) as e:
        raise BuildError(str(e)) from None
    report.outputs = {k: str(out / f) for k, f in OUTPUTS.items()}
    if report.streamed:
        report.outputs["store"] = str(out / STORE)
    return report


def _check_cache(path: Path) -> None:
    if path.is_dir():
        raise OutputError(f"the cache file {path} is a folder; give --cache a folder of its own, or --no-cache")
    check_writable(path.parent, "cache folder")


@dataclass
class Corpus:
    """What the first pass keeps: the merge index and, for the second pass, each article's entry
    (in memory, or StoredArticles' rows when streaming)."""
    index: MergeIndex
    entries: list[tuple[str, str]] = field(default_factory=list)   # (cache key, article id)
    copies: dict[str, list[Article]] = field(default_factory=dict)  # article id -> its copies
    # sha and date -> the first article with them, and its file: how the first pass knows a copy
    texts: dict[bytes, tuple[str, str]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # article id -> its file, for the pages' links


class _Spool:
    """Where the facts of this build wait for the second pass: memory, or the cache (a temporary
    one with no cache) when streaming."""

    def __init__(self, cache: FactCache | None, temporary: Path | None):
        self.cache = cache
        self.memory: dict[str, bytes] | None = None if temporary else {}
        self.own = FactCache(temporary) if temporary is not None and cache is None else None
        self.temporary = temporary

    def get(self, key: str):
        return self.cache.get(key) if self.cache is not None else None

    def keep(self, key: str, data: bytes, record: bytes, cache: bool) -> None:
        """Hold an article's entry for the second pass; `cache` it for later builds if it is sound."""
        if self.memory is not None:
            self.memory[key] = data
        if cache and self.cache is not None:
            self.cache.put(key, data, record)
        elif self.memory is None:
            self._own().put(key, data, record)

    def reuse(self, key: str, data: bytes) -> None:
        """Hold an entry the cache already has: a streaming build reads it back from there, so only the
        in-memory build keeps it (it was written into the cache again, to no purpose, at every hit)."""
        if self.memory is not None:
            self.memory[key] = data

    def _own(self) -> FactCache:
        # a failed article is not cached for later builds (it is extracted again), but a streaming
        # build still reads it back: into a temporary cache of its own. Tested with `is None`: the
        # truth of a FactCache is its length, a count of its rows, and was asked once per article
        # (at 300,000 articles the main process spent its time counting)
        if self.own is None:
            self.own = FactCache(self.temporary)
        return self.own

    def facts(self, key: str):
        if self.memory is not None:
            return decode(self.memory[key])
        found = (self.own.facts(key) if self.own is not None else None) or self.cache.facts(key)
        if found is None:
            raise BuildError(f"the facts cache {self.cache.path} changed while this build read it "
                             "(another build with another version of kg?); run the build again")
        return found

    def commit(self) -> None:
        for c in (self.cache, self.own):
            if c is not None:
                c.commit()

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
            self.own.path.unlink(missing_ok=True)
            self.own = None


def first_pass(files: FileList, corpus: Corpus, report: BuildReport, spool: _Spool, jobs: int, progress: bool,
               scheduler: str | None = None, forms: Path | None = None) -> None:
    """Read every file, extract what the cache lacks, and fold each article into the corpus's merge
    index and entries; `forms` is the file of word forms that keeps the morphology warm from one build
    to the next."""
    bar = tqdm(total=len(files), desc="extract", unit="art", disable=None if progress else True, delay=2,
               dynamic_ncols=True)

    def fold(a: Article, key: str, record: bytes) -> None:
        """Add the article to the merge index and the entries; a damaged cached record fails here, and
        todo() extracts its article again."""
        corpus.index.add(a.id, record)
        corpus.entries.append((key, a.id))

    def take_cached(a: Article, key: str, data: bytes, record: bytes) -> None:
        """An article the cache has: its facts are reused."""
        fold(a, key, record)
        spool.reuse(key, data)
        bar.update()

    def take_extracted(a: Article, extracted: Extracted) -> None:
        """An article just extracted: its facts are kept, and cached for later builds unless it failed."""
        fold(a, extracted.key, extracted.record)
        spool.keep(extracted.key, extracted.data, extracted.record, cache=extracted.error is None)
        if extracted.error:
            report.failed.append(Skipped(a.path,
                                         f"extraction failed, article kept without facts: {extracted.error}"))
        bar.update()

    def todo() -> Iterator[Article]:
        """The articles the cache lacks; those it has are taken on the way."""
        for a in read_articles(files, report, corpus):
            report.articles += 1
            t = time.perf_counter()
            key = article_key(a)
            hit = spool.get(key)
            if hit is not None:
                try:
                    zlib.decompress(hit[0])  # its checksum: a damaged entry is extracted again
                    take_cached(a, key, *hit)
                    report.reused += 1
                    report.timings["cache"] += time.perf_counter() - t
                    continue
                except (zlib.error, ValueError, KeyError, TypeError):
                    pass
            report.timings["cache"] += time.perf_counter() - t
            report.chars += len(a.text)
            yield a

    report.timings["cache"] = 0.0
    listing = report.timings["read"]
    t0 = time.perf_counter()
    with bar:
        pool, finished = None, False
        try:
            pool = Cluster(scheduler, forms) if scheduler else extractor(jobs, forms)
            report.timings["start-up"] = time.perf_counter() - t0
            workers = pool.threads if scheduler else jobs
            for a, extracted in pool.map(todo(), chunk_size(len(files), workers)):
                take_extracted(a, extracted)
                report.extracted += 1
            finished = True
        finally:
            if pool is not None:
                pool.close(now=not finished)
                report.notes.extend(pool.notes)
            spool.commit()
    report.timings["extract"] = (_lap(t0) - report.timings["cache"] - report.timings.get("start-up", 0.0)
                                 - (report.timings["read"] - listing))


def read_articles(files: Iterable[str], report: BuildReport, corpus: Corpus) -> Iterator[Article]:
    """The articles of the files in order; unreadable files and same ids are reported, never fatal.

    A file with the text and date of an earlier one is an article too, a copy of it: its facts will
    be the earlier one's, its events counted once (corpus.copies).
    """
    last_id, last_path = None, None
    for path in files:
        notes: list[str] = []
        t = time.perf_counter()
        try:
            a = read_article(Path(path), warn=notes.append)
        except BadInput as e:
            report.skipped.append(Skipped(path, str(e)))
            continue
        finally:
            report.timings["read"] += time.perf_counter() - t
        if a.id == last_id:  # files come sorted by id: one id twice is two files in a row
            report.skipped.append(Skipped(path, f"same article id as {last_path}"))
            continue
        last_id, last_path = a.id, path
        report.warnings.extend(Skipped(path, n) for n in notes)
        same = bytes.fromhex(a.sha)[:16] + (a.date or "").encode()
        first = corpus.texts.get(same)
        if first is not None:
            original, where = first
            corpus.copies.setdefault(original, []).append(a)
            corpus.paths[a.id] = a.path
            report.articles += 1
            report.copies.append(Skipped(path, f"same text and date as {where}: kept as a copy of it"))
            continue
        corpus.texts[same] = (a.id, path)
        corpus.paths[a.id] = a.path
        yield a


def write_outputs(corpus: Corpus, spool: _Spool, staging: Path, out: Path, report: BuildReport,
                  run_triples: int, progress: bool = False) -> list[str]:
    """Merge, then graph, view and event table into the staging folder of the build of `out`; the names
    written. Each merged event's statements are written as the merge makes it, none is held. With
    `progress`, a streamed build names each stage on the terminal as it begins."""
    from ..views.site import write_pages
    from ..views.storenet import StoreNet

    stage = _Stages(progress and report.streamed)
    stage.begin("merging the trips of every article")
    clock = time.perf_counter()
    canon = corpus.index.canon()
    w = GraphWriter(corpus.index.mentioned)
    report.counts = corpus.index.merge(canon, w.event)
    report.timings["merge"] = _lap(clock)
    clock = time.perf_counter()  # the graph stage's time includes loading the store
    runs = SortedRuns(staging / "runs")
    for key, article_id in tqdm(corpus.entries, desc="graph", unit="art", disable=None if progress else True,
                                delay=2, dynamic_ncols=True):
        facts = spool.facts(key)
        rename_organizations(canon, facts.mentions, facts.roles, facts.events)
        events = corpus.index.reports(article_id, len(facts.events))
        w.article(facts, events)
        for copy in corpus.copies.get(article_id, ()):
            w.article(facts.as_copy(copy), events, copy_of=article_id)
        if report.streamed and len(w.t) >= run_triples:
            runs.spill(w.t)
    graph = staging / OUTPUTS["graph"]
    names = list(OUTPUTS.values())
    if report.streamed:
        # the last run goes to disk too, so that no triple is held while the store loads: the peak
        # is then the larger of the runs' and the store's, not their sum
        if len(w.t):
            runs.spill(w.t)
        stage.begin(f"writing {OUTPUTS['graph']} and loading the store")
        store = ox.Store(str(staging / STORE))
        count = _Counter(runs.merged(w.t))
        with _TurtleLoad(store) as load:
            write_turtle(count, graph, also=load.add)
        _trim_arenas()
        names.append(STORE)
    else:
        count = _Counter(runs.merged(w.t))
        write_turtle(count, graph)
    del w
    report.triples = count.n
    if not report.streamed:
        # into memory, a plain load is faster than bulk_load (51 s against 74 s for 17.8M triples)
        store = ox.Store()
        store.load(path=str(graph), format=ox.RdfFormat.TURTLE)
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    if report.streamed:
        # merge the files the chunked bulk loads left, so that a look-up by subject reads one file
        # an index: on the 30k store, compacted in 3.4 s, visit-reports took 96-99 ms against
        # 120-141 (bench/RESULTS.md), and the pages and events.json below read the store too
        stage.begin("compacting the store")
        store.optimize()
        # the pages and events.json only read: a read-only handle in place of the one that loaded and
        # compacted, whose state stayed beside what the reads add (100k: pages 604-612 -> 590-591 MB,
        # events.json 573-584 -> 559-560; 30k: 10 MB less; the same outputs; bench/RESULTS.md)
        store.flush()
        del store
        _trim_arenas()
        store = ox.Store.read_only(str(staging / STORE))
    report.timings["graph"] = _lap(clock)
    stage.begin(f"drawing {OUTPUTS['view']}, {OUTPUTS['timeline']} and {OUTPUTS['map']}")
    clock = time.perf_counter()
    # the projection read from the store as the pages ask (the same pages as netgraph.to_networkx's,
    # without holding every edge in networkx: 141 MB at 10k articles)
    write_pages(StoreGraph(store), {k: staging / OUTPUTS[k] for k in ("view", "timeline", "map")}, corpus.paths,
                net=StoreNet(store), build=out)
    report.timings["views"] = _lap(clock)
    stage.begin(f"writing {OUTPUTS['events']}")
    clock = time.perf_counter()
    write_event_table(store, staging / OUTPUTS["events"])
    report.timings["events"] = _lap(clock)
    del store
    return names


class _TurtleLoad:
    """Bulk-loads the Turtle write_turtle writes into the store, LOAD_CHARS at a time, in a thread of
    its own; as a context, every chunk is loaded when it ends.

    One bulk_load of the whole graph held 1.26 GB at 10k articles; in chunks the store takes a
    bounded amount whatever the size. The pieces are whole statements, so each chunk with the
    prefixes is a Turtle document of its own (the graph has no blank nodes to split), and a statement
    has at most STATEMENT_MOST triples, so a chunk is never much more than LOAD_CHARS: a hub's links
    grow with the corpus. pyoxigraph lets go of the interpreter while it loads, so a chunk is loaded
    on a second core while the next is merged and written (a 10k rebuild's graph stage 34 -> 28 s,
    bench/RESULTS.md); one chunk loads at a time, so at most two are held.
    """

    def __init__(self, store: ox.Store):
        self.store: ox.Store | None = store
        self.header = turtle_header()
        self.pieces: list[str] = []
        self.size = 0
        self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-load")
        self._loading: Future | None = None

    def __enter__(self) -> _TurtleLoad:
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self._submit()
                if self._loading is not None:
                    self._loading.result()  # a load's error is the build's
        finally:
            self._loader.shutdown()  # after an error, the load under way ends before the store is left
            self.store = None  # loaded: the build closes its handle and reopens the store read-only

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)
        if self.size >= LOAD_CHARS:
            self._submit()

    def _submit(self) -> None:
        if not self.pieces:
            return
        chunk = self.header + "".join(self.pieces)
        self.pieces, self.size = [], 0
        if self._loading is not None:
            self._loading.result()
        self._loading = self._loader.submit(self.store.bulk_load, input=chunk, format=ox.RdfFormat.TURTLE)


class _Stages:
    """The stage a streamed build is in after its extraction, a line on the terminal as each begins: at
    100k articles the merge, the graph, the store, the pages and events.json took nearly 9 minutes after
    the extraction's bar, which were silence. Nothing when stderr is no terminal, as for tqdm's bars."""

    def __init__(self, show: bool):
        self.show = show and sys.stderr.isatty()

    def begin(self, what: str) -> None:
        if self.show:
            print(f"{time.strftime('%H:%M:%S')} {what}…", file=sys.stderr, flush=True)


class _Counter:
    """Passes triples through, counting them."""

    def __init__(self, triples):
        self.triples, self.n = triples, 0

    def __iter__(self):
        for t in self.triples:
            self.n += 1
            yield t


def _map_large_blocks() -> None:
    """Give glibc a fixed mmap threshold, so that blocks of 128 kB and more are mapped on their own and
    returned to the system when freed.

    By default glibc raises the threshold to the largest mapped block freed (up to 32 MB): after the
    first triple runs and Turtle chunks, blocks of megabytes come from the heap, which cannot shrink
    below a live block, and the streaming build's RSS kept what the merge, the loads and the pages had
    freed. A fixed threshold stops that: at 100k articles the peak 631 -> 593 MB, and a 10k build is no
    slower (bench/RESULTS.md, twelfth session). Another C library keeps its own ways.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        # one arena for every thread: the store's loads run in a thread of their own (_TurtleLoad), and
        # an arena of that thread kept what it freed: at 100k the pages and events.json peaked 14 MB
        # higher; with one arena they peak as before the thread (647 MB), and the loads are no slower
        libc.mallopt(M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # no mallopt: not glibc
        pass


def _trim_arenas() -> None:
    """Hand back to the system what glibc holds freed after the store's loads. What the loads (in a thread
    of their own, _TurtleLoad) freed stayed in the process's RSS through the pages and events.json, with
    one arena as with several (10k articles, views: 463 MB without the trim, 448 with it, 446 before the
    loads had a thread; bench/RESULTS.md). Another C library keeps its own ways."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # no malloc_trim: not glibc
        pass


def _lap(start: float) -> float:
    return time.perf_counter() - start

