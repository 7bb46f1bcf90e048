"""Trip frames: one per clause that says someone travelled, with its actor, destination, time and mood.

A frame is read from one clause: the predicate (a trip word of triggers.tsv: «прибыл», «посетил»,
«находится с рабочей поездкой», «Рабочая поездка ... в», «вылетел»), the actor (see actors.py), the
destination (places the predicate governs, a site it reaches, or «в регион» resolved from the
headline or dateline), the date (one the clause gives) and the mood (done, planned, recalled).
Clauses of direct speech, remote contacts and negated predicates make no frame.

Rules (the name each frame's Evidence records):
  trip_clause      a trip predicate with its actor and destination: «прибыл с рабочей поездкой в Экибастуз»
  trip_noun_actor  the actor in the genitive of a trip noun: «Рабочая поездка Касым-Жомарта Токаева в ...»;
                   a title there is not the head of the place visited («Приезд главы региона в ... район»)
  trip_participle  the actor a participle agrees with: «Мирзагалиевым, прибывшим с рабочей поездкой в ...»
  trip_anaphora    «в ходе рабочей поездки в регион»: the region of the headline or the dateline
  trip_activity    no trip word, but the official's own meetings and sites in a region: «обсудил спикер
                   Сената ... с трудовыми коллективами», «ознакомился с работой завода ... в Панфиловском районе»
  guest_received   «Глава государства принял председателя парламента Грузии»: a guest from abroad is on a trip
                   when the article calls his stay a visit; guest_reception when it does not (merge.py keeps it
                   only beside a report that does)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..model import Evidence, Mention
from ..rules.persons import speech_verbs
from ..rules.places import ancestors, lexicon_kind
from ..rules.roles import find_titles
from ..text.morph import lemmas, parses
from ..text.segment import Sentence
from .actors import RELATIONAL, dominant_person, heads_place, subjects, title_refs, token_at
from .context import (
    ACTIVITY_KINDS,
    DESTINATION_KINDS,
    MEETING_KINDS,
    TRIP_KINDS,
    TRIP_NOUN_KINDS,
    Context,
    Trigger,
    clause_mood,
    clause_span,
    negated,
    norm,
    post_kind,
    title_country,
)

REACH = 20            # tokens after a predicate where its destination may stand
GUEST_RULES = {"guest_received", "guest_reception"}
MIN_ACTIVITIES = 2    # meetings or sites of an official that make a trip without a trip word or a place
RECALL_DAYS = 7       # a trip dated this long before the article is recalled, not reported
# words that end the predicate's reach: a new clause about something else
REACH_STOPS = {";", ".", "где", "который", "которая", "которое", "которые", "которой", "которых", "после", "прежде",
               "передает", "сообщает", "пишет", "передаёт"}
# kinds of organization whose premises a trip reaches: «приехал на молочно-товарный комплекс ОАО ...»
SITE_KINDS = {"enterprise", "education", "culture", "zone", "health", "organization"}
# «в ходе рабочей поездки в регион»: a destination named by its kind; the kinds of place each may be
ANAPHORA = {"регион": {"region"}, "область": {"region"}, "район": {"district"}, "город": {"city"},
            "страна": {"country"}, "республика": {"country", "region"}}
# «В ходе поездки», «в рамках визита»: the trip of the sentence's subject
OF_SUBJECT = re.compile(r"\b(в ходе|в рамках|во время|в период)\s+\w*\s*(поездк|визит|приезд|посещени)", re.I)
# kinds of trigger that are an act of their own, whose clause's places are theirs: «прибыл в Ташкент после визита в
# Китай»; a stay is none («находящимся в Казахстане с визитом»)
OWN_ACTS = (TRIP_KINDS - {"stay"}) | MEETING_KINDS | {"return"}
TO = {"в", "во", "на", "по", "до"}  # prepositions of a destination; «из Майкаина» is a place left
WITH = {"с", "со"}  # company: «прибыл ... с сотрудниками»
PLACE_NOUNS = {"город", "село", "поселок", "аул", "район", "область", "станица", "деревня", "столица", "округ",
               "джамоат", "край", "республика", "местечко"}
# a trip told as a habit or as long past
# («Напомним, в прошлом году Президент посетил Туркестан», «два года назад»)
HABITUAL = re.compile(r"\b(неоднократно|многократно|не раз|не единожды|в сво[её] время|когда-то|некогда|"
                      r"в (прошлом|позапрошлом|минувшем|прошедшем) (году|месяце)|(год|года|лет|месяц|месяца|месяцев) "
                      r"назад)\b", re.I)
# words that call a trip off: it was not made, nor is it planned
CALLED_OFF = {"отменить", "отмена", "отложить", "перенести", "перенос", "отказаться", "отказ", "сорвать", "сорваться"}
# a stay of one's own, not on duty: «находится в отпуске в Турции», «прибыл в Алматы на лечение», «находится под
# домашним арестом в Таразе», «находится в розыске»; and, for a stay (triggers.tsv), in hospital («находится в больнице
# в Алматы»), where a visit word would take him on duty («посетил больницу»)
PRIVATE_STAY = {"отпуск", "лечение", "отдых", "каникулы", "арест", "розыск", "заключение", "сизо", "изолятор",
                "карантин"}
HOSPITAL = {"больница", "госпиталь", "реанимация", "стационар"}
# a statement and speaking in public, besides the verbs of saying: «сделал заявление», «выступил на открытии»
SPEECH_WORDS = {"заявление", "выступление", "речь", "обращение", "выступить"}
BACKGROUND = re.compile(r"^\W*(ранее стало известно|как стало известно ранее)\b", re.I)


@dataclass
class TripFrame:
    """One clause that says an actor travelled (or will, or once did) to a destination."""
    principal: str | None
    companions: list[tuple[str, Evidence]]
    group: str | None                  # «делегация», «сенаторы»: the actor when no one is named
    places: list[Mention]
    sites: list[Mention]               # organizations the predicate reaches: «приехал на МТК ОАО «...»»
    day: str | None
    end: str | None
    mood: str                          # done | planned | recalled
    evidence: Evidence
    sent_index: int
    seat: bool = False                 # «поездки по столице»: the visitor's own capital
    extra_places: list[tuple[str, Evidence]] = field(default_factory=list)  # named by a rule, not a mention
    titled: bool = False               # the actor is named by a title: «Приезд главы региона в ... район»


def find_frames(ctx: Context, triggers) -> list[TripFrame]:
    """Every trip frame of an article, in text order."""
    frames: list[TripFrame] = []
    for sent in ctx.doc.sentences:
        acts = triggers[sent.index]
        if any(t.kind == "online" for t in acts) or BACKGROUND.match(sent.text):
            continue  # a video conference or a phone call, or earlier news retold
        for t in acts:
            if t.kind in TRIP_KINDS:
                f = _trip_frame(ctx, sent, t, acts, frames)
                if f:
                    frames.append(f)
            elif t.kind == "reception":
                frames += _guest_frames(ctx, sent, t, triggers)
    return frames + _activity_frames(ctx, triggers, frames)


def _activity_frames(ctx: Context, triggers, frames: list[TripFrame]) -> list[TripFrame]:
    """No trip word, but an official's own meetings and sites: «обсудил спикер Сената ... с трудовыми
    коллективами», «Состоялся обмен мнениями ... с депутатами маслихатов региона» (seed 001), or one of
    them in a named place («ознакомился с условиями работы завода ... в Панфиловском районе»)."""
    travellers = {f.principal for f in frames} | {n for f in frames for n, _ in f.companions}
    acts: dict[str, list[tuple[Sentence, Trigger]]] = {}
    placed: dict[str, list[Mention]] = {}
    role_spans = [(r.evidence.start, r.evidence.end) for r in ctx.roles]
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start) or any(t.kind == "online" for t in triggers[sent.index]):
            continue
        here = [t for t in triggers[sent.index] if t.kind in ACTIVITY_KINDS
                and clause_mood(sent, t.start, t.end) == "done" and not _in_participle_phrase(sent.tokens, t)
                and not _said_at(sent, t) and not _read_as_trip(sent, t, frames)]
        if not here:
            continue
        who = subjects(ctx, sent, triggers[sent.index])
        who = [(n, ev) for n, ev in who if not _speaker(sent, ev, here[0])] or who
        name = who[0][0] if who else None
        if name is None or name in travellers:
            continue
        acts.setdefault(name, []).append((sent, here[0]))
        t = here[0]
        places, _, _, _ = _destination(ctx, sent, t, triggers[sent.index])
        placed.setdefault(name, []).extend(
            m for m in places if not any(x <= m.evidence.start < y for x, y in role_spans))
    out = []
    for name, got in acts.items():
        places = placed.get(name) or (_main_place(ctx) if len(got) >= MIN_ACTIVITIES else [])
        if not places:
            continue
        sent, t = got[0]
        toks = sent.tokens
        day, end = _clause_date(ctx, sent, t)
        ev = ctx.doc.evidence(sent, toks[t.start].start, toks[t.end - 1].end, "trip_activity")
        out.append(TripFrame(name, [], None, places[:1], [], day, end, "done", ev, sent.index))
    return out


def _read_as_trip(sent: Sentence, t: Trigger, frames: list[TripFrame]) -> bool:
    """The act's word already made a trip frame: «Кан заявил, что министр ... Сердюков посетил Сахалин» is
    Serdyukov's trip, not also a site visit of the speaker's."""
    start = sent.tokens[t.start].start
    return any(f.sent_index == sent.index and f.evidence.start <= start < f.evidence.end for f in frames)


def _in_participle_phrase(toks, t: Trigger) -> bool:
    """«погиб генерал ..., и шесть других офицеров, присутствовавших на встрече в комплексе посольства»
    (tn_532219): the act of a participial phrase is its noun's, not the sentence subject's."""
    a, _ = clause_span(toks, t.start)
    # the phrase opens after its comma; «На состоявшейся встрече» is the clause's own meeting
    return a > 0 and a < t.start and toks[a - 1].text == "," and parses(toks[a].text)[0].tag.POS == "PRTF"


def _said_at(sent: Sentence, t: Trigger) -> bool:
    """«Это заявление Тифензее сделал на открытии международной автомобильной ярмарки в Лейпциге» (factRuEval
    book_392): an event named as where something was said is the scene of a statement, not a visit; «министр
    ознакомился с работой завода в Панфиловском районе» is one."""
    toks = sent.tokens
    if t.start == 0 or parses(toks[t.start - 1].text)[0].tag.POS != "PREP" or \
            parses(toks[t.start].text)[0].tag.POS != "NOUN":
        return False
    a, b = clause_span(toks, t.start)
    said = speech_verbs() | SPEECH_WORDS
    return any(lemmas(toks[k].text) & said for k in range(a, b) if toks[k].is_word)


def _main_place(ctx: Context) -> list[Mention]:
    """The region (else city) the article names most often outside speech and outside posts
    («акима Карагандинской области» says whom, not where)."""
    role_spans = [(r.evidence.start, r.evidence.end) for r in ctx.roles]
    counts: dict[str, list[Mention]] = {}
    text = ctx.doc.article.text
    for m in ctx.mentions:
        if m.kind == "place" and m.attrs.get("kind") in DESTINATION_KINDS and not ctx.in_speech(m.evidence.start) \
                and not any(x <= m.evidence.start < y for x, y in role_spans) and not _whose(text[:m.evidence.start]):
            counts.setdefault(m.name, []).append(m)
    if not counts:
        return []
    rank = {"region": 0, "city": 1, "district": 2, "settlement": 3}
    return [sorted(counts.values(), key=lambda ms: (rank.get(ms[0].attrs.get("kind"), 9), -len(ms),
                                                    ms[0].evidence.start))[0][0]]


WHOSE = re.compile(r"(\b(из|от|родом из)\s+(\w+\s+){0,2}|\b(акима|акиму|акимом|акимов|акимами|губернатора|"
                   r"губернатором|главы|главой|мэра|мэром)\s+)$", re.I)


def _whose(before: str) -> bool:
    """«акима Костанайской области», «женщин из отдаленного поселка Коротаевка»: whose post, where
    from, not where the official went."""
    return bool(WHOSE.search(before[-60:]))


def _trip_frame(ctx: Context, sent: Sentence, t: Trigger, acts: list[Trigger], before: list[TripFrame]):
    toks = sent.tokens
    head = toks[t.start]
    if ctx.in_speech(head.start) or negated(sent, t.start):
        return None
    if t.kind == "stay" and (_not_one_staying(head) or not ctx.in_sentence(sent, "place")):
        return None  # «находится» is a trip only to a named place: «Завод находится на окраине» is none
    if any(f.sent_index == sent.index and f.evidence.start <= head.start < f.evidence.end for f in before):
        return None  # one predicate phrase: «совершил рабочую поездку», «прибыл с рабочим визитом в»
    if _called_off(toks, t) or _private_stay(toks, t):
        return None
    places, sites, seat, anaphora = _destination(ctx, sent, t, acts)
    rule = "trip_clause"
    if anaphora and not places:
        # «в ходе рабочей поездки в регион», «посетил ключевые объекты энергетики региона»: the place
        # of the headline or the dateline
        places = anaphora_place(ctx, anaphora)
        rule = "trip_anaphora"
    if not (places or sites or seat):
        return None
    p = parses(head.text)[0]
    last = parses(toks[t.end - 1].text)[0]  # a phrase's noun is its last word: «Рабочая поездка Касым-Жомарта Токаева»
    noun = t.kind in TRIP_NOUN_KINDS and last.tag.POS == "NOUN"
    principal, companions, group = None, [], None
    if p.tag.POS in {"PRTF"}:
        principal = _participle_actor(ctx, sent, toks[t.start].start)
        rule = "trip_participle" if principal else rule
    elif p.tag.POS == "NOUN" and _in_participle_phrase(toks, t) and \
            not any(parses(x.text)[0].tag.POS == "VERB" for x in toks[clause_span(toks, t.start)[0]:t.start]):
        # «переговоры с Премьер-министром Узбекистана Абдуллой Ариповым, находящимся в Казахстане с официальным
        # визитом»: the trip noun of a participial phrase is the trip of the person the participle agrees with;
        # «на торжества, посвященные юбилею ... в Екатеринбург прибыл» (factRuEval book_253) has a verb of its own
        principal = _participle_actor(ctx, sent, toks[clause_span(toks, t.start)[0]].start)
        if principal is None:
            return None
        rule = "trip_participle"
    elif _relative_subject(toks, t):
        # «на одной из трех моторных лодок, которые находятся ... в районе Заречного поселка» (tn_532232): the
        # relative word's noun acts; a person right before it («Хиллари Клинтон, которая в среду посетила
        # Белград») is the traveller
        principal = _participle_actor(ctx, sent, toks[clause_span(toks, t.start)[0]].start)
        if principal is None:
            return None
    by_title = False
    if principal is None and noun:
        principal, by_title = _genitive_actor(ctx, sent, t)
        rule = "trip_noun_actor" if principal else rule
        if principal is None and _untold_traveller(ctx, sent, t):
            return None
        if principal is None and "plur" in last.tag:
            return None  # «Количество визитов иностранных делегаций в Казахстан выросло»: trips counted, none told
    group_word = next((g for g in acts if g.kind == "group" and 0 < t.start - g.end + 1 <= 2
                       and "nomn" in parses(toks[g.start].text)[0].tag), None)
    if principal is None and group_word is not None:
        # «Сенаторы посетили солнечную электростанцию»: the party of the traveller told before
        principal = next((f.principal for f in reversed(before) if f.principal), None)
    if principal is None:
        named = [(n, ev) for n, ev in subjects(ctx, sent, acts) if not _inside(ev, places)]
        # «Депутат Иван Петров заявил, что министр ... прибыл в Тараз»: the speaker is not the traveller when the
        # clause names another; «Петров заявил, что прибыл в Тараз» went himself
        told = [(n, ev) for n, ev in named if not _speaker(sent, ev, t)]
        if named and not told and (len(named) == 1 and p.tag.POS == "VERB" and "plur" in p.tag or
                                   _own_subject(ctx, sent, t)):
            # «Министр ... сообщил, что в Петропавловске находятся 500 спасателей», «сообщила, что пострадавший
            # находится в Шымкенте»: the speaker tells of others
            return None
        named = told or named
        if named:
            principal, by_title = named[0][0], named[0][1].rule == "title_ref"
            companions = _coordinated(ctx, named)
        else:
            group = next((toks[g.start].text.lower() for g in acts if g.kind == "group"
                          and "nomn" in parses(toks[g.start].text)[0].tag), None)
            if group is None and _genitive_group(sent, t, acts):
                group = "делегация"
    if principal is None and group is None:
        # a zero subject («Затем посетил ...») or «в ходе поездки» carries the article's traveller on;
        # «воздержаться от поездок в Израиль» names no one and is no trip
        if not (OF_SUBJECT.search(sent.text) or p.tag.POS == "VERB") or "plur" in p.tag:
            return None  # «корреспонденты портала посетили город»: a plural verb is not one traveller's
        if _own_subject(ctx, sent, t):
            return None
        principal = next((f.principal for f in reversed(before) if f.principal), None) or _lead_official(ctx)
        if principal is None:
            return None
    if by_title and heads_place(ctx, principal, {m.name for m in places}):
        # «Приезд главы региона в Уалихановский район» (b02): the district's own akim hosts the trip, so the
        # title stands for another, the article's next most named person
        principal = dominant_person(ctx, frozenset({principal})) or principal
    day, end = _clause_date(ctx, sent, t)
    mood = clause_mood(sent, t.start, t.end)
    if mood == "done" and day and ctx.doc.article.date and _days(end or day, ctx.doc.article.date) > RECALL_DAYS:
        mood = "recalled"  # «В январе 2024 года Президент в ходе рабочего визита в Алматы ...»
    if mood == "done" and _habitual(sent, t):
        mood = "recalled"
    inside = [m for m in places + sites if sent.start <= m.evidence.start and m.evidence.end <= sent.end]
    lo = min([head.start] + [m.evidence.start for m in inside])
    hi = max([toks[t.end - 1].end] + [m.evidence.end for m in inside])
    ev = ctx.doc.evidence(sent, lo, hi, rule)
    return TripFrame(principal, companions, group, places, sites, day, end, mood, ev, sent.index, seat,
                     titled=by_title)


def _habitual(sent: Sentence, t: Trigger) -> bool:
    """Trips told as a habit or long past, not as this news: «Токаев неоднократно посещал Туркестан», «в своё
    время побывал», an imperfective past («В конце мая казахстанская делегация приезжала в Новгородскую
    область», pages-dev b10); «Ранее Скляр проинспектировал паводковую обстановку в СКО» (tn_532066) is a recent one."""
    p = parses(sent.tokens[t.start].text)[0]
    if p.tag.POS == "VERB" and {"impf", "past"} <= p.tag.grammemes and t.kind != "stay":
        return True  # «находился с рабочим визитом в Кызылорде» is a stay, not a habit
    a, b = clause_span(sent.tokens, t.start)
    return bool(HABITUAL.search(sent.text[sent.tokens[a].start - sent.start: sent.tokens[b - 1].end - sent.start]))


def _speaker(sent: Sentence, ev: Evidence, t: Trigger) -> bool:
    """The person says something in a clause of his own, apart from the trip word's: «Депутат Иван Петров
    заявил, что ...», «Как сообщил депутат Иван Петров, ...»; a gerund's traveller is its sentence's subject
    («Петров заявил журналистам, прибыв в Тараз, что ...»)."""
    toks = sent.tokens
    if parses(toks[t.start].text)[0].tag.POS == "GRND":
        return False
    a, b = clause_span(toks, token_at(sent, ev.start))
    if a <= t.start < b:
        return False
    said = speech_verbs()
    return any(toks[n].is_word and lemmas(toks[n].text) & said for n in range(a, b))


def _not_one_staying(head) -> bool:
    """A verb of staying makes a trip only as one person's finite verb: «Министр ... находится в Петропавловске»;
    «находятся в регионах», «находящимся в Казахстане с официальным визитом» (its noun tells the trip) do not."""
    p = parses(head.text)[0]
    return p.tag.POS != "VERB" or "plur" in p.tag


def _relative_subject(toks, t: Trigger) -> bool:
    """The predicate's clause opens with «который» in the nominative: its subject is the relative word."""
    a, _ = clause_span(toks, t.start)
    return a < t.start and norm(parses(toks[a].text)[0]) == "который" and "nomn" in parses(toks[a].text)[0].tag


