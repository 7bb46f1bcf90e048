"""The graph a person looks at: RDF projected onto a networkx MultiDiGraph, for the views and Gephi.

Nodes are people, places, organizations, topics, events and articles. Evidence and positions
are not nodes: they become tooltip text (dates, roles, quotes with article ids) and role edges.
"""
from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV

from ..graph.vocab import ID, KGO, ONTOLOGY_FILE

# Node groups in legend order. A class belongs to the first group it is a subclass of, so a
# Meeting is "meeting", a RoundTable falls to "event", an IndustrialZone is an organization.
GROUPS = (
    ("person", KGO.Person), ("place", KGO.Place), ("organization", KGO.Organization),
    ("visit", KGO.Visit), ("meeting", KGO.Meeting), ("sitevisit", KGO.SiteVisit),
    ("event", KGO.Event), ("topic", KGO.Topic), ("article", KGO.Article),
)
GROUP_PRIORITY = ("visit", "meeting", "sitevisit", "event", "person", "organization", "place",
                  "topic", "article")
EVENT_GROUPS = frozenset({"visit", "meeting", "sitevisit", "event"})
# Statements drawn as edges, subject to object; a participant edge is left out where the same
# person is the principal, since kgo:principal is a sub-property of kgo:participant.
EDGE_PREDICATES = (KGO.principal, KGO.participant, KGO.place, KGO.organization, KGO.organizer,
                   KGO.topic, KGO.partOf, KGO.within, KGO.locatedIn, KGO.mentions)
# The event's own trigger first, then who, where, with whom; topics are many and come last.
QUOTE_ORDER = (RDF.type, KGO.principal, KGO.participant, KGO.place, KGO.organization, KGO.organizer,
               KGO.partOf, KGO.topic)
SOURCE = "источник"  # an event's prov:wasDerivedFrom article; PROV has no Russian label
MAX_QUOTES = 5
MAX_QUOTE_CHARS = 240
MAX_LISTED = 8
HEADLINE_CHARS = 48
MAX_EVIDENCE = 12  # evidence items a page keeps per node for its details panel


@lru_cache(maxsize=1)
def ontology() -> tuple[dict[URIRef, str], dict[URIRef, str | None]]:
    """Russian labels of ontology terms, and the node group of every class."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels = {s: str(o) for s, o in onto.subject_objects(RDFS.label)
              if isinstance(o, Literal) and o.language == "ru"}
    group_class = dict(GROUPS)
    groups = {}
    for cls in set(onto.subjects(RDF.type, OWL.Class)):
        supers = set(onto.transitive_objects(cls, RDFS.subClassOf))
        groups[cls] = next((g for g in GROUP_PRIORITY if group_class[g] in supers), None)
    return labels, groups


def group_label(group: str) -> str:
    """The Russian legend name of a node group, such as «Рабочая поездка»."""
    labels, _ = ontology()
    return labels[dict(GROUPS)[group]]


def short_id(node: str) -> str:
    """A resource IRI without the common prefix: 'event/05e944468f22cc55'."""
    return node[len(str(ID)):] if node.startswith(str(ID)) else node


def short_predicate(predicate: URIRef) -> str:
    """The local name of a property IRI, used as the edge key: 'participant', 'wasDerivedFrom'."""
    return str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(graph: Graph, tooltips: bool = True) -> nx.MultiDiGraph:
    """Project a built graph onto nodes with label/type/kind/tooltip and edges with a relation.

    Without tooltips every node's is empty: a view that draws part of a big graph adds them to
    the nodes it shows (add_tooltips), which at 100k articles saves most of the view's time.
    """
    labels, groups = ontology()
    net = nx.MultiDiGraph()
    kinds = _node_kinds(graph, groups)
    for node, (group, cls) in sorted(kinds.items()):  # the store's order is not the file's
        attrs = {"date": _str(graph.value(node, KGO.date)), "end": _str(graph.value(node, KGO.endDate))}
        if group == "article":
            art_id, published, headline = _article(graph, node)
            # a reader knows an article by its headline; the id stays in the tooltip and the search
            attrs = {"label": _headline_label(headline) or art_id, "article_id": art_id, "date": published, "end": ""}
        else:
            attrs["label"] = _label(graph, node)
        net.add_node(str(node), type=group, kind=labels.get(cls, group), tooltip="", **attrs)
    principals = set(graph.subject_objects(KGO.principal))
    for p in EDGE_PREDICATES:
        for s, o in sorted(graph.subject_objects(p)):
            if s in kinds and o in kinds and not (p == KGO.participant and (s, o) in principals):
                _add_edge(net, s, o, p, labels[p])
    for s, a in sorted(graph.subject_objects(PROV.wasDerivedFrom)):
        if kinds.get(s, ("",))[0] in EVENT_GROUPS and a in kinds:
            _add_edge(net, s, a, PROV.wasDerivedFrom, SOURCE)
    for person, post in sorted(graph.subject_objects(KGO.holds)):
        where = graph.value(post, KGO.postIn) or graph.value(post, KGO.postPlace)
        if person in kinds and where in kinds:
            # drawn with the title («аким»), filtered as one relation, «занимает должность»
            _add_edge(net, person, where, KGO.holds, _str(graph.value(post, KGO.title)) or labels[KGO.holds],
                      relation=labels[KGO.holds])
    if tooltips:
        add_tooltips(graph, net)
    return net


def add_tooltips(graph: Graph, net: nx.MultiDiGraph, part: nx.MultiDiGraph | None = None,
                 evidence_of: dict | None = None) -> nx.MultiDiGraph:
    """Fill in the tooltips of part's nodes (all of net's by default), counting over the whole of net;
    with `evidence_of`, also put each event's evidence items there (for a page's details panel)."""
    part = net if part is None else part
    for node, data in part.nodes(data=True):
        data["tooltip"], items = tooltip(graph, net, node, data["type"])
        if evidence_of is not None and items:
            evidence_of[node] = items[:MAX_EVIDENCE]
    return part


def tooltip(graph: Graph, net: nx.MultiDiGraph, node: str, group: str) -> tuple[str, list[dict]]:
    """A node's tooltip, counting over the whole of net, and for an event its evidence items."""
    items = evidence(graph, net, URIRef(node)) if group in EVENT_GROUPS else []
    return _tooltip(graph, net, URIRef(node), group, items), items


