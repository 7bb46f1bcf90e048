"""The interactive views: the whole graph up to a node cap, one entity's neighbourhood, one visit.

Each view picks part of the netgraph projection, lays it out (layout.py) and writes it as a
self-contained page (page.py, templates/graph.*) that the browser draws with physics off;
above NODE_CAP the full view keeps the most connected nodes and says what it left out.
"""
from __future__ import annotations

import heapq
import itertools
import math
import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..graph.vocab import ID
from . import DEFAULT_DEPTH, NODE_CAP
from .layout import positions
from .netgraph import (
    EVENT_GROUPS,
    GROUPS,
    add_tooltips,
    group_label,
    short_id,
    to_networkx,
)
from .page import STYLE, LegendItem, Page, article_index, plural, render, sibling_links, write

MAX_LABEL = 60
MAX_LABELS = 150  # labels drawn at once: the most connected nodes whose labels do not overlap
HIDDEN_IN_ENTITY_VIEWS = ("article",)  # a person's or a place's articles: one click on the legend
GRAPH_SCRIPTS = ["vis-network.min.js", "common.js", "graph.js"]


class ViewError(LookupError):
    """A focus name or visit id that is not in the graph; the message lists candidates."""


@dataclass
class Written:
    """What a view shows: its nodes and edges, out of how many nodes in the part it was cut from."""
    nodes: int
    edges: int
    of_nodes: int


def write_full_view(graph: Graph, path: Path, cap: int = NODE_CAP, sources: dict[str, str] | None = None,
                    siblings: dict[str, Path] | None = None, net: nx.MultiDiGraph | None = None,
                    build: Path | None = None) -> Written:
    """The whole graph; above `cap` nodes its most connected part, with a note on what is left out.

    `sources` maps article ids to their text files (for links to the evidence), `siblings` the
    build's other pages by kind (for links between them); `net` is the graph's projection if made
    (a storenet.StoreNet for a graph too big to project whole); the hints name the `build`
    folder (by default, the page's folder).
    """
    net = to_networkx(graph, tooltips=False) if net is None else net
    shown = most_connected(net, cap)
    notes, hints = [], []
    if shown.number_of_nodes() < net.number_of_nodes():
        notes, hints = _left_out_notes(net, shown, build or Path(path).parent)
    page = Page("Граф визитов", _summary(shown, net), notes, hints, links=sibling_links("view", siblings))
    write_graph_page(graph, net, shown, page, path, sources=sources)
    return _written(shown, net)


def write_focus_view(graph: Graph, path: Path, name: str, depth: int = DEFAULT_DEPTH,
                     cap: int = NODE_CAP, sources: dict[str, str] | None = None,
                     net: nx.MultiDiGraph | None = None) -> Written:
    """The neighbourhood of a person, place, organization or event found by its name or id; `net` as
    for write_full_view."""
    net = to_networkx(graph, tooltips=False) if net is None else net
    focus = find_node(net, name)
    part = ego_subgraph(net, focus, depth, light=True)
    shown = most_connected(part, cap, keep=focus)
    if not isinstance(net, nx.MultiDiGraph):  # the nodes drawn with their data, read for them alone
        shown = net.subgraph(shown)
    notes = [] if shown.number_of_nodes() == part.number_of_nodes() else [
        f"Окрестность слишком велика: показаны {shown.number_of_nodes()} самых связанных узлов "
        f"из {part.number_of_nodes()}. Уменьшите --depth, чтобы увидеть её целиком."]
    data = net.nodes[focus]
    page = Page(f"{data['label']}: окрестность", f"{data['kind']}, глубина {depth}; " + _summary(shown, part),
                notes, focus=focus)
    hidden = HIDDEN_IN_ENTITY_VIEWS if data["type"] in ("person", "place") else ()
    write_graph_page(graph, net, shown, page, path, hidden=hidden, sources=sources)
    return _written(shown, part)