def _private_stay(toks, t: Trigger) -> bool:
    """A stay on leave, for treatment or under arrest is no trip on duty: «находится в отпуске в Турции»."""
    a, b = clause_span(toks, t.start)
    words = PRIVATE_STAY | (HOSPITAL if t.kind == "stay" else set())
    return any(toks[k].is_word and lemmas(toks[k].text) & words for k in range(a, b))


def _called_off(toks, t: Trigger) -> bool:
    """A trip cancelled, refused or put off: «отменил визит в Китай», «отказался от поездки», «отказался посетить»,
    «Визит ... в Китай отложен»; «прервал визит» cut short one that was made."""
    a, b = clause_span(toks, t.start)
    near = list(range(max(a, t.start - 3), t.start))
    if parses(toks[t.start].text)[0].tag.POS == "NOUN":
        near += range(t.end, b)  # the trip noun as the subject: «визит ... отложен»
    return any(toks[k].is_word and lemmas(toks[k].text) & CALLED_OFF for k in near)


def _own_subject(ctx: Context, sent: Sentence, t: Trigger) -> bool:
    """The clause has a subject of its own that is no person the article names: «Со своими стратегическими
    идеями Хван выступил во время визита в США» (factRuEval book_1667, «Хван» not read as a name), «Помощник
    Хиллари Клинтон ..., который в среду посетил Белград» (book_361); the trip is not another's told before."""
    toks = sent.tokens
    head = parses(toks[t.start].text)[0]
    a, b = clause_span(toks, t.start)
    orgs = ctx.in_sentence(sent, "org")
    named = [(m.evidence.start, m.evidence.end) for kind in ("person", "place") for m in ctx.in_sentence(sent, kind)]
    named += [(m.evidence.start, m.evidence.end) for m in orgs]
    firsts = {m.evidence.start for m in orgs}  # an organization acts by its first word: «Сборная Казахстана ...»
    titles = {n for i, j, _, kind in find_titles(ctx.doc, sent) if kind != "public" for n in range(i, j)}
    people = {m.evidence.start for m in ctx.in_sentence(sent, "person")}
    for k in range(a, b):
        tok = toks[k]
        if k == t.start or not tok.is_word or (tok.start not in firsts and any(x <= tok.start < y for x, y in named)):
            continue
        if k > 0 and parses(toks[k - 1].text)[0].tag.POS == "PREP":
            continue  # «во время визита», «с сотрудниками»
        p = parses(tok.text)[0]
        if "nomn" not in p.tag and not ("intr" in head.tag and p.tag.POS == "NOUN" and
                                        any("nomn" in q.tag for q in parses(tok.text) if q.tag.POS == "NOUN")):
            continue  # «прибыл спасательный отряд МЧС»: with no object to be, «отряд» is the subject
        if norm(p) == "который":
            return True  # the noun it stands for is no name: a name would be the clause's subject
        if lemmas(tok.text) & RELATIONAL and k + 1 < len(toks) and toks[k + 1].start in people:
            return True  # «Помощник Хиллари Клинтон»: another's assistant
        if k in titles:
            continue
        # an animate noun, or a capitalized one inside the sentence; any noun or organization of a verb that takes
        # no object («В Актау прибыл самолет с гуманитарной помощью») or before the verb («Комиссия посетила больницу»)
        before_or_intr = "intr" in head.tag or k < t.start
        if tok.start in firsts:
            if before_or_intr:
                return True
            continue  # «посетил ТОО «Агро»»: the object
        if p.tag.POS == "NOUN" and ("anim" in p.tag or (k > 0 and tok.text[:1].isupper()) or before_or_intr):
            return True
        # an adjective or participle standing for a noun: «Сборная Казахстана по футболу прибыла в Мюнхен»,
        # «пострадавший находится в Шымкенте»
        if (p.tag.POS == "ADJF" and "Apro" not in p.tag or p.tag.POS == "PRTF" and "Subx" in p.tag) and \
                before_or_intr and not _modifies(toks, k):
            return True
    return False


