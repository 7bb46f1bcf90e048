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

ARTICLE_ENTITIES = PROLOGUE + """
SELECT DISTINCT ?id ?kind ?label WHERE {
  ?a a kgo:Article ; kgo:articleId ?id ; kgo:mentions ?e .
  ?e rdfs:label ?label .
  VALUES (?class ?kind) {
    (kgo:Person "persons") (kgo:Place "places") (kgo:Country "places") (kgo:Region "places")
    (kgo:City "places") (kgo:District "places") (kgo:Settlement "places") (kgo:Facility "places")
    (kgo:Organization "organizations") (kgo:Enterprise "organizations")
    (kgo:EducationalOrganization "organizations") (kgo:StateBody "organizations")
    (kgo:Party "organizations") (kgo:Union "organizations") (kgo:MediaOrganization "organizations")
    (kgo:PublicAssociation "organizations") (kgo:IndustrialZone "organizations")
    (kgo:CulturalOrganization "organizations") (kgo:Topic "topics")
  }
  ?e a ?class .
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
    ?e prov:wasDerivedFrom ?a . ?a a kgo:Article ; kgo:articleId ?value .
    ?e a ?c . ?c rdfs:subClassOf* kgo:Event . BIND("sources" AS ?field)
  }
}"""


def event_table(graph: Graph) -> dict:
    """The kg-events/1 document for a graph that includes the ontology (for subclass paths)."""
    articles: dict[str, dict] = {}
    for row in graph.query(ARTICLES):
        articles[str(row.id)] = {"id": str(row.id), "date": str(row.date) if row.date else None,
                                 "persons": [], "places": [], "organizations": [], "topics": []}
    for row in graph.query(ARTICLE_ENTITIES):
        lst = articles[str(row.id)][str(row.kind)]
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


def _more_specific(new: str, old: str) -> bool:
    return old == "Event" and new != "Event"
