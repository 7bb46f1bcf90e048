"""Events of one article: the official's visit, its meetings and site visits, and events of their own.

The visit is read from the article as a whole: a principal (the official whom the trip
sentences are about), a destination (the region or city the trip goes to, outside his own
territory), and evidence that he travelled (trip words, or meetings and sites he attended).
Sentences of direct speech are never evidence of what happened.

Rules (the name each Evidence records):
  visit_trip_phrase   «в рамках его рабочей поездки в Карагандинскую область»
  visit_activity      no trip word, but the official meets people in a named region (seed 002)
  meeting_with        «встретился с депутатами маслихатов», «обменялись мнениями с ...»
  collective_site     «встретился с коллективами ... комбината» → a visit to each enterprise
  site_visit          «ознакомился с деятельностью завода», «Первым объектом стал ...», «посетили завод»
  round_table         «круглый стол, посвященный ...»
  other_event         a match, a ceremony, a conference, a session
  participant_speaks  «обратился к спикеру Сената с вопросом», «подняла тему», «доложил»
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import lexicon
from .model import Event, Evidence, Link, Mention, Role
from .rules.base import Doc, PhraseIndex, is_latin, is_word
from .rules.dates import DateMention
from .rules.roles import find_titles
from .rules.persons import genitive_name
from .rules.places import ancestors, lexicon_kind
from .text import Sentence, accusative_phrase, lemmas, name_key, nominative_phrase, parses

# Kinds of the ontology for trigger kinds that make an event of their own.
STANDALONE = {"RoundTable", "Conference", "Session"}  # types reported even without a visit
EVENT_TYPE = {"roundtable": "RoundTable", "conference": "Conference", "session": "Session",
              "sports": "SportsEvent", "ceremony": "Ceremony"}
DESTINATION_KINDS = {"region", "city", "district", "settlement"}
# words of a meeting's object that name who was met, not what they are: «с депутатами маслихатов»
GROUP_WORDS = {"депутат", "член", "представитель", "участник", "воспитанник", "преподаватель", "студент",
               "работник", "сотрудник", "состав", "профессорско-преподавательский", "активный", "креативный",
               "трудовой", "первый", "региональный", "проект", "житель", "ветеран", "руководитель", "глава"}
# «с общественностью области», «с активом области»: the place says where, not whom they met
PLACE_WORDS = {"область", "регион", "район", "город", "страна", "село", "республика"}
COLLECTIVE = "коллектив"  # «встретился с коллективами университета, комбината» → each is a site visit
# a facility visited with no named operator: «с экспозицией областного историко-краеведческого музея»
FACILITY_WORDS = {"музей", "аэропорт", "терминал", "школа-интернат", "школа", "завод", "фабрика", "комбинат",
                  "предприятие", "лаборатория", "мастерская", "больница", "гэс", "гидроагрегат", "станция",
                  "университет", "колледж", "центр", "парк", "стадион", "порт", "вокзал", "шахта", "рудник"}
FUTURE_WORDS = {"планировать", "намереваться", "предстоящий", "запланировать"}
NEXT_WEEK = re.compile(r"на следующей неделе|в ближайшие дни", re.I)
# verbs that report an event as held: «обсудили в Караганде на заседании круглого стола»
HELD_VERBS = {"пройти", "состояться", "провести", "обсудить", "собраться", "открыться", "начаться",
              "завершиться", "принять", "выступить", "организовать", "рассмотреть"}
TRIP_REACH = 8        # tokens from a trip word to its destination: «рабочей поездки в Карагандинскую область»
RECALL_DAYS = 7       # a trip dated this long before the article is recalled, not reported
MIN_ACTIVITIES = 2    # meetings or sites of the official that make a trip without a trip word
NOUN_TRIGGERS = {"встреча", "беседа"}
PASSIVE_KINDS = {"group", "interact", "online"}  # trigger kinds that do not start an event
ABBREVIATIONS = {"им", "г", "ул", "обл", "с", "пос", "ст", "р-н", "д"}
PEOPLE_NOUNS = {"молодежь", "общественность", "население", "актив", "коллектив", "состав", "интеллигенция"}
WITH = {"с", "со"}


@dataclass
class Trigger:
    kind: str
    start: int   # token indices within the sentence
    end: int


@lru_cache(maxsize=1)
def trigger_index() -> PhraseIndex:
    index = PhraseIndex()
    kinds: dict[str, set[str]] = {}
    for r in lexicon.rows("triggers.tsv"):
        kinds.setdefault(r.get(0), set()).add(r.get(1))
    for phrase, ks in kinds.items():
        index.add(phrase, frozenset(ks))
    return index


def find_triggers(sent: Sentence) -> list[Trigger]:
    index = trigger_index()
    out, toks, i = [], sent.tokens, 0
    while i < len(toks):
        hit = index.match(toks, i) if is_word(toks[i]) else None
        if hit:
            j, kinds = hit
            out.extend(Trigger(k, i, j) for k in sorted(kinds) if k != "site" or _is_site_word(toks, i))
            i = j
        else:
            i += 1
    return out


def _is_site_word(toks, i: int) -> bool:
    """«объект» is a site only as «Первым объектом стал ...», not in «атаковать военные объекты»."""
    if "объект" not in lemmas(toks[i].text):
        return True
    return "ablt" in parses(toks[i].text)[0].tag and any(
        "стать" in lemmas(t.text) for t in toks[max(0, i - 2):i + 3] if is_word(t))


def speech_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct speech: long «quotes» and dash-led paragraphs up to the attribution."""
    spans = []
    for m in re.finditer(r"[«\"“]([^«»\"“”]|«[^«»]*»){60,}?[»\"”]", text):
        spans.append((m.start(), m.end()))
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped[:1] in "–—-" and len(stripped) > 40:
            start = pos + len(line) - len(stripped)
            attr = re.search(r"[,.!?…]\s*[–—]\s+[а-яё]", stripped)
            if attr:
                spans.append((start, start + attr.start() + 1))
                rest = re.search(r"[.]\s*[–—]\s+[А-ЯЁ]", stripped[attr.end():])
                if rest:
                    spans.append((start + attr.end() + rest.start(), pos + len(line)))
            else:
                spans.append((start, pos + len(line)))
        pos += len(line) + 1
    return spans