def _modifies(toks, k: int) -> bool:
    """The adjective at k qualifies a noun or adjective after it in its case: «известный певец»."""
    if k + 1 >= len(toks) or not toks[k + 1].is_word:
        return False
    return any(q.tag.POS in {"NOUN", "ADJF"} and "nomn" in q.tag for q in parses(toks[k + 1].text))


def _coordinated(ctx: Context, named: list[tuple[str, Evidence]]) -> list[tuple[str, Evidence]]:
    """Co-subjects joined to the first by «и» («Наурызбай Байкадамов и Руслан Рустемов посетили»); a
    name elsewhere in the clause («после приглашения Реджепа Тайипа Эрдогана») is not one."""
    out = []
    text = ctx.doc.article.text
    prev = named[0][1]
    for name, ev in named[1:]:
        between = text[prev.end:ev.start]
        if name != named[0][0] and re.fullmatch(r"\s*(,|и)\s*[\w\s.–-]{0,80}", between) and \
                re.search(r"(^|\s)и\s", between + " "):
            out.append((name, ev))
        prev = ev
    return out


def _inside(ev: Evidence, places: list[Mention]) -> bool:
    return any(m.evidence.start <= ev.start < m.evidence.end for m in places)


def _destination(ctx: Context, sent: Sentence, t: Trigger, acts: list[Trigger]):
    """Places and sites a predicate governs, whether it names the visitor's capital as «столица», and
    the kind word of «в регион» when it names none."""
    toks = sent.tokens
    # before the predicate, within its clause: «28 июня в Северо-Казахстанскую область прибыл министр»
    lo = t.start
    while lo > 0 and toks[lo - 1].text not in {",", ";", ".", ":", "–", "—"}:
        lo -= 1
    # «прибыл в Ташкент после визита в Китай», «вернулся в Астану после визита в Китай»: a place after another
    # act of the clause is that act's
    clause = lo
    if any(x.kind in OWN_ACTS and lo <= x.start and x.end <= t.start for x in acts):
        lo = t.start
    hi = t.end
    # another act ends the reach; «прибывшим с рабочей поездкой в ...»: a trip noun after «с» is the verb's
    later = {x.start for x in acts if x.start >= t.end and (x.kind in MEETING_KINDS or x.kind in TRIP_KINDS and not (
        toks[x.start - 1].text.lower() in WITH or x.start > 1 and toks[x.start - 2].text.lower() in WITH))}
    while hi < len(toks) and hi - t.end < REACH and toks[hi].text.lower() not in REACH_STOPS and hi not in later:
        hi += 1
    a, b = toks[lo].start, toks[hi - 1].end if hi > lo else toks[lo].end
    role_spans = [(r.evidence.start, r.evidence.end) for r in ctx.roles]
    places = []
    for m in ctx.in_sentence(sent, "place", a, b):
        if m.attrs.get("kind") not in DESTINATION_KINDS | {"country"} or ctx.in_speech(m.evidence.start):
            continue
        if any(x <= m.evidence.start < y for x, y in role_spans):
            continue  # «Губернатор Оренбургской области Денис Паслер прибыл в Актобе»: his post, not where he went
        k = token_at(sent, m.evidence.start)
        if not _governed(toks, k, t, places) or _subject_attribute(ctx, sent, k, t):
            continue
        places.append(m)
    # «приехал на молочно-товарный комплекс ОАО «Нестановичи-Agro»»: a site right after the predicate
    near = toks[min(hi, t.end + 10) - 1].end if hi > t.end else toks[t.end - 1].end
    sites = [o for o in ctx.in_sentence(sent, "org", toks[t.end - 1].end, near)
             if o.attrs.get("kind") in SITE_KINDS and _reached(toks[t.end:token_at(sent, o.evidence.start)])]
    seat = any(x.kind == "seat" and clause <= x.start < hi for x in acts)  # «В рамках поездки по столице он посетил»
    anaphora = None
    for k in range(t.end, hi):
        if not toks[k].is_word or toks[k].text[:1].isupper():
            continue
        p = parses(toks[k].text)[0]
        lemma = norm(p)
        if lemma in ANAPHORA and (k + 1 >= len(toks) or not toks[k + 1].text[:1].isupper()) and (
                toks[k - 1].text.lower() in {"в", "во", "по"} or "gent" in p.tag) and "plur" not in p.tag:
            # «в регион», «по району», «объекты энергетики региона»; «находятся в регионах» (tn_532189) names none
            anaphora = lemma
            break
    return places, sites, seat, anaphora


