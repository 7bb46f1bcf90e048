"""kg build under faults, with real processes killed and real file systems full or read-only.

A worker killed mid-build is replaced and its articles extracted again, or named as lost; a
build killed at any moment leaves the previous outputs whole and the next build clears what it
left; a full disk, a read-only or missing output folder, a file given as --out and a folder
where the cache file should be are each a message, never a traceback. The file systems are
small tmpfs mounts in a user and mount namespace of their own (`unshare -rm`), gone with it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OUTPUTS = ("graph.ttl", "events.json", "graph.html")
PYTHON = [sys.executable, "-m", "kg"]


def corpus(folder: Path, n: int) -> Path:
    """n distinct articles: the seeds in turn, each with a sentence of its own at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        (folder / f"a{i:04d}.txt").write_text(f"{text}\nЗаметка номер {i}.\n", encoding="utf-8")
    return folder


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*PYTHON, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def start(*args: str) -> subprocess.Popen:
    """kg in a process group of its own, so that it can be killed with its workers."""
    return subprocess.Popen([*PYTHON, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, start_new_session=True)


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def digests(out: Path, names: tuple[str, ...] = OUTPUTS) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in names}


def no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr, run.stderr


# ------------------------------------------------------------------ item 12: a dead worker


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> tuple[Path, Path]:
    """200 articles (some seconds of extraction) and their build with one process, the reference."""
    tmp = tmp_path_factory.mktemp("articles")
    src = corpus(tmp / "in", 200)
    run = kg("build", str(src), "--out", str(tmp / "reference"), "--no-cache", "-q")
    assert run.returncode == 0, run.stderr
    return src, tmp / "reference"


