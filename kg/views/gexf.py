"""The drawn network for Gephi and networkx: GEXF 1.2 with colours, sizes, the page's positions and
the events' dates (Gephi's timeline), or GraphML.

Both are written here, a line at a time, rather than by networkx: its GEXF writer puts `name=""` on
the graph element (not in the GEXF 1.2 schema) and has no positions or time spells for a
MultiDiGraph of this kind, and both its writers need the network whole in memory (about 1 kB an
edge: 4 GB at 300k articles), where a streamed build's StoreNet reads it from the store.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from xml.sax.saxutils import escape, quoteattr

from .draw import NODE_CAP, _vis_edges, most_connected
from .layout import positions
from .netgraph import EVENT_GROUPS, to_networkx, tooltip
from .page import STYLE

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NODE_ATTRIBUTES = (("type", "string"), ("kind", "string"), ("iri", "anyURI"), ("tooltip", "string"))
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = ("type", "kind", "label", "article_id", "date", "end", "tooltip")  # to_networkx's node attributes
EDGE_KEYS = ("label", "predicate", "relation")


def write_network(graph, path, fmt: str, net=None, progress=None) -> None:
    """Write the projected graph as GraphML or GEXF (for Gephi) to a path, a node at a time.

    `net` is the graph's projection if made: a storenet.StoreNet over a streamed build's store (graph
    then a StoreGraph of it), whose network is never held whole; by default netgraph.to_networkx of
    the graph. Both give the same bytes. Tooltips are made for one node at a time, as
    netgraph.add_tooltips makes them. `progress` hears (steps done, steps in all): a step is a node
    written, then a node's edges.
    """
    writers = {"graphml": graphml_lines, "gexf": gexf_lines}
    if fmt not in writers:
        raise ValueError(f"unknown network format {fmt!r} (expected graphml or gexf)")
    net = to_networkx(graph, tooltips=False) if net is None else net
    total, done = 2 * net.number_of_nodes(), 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)

    order = sorted(net)  # by IRI, for the nodes and again for their edges
    with open(path, "w", encoding="utf-8") as out:
        for line in writers[fmt](graph, net, order, step):
            out.write(line + "\n")


def page_positions(net) -> dict[str, tuple[int, int]]:
    """The positions graph.html gives the nodes it draws (the most connected NODE_CAP of them)."""
    shown = most_connected(net, NODE_CAP)
    return positions(list(shown), [(e["from"], e["to"]) for e in _vis_edges(shown)])


def gexf_lines(graph, net, order: list[str], step) -> Iterator[str]:
    """The network as a GEXF 1.2 document: events carry a spell from their first to their last day."""
    where = page_positions(net)
    yield from ['<?xml version="1.0" encoding="UTF-8"?>',
                f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.2">',
                '  <meta><creator>kg</creator><description>People, places, organizations, events and articles '
                'of a kg build; positions as in its graph.html</description></meta>',
                '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
                '    <attributes class="node" mode="static">']
    yield from (f'      <attribute id="{name}" title="{name}" type="{kind}"/>' for name, kind in NODE_ATTRIBUTES)
    yield from ['    </attributes>', '    <attributes class="edge" mode="static">',
                '      <attribute id="relation" title="relation" type="string"/>', '    </attributes>',
                f'    <nodes count="{net.number_of_nodes()}">']
    for node, data, tip in _nodes(graph, net, order, step):
        yield f"      <node id={quoteattr(node)} label={quoteattr(_token(data['label']))}>"
        values = {"type": data["type"], "kind": data["kind"], "iri": node, "tooltip": _xml(tip)}
        yield "        <attvalues>" + "".join(
            f"<attvalue for=\"{name}\" value={quoteattr(values[name])}/>" for name, _ in NODE_ATTRIBUTES) + "</attvalues>"
        if data["type"] in EVENT_GROUPS and data["date"]:
            yield f'        <spells><spell start="{data["date"]}" end="{data["end"] or data["date"]}"/></spells>'
        r, g, b = (int(STYLE[data["type"]][0][i:i + 2], 16) for i in (1, 3, 5))
        yield f'        <viz:color r="{r}" g="{g}" b="{b}"/>'
        if node in where:
            x, y = where[node]
            yield f'        <viz:position x="{x}.0" y="{-y}.0" z="0.0"/>'  # Gephi's y points up
        size = 4 + 4 * math.sqrt(net.degree(node)) * (0.5 if data["type"] in ("topic", "article") else 1.0)
        yield f'        <viz:size value="{size:.2f}"/>'
        yield "      </node>"
    yield from ["    </nodes>", f'    <edges count="{net.number_of_edges()}">']
    for i, (u, v, _, data) in enumerate(_edges(net, order, step)):
        yield (f'      <edge id="e{i}" source={quoteattr(u)} target={quoteattr(v)} '
               f'label={quoteattr(_token(data["label"]))}><attvalues><attvalue for="relation" '
               f'value={quoteattr(_xml(data.get("relation", data["label"])))}/></attvalues></edge>')
    yield from ["    </edges>", "  </graph>", "</gexf>"]


def graphml_lines(graph, net, order: list[str], step) -> Iterator[str]:
    """The network as GraphML, which networkx, Gephi, yEd and Cytoscape read: each node with its
    attributes as to_networkx gives them (article_id on articles alone), each edge with its relation
    as its id (netgraph.short_predicate), its label and its predicate (and a held post's relation)."""
    yield from ['<?xml version="1.0" encoding="UTF-8"?>',
                f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">']
    yield from (f'  <key id="n{i}" for="node" attr.name="{name}" attr.type="string"/>' for i, name in enumerate(NODE_KEYS))
    yield from (f'  <key id="e{i}" for="edge" attr.name="{name}" attr.type="string"/>' for i, name in enumerate(EDGE_KEYS))
    yield '  <graph edgedefault="directed">'
    for node, data, tip in _nodes(graph, net, order, step):
        values = {**data, "tooltip": tip}
        yield f"    <node id={quoteattr(node)}>" + _graphml_data("n", NODE_KEYS, values) + "</node>"
    for u, v, key, data in _edges(net, order, step):
        yield (f"    <edge source={quoteattr(u)} target={quoteattr(v)} id={quoteattr(key)}>"
               + _graphml_data("e", EDGE_KEYS, data) + "</edge>")
    yield from ["  </graph>", "</graphml>"]


def _graphml_data(kind: str, keys: tuple[str, ...], values) -> str:
    return "".join(f'<data key="{kind}{i}">{escape(_xml(values[k]))}</data>' for i, k in enumerate(keys) if k in values)


def _nodes(graph, net, order: list[str], step) -> Iterator[tuple[str, Mapping, str]]:
    """(node, its data, its tooltip) in order; step() at each."""
    for node in order:
        step()
        data = net.nodes[node]
        yield node, data, tooltip(graph, net, node, data["type"])[0]


def _edges(net, order: list[str], step) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, key, data) by source (in order), target and key: one source's edges at a time, step() at each."""
    for u in order:
        step()
        yield from sorted(net.out_edges(u, keys=True, data=True), key=lambda e: e[:3])


def _token(text: str) -> str:
    """An xs:token, as GEXF wants labels: no line breaks or tabs, no runs or edge spaces."""
    return " ".join(_xml(text).split())


def _xml(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (control characters from a scraped page)."""
    return NOT_XML.sub("", text)
