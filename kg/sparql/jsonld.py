"""A dataset as JSON-LD, written one named graph at a time, so that a graph of any size is exported in bounded memory.

rdflib's JSON-LD serializer builds the whole document in memory first (and the graph with it); here
each named graph (export.split_by_article's, or the store's split in kg.sparql.split) becomes one
graph object as its turn comes. The document is the one `json.dumps(doc, indent=2, sort_keys=True)`
would write: the project's prefixes as its inline context (a JSON-LD processor reads the file
alone), a node object per subject, its types under "@type", properties and types as compact IRIs
(`kgo:date`, `xsd:date`), node identifiers as full IRIs, a property's one value as a value and
several as a list, literals other than plain strings with their language or datatype.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph as ox

from ..graph.vocab import PREFIXES
from .results import term, written_datatype

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CONTEXT = dict(sorted(PREFIXES.items()))
# the longest namespace first, should one ever hold another
NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
INDENT = "    "  # a graph object's depth in the document: {"@graph": [ here


def write_jsonld(graphs: Iterable[tuple[str, list[str]]], out: TextIO) -> None:
    """Write (graph name, its triples as N-Triples lines) pairs, in the order given, as one JSON-LD document."""
    head = json.dumps({"@context": CONTEXT}, ensure_ascii=False, indent=2, sort_keys=True)
    out.write(head[:-2] + ',\n  "@graph": [')
    first = True
    for name, lines in graphs:
        text = json.dumps(graph_object(name, lines), ensure_ascii=False, indent=2, sort_keys=True)
        out.write(("\n" if first else ",\n") + INDENT + text.replace("\n", "\n" + INDENT))
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def graph_object(name: str, lines: list[str]) -> dict:
    """One named graph: its name and a node object for each subject, in the order the lines first give them."""
    triples = ((q.subject, q.predicate, q.object) for q in ox.parse(input="".join(lines), format=ox.RdfFormat.N_TRIPLES))
    return {"@id": name, "@graph": node_objects(triples)}


def document(triples: Iterable) -> str:
    """A graph (a CONSTRUCT's answer, say) as one JSON-LD document with the prefixes as its context."""
    doc = {"@context": CONTEXT, "@graph": node_objects(triples)}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def node_objects(triples: Iterable) -> list[dict]:
    """A node object for each subject of (s, p, o) triples of rdflib or Oxigraph terms, in the order the
    subjects first come."""
    nodes: dict[str, dict] = {}
    for t in triples:
        s, p, o = map(term, t)
        node = nodes.setdefault(_ident(s), {"@id": _ident(s)})
        if p[1] == TYPE and o[0] != "literal":
            key, value = "@type", _ident(o) if o[0] == "bnode" else compact(o[1])
        else:
            key, value = compact(p[1]), _value(o)
        if key not in node:
            node[key] = value
        elif isinstance(node[key], list):
            node[key].append(value)
        else:
            node[key] = [node[key], value]
    return list(nodes.values())


def compact(iri: str) -> str:
    """An IRI as prefix:rest when a prefix of the context covers it; else whole. A rest beginning with
    "//" is left whole, as JSON-LD would read prefix://… as an absolute IRI."""
    for ns, prefix in NAMESPACES:
        if iri.startswith(ns) and not iri.startswith("//", len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _ident(t: tuple) -> str:
    return "_:" + t[1] if t[0] == "bnode" else t[1]


def _value(t: tuple):
    if t[0] != "literal":
        return {"@id": _ident(t)}
    if t[2]:
        return {"@language": t[2], "@value": t[1]}
    datatype = written_datatype(t)
    return {"@type": compact(datatype), "@value": t[1]} if datatype else t[1]