def test_killed_worker_is_replaced_and_its_articles_extracted_again(articles, tmp_path):
    src, reference = articles
    build = start("build", str(src), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-cache", "-q")
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and build.poll() is None:
        workers = children(build.pid)
        if len(workers) == 2:
            time.sleep(0.3)  # let them take their first chunks
            victim = workers[0]
            os.kill(victim, signal.SIGKILL)
        time.sleep(0.01)
    assert victim is not None, "the build never had two workers"
    _, err = build.communicate(timeout=300)  # a hang fails here
    assert build.returncode == 0, err
    assert "a worker process was killed (SIGKILL) while extracting" in err
    assert "extracted again one by one" in err
    data = ("graph.ttl", "events.json")  # the pages link to files relative to their own folder
    assert digests(tmp_path / "out", data) == digests(reference, data)


def test_worker_killed_again_and_again_loses_named_articles_and_never_hangs(tmp_path):
    src = corpus(tmp_path / "in", 6)
    build = start("build", str(src), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-cache", "-q",
                  "--strict")
    killed: set[int] = set()
    deadline = time.monotonic() + 240
    while build.poll() is None and time.monotonic() < deadline:  # every worker, as soon as it is seen
        for pid in children(build.pid):
            if pid not in killed:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.add(pid)
                except ProcessLookupError:
                    pass
        time.sleep(0.01)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 1, err  # --strict: articles were lost
    no_traceback(subprocess.CompletedProcess([], 1, "", err))
    lost = [line for line in err.splitlines() if "its worker process was killed (SIGKILL) while extracting it" in line]
    assert lost and len(killed) >= 2 * len(lost)
    for line in lost:  # each lost article by its file, and still an article of the graph
        assert line.strip().startswith(str(src / "a"))
    events = (tmp_path / "out" / "events.json").read_text(encoding="utf-8")
    assert all(f'"id": "a{i:04d}"' in events for i in range(6))


# ------------------------------------------------------------------ item 17: a killed build


def test_killed_build_leaves_previous_outputs_and_next_build_clears_its_leftovers(tmp_path):
    src = corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    first = kg("build", str(src), "--out", str(out), "-q")
    assert first.returncode == 0, first.stderr
    before = digests(out)
    corpus(tmp_path / "in", 260)  # 200 more articles: the next build extracts them for some seconds
    build = start("build", str(src), "--out", str(out), "--jobs", "2", "-q")
    builds = out / ".kg" / "builds"
    deadline = time.monotonic() + 120
    while len(list(builds.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert len(list(builds.iterdir())) == 2  # the killed build's folder is left behind ...
    assert digests(out) == before  # ... and the previous outputs are whole and current
    (out / ".graph.x1y2z3.tmp.ttl").write_text("left by a build of an older kg")
    again = kg("build", str(src), "--out", str(out), "-q")
    assert again.returncode == 0, again.stderr
    assert "kg build: removed 2 leftovers of interrupted builds" in again.stderr
    assert len(list(builds.iterdir())) == 1 and not (out / ".graph.x1y2z3.tmp.ttl").exists()
    assert digests(out) != before


def test_outputs_are_one_build_whenever_the_build_is_killed(tmp_path):
    """Kill rebuilds at times spread over their whole run: the three outputs are always one build's."""
    src = corpus(tmp_path / "in", 30)
    out = tmp_path / "out"
    assert kg("build", str(src), "--out", str(out), "-q").returncode == 0
    old = digests(out)
    # one article changed: the rebuild extracts it and writes every output anew
    (src / "a0000.txt").write_text((src / "a0000.txt").read_text(encoding="utf-8") + "Ещё одна строка.\n",
                                   encoding="utf-8")
    timing = tmp_path / "timing"
    shutil.copytree(out, timing, symlinks=True)
    clock = time.monotonic()
    assert kg("build", str(src), "--out", str(timing), "-q").returncode == 0
    took = time.monotonic() - clock
    new = digests(timing)
    assert new != old
    for fraction in (0.2, 0.4, 0.55, 0.7, 0.85, 1.0):
        build = start("build", str(src), "--out", str(out), "-q")
        time.sleep(took * fraction)
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        assert digests(out) in (old, new), f"outputs of two builds after a kill at {fraction:.0%} of a build"


# ------------------------------------------------------------------ item 18: faults a user meets


def test_out_naming_a_file_is_refused_before_extracting(tmp_path):
    src = corpus(tmp_path / "in", 2)
    (tmp_path / "out.txt").write_text("mine")
    run = kg("build", str(src), "--out", str(tmp_path / "out.txt"), "--cache", str(tmp_path / "cache"))
    assert run.returncode == 2
    assert f"kg build: output folder {tmp_path / 'out.txt'} is a file, not a folder" in run.stderr
    no_traceback(run)
    assert (tmp_path / "out.txt").read_text() == "mine" and not (tmp_path / "cache").exists()


def test_cache_file_that_is_a_folder_is_refused(tmp_path):
    src = corpus(tmp_path / "in", 2)
    (tmp_path / "cache" / "facts.sqlite").mkdir(parents=True)
    run = kg("build", str(src), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"))
    assert run.returncode == 2
    assert f"the cache file {tmp_path / 'cache' / 'facts.sqlite'} is a folder" in run.stderr
    no_traceback(run)
    assert not (tmp_path / "out" / "graph.ttl").exists()


def in_namespace(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a shell script as root of a user and mount namespace of its own, where it may mount tmpfs."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"no user namespaces here: {probe.stderr.strip()}")
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("out", ["ro", "ro/missing/sub"])
def test_read_only_output_folder_is_refused_before_extracting(tmp_path, out):
    src = corpus(tmp_path / "in", 2)
    (tmp_path / "ro").mkdir()
    kg_ = " ".join(PYTHON)
    run = in_namespace(f"mount -t tmpfs -o ro,size=1m none {tmp_path / 'ro'} && "
                       f"{kg_} build {src} --out {tmp_path / out} --cache {tmp_path / 'cache'}", tmp_path)
    assert run.returncode == 2, run.stderr
    assert f"kg build: cannot write into the output folder {tmp_path / out}: read-only file system" in run.stderr
    no_traceback(run)
    assert not (tmp_path / "cache").exists()  # refused before any article was read or extracted


def test_full_disk_is_a_message_and_the_outputs_stay(tmp_path):
    small, big = corpus(tmp_path / "small", 1), corpus(tmp_path / "big", 40)
    out, log = tmp_path / "out", tmp_path / "log"
    out.mkdir()
    kg_ = " ".join(PYTHON)
    script = f"""
mount -t tmpfs -o size=3m none {out} || exit 99
{kg_} build {small} --out {out} --cache {tmp_path / 'cache'} -q > {log}.1 2>&1 || exit 98
sha256sum {out}/graph.ttl {out}/events.json {out}/graph.html > {log}.before
{kg_} build {big} --out {out} --cache {tmp_path / 'cache'} -q > {log}.2 2>&1
echo $? > {log}.code
sha256sum {out}/graph.ttl {out}/events.json {out}/graph.html > {log}.after
ls -A {out}/.kg/builds > {log}.builds
"""
    run = in_namespace(script, tmp_path)
    assert run.returncode == 0, run.stderr + (tmp_path / "log.1").read_text()
    err = (tmp_path / "log.2").read_text()
    assert (tmp_path / "log.code").read_text().strip() == "2", err
    assert "kg build: cannot write" in err and "No space left on device; the outputs are unchanged" in err
    assert "Traceback" not in err
    assert (tmp_path / "log.after").read_text() == (tmp_path / "log.before").read_text()
    assert len((tmp_path / "log.builds").read_text().split()) == 1  # the unfinished build is removed