@dataclass
class Context:
    """What the event rules read: the document, its mentions by sentence, speech spans, roles."""
    doc: Doc
    mentions: list[Mention]
    roles: list[Role]
    dates: list[DateMention]
    speech: list[tuple[int, int]] = field(default_factory=list)

    def in_speech(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.speech)

    def sentence_at(self, offset: int) -> Sentence:
        return next(s for s in self.doc.sentences if s.start <= offset < s.end)

    def in_sentence(self, sent: Sentence, kind: str, lo: int | None = None, hi: int | None = None) -> list[Mention]:
        lo = sent.start if lo is None else lo
        hi = sent.end if hi is None else hi
        return [m for m in self.mentions if m.kind == kind and lo <= m.evidence.start and m.evidence.end <= hi]


def detect_events(doc: Doc, mentions: list[Mention], roles: list[Role], dates: list[DateMention]) -> list[Event]:
    """All events of one article: a visit with its sub-events, or events of their own."""
    ctx = Context(doc, mentions, roles, dates, speech_spans(doc.article.text))
    triggers = {s.index: find_triggers(s) for s in doc.sentences}
    online = _online_people(ctx, triggers)
    principal, planned = _principal(ctx, triggers, online)
    visit = _visit(ctx, triggers, principal, planned) if principal else None
    subs = _sub_events(ctx, triggers, visit)
    events = [visit] if visit else []
    for e in subs:
        if visit and e.type != "Conference" and e.type != "Session":
            e.parent = visit.key
            e.date = e.date or visit.date
            if principal and not any(p.name == principal for p in e.participants):
                e.participants.insert(0, Link(principal, e.evidence))
        elif not visit and (e.type not in STANDALONE or not _is_held(ctx.sentence_at(e.evidence.start))):
            continue  # a meeting or site with no visit, or a forum only mentioned, is not reported here
        else:
            _standalone(ctx, e, online)
        events.append(e)
    return _dedupe(events)


