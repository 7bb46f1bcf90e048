"""Each endpoint query in its own forked process, killed at the deadline, walled off from the network.

A thread cannot be stopped, so a timed-out query used to run on and hold its thread and memory.
A process can: the server forks one per query (the graph is shared copy-on-write), ahead of time
so the fork is not on the query's clock, sends it the query and reads its answer through a socket
pair as frames, and kills it with SIGKILL when its time is up, when the client goes away, or when
it is done. The child sets an alarm for itself once it has its query, so it cannot outlive a
server that died, and where the kernel allows (seccomp) it cannot open a socket: even a query that
got past the parse check could not fetch a URL.
"""
from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import errno
import functools
import json
import os
import signal
import socket
import stat
import struct
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset

from ..graph.vocab import PREFIXES
from . import results
from .guard import Refused, check_query
from .query import QuerySyntaxError, on_union

FRAME = struct.Struct("!cI")  # kind (J job, H head, D data, E end, X error), payload length
CHUNK = 1 << 16
GRACE = 5  # seconds a child may outlive its deadline before its own alarm ends it


@dataclass(frozen=True)
class Job:
    """One query to answer: its text, the media types the client accepts, the row limit."""
    text: str
    accept: list[str]
    max_rows: int


@dataclass(frozen=True)
class Head:
    """The start of an answer: status, media type and headers, or an error message."""
    status: int
    media_type: str
    headers: dict
    message: str = ""


class QueryProcess:
    """A forked child, walled off and waiting for one Job: `start(job, deadline)`, then `body()`; `close()` kills it."""

    def __init__(self, dataset: Dataset, store_dir: str | None):
        parent, child = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:  # the child never returns into the server
            try:
                parent.close()
                _child(child, dataset, store_dir)
            finally:
                os._exit(0)
        child.close()
        self._socket = parent
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self.deadline = 0.0
        self.closed = False

    def alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False

    async def start(self, job: Job, deadline: float) -> Head:
        """Send the job; its answer's first frame (TimeoutError at the deadline, on the event loop's clock)."""
        self.deadline = deadline
        self._reader, self._writer = await asyncio.open_connection(sock=self._socket)
        seconds = max(deadline - asyncio.get_running_loop().time(), 0.1)
        payload = json.dumps({"text": job.text, "accept": job.accept, "max_rows": job.max_rows,
                              "seconds": seconds}).encode()
        self._writer.write(FRAME.pack(b"J", len(payload)) + payload)
        kind, payload = await self._frame()
        if kind is None:
            return Head(500, "text/plain", {}, "the query process ended without an answer")
        fields = json.loads(payload)
        if kind == b"X":
            return Head(fields["status"], "text/plain", {}, fields["message"])
        return Head(200, fields["media_type"], fields["headers"])

    async def body(self) -> AsyncIterator[bytes]:
        """The data frames until the child is done; stops at the deadline (the answer is then cut short)."""
        try:
            while True:
                kind, payload = await self._frame()
                if kind != b"D":
                    return
                yield payload
        except TimeoutError:
            return
        finally:
            self.close()

    async def _frame(self) -> tuple[bytes | None, bytes]:
        remaining = self.deadline - asyncio.get_running_loop().time()
        async with asyncio.timeout(max(remaining, 0)):
            try:
                kind, size = FRAME.unpack(await self._reader.readexactly(FRAME.size))
                return kind, await self._reader.readexactly(size)
            except (asyncio.IncompleteReadError, ConnectionError):
                return None, b""

    def close(self) -> None:
        """Kill the child (whatever it is doing) and reap it; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        if self._writer is not None:
            self._writer.close()
        else:
            self._socket.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(self.pid)


def _reap(pid: int) -> None:
    """Collect a killed child without blocking the event loop, retrying until the kernel has it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    if not done:
        asyncio.get_running_loop().call_later(0.05, _reap, pid)


def _child(sock: socket.socket, dataset: Dataset, store_dir: str | None) -> None:
    """Wait for a job, check and run it, writing frames to sock; every failure is an X frame, never a traceback."""
    signal.set_wakeup_fd(-1)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGALRM", "SIGPIPE"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    _close_sockets_but(sock.fileno())
    no_new_sockets()
    sock.setblocking(True)
    with sock.makefile("rb") as incoming:
        head = incoming.read(FRAME.size)
        if len(head) < FRAME.size:
            return  # the server went away, or had no query for this spare
        fields = json.loads(incoming.read(FRAME.unpack(head)[1]))
    signal.alarm(int(fields["seconds"]) + GRACE)  # SIGALRM's default action ends the process
    answer(dataset, store_dir, Job(fields["text"], fields["accept"], fields["max_rows"]), _Frames(sock))


