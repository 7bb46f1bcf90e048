"""Helpers shared by subcommands: loading a built graph."""
from __future__ import annotations

import argparse
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


def load_graph(path: str, with_ontology: bool = False):
    """A built graph (an rdflib Graph), optionally with the ontology loaded beside it for subclass paths."""
    from ..graph.rdf import load_ontology, new_graph  # rdflib: only the commands that read a graph

    ttl = graph_file(path)
    g = new_graph()
    try:
        g.parse(ttl, format="turtle")
    except Exception as e:  # rdflib raises parser-specific exception types
        raise UserError(f"cannot parse {ttl}: {e}") from None
    if with_ontology:
        load_ontology(g)
    return g