def _subject_attribute(ctx: Context, sent: Sentence, k: int, t: Trigger) -> bool:
    """«Вместе с президентом приехали Дмитрий Медведев, Юрий Лужков и ряд директоров основных энергетических
    компаний в РФ» (factRuEval book_156): a place right after a thing of the subject named after the predicate
    is that thing's («компаний в РФ»), not where they came; one only in the accusative («компаний в Софию») or
    after people («прибыли министр Асет Иргалиев и группа экспертов в Актау») is the destination."""
    toks = sent.tokens
    if k < 2 or k - 2 < t.end or toks[k - 2].text[:1].isupper():
        return False
    noun = parses(toks[k - 2].text)[0]
    if noun.tag.POS != "NOUN" or "gent" not in noun.tag or "anim" in noun.tag or \
            all("accs" in q.tag for q in parses(toks[k].text)):
        return False
    people = ctx.in_sentence(sent, "person", toks[t.end - 1].end, toks[k - 1].start)
    if not people:
        return False
    # nothing but the subject's own words between its last name and the place: no preposition opens an adjunct
    last = token_at(sent, people[-1].evidence.end - 1)
    return not any(parses(toks[n].text)[0].tag.POS == "PREP" for n in range(last + 1, k - 1))


def _reached(between) -> bool:
    """An organization after the predicate is a site it reaches unless a comma parts them or the last
    preposition before it is «с»: «прибыл на место с сотрудниками УП» (tn_532232) names whom he came
    with, «приехал на молочно-товарный комплекс ОАО ...» where he came."""
    if any(x.text == "," for x in between):
        return False
    last = next((x.text.lower() for x in reversed(between) if x.text.lower() in TO | WITH), None)
    return last not in WITH


