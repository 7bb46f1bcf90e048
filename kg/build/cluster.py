"""Extraction on a Dask distributed cluster: `kg build … --scheduler tcp://HOST:8786`.

The build reads the articles and writes every output where it runs; the workers (dask-worker
processes on any machine, with this kg installed) extract chunks of articles and send back their
cache entries, so the outputs are those of a local build, byte for byte. A worker that dies
takes its tasks back to the scheduler, which gives them to another; a chunk that killed
workers again and again (distributed's allowed-failures) is split and its articles tried one by
one, and one that still kills its worker is named as lost. When no worker is left for
NO_WORKERS_GRACE seconds the build stops and says so instead of waiting for ever. The build's word
forms file (OUT/.cache/forms.pickle) is sent to the workers first and gets theirs at the end, as
a local build's worker processes share it; a worker stamps the rules' answers it sends with its own
extraction's fingerprint, and the build keeps only those of its own.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .batch import Extracted, extract_chunk, lost, warm_up
from .cache import fingerprint
from ..model import Article
from ..text.morph import forms_snapshot, save_forms, take_forms

CONNECT_TIMEOUT = 10      # seconds to reach the scheduler (a reachable one answers in milliseconds)
NO_WORKERS_GRACE = 120    # seconds without a single worker before the build gives up
POLL = 2.0                # seconds between looks at the cluster while waiting for results


class ClusterError(Exception):
    """The cluster cannot be reached, has no usable worker, or lost them all."""


def scheduler_address(address: str) -> str:
    """The address as Dask writes it (`HOST:PORT` is tcp://HOST:PORT); a ClusterError for one that names no
    scheduler a build could reach («tcp://HOST» without its port, http://…, an empty string), told before
    the build lists its inputs, not as distributed's traceback once it connects. An in-process cluster's
    inproc:// address (a LocalCluster of threads, from Python) has no port and is taken as it is."""
    from distributed.comm.addressing import get_address_host_port, normalize_address, parse_address

    try:
        normal = normalize_address(address)
        if parse_address(normal)[0] != "inproc":
            get_address_host_port(normal)
    except ValueError as e:
        raise ClusterError(f"not a Dask scheduler address: {address!r} ({e}); "
                           "give tcp://HOST:PORT, as dask-scheduler prints it") from None
    return normal


class Cluster:
    """Chunks of articles extracted by the workers of a Dask scheduler."""

    def __init__(self, address: str, forms: Path | None = None):
        """`forms` is the build's file of word forms: sent to every worker before it extracts, and
        what the workers analysed is added to it when the build ends (kg.text.morph.save_forms)."""
        from distributed import Client

        address = scheduler_address(address)
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self.address = address
        self.forms = forms
        self.notes: list[str] = []
        try:
            self.client.wait_for_workers(1, timeout=NO_WORKERS_GRACE)
        except TimeoutError:
            self.close(now=True)
            raise ClusterError(f"the Dask scheduler at {address} has no worker "
                               f"(start some: dask-worker {address} --nthreads 1)") from None
        self.fingerprint = mine = fingerprint()
        theirs = self.client.run(fingerprint)
        other = sorted(w for w, f in theirs.items() if f != mine)
        if other:
            self.close(now=True)
            raise ClusterError(f"{len(other)} worker(s) of {address} run another version of kg's extraction "
                               f"({', '.join(other[:3])}): install this kg on every worker")
        if forms is not None and forms.is_file():
            self.client.run(take_forms, forms.read_bytes(), mine)
        self.client.run(warm_up)
        self.threads = sum(self.client.nthreads().values())

    def map(self, articles: Iterable[Article], chunk: int = 8) -> Iterator[tuple[Article, Extracted]]:
        """(article, entry) for every article, as chunks come back; at most two chunks per worker
        thread are out at once, so the client holds a bounded part of the corpus."""
        from distributed import KilledWorker, wait

        source = iter(articles)
        pending: dict = {}  # future -> its chunk
        retry: list[list[Article]] = []
        exhausted = False
        lonely_since = None
        while True:
            while len(pending) < 2 * max(self.threads, 1) and (retry or not exhausted):
                task = retry.pop() if retry else [a for _, a in zip(range(chunk), source)]
                if not task:
                    exhausted = True
                    break
                pending[self.client.submit(extract_chunk, task, pure=False)] = task
            if not pending:
                return
            try:
                done, _ = wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                task = pending.pop(future)
                try:
                    results = future.result()
                except KilledWorker as e:
                    yield from self._killer(task, retry, e)
                    continue
                except Exception as e:  # noqa: BLE001  the task itself failed: its articles are lost
                    for a in task:
                        yield a, lost(a, f"failed on the cluster: {type(e).__name__}: {e}")
                    continue
                yield from zip(task, results)
            if not done:
                lonely_since = self._check_workers(lonely_since, sum(len(t) for t in pending.values()))

    def _killer(self, task: list[Article], retry: list, error: Exception) -> Iterator[tuple[Article, Extracted]]:
        """A chunk whose workers kept dying: try its articles one by one, give up on a lone one."""
        if len(task) > 1:
            self.notes.append(f"workers died while extracting a chunk of {len(task)} articles; "
                              "they were extracted again one by one")
            retry.extend([a] for a in task)
            return
        a = task[0]
        self.notes.append(f"workers died again and again while extracting {a.path or a.id}: the article was given up")
        yield a, lost(a, "every worker that extracted it died (distributed's KilledWorker)")

    def _check_workers(self, since: float | None, waiting: int) -> float | None:
        """Stop the build when the cluster has had no worker for NO_WORKERS_GRACE seconds."""
        if self.client.scheduler_info(n_workers=-1)["workers"]:
            return None
        now = time.monotonic()
        if since is None:
            self.notes.append(f"the cluster at {self.address} has no worker left; waiting for one")
            return now
        if now - since > NO_WORKERS_GRACE:
            raise ClusterError(f"the cluster at {self.address} has had no worker for {NO_WORKERS_GRACE} s; "
                               f"{waiting} articles were not extracted; the outputs are unchanged")
        return since

    def close(self, now: bool = False) -> None:
        if self.forms is not None and not now:
            # a worker that left the cluster took its forms with it: only time is lost
            save_forms(self.forms, self.fingerprint, self.client.run(_snapshot, on_error="ignore").values())
        self.client.close()


def _snapshot() -> bytes:
    """A worker's new word forms (kg.text.morph.forms_snapshot), stamped with the fingerprint of the
    extraction it runs: one that joined after the check of __init__ with another kg has its answers left out."""
    return forms_snapshot(fingerprint())
