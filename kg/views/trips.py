"""Trips as the timeline and the map show them: who went where, from which day to which, the
region it counts for, the events within it, its evidence and the articles that report it."""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import RDF, Graph, URIRef

from ..graph.vocab import KGO
from .netgraph import EVENT_GROUPS, MAX_EVIDENCE, evidence, short_id

NO_PRINCIPAL = "Главное лицо не указано"
# Trips a page details (the latest): vis-timeline stays quick to about this many items, and a
# 100k-article build would otherwise put tens of megabytes of evidence into each page.
TRIP_CAP = 2000
# a trip is «to» a region: the destination itself when it is a region or a country, else the unit
# it lies within (a city of its region, a district of its region)
REGION_CLASSES = (KGO.Region, KGO.Country)


@dataclass
class Trip:
    """One visit with what the timeline and the map need to draw and explain it."""
    id: str
    key: str  # the short id, event/…, for the page's address
    label: str
    start: str
    end: str
    principal: str
    places: list[str]
    place_ids: list[str]
    region: str
    parts: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


def trips(graph: Graph, net: nx.MultiDiGraph) -> list[Trip]:
    """Every visit of the graph with a date, in date order (undated visits cannot be placed),
    without its parts, articles and evidence: `latest` adds them to the trips a page details
    (the map counts the others, and a big graph has tens of thousands)."""
    out = []
    for node, data in sorted((n, d) for n, d in net.nodes(data=True) if d["type"] == "visit" and d["date"]):
        targets = {key: [] for key in ("principal", "place")}
        for _, target, key in net.out_edges(node, keys=True):
            if key in targets:
                targets[key].append(target)
        places = sorted(targets["place"], key=lambda p: net.nodes[p]["label"])
        principal = min((net.nodes[p]["label"] for p in targets["principal"]), default=NO_PRINCIPAL)
        out.append(Trip(
            id=node, key=short_id(node), label=data["label"], start=data["date"], end=data["end"] or data["date"],
            principal=principal, places=[net.nodes[p]["label"] for p in places], place_ids=places,
            region=_region(graph, net, places)))
    return sorted(out, key=lambda t: (t.start, t.principal, t.key))


def latest(found: list[Trip], graph: Graph, net: nx.MultiDiGraph) -> list[Trip]:
    """The last TRIP_CAP trips (all of a smaller graph), in date order, with their parts (the events
    within them), the articles that report them and their evidence."""
    kept = found[-TRIP_CAP:]
    for trip in kept:
        if not (trip.parts or trip.articles or trip.evidence):  # the timeline detailed it already
            trip.parts = sorted(({"key": short_id(u), "label": net.nodes[u]["label"], "kind": net.nodes[u]["kind"],
                                  "date": net.nodes[u]["date"] or trip.start}
                                 for u, _, key in net.in_edges(trip.id, keys=True)
                                 if key == "partOf" and net.nodes[u]["type"] in EVENT_GROUPS),
                                key=lambda p: (p["date"], p["label"], p["key"]))
            trip.articles = sorted(net.nodes[a]["article_id"] for _, a, key in net.out_edges(trip.id, keys=True)
                                   if key == "wasDerivedFrom")
            trip.evidence = evidence(graph, net, URIRef(trip.id))[:MAX_EVIDENCE]
    return kept


def _region(graph: Graph, net: nx.MultiDiGraph, places: list[str]) -> str:
    """The region (or country) a trip went to: the first destination's, by kgo:within upwards."""
    for place in places:
        node, seen = URIRef(place), set()
        while node is not None and node not in seen:
            seen.add(node)
            if any(cls in REGION_CLASSES for cls in graph.objects(node, RDF.type)):
                return net.nodes[str(node)]["label"] if str(node) in net else str(node)
            node = graph.value(node, KGO.within)
    return net.nodes[places[0]]["label"] if places else "Место не указано"