# ---------------------------------------------------------------- the principal

def _online_people(ctx: Context, triggers) -> set[str]:
    """People who joined online: «К обсуждению в режиме онлайн подключился заместитель председателя»."""
    out = set()
    for sent in ctx.doc.sentences:
        if any(t.kind == "online" for t in triggers[sent.index]):
            out |= {m.name for m in ctx.in_sentence(sent, "person")}
    return out


def _title_refs(ctx: Context, sent: Sentence) -> list[tuple[str, Evidence]]:
    """People named by title only in a sentence («председатель Сената»), resolved within the article."""
    holders: dict[str, set[str]] = {}
    for r in ctx.roles:
        holders.setdefault(r.title, set()).add(r.person)
    out = []
    names = ctx.in_sentence(sent, "person")
    for i, j, title, kind in find_titles(ctx.doc, sent):
        if "nomn" not in parses(sent.tokens[i].text)[0].tag:
            continue  # «инициатив Главы государства»: only a title in the subject's case acts
        tok_end = sent.tokens[j - 1].end
        if any(m.evidence.start >= tok_end and m.evidence.start - tok_end < 40 for m in names) or \
                _name_follows(sent.tokens, j):
            continue  # the title stands before a name: not a title-only mention
        people = holders.get(title, set())
        if len(people) == 1:
            out.append((next(iter(people)), ctx.doc.span(sent, i, j, "title_ref")))
        elif not people and kind != "public":
            # «Глава государства прибыл ...» with no title before any name: the article's main
            # person, unless the article gives him another post
            dominant = _dominant_person(ctx)
            other_posts = {lexicon.titles().get(r.title) for r in ctx.roles if r.person == dominant} - {kind}
            if dominant and not other_posts:
                out.append((dominant, ctx.doc.span(sent, i, j, "title_ref")))
    return out


def _name_follows(toks, j: int) -> bool:
    """Two capitalized words soon after a title are a name, even one the lexicon lacks
    («министр обороны Израиля Йоав Галлант»)."""
    window = toks[j:j + 5]
    return any(a.text[:1].isupper() and b.text[:1].isupper() and is_word(a) and is_word(b)
               for a, b in zip(window, window[1:]))


@lru_cache(maxsize=64)
def _dominant_cache(article_id: str, names: tuple) -> str | None:
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    # most mentions; a tie goes to the one named first, the usual protagonist of a report
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return ranked[0][0] if ranked else None


def _dominant_person(ctx: Context) -> str | None:
    """The one person the article names most often outside direct speech, if there is one."""
    names = tuple(m.name for m in ctx.mentions if m.kind == "person" and not ctx.in_speech(m.evidence.start))
    return _dominant_cache(ctx.doc.article.id + ctx.doc.article.sha, names)


def _principal(ctx: Context, triggers, online: set[str]) -> tuple[str | None, bool]:
    """The official the trip is about, and whether the trip is only announced («посетит»).

    Each trip, meeting or site sentence credits the people it names outside speech, except
    those met («встреча с главой ... Эриком Куриллой»); trip sentences count double.
    """
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    trips = future = 0
    for sent in ctx.doc.sentences:
        acts = [t for t in triggers[sent.index] if t.kind in {"trip", "meeting", "site"}]
        if not acts or (ctx.in_speech(sent.start) and ctx.in_speech(max(sent.start, sent.end - 1))):
            continue
        actors = [(n, ev) for n, ev in _actors(ctx, sent, triggers[sent.index]) if n not in online]
        for name, ev in actors:
            score[name] = score.get(name, 0) + (2 if any(t.kind == "trip" for t in acts) else 1)
            first.setdefault(name, ev.start)
        if actors and any(t.kind == "trip" for t in acts):
            trips += 1
            future += _is_future(sent)
    if not score:
        return None, False
    best = sorted(score, key=lambda n: (-score[n], first[n]))[0]
    return best, trips > 0 and future == trips