def _governed(toks, k: int, t: Trigger, places: list[Mention]) -> bool:
    """A place is a destination when the predicate governs it: after «в», «на», «по», «до»
    («прибыл в Актобе», «поездки по району»), as its object («посетила Акмолинскую область»), after a
    settlement word that is («в селе Кайрат»), or as the parent of one («в Урджарский район области
    Абай»); «Президент Казахстана прибыл», «по приглашению президента России» name no destination."""
    if k == 0:
        return False
    prev = toks[k - 1]
    low = prev.text.lower()
    if low in TO:
        return True
    if k == t.end:
        return True
    if not places and k > t.end and all(x.is_word and not x.text[:1].isupper() and parses(x.text)[0].tag.POS == "ADJF"
                          for x in toks[t.end:k]):
        return True  # «посетил приграничный Суджанский район»: the object after its adjectives
    if places and toks[k - 1].end <= places[-1].evidence.end:
        return True
    if places and low in {"и", ","} and k > 1 and toks[k - 2].end <= places[-1].evidence.end:
        return True  # «в Абайскую и Восточно-Казахстанскую области»
    if prev.is_word and norm(parses(prev.text)[0]) in PLACE_NOUNS and k > 1:
        # «объехал подтопленные села района Магжана Жумабаева»: the settlement word is the object, after adjectives
        return toks[k - 2].text.lower() in TO or all(
            x.is_word and parses(x.text)[0].tag.POS in {"ADJF", "PRTF"} for x in toks[t.end:k - 1])
    return False


