"""Turn merged facts into RDF triples under ontology.ttl, with an Evidence resource behind every statement.

An Evidence is a reified statement (rdf:subject / rdf:predicate / rdf:object) that points to
its Article with prov:wasDerivedFrom and carries the quote, sentence, offsets and rule.
"""
from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV

from ..model import ArticleFacts, Event, Evidence
from ..rules import lexicon
from .triples import Triples
from .vocab import ID, KGO, PREFIXES, SDO, article_iri, digest, iri, plain

# the terms as plain strings, named like their Turtle prefixes: `t.add(ev, rdf.type, kgo.Evidence)`
kgo, rdf, rdfs, prov, skos = map(plain, (KGO, RDF, RDFS, PROV, SKOS))
sdo = SimpleNamespace(latitude=str(SDO.latitude), longitude=str(SDO.longitude))

EVENT_CLASS = {
    "Visit": kgo.Visit, "PlannedVisit": kgo.PlannedVisit, "Meeting": kgo.Meeting, "RoundTable": kgo.RoundTable,
    "SiteVisit": kgo.SiteVisit, "Conference": kgo.Conference, "Session": kgo.Session,
    "SportsEvent": kgo.SportsEvent, "Ceremony": kgo.Ceremony,
}
PLACE_CLASS = {
    "country": kgo.Country, "region": kgo.Region, "city": kgo.City, "district": kgo.District,
    "settlement": kgo.Settlement, "facility": kgo.Facility, "zone": kgo.IndustrialZone,
}
ORG_CLASS = {
    "enterprise": kgo.Enterprise, "education": kgo.EducationalOrganization,
    "state_body": kgo.StateBody, "party": kgo.Party, "union": kgo.Union,
    "media": kgo.MediaOrganization, "public_association": kgo.PublicAssociation,
    "zone": kgo.IndustrialZone, "culture": kgo.CulturalOrganization,
}
# entities remembered as described: a real archive keeps naming new ones (see kg.build.index.MergeIndex)
DESCRIBED_KEPT = 100_000
ENTITY_KIND = {"person": "person", "place": "place", "org": "org", "topic": "topic"}
# Words a label cannot end with: a phrase cut after them is cut short («…по науке и технологиям изаявил о»,
# tn_532163, where the scraper glued «и заявил»).
DANGLING = frozenset("о об обо в во на с со и а но или по к ко у от до из за для при про над под что как".split())


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
    """Collects triples, article by article and event by event; every fact goes through `state`, with its provenance.

    The triples of an article depend on that article's facts alone (and on which merged event each
    of its reports of an event became), so a corpus can be written in any order and in batches.
    """

    def __init__(self, mentioned: set[tuple[str, str]], triples: Triples | None = None):
        """`mentioned` holds the (kind, name) of every entity some article of the corpus mentions."""
        self.t = triples if triples is not None else Triples()
        self.mentioned = mentioned
        self._described: set[tuple] = set()  # entities whose label and class are written

    def state(self, s: URIRef, p: URIRef, o: str, evidence: Evidence) -> None:
        """Add a triple together with its provenance: the article and an Evidence resource."""
        t = self.t
        t.add(s, p, o)
        art = article_iri(evidence.article)
        ev = f"{ID}evidence/{digest(evidence.article, evidence.start, evidence.end, evidence.rule, s, p, o)}"
        if s != art:
            t.add(s, prov.wasDerivedFrom, art)
        t.add(s, kgo.evidence, ev)
        t.add(ev, rdf.type, kgo.Evidence)
        t.add(ev, rdf.subject, s)
        t.add(ev, rdf.predicate, p)
        t.add(ev, rdf.object, o)
        t.add(ev, prov.wasDerivedFrom, art)
        t.add(ev, kgo.quote, t.text(evidence.quote))
        t.add(ev, kgo.sentence, t.text(evidence.sentence))
        t.add(ev, kgo.charStart, t.integer(evidence.start))
        t.add(ev, kgo.charEnd, t.integer(evidence.end))
        t.add(ev, kgo.rule, t.text(evidence.rule))

    def article(self, facts: ArticleFacts, reports: list[tuple[str, str] | None], copy_of: str | None = None) -> None:
        """An article with its mentions and roles, and its reports of events: `reports[i]` is the IRI
        and class of the merged event that facts.events[i] is part of (None: dropped by the merge). `copy_of` names the article
        whose text this one repeats (its facts are that article's, read at the same offsets)."""
        t = self.t
        a = facts.article
        node = article_iri(a.id)
        t.add(node, rdf.type, kgo.Article)
        t.add(node, kgo.articleId, t.text(a.id))
        t.add(node, kgo.contentHash, t.text(a.sha))
        if a.date:
            t.add(node, kgo.published, t.date(a.date))
        if a.title:
            t.add(node, kgo.headline, t.text(a.title))
        if copy_of:
            t.add(node, kgo.copyOf, article_iri(copy_of))
        cited: set[URIRef] = set()
        for m in facts.mentions:
            entity = entity_iri(m.kind, m.name)
            if entity in cited:
                continue  # the first mention in an article is its evidence; `kg explain` lists them all
            cited.add(entity)
            self._describe(entity, m.kind, m.name, m.attrs)
            self.state(node, kgo.mentions, entity, m.evidence)
            t.add(entity, prov.wasDerivedFrom, node)
        for r in facts.roles:
            person = entity_iri("person", r.person)
            post = ID[f"position/{digest(r.person, r.title, r.org, r.place)}"]
            t.add(post, rdf.type, kgo.Position)
            t.add(post, kgo.title, t.text(r.title, "ru"))
            label = post_label(r.title, r.org or r.place)
            t.add(post, rdfs.label, t.text(label, "ru"))
            if r.org:
                t.add(post, kgo.postIn, entity_iri("org", r.org))
            if r.place:
                t.add(post, kgo.postPlace, entity_iri("place", r.place))
            self.state(person, kgo.holds, post, r.evidence)
        for e, report in zip(facts.events, reports):
            if report is not None:  # None: an event the merge dropped
                self.report(*report, e)

    def event(self, e: Event) -> tuple[str, str]:
        """A merged event's own statements (label, dates, parent, principal); its IRI and class."""
        t = self.t
        node = event_iri(e.key)
        t.add(node, rdfs.label, t.text(event_label(e.label), "ru"))
        if e.date:
            t.add(node, kgo.date, t.date(e.date))
        if e.end_date:
            t.add(node, kgo.endDate, t.date(e.end_date))
        if e.planned:
            t.add(node, kgo.planned, t.boolean(True))
        if e.parent:
            t.add(node, kgo.partOf, event_iri(e.parent))
        if e.principal:
            t.add(node, kgo.principal, entity_iri("person", e.principal))
        return node, EVENT_CLASS.get(e.type, kgo.Event)

    def report(self, node: str, cls: str, e: Event) -> None:
        """What one article says of an event: that it happened (its evidence) and who, where, what."""
        for evidence in (e.evidence, *e.more_evidence):
            self.state(node, rdf.type, cls, evidence)
        for field, prop, kind in (
            ("participants", kgo.participant, "person"), ("places", kgo.place, "place"),
            ("organizations", kgo.organization, "org"), ("organizers", kgo.organizer, "org"),
            ("topics", kgo.topic, "topic"),
        ):
            for link in getattr(e, field):
                target = entity_iri(kind, link.name)
                if (kind, link.name) not in self.mentioned:  # a site named only as visited: «в детском саду «Бегім ана»»
                    self._describe(target, kind, link.name, {})
                self.state(node, prop, target, link.evidence)

    def _describe(self, node: URIRef, kind: str, name: str, attrs: dict) -> None:
        key = (node, kind, name, repr(sorted(attrs.items())))
        if key not in self._described:  # said once per build, not once per article that names it
            if len(self._described) >= DESCRIBED_KEPT:
                self._described.clear()  # said again later: the triples are a set, the runs merge each once
            self._described.add(key)
            _describe_entity(self.t, node, kind, name, attrs)


