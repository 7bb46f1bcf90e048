"""A real Virtuoso (Debian's virtuoso-opensource) on loopback, in a temporary folder, for tests.

`start(folder)` writes a minimal virtuoso.ini, starts `virtuoso-t` in the foreground on two free
loopback ports (SQL and HTTP), waits until it answers, and creates a user `writer` with the
SPARQL_UPDATE role. Without virtuoso-t the tests that need it skip, except in CI (CI=true), where
they fail: `.ci/run` installs it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from sparql_helpers import free_port, wait_for

WRITER = ("writer", "wr1te-s3cret")
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


def unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"virtuoso: {reason}")
    pytest.skip(f"virtuoso: {reason}")


@dataclass
class Virtuoso:
    """A running virtuoso-t: its endpoints, SQL as the dba, SPARQL counts, and stop()."""
    process: subprocess.Popen
    folder: Path
    sql_port: int
    http_port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The anonymous, read-only query endpoint."""
        return self.base + "/sparql"

    @property
    def store(self) -> str:
        """The Graph Store Protocol endpoint that takes Digest credentials."""
        return self.base + "/sparql-graph-crud-auth"

    @property
    def update(self) -> str:
        """The SPARQL endpoint that takes Digest credentials, for updates."""
        return self.base + "/sparql-auth"

    def isql(self, statements: str) -> str:
        """Run SQL statements as the dba; the output."""
        run = subprocess.run([shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
                              f"exec={statements}"], capture_output=True, text=True, timeout=120)
        if run.returncode != 0 or "*** Error" in run.stdout + run.stderr:
            raise RuntimeError(f"isql: {run.stdout}{run.stderr}")
        return run.stdout

    def add_user(self, name: str, password: str, update: bool = True) -> None:
        self.isql(f"DB.DBA.USER_CREATE('{name}', '{password}');"
                  + (f' GRANT SPARQL_UPDATE TO "{name}";' if update else ""))

    def select(self, query: str) -> list[dict]:
        """The bindings of a SELECT on the anonymous endpoint."""
        url = self.sparql + "?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=120) as r:
            return json.loads(r.read())["results"]["bindings"]

    def count(self, where: str) -> int:
        """COUNT(*) of a graph pattern."""
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"]["value"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(folder: Path) -> Virtuoso:
    """A fresh Virtuoso in folder, with the user WRITER; skips (fails in CI) when it cannot run."""
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        unavailable("virtuoso-t or isql-vt is not installed (apt-get install virtuoso-opensource)")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql=sql, http=http), encoding="utf-8")
    log = open(folder / "stdout.log", "wb")
    process = subprocess.Popen([binary, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(process, folder, sql, http)
    deadline = time.monotonic() + 120
    while not wait_for(server.sparql, 1):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            unavailable(f"did not start: {(folder / 'stdout.log').read_text(errors='replace')[-2000:]}")
    server.add_user(*WRITER)
    return server
