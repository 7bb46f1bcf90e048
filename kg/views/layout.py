"""Node positions computed when a page is written, so the browser draws at once with physics off.

A force-directed layout (Fruchterman-Reingold, as networkx's spring_layout, in float32 numpy:
networkx needs scipy above 500 nodes) per connected part, the parts packed in rows, biggest first.
A fixed seed and rounding to whole pixels keep rebuilds byte-identical.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SEED = 7
ITERATIONS = 100
SPACING = 90  # pixels per unit of the layout's optimal distance between nodes
GAP = 120  # pixels between packed parts


def positions(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Whole-pixel (x, y) for every node, the same for the same graph on every run.

    `edges` are the drawn ones: a link the page does not draw would pull nodes together for no
    reason a reader can see.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nodes))
    simple.add_edges_from((u, v) for u, v in edges if u != v)
    parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    laid = [_spring(simple.subgraph(part), part) for part in parts]
    return _pack(laid)


def _spring(graph: nx.Graph, order: list[str]) -> dict[str, np.ndarray]:
    """Fruchterman-Reingold in the unit square, scaled so neighbours sit about SPACING apart."""
    n = len(order)
    if n == 1:
        return {order[0]: np.zeros(2)}
    index = {node: i for i, node in enumerate(order)}
    adjacency = np.zeros((n, n), dtype=bool)
    for u, v in graph.edges():
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = True
    x, y = np.random.RandomState(SEED).rand(2, n).astype(np.float32)
    k = np.float32(math.sqrt(1.0 / n))
    t = 0.2
    cooling = t / (ITERATIONS + 1)
    # five n × n arrays reused in place: with a temporary per operation, NODE_CAP nodes took 62 MB
    dx, dy, distance, force, scratch = np.empty((5, n, n), dtype=np.float32)
    for _ in range(ITERATIONS):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.add(np.multiply(dx, dx, out=distance), np.multiply(dy, dy, out=scratch), out=distance)
        np.sqrt(distance, out=distance)
        np.maximum(distance, 0.01, out=distance)
        # repulsion k²/d between all pairs, attraction d²/k along edges; both along (dx, dy) / d
        np.divide(k * k, np.multiply(distance, distance, out=force), out=force)
        np.subtract(force, np.multiply(np.divide(distance, k, out=scratch), adjacency, out=scratch), out=force)
        mx = np.multiply(dx, force, out=scratch).sum(axis=1)
        my = np.multiply(dy, force, out=scratch).sum(axis=1)
        step = np.float32(t) / np.maximum(np.sqrt(mx * mx + my * my), 0.01)
        x += mx * step
        y += my * step
        t -= cooling
    pos = np.stack([x, y], axis=1)
    pos = (pos - pos.mean(axis=0)) * (SPACING / k)
    return {node: pos[i].astype(float) for node, i in index.items()}


def _pack(parts: list[dict[str, np.ndarray]]) -> dict[str, tuple[int, int]]:
    """Place the laid-out parts in rows about as wide as the biggest part (or a square of small ones)."""
    boxes = []
    for part in parts:
        xy = np.array(list(part.values()))
        boxes.append((xy.min(axis=0), xy.max(axis=0)))
    widest = max(hi[0] - lo[0] for lo, hi in boxes)
    row_width = max(widest, math.sqrt(sum((hi[0] - lo[0] + GAP) * (hi[1] - lo[1] + GAP) for lo, hi in boxes)))
    out: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for part, (lo, hi) in zip(parts, boxes):
        w, h = hi - lo
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, p in part.items():
            out[node] = (round(x + p[0] - lo[0]), round(y + p[1] - lo[1]))
        x += w + GAP
        row_height = max(row_height, h)
    return out