def answer(dataset: Dataset, store_dir: str | None, job: Job, out) -> None:
    """Check and run a job, telling out its head, data and end, or its error."""
    try:
        checked = check_query(job.text)
        chosen = results.choose(job.accept, checked.kind)
        if chosen is None:
            raise Refused(406, f"cannot answer a {checked.kind} query as {', '.join(job.accept)}; "
                               f"try one of {', '.join(results.offered(checked.kind))}")
        media, fmt = chosen
        pieces, capped = _run(dataset, store_dir, checked, fmt, job.max_rows)
        if capped is None or not capped.limit:
            out.head(media, {})
            out.data(pieces)
        else:  # read up to the limit first, so the headers can say whether the answer was cut
            pieces = list(pieces)
            out.head(media, {"X-KG-Truncated": str(capped.limit)} if capped.cut else {})
            out.data(pieces)
        out.end()
    except Refused as e:
        out.error(e.status, str(e))
    except QuerySyntaxError as e:
        out.error(400, str(e))
    except SyntaxError as e:  # Oxigraph read the checked text differently
        out.error(400, f"syntax error: {e}")
    except MemoryError:
        out.error(503, "the query ran out of memory")
    except BrokenPipeError:
        pass
    except Exception as e:  # noqa: BLE001  an engine's failure is the client's answer, not the server's crash
        out.error(500, f"the query failed: {type(e).__name__}: {str(e)[:300]}")


# Much of SPARQL's grammar in two queries, so that warm() builds what parsing them needs
KITCHEN_SINK = [
    """PREFIX ex: <https://example.org/> SELECT DISTINCT ?s (COUNT(?o) AS ?n) (SAMPLE(?l) AS ?x)
    (GROUP_CONCAT(DISTINCT STR(?o); SEPARATOR=", ") AS ?all) WHERE {
      { ?s a/rdfs:subClassOf* kgo:Event ; ^prov:wasDerivedFrom|kgo:place ?o . } UNION { ?s ex:p [ ex:q (1 2.5 -3e1) ] }
      OPTIONAL { ?s rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "ru") && REGEX(?l, "^a", "i")) }
      MINUS { ?s ex:gone true } FILTER NOT EXISTS { ?s ex:hidden ?h }
      BIND(IF(BOUND(?l), UCASE(?l), "?"@en) AS ?u) VALUES ?v { UNDEF "x"^^xsd:string <https://example.org/v> }
      FILTER(?o != ex:a || ISIRI(?o) || CONTAINS(STR(?o), "b") || YEAR(NOW()) > 2000 || ABS(-1) IN (1, 2))
    } GROUP BY ?s HAVING (COUNT(?o) >= 0) ORDER BY DESC(?n) ASC(?s) LIMIT 1 OFFSET 0""",
    """SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 } GRAPH ?g { ?s ?p2 ?o2 }
      FILTER(STRSTARTS(STR(?g), "https") && DATATYPE(?o2) = xsd:date && COALESCE(?o2, 1) != SHA1("x")) } LIMIT 1""",
    "DESCRIBE ?s WHERE { ?s a kgo:Visit } LIMIT 1",
]