def anaphora_place(ctx: Context, word: str) -> list[Mention]:
    """«в регион»: the place of that kind the headline names, else the dateline's («Карагандинская
    область, 2 августа — Министр ...»), else the article's most named one."""
    kinds = ANAPHORA[word] | ({"city", "district", "settlement"} if word == "регион" else set())
    first = ctx.doc.sentences[:3]
    for sent in first:
        found = [m for m in ctx.in_sentence(sent, "place") if m.attrs.get("kind") in kinds]
        if found:
            return [found[0]]
    counts: dict[str, list[Mention]] = {}
    for m in ctx.mentions:
        if m.kind == "place" and m.attrs.get("kind") in kinds and not ctx.in_speech(m.evidence.start):
            counts.setdefault(m.name, []).append(m)
    if not counts:
        return []
    return [sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].evidence.start))[0][0]]


def _participle_actor(ctx: Context, sent: Sentence, start: int) -> str | None:
    """«с Председателем Правления ... Магзумом Мирзагалиевым, прибывшим с рабочей поездкой»: the
    person right before the comma of the participial phrase that begins at character `start`."""
    before = [m for m in ctx.in_sentence(sent, "person") if m.evidence.end <= start]
    if before and start - before[-1].evidence.end < 4:
        return before[-1].name
    return None


