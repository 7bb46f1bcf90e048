"""The visit: where the principal travelled and when, unless he is at home or only recalls a trip."""
from __future__ import annotations

import re
from datetime import date

from ..model import Event, Evidence, Link, Mention
from ..rules import lexicon
from ..rules.persons import genitive_name
from ..rules.places import ancestors, lexicon_kind
from ..text.morph import accusative_phrase
from ..text.segment import Sentence
from .context import DESTINATION_KINDS, Context
from .principal import refers_to, title_refs

TRIP_REACH = 8        # tokens from a trip word to its destination: «рабочей поездки в Карагандинскую область»
RECALL_DAYS = 7       # a trip dated this long before the article is recalled, not reported
MIN_ACTIVITIES = 2    # meetings or sites of the official that make a trip without a trip word
# a sentence that opens so recalls earlier news, not what the article reports: «Ранее стало
# известно, что Глава государства на следующей неделе посетит с официальным визитом Армению»
BACKGROUND = re.compile(r"^\W*(ранее|напомним|напомним,|как (ранее )?сообщалось|как стало известно ранее)\b", re.I)


def find_visit(ctx: Context, triggers, principal: str, planned: bool) -> Event | None:
    trip = _trip_destination(ctx, triggers, principal)
    more: list[Mention] = []
    if trip:
        (dest, *more), rule, (day, end) = trip[0], "visit_trip_phrase", trip[1]
    else:
        # no trip phrase: the official's own meetings and sites in a named region make the trip
        acts = [s for s in ctx.doc.sentences if not ctx.in_speech(s.start)
                and any(t.kind in {"meeting", "site"} for t in triggers[s.index])
                and refers_to(ctx, s, triggers[s.index], principal)]
        dest = _main_region(ctx) if len(acts) >= MIN_ACTIVITIES else None
        rule, (day, end) = "visit_activity", (ctx.doc.article.date, None)
    if dest is None or not _is_official(ctx, triggers, principal):
        return None
    if _at_home(ctx, principal, dest):
        return None
    places = []
    for d in [dest, *more]:
        places.append(Link(d.name, d.evidence))
        if region_of(d) != d.name:
            places.append(Link(region_of(d), d.evidence))
    where = " и ".join(accusative_phrase(d.name) for d in [dest, *more])
    visit = Event(
        type="Visit", key=f"Visit|{principal}|{region_of(dest)}|{day}",
        label=f"Рабочая поездка {genitive_name(principal)} в {where}",
        evidence=dest.evidence.with_rule(rule),
        date=day, end_date=end, planned=planned, principal=principal,
        participants=[Link(principal, _first_evidence(ctx, principal))], places=places,
        sources=[ctx.doc.article.id], region=region_of(dest),
    )
    visit.participants += _speakers(ctx, triggers, exclude={principal})
    visit.topics = [Link(m.name, m.evidence) for m in ctx.mentions if m.kind == "topic"]
    return visit


def _at_home(ctx: Context, principal: str, dest: Mention) -> bool:
    """An akim among the residents of his own city (any district of it) or of his own region's
    whole territory is at home, not on a trip; a regional akim's trip to a district is a trip."""
    for r in ctx.roles:
        if r.person != principal or not r.place:
            continue
        if dest.name == r.place or region_of(dest) == r.place and dest.attrs.get("kind") == "region":
            return True
        if r.place in ancestors(dest.name) and lexicon_kind(r.place) == "city":
            return True
    return False


def _is_official(ctx: Context, triggers, principal: str) -> bool:
    """The principal holds a post the article states, or is named by one («председатель Сената»)."""
    if any(r.person == principal and lexicon.titles().get(r.title) != "public" for r in ctx.roles):
        return True
    return any(n == principal and ev.rule == "title_ref"
               for s in ctx.doc.sentences for n, ev in title_refs(ctx, s))


def region_of(place: Mention) -> str:
    if place.attrs.get("kind") in {"city", "district", "settlement"} and place.attrs.get("parent_kind") == "region":
        return place.attrs["parent"]
    return place.name


