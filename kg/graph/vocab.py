"""Namespaces: the project's ontology terms as a closed DefinedNamespace, and resource IRIs.

A typo in a term is an AttributeError, not a new IRI; tests check that this list and
ontology.ttl declare the same terms. Resource IRIs derive from canonical names or content,
so a rebuild gives the same IRIs whatever the file order.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://kg.example.org/"
ONTOLOGY_FILE = Path(__file__).resolve().parent / "ontology.ttl"  # a link to the top-level file


class KGO(DefinedNamespace):
    """Terms of ontology.ttl."""
    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Event: URIRef
    Visit: URIRef
    PlannedVisit: URIRef
    Meeting: URIRef
    RoundTable: URIRef
    SiteVisit: URIRef
    Conference: URIRef
    Session: URIRef
    SportsEvent: URIRef
    Ceremony: URIRef
    Person: URIRef
    Position: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    District: URIRef
    Settlement: URIRef
    Facility: URIRef
    Organization: URIRef
    Enterprise: URIRef
    EducationalOrganization: URIRef
    StateBody: URIRef
    Party: URIRef
    Union: URIRef
    MediaOrganization: URIRef
    PublicAssociation: URIRef
    IndustrialZone: URIRef
    CulturalOrganization: URIRef
    Topic: URIRef
    Article: URIRef
    Evidence: URIRef
    # the topic concept scheme
    topics: URIRef
    # event properties
    participant: URIRef
    principal: URIRef
    organizer: URIRef
    place: URIRef
    organization: URIRef
    topic: URIRef
    partOf: URIRef
    date: URIRef
    endDate: URIRef
    planned: URIRef
    # people, posts, places
    givenName: URIRef
    familyName: URIRef
    patronymic: URIRef
    holds: URIRef
    title: URIRef
    postIn: URIRef
    postPlace: URIRef
    within: URIRef
    locatedIn: URIRef
    # articles and provenance
    mentions: URIRef
    articleId: URIRef
    published: URIRef
    headline: URIRef
    contentHash: URIRef
    copyOf: URIRef
    evidence: URIRef
    quote: URIRef
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    rule: URIRef


SDO = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ID = Namespace(BASE + "id/")

PREFIXES = {
    "kgo": str(KGO._NS),
    "kg": str(ID),
    "schema": str(SDO),
    "sem": str(SEM),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
     "a", "g", "q", "n", "o", "u", "u", "h", "i"],
))


def slug(name: str) -> str:
    """ASCII slug of a name; a short hash keeps names that transliterate alike apart."""
    low = name.lower()
    ascii_ = "".join(TRANSLIT.get(c, c) for c in low)
    ascii_ = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:60] or "x"
    return f"{ascii_}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def plain(namespace: type[DefinedNamespace]) -> SimpleNamespace:
    """A closed namespace's terms as plain strings, for code that writes millions of triples.

    Each attribute of a DefinedNamespace is a lookup that builds a new URIRef (about a microsecond).
    """
    return SimpleNamespace(**{name: str(namespace[name]) for name in namespace.__annotations__
                              if not name.startswith("_")})


@lru_cache(maxsize=1 << 16)  # an entity is named again in every article that mentions it
def iri(kind: str, name: str) -> URIRef:
    """The IRI of a resource of a kind ('person', 'place', 'org', 'topic', 'event', ...)."""
    return ID[f"{kind}/{slug(name)}"]


@lru_cache(maxsize=1 << 16)
def article_iri(article_id: str) -> URIRef:
    """The IRI of an article, from its id (the file name) made one path segment by id_segment."""
    return ID["article/" + id_segment(article_id)]


def id_segment(article_id: str) -> str:
    """An article id as one IRI path segment: its UTF-8 percent-encoded, all but letters, digits and `_.-~`.

    Injective, so «статья_1» and «пример_1», «a b» and «a_b» keep their own IRIs; a space, a quote
    or `<` in a file name cannot make an invalid IRI. An id of dots only (`.`, `..`) is encoded too:
    a resolver would read it as a step up the path.
    """
    segment = quote(article_id, safe="")
    return segment.replace(".", "%2E") if not segment.strip(".") else segment


def digest(*parts: object) -> str:
    """A stable content hash for IRIs of evidence and positions."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
