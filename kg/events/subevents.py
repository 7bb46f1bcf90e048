"""Meetings, site visits, round tables and other events within a visit, or of their own."""
from __future__ import annotations

import re

from ..model import Event, Link, Mention
from ..text.morph import lemmas, name_key, nominative_phrase, parses
from ..text.segment import Sentence
from .context import DESTINATION_KINDS, EVENT_TYPE, Context, Trigger, clause_mood, norm
from .objects import (
    COLLECTIVE,
    NOUN_TRIGGERS,
    WITH,
    ends_object,
    lemma_keys,
    object_span,
    second_lemma,
)
from .actors import refers_to

# a facility visited with no named operator: «с экспозицией областного историко-краеведческого музея»
FACILITY_WORDS = {"музей", "аэропорт", "терминал", "школа-интернат", "школа", "завод", "фабрика", "комбинат",
                  "предприятие", "лаборатория", "мастерская", "больница", "гэс", "гидроагрегат", "станция",
                  "университет", "колледж", "центр", "парк", "стадион", "порт", "вокзал", "шахта", "рудник",
                  # «побывала в детском саду «Бегім ана»», «побывал на ГРЭС «Топар»», «посетил новый "Дом дружбы"»
                  "сад", "академия", "грэс", "тэц", "электростанция", "хозяйство", "комплекс", "месторождение",
                  "дом", "мавзолей", "дворец", "поликлиника", "гимназия", "лицей", "теплица", "ферма"}
QUOTES_OPEN = {"«", '"', "“", "„"}
# kinds of organization whose premises an official visits: «В Кызылординском университете ...»
SITE_KINDS = {"enterprise", "education", "culture", "zone"}
# meetings named by what they are about, not by whom: «провел совещание по вопросам ...», «провел прием граждан»
HELD_MEETINGS = {"совещание", "прием"}
DISCUSS = {"обсудить"}  # a meeting verb that, in a «где» clause of a site visit, is a talk during it
# «осмотрел ход строительства нового водоопреснительного завода»: the facility is in the genitive
WORKS_WORDS = {"ход", "строительство", "работа", "деятельность", "реконструкция", "модернизация", "площадка"}
# verbs that report an event as held: «обсудили в Караганде на заседании круглого стола»
HELD_VERBS = {"пройти", "состояться", "провести", "обсудить", "собраться", "открыться", "начаться",
              "завершиться", "принять", "выступить", "организовать", "рассмотреть"}
SPEECH_VERBS = {"сказать", "отметить", "подчеркнуть", "заявить", "считать", "сделать", "остановиться", "выступить",
                "подключиться", "рассказать", "сообщить", "добавить", "акцентировать", "обратить", "предложить"}


def find_sub_events(ctx: Context, triggers, visit: Event | None) -> list[Event]:
    out: list[Event] = []
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start):
            continue
        acts = triggers[sent.index]
        here: list[Event] = []
        discussed: list[Event] = []
        for t in acts:
            if t.kind not in {"meeting", "site", *EVENT_TYPE} or clause_mood(sent, t.start, t.end) != "done":
                continue  # «Токаев примет участие в заседании», «посетит ТЭЦ»: not (yet) held
            if t.kind == "session" and any(x.kind in {"roundtable", "conference"} and 0 <= x.start - t.end <= 1 for x in acts):
                continue  # «на заседании круглого стола» is the round table
            if t.kind == "meeting":
                found = _meeting(ctx, sent, t, triggers[sent.index])
                if lemmas(sent.tokens[t.start].text) & DISCUSS and any(
                        x.text.lower() == "где" for x in sent.tokens[max(0, t.start - 3):t.start]):
                    discussed += found
                else:
                    here += found
            elif t.kind == "site":
                here += _site(ctx, sent, t, triggers[sent.index])
            elif t.kind in EVENT_TYPE:
                here.append(_other(ctx, sent, t))
        if visit and not any(e.type == "SiteVisit" for e in here):
            here += _acting_at(ctx, sent, triggers[sent.index], visit.principal)
        site = next((e for e in here if e.type == "SiteVisit"), None)
        for e in discussed:
            # «побывала в колледже, где обсудила со студентами ...»: a talk during the visit to a site
            # is that visit, not a meeting of its own; those spoken with were there («посетил АО
            # «Озенмунайгаз» и обсудил с нефтяниками ...» is a meeting after it)
            if site is None:
                here.append(e)
            else:
                site.participants += e.participants
        out += _within_named_site(here)
    return out