def _actors(ctx: Context, sent: Sentence, triggers: list[Trigger]) -> list[tuple[str, Evidence]]:
    """People a sentence names as acting (outside speech and outside the «с ...» object of a meeting)."""
    met = []
    for t in triggers:
        if t.kind == "meeting":
            span = _object_span(sent, t.end, triggers)
            if span:
                met.append((sent.tokens[span[0]].start, sent.tokens[span[1] - 1].end))
    people = [(m.name, m.evidence) for m in ctx.in_sentence(sent, "person")]
    people += _title_refs(ctx, sent)
    return [(n, ev) for n, ev in people
            if not ctx.in_speech(ev.start) and not any(a <= ev.start < b for a, b in met)]


def _refers_to(ctx: Context, sent: Sentence, triggers: list[Trigger], principal: str) -> bool:
    """The sentence speaks of the principal: by name, by title, as «сенаторы», or as «его»."""
    if any(n == principal for n, _ in _actors(ctx, sent, triggers)):
        return True
    if any(t.kind == "group" and "nomn" in parses(sent.tokens[t.start].text)[0].tag for t in triggers):
        return True
    return any(tok.text.lower() in {"он", "она", "его", "ее", "её"} for tok in sent.tokens)


def _is_future(sent: Sentence) -> bool:
    """«посетит», «на следующей неделе ... с визитом», «планирует посетить»: a trip not yet made."""
    for tok in sent.tokens:
        if not is_word(tok):
            continue
        p = parses(tok.text)[0]
        if (p.tag.POS == "VERB" and "futr" in p.tag) or _norm(p) in FUTURE_WORDS:
            return True
    return bool(NEXT_WEEK.search(sent.text))


# ---------------------------------------------------------------- the visit

def _visit(ctx: Context, triggers, principal: str, planned: bool) -> Event | None:
    trip = _trip_destination(ctx, triggers, principal)
    if trip:
        dest, rule, (day, end) = trip[0], "visit_trip_phrase", trip[1]
    else:
        # no trip phrase: the official's own meetings and sites in a named region make the trip
        acts = [s for s in ctx.doc.sentences if not ctx.in_speech(s.start)
                and any(t.kind in {"meeting", "site"} for t in triggers[s.index])
                and _refers_to(ctx, s, triggers[s.index], principal)]
        dest = _main_region(ctx) if len(acts) >= MIN_ACTIVITIES else None
        rule, (day, end) = "visit_activity", (ctx.doc.article.date, None)
    if dest is None or not _is_official(ctx, triggers, principal):
        return None
    if _at_home(ctx, principal, dest):
        return None
    places = [Link(dest.name, dest.evidence)]
    if _region_of(dest) != dest.name:
        places.append(Link(_region_of(dest), dest.evidence))
    visit = Event(
        type="Visit", key=f"Visit|{principal}|{_region_of(dest)}|{day}",
        label=f"Рабочая поездка {genitive_name(principal)} в {accusative_phrase(dest.name)}",
        evidence=Evidence(**{**dest.evidence.__dict__, "rule": rule}),
        date=day, end_date=end, planned=planned, principal=principal,
        participants=[Link(principal, _first_evidence(ctx, principal))], places=places,
        sources=[ctx.doc.article.id], region=_region_of(dest),
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
        if dest.name == r.place or _region_of(dest) == r.place and dest.attrs.get("kind") == "region":
            return True
        if r.place in ancestors(dest.name) and lexicon_kind(r.place) == "city":
            return True
    return False


def _is_official(ctx: Context, triggers, principal: str) -> bool:
    """The principal holds a post the article states, or is named by one («председатель Сената»)."""
    if any(r.person == principal and lexicon.titles().get(r.title) != "public" for r in ctx.roles):
        return True
    return any(n == principal and ev.rule == "title_ref"
               for s in ctx.doc.sentences for n, ev in _title_refs(ctx, s))


def _region_of(place: Mention) -> str:
    if place.attrs.get("kind") in {"city", "district", "settlement"} and place.attrs.get("parent_kind") == "region":
        return place.attrs["parent"]
    return place.name


def _trip_destination(ctx: Context, triggers, principal: str):
    """(place, (date, end)) from a sentence where the principal travels: «прибыл в Актобе»."""
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start):
            continue
        for t in triggers[sent.index]:
            if t.kind != "trip" or not _refers_to(ctx, sent, triggers[sent.index], principal):
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
            return places[0], when if when[0] else (ctx.doc.article.date, None)
    return None


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
        if ctx.in_speech(sent.start) or not any(t.kind == "interact" for t in triggers[sent.index]):
            continue
        for m in ctx.in_sentence(sent, "person"):
            if m.name not in exclude and not ctx.in_speech(m.evidence.start):
                out.append(Link(m.name, Evidence(**{**m.evidence.__dict__, "rule": "participant_speaks"})))
    return out


