"""One self-contained HTML page of a network, written by pyvis with the project's own template.

pyvis 0.3.2's template loads Bootstrap from a CDN and writes node ids and the heading unescaped,
so kg renders `templates/graph.html` instead: vis-network inlined, article text only as JSON
read by a static script, and a Content-Security-Policy that blocks every request and inline handler.
"""
from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from ..files import write_atomic
from .netgraph import EVENT_GROUPS, GROUPS, group_label

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"

# Colour (Tableau 10, distinct for colour-blind readers too) and vis-network shape by node group.
STYLE = {
    "person": ("#4e79a7", "dot"), "place": ("#59a14f", "triangle"), "organization": ("#f28e2b", "hexagon"),
    "visit": ("#e15759", "star"), "meeting": ("#b07aa1", "diamond"), "sitevisit": ("#9c755f", "triangleDown"),
    "event": ("#ff9da7", "diamond"), "topic": ("#76b7b2", "dot"), "article": ("#bab0ac", "square"),
}
MENTION_LENGTH = 260
MAX_LABEL = 60
# vis-network's improvedLayout (Kamada-Kawai seeding) untangles small graphs; on 1,419 nodes it was
# no faster (3.4-4.6 s to settle against 2.7-4.5 s) and blocked the tab longer (0.43 s against 0.25-0.39 s).
IMPROVED_LAYOUT_MAX = 150


@dataclass
class Page:
    """What a page says around the network: its title, a subtitle and notes for the reader."""
    title: str
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    focus: str | None = None  # a node to select and describe once the layout has settled


def render_page(net: nx.MultiDiGraph, page: Page) -> str:
    """The HTML text of a page showing `net` (from netgraph.to_networkx or a part of it)."""
    vis = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    # Filling the lists directly: add_node/add_edge check every id against a list (quadratic).
    vis.nodes = [_vis_node(node, data, net.degree(node)) for node, data in net.nodes(data=True)]
    vis.edges = _vis_edges(net)
    vis.options = vis_options(net.number_of_nodes())
    vis.set_template_dir(str(TEMPLATES), "graph.html")
    vis.templateEnv = _environment()
    vis.templateEnv.globals.update(page=page, legend=_legend(net), assets=assets(), vis_options=vis.options)
    return vis.generate_html()


def write_page(net: nx.MultiDiGraph, page: Page, path: Path) -> None:
    """Write the page as UTF-8 through a temporary file, so a reader never sees half a page."""
    write_atomic(Path(path), render_page(net, page).encode("utf-8"))


def vis_options(n_nodes: int) -> dict:
    """vis-network options: physics that settles within a few seconds and is then switched off."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "widthConstraint": {"maximum": 170},
                  "scaling": {"min": 8, "max": 36,
                              "label": {"enabled": True, "min": 13, "max": 24, "drawThreshold": 5}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#777777"},
                  "font": {"size": 10, "color": "#666666", "strokeWidth": 3, "align": "middle"},
                  "width": 1, "selectionWidth": 2},
        "groups": {g: {"color": {"background": c, "border": _darker(c),
                                 "highlight": {"background": c, "border": "#222222"}}, "shape": s}
                   for g, (c, s) in STYLE.items()},
        "physics": {"solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -120, "centralGravity": 0.01,
                                         "springLength": 120, "springConstant": 0.05, "avoidOverlap": 0.6},
                    "stabilization": {"enabled": True, "iterations": stabilization_iterations(n_nodes),
                                      "updateInterval": 10, "fit": True},
                    "minVelocity": 1.0, "timestep": 0.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "hideEdgesOnDrag": n_nodes > 500, "hideEdgesOnZoom": n_nodes > 500},
    }


def stabilization_iterations(n_nodes: int) -> int:
    """Fewer physics steps for bigger graphs, so the layout is done in seconds at the node cap."""
    return 400 if n_nodes <= 300 else 200 if n_nodes <= 1000 else 120


@lru_cache(maxsize=1)
def assets() -> dict[str, Markup]:
    """The inlined vis-network script and CSS, our script, and the CSP that allows only them."""
    vis_js = (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8")
    app_js = (TEMPLATES / "graph.js").read_text(encoding="utf-8")
    for name, text in (("vis-network.min.js", vis_js), ("graph.js", app_js)):
        if "</script" in text.lower():  # would end the inline <script> element early
            raise ValueError(f"{name} cannot be inlined: it contains </script")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
                      for t in (vis_js, app_js))
    csp = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"
    return {"vis_js": Markup(vis_js), "app_js": Markup(app_js), "csp": Markup(csp),
            "vis_css": Markup((VIS_LIB / "vis-network.css").read_text(encoding="utf-8"))}


def _environment() -> Environment:
    # autoescape: anything from an article that reaches HTML text or attributes is escaped
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def _vis_node(node: str, data: dict, degree: int) -> dict:
    label = data["label"]
    if len(label) > MAX_LABEL:  # the whole label is in the tooltip and the details panel
        label = label[:MAX_LABEL - 1].rstrip() + "…"
    if data.get("date") and data["type"] in EVENT_GROUPS:
        label = f"{label}\n{data['date']}"
    # vis-network scales size and label linearly in `value`: the square root keeps hubs from
    # dwarfing everything; topics are many and secondary, so they stay small.
    value = math.sqrt(degree) * (0.5 if data["type"] in ("topic", "article") else 1.0)
    return {"id": node, "label": label, "title": data["tooltip"], "group": data["type"],
            "value": round(value, 2), "search": data["label"]}


def _vis_edges(net: nx.MultiDiGraph) -> list[dict]:
    """One drawn edge per ordered pair, labelled with all its relations (straight edges would overlap).

    An article's mention of something that an event from the same article already links is not
    drawn: the path article–event–entity shows it, and an article that mentions dozens of things
    would otherwise pull the whole graph into one knot around itself.
    """
    shown_by_event = _mentions_shown_by_events(net)
    pairs: dict[tuple[str, str], list[str]] = {}
    for u, v, key, data in net.edges(keys=True, data=True):
        if key == "mentions" and (u, v) in shown_by_event:
            continue
        labels = pairs.setdefault((u, v), [])
        if data["label"] not in labels:
            labels.append(data["label"])
    edges = []
    for (u, v), labels in pairs.items():
        edge = {"from": u, "to": v, "label": ", ".join(labels), "title": ", ".join(labels)}
        if net.nodes[u]["type"] == "article":
            edge.update(length=MENTION_LENGTH, color={"color": "#dddddd", "highlight": "#888888"})
        edges.append(edge)
    return edges


def _mentions_shown_by_events(net: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """(article, entity) pairs joined through an event that cites the article and links the entity."""
    pairs = set()
    for event, group in net.nodes(data="type"):
        if group not in EVENT_GROUPS:
            continue
        out = list(net.out_edges(event, keys=True))
        articles = [v for _, v, key in out if key == "wasDerivedFrom"]
        pairs.update((a, v) for a in articles for _, v, key in out if key != "wasDerivedFrom")
    return pairs


def _legend(net: nx.MultiDiGraph) -> list[dict]:
    counts: dict[str, int] = {}
    for _, group in net.nodes(data="type"):
        counts[group] = counts.get(group, 0) + 1
    return [{"group": g, "label": group_label(g), "color": STYLE[g][0], "shape": STYLE[g][1],
             "count": counts.get(g, 0)} for g, _ in GROUPS]


def _darker(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#%02x%02x%02x" % (int(r * 0.7), int(g * 0.7), int(b * 0.7))