def _genitive_actor(ctx: Context, sent: Sentence, t: Trigger) -> tuple[str | None, bool]:
    """«Рабочая поездка Касым-Жомарта Токаева в ...», «Приезд главы региона в ...»: the person in the
    genitive right after the trip noun, and whether a title stood for him."""
    toks = sent.tokens
    if t.end >= len(toks):
        return None, False
    nxt = toks[t.end]
    person = next((m for m in ctx.in_sentence(sent, "person") if m.evidence.start == nxt.start), None)
    if person:
        return person.name, False
    titled = next((j for i, j, _, _ in find_titles(ctx.doc, sent) if i == t.end), None)
    if titled is not None:
        # «визита министра иностранных дел Сергея Лаврова»: the name after the title
        near = toks[min(len(toks) - 1, titled + 4)].end
        person = next((m for m in ctx.in_sentence(sent, "person", toks[titled - 1].end, near)), None)
        if person:
            return person.name, False
    refs = title_refs(ctx, sent, frozenset({"gent"}))
    return next((n for n, ev in refs if ev.start == nxt.start), None), True


def _untold_traveller(ctx: Context, sent: Sentence, t: Trigger) -> bool:
    """«накануне визита главы японского МИДа в Москву» (factRuEval book_290): the trip noun names its
    traveller by a title the article gives no one; the sentence's subject is not he."""
    return t.end < len(sent.tokens) and any(i == t.end for i, _, _, _ in find_titles(ctx.doc, sent))


def _genitive_group(sent: Sentence, t: Trigger, acts: list[Trigger]) -> bool:
    """«бизнес-миссия новгородской делегации»: a group in the genitive after the trip noun."""
    return any(g.kind == "group" and 0 <= g.start - t.end <= 1 for g in acts)


OFFICIAL_KINDS = {"head_of_state", "head_of_government", "speaker", "deputy", "minister", "ambassador", "akim",
                  "governor", "official"}


