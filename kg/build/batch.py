"""Extract a stream of articles in this process or in N worker processes, and survive a dead worker.

An article whose extraction raises is kept with no facts and reported, so one bad article never
stops a build. A worker that dies (the out-of-memory killer, a kill -9) is replaced: the
articles it held are extracted again one by one, and one whose worker dies twice more is
reported as lost instead of hanging the build. Results come back as they are done, in any order.
"""
from __future__ import annotations

import gc
import inspect
import multiprocessing
import pickle
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from .cache import article_key, encode, fingerprint
from .index import record
from ..events.extract import extract
from ..model import Article, ArticleFacts
from ..text.morph import load_forms, save_forms

# A short article that touches every rule, so that lexicons and indexes load before the clock starts.
WARM_UP = Article("warm-up", "2024-04-12", "Аким Павлодарской области Асаин Байханов 12 апреля "
                  "посетил Сатпаев и встретился с коллективом ТОО «Казахмыс». Он отметил развитие туризма.")
DEATHS_ALLOWED = 2  # an article alone in a worker that died this many times is lost, not retried


@dataclass(frozen=True)
class Extracted:
    """An article's cache entry (encoded facts and merge record), or no facts and why."""
    key: str
    data: bytes
    record: bytes
    error: str | None = None


def warm_up() -> None:
    """Load the morphology, lexicons and rule indexes of this process."""
    extract(WARM_UP)
    _load_lexicons()
    # they live as long as the process: the collector need not walk them again at every full
    # collection (5 % of extraction time on the real corpus)
    gc.freeze()
    # the rules' per-word caches fill with containers as new forms come: at the default young
    # threshold (700) the collector ran 157 times in a cold pass over the real corpus and took 5 %
    # of it; at 10,000 9 times and 2 % (0.02 s); at 100,000 it does not run in that pass, and a
    # cold pass and three warm ones over the corpus make fewer new containers than that. Garbage
    # cycles wait for at most that many containers (some 10 MB) before they are freed.
    gc.set_threshold(100_000, 10, 10)


def _load_lexicons() -> None:
    """Load the lexicons the warm-up article did not need: every function of the rules and events that
    takes no argument and caches what it returns (@lru_cache). An article must not pay for being the
    first to need one (15 ms in all, 2 % of the extraction of the shared corpus)."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("kg.rules.", "kg.events.")):
            for f in list(vars(module).values()):
                if getattr(f, "__module__", None) == name and hasattr(f, "cache_info") \
                        and not inspect.signature(f).parameters:
                    f()


def extract_entry(article: Article) -> Extracted:
    """Extract an article into its cache entry; a rule's exception costs the article's facts, not the build."""
    try:
        facts = extract(article)
        error = None
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        facts = ArticleFacts(article)
        error = f"{type(e).__name__}: {e} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
    return Extracted(article_key(article), encode(facts), record(facts), error)


def lost(article: Article, why: str) -> Extracted:
    """The entry of an article that could not be extracted at all."""
    facts = ArticleFacts(article)
    return Extracted(article_key(article), encode(facts), record(facts), why)


def extract_chunk(articles: list[Article]) -> list[Extracted]:
    return [extract_entry(a) for a in articles]


class InProcess:
    """Extraction in this process, for --jobs 1; with `forms`, the morphology's word forms are read
    from that file first and this run's new ones added to it at the end."""

    def __init__(self, forms: Path | None = None):
        self.forms = forms
        if forms:
            load_forms(forms, fingerprint())
        warm_up()
        self.notes: list[str] = []

    def map(self, articles: Iterable[Article], chunk: int = 1) -> Iterator[tuple[Article, Extracted]]:
        for a in articles:
            yield a, extract_entry(a)

    def close(self, now: bool = False) -> None:
        if self.forms and not now:
            save_forms(self.forms, fingerprint())


