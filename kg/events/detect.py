"""Events of one article: trips read from clauses, their meetings and site visits, and events of their own.

Every clause that says someone travelled makes a trip frame (frames.py); the frames of one traveller
make his trip (trips.py), unless he is at home or only recalls it; an article may report several
trips. Meetings and site visits (subevents.py) go to the trip of the traveller their sentence names,
else to the trip told last before them. Sentences of direct speech are never evidence of what happened.

Rules (the name each Evidence records) are listed in frames.py, trips.py and subevents.py; here:
  guest_meeting   the talks of a guest received by a head: «Глава государства принял председателя ...»
  trip_site       a site the trip clause itself reaches: «приехал на молочно-товарный комплекс ОАО «...»»
  host_speaks     a local head speaks to the visitors under a caption: «Ермаганбет Булекпаев, аким
                  Карагандинской области: «У нас ...»»
"""
from __future__ import annotations

from ..model import Event, Link, Mention, Role
from ..rules.base import Doc
from ..rules.dates import DateMention
from .actors import HOSTS, actors, caption_speakers, online_people
from .context import STANDALONE, Context, find_triggers, speech_spans
from .frames import GUEST_RULES, find_frames
from .subevents import complete_standalone, dedupe, find_sub_events, is_held, site_event
from .trips import find_trips


def detect_events(doc: Doc, mentions: list[Mention], roles: list[Role], dates: list[DateMention]) -> list[Event]:
    """All events of one article: its trips with their sub-events, and events of their own."""
    ctx = Context(doc, mentions, roles, dates, speech_spans(doc.article.text))
    triggers = {s.index: find_triggers(s) for s in doc.sentences}
    online = online_people(ctx, triggers)
    frames = [f for f in find_frames(ctx, triggers) if f.principal not in online]
    trips = find_trips(ctx, triggers, frames)
    done = [v for v in trips if not v.planned]
    events: list[Event] = list(trips)
    subs = find_sub_events(ctx, triggers, done[0] if done else None)
    subs += _trip_sites(ctx, frames, done, subs) + _guest_meetings(ctx, frames, done)
    subs += _hosts_met(ctx, done, subs)
    for e in subs:
        trip = _trip_of(ctx, triggers, e, done)
        if trip and e.type not in {"Conference", "Session"}:
            e.parent = trip.key
            e.date = e.date or trip.date
            if trip.principal and not any(p.name == trip.principal for p in e.participants):
                e.participants.insert(0, Link(trip.principal, e.evidence))
        elif not trip and e.type not in STANDALONE or e.type in STANDALONE and not is_held(ctx.sentence_at(e.evidence.start)):
            continue  # a meeting or site with no trip, or a forum or session only mentioned (trip or not)
        else:
            complete_standalone(ctx, e, online)
        events.append(e)
    title = doc.article.title
    title_end = doc.article.text.find(title) + len(title) if title else 0
    return dedupe(events, title_end, _lead_end(doc, events, title_end))


def _lead_end(doc: Doc, events: list[Event], title_end: int) -> int:
    """The end of the lead: the first paragraph after the headline that tells an event, when more follow."""
    text = doc.article.text
    for e in sorted(events, key=lambda x: x.evidence.start):
        if e.evidence.start >= title_end:
            end = text.find("\n", e.evidence.start)
            return end if end >= 0 and text[end:].strip() else title_end
    return title_end


def _trip_of(ctx: Context, triggers, e: Event, trips: list[Event]) -> Event | None:
    """The trip a sub-event belongs to: that of the traveller its sentence names, else the one whose
    clause came last before it, else the first."""
    if len(trips) < 2:
        return trips[0] if trips else None
    sent = ctx.sentence_at(e.evidence.start)
    named = {n for n, _ in actors(ctx, sent, triggers[sent.index])}
    hit = next((v for v in trips if v.principal in named), None)
    if hit:
        return hit
    before = [v for v in trips if v.evidence.start <= e.evidence.start]
    return max(before, key=lambda v: v.evidence.start) if before else trips[0]


def _trip_sites(ctx: Context, frames, trips: list[Event], subs: list[Event]) -> list[Event]:
    """A site the trip clause reaches and no site rule read: «приехал на молочно-товарный комплекс ОАО»."""
    if not trips:
        return []
    known = {o.name for e in subs for o in e.organizations}
    out = []
    for f in frames:
        if f.mood != "done" or f.principal not in {v.principal for v in trips}:
            continue
        for o in f.sites:
            if o.name not in known and o.attrs.get("kind") not in {"media", "state_body", "union"}:
                sent = ctx.sentence_at(o.evidence.start)
                out.append(site_event(ctx, sent, o, "trip_site", None))
                known.add(o.name)
    return out


def _hosts_met(ctx: Context, trips: list[Event], subs: list[Event]) -> list[Event]:
    """«Ермаганбет Булекпаев, аким Карагандинской области: «У нас ...»» (b11): a local head who speaks to the
    visitors on site met them, though the report names no meeting with him."""
    if not trips:
        return []
    met = {p.name for e in subs if e.type == "Meeting" for p in e.participants}
    out = []
    for m, kind in caption_speakers(ctx):
        if kind not in HOSTS or m.name in met or m.name in {v.principal for v in trips}:
            continue
        sent = ctx.sentence_at(m.evidence.start)
        e = Event(type="Meeting", key="", label=f"Встреча: {m.name}", evidence=m.evidence.with_rule("host_speaks"),
                  participants=[Link(m.name, m.evidence)], sources=[ctx.doc.article.id])
        e.match_keys = [m.name]
        e.topics = [Link(t.name, t.evidence) for t in ctx.in_sentence(sent, "topic")]
        out.append(e)
        met.add(m.name)
    return out


def _guest_meetings(ctx: Context, frames, trips: list[Event]) -> list[Event]:
    """«Глава государства принял председателя парламента Грузии Шалву Папуашвили»: the talks of the visit."""
    out = []
    for f in frames:
        if f.evidence.rule not in GUEST_RULES or f.principal not in {v.principal for v in trips}:
            continue
        sent = ctx.doc.sentences[f.sent_index]
        people = [Link(n, ev) for n, ev in actors(ctx, sent, []) if n != f.principal]
        e = Event(type="Meeting", key="", label=f"Встреча: {f.evidence.quote}"[:120],
                  evidence=f.evidence.with_rule("guest_meeting"), participants=people,
                  sources=[ctx.doc.article.id])
        e.match_keys = ["прием", f.principal]
        out.append(e)
    return out
