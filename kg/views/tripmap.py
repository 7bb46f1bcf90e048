"""map.html: the trips' destinations at their gazetteer coordinates, sized by the number of trips and
coloured by region, on Natural Earth country outlines (geo.py); a click lists the trips to a place."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import networkx as nx
from markupsafe import Markup
from rdflib import Graph, URIRef

from ..graph.vocab import SDO
from ..rules import lexicon
from .geo import HOME, Projection, country_paths, projection_for
from .netgraph import to_networkx
from .page import LegendItem, Page, article_index, plural, region_colors, render, sibling_links, write
from .trips import Trip, latest, trips

SCRIPTS = ["common.js", "map.js"]


def write_map(graph: Graph, path: Path, sources: dict[str, str] | None = None,
              siblings: dict[str, Path] | None = None, net: nx.MultiDiGraph | None = None,
              found: list[Trip] | None = None) -> int:
    """Write the map of the graph's dated visits to path; returns the number of places drawn.
    `net` and `found` (the projection and its trips) save recomputing them for several pages."""
    net = to_networkx(graph, tooltips=False) if net is None else net
    found = trips(graph, net) if found is None else found
    detailed = {t.key for t in latest(found, graph, net)}  # the rest are counted, not listed
    colors = region_colors([t.region for t in found])
    to_place: dict[str, list[Trip]] = defaultdict(list)
    iris = {}
    for trip in found:
        for place, node in zip(trip.places, trip.place_ids):
            to_place[place].append(trip)
            iris[place] = node
    where = coordinates(graph, iris)
    proj = projection_for(list(where.values()))
    places = []
    for name in sorted(where, key=lambda n: (-len(to_place[n]), n)):
        x, y = proj(where[name][1], where[name][0])
        going = to_place[name]
        places.append({"name": name, "x": round(x, 1), "y": round(y, 1), "r": round(5 + 4 * math.sqrt(len(going)), 1),
                       "color": colors[going[0].region], "region": going[0].region, "count": len(going),
                       "trips": [t.key for t in going if t.key in detailed]})
    unplaced = sorted(set(to_place) - set(where))
    counts = Counter(p["region"] for p in places)
    notes = [f"Нет координат в справочнике мест: {', '.join(unplaced)}."] if unplaced else []
    if not found:
        notes.append("В графе нет рабочих поездок с датами.")
    n = len(places)
    page = Page("Карта поездок", f"{n} {plural(n, 'место', 'места', 'мест')}, "
                f"{len(found)} {plural(len(found), 'поездка', 'поездки', 'поездок')}",
                notes=notes, links=sibling_links("map", siblings),
                legend=[LegendItem(r, r, colors[r], "dot", counts[r]) for r in sorted(counts)],
                legend_title="Регионы",
                legend_help="Круг — место назначения, его размер — число поездок туда. "
                            "Колесо мыши — масштаб, перетаскивание — сдвиг.")
    shown = {key for p in places for key in p["trips"]}
    wanted = {a for t in found if t.key in shown for a in t.articles + [e["article"] for e in t.evidence]}
    data = {"kg-config": {"graph": siblings["view"].name if siblings and "view" in siblings else "",
                          "timeline": siblings["timeline"].name if siblings and "timeline" in siblings else "",
                          "width": round(proj(proj.east, proj.south)[0], 1), "height": round(proj.height, 1)},
            "kg-places": places,
            "kg-trips": [dict(asdict(t), color=colors[t.region]) for t in found if t.key in shown],
            "kg-articles": article_index(graph, net, wanted, sources, path)}
    write(path, render("map.html", page, data, SCRIPTS, countries=_svg_countries(proj)))
    return n


def coordinates(graph: Graph, places: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(latitude, longitude) of each place (label → IRI) that has them: its schema:latitude/longitude
    in the graph, else the gazetteer's (kg.rules.lexicon), else its administrative centre's."""
    entries = {e.name: e for e in lexicon.places()}
    centres = {r.get(0): r.get(4) for file in ("places.tsv", "regions.tsv") for r in lexicon.rows(file) if r.get(4)}

    def gazetteer(name: str) -> tuple[float, float] | None:
        entry = entries.get(name) or lexicon.world_place(name)
        return (entry.lat, entry.lon) if entry is not None and entry.lat is not None else None

    out = {}
    for name, node in places.items():
        lat, lon = graph.value(URIRef(node), SDO.latitude), graph.value(URIRef(node), SDO.longitude)
        found = (float(lat), float(lon)) if lat is not None and lon is not None else (
            gazetteer(name) or (gazetteer(centres[name]) if name in centres else None))
        if found:
            out[name] = found
    return out


def _svg_countries(proj: Projection) -> Markup:
    """The country outlines as SVG paths (Markup.format escapes Natural Earth's names all the same)."""
    path = Markup('<path class="{}" d="{}"><title>{}</title></path>')
    return Markup("").join(path.format("country home" if name == HOME else "country", d, name)
                           for name, d in country_paths(proj))