def write_visit_view(graph: Graph, path: Path, visit_id: str, sources: dict[str, str] | None = None,
                     net: nx.MultiDiGraph | None = None) -> Written:
    """One visit with its parts (meetings, site visits) and who and what they involve; `net` as for
    write_full_view."""
    net = to_networkx(graph, tooltips=False) if net is None else net
    visit = find_visit(net, visit_id)
    part = visit_subgraph(net, visit)
    data = net.nodes[visit]
    page = Page(data["label"], f"{data['kind']}, {data['date'] or 'дата неизвестна'}; " + _summary(part, part),
                focus=visit)
    write_graph_page(graph, net, part, page, path, sources=sources)
    return _written(part, part)


def _written(shown: nx.MultiDiGraph, whole: nx.MultiDiGraph) -> Written:
    return Written(shown.number_of_nodes(), shown.number_of_edges(), whole.number_of_nodes())


def most_connected(net: nx.MultiDiGraph, cap: int, keep: str | None = None) -> nx.MultiDiGraph:
    """At most `cap` nodes grown from the busiest node (or `keep`), always taking the best-linked
    neighbour next, so the part shown is connected; `net` itself when it is small enough.

    Links to articles do not count: every article is a hub of mentions, but a reader wants the
    events, people and places, and the tooltips still name the articles.
    """
    if net.number_of_nodes() <= cap:
        return net if isinstance(net, nx.MultiDiGraph) else net.subgraph(net)

    def rank(node: str) -> tuple[int, int, str]:
        return -_content_degree(net, node), -net.degree(node), node

    chosen: set[str] = set()
    # a seed is either chosen already or adds a node, so 2 * cap seeds are all that can be used
    for seed in heapq.nsmallest(2 * cap, net, key=lambda n: (n != keep, rank(n))):
        if len(chosen) >= cap:
            break
        heap = [] if seed in chosen else [(rank(seed), seed)]
        queued = {seed}
        while heap and len(chosen) < cap:
            _, node = heapq.heappop(heap)
            chosen.add(node)
            for other in nx.all_neighbors(net, node):
                if other not in chosen and other not in queued:
                    queued.add(other)
                    heapq.heappush(heap, (rank(other), other))
            if len(heap) > 2 * cap:  # only the next cap - len(chosen) can still be taken
                heap = heapq.nsmallest(cap - len(chosen), heap)
                queued = {n for _, n in heap}
    return _induced(net, chosen)


def _induced(net, nodes: set[str], light: bool = False) -> nx.MultiDiGraph:
    """The subgraph on nodes, its nodes and edges in net's order: a copy of net.subgraph(nodes)
    follows the hash order of the set, and a capped page changed from one run to the next. `light`:
    a StoreNet's nodes with their type alone."""
    if not isinstance(net, nx.MultiDiGraph):
        return net.subgraph(nodes, light)  # a StoreNet makes it in that order itself
    part = nx.MultiDiGraph()
    part.add_nodes_from((n, d) for n, d in net.nodes(data=True) if n in nodes)
    part.add_edges_from((u, v, k, d) for u, v, k, d in net.edges(keys=True, data=True) if u in nodes and v in nodes)
    return part


def _content_degree(net: nx.MultiDiGraph, node: str) -> int:
    if net.nodes[node]["type"] == "article":
        return 0
    if not isinstance(net, nx.MultiDiGraph):
        return net.content_degree(node)  # a StoreNet counted them when it read the edges
    return sum(1 for u, v in itertools.chain(net.in_edges(node), net.out_edges(node))
               if net.nodes[u]["type"] != "article" and net.nodes[v]["type"] != "article")