def _lead_official(ctx: Context) -> str | None:
    """The article's main person when he holds a public office: the traveller of a clause with no
    subject («Глава региона побывал ...» does not make a company's deputy director travel)."""
    person = dominant_person(ctx)
    kinds = {post_kind(ctx, r) for r in ctx.roles if r.person == person}
    return person if person and kinds & OFFICIAL_KINDS else None


def _guest_frames(ctx: Context, sent: Sentence, t: Trigger, triggers) -> list[TripFrame]:
    """«Глава государства принял председателя парламента Грузии Шалву Папуашвили»: whom a head receives
    in his own seat is on a trip when he comes from another country; the trip's place is the host's."""
    toks = sent.tokens
    if ctx.in_speech(toks[t.start].start) or clause_mood(sent, t.start) != "done" or negated(sent, t.start):
        return []
    acts = triggers[sent.index]
    host_country = country_of(ctx, None)
    for name, _ev in subjects(ctx, sent, acts):
        host_country = country_of(ctx, name)
        break
    out = []
    for m in ctx.in_sentence(sent, "person", toks[t.end - 1].end):
        # «принял председателя парламента Грузии Шалву Папуашвили»: the country of the guest's post
        said = [p.name for p in ctx.in_sentence(sent, "place", toks[t.end - 1].end, m.evidence.start)
                if p.attrs.get("kind") == "country"]
        said += [c for o in ctx.in_sentence(sent, "org", toks[t.end - 1].end, m.evidence.start)
                 for c in _countries_in(o.name)]
        guest_country = country_of(ctx, m.name, default=None) or (said[0] if said else None)
        if guest_country and guest_country != host_country:
            day, end = _clause_date(ctx, sent, t)
            # «принял в Акорде министра иностранных дел Узбекистана»: talks; a visit only where a report calls
            # the stay one, this article («guest_received») or another of the same reception (merge.py)
            rule = "guest_received" if _visit_told(ctx, triggers) else "guest_reception"
            ev = ctx.doc.evidence(sent, toks[t.start].start, m.evidence.end, rule)
            f = TripFrame(m.name, [], None, [], [], day, end, "done", ev, sent.index)
            f.extra_places = [(host_country, ev)]
            out.append(f)
    return out


def _visit_told(ctx: Context, triggers) -> bool:
    """The article calls the stay a visit: «является первым официальным визитом председателя Парламента
    Грузии в Республику Казахстан»; «подготовку к предстоящему визиту Президента Узбекистана» is another's."""
    for sent in ctx.doc.sentences:
        for t in triggers[sent.index]:
            if t.kind == "visit" and clause_mood(sent, t.start, t.end) == "done":
                return True
    return False


DEFAULT_COUNTRY = "Казахстан"  # kg reads Kazakhstan's press: an official with no country stated is its


def country_of(ctx: Context, person: str | None, default: str | None = DEFAULT_COUNTRY) -> str | None:
    """The country a person's post belongs to: «председатель парламента Грузии» → Грузия."""
    for r in ctx.roles:
        if r.person != person:
            continue
        for where in (r.place, r.org):
            if not where:
                continue
            if lexicon_kind(where) == "country":
                return where
            up = [a for a in ancestors(where) if lexicon_kind(a) == "country"]
            if up:
                return up[0]
            inside = _countries_in(where)  # «парламент Грузии»: the country in the genitive
            if inside:
                return inside[0]
    for r in ctx.roles:
        if r.person == person:
            # «Российский президент Владимир Путин ... в Москве»: the country of the title's adjective
            country = title_country(ctx, r)
            if country:
                return country
    return default


def _countries_in(name: str) -> list[str]:
    """«парламент Грузии» → [Грузия]: a country named inside an organization's name."""
    out = []
    for word in name.split():
        for lemma in sorted(lemmas(word)):
            if lexicon_kind(lemma.capitalize()) == "country":
                out.append(lemma.capitalize())
                break
    return out


def _clause_date(ctx: Context, sent: Sentence, t: Trigger) -> tuple[str | None, str | None]:
    """The date of the trip's own clause: one in the predicate's stretch between commas first, else one
    in a stretch with no predicate of its own («Сегодня, 10 сентября, губернатор ... находится»);
    «посетила академию, введённую в эксплуатацию в мае» dates the academy, not the visit (a13)."""
    toks = sent.tokens
    found = [d for d in ctx.dates if sent.start <= d.evidence.start < sent.end]
    own, free = [], []
    for d in found:
        a, b = clause_span(toks, token_at(sent, d.evidence.start))
        if a <= t.start < b:
            own.append(d)
        elif not any(_predicate(toks[k]) for k in range(a, b)):
            free.append(d)
    d = (own or free or [None])[0]
    return (d.day, d.end) if d else (None, None)


def _predicate(tok) -> bool:
    """A word that heads a clause of its own: a verb, participle or gerund, or a relative word."""
    if not tok.is_word:
        return False
    p = parses(tok.text)[0]
    return p.tag.POS in {"VERB", "PRTF", "PRTS", "GRND"} or p.normal_form in RELATIVE_WORDS


RELATIVE_WORDS = {"который", "где", "когда", "куда", "откуда"}


def _days(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days
