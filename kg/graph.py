"""Turn merged facts into RDF under ontology.ttl, with an Evidence resource behind every statement.

An Evidence is a reified statement (rdf:subject / rdf:predicate / rdf:object) that points to
its Article with prov:wasDerivedFrom and carries the quote, sentence, offsets and rule.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from . import lexicon
from .merge import Corpus
from .model import Evidence
from .vocab import KGO, PREFIXES, article_iri, digest, iri, ID

EVENT_CLASS = {
    "Visit": KGO.Visit, "Meeting": KGO.Meeting, "RoundTable": KGO.RoundTable,
    "SiteVisit": KGO.SiteVisit, "Conference": KGO.Conference, "Session": KGO.Session,
    "SportsEvent": KGO.SportsEvent, "Ceremony": KGO.Ceremony,
}
PLACE_CLASS = {
    "country": KGO.Country, "region": KGO.Region, "city": KGO.City, "district": KGO.District,
    "settlement": KGO.Settlement, "facility": KGO.Facility, "zone": KGO.IndustrialZone,
}
ORG_CLASS = {
    "enterprise": KGO.Enterprise, "education": KGO.EducationalOrganization,
    "state_body": KGO.StateBody, "party": KGO.Party, "union": KGO.Union,
    "media": KGO.MediaOrganization, "public_association": KGO.PublicAssociation,
    "zone": KGO.IndustrialZone, "culture": KGO.CulturalOrganization,
}
ENTITY_KIND = {"person": "person", "place": "place", "org": "org", "topic": "topic"}


def entity_iri(kind: str, name: str) -> URIRef:
    """IRI of a person, place, organization or topic by its canonical name."""
    return iri(ENTITY_KIND[kind], name)


def event_iri(key: str) -> URIRef:
    return ID[f"event/{digest(key)}"]


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


class GraphWriter:
    """Collects triples for one corpus; every add of a fact goes through `state`."""

    def __init__(self):
        self.g = new_graph()
        self._sentences: dict[str, Literal] = {}  # one object per sentence text: many evidences share it

    def state(self, s: URIRef, p: URIRef, o, evidence: Evidence) -> None:
        """Add a triple together with its provenance: the article and an Evidence resource."""
        g = self.g
        g.add((s, p, o))
        art = article_iri(evidence.article)
        ev = ID[f"evidence/{digest(evidence.article, evidence.start, evidence.end, evidence.rule, s, p, o)}"]
        if s != art:
            g.add((s, PROV.wasDerivedFrom, art))
        g.add((s, KGO.evidence, ev))
        g.add((ev, RDF.type, KGO.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, PROV.wasDerivedFrom, art))
        g.add((ev, KGO.quote, Literal(evidence.quote)))
        sentence = self._sentences.setdefault(evidence.sentence, Literal(evidence.sentence))
        g.add((ev, KGO.sentence, sentence))
        g.add((ev, KGO.charStart, Literal(evidence.start)))
        g.add((ev, KGO.charEnd, Literal(evidence.end)))
        g.add((ev, KGO.rule, Literal(evidence.rule)))


def build_graph(corpus: Corpus) -> Graph:
    """The knowledge graph of a corpus: articles, entities, roles, events, provenance."""
    w = GraphWriter()
    g = w.g
    for a in corpus.articles:
        node = article_iri(a.id)
        g.add((node, RDF.type, KGO.Article))
        g.add((node, KGO.articleId, Literal(a.id)))
        g.add((node, KGO.contentHash, Literal(a.sha)))
        if a.date:
            g.add((node, KGO.published, Literal(a.date, datatype=XSD.date)))
        if a.title:
            g.add((node, KGO.headline, Literal(a.title)))
    cited: set[tuple[str, URIRef]] = set()
    for m in corpus.mentions:
        node = entity_iri(m.kind, m.name)
        if (m.evidence.article, node) in cited:
            continue  # the first mention in an article is its evidence; `kg explain` lists them all
        cited.add((m.evidence.article, node))
        _describe_entity(g, node, m.kind, m.name, m.attrs)
        w.state(article_iri(m.evidence.article), KGO.mentions, node, m.evidence)
        g.add((node, PROV.wasDerivedFrom, article_iri(m.evidence.article)))
    for r in corpus.roles:
        person = entity_iri("person", r.person)
        post = ID[f"position/{digest(r.person, r.title, r.org, r.place)}"]
        g.add((post, RDF.type, KGO.Position))
        g.add((post, KGO.title, Literal(r.title, lang="ru")))
        label = " ".join(x for x in (r.title, r.org or r.place) if x)
        g.add((post, RDFS.label, Literal(label, lang="ru")))
        if r.org:
            g.add((post, KGO.postIn, entity_iri("org", r.org)))
        if r.place:
            g.add((post, KGO.postPlace, entity_iri("place", r.place)))
        w.state(person, KGO.holds, post, r.evidence)
    for e in corpus.events:
        node = event_iri(e.key)
        w.state(node, RDF.type, EVENT_CLASS.get(e.type, KGO.Event), e.evidence)
        for extra in e.more_evidence:
            w.state(node, RDF.type, EVENT_CLASS.get(e.type, KGO.Event), extra)
        g.add((node, RDFS.label, Literal(e.label, lang="ru")))
        if e.date:
            g.add((node, KGO.date, Literal(e.date, datatype=XSD.date)))
        if e.end_date:
            g.add((node, KGO.endDate, Literal(e.end_date, datatype=XSD.date)))
        if e.planned:
            g.add((node, KGO.planned, Literal(True)))
        if e.parent:
            g.add((node, KGO.partOf, event_iri(e.parent)))
        if e.principal:
            g.add((node, KGO.principal, entity_iri("person", e.principal)))
        for field, prop, kind in (
            ("participants", KGO.participant, "person"), ("places", KGO.place, "place"),
            ("organizations", KGO.organization, "org"), ("organizers", KGO.organizer, "org"),
            ("topics", KGO.topic, "topic"),
        ):
            for link in getattr(e, field):
                w.state(node, prop, entity_iri(kind, link.name), link.evidence)
    return g


def _describe_entity(g: Graph, node: URIRef, kind: str, name: str, attrs: dict) -> None:
    g.add((node, RDFS.label, Literal(name, lang="ru")))
    if kind == "person":
        g.add((node, RDF.type, KGO.Person))
        for key, prop in (("given", KGO.givenName), ("family", KGO.familyName), ("patronymic", KGO.patronymic)):
            if attrs.get(key):
                g.add((node, prop, Literal(attrs[key])))
    elif kind == "place":
        g.add((node, RDF.type, PLACE_CLASS.get(attrs.get("kind"), KGO.Place)))
        if attrs.get("parent"):
            g.add((node, KGO.within, entity_iri("place", attrs["parent"])))
    elif kind == "org":
        g.add((node, RDF.type, ORG_CLASS.get(attrs.get("kind"), KGO.Organization)))
        if attrs.get("place"):
            g.add((node, KGO.locatedIn, entity_iri("place", attrs["place"])))
    elif kind == "topic":
        _describe_topic(g, node, name)


def _describe_topic(g: Graph, node: URIRef, name: str) -> None:
    """A topic as a SKOS concept of the scheme, with its labels and its broader topic."""
    g.add((node, RDF.type, KGO.Topic))
    g.add((node, SKOS.inScheme, KGO.topics))
    g.add((node, SKOS.prefLabel, Literal(name, lang="ru")))
    entry = _topics().get(name)
    if entry is None:
        return
    if entry.label_en:
        g.add((node, SKOS.prefLabel, Literal(entry.label_en, lang="en")))
    for alt in entry.alt_labels:
        g.add((node, SKOS.altLabel, Literal(alt, lang="ru")))
    if entry.broader and entry.broader in _topics():
        broader = entity_iri("topic", entry.broader)
        g.add((node, SKOS.broader, broader))
        g.add((broader, RDF.type, KGO.Topic))
        g.add((broader, SKOS.inScheme, KGO.topics))
        g.add((broader, SKOS.prefLabel, Literal(entry.broader, lang="ru")))
        g.add((broader, RDFS.label, Literal(entry.broader, lang="ru")))


@lru_cache(maxsize=1)
def _topics() -> dict:
    return {t.label: t for t in lexicon.topics()}


def load_ontology(g: Graph | None = None) -> Graph:
    """The ontology as a graph (optionally added into g), for queries over subclass paths."""
    from .vocab import ONTOLOGY_FILE

    g = g if g is not None else new_graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g

