"""The interactive views: the whole graph up to a node cap, one entity's neighbourhood, one visit.

Each view picks part of the netgraph projection and writes it as a self-contained HTML page
(page.py); above NODE_CAP the full view keeps the most connected nodes and says what it left out.
"""
from __future__ import annotations

import heapq
import itertools
import shlex
from collections import Counter
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .netgraph import (
    EVENT_GROUPS,
    GROUPS,
    add_tooltips,
    group_label,
    short_id,
    to_networkx,
)
from .page import Page, write_page

# Measured in headless Chromium with software rendering (python tests/measure_views.py): a 1,430-node
# graph settles in 3 s with the main thread never blocked over 0.3 s and redraws in 35-40 ms; at
# 1,900 nodes 6-7 s, 0.8 s and 45-70 ms; at 2,900 nodes 10 s, 0.9 s and 100-180 ms (a sluggish pan).
NODE_CAP = 1500
DEFAULT_DEPTH = 2


class ViewError(LookupError):
    """A focus name or visit id that is not in the graph; the message lists candidates."""


@dataclass
class Written:
    """What a view shows: its nodes and edges, out of how many nodes in the part it was cut from."""
    nodes: int
    edges: int
    of_nodes: int


def write_view(graph: Graph, path: Path, build: Path | None = None, net=None) -> None:
    """Write the full view of a graph to path (kg build's graph.html); its hints name `build`."""
    write_full_view(graph, path, build=build, net=net)


def write_full_view(graph: Graph, path: Path, cap: int = NODE_CAP, build: Path | None = None,
                    net=None) -> Written:
    """The whole graph; above `cap` nodes its most connected part, with a note on what is left out,
    whose commands name the build folder (by default, the page's folder). `net` is the graph's
    projection if it is already made (a storenet.StoreNet for a graph too big to project whole)."""
    net = to_networkx(graph, tooltips=False) if net is None else net
    shown = add_tooltips(graph, net, most_connected(net, cap))
    notes, hints = [], []
    if shown.number_of_nodes() < net.number_of_nodes():
        notes, hints = _left_out_notes(net, shown, build or Path(path).parent)
    write_page(shown, Page("Граф визитов", _summary(shown, net), notes, hints), path)
    return _written(shown, net)


def write_focus_view(graph: Graph, path: Path, name: str, depth: int = DEFAULT_DEPTH,
                     cap: int = NODE_CAP) -> Written:
    """The neighbourhood of a person, place, organization or event found by its name or id."""
    net = to_networkx(graph, tooltips=False)
    focus = find_node(net, name)
    part = ego_subgraph(net, focus, depth)
    shown = add_tooltips(graph, net, most_connected(part, cap, keep=focus))
    notes = [] if shown.number_of_nodes() == part.number_of_nodes() else [
        f"Окрестность слишком велика: показаны {shown.number_of_nodes()} самых связанных узлов "
        f"из {part.number_of_nodes()}. Уменьшите --depth, чтобы увидеть её целиком."]
    data = net.nodes[focus]
    page = Page(f"{data['label']}: окрестность", f"{data['kind']}, глубина {depth}; " + _summary(shown, part),
                notes, focus=focus)
    write_page(shown, page, path)
    return _written(shown, part)


def write_visit_view(graph: Graph, path: Path, visit_id: str) -> Written:
    """One visit with its parts (meetings, site visits) and who and what they involve."""
    net = to_networkx(graph, tooltips=False)
    visit = find_visit(net, visit_id)
    part = add_tooltips(graph, net, visit_subgraph(net, visit))
    data = net.nodes[visit]
    page = Page(data["label"], f"{data['kind']}, {data['date'] or 'дата неизвестна'}; " + _summary(part, part),
                focus=visit)
    write_page(part, page, path)
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
    rank = {n: (-_content_degree(net, n), -net.degree(n), n) for n in net}
    chosen: set[str] = set()
    for seed in sorted(net, key=lambda n: (n != keep, rank[n])):
        if len(chosen) >= cap:
            break
        heap = [] if seed in chosen else [(rank[seed], seed)]
        while heap and len(chosen) < cap:
            _, node = heapq.heappop(heap)
            if node not in chosen:
                chosen.add(node)
                for other in nx.all_neighbors(net, node):
                    if other not in chosen:
                        heapq.heappush(heap, (rank[other], other))
    return _induced(net, chosen)


