"""The pages a build writes beside its graph: graph.html, timeline.html and map.html, linked together."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .draw import write_full_view
from .netgraph import to_networkx
from .timeline import write_timeline
from .tripmap import write_map
from .trips import trips

PAGE_FILES = {"view": "graph.html", "timeline": "timeline.html", "map": "map.html"}


def write_pages(graph: Graph, paths: dict[str, Path], sources: dict[str, str] | None = None, net=None,
                build: Path | None = None) -> None:
    """Write graph.html, timeline.html and map.html to paths["view"], ["timeline"], ["map"]; they link
    to each other under their final names, and to the article files in `sources` (id → path).
    `net` is the graph's projection if made (kg build's: a storenet.StoreNet); the graph page's
    hints name the `build` folder (by default, the page's)."""
    siblings = {kind: Path(PAGE_FILES[kind]) for kind in paths}
    net = to_networkx(graph, tooltips=False) if net is None else net
    found = trips(graph, net)
    write_full_view(graph, paths["view"], sources=sources, siblings=siblings, net=net, build=build)
    write_timeline(graph, paths["timeline"], sources, siblings, net, found)
    write_map(graph, paths["map"], sources, siblings, net, found)