# ---------------------------------------------------------------- sub-events

def _sub_events(ctx: Context, triggers, visit: Event | None) -> list[Event]:
    out: list[Event] = []
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start):
            continue
        acts = triggers[sent.index]
        for t in acts:
            if t.kind == "session" and any(x.kind in {"roundtable", "conference"} and 0 <= x.start - t.end <= 1 for x in acts):
                continue  # «на заседании круглого стола» is the round table
            if t.kind == "meeting":
                out += _meeting(ctx, sent, t, triggers[sent.index])
            elif t.kind == "site":
                out += _site(ctx, sent, t, triggers[sent.index])
            elif t.kind in EVENT_TYPE:
                out.append(_other(ctx, sent, t))
    return out


def _object_span(sent: Sentence, start: int, triggers: list[Trigger], gap: int = 10,
                 people: bool = False) -> tuple[int, int] | None:
    """Token span of the «с ...» object within `gap` tokens after a trigger, up to the clause's end."""
    toks = sent.tokens
    k = start
    next_trigger = min((t.start for t in triggers if t.start >= start and t.kind not in PASSIVE_KINDS),
                       default=len(toks))
    while k < min(len(toks), next_trigger) and k - start <= gap and toks[k].text.lower() not in WITH:
        if toks[k].text in {".", ";", "!", "?"}:
            return None
        k += 1
    if k >= len(toks) or toks[k].text.lower() not in WITH:
        return None
    end = k + 1
    later = sorted(t.start for t in triggers if t.start > k and t.kind in {"meeting", "site", "trip"})
    stop = later[0] if later else len(toks)
    stop = next((n for n in range(k + 1, stop) if _ends_object(toks[n])), stop)
    # «с коллективами университета, комбината, корпорации»: the list goes on in the genitive
    list_case = "gent" if _norm(parses(toks[k + 1].text)[0]) == COLLECTIVE and k + 1 < len(toks) else "ablt"
    quoted = False
    while end < stop:
        tok = toks[end]
        if tok.text in "«»\"":
            quoted = tok.text != "»" and not (tok.text == '"' and quoted)
        if tok.text == "(" and any(t.text == ")" for t in toks[end + 1:end + 4]):
            end = next(n for n in range(end + 1, end + 4) if toks[n].text == ")") + 1
            continue  # «главой Центрального командования США (CENTCOM) Майклом Куриллой»
        if tok.text in {";", "!", "?", "("} or (tok.text == "." and not quoted and not _abbreviation_dot(toks, end)):
            break
        if tok.text == "," and end + 1 < len(toks):
            # a list of those met goes on in one case: «с депутатами, представителями общественности»
            nxt = toks[end + 1].text
            if not (nxt.lower() in {"а", "также", "и"} or any(list_case in p.tag for p in parses(nxt)[:2])):
                break
        end += 1
    while end > k + 1 and toks[end - 1].text.lower() in {"и", "а", "также", ",", "–", "—"}:
        end -= 1  # «с членами Ассамблеи народа Казахстана и ознакомились ...»
    if end <= k + 1 or (people and not _names_people(sent, k + 1, end)):
        return None
    return k + 1, end


