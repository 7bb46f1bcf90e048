"""The order of events.json (kg.graph.table), which SQLite sorts on disk: the order Python's sorted() gave."""
import json

import pyoxigraph as ox

from kg.build.pipeline import ONTOLOGY_GRAPH
from kg.graph.table import write_event_table
from kg.graph.vocab import ONTOLOGY_FILE

DATA = """
@prefix kgo: <https://kg.example.org/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://kg.example.org/test/> .

# ids in no sorted order: "a10" before "a9" as text, capitals before small letters, and U+1F600
# after U+FFFD (by UTF-16 code units it would come first)
:z a kgo:Article ; kgo:articleId "z" ; kgo:published "2024-04-01" ; kgo:mentions :ivanov .
:nine a kgo:Article ; kgo:articleId "a9" .
:ten a kgo:Article ; kgo:articleId "a10" .
:e a kgo:Article ; kgo:articleId "é" .
:smile a kgo:Article ; kgo:articleId "\\U0001F600" .
:fffd a kgo:Article ; kgo:articleId "\\uFFFD" .
:capital a kgo:Article ; kgo:articleId "B" .
:r1 a kgo:Article ; kgo:articleId "r" ; kgo:published "2024-04-01" .
:r2 a kgo:Article ; kgo:articleId "r" ; kgo:published "2024-04-02" .
:not-an-article kgo:articleId "c" .
:ivanov a kgo:Person ; rdfs:label "Иванов" .

# the same date, then the same parent, then the same type: the last key decides
:trip a kgo:Visit ; rdfs:label "trip" ; kgo:date "2024-03-30" .
:meeting-alone a kgo:Meeting ; rdfs:label "m" ; kgo:date "2024-04-01" .
:visit-b a kgo:Visit ; rdfs:label "v" ; kgo:date "2024-04-01" ; kgo:partOf :trip .
:visit-a a kgo:Visit ; rdfs:label "v" ; kgo:date "2024-04-01" ; kgo:partOf :trip ; kgo:participant :ivanov .
:meeting-in-trip a kgo:Meeting ; rdfs:label "m" ; kgo:date "2024-04-01" ; kgo:partOf :trip ;
    <http://www.w3.org/ns/prov#wasDerivedFrom> :z .
:only-event a kgo:Event ; rdfs:label "event" ; kgo:date "2024-04-02" .
# no date sorts as an empty one ("" or None), so the parent decides between them
:undated a kgo:Meeting ; rdfs:label "u" ; kgo:partOf :p2 .
:empty-date a kgo:Meeting ; rdfs:label "u" ; kgo:date "" ; kgo:partOf :p1 .
:unlabelled a kgo:Meeting ; kgo:date "2024-04-01" .
"""
# typed Event and a subclass: the subclass names it. The classes are read in the store's order, Event
# among them, so some of these subclasses come before Event (kept) and some after (replacing it).
SUBCLASSES = ("Visit", "PlannedVisit", "Meeting", "RoundTable", "SiteVisit", "Conference", "Session", "SportsEvent",
              "Ceremony")
DATA += "".join(f':event-and-{c} a kgo:Event , kgo:{c} ; rdfs:label "both" ; kgo:date "2024-04-02" .\n'
                for c in SUBCLASSES)
T = "https://kg.example.org/test/"


def table(tmp_path) -> dict:
    """The events.json of DATA, in a store laid out as a build's: the ontology in a graph of its own."""
    store = ox.Store()
    store.load(DATA.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    write_event_table(store, tmp_path / "events.json")
    return json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))


def test_articles_are_in_the_order_of_their_ids(tmp_path):
    articles = table(tmp_path)["articles"]
    ids = ["B", "a10", "a9", "r", "z", "é", "\uFFFD", "\U0001F600"]
    assert [a["id"] for a in articles] == ids == sorted(ids)
    assert articles[4]["persons"] == ["Иванов"]


def test_a_repeated_article_id_keeps_the_last_node_met(tmp_path):
    """As a dict filled in the store's order did: which node is last is the store's choice."""
    store = ox.Store()
    store.load(DATA.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    last = {q.object.value: q.subject for q in store.quads_for_pattern(None, ox.NamedNode(
        "https://kg.example.org/ontology#articleId"), None)}["r"]
    date = {ox.NamedNode(T + "r1"): "2024-04-01", ox.NamedNode(T + "r2"): "2024-04-02"}[last]
    assert [a["date"] for a in table(tmp_path)["articles"] if a["id"] == "r"] == [date]


def test_events_are_in_the_order_of_date_parent_type_and_iri(tmp_path):
    events = table(tmp_path)["events"]
    assert [(e["id"].removeprefix(T), e["type"]) for e in events] == [
        ("empty-date", "Meeting"), ("undated", "Meeting"), ("trip", "Visit"),
        ("meeting-alone", "Meeting"), ("meeting-in-trip", "Meeting"), ("visit-a", "Visit"), ("visit-b", "Visit"),
        *sorted([(f"event-and-{c}", c) for c in SUBCLASSES] + [("only-event", "Event")], key=lambda e: e[1])]
    assert events[1]["date"] is None and events[0]["date"] == ""
    assert events[5]["participants"] == ["Иванов"] and events[4]["sources"] == ["z"]