def _node_kinds(graph: Graph, groups: dict) -> dict[URIRef, tuple[str, URIRef]]:
    """Each drawable resource with its group and its most specific class."""
    roots = dict(GROUPS)
    # a merged event may be typed both kgo:Event and kgo:Meeting: the rank keeps the specific one
    rank = lambda group, cls: (GROUP_PRIORITY.index(group), cls == roots[group])  # noqa: E731
    found: dict[URIRef, tuple[str, URIRef]] = {}
    for s, cls in graph.subject_objects(RDF.type):
        group = groups.get(cls)
        if group is not None and isinstance(s, URIRef) and (s not in found or rank(group, cls) < rank(*found[s])):
            found[s] = (group, cls)
    return found


def _article(graph: Graph, a: URIRef) -> tuple[str, str, str]:
    """Article id, publication date and headline of an article."""
    return (_str(graph.value(a, KGO.articleId)) or short_id(str(a)),
            _str(graph.value(a, KGO.published)), _str(graph.value(a, KGO.headline)))


def _article_id(net: nx.MultiDiGraph, a: URIRef) -> str | None:
    """The id of an article node of the projection, or None if a is none."""
    data = net.nodes.get(str(a))
    return data["article_id"] if data and data["type"] == "article" else None


def _headline_label(headline: str) -> str:
    """A headline as a node label: one line, at most HEADLINE_CHARS, cut at a word."""
    text = " ".join(headline.split())
    if len(text) <= HEADLINE_CHARS:
        return text
    return text[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _label(graph: Graph, node: URIRef) -> str:
    values = list(graph.objects(node, RDFS.label))
    ru = [v for v in values if getattr(v, "language", None) == "ru"]
    return str(min(ru or values)) if values else short_id(str(node))


def _str(value) -> str:
    return "" if value is None else str(value)


def _add_edge(net: nx.MultiDiGraph, s, o, predicate: URIRef, label: str, **extra: str) -> None:
    net.add_edge(str(s), str(o), key=short_predicate(predicate), label=label, predicate=str(predicate), **extra)


def _tooltip(graph: Graph, net: nx.MultiDiGraph, node: URIRef, group: str, items: list[dict]) -> str:
    """Plain text for the tooltip: what a reader checks before trusting the node."""
    data = net.nodes[str(node)]
    head = f"{data['label']}\n{data['kind']}"
    if group == "article":
        art_id, published, headline = _article(graph, node)
        lines = [f"Статья {art_id}", f"Опубликована: {published or 'дата неизвестна'}"]
        if headline:
            lines.append(f"Заголовок: {headline}")
        lines.append(f"Упоминаний: {net.out_degree(str(node))}, событий: {net.in_degree(str(node))}")
        return "\n".join(lines)
    if group in EVENT_GROUPS:
        return "\n".join([head] + _event_lines(graph, net, node) + _quote_lines(items)
                         + [f"id: {short_id(str(node))}"])
    lines = [head]
    roles = sorted({_str(graph.value(post, RDFS.label)) for post in graph.objects(node, KGO.holds)} - {""})
    if roles:
        lines.append("Должности: " + "; ".join(roles))
    mentioned = filter(None, (_article_id(net, a) for a in graph.subjects(KGO.mentions, node)))
    lines.append("Упоминается в статьях: " + (_listing(mentioned) or "нет"))
    events = sum(1 for u, _ in net.in_edges(str(node)) if net.nodes[u]["type"] in EVENT_GROUPS)
    if events:
        lines.append(f"Событий: {events}")
    return "\n".join(lines)


def _event_lines(graph: Graph, net: nx.MultiDiGraph, node: URIRef) -> list[str]:
    data = net.nodes[str(node)]
    when = data["date"] or "дата неизвестна"
    end = _str(graph.value(node, KGO.endDate))
    if end and end != data["date"]:
        when += f" – {end}"
    planned = graph.value(node, KGO.planned)
    if planned is not None and planned.toPython() is True:
        when += " (запланировано)"
    by_relation = defaultdict(list)
    for _, target, key in net.out_edges(str(node), keys=True):
        by_relation[key].append(net.nodes[target].get("article_id") or net.nodes[target]["label"])
    lines = [f"Дата: {when}"]
    for key, title in (("place", "Место"), ("principal", "Главное лицо"), ("participant", "Участники"),
                       ("organization", "Организации"), ("organizer", "Организатор"), ("topic", "Темы"),
                       ("partOf", "Часть события"), ("wasDerivedFrom", "Статьи")):
        if by_relation[key]:
            lines.append(f"{title}: {_listing(by_relation[key])}")
    parts = sum(1 for u, _, k in net.in_edges(str(node), keys=True) if k == "partOf")
    if parts:
        lines.append(f"Состоит из событий: {parts}")
    return lines


def evidence(graph: Graph, net: nx.MultiDiGraph, node: URIRef) -> list[dict]:
    """The event's evidence, the sentence that names the event first, then the quotes of its links:
    one item per (article, quote) with the article id, offsets, rule, relation and sentence."""
    labels, _ = ontology()
    found = {}
    for ev in graph.objects(node, KGO.evidence):
        # one read of the evidence's statements, not one look-up a property (a store's tooltips: 8 to 1)
        values: dict = {}
        for p, o in graph.predicate_objects(ev):
            values.setdefault(p, o)
        quote, pred = _str(values.get(KGO.quote)), values.get(RDF.predicate)
        art = values.get(PROV.wasDerivedFrom)
        art_id = _article_id(net, art) or short_id(_str(art))
        start, end = values.get(KGO.charStart), values.get(KGO.charEnd)
        order = QUOTE_ORDER.index(pred) if pred in QUOTE_ORDER else len(QUOTE_ORDER)
        key = (art_id, quote)
        candidate = (order, art_id, start.toPython() if start is not None else 0,
                     end.toPython() if end is not None else 0, quote, _str(values.get(KGO.rule)),
                     pred, _str(values.get(KGO.sentence)))
        if quote and (key not in found or candidate < found[key]):  # the least, whatever the store's order
            found[key] = candidate
    return [{"article": art_id, "start": start, "end": end, "quote": quote, "rule": rule,
             "relation": "" if pred == RDF.type else labels.get(pred, short_predicate(pred)),
             "sentence": sentence if pred == RDF.type and sentence != quote else ""}
            for _, art_id, start, end, quote, rule, pred, sentence in sorted(found.values())]


def _quote_lines(items: list[dict]) -> list[str]:
    """The evidence as tooltip lines: «quote» (relation) — article, rule."""
    lines = ["Свидетельства (статья, правило):"] if items else []
    for item in items[:MAX_QUOTES]:
        relation = f" ({item['relation']})" if item["relation"] else ""
        lines.append(f"«{_clip(item['quote'])}»{relation} — {item['article']}, {item['rule']}")
        if item["sentence"]:
            lines.append(f"    в предложении: «{_clip(item['sentence'])}»")
    if len(items) > MAX_QUOTES:
        lines.append(f"…и ещё {len(items) - MAX_QUOTES}")
    return lines


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS - 1] + "…"


def _listing(items: Iterable[str]) -> str:
    """The first MAX_LISTED items in order, and how many more. Only those are held: a place or an
    outlet is mentioned by nearly every article (262,200 ids read for the tooltips at 100k articles)."""
    shown: list[str] = []
    count = 0
    for item in items:
        count += 1
        if len(shown) < MAX_LISTED or item < shown[-1]:
            insort(shown, item)
            del shown[MAX_LISTED:]
    return ", ".join(shown) + (f" и ещё {count - MAX_LISTED}" if count > MAX_LISTED else "")
