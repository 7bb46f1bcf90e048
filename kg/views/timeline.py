"""timeline.html: one row per official, one bar per trip from its first to its last day, coloured by
region, with the trip's events; a click shows the trip's evidence and articles (vis-timeline, inlined)."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .netgraph import to_networkx
from .page import LegendItem, Page, article_index, plural, region_colors, render, sibling_links, write
from .trips import Trip, latest, trips

SCRIPTS = ["vis-timeline-graph2d.min.js", "common.js", "timeline.js"]


def write_timeline(graph: Graph, path: Path, sources: dict[str, str] | None = None,
                   siblings: dict[str, Path] | None = None, net: nx.MultiDiGraph | None = None,
                   found: list[Trip] | None = None) -> int:
    """Write the timeline of the graph's dated visits to path; returns the number of trips drawn.
    `net` and `found` (the projection and its trips) save recomputing them for several pages."""
    net = to_networkx(graph, tooltips=False) if net is None else net
    every = trips(graph, net) if found is None else found
    found = latest(every, graph, net)
    colors = region_colors([t.region for t in found])
    people = len({t.principal for t in found})
    subtitle = (f"{len(found)} {plural(len(found), 'поездка', 'поездки', 'поездок')}, "
                f"{people} {plural(people, 'человек', 'человека', 'человек')}"
                + (f", {found[0].start} – {max(t.end for t in found)}" if found else ""))
    counts = Counter(t.region for t in found)
    page = Page("Поездки во времени", subtitle, links=sibling_links("timeline", siblings),
                notes=([] if found else ["В графе нет рабочих поездок с датами."]) + (
                    [f"Показаны последние {len(found)} {plural(len(found), 'поездка', 'поездки', 'поездок')} из {len(every)}, "
                     f"с {found[0].start}; "
                     "остальные — в kg query build visits-by-person."] if len(found) < len(every) else []),
                legend=[LegendItem(r, r, colors[r], "bar", counts[r]) for r in sorted(counts)],
                legend_title="Регионы",
                legend_help="Строка — человек, полоса — поездка с первого по последний день, точки — её события.")
    wanted = {a for t in found for a in t.articles} | {e["article"] for t in found for e in t.evidence}
    data = {"kg-config": {"graph": siblings["view"].name if siblings and "view" in siblings else "",
                          "start": found[0].start if found else "2000-01-01",
                          "end": max(t.end for t in found) if found else "2000-01-01"},
            "kg-trips": [dict(asdict(t), color=colors[t.region]) for t in found],
            "kg-articles": article_index(graph, net, wanted, sources, path)}
    write(path, render("timeline.html", page, data, SCRIPTS, styles=["vis-timeline-graph2d.min.css"]))
    return len(found)
