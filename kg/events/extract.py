"""Run every rule over one article: mentions, roles, dates, then the article's events."""
from __future__ import annotations

from ..model import Article, ArticleFacts, Mention
from ..rules.base import Doc
from ..rules.dates import find_dates
from ..rules.orgs import find_orgs
from ..rules.persons import find_persons
from ..rules.places import find_places
from ..rules.roles import find_roles
from ..rules.topics import find_topics
from ..text.kazakh import FOLD_KAZAKH, is_kazakh
from ..text.morph import keep_bounds
from ..text.segment import Spans
from .detect import detect_events


def extract(article: Article) -> ArticleFacts:
    """All facts of one article, each with its evidence."""
    keep_bounds()  # the rules' answers per word form, kept from article to article
    doc = Doc.read(article)
    all_places = find_places(doc)
    orgs = find_orgs(doc, all_places)  # the places tell whose «Сенат» or «МИД» the article means
    # «университета имени Каныша Сатпаева» names an honoree, not a person of the story
    people = _outside(find_persons(doc), orgs)
    if is_kazakh(article.text):
        people = [_russian_spelling(m) for m in people]
    places = _outside(all_places, orgs, people)
    topics = find_topics(doc, orgs)
    mentions = sorted(people + places + orgs + topics, key=lambda m: (m.evidence.start, m.kind))
    roles = find_roles(doc, mentions)
    events = detect_events(doc, mentions, roles, find_dates(doc))
    return ArticleFacts(article, mentions, roles, events)


def _russian_spelling(m: Mention) -> Mention:
    """In a Kazakh-language article a name is spelled in Kazakh letters («Маулен Әшімбаев»);
    the graph keeps one spelling per person, the Russian one the other articles use."""
    attrs = {k: v.translate(FOLD_KAZAKH) if isinstance(v, str) else v for k, v in m.attrs.items()}
    return Mention(m.kind, m.name.translate(FOLD_KAZAKH), m.evidence, attrs)


def _outside(mentions, *others):
    """Drop mentions inside an organization's or person's name («Ассамблея народа Казахстана»)."""
    # a region inside «акимат Карагандинской области», «ДЧС ВКО» is still a place the article names
    spans = Spans((m.evidence.start, m.evidence.end) for group in others for m in group
                  if m.evidence.rule not in {"local_body", "regional_body"})
    return [m for m in mentions if not spans.covers(m.evidence.start, m.evidence.end)]
