"""The drawn network for Gephi and networkx: GEXF 1.2 with colours, sizes, the page's positions and
the events' dates (Gephi's timeline), or GraphML.

GEXF is written here rather than by networkx, whose writer puts `name=""` on the graph element
(not in the GEXF 1.2 schema) and has no positions or time spells for a MultiDiGraph of this kind.
"""
from __future__ import annotations

import math
import re
from xml.sax.saxutils import quoteattr

import networkx as nx
from rdflib import Graph

from .draw import NODE_CAP, _vis_edges, most_connected
from .layout import positions
from .netgraph import EVENT_GROUPS, to_networkx
from .page import STYLE

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NODE_ATTRIBUTES = (("type", "string"), ("kind", "string"), ("iri", "anyURI"), ("tooltip", "string"))


def write_network(graph: Graph, path, fmt: str) -> None:
    """Write the projected graph as GraphML or GEXF (for Gephi) to a path."""
    net = to_networkx(graph)
    if fmt == "graphml":
        nx.write_graphml(net, path)
    elif fmt == "gexf":
        with open(path, "w", encoding="utf-8") as out:
            out.write(gexf(net))
    else:
        raise ValueError(f"unknown network format {fmt!r} (expected graphml or gexf)")


def page_positions(net: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """The positions graph.html gives the nodes it draws (the most connected NODE_CAP of them)."""
    shown = most_connected(net, NODE_CAP)
    return positions(list(shown), [(e["from"], e["to"]) for e in _vis_edges(shown)])


def gexf(net: nx.MultiDiGraph) -> str:
    """The network as a GEXF 1.2 document: events carry a spell from their first to their last day."""
    where = page_positions(net)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.2">',
             '  <meta><creator>kg</creator><description>People, places, organizations, events and articles '
             'of a kg build; positions as in its graph.html</description></meta>',
             '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
             '    <attributes class="node" mode="static">']
    lines += [f'      <attribute id="{name}" title="{name}" type="{kind}"/>' for name, kind in NODE_ATTRIBUTES]
    lines += ['    </attributes>', '    <attributes class="edge" mode="static">',
              '      <attribute id="relation" title="relation" type="string"/>', '    </attributes>',
              f'    <nodes count="{net.number_of_nodes()}">']
    for node, data in sorted(net.nodes(data=True)):
        lines.append(f"      <node id={quoteattr(node)} label={quoteattr(_token(data['label']))}>")
        values = {"type": data["type"], "kind": data["kind"], "iri": node, "tooltip": _xml(data["tooltip"])}
        lines.append("        <attvalues>" + "".join(
            f"<attvalue for=\"{name}\" value={quoteattr(values[name])}/>" for name, _ in NODE_ATTRIBUTES)
            + "</attvalues>")
        if data["type"] in EVENT_GROUPS and data["date"]:
            lines.append(f'        <spells><spell start="{data["date"]}" end="{data["end"] or data["date"]}"/></spells>')
        r, g, b = (int(STYLE[data["type"]][0][i:i + 2], 16) for i in (1, 3, 5))
        lines.append(f'        <viz:color r="{r}" g="{g}" b="{b}"/>')
        if node in where:
            x, y = where[node]
            lines.append(f'        <viz:position x="{x}.0" y="{-y}.0" z="0.0"/>')  # Gephi's y points up
        size = 4 + 4 * math.sqrt(net.degree(node)) * (0.5 if data["type"] in ("topic", "article") else 1.0)
        lines.append(f'        <viz:size value="{size:.2f}"/>')
        lines.append("      </node>")
    lines += ["    </nodes>", f'    <edges count="{net.number_of_edges()}">']
    for i, (u, v, _, data) in enumerate(sorted(net.edges(keys=True, data=True), key=lambda e: e[:3])):
        lines.append(f'      <edge id="e{i}" source={quoteattr(u)} target={quoteattr(v)} '
                     f'label={quoteattr(_token(data["label"]))}><attvalues><attvalue for="relation" '
                     f'value={quoteattr(_xml(data.get("relation", data["label"])))}/></attvalues></edge>')
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def _token(text: str) -> str:
    """An xs:token, as GEXF wants labels: no line breaks or tabs, no runs or edge spaces."""
    return " ".join(_xml(text).split())


def _xml(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (control characters from a scraped page)."""
    return NOT_XML.sub("", text)