def ego_subgraph(net: nx.MultiDiGraph, focus: str, depth: int, light: bool = False) -> nx.MultiDiGraph:
    """Nodes within `depth` links of focus, either direction; articles are reached but not crossed.

    An article links everything it mentions, so walking through it would pull in unrelated people.
    `light`: from a StoreNet, each node's type alone: reading every node's data from the store made a
    focus view of 19,449 nodes at 30k articles, 1,500 of them drawn, take 34 s instead of 28.
    """
    seen, frontier = {focus}, [focus]
    for _ in range(depth):
        step = []
        for node in frontier:
            if node != focus and net.nodes[node]["type"] == "article":
                continue
            for other in nx.all_neighbors(net, node):
                if other not in seen:
                    seen.add(other)
                    step.append(other)
        frontier = step
    return _induced(net, seen, light)


def visit_subgraph(net: nx.MultiDiGraph, visit: str) -> nx.MultiDiGraph:
    """A visit, every event part of it (transitively), and their direct neighbours."""
    events = {visit}
    frontier = [visit]
    while frontier:
        parts = [u for node in frontier for u, _, key in net.in_edges(node, keys=True)
                 if key == "partOf" and u not in events]
        events.update(parts)
        frontier = parts
    nodes = set(events)
    for event in events:
        nodes.update(nx.all_neighbors(net, event))
    return _induced(net, nodes)


def find_node(net: nx.MultiDiGraph, name: str) -> str:
    """The node named `name`, or by IRI or short id. Case and ё do not matter, and words may be
    parts of the label in any order when that picks one node of the first type that matches."""
    for node in (name, str(ID) + name):
        if node in net:
            return node
    wanted = _norm(name)
    words = wanted.split()
    exact, partial = [], []
    for n, data in _nodes_labelled(net, lambda text: all(w in _norm(text) for w in words)):
        label = _norm(data["label"])
        if label == wanted:
            exact.append(n)
        if all(w in label for w in words):
            partial.append(n)
    order = [group for group, _ in GROUPS]
    for found in (exact, partial):
        best = min((order.index(net.nodes[n]["type"]) for n in found), default=None)
        first_type = sorted(n for n in found if order.index(net.nodes[n]["type"]) == best)
        if len(first_type) == 1 or (found is exact and first_type):
            return first_type[0]
    labels = sorted({net.nodes[n]["label"] for n in partial}) or _close_labels(net, name)
    hint = f"; did you mean: {'; '.join(labels[:8])}" if labels else ""
    raise ViewError(f"no single node named {name!r}{hint}")


def _close_labels(net: nx.MultiDiGraph, name: str, cutoff: float = 0.6) -> list[str]:
    """The labels of the graph's nodes most like `name` (difflib's measure: a typo), at most eight."""
    matcher = SequenceMatcher()
    matcher.set_seq2(name)

    def close(text: str) -> bool:  # get_close_matches's test of one text
        matcher.set_seq1(text)
        return matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff

    labels = {data["label"] for _, data in _nodes_labelled(net, close)}
    return get_close_matches(name, sorted(labels), n=8, cutoff=cutoff)


def _nodes_labelled(net: nx.MultiDiGraph, test) -> Iterable[tuple[str, dict]]:
    """(node, data) of every node whose label may pass `test`, and maybe others: a store's are those one
    of whose label texts passes (StoreNet.labelled), not every node's label read from the store one by
    one (3.2 s at 30k articles for a name, 3.8 more for a mistyped one's suggestions)."""
    return net.nodes(data=True) if isinstance(net, nx.MultiDiGraph) else net.labelled(test)


def find_visit(net: nx.MultiDiGraph, visit_id: str) -> str:
    """The visit (or other event) with this IRI, short id ('event/…') or hash."""
    for node in (visit_id, str(ID) + visit_id, f"{ID}event/{visit_id}"):
        if node in net and net.nodes[node]["type"] in EVENT_GROUPS:
            return node
    visits = sorted((d["date"], short_id(n), d["label"]) for n, d in net.nodes(data=True) if d["type"] == "visit")
    listing = "\n".join(f"  {i}  {date or '—'}  {label}" for date, i, label in visits[:30])
    raise ViewError(f"no visit {visit_id!r}; visits in the graph:\n{listing}" if visits
                    else f"no visit {visit_id!r}; the graph has no visits")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _summary(shown: nx.MultiDiGraph, whole: nx.MultiDiGraph) -> str:
    n, total = shown.number_of_nodes(), whole.number_of_nodes()
    nodes = f"{n} {plural(n, 'узел', 'узла', 'узлов')}" if n == total else f"{n} из {total} узлов"
    m = shown.number_of_edges()
    return f"{nodes}, {m} {plural(m, 'связь', 'связи', 'связей')}"


