"""kg build --scheduler: extraction on a real Dask cluster (a LocalCluster of worker processes on
loopback) gives the outputs of a local build byte for byte, also when a worker is killed midway."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
OUTPUTS = ("graph.ttl", "events.json", "graph.html")


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c, Client(c) as client:
        yield c, client


def kg_build(*args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "kg", "build", *args, "-q"], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    return run


def same(a: Path, b: Path) -> None:
    for name in OUTPUTS:  # a capped view's hints name the build folder
        assert (a / name).read_bytes().replace(bytes(a), bytes(b)) == (b / name).read_bytes(), name


@pytest.mark.parametrize("corpus", ["seeds", "shared corpus"])
def test_cluster_build_is_byte_identical_to_a_local_build(cluster, tmp_path, corpus):
    src = ROOT / "seeds" if corpus == "seeds" else SHARED_CORPUS
    if not src.is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    kg_build(str(src), "--out", str(tmp_path / "local"), "--no-cache")
    kg_build(str(src), "--out", str(tmp_path / "cluster"), "--no-cache", "--scheduler", cluster[0].scheduler_address)
    same(tmp_path / "local", tmp_path / "cluster")


def test_worker_killed_midway_is_replaced_and_outputs_stay_a_local_builds(cluster, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import make_corpus

    local_cluster, client = cluster
    make_corpus([ROOT / "seeds"], tmp_path / "in", 120)
    kg_build(str(tmp_path / "in"), "--out", str(tmp_path / "local"), "--no-cache")
    pids = client.run(os.getpid)
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "--out",
                              str(tmp_path / "cluster"), "--no-cache", "-q", "--scheduler",
                              local_cluster.scheduler_address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=ROOT)

    def kill_one() -> None:  # once the workers are busy
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(client.processing().values()):
            time.sleep(0.05)
        os.kill(next(iter(pids.values())), signal.SIGKILL)

    killer = threading.Thread(target=kill_one)
    killer.start()
    _, err = build.communicate(timeout=600)  # a hang fails here
    killer.join()
    assert build.returncode == 0, err
    same(tmp_path / "local", tmp_path / "cluster")
    client.wait_for_workers(2, timeout=60)  # the nanny started a new one


def test_unreachable_scheduler_is_a_message(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"),
                          "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("address", ["10.0.0.5", "tcp://10.0.0.5", "http://10.0.0.5:8786", "tcp://host:port", ""])
def test_a_malformed_scheduler_address_is_a_message_before_anything_is_read(tmp_path, address):
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "no such folder"), "--out",
                          str(tmp_path / "out"), "--scheduler", address], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 2 and f"not a Dask scheduler address: {address!r}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "no such file" not in run.stderr  # the inputs were not listed
    assert not (tmp_path / "out").exists()


def test_an_in_process_cluster_builds_from_python_as_a_local_build(tmp_path):
    """`build(…, scheduler=…)` takes the inproc:// address of a LocalCluster of threads, which has no port."""
    from distributed import Client, LocalCluster

    from kg.build.pipeline import build

    build([ROOT / "seeds"], tmp_path / "local", use_cache=False, progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address="127.0.0.1:0") as c, Client(c):  # a free port: 8787 may be taken
        assert c.scheduler_address.startswith("inproc://")
        build([ROOT / "seeds"], tmp_path / "cluster", use_cache=False, progress=False, scheduler=c.scheduler_address)
    same(tmp_path / "local", tmp_path / "cluster")


def test_the_workers_read_the_word_forms_and_add_theirs(cluster, tmp_path):
    """The build's word forms file goes to every worker before it extracts, and what the workers
    analysed is added to it at the end, as a local build's worker processes share theirs."""
    import json
    import pickle

    from kg.text.morph import analyser_versions

    local_cluster, client = cluster
    cache = tmp_path / "cache"
    cache.mkdir()
    # a form with a reading pymorphy3 would never give it: a worker that has it read it from the file
    planted = {"version": analyser_versions(), "parses": {}, "lemmas": {"Кгтестово": frozenset({"кгтест"})}}
    (cache / "forms.pickle").write_bytes(pickle.dumps(planted))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(" date 2024-04-12 Аким района Кгтестбеков посетил село Кгтестово.\n",
                                           encoding="utf-8")
    kg_build(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--cache", str(cache),
             "--scheduler", local_cluster.scheduler_address)
    held = client.run(lambda: sorted(__import__("kg.text.morph", fromlist=["lemmas"]).lemmas("Кгтестово")))
    assert len(held) == 2 and all(lemmas == ["кгтест"] for lemmas in held.values())
    # the file kept its form and got the workers' («Кгтестбеков», which only they analysed)
    check = subprocess.run([sys.executable, "-c", FORMS_READ, str(cache / "forms.pickle")], capture_output=True,
                           text=True, cwd=ROOT, check=True)
    assert json.loads(check.stdout) == {"planted": ["кгтест"], "theirs": True}


FORMS_READ = """
import json, sys
from pathlib import Path
from kg.build.cache import fingerprint
from kg.text import morph
morph.load_forms(Path(sys.argv[1]), fingerprint())
print(json.dumps({"planted": sorted(morph.lemmas("Кгтестово")), "theirs": "Кгтестбеков" in morph._LEMMAS}))
"""