def _trip_destination(ctx: Context, triggers, principal: str):
    """(places, (date, end)) from the first sentence where the principal travels: «прибыл в Актобе».

    The date is that of the first trip sentence that states one: a headline «Министр посетила
    Костанайскую область» has none, the lead «15-16 мая Министр ... находилась с рабочей поездкой» has."""
    trips = _trip_sentences(ctx, triggers, principal)
    if not trips:
        return None
    regions = {region_of(m) for m in trips[0][0]}
    dated = next((when for places, when in trips if when[0] and regions & {region_of(m) for m in places}), None)
    return trips[0][0], dated or (ctx.doc.article.date, None)


def _coordinated(ctx: Context, sent: Sentence, places: list[Mention]) -> list[Mention]:
    """The first destination and those joined to it by «и» or a comma: «в Абайскую и
    Восточно-Казахстанскую области» is a trip to both regions."""
    out = [places[0]]
    for m in places[1:]:
        between = ctx.doc.article.text[out[-1].evidence.end:m.evidence.start]
        if not re.fullmatch(r"\s*(,|и)\s*", between) or m.name in {p.name for p in out}:
            break
        out.append(m)
    return out


def _trip_sentences(ctx: Context, triggers, principal: str):
    out = []
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start) or BACKGROUND.match(sent.text):
            continue
        for t in triggers[sent.index]:
            if t.kind != "trip" or not refers_to(ctx, sent, triggers[sent.index], principal):
                continue
            lo = sent.tokens[t.start].start
            hi = sent.tokens[min(len(sent.tokens), t.end + TRIP_REACH) - 1].end
            places = [m for m in ctx.in_sentence(sent, "place", lo, hi)
                      if m.attrs.get("kind") in DESTINATION_KINDS | {"country"}]
            if not places:
                continue
            when = _sentence_date(ctx, sent)
            if when[0] and ctx.doc.article.date and _days(when[1] or when[0], ctx.doc.article.date) > RECALL_DAYS:
                continue  # «В январе 2024 года Президент в ходе рабочего визита в Алматы ...»: recalled
            out.append((_coordinated(ctx, sent, places), when))
            break
    return out


def _days(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _main_region(ctx: Context) -> Mention | None:
    """The region (else city) the article names most often outside direct speech."""
    counts: dict[str, list[Mention]] = {}
    for m in ctx.mentions:
        if m.kind == "place" and m.attrs.get("kind") in DESTINATION_KINDS and not ctx.in_speech(m.evidence.start):
            counts.setdefault(m.name, []).append(m)
    if not counts:
        return None
    rank = {"region": 0, "city": 1, "district": 2, "settlement": 3}
    return sorted(counts.values(),
                  key=lambda ms: (rank.get(ms[0].attrs.get("kind"), 9), -len(ms), ms[0].evidence.start))[0][0]


def _sentence_date(ctx: Context, sent: Sentence) -> tuple[str | None, str | None]:
    for d in ctx.dates:
        if sent.start <= d.evidence.start < sent.end:
            return d.day, d.end
    return None, None


def _first_evidence(ctx: Context, person: str) -> Evidence:
    for m in ctx.mentions:
        if m.kind == "person" and m.name == person and not ctx.in_speech(m.evidence.start):
            return m.evidence
    return next(m.evidence for m in ctx.mentions if m.kind == "person" and m.name == person)


def _speakers(ctx: Context, triggers, exclude: set[str]) -> list[Link]:
    """People who address the official or report to him: «обратился к спикеру с вопросом»."""
    out = []
    for sent in ctx.doc.sentences:
        acts = [t for t in triggers[sent.index] if t.kind == "interact"]
        # «не смог принять в нем участие»: a denied act makes no participant
        if ctx.in_speech(sent.start) or not any(not _negated(sent, t.start) for t in acts):
            continue
        for m in ctx.in_sentence(sent, "person"):
            if m.name not in exclude and not ctx.in_speech(m.evidence.start):
                out.append(Link(m.name, m.evidence.with_rule("participant_speaks")))
    return out


def _negated(sent: Sentence, i: int) -> bool:
    """«не» within the two words before a verb: «не смог принять участие», «не выступил»."""
    return any(tok.text.lower() == "не" for tok in sent.tokens[max(0, i - 3):i])