def _induced(net, nodes: set[str]) -> nx.MultiDiGraph:
    """The subgraph on nodes, its nodes and edges in net's order: a copy of net.subgraph(nodes)
    follows the hash order of the set, and a capped page changed from one run to the next."""
    if not isinstance(net, nx.MultiDiGraph):
        return net.subgraph(nodes)  # a StoreNet makes it in that order itself
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


def ego_subgraph(net: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """Nodes within `depth` links of focus, either direction; articles are reached but not crossed.

    An article links everything it mentions, so walking through it would pull in unrelated people.
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
    return net.subgraph(seen).copy()


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
    return net.subgraph(nodes).copy()


def find_node(net: nx.MultiDiGraph, name: str) -> str:
    """The node named `name`, or by IRI or short id. Case and ё do not matter, and words may be
    parts of the label in any order when that picks one node of the first type that matches."""
    by_id = {short_id(n): n for n in net}
    if name in net or name in by_id:
        return name if name in net else by_id[name]
    wanted = _norm(name)
    exact = [n for n, label in net.nodes(data="label") if _norm(label) == wanted]
    words = wanted.split()
    partial = [n for n, label in net.nodes(data="label") if all(w in _norm(label) for w in words)]
    order = [group for group, _ in GROUPS]
    for found in (exact, partial):
        best = min((order.index(net.nodes[n]["type"]) for n in found), default=None)
        first_type = sorted(n for n in found if order.index(net.nodes[n]["type"]) == best)
        if len(first_type) == 1 or (found is exact and first_type):
            return first_type[0]
    labels = sorted({net.nodes[n]["label"] for n in partial}) or get_close_matches(
        name, sorted({label for _, label in net.nodes(data="label")}), n=8, cutoff=0.6)
    hint = f"; did you mean: {'; '.join(labels[:8])}" if labels else ""
    raise ViewError(f"no single node named {name!r}{hint}")


def find_visit(net: nx.MultiDiGraph, visit_id: str) -> str:
    """The visit (or other event) with this IRI, short id ('event/…') or hash."""
    by_id = {short_id(n): n for n in net}
    node = visit_id if visit_id in net else by_id.get(visit_id) or by_id.get(f"event/{visit_id}")
    if node is not None and net.nodes[node]["type"] in EVENT_GROUPS:
        return node
    visits = sorted((d["date"], short_id(n), d["label"]) for n, d in net.nodes(data=True) if d["type"] == "visit")
    listing = "\n".join(f"  {i}  {date or '—'}  {label}" for date, i, label in visits[:30])
    raise ViewError(f"no visit {visit_id!r}; visits in the graph:\n{listing}" if visits
                    else f"no visit {visit_id!r}; the graph has no visits")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _summary(shown: nx.MultiDiGraph, whole: nx.MultiDiGraph) -> str:
    n, total = shown.number_of_nodes(), whole.number_of_nodes()
    nodes = f"{n} {_plural(n, 'узел', 'узла', 'узлов')}" if n == total else f"{n} из {total} узлов"
    m = shown.number_of_edges()
    return f"{nodes}, {m} {_plural(m, 'связь', 'связи', 'связей')}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for a count: 1 узел, 2 узла, 5 узлов, 11 узлов, 21 узел."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    return few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many


def _left_out_notes(net: nx.MultiDiGraph, shown: nx.MultiDiGraph, build: Path) -> tuple[list[str], list[str]]:
    """What the capped full view leaves out, and the commands that show it."""
    missing = [n for n in net if n not in shown]
    by_group = Counter(net.nodes[n]["type"] for n in missing)
    parts = ", ".join(f"{group_label(g).lower()}: {by_group[g]}" for g, _ in GROUPS if by_group[g])
    notes = [f"Граф велик для одной страницы: показаны {shown.number_of_nodes()} самых связанных узлов "
             f"из {net.number_of_nodes()}. Не показаны {len(missing)} ({parts}).",
             "Их можно увидеть в окрестности человека, места или организации, или по одной поездке:"]
    person = max((n for n in missing if net.nodes[n]["type"] == "person"),
                 key=lambda n: (net.degree(n), n), default=None)
    example = net.nodes[person]["label"] if person else "Имя Фамилия"
    hints = [f"kg view {shlex.quote(str(build))} --focus {shlex.quote(example)} -o ego.html",
             f"kg view {shlex.quote(str(build))} --visit ID -o visit.html"]
    return notes, hints
