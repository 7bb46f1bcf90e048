"""Helpers shared by subcommands: loading a built graph."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .main import UserError


def formatter():
    return argparse.RawDescriptionHelpFormatter


def add_store_arguments(p) -> None:
    """--backend and --store, shared by the commands that open a graph for SPARQL."""
    p.add_argument("--backend", choices=["oxigraph", "rdflib"], default="oxigraph",
                   help="embedded SPARQL engine (default: oxigraph, the faster one)")
    p.add_argument("--store", type=Path, metavar="DIR",
                   help="keep an on-disk Oxigraph store in DIR, reloaded only when the graph changes")


def check_store_arguments(args) -> None:
    if args.store and args.backend != "oxigraph":
        raise UserError("--store needs the oxigraph backend")


def graph_file(path: str) -> Path:
    """graph.ttl of a build directory, or the given .ttl file."""
    p = Path(path)
    ttl = p / "graph.ttl" if p.is_dir() else p
    if not ttl.is_file():
        raise UserError(f"no graph at {path} (expected a build directory or a .ttl file)")
    return ttl


# rdflib holds a parsed graph in about this many bytes for each byte of kg's Turtle: the 453 MB graph.ttl
# of 30,000 articles (5,963,052 triples) peaked at 8,269 MB and took 292 s (bench/RESULTS.md)
RDFLIB_BYTES_PER_TURTLE_BYTE = 18
TOLD_ABOVE = 1 << 30  # bytes of memory a load may take before the command says it is reading


def load_graph(path: str, with_ontology: bool = False, instead: str = ""):
    """A built graph (an rdflib Graph), optionally with the ontology loaded beside it for subclass paths.
    A graph that would not fit in the memory free is refused before it is read, with `instead`: what to
    do with a graph that size (kg query, serve and view read a streamed build's store)."""
    from ..graph.rdf import load_ontology, new_graph  # rdflib: only the commands that read a graph

    ttl = graph_file(path)
    size = ttl.stat().st_size
    need = size * RDFLIB_BYTES_PER_TURTLE_BYTE
    free = available_memory()
    if free is not None and need > free:
        raise UserError(f"{ttl} ({_size(size)}) would take about {_size(need)} of memory read whole, "
                        f"and {_size(free)} is free. {instead}".rstrip())
    if need > TOLD_ABOVE:
        print(f"kg: reading {ttl} ({_size(size)}) into memory, about {_size(need)}: this takes minutes",
              file=sys.stderr, flush=True)
    g = new_graph()
    try:
        g.parse(ttl, format="turtle")
    except Exception as e:  # rdflib raises parser-specific exception types
        raise UserError(f"cannot parse {ttl}: {e}") from None
    if with_ontology:
        load_ontology(g)
    return g


def built_store(path: str):
    """A streamed build's own store, read-only (kg.sparql.store.built_store); None for a graph file or an
    in-memory build."""
    from ..sparql.store import StoreError
    from ..sparql.store import built_store as open_built

    try:
        return open_built(path)
    except StoreError as e:
        raise UserError(str(e)) from None


def graph_and_net(path: str, instead: str):
    """The graph and its projection for views and networks: a streamed build's are read from its store as
    they are asked (kg build draws its pages so), where loading graph.ttl into memory took 8.5 GB at 30k
    articles; otherwise the graph file in memory (load_graph, with `instead`), projected when used (None)."""
    from ..graph.storegraph import StoreGraph
    from ..views.storenet import StoreNet

    store = built_store(path)
    if store is None:
        return load_graph(path, instead=instead), None
    return StoreGraph(store), StoreNet(store)


def available_memory() -> int | None:
    """Bytes of memory the system can give without swapping (Linux's MemAvailable); None elsewhere."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MB"
