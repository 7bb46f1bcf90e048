"""Events of one article: the official's visit, its meetings and site visits, and events of their own.

The visit is read from the article as a whole: a principal (the official whom the trip
sentences are about), a destination (the region or city the trip goes to, outside his own
territory), and evidence that he travelled (trip words, or meetings and sites he attended).
Sentences of direct speech are never evidence of what happened.

Rules (the name each Evidence records):
  visit_trip_phrase   «в рамках его рабочей поездки в Карагандинскую область»
  visit_activity      no trip word, but the official meets people in a named region
  meeting_with        «встретился с депутатами маслихатов», «обменялись мнениями с ...»
  meeting_held        «провел совещание по вопросам ... развития области»: a meeting named by its subject
  collective_site     «встретился с коллективами ... комбината» → a visit to each enterprise
  site_visit          «ознакомился с деятельностью завода», «Первым объектом стал ...», «посетили завод»,
                      «посетил новую школу» (a facility with no name)
  round_table         «круглый стол, посвященный ...»
  other_event         a match, a ceremony, a conference, a session
  participant_speaks  «обратился к спикеру Сената с вопросом», «подняла тему», «доложил»
"""
from __future__ import annotations

from ..model import Event, Link, Mention, Role
from ..rules.base import Doc
from ..rules.dates import DateMention
from .context import STANDALONE, Context, find_triggers, speech_spans
from .principal import find_principal, online_people
from .subevents import complete_standalone, dedupe, find_sub_events, is_held
from .visit import find_visit


def detect_events(doc: Doc, mentions: list[Mention], roles: list[Role], dates: list[DateMention]) -> list[Event]:
    """All events of one article: a visit with its sub-events, or events of their own."""
    ctx = Context(doc, mentions, roles, dates, speech_spans(doc.article.text))
    triggers = {s.index: find_triggers(s) for s in doc.sentences}
    online = online_people(ctx, triggers)
    principal, planned = find_principal(ctx, triggers, online)
    visit = find_visit(ctx, triggers, principal, planned) if principal else None
    subs = find_sub_events(ctx, triggers, visit)
    events = [visit] if visit else []
    for e in subs:
        if visit and e.type != "Conference" and e.type != "Session":
            e.parent = visit.key
            e.date = e.date or visit.date
            if principal and not any(p.name == principal for p in e.participants):
                e.participants.insert(0, Link(principal, e.evidence))
        elif not visit and (e.type not in STANDALONE or not is_held(ctx.sentence_at(e.evidence.start))):
            continue  # a meeting or site with no visit, or a forum only mentioned, is not reported here
        else:
            complete_standalone(ctx, e, online)
        events.append(e)
    title = doc.article.title
    title_end = doc.article.text.find(title) + len(title) if title else 0
    return dedupe(events, title_end)