def _acting_at(ctx: Context, sent: Sentence, triggers, principal: str) -> list[Event]:
    """«В Кызылординском университете имени Коркыт Ата вице-премьер выступил с лекцией»: the official
    acting inside an enterprise or institution that opens the sentence has visited it."""
    toks = sent.tokens
    if len(toks) < 3 or toks[0].text.lower() not in {"в", "на"}:
        return []
    org = next((o for o in ctx.in_sentence(sent, "org") if o.evidence.start == toks[1].start
                or o.evidence.start == toks[2].start), None)
    if org is None or org.attrs.get("kind") not in SITE_KINDS or not refers_to(ctx, sent, triggers, principal):
        return []
    k = next(n for n in range(len(toks)) if toks[n].start >= org.evidence.end - 1)
    return [site_event(ctx, sent, org, "site_acting_in", Trigger("site", 0, k + 1))]


def _within_named_site(events: list[Event]) -> list[Event]:
    """An unnamed facility seen in the sentence that names the site is part of that site:
    «посетил Шымкентский университет и ознакомился с работой научной лаборатории»."""
    named = next((e for e in events if e.type == "SiteVisit" and e.organizations), None)
    if named is None:
        return events
    out = []
    for e in events:
        if e.type == "SiteVisit" and not e.organizations:
            named.absorb(e)
        else:
            out.append(e)
    return out


def _meeting(ctx: Context, sent: Sentence, t: Trigger, triggers) -> list[Event]:
    # «на встрече с депутатами»: a noun takes its object at once; «В ходе встречи ... обратился к
    # спикеру с вопросом» is not a meeting with a question
    noun = lemmas(sent.tokens[t.start].text) & NOUN_TRIGGERS
    span = object_span(sent, t.end, triggers, gap=1 if noun else 10, people=True)
    if not span and lemmas(sent.tokens[t.start].text) & HELD_MEETINGS:
        return [_conference_call(ctx, sent, t)]
    if not span:
        return []
    i, j = span
    lo, hi = sent.tokens[i].start, sent.tokens[j - 1].end
    orgs = ctx.in_sentence(sent, "org", lo, hi)
    first = parses(sent.tokens[i].text)[0].normal_form if sent.tokens[i].is_word else ""
    if COLLECTIVE in (first, second_lemma(sent, i)) and orgs:
        return [site_event(ctx, sent, o, "collective_site", t) for o in orgs]
    keys = [o.name for o in orgs] + lemma_keys(sent, i, j)
    if not keys:
        # «встретился с жителями, пострадавшими от наводнения»: those met are named by a group word alone
        keys = [w for w in lemma_keys(sent, i, j, groups=True)[:1]]
    if not keys:
        return []
    ev = ctx.doc.evidence(sent, sent.tokens[t.start].start, hi, "meeting_with")
    people = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "person", lo, hi)]
    label = "Встреча с " + sent.text[lo - sent.start: hi - sent.start]
    e = Event(type="Meeting", key="", label=label[:120], evidence=ev, participants=people,
              organizations=[Link(o.name, o.evidence) for o in orgs], sources=[ctx.doc.article.id])
    e.match_keys = keys
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    return [e]


