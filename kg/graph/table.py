"""The event table (events.json, format kg-events/1), read from the built graph by SPARQL.

What the table says is what the graph says: nothing here looks at extraction objects.
"""
from __future__ import annotations

from rdflib import Graph

from .vocab import PREFIXES

FORMAT = "kg-events/1"
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

ARTICLES = PROLOGUE + """
SELECT ?id ?date WHERE {
  ?a a kgo:Article ; kgo:articleId ?id .
  OPTIONAL { ?a kgo:published ?date }
}"""

# Oxigraph joins patterns in the order written: from the entities, not the articles, which was
# 14x slower at 10k articles and superlinear (88 s at 50k).
ARTICLE_ENTITIES = PROLOGUE + """
SELECT DISTINCT ?id ?class ?label WHERE {
  ?e a ?class ; rdfs:label ?label .
  ?a kgo:mentions ?e ; kgo:articleId ?id .
}"""

# The table's entity lists by the ontology's top classes; a zone is reported as an organization.
KIND_OF = (("organizations", "Organization"), ("persons", "Person"), ("places", "Place"), ("topics", "Topic"))

CLASS_TREE = PROLOGUE + """
SELECT ?class ?top WHERE {
  ?class rdfs:subClassOf* ?top .
  VALUES ?top { kgo:Person kgo:Place kgo:Organization kgo:Topic }
}"""

EVENTS = PROLOGUE + """
SELECT ?e ?type ?label ?date ?end ?parent WHERE {
  ?e a ?class ; rdfs:label ?label .
  ?class rdfs:subClassOf* kgo:Event .
  FILTER(STRSTARTS(STR(?class), STR(kgo:)))
  BIND(STRAFTER(STR(?class), STR(kgo:)) AS ?type)
  OPTIONAL { ?e kgo:date ?date }
  OPTIONAL { ?e kgo:endDate ?end }
  OPTIONAL { ?e kgo:partOf ?parent }
}"""

EVENT_LINKS = PROLOGUE + """
SELECT ?e ?field ?value WHERE {
  {
    ?e kgo:participant|kgo:principal ?x . ?x rdfs:label ?value . BIND("participants" AS ?field)
  } UNION {
    ?e kgo:place ?x . ?x rdfs:label ?value . BIND("places" AS ?field)
  } UNION {
    ?e kgo:organization ?x . ?x rdfs:label ?value . BIND("organizations" AS ?field)
  } UNION {
    ?e kgo:topic ?x . ?x rdfs:label ?value . BIND("topics" AS ?field)
  } UNION {
    ?c rdfs:subClassOf* kgo:Event . ?e a ?c . ?e prov:wasDerivedFrom ?a . ?a kgo:articleId ?value .
    FILTER EXISTS { ?a a kgo:Article } BIND("sources" AS ?field)
  }
}"""


def event_table(graph: Graph) -> dict:
    """The kg-events/1 document for a graph that includes the ontology (for subclass paths)."""
    articles: dict[str, dict] = {}
    for row in graph.query(ARTICLES):
        articles[str(row.id)] = {"id": str(row.id), "date": str(row.date) if row.date else None,
                                 "persons": [], "places": [], "organizations": [], "topics": []}
    kinds = _kinds_of_classes(graph)
    for row in graph.query(ARTICLE_ENTITIES):
        kind = kinds.get(str(row["class"]))
        if kind is None:
            continue
        lst = articles[str(row.id)][kind]
        if str(row.label) not in lst:
            lst.append(str(row.label))
    events: dict[str, dict] = {}
    for row in graph.query(EVENTS):
        key = str(row.e)
        ev = events.get(key)
        if ev is None or _more_specific(str(row.type), ev["type"]):
            events[key] = {
                "id": key, "type": str(row.type), "label": str(row.label),
                "date": str(row.date) if row.date else None, "end_date": str(row.end) if row.end else None,
                "part_of": str(row.parent) if row.parent else None,
                "places": [], "participants": [], "organizations": [], "topics": [], "sources": [],
            }
    for row in graph.query(EVENT_LINKS):
        ev = events.get(str(row.e))
        if ev is not None and str(row.value) not in ev[str(row.field)]:
            ev[str(row.field)].append(str(row.value))
    for a in articles.values():
        for k in ("persons", "places", "organizations", "topics"):
            a[k].sort()
    for e in events.values():
        for k in ("places", "participants", "organizations", "topics", "sources"):
            e[k].sort()
    return {
        "format": FORMAT,
        "articles": [articles[k] for k in sorted(articles)],
        "events": sorted(events.values(), key=lambda e: (e["date"] or "", e["part_of"] or "", e["type"], e["id"])),
    }


def _kinds_of_classes(graph: Graph) -> dict[str, str]:
    """Class IRI -> the table list its instances go to, from the ontology's subclass tree."""
    tops: dict[str, set[str]] = {}
    for row in graph.query(CLASS_TREE):
        tops.setdefault(str(row["class"]), set()).add(str(row.top).rsplit("#", 1)[-1])
    return {cls: next(kind for kind, top in KIND_OF if top in ts) for cls, ts in tops.items()}


def _more_specific(new: str, old: str) -> bool:
    return old == "Event" and new != "Event"