class WorkerPool:
    """Forked worker processes, each fed a chunk of articles at a time over its own pipe.

    Unlike multiprocessing.Pool, which waits forever for the results of a worker that was
    killed, the pool watches every worker's process: a dead one is replaced and its chunk retried.
    """

    def __init__(self, jobs: int, forms: Path | None = None):
        # each worker reads the word forms when it starts and adds those it analysed when it stops. Not
        # read here for the workers to inherit: the build's own process would hold them to its end (185 MB
        # from the 25 MB forms file of 30,000 articles that keep naming new people)
        self.forms = forms
        self.fingerprint = fingerprint()  # the parent's, for every worker: the code the build runs
        warm_up()  # forked workers inherit the loaded morphology and indexes
        self.context = multiprocessing.get_context("fork")
        self.notes: list[str] = []  # what went wrong with workers, for the build's summary
        self.deaths: dict[str, int] = {}
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.forms, self.fingerprint), daemon=True)
        process.start()
        child.close()
        return process, parent

    def map(self, articles: Iterable[Article], chunk: int = 8) -> Iterator[tuple[Article, Extracted]]:
        source = iter(articles)
        retry: deque[list[Article]] = deque()
        busy: dict[int, list[Article]] = {}  # worker index -> its chunk
        exhausted = False
        while True:
            for n in range(len(self.workers)):
                if n in busy:
                    continue
                task = retry.popleft() if retry else None
                if task is None and not exhausted:
                    task = [a for _, a in zip(range(chunk), source)]
                    exhausted = len(task) < chunk
                if not task:
                    break
                try:
                    self.workers[n][1].send(task)
                except OSError:  # it died idle: noticed by the wait below
                    pass
                busy[n] = task
            if not busy:
                return
            waiting = {self.workers[n][1]: n for n in busy} | {self.workers[n][0].sentinel: n for n in busy}
            for ready in wait(list(waiting)):
                n = waiting[ready]
                if n not in busy:
                    continue  # its pipe and its sentinel both fired
                process, conn = self.workers[n]
                results = None
                if ready is conn:
                    try:
                        results = conn.recv()
                    except (EOFError, OSError, pickle.UnpicklingError):
                        results = None
                if results is None:
                    yield from self._died(n, busy.pop(n), retry)
                    continue
                for a, extracted in zip(busy.pop(n), results):
                    yield a, extracted

    def _died(self, n: int, task: list[Article], retry: deque) -> Iterator[tuple[Article, Extracted]]:
        """Replace worker n; retry its articles one by one, and give up on one that keeps killing workers."""
        process, conn = self.workers[n]
        process.join()
        conn.close()
        how = _exit_reason(process.exitcode)
        if len(task) > 1:
            self.notes.append(f"a worker process {how} while extracting {len(task)} articles; "
                              "they were extracted again one by one")
            retry.extend([a] for a in task)
        else:
            a = task[0]
            self.deaths[a.id] = self.deaths.get(a.id, 0) + 1
            if self.deaths[a.id] >= DEATHS_ALLOWED:
                self.notes.append(f"a worker process {how} while extracting {a.path or a.id} alone, "
                                  f"{self.deaths[a.id]} times: the article was given up")
                yield a, lost(a, f"its worker process {how} while extracting it, {self.deaths[a.id]} times")
            else:
                retry.append([a])
        self.workers[n] = self._start()

    def close(self, now: bool = False) -> None:
        """Stop the workers: when they finish their chunk, or `now` (the build was interrupted)."""
        for process, conn in self.workers:
            try:
                if not now:
                    conn.send(None)
            except OSError:
                pass
            conn.close()
        for process, _ in self.workers:
            process.join(timeout=0 if now else 5)
            if process.is_alive():
                process.kill()
                process.join()


def _serve(conn, forms: Path | None, stamp: str) -> None:
    """A worker: read the word forms, extract the chunks it is sent until it is sent None, then save
    the word forms it analysed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if forms:
        load_forms(forms, stamp)
        gc.freeze()  # as warm_up's: the collector need not walk the forms again
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            if forms:
                save_forms(forms, stamp)
            return
        conn.send(extract_chunk(task))


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"was killed ({signal.Signals(-code).name})"
        except ValueError:
            return f"was killed (signal {-code})"
    return f"exited with status {code}"


def extractor(jobs: int, forms: Path | None = None):
    """Extraction in this process (jobs 1) or a pool of `jobs` workers; `forms` keeps the morphology
    warm across runs (kg.text.morph.save_forms)."""
    return InProcess(forms) if jobs <= 1 else WorkerPool(jobs, forms)


def chunk_size(count: int, jobs: int) -> int:
    """Chunks small enough to keep every worker busy to the end, large enough to cut pickling overhead."""
    return max(1, min(32, count // (max(jobs, 1) * 8)))