def _conference_call(ctx: Context, sent: Sentence, t: Trigger) -> Event:
    """«В Павлодаре Премьер-министр провел совещание по вопросам социально-экономического развития
    области»: a meeting the official holds, named by its subject, not by whom it was with."""
    toks = sent.tokens
    end = next((k for k in range(t.end, len(toks)) if toks[k].text in {",", ";", ".", "!", "?"}), len(toks))
    ev = ctx.doc.evidence(sent, toks[t.start].start, toks[end - 1].end, "meeting_held")
    e = Event(type="Meeting", key="", label=sent.text[toks[t.start].start - sent.start: toks[end - 1].end - sent.start][:120],
              evidence=ev, sources=[ctx.doc.article.id])
    e.label = e.label[:1].upper() + e.label[1:]
    # «совещание с участием акима области Ермека Кошербаева»: those named as taking part attend it
    part = next((k for k in range(t.end, end - 1) if toks[k].text.lower() == "участием"), None)
    if part is not None:
        e.participants = [Link(m.name, m.evidence) for m in
                          ctx.in_sentence(sent, "person", toks[part].start, toks[end - 1].end)]
    e.match_keys = ["совещание"] + lemma_keys(sent, t.end, end)
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    return e


def site_event(ctx: Context, sent: Sentence, org: Mention, rule: str, t: Trigger | None) -> Event:
    """A visit to an organization's premises, its evidence from the trigger (if any) to the name."""
    lo = min(sent.tokens[t.start].start, org.evidence.start) if t else org.evidence.start
    hi = max(org.evidence.end, sent.tokens[t.end - 1].end) if t else org.evidence.end
    ev = ctx.doc.evidence(sent, lo, hi, rule)
    e = Event(type="SiteVisit", key="", label=f"Посещение: {org.name}", evidence=ev,
              organizations=[Link(org.name, org.evidence)], sources=[ctx.doc.article.id])
    e.match_keys = [org.name]
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    return e


def _site(ctx: Context, sent: Sentence, t: Trigger, triggers) -> list[Event]:
    toks = sent.tokens
    word = lemmas(toks[t.start].text)
    if "объект" in word:
        # «Первым объектом стал диспетчерский центр АО «Казахмыс»»
        lo = toks[t.end - 1].end
        orgs = ctx.in_sentence(sent, "org", lo)
        return [site_event(ctx, sent, orgs[0], "site_visit", t)] if orgs else []
    if word & {"ознакомиться"}:
        span = object_span(sent, t.end, triggers)
        if not span:
            return []
        return _site_pieces(ctx, sent, t, *span)
    # посетить / осмотреть / побывать: the direct object up to the clause's end
    lo = toks[t.end - 1].end
    later = [x.start for x in triggers if x.start > t.start and x.kind in {"meeting", "site"}]
    hi = toks[later[0]].start if later else sent.end
    orgs = [o for o in ctx.in_sentence(sent, "org", lo, hi)]
    if orgs:
        return [site_event(ctx, sent, orgs[0], "site_visit", t)]
    # «посетил новую школу на 900 мест»: a facility with no name, if it is what was visited
    stop = next((k for k in range(t.end, len(toks)) if toks[k].start >= hi or toks[k].text in {",", ";", "."}), len(toks))
    works = any(x.is_word and lemmas(x.text) & WORKS_WORDS for x in toks[t.end:min(stop, t.end + 3)])
    cases = {"accs", "loct", "gent"} if works else {"accs", "loct"}
    k = next((k for k in range(t.end, min(stop, t.end + 6)) if _facility_word(toks[k], cases)), None)
    if k is None:
        return []
    name = _facility_phrase(sent, k, stop)
    proper = _proper_name(sent, k)
    e = Event(type="SiteVisit", key="", label=f"Посещение: {proper or name}", sources=[ctx.doc.article.id],
              evidence=ctx.doc.evidence(sent, toks[t.start].start, toks[k].end, "site_visit"))
    if proper:
        # the facility's own name is the organization visited: «школа №10», «Бегім ана»
        e.organizations = [Link(proper, ctx.doc.evidence(sent, toks[t.start].start, toks[k].end, "site_named"))]
    e.match_keys = [proper or name]
    return [e]


