"""kg serve under load: memory for a long answer, and round-trip time of small queries, two checkouts side by side.

Each checkout's `kg serve` runs on the same build; the small queries alternate between the two in
rounds, so both see the same machine load. Memory is sampled from /proc every 0.1 s (the server
and its query processes) while a 2-million-row SELECT streams.

    python bench/serve.py BUILD --a ../main --b . [--rounds 8] [--rows 2000000]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

SAVED = Path(__file__).resolve().parent.parent / "kg" / "sparql" / "queries" / "visits-by-person.rq"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("build")
    p.add_argument("--a", required=True, help="checkout A (its folder holds kg/)")
    p.add_argument("--b", required=True, help="checkout B")
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--rows", type=int, default=2_000_000)
    args = p.parse_args()
    servers = {name: start(path, args.build) for name, path in (("A", args.a), ("B", args.b))}
    try:
        latency(servers, args.rounds)
        for name, (proc, url) in servers.items():
            print(f"{name}: {memory(proc, url, args.rows)}")
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait()


def start(checkout: str, build: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # `python -m` puts the working folder first on the path: run in the checkout to import its kg
    where = Path(checkout).resolve()
    env = {**os.environ, "PYTHONPATH": str(where)}
    # a timeout and a row limit no query here reaches, in a checkout that knows them
    extra = ["--timeout", "3600"] + (["--max-rows", "0"] if "max-rows" in help_of(env, where) else [])
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(Path(build).resolve()), "--port", str(port),
                             *extra], env=env, cwd=where, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        try:
            ask(url, "ASK {}")
            return proc, url
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"kg serve from {checkout} did not start")


def help_of(env: dict, where: Path) -> str:
    return subprocess.run([sys.executable, "-m", "kg", "serve", "--help"], env=env, cwd=where, capture_output=True,
                          text=True).stdout


def ask(url: str, query: str) -> bytes:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=3600) as r:
        return r.read()


def latency(servers: dict, rounds: int) -> None:
    times: dict = {(n, q): [] for n in servers for q in ("ASK {}", "saved")}
    saved = SAVED.read_text(encoding="utf-8")
    for _ in range(rounds):
        for name, (_, url) in servers.items():
            for label, text in (("ASK {}", "ASK {}"), ("saved", saved)):
                for _ in range(5):
                    t = time.perf_counter()
                    ask(url, text)
                    times[name, label].append((time.perf_counter() - t) * 1000)
    for (name, label), xs in times.items():
        print(f"{name} {label}: min {min(xs):.1f} ms, median {statistics.median(xs):.1f} ms ({len(xs)} requests)")


def rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    return found


def memory(proc: subprocess.Popen, url: str, rows: int) -> str:
    """Peak memory of the server and of any one query process while a long answer streams."""
    peak = {"server": rss(proc.pid), "query": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak["server"] = max(peak["server"], rss(proc.pid))
            peak["query"] = max([peak["query"]] + [rss(c) for c in children(proc.pid)])
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start, first, size = time.perf_counter(), None, 0
    query = f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {rows}"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=3600) as r:
        while chunk := r.read(1 << 16):
            first = first or time.perf_counter() - start
            size += len(chunk)
    done.set()
    sampler.join()
    return (f"{size / 1e6:.0f} MB answer: first byte {first:.1f} s, all {time.perf_counter() - start:.1f} s; "
            f"peak memory: server {peak['server']} MB, a query process {peak['query']} MB")


if __name__ == "__main__":
    main()