def warm(dataset: Dataset, store_dir: str | None) -> None:
    """Answer small queries of each kind, the saved queries and KITCHEN_SINK here, before any fork.

    A forked child's work is thrown away, so whatever is built on first use (the grammar's
    parsers, compiled as each rule is first met; rdflib's plugins) would be built again for every
    query: a saved query took 140-290 ms to check in a fresh child, 30 ms once warmed.
    """
    from .saved import saved_queries

    sink = _Sink()
    queries = [("ASK {}", results.SELECT_TYPES), ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", results.SELECT_TYPES),
               ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", results.GRAPH_TYPES)]
    queries += [(q.text, {"application/sparql-results+json": "json"}) for q in saved_queries()]
    queries += [(q, {"application/sparql-results+json": "json", "text/turtle": "turtle"}) for q in KITCHEN_SINK]
    for text, types in queries:
        for media in types:
            answer(dataset, store_dir, Job(text, [media], 1), sink)


class _Sink:
    """Frames that go nowhere, for warm(); a query that fails there will fail, and say why, for its client."""

    def head(self, media_type: str, headers: dict) -> None:
        pass

    def data(self, pieces) -> None:
        for _ in pieces:
            pass

    def end(self) -> None:
        pass

    def error(self, status: int, message: str) -> None:
        pass  # warming up is done either way


def _run(dataset: Dataset, store_dir: str | None, checked, fmt: str, max_rows: int):
    """The answer's text pieces (lazy) and the Capped rows they read, None for ASK."""
    store = dataset.store
    if hasattr(store, "_inner"):  # Oxigraph: ask the engine itself, for rows as it finds them
        inner = ox.Store.read_only(store_dir) if store_dir else store._inner
        # a query marked #kg:data-only reads the data graph alone, as kg query answers it
        answer = inner.query(checked.text, prefixes=PREFIXES, use_default_graph_as_union=on_union(inner, checked.text))
        if isinstance(answer, ox.QueryBoolean):
            return [results.ask(fmt, bool(answer))], None
        if isinstance(answer, ox.QueryTriples):
            capped = results.Capped(((t.subject, t.predicate, t.object) for t in answer), max_rows)
            return results.triples(fmt, capped), capped
        capped = results.Capped(answer, max_rows)
        return results.select(fmt, [v.value for v in answer.variables], capped), capped
    answer = dataset.query(checked.query)
    if answer.type == "ASK":
        return [results.ask(fmt, bool(answer.askAnswer))], None
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        capped = results.Capped(answer.graph, max_rows)
        return results.triples(fmt, capped), capped
    capped = results.Capped(answer, max_rows)
    return results.select(fmt, [str(v) for v in answer.vars], capped), capped


class _Frames:
    def __init__(self, sock: socket.socket):
        self.sock = sock

    def _send(self, kind: bytes, payload: bytes) -> None:
        self.sock.sendall(FRAME.pack(kind, len(payload)) + payload)

    def head(self, media_type: str, headers: dict) -> None:
        self._send(b"H", json.dumps({"media_type": media_type, "headers": headers}).encode())

    def data(self, pieces) -> None:
        buffer, size = [], 0
        for piece in pieces:
            data = piece.encode("utf-8")
            buffer.append(data)
            size += len(data)
            if size >= CHUNK:
                self._send(b"D", b"".join(buffer))
                buffer, size = [], 0
        if buffer:
            self._send(b"D", b"".join(buffer))

    def end(self) -> None:
        self._send(b"E", b"")

    def error(self, status: int, message: str) -> None:
        self._send(b"X", json.dumps({"status": status, "message": message}).encode())


def _close_sockets_but(keep: int) -> None:
    """Close the server's sockets inherited by the fork (its listener, other clients' connections).

    A connection the server closed stays open while any process holds it, so a slow query would
    keep other clients waiting for the end of their answers. Files (an on-disk store) stay open.
    """
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    for name in os.listdir(folder):
        fd = int(name)
        if fd > 2 and fd != keep:
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)
            except OSError:
                pass


def no_new_sockets() -> bool:
    """Forbid this process to create sockets (seccomp); False where the kernel or libseccomp cannot."""
    lib = _seccomp()
    if lib is None:
        return False
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EPERM  # SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(EPERM)
    ctx = lib.seccomp_init(allow)
    if not ctx:
        return False
    try:
        for call in (b"socket", b"io_uring_setup"):
            number = lib.seccomp_syscall_resolve_name(call)
            if number >= 0 and lib.seccomp_rule_add(ctypes.c_void_p(ctx), ctypes.c_uint32(deny),
                                                    ctypes.c_int(number), ctypes.c_uint(0)) != 0:
                return False
        return lib.seccomp_load(ctx) == 0
    finally:
        lib.seccomp_release(ctx)


@functools.cache
def _seccomp() -> ctypes.CDLL | None:
    """libseccomp, looked up once (find_library runs ldconfig: the server does it, not every query)."""
    name = ctypes.util.find_library("seccomp") if sys.platform.startswith("linux") else None
    try:
        lib = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if lib is not None:
        lib.seccomp_init.restype = ctypes.c_void_p
        lib.seccomp_init.argtypes = [ctypes.c_uint32]
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        lib.seccomp_load.argtypes = lib.seccomp_release.argtypes = [ctypes.c_void_p]
    return lib


def network_wall() -> bool:
    """Whether query processes can be walled off from the network here (looks libseccomp up once)."""
    return _seccomp() is not None