def _proper_name(sent: Sentence, k: int) -> str | None:
    """The name a facility word carries: a quoted name after it («детском саду «Бегім ана»»), a quoted name
    it opens («новый "Дом дружбы"»), or a number («школы №10» → «школа №10»)."""
    toks = sent.tokens
    if k + 2 < len(toks) and toks[k + 1].text in {"№", "N"} and toks[k + 2].text.isdigit():
        return f"{parses(toks[k].text)[0].normal_form} №{toks[k + 2].text}"
    for opening in (k + 1, k - 1):
        if 0 <= opening < len(toks) and toks[opening].text in QUOTES_OPEN:
            close = next((n for n in range(opening + 1, min(len(toks), opening + 8))
                          if toks[n].text in {"»", '"', "”"}), None)
            if close and close > opening + 1:
                return sent.text[toks[opening + 1].start - sent.start: toks[close - 1].end - sent.start]
    return None


def _facility_word(tok, cases: set[str]) -> bool:
    """A facility noun in the singular, in one of `cases`: «школу», «на заводе»."""
    if not tok.is_word:
        return False
    p = parses(tok.text)[0]
    # «в детском саду» is the second locative; «на ГРЭС» an indeclinable abbreviation, of any case
    grammemes = set(p.tag.grammemes) | ({"loct"} if "loc2" in p.tag else set()) | (cases if "Fixd" in p.tag else set())
    return p.normal_form in FACILITY_WORDS and "sing" in p.tag and bool(cases & grammemes)


def _site_pieces(ctx: Context, sent: Sentence, t: Trigger, i: int, j: int) -> list[Event]:
    """«ознакомились с деятельностью школы-интерната ..., а также с работой терминала аэропорта»."""
    toks = sent.tokens
    cuts = [i]
    for k in range(i, j):
        if toks[k].text.lower() in WITH and k > i:
            cuts.append(k + 1)
    cuts.append(j)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        lo, hi = toks[a].start, toks[b - 1].end
        orgs = ctx.in_sentence(sent, "org", lo, hi)
        if orgs:
            out.append(site_event(ctx, sent, orgs[0], "site_visit", t))
            continue
        facility = next((k for k in range(a, b) if toks[k].is_word and parses(toks[k].text)[0].normal_form in FACILITY_WORDS
                         and "sing" in parses(toks[k].text)[0].tag), None)
        if facility is None:
            continue
        named = _named_next(ctx, sent, b)
        if named:
            # «с работой завода по производству кожевенной продукции ТОО «Kazakh Leather Company»»
            out.append(site_event(ctx, sent, named, "site_visit", t))
            continue
        name = _facility_phrase(sent, facility, b)
        ev = ctx.doc.evidence(sent, toks[t.start].start, hi, "site_visit")
        e = Event(type="SiteVisit", key="", label=f"Посещение: {name}", evidence=ev, sources=[ctx.doc.article.id])
        e.match_keys = [name]
        out.append(e)
    return out


def _named_next(ctx: Context, sent: Sentence, b: int) -> Mention | None:
    """An organization's name right after a facility's description, in the same clause."""
    toks = sent.tokens
    stop = next((k for k in range(b, min(len(toks), b + 12)) if toks[k].text in {",", ";", ".", "–", "—"}), None)
    if stop is None or stop == b:
        return None
    orgs = ctx.in_sentence(sent, "org", toks[b].start, toks[stop - 1].end)
    return orgs[0] if orgs else None


def _facility_phrase(sent: Sentence, k: int, end: int) -> str:
    """«нового терминала аэропорта» → «новый терминал аэропорта», in the nominative."""
    toks = sent.tokens
    a = k
    while a - 1 >= 0 and toks[a - 1].is_word and parses(toks[a - 1].text)[0].tag.POS == "ADJF":
        a -= 1
    name = nominative_phrase([t.text for t in toks[a:k]], toks[k].text)
    if k + 1 < end and toks[k + 1].is_word and norm(parses(toks[k + 1].text)[0]) in FACILITY_WORDS:
        name += " " + toks[k + 1].text
    return name


