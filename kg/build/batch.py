"""Extract many articles: reuse cached facts, extract the rest in one or N processes, show progress.

An article whose extraction fails is kept with no facts and reported, so one bad article
never stops a build. The order of the results is the order of the articles.
"""
from __future__ import annotations

import gc
import multiprocessing
import sys
import time
import traceback
from dataclasses import dataclass, field

from tqdm import tqdm

from .cache import FactCache
from ..events.extract import extract
from ..model import Article, ArticleFacts

# A short article that touches every rule, so that lexicons and indexes load before the clock starts.
WARM_UP = Article("warm-up", "2024-04-12", "Аким Павлодарской области Асаин Байханов 12 апреля "
                  "посетил Сатпаев и встретился с коллективом ТОО «Казахмыс». Он отметил развитие туризма.")


@dataclass
class Batch:
    """What extraction did: the facts of every article and where the time went."""
    facts: list[ArticleFacts] = field(default_factory=list)
    failed: list[tuple[Article, str]] = field(default_factory=list)
    reused: int = 0          # articles whose facts came from the cache
    lookup: float = 0.0      # seconds to look every article up in the cache
    extracted: int = 0       # articles extracted in this run
    chars: int = 0           # characters of the extracted articles
    startup: float = 0.0     # seconds to load the rules and start the workers
    seconds: float = 0.0     # seconds of extraction alone


def warm_up() -> None:
    """Load the morphology, lexicons and rule indexes of this process."""
    extract(WARM_UP)
    # they live as long as the process: the collector need not walk them again at every full
    # collection (5 % of extraction time on the real corpus)
    gc.freeze()


def extract_safely(article: Article) -> tuple[ArticleFacts, str | None]:
    """The facts of an article, or no facts and the error that stopped its extraction."""
    try:
        return extract(article), None
    except Exception as e:  # a rule's bug must cost one article, not the build
        where = traceback.extract_tb(e.__traceback__)[-1]
        return ArticleFacts(article), f"{type(e).__name__}: {e} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"


def extract_all(articles: list[Article], jobs: int = 1, cache: FactCache | None = None,
                progress: bool = True) -> Batch:
    """Facts of every article, from the cache where it has them, else extracted in `jobs` processes."""
    batch = Batch()
    found: dict[int, ArticleFacts] = {}
    todo: list[tuple[int, Article]] = []
    t0 = time.perf_counter()
    for n, a in enumerate(articles):
        hit = cache.get(a) if cache is not None else None
        if hit is None:
            todo.append((n, a))
        else:
            found[n] = hit
    batch.reused, batch.lookup = len(found), time.perf_counter() - t0
    if todo:
        t0 = time.perf_counter()
        pool = _start(jobs, len(todo))
        batch.startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        try:
            results = pool.imap(extract_safely, [a for _, a in todo], chunksize=_chunk(len(todo), jobs)) \
                if pool else map(extract_safely, (a for _, a in todo))
            bar = tqdm(total=len(todo), desc="extract", unit="art", file=sys.stderr, disable=None if progress else True,
                       delay=2, dynamic_ncols=True)
            with bar:
                for (n, a), (facts, error) in zip(todo, results):
                    found[n] = facts
                    if error:
                        batch.failed.append((a, error))
                    elif cache is not None:
                        cache.put(facts)
                    bar.update()
        finally:
            if pool:
                pool.terminate()
            if cache is not None:
                cache.commit()
        batch.seconds = time.perf_counter() - t0
        batch.extracted = len(todo)
        batch.chars = sum(len(a.text) for _, a in todo)
    batch.facts = [found[n] for n in range(len(articles))]
    return batch


def _start(jobs: int, count: int):
    """A pool of warmed-up workers, or None to extract in this process."""
    warm_up()
    if jobs <= 1 or count < 2:
        return None
    # forked workers inherit the loaded morphology and indexes; elsewhere each one loads its own
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ctx.Pool(min(jobs, count), initializer=warm_up)
    pool.map(_ready, range(min(jobs, count)), chunksize=1)
    return pool


def _ready(_: int) -> None:
    """A no-op task, to wait until the workers have started before the clock does."""


def _chunk(count: int, jobs: int) -> int:
    # chunks small enough to keep every worker busy to the end, large enough to cut pickling overhead
    return max(1, min(32, count // (jobs * 8)))