def _ends_object(tok) -> bool:
    """A word that cannot belong to «с кем/чем»: no instrumental, genitive or prepositional reading.

    «На встрече с креативной молодежью региона особое внимание было уделено»: the object ends at «особое».
    """
    if not is_word(tok) or len(tok.text) == 1 or tok.text.lower() in ABBREVIATIONS | {"и", "а", "также", "с", "со"}:
        return False
    if is_latin(tok) or tok.text[:1].isupper():  # a name: «Школа анализа данных», «Кызылжар су»
        return False
    top = parses(tok.text)[:2]
    return not any(c in p.tag for p in top for c in ("ablt", "gent", "loct", "datv"))


def _abbreviation_dot(toks, i: int) -> bool:
    """A dot after «им», «г», «ул» or an initial («им. Л. Гумилева») does not end the object."""
    prev = toks[i - 1].text if i else ""
    return prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def _norm(p) -> str:
    return p.normal_form.replace("ё", "е")


def _names_people(sent: Sentence, i: int, j: int) -> bool:
    """The object names people or a body: «с депутатами», «с молодежью», not «с учетом специфики»."""
    for tok in sent.tokens[i:j]:
        if not is_word(tok):
            continue
        p = parses(tok.text)[0]
        if p.tag.POS in {"ADJF", "PRTF"}:
            continue
        return ("anim" in p.tag or _norm(p) in GROUP_WORDS | {COLLECTIVE} | PEOPLE_NOUNS
                or tok.text[:1].isupper())
    return False


def _lemma_keys(sent: Sentence, i: int, j: int) -> list[str]:
    keys = []
    for tok in sent.tokens[i:j]:
        if not is_word(tok):
            continue
        p = parses(tok.text)[0]
        if p.tag.POS == "NOUN" and _norm(p) not in GROUP_WORDS | PLACE_WORDS:
            keys.append(_norm(p))
    return keys


def _meeting(ctx: Context, sent: Sentence, t: Trigger, triggers) -> list[Event]:
    # «на встрече с депутатами»: a noun takes its object at once; «В ходе встречи ... обратился к
    # спикеру с вопросом» is not a meeting with a question
    noun = lemmas(sent.tokens[t.start].text) & NOUN_TRIGGERS
    span = _object_span(sent, t.end, triggers, gap=1 if noun else 10, people=True)
    if not span:
        return []
    i, j = span
    lo, hi = sent.tokens[i].start, sent.tokens[j - 1].end
    orgs = ctx.in_sentence(sent, "org", lo, hi)
    first = parses(sent.tokens[i].text)[0].normal_form if is_word(sent.tokens[i]) else ""
    if COLLECTIVE in (first, _second_lemma(sent, i)) and orgs:
        return [_site_event(ctx, sent, o, "collective_site", t) for o in orgs]
    keys = [o.name for o in orgs] + _lemma_keys(sent, i, j)
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


def _second_lemma(sent: Sentence, i: int) -> str:
    return parses(sent.tokens[i + 1].text)[0].normal_form if i + 1 < len(sent.tokens) and is_word(sent.tokens[i + 1]) else ""


