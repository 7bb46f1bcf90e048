"""Named graphs as kg writes them: Part (a graph's name and its sorted N-Triples lines), the parts of
an rdflib Dataset, and the writer of N-Quads, TriG and JSON-LD from parts, one graph at a time. The
same parts come from a graph in memory (export.split_by_article, graph_parts) and from a streamed
build's store (split.StoreSplit), so both give the same bytes."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from .jsonld import write_jsonld
from .results import nt_term, term


@dataclass
class Part:
    """One named graph to upload: its name and its triples as N-Triples lines, sorted."""
    name: str
    lines: list[str]

    @property
    def blank(self) -> bool:
        """Whether a triple has a blank node (a blank node's label means one node only within a request)."""
        return any(line.startswith("_:") or " _:" in line for line in self.lines)


def nt_line(s, p, o) -> str:
    """A triple of rdflib or Oxigraph terms as one N-Triples line."""
    return f"{nt_term(term(s))} {nt_term(term(p))} {nt_term(term(o))} .\n"


def graph_parts(dataset) -> list[Part]:
    """The non-empty named graphs of an rdflib Dataset (export.split_by_article's), in name order."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    parts = []
    for g in sorted((g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)),
                    key=lambda g: str(g.identifier)):
        parts.append(Part(str(g.identifier), sorted(nt_line(*t) for t in g)))
    return parts


def write_dataset(parts: Iterable[Part], out: TextIO, fmt: str) -> None:
    """Named graphs, in the order given, as N-Quads (fmt "nquads"), TriG ("trig": each graph a block of its
    N-Triples lines, which are Turtle) or JSON-LD ("jsonld", kg.sparql.jsonld), one graph at a time: a
    StoreSplit's from a streamed build's store, or graph_parts' from a graph in memory, the same bytes."""
    if fmt == "jsonld":
        write_jsonld(((part.name, part.lines) for part in parts), out)
        return
    for part in parts:
        if fmt == "trig":
            out.write(f"<{part.name}> {{\n")
            out.writelines(part.lines)
            out.write("}\n\n")
        else:
            graph = f" <{part.name}> .\n"
            out.writelines(line[:-3] + graph for line in part.lines)  # a line ends in " .\n"