def post_label(title: str, where: str | None) -> str:
    """«президент» of «Казахстан» → «президент Казахстана»; «спикер сената» of «Сенат Парламента
    Республики Казахстан» → «спикер Сената Парламента Республики Казахстан» (the title's last word
    names the body itself, so the body's name takes its place)."""
    from ..text.morph import lemmas

    if not where:
        return title
    words = title.split()
    head = where.split()[0]
    if len(words) > 1 and lemmas(words[-1]) & lemmas(head):
        words = words[:-1]
    return " ".join(words + [genitive_phrase(where)])


def genitive_phrase(name: str) -> str:
    """A name in the genitive: its leading adjectives and head noun inflect, the rest (already a
    genitive or a name in quotes) stays: «Карагандинская область» → «Карагандинской области»,
    «Сенат Парламента Республики Казахстан» → «Сената Парламента …»; an unknown word (a Kazakh or
    Latin name, an abbreviation) stops it unchanged."""
    from ..text.morph import inflect, match_case, parses

    words = name.split(" ")
    for i, word in enumerate(words):
        found = next((p for p in parses(word) if "nomn" in p.tag and p.tag.POS in ("ADJF", "NOUN")
                      and p.is_known), None)
        if found is None:
            return name
        if found.tag.POS == "NOUN":
            number = "plur" if "plur" in found.tag else "sing"
            gender = found.tag.gender
            adjectives = [inflect(w, {"gent", number} | ({gender} if number == "sing" and gender else set()), pos="ADJF")
                          for w in words[:i]]
            noun = found.inflect({"gent", number})
            if noun is None or None in adjectives:
                return name
            return " ".join(adjectives + [match_case(noun.word, word)] + words[i + 1:])
    return name