def _site_event(ctx: Context, sent: Sentence, org: Mention, rule: str, t: Trigger) -> Event:
    ev = ctx.doc.evidence(sent, min(sent.tokens[t.start].start, org.evidence.start),
                          max(org.evidence.end, sent.tokens[t.end - 1].end), rule)
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
        return [_site_event(ctx, sent, orgs[0], "site_visit", t)] if orgs else []
    if word & {"ознакомиться"}:
        span = _object_span(sent, t.end, triggers)
        if not span:
            return []
        return _site_pieces(ctx, sent, t, *span)
    # посетить / осмотреть / побывать: the direct object up to the clause's end
    lo = toks[t.end - 1].end
    later = [x.start for x in triggers if x.start > t.start and x.kind in {"meeting", "site"}]
    hi = toks[later[0]].start if later else sent.end
    orgs = [o for o in ctx.in_sentence(sent, "org", lo, hi)]
    if orgs:
        return [_site_event(ctx, sent, orgs[0], "site_visit", t)]
    return []


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
            out.append(_site_event(ctx, sent, orgs[0], "site_visit", t))
            continue
        facility = next((k for k in range(a, b) if is_word(toks[k]) and parses(toks[k].text)[0].normal_form in FACILITY_WORDS
                         and "sing" in parses(toks[k].text)[0].tag), None)
        if facility is None:
            continue
        name = _facility_phrase(sent, facility, b)
        ev = ctx.doc.evidence(sent, toks[t.start].start, hi, "site_visit")
        e = Event(type="SiteVisit", key="", label=f"Посещение: {name}", evidence=ev, sources=[ctx.doc.article.id])
        e.match_keys = [name]
        out.append(e)
    return out


def _facility_phrase(sent: Sentence, k: int, end: int) -> str:
    """«нового терминала аэропорта» → «новый терминал аэропорта», in the nominative."""
    toks = sent.tokens
    a = k
    while a - 1 >= 0 and is_word(toks[a - 1]) and parses(toks[a - 1].text)[0].tag.POS == "ADJF":
        a -= 1
    name = nominative_phrase([t.text for t in toks[a:k]], toks[k].text)
    if k + 1 < end and is_word(toks[k + 1]) and _norm(parses(toks[k + 1].text)[0]) in FACILITY_WORDS:
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
            is_word(toks[end]) and not _ends_object(toks[end]) and not is_latin(toks[end]))):
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


def _is_held(sent: Sentence) -> bool:
    """The sentence reports the event as held, not only named («отменил форум»)."""
    return any(is_word(t) and lemmas(t.text) & HELD_VERBS for t in sent.tokens)


def _standalone(ctx: Context, e: Event, online: set[str]) -> None:
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
                e.participants.append(Link(m.name, Evidence(**{**m.evidence.__dict__, "rule": "participant_speaks"})))
                seen.add(m.name)


SPEECH_VERBS = {"сказать", "отметить", "подчеркнуть", "заявить", "считать", "сделать", "остановиться", "выступить",
                "подключиться", "рассказать", "сообщить", "добавить", "акцентировать", "обратить", "предложить"}


def _speaks(ctx: Context, m: Mention) -> bool:
    return any(is_word(t) and lemmas(t.text) & SPEECH_VERBS for t in ctx.sentence_at(m.evidence.start).tokens)


def _dedupe(events: list[Event]) -> list[Event]:
    """Within one article, one meeting or site named twice, or one forum named twice
    («Форум Астана», «форум Астана в этом году»), is one event."""
    out: list[Event] = []
    for e in events:
        same = None if e.type == "Visit" else next((o for o in out if o.type == e.type and _same_thing(o, e)), None)
        if same:
            _absorb(same, e)
        else:
            out.append(e)
    return out


def _same_thing(a: Event, b: Event) -> bool:
    if a.type in EVENT_TYPE.values():
        ka, kb = name_key(" ".join(a.match_keys[1:])), name_key(" ".join(b.match_keys[1:]))
        return ka <= kb or kb <= ka
    return bool(a.match_keys and b.match_keys) and a.match_keys[0].lower() == b.match_keys[0].lower()


def _absorb(into: Event, other: Event) -> None:
    into.more_evidence.append(other.evidence)
    for f in ("participants", "places", "organizations", "organizers", "topics"):
        have = {x.name for x in getattr(into, f)}
        getattr(into, f).extend(x for x in getattr(other, f) if x.name not in have)
    extra = [k for k in other.match_keys if k not in into.match_keys]
    into.match_keys += extra