def _other(ctx: Context, sent: Sentence, t: Trigger) -> Event:
    typ = EVENT_TYPE[t.kind]
    toks = sent.tokens
    ev = ctx.doc.evidence(sent, toks[t.start].start, toks[t.end - 1].end, "round_table" if typ == "RoundTable" else "other_event")
    # the label is the trigger and the phrase that names it: «круглом столе, посвященном вызовам ...»
    # → «круглом столе»; «заседание Национального совета по науке и технологиям»
    end = t.end
    while end < len(toks) and end - t.end < 8 and (toks[end].text.lower() in {"по", "и"} or (
            toks[end].is_word and not ends_object(toks[end]) and not toks[end].is_latin)):
        end += 1
    while end > t.end and toks[end - 1].text.lower() in {"по", "и"}:
        end -= 1
    head = nominative_phrase([x.text for x in toks[t.start:t.end - 1]], toks[t.end - 1].text)
    tail = sent.text[toks[t.end - 1].end - sent.start: toks[end - 1].end - sent.start] if end > t.end else ""
    label = head[:1].upper() + head[1:] + tail
    e = Event(type=typ, key="", label=label, evidence=ev, sources=[ctx.doc.article.id])
    e.match_keys = [typ, sent.text[toks[t.end - 1].end - sent.start: toks[end - 1].end - sent.start].strip()]
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    e.organizers = [Link(o.name, o.evidence) for o in ctx.in_sentence(sent, "org")
                    if re.search(r"организован|проведен", sent.text[:o.evidence.start - sent.start][-40:])]
    e.places = [Link(p.name, p.evidence) for p in ctx.in_sentence(sent, "place") if p.attrs.get("kind") in DESTINATION_KINDS]
    return e


def is_held(sent: Sentence) -> bool:
    """The sentence reports the event as held, not only named («отменил форум»)."""
    return any(t.is_word and lemmas(t.text) & HELD_VERBS for t in sent.tokens)


def complete_standalone(ctx: Context, e: Event, online: set[str]) -> None:
    """An event of its own: its place, date and the people who speak at it."""
    e.date = e.date or ctx.doc.article.date
    if not e.places:
        cities = [m for m in ctx.mentions if m.kind == "place" and m.attrs.get("kind") in DESTINATION_KINDS]
        if cities:
            e.places = [Link(cities[0].name, cities[0].evidence)]
    seen = {p.name for p in e.participants}
    for m in ctx.mentions:
        if m.kind == "person" and m.evidence.rule == "first_last" and m.name not in seen and not ctx.in_speech(m.evidence.start):
            if _speaks(ctx, m):
                e.participants.append(Link(m.name, m.evidence.with_rule("participant_speaks")))
                seen.add(m.name)


def _speaks(ctx: Context, m: Mention) -> bool:
    return any(t.is_word and lemmas(t.text) & SPEECH_VERBS for t in ctx.sentence_at(m.evidence.start).tokens)


def dedupe(events: list[Event], title_end: int = 0) -> list[Event]:
    """Within one article, one meeting or site named twice, or one forum named twice
    («Форум Астана», «форум Астана в этом году»), is one event; so is a meeting or site of the
    headline and the first of its type in the body: «Министр науки встретился со студентами в Шымкенте»
    heads «... встретился со студентами и преподавателями Южно-Казахстанского университета»."""
    out: list[Event] = []
    body = [e for e in events if e.evidence.start >= title_end]
    for e in events:
        if e.evidence.start < title_end and e.type in {"Meeting", "SiteVisit"}:
            told = next((o for o in body if o.type == e.type), None)
            if told:
                told.absorb(e)
                continue
        same = None if e.type == "Visit" else next((o for o in out if o.type == e.type and _same_thing(o, e)), None)
        if same:
            same.absorb(e)
        else:
            out.append(e)
    return out


def _same_thing(a: Event, b: Event) -> bool:
    if a.type in EVENT_TYPE.values():
        ka, kb = name_key(" ".join(a.match_keys[1:])), name_key(" ".join(b.match_keys[1:]))
        return ka <= kb or kb <= ka
    return bool(a.match_keys and b.match_keys) and a.match_keys[0].lower() == b.match_keys[0].lower()
