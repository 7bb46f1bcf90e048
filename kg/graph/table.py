"""The event table (events.json, format kg-events/1), read from the built graph in an Oxigraph store.

What the table says is what the graph says: nothing here looks at extraction objects. The store
is read with pyoxigraph directly (through rdflib each row cost 3.4 times the engine's time), and
the table is written as it is read, article by article and event by event. Articles and events
are put in order by SQLite on disk, so the table's memory does not grow with the corpus.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pyoxigraph as ox

from .remembered import Remembered
from .vocab import KGO, PREFIXES

FORMAT = "kg-events/1"
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# The table's entity lists by the ontology's top classes; a zone is reported as an organization.
KIND_OF = (("organizations", "Organization"), ("persons", "Person"), ("places", "Place"), ("topics", "Topic"))
ENTITY_LISTS = ("persons", "places", "organizations", "topics")
EVENT_LISTS = ("places", "participants", "organizations", "topics", "sources")
# entities whose kinds and labels are kept once read: a real archive keeps naming new ones
ENTITIES_KEPT = 100_000
# an event's head: what is read of it before the events are put in order
HEAD = ("id", "type", "label", "date", "end_date", "part_of")

CLASS_TREE = PROLOGUE + """
SELECT ?class ?top WHERE {
  ?class rdfs:subClassOf* ?top .
  VALUES ?top { kgo:Person kgo:Place kgo:Organization kgo:Topic }
}"""

EVENT_CLASSES = PROLOGUE + """
SELECT ?class WHERE {
  ?class rdfs:subClassOf* kgo:Event .
  FILTER(STRSTARTS(STR(?class), STR(kgo:)))
}"""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE = ox.NamedNode(_RDF + "type")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
ARTICLE = ox.NamedNode(str(KGO.Article))
ARTICLE_ID, PUBLISHED, MENTIONS = (ox.NamedNode(str(KGO[p])) for p in ("articleId", "published", "mentions"))
DATE, END_DATE, PART_OF = (ox.NamedNode(str(KGO[p])) for p in ("date", "endDate", "partOf"))
# an event's lists: the properties each is read from
EVENT_LINKS = (("participants", ("participant", "principal")), ("places", ("place",)),
               ("organizations", ("organization",)), ("topics", ("topic",)))
DATA = ox.DefaultGraph()


def write_event_table(store: ox.Store, path: Path) -> None:
    """Write the kg-events/1 document of a store holding a graph (default graph) and the ontology.

    The bytes are those of json.dumps(table, ensure_ascii=False, indent=2) plus a newline.
    """
    table = _Table(store)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f'{{\n  "format": {json.dumps(FORMAT)},\n  "articles": ')
        _write_list(out, table.articles())
        out.write(',\n  "events": ')
        _write_list(out, table.events())
        out.write("\n}\n")


class _SortedOnDisk:
    """Rows with a unique key (the first column), given back in an SQL order. They are held by a
    private SQLite database on disk, whose memory is its page cache (2 MB by default: a million rows
    of 120 bytes peaked 2 MB of RSS above ten thousand): the dicts they were sorted in before held
    26.8 MB at 100,000 articles, and grew with the corpus.

    A row whose key is already there replaces the old row when `replace_if` holds (an SQL condition
    on `kept`, the old row, and `excluded`, the new one): by default always, as in a dict.
    SQLite compares text by its UTF-8 bytes (the BINARY collation), which is the order of Python's
    str comparison, code point by code point; NULL sorts before any text, so a key that may be None
    is ordered with IFNULL(column, '') as Python's `x or ""` would.
    """

    def __init__(self, columns: tuple[str, ...], order: str, replace_if: str = "TRUE"):
        self.db = sqlite3.connect("")  # "": a temporary database on disk, deleted when closed
        key, *rest = columns
        self.db.execute(f"CREATE TABLE kept ({', '.join(columns)}, PRIMARY KEY ({key})) WITHOUT ROWID")
        updates = ", ".join(f"{c} = excluded.{c}" for c in rest)
        self.insert = (f"INSERT INTO kept VALUES ({', '.join('?' * len(columns))}) "
                       f"ON CONFLICT ({key}) DO UPDATE SET {updates} WHERE {replace_if}")
        self.order = order

    def put(self, *row) -> None:
        self.db.execute(self.insert, row)

    def __iter__(self) -> Iterator[tuple]:
        with closing(self.db):
            yield from self.db.execute(f"SELECT * FROM kept ORDER BY {self.order}")


def _write_list(out, items: Iterator[dict]) -> None:
    """A list of dicts at the second level of an indent-2 document, one item at a time."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("[\n    " if first else ",\n    ") + text)
        first = False
    out.write("[]" if first else "\n  ]")


class _Table:
    """Reads articles and events from the store, remembering only what many rows share."""

    def __init__(self, store: ox.Store):
        self.store = store
        tops: dict[str, set[str]] = {}
        for row in store.query(CLASS_TREE, use_default_graph_as_union=True):
            tops.setdefault(row["class"].value, set()).add(row["top"].value.rsplit("#", 1)[-1])
        self.kinds = {cls: next(kind for kind, top in KIND_OF if top in ts) for cls, ts in tops.items()}
        self.event_types = {row["class"]: row["class"].value[len(str(KGO._NS)):]
                            for row in store.query(EVENT_CLASSES, use_default_graph_as_union=True)}
        self._entities: Remembered[ox.NamedNode, list[tuple[str, str]]] = Remembered(self._entity, ENTITIES_KEPT)
        self._labels: Remembered[ox.NamedNode, list[str]] = Remembered(self._label_values, ENTITIES_KEPT)

    def _objects(self, s, p) -> Iterator:
        return (q.object for q in self.store.quads_for_pattern(s, p, None, DATA))

    def articles(self) -> Iterator[dict]:
        """Each article with the entities it mentions by list, in the order of their ids."""
        # a repeated id keeps the last node met, as a dict would; a blank node is found again by its id
        found = _SortedOnDisk(("id", "node", "blank"), order="id")
        for q in self.store.quads_for_pattern(None, ARTICLE_ID, None, DATA):
            if ox.Quad(q.subject, TYPE, ARTICLE, DATA) in self.store:
                found.put(q.object.value, q.subject.value, isinstance(q.subject, ox.BlankNode))
        for article_id, value, blank in found:
            node = (ox.BlankNode if blank else ox.NamedNode)(value)
            date = next(self._objects(node, PUBLISHED), None)
            entry = {"id": article_id, "date": date.value if date is not None else None,
                     **{k: [] for k in ENTITY_LISTS}}
            for entity in self._objects(node, MENTIONS):
                for kind, label in self._entities[entity]:
                    if label not in entry[kind]:
                        entry[kind].append(label)
            for k in ENTITY_LISTS:
                entry[k].sort()
            yield entry

    def _entity(self, node) -> list[tuple[str, str]]:
        """The (list, label) pairs an entity adds to an article: each label under each kind of its classes."""
        kinds = [self.kinds[c.value] for c in self._objects(node, TYPE) if c.value in self.kinds]
        return [(k, label) for k in kinds for label in self._labels[node]]

    def _label_values(self, node) -> list[str]:
        return [o.value for o in self._objects(node, LABEL)]

    def events(self) -> Iterator[dict]:
        """Each event with its places, participants, organizations, topics and source articles,
        by date, parent, type and IRI."""
        # an event of two types keeps the most specific: a head typed Event gives way to its subclass
        heads = _SortedOnDisk(HEAD, order="IFNULL(date, ''), IFNULL(part_of, ''), type, id",
                              replace_if="kept.type = 'Event' AND excluded.type != 'Event'")
        for cls, name in self.event_types.items():
            for q in self.store.quads_for_pattern(None, TYPE, cls, DATA):
                e = q.subject
                if not isinstance(e, ox.NamedNode):
                    continue
                label = next(self._objects(e, LABEL), None)
                if label is None:
                    continue
                date, end, parent = (next(self._objects(e, p), None) for p in (DATE, END_DATE, PART_OF))
                heads.put(e.value, name, label.value,
                          *(x.value if x is not None else None for x in (date, end, parent)))
        for head in heads:
            yield self._event(dict(zip(HEAD, head)))

    def _event(self, head: dict) -> dict:
        node = ox.NamedNode(head["id"])
        event = {**head, **{k: [] for k in EVENT_LISTS}}
        for field, props in EVENT_LINKS:
            for prop in props:
                for x in self._objects(node, ox.NamedNode(str(KGO[prop]))):
                    for label in self._labels[x] if isinstance(x, ox.NamedNode) else ():
                        if label not in event[field]:
                            event[field].append(label)
        for a in self._objects(node, DERIVED_FROM):
            if isinstance(a, ox.NamedNode) and ox.Quad(a, TYPE, ARTICLE, DATA) in self.store:
                for article_id in self._objects(a, ARTICLE_ID):
                    if article_id.value not in event["sources"]:
                        event["sources"].append(article_id.value)
        for k in EVENT_LISTS:
            event[k].sort()
        return event
