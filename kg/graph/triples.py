"""The build's graph as a set of N-Triples-encoded triples: compact, fast to add, easy to sort.

rdflib's memory store costs ~12 µs and ~1.3 kB a triple (16 GB for 100k articles); a set of
string triples costs ~1 µs and a tenth of the memory, and sorting it gives the same Turtle
whatever the order the facts came in. Subjects and predicates are kept as bare IRIs; an object
is a bare IRI or an N-Triples literal, which always starts with a quote.

A graph larger than memory is written in sorted runs on disk (SortedRuns) and merged back in
order, so that its Turtle is the same as if it had been sorted whole.
"""
from __future__ import annotations

import heapq
import marshal
import re
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# what may not stand raw inside a quoted literal, with its N-Triples escape (also valid Turtle)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_ESCAPES.update({chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if chr(c) not in _ESCAPES and c != 0x09})
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def _escape(value: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], value) if _NEEDS_ESCAPE.search(value) else value


Triple = tuple[str, str, str]


class Triples:
    """A deduplicated set of triples with literal encoders; equal terms share one string object."""

    def __init__(self):
        self._set: set[Triple] = set()
        # each term's one string, looked up by the term (a str or an rdflib URIRef) or its text
        self._terms: dict[str, str] = {}

    def add(self, s: str, p: str, o: str) -> None:
        """Add a triple of IRIs (str or rdflib URIRef) or, as object, an encoded literal."""
        terms = self._terms
        self._set.add((terms.get(s) or self._intern(s), terms.get(p) or self._intern(p),
                       terms.get(o) or self._intern(o)))

    def _intern(self, term: str) -> str:
        text = str(term)  # an rdflib URIRef never equals a str: it is a key of its own
        canonical = self._terms[term] = self._terms.setdefault(text, text)
        return canonical

    def text(self, value: str, lang: str | None = None) -> str:
        """A string literal, with a language tag if given."""
        encoded = f'"{_escape(value)}"' + (f"@{lang}" if lang else "")
        return self._terms.setdefault(encoded, encoded)

    def typed(self, lexical: str, datatype: str) -> str:
        """A literal of an XSD datatype ('date', 'integer', 'boolean') from its lexical form."""
        encoded = f'"{lexical}"^^<{XSD}{datatype}>'
        return self._terms.setdefault(encoded, encoded)

    def integer(self, n: int) -> str:
        return self.typed(str(n), "integer")

    def date(self, iso: str) -> str:
        return self.typed(iso, "date")

    def decimal(self, x: float, places: int) -> str:
        """An xsd:decimal rounded to places, in its canonical form: «55.819», not «55.8190». Oxigraph (and so
        a build's store) keeps a decimal as its value and gives back that form, so graph.ttl and every
        export from the store hold the same literal."""
        text = f"{x:.{places}f}".rstrip("0").rstrip(".")
        return self.typed("0" if text == "-0" else text, "decimal")

    def boolean(self, b: bool) -> str:
        return self.typed("true" if b else "false", "boolean")

    def __len__(self) -> int:
        return len(self._set)

    def sorted(self) -> Iterator[Triple]:
        """The triples by subject, predicate, object: the order that makes the output reproducible."""
        return iter(sorted(self._set))

    def clear(self) -> None:
        """Free the triples (the build writes them once, then loads the file into a store)."""
        self._set.clear()
        self._terms.clear()


class SortedRuns:
    """Sorted runs of triples in files of a folder, merged back into one sorted, deduplicated stream.

    The merge holds one record of every run it reads at once, so it reads at most FAN_IN runs at a
    time: past that, the oldest runs are first merged into one. A 1M-article build writes about 100
    runs of 2 M triples; in a scratch merge of 100 runs, records of 4,096 triples held 121 MB at
    once, those of 512 16 MB (bench/RESULTS.md, thirteenth session).
    """

    BLOCK = 512  # triples a run file holds per record: what the merge keeps in memory of each run
    FAN_IN = 128  # runs merged at once: 128 records of 512 triples are about 20 MB

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[Path] = []
        self._made = 0

    def spill(self, triples: Triples) -> None:
        """Write the triples to a new run, sorted, and empty the set."""
        self._write(triples.sorted())
        triples.clear()

    def merged(self, rest: Triples) -> Iterator[Triple]:
        """Every triple of the runs and of `rest`, sorted, each once; the run files are deleted after."""
        return self.merged_with(rest.sorted())

    def merged_with(self, rest: Iterator) -> Iterator:
        """Every item of the runs and of `rest` (sorted, each once), sorted, each once; the run files are
        deleted after."""
        if not self.files:
            yield from rest
            return
        while len(self.files) >= self.FAN_IN:  # `rest` takes the last place of the final merge
            # as few runs as bring the count under FAN_IN: each is written again
            count = min(self.FAN_IN, len(self.files) - self.FAN_IN + 2)
            oldest, self.files = self.files[:count], self.files[count:]
            self._write(_unique(heapq.merge(*map(_read_run, oldest))))
            for path in oldest:
                path.unlink()
        yield from _unique(heapq.merge(*map(_read_run, self.files), rest))
        for path in self.files:
            path.unlink(missing_ok=True)
        self.files = []
        self.folder.rmdir()

    def _write(self, triples: Iterator[Triple]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"run-{self._made:05d}.bin"
        self._made += 1
        with open(path, "wb") as out:
            block: list[Triple] = []
            for triple in triples:
                block.append(triple)
                if len(block) == self.BLOCK:
                    _dump(block, out)
                    block = []
            _dump(block, out)
        self.files.append(path)


def sorted_unique(items: Iterable, folder: Path, held: int) -> Iterator:
    """The items (strings, or tuples of them) sorted, each once, holding at most `held` of them at a time:
    each `held` items are sorted into a run in folder, and the runs are merged."""
    runs, run = SortedRuns(folder), set()
    for item in items:
        run.add(item)
        if len(run) >= held:
            runs._write(iter(sorted(run)))
            run = set()
    return runs.merged_with(iter(sorted(run)))


def _unique(triples: Iterator[Triple]) -> Iterator[Triple]:
    """A sorted stream without its repeats."""
    last = None
    for triple in triples:
        if triple != last:
            yield triple
            last = triple


# A run's record is its length (4 bytes, little-endian) and a marshalled block of triples. marshal.load
# reads a file a few bytes at a time, through the file's Python methods: 11 times slower than one
# read of the record and marshal.loads (a tenth of a 10k rebuild's time went to it; bench/RESULTS.md).
RECORD_SIZE = struct.Struct("<I")


def _dump(block: list[Triple], out) -> None:
    data = marshal.dumps(block)
    out.write(RECORD_SIZE.pack(len(data)))
    out.write(data)


def _read_run(path: Path) -> Iterator[Triple]:
    with open(path, "rb") as f:
        while size := f.read(RECORD_SIZE.size):
            yield from marshal.loads(f.read(RECORD_SIZE.unpack(size)[0]))