def _left_out_notes(net: nx.MultiDiGraph, shown: nx.MultiDiGraph, build: Path) -> tuple[list[str], list[str]]:
    """What the capped full view leaves out, and the commands that show it."""
    # one walk over the nodes with their data, keeping none: a StoreNet reads them from the store for it
    by_group, person, best = Counter(), None, None
    for node, data in net.nodes(data=True):
        if node not in shown:
            by_group[data["type"]] += 1
            if data["type"] == "person" and (best is None or (net.degree(node), node) > best):
                person, best = node, (net.degree(node), node)
    parts = ", ".join(f"{group_label(g).lower()}: {by_group[g]}" for g, _ in GROUPS if by_group[g])
    notes = [f"Граф велик для одной страницы: показаны {shown.number_of_nodes()} самых связанных узлов "
             f"из {net.number_of_nodes()}. Не показаны {sum(by_group.values())} ({parts}).",
             "Их можно увидеть в окрестности человека, места или организации, или по одной поездке:"]
    example = net.nodes[person]["label"] if person else "Имя Фамилия"
    hints = [f"kg view {shlex.quote(str(build))} --focus {shlex.quote(example)} -o ego.html",
             f"kg view {shlex.quote(str(build))} --visit ID -o visit.html"]
    return notes, hints


def write_graph_page(graph: Graph, net: nx.MultiDiGraph, shown: nx.MultiDiGraph, page: Page, path: Path,
                     hidden: tuple[str, ...] = (), sources: dict[str, str] | None = None) -> None:
    """Write `shown` (a part of net) as a graph page: tooltips and evidence for its nodes only,
    positions from layout.py, node types in `hidden` unticked in the legend."""
    evidence: dict[str, list] = {}
    add_tooltips(graph, net, shown, evidence)
    edges = _vis_edges(shown)
    where = positions(list(shown), [(e["from"], e["to"]) for e in edges])
    nodes = [_vis_node(node, data, shown.degree(node), where[node], net.degree(node) - shown.degree(node))
             for node, data in shown.nodes(data=True)]
    # labels go to the biggest nodes first: the most connected, topics and articles at half weight
    for rank, node in enumerate(sorted(nodes, key=lambda n: (-n["value"], n["search"], n["id"]))):
        node["rank"] = rank
    relations = Counter(r for e in edges for r in e["relations"])
    dates = sorted(d for _, d in shown.nodes(data="date") if d)
    cited = {item["article"] for items in evidence.values() for item in items}
    cited.update(d["article_id"] for _, d in shown.nodes(data=True) if d["type"] == "article")
    page.legend = _legend(shown, hidden)
    page.legend_help = ("Размер узла — число связей; подписи самых связанных, остальные при увеличении. "
                        "Щелчок по узлу — подробности и его окружение.")
    config = {"focus": page.focus, "maxLabels": MAX_LABELS,
              "relations": [{"name": r, "count": relations[r]} for r in sorted(relations)],
              "hiddenRelations": [], "dates": [dates[0], dates[-1]] if dates else None}
    data = {"kg-nodes": nodes, "kg-edges": edges, "kg-options": vis_options(len(nodes)), "kg-config": config,
            "kg-evidence": evidence, "kg-articles": article_index(graph, net, cited, sources, path)}
    write(path, render("graph.html", page, data, GRAPH_SCRIPTS, styles=["vis-network.css"]))