def event_label(label: str) -> str:
    """An event's label without the words a phrase cut short leaves at its end: a preposition or a
    conjunction, a verb, or a conjunction glued to a verb («изаявил», «и заявил» run together)."""
    words = label.split(" ")
    while len(words) > 2:
        last = words[-1].lower()
        if last in DANGLING or _is_verb(last) or (last[:1] in "иа" and not _known(last) and _is_verb(last[1:])):
            words.pop()
        else:
            break
    return " ".join(words)


def _is_verb(word: str) -> bool:
    from ..text.morph import parses

    return any(p.tag.POS in ("VERB", "INFN") and p.is_known for p in parses(word))


def _known(word: str) -> bool:
    from ..text.morph import parses

    return any(p.is_known for p in parses(word))


def _describe_entity(t: Triples, node: URIRef, kind: str, name: str, attrs: dict) -> None:
    t.add(node, rdfs.label, t.text(name, "ru"))
    if kind == "person":
        t.add(node, rdf.type, kgo.Person)
        for key, prop in (("given", kgo.givenName), ("family", kgo.familyName), ("patronymic", kgo.patronymic)):
            if attrs.get(key):
                t.add(node, prop, t.text(attrs[key]))
    elif kind == "place":
        t.add(node, rdf.type, PLACE_CLASS.get(attrs.get("kind"), kgo.Place))
        _locate(t, node, attrs)
        if attrs.get("parent"):
            t.add(node, kgo.within, entity_iri("place", attrs["parent"]))
        # the enclosing units, described too: a query by region or country reaches a foreign town
        chain = attrs.get("chain") or []
        for unit, outer in zip(chain, chain[1:] + [None]):
            up = entity_iri("place", unit["name"])
            t.add(up, rdfs.label, t.text(unit["name"], "ru"))
            t.add(up, rdf.type, PLACE_CLASS.get(unit.get("kind"), kgo.Place))
            _locate(t, up, unit)
            if outer:
                t.add(up, kgo.within, entity_iri("place", outer["name"]))
    elif kind == "org":
        t.add(node, rdf.type, ORG_CLASS.get(attrs.get("kind"), kgo.Organization))
        if attrs.get("place"):
            t.add(node, kgo.locatedIn, entity_iri("place", attrs["place"]))
    elif kind == "topic":
        _describe_topic(t, node, name)


def _locate(t: Triples, node: URIRef, attrs: dict) -> None:
    """schema:latitude and schema:longitude (WGS 84 degrees, from GeoNames) of a place that has them."""
    if attrs.get("lat") is not None:
        t.add(node, sdo.latitude, t.decimal(attrs["lat"], 4))  # world.tsv keeps four places
        t.add(node, sdo.longitude, t.decimal(attrs["lon"], 4))


def _describe_topic(t: Triples, node: URIRef, name: str) -> None:
    """A topic as a SKOS concept of the scheme, with its labels and its broader topic."""
    t.add(node, rdf.type, kgo.Topic)
    t.add(node, skos.inScheme, kgo.topics)
    t.add(node, skos.prefLabel, t.text(name, "ru"))
    entry = _topics().get(name)
    if entry is None:
        return
    if entry.label_en:
        t.add(node, skos.prefLabel, t.text(entry.label_en, "en"))
    for alt in entry.alt_labels:
        t.add(node, skos.altLabel, t.text(alt, "ru"))
    if entry.broader and entry.broader in _topics():
        broader = entity_iri("topic", entry.broader)
        t.add(node, skos.broader, broader)
        t.add(broader, rdf.type, kgo.Topic)
        t.add(broader, skos.inScheme, kgo.topics)
        t.add(broader, skos.prefLabel, t.text(entry.broader, "ru"))
        t.add(broader, rdfs.label, t.text(entry.broader, "ru"))


@lru_cache(maxsize=1)
def _topics() -> dict:
    return {t.label: t for t in lexicon.topics()}


def load_ontology(g: Graph | None = None) -> Graph:
    """The ontology as a graph (optionally added into g), for queries over subclass paths."""
    from .vocab import ONTOLOGY_FILE

    g = g if g is not None else new_graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g