def vis_options(n_nodes: int) -> dict:
    """vis-network options: positions are given, so no physics; labels are sized by graph.js."""
    return {
        "autoResize": True,
        "physics": False,
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "widthConstraint": {"maximum": 170},
                  "scaling": {"min": 8, "max": 36, "label": {"enabled": False}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#b8b8b8", "highlight": "#444444", "hover": "#777777"},
                  "font": {"size": 10, "color": "#666666", "strokeWidth": 3, "align": "middle"},
                  "scaling": {"label": {"drawThreshold": 8}},
                  "width": 1, "selectionWidth": 2},
        "groups": {g: {"color": {"background": c, "border": _darker(c),
                                 "highlight": {"background": c, "border": "#222222"}}, "shape": s}
                   for g, (c, s) in STYLE.items()},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "hideEdgesOnDrag": n_nodes > 500, "hideEdgesOnZoom": n_nodes > 500},
    }


def _vis_node(node: str, data: dict, degree: int, xy: tuple[int, int], outside: int) -> dict:
    label = data["label"]
    if len(label) > MAX_LABEL:  # the whole label is in the tooltip and the details panel
        label = label[:MAX_LABEL - 1].rstrip() + "…"
    if data.get("date") and data["type"] in EVENT_GROUPS:
        label = f"{label}\n{data['date']}"
    # vis-network scales size linearly in `value`: the square root keeps hubs from dwarfing
    # everything; topics and articles are many and secondary, so they stay small.
    value = math.sqrt(degree) * (0.5 if data["type"] in ("topic", "article") else 1.0)
    out = {"id": node, "label": label, "title": data["tooltip"], "group": data["type"], "value": round(value, 2),
           "search": data["label"], "x": xy[0], "y": xy[1], "key": list(address(node, data))}
    if data.get("date"):
        out["date"] = data["date"]
    if data.get("end"):
        out["end"] = data["end"]
    if data["type"] == "article":
        out["aid"] = data["article_id"]
    if outside:
        out["outside"] = outside
    return out


def address(node: str, data: dict) -> tuple[str, str]:
    """What the page's address says to open on a node: ('person', 'Имя'), ('event', 'event/…')."""
    if data["type"] in EVENT_GROUPS:
        return "event", short_id(node)
    if data["type"] == "article":
        return "article", data["article_id"]
    return data["type"], data["label"]


def _vis_edges(net: nx.MultiDiGraph) -> list[dict]:
    """One drawn edge per ordered pair, labelled with all its relations (straight edges would overlap).

    An article's mention of something that an event from the same article already links is not
    drawn: the path article–event–entity shows it, and an article that mentions dozens of things
    would otherwise pull the whole graph into one knot around itself.
    """
    shown_by_event = _mentions_shown_by_events(net)
    pairs: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for u, v, key, data in net.edges(keys=True, data=True):
        if key == "mentions" and (u, v) in shown_by_event:
            continue
        labels, relations = pairs.setdefault((u, v), ([], []))
        for items, item in ((labels, data["label"]), (relations, data.get("relation", data["label"]))):
            if item not in items:
                items.append(item)
    edges = []
    for i, ((u, v), (labels, relations)) in enumerate(pairs.items()):
        edge = {"id": f"e{i}", "from": u, "to": v, "label": ", ".join(labels), "title": ", ".join(labels),
                "relations": relations}
        if net.nodes[u]["type"] == "article":
            edge.update(color={"color": "#dddddd", "highlight": "#888888"})
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


def _legend(net: nx.MultiDiGraph, hidden: tuple[str, ...]) -> list[LegendItem]:
    counts = Counter(group for _, group in net.nodes(data="type"))
    return [LegendItem(g, group_label(g), STYLE[g][0], STYLE[g][1], counts.get(g, 0), g not in hidden)
            for g, _ in GROUPS]


def _darker(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#%02x%02x%02x" % (int(r * 0.7), int(g * 0.7), int(b * 0.7))
