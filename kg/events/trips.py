"""Trips of an article: its trip frames grouped by traveller, at-home and recalled ones left out.

A trip is the done frames of one traveller (or of one unnamed delegation); frames only announced make
a planned trip at most, frames only recalled make none. A traveller whose destination is his own
seat (an akim in his city or over his whole region, a head of state in his capital) is at home.

Rules (the name each Evidence records, besides the frame's own):
  trip_companion      «в сопровождении акима области», «вместе с Президентом ...», «его встретил ...»
  participant_speaks  «Генеральный директор института Кунсулу Закарья доложила о планах»
  speaker_caption     «Кайрат Пшенбаев - аким Уалихановского района:» (a TV report's caption before speech)
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..model import Event, Evidence, Link
from ..rules import lexicon
from ..rules.persons import genitive_name
from ..rules.places import ancestors, lexicon_kind
from ..rules.roles import find_titles
from ..text.morph import accusative_phrase, lemmas, parses
from .actors import caption_speakers, heads_place, refers_to, title_refs, titles_alone, token_at
from .context import Context, negated, post_kind
from .frames import DEFAULT_COUNTRY, GUEST_RULES, RECALL_DAYS, TripFrame, anaphora_place, country_of

# words for an official's peer or guest, not for a private person: «принимает ... своего французского коллегу»
PEERS = {"коллега", "гость", "визави", "партнер", "партнёр"}
NATIONAL = {"head_of_state", "head_of_government", "speaker", "deputy", "minister", "ambassador"}
LOCAL = {"akim", "governor"}
# «с государственным визитом», «официального визита»: a visit of one state's official to another state
STATE_VISIT = re.compile(r"\b(государственн|официальн)\w*\s+визит", re.I)
# «прибыл с рабочей поездкой», «в служебной командировке», any «визит» («Итоги визита Касым-Жомарта Токаева в
# Москву»): a trip on duty; a private person's is a «поездка» or a «приезд»
DUTY_TRIP = re.compile(r"\b((рабоч|служебн)\w*\s+(поездк|командировк)|визит(?![нк]))", re.I)  # not «визитная карточка»
# trigger kinds whose sentence's people take part in the trip, and the rule each records: those the text puts
# beside the visitor («в сопровождении акима», «вместе с ...», «его встретил ...») and those who address the
# official or report to him («обратился к спикеру с вопросом»)
BESIDE = {"company": "trip_companion", "interact": "participant_speaks"}
FORMER = re.compile(r"(\bбывш\w+|\bэкс-?)\s*$", re.I)
ALL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
DEPUTY_POST = re.compile(r"(вице|заместитель|первый|исполняющий|временно)", re.I)


@lru_cache(maxsize=1)
def seats() -> dict[str, set[str]]:
    """country → its capital and the seats of power within it (seats.tsv)."""
    return {r.get(0): set(r.alts(1)) for r in lexicon.rows("seats.tsv")}


@lru_cache(maxsize=1)
def centres() -> dict[str, str]:
    """region → its administrative centre, country → its capital (places.tsv, regions.tsv): a regional head's
    own city, a national official's."""
    return {r.get(0): r.get(4) for file in ("places.tsv", "regions.tsv") for r in lexicon.rows(file)
            if r.get(1) in {"region", "country"} and r.get(4)}


def find_trips(ctx: Context, triggers, frames: list[TripFrame]) -> list[Event]:
    """One Visit per traveller of the article's done frames; a planned one if all are announced."""
    _one_name_per_traveller(frames)
    # whether a traveller is a guest and an official is asked of his one name, after the merge: a guest first
    # named in a frame that is no guest's would otherwise lose his country's place
    guest_frames = _guests_abroad(ctx, frames)
    guests = {f.principal for f in guest_frames}
    official: dict[str, bool] = {}
    by_who: dict[str, list[TripFrame]] = {}
    for f in frames:
        who = f.principal or f"группа:{f.group}"
        if f.principal and f.principal not in official:
            official[f.principal] = _is_official(ctx, f.principal, frames)
        if f.mood == "recalled" or (f.principal and not official[f.principal]):
            continue
        if f.principal and not any(f is g for g in guest_frames) and _at_home(ctx, f.principal, f):
            continue
        by_who.setdefault(who, []).append(f)
    trips = []
    for who, fs in by_who.items():
        done = [f for f in fs if f.mood == "done"]
        if done:
            trips.append(_visit(ctx, triggers, done, planned=False, guest=who in guests))
        elif not any(ctx.in_speech(f.evidence.start) for f in fs):
            trips.append(_visit(ctx, triggers, fs, planned=True, guest=who in guests))
    # a delegation's frames in an article that names a traveller are his party's
    named = [v for v in trips if v.principal]
    return named + [v for v in trips if not v.principal and not named]


def _one_name_per_traveller(frames: list[TripFrame]) -> None:
    """«Реджеп Тайип Эрдоган» read as «Реджеп Эрдоган» and «Тайип Эрдоган» (factRuEval book_142): one article's
    travellers with one surname going to one place are one traveller, the first named."""
    surnames: dict[str, tuple[str, set[str]]] = {}
    for f in frames:
        if f.principal:
            where = {m.name for m in f.places} | {p for p, _ in f.extra_places}
            first, seen = surnames.setdefault(f.principal.split()[-1], (f.principal, where))
            if first != f.principal and seen & where:
                f.principal = first


def _is_official(ctx: Context, person: str, frames: list[TripFrame]) -> bool:
    """Not a person whose only posts are public ones (a journalist, an expert), nor one named with no word for
    who he is unless a title elsewhere stands for him or his trip is told as one on duty: news names a travelling
    official often without his post («Касым-Жомарт Токаев посетил новый "Дом дружбы" в Туркестане. Глава
    государства отметил ...»), but «Димаш Кудайберген прибыл в Алматы» is no official's trip."""
    roles = [r for r in ctx.roles if r.person == person]
    kinds = {post_kind(ctx, r) for r in roles if not _former(ctx, r)}
    if kinds:
        return kinds != {"public"}
    if roles:
        return False  # «Бывший аким Алматы Бауыржан Байбек прибыл в Шымкент»: a post no longer held
    said = _introduced(ctx, person)
    if said is not None:
        return said
    own = [f for f in frames if f.principal == person]
    return any(f.titled for f in own) or _title_stands_for(ctx, person) or _on_duty(ctx, person, own)


def _on_duty(ctx: Context, person: str, own: list[TripFrame]) -> bool:
    """A sentence of the person's own, one of his trip frames or one that names him, calls a trip one on duty:
    «Геннадий Головкин прибыл с рабочей поездкой в Алматы», «Хоценко побывал в гостях у семьи в ходе рабочей
    поездки в район» (pages-dev b05); another's working trip told elsewhere does not."""
    sents = {f.sent_index for f in own} | {ctx.sentence_at(m.evidence.start).index for m in ctx.mentions
                                           if m.kind == "person" and m.name == person}
    return any(DUTY_TRIP.search(ctx.doc.sentences[i].text) for i in sorted(sents)
               if not ctx.in_speech(ctx.doc.sentences[i].start))


def _former(ctx: Context, role) -> bool:
    """The post is named as one held before: «бывший аким», «экс-министр»."""
    return bool(FORMER.search(ctx.doc.article.text[max(0, role.evidence.start - 24):role.evidence.start]))


def _title_stands_for(ctx: Context, person: str) -> bool:
    """A title alone elsewhere in the article may stand for the person: it resolves to him («Глава государства
    отметил, что ...»), or no one the article names holds a post of its kind («Бердыбек Сапарбаев прибыл в
    Иргизский район ... Глава региона проделанную работу оценил положительно», pages-dev b01)."""
    held = {post_kind(ctx, r) for r in ctx.roles}
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start):
            continue
        if any(kind not in held and kind != "public" for _, _, _, kind in titles_alone(ctx, sent, ALL_CASES)) or \
                any(name == person for name, _ in title_refs(ctx, sent, ALL_CASES)):
            return True
    return False


def _introduced(ctx: Context, person: str) -> bool | None:
    """Whether the words before one of the person's names say he is an official: not when they are a word for
    someone that is no post («Теннисистка Елена Рыбакина», «гражданин Азербайджана», «студентка Акжаркын
    Турлыбай», tn_532100); yes when a post stands there («Президент Саркози», factRuEval book_117) or a peer's
    word («своего французского коллегу Николя Саркози»); None when no word does."""
    described = None
    for m in ctx.mentions:
        if m.kind != "person" or m.name != person or ctx.in_speech(m.evidence.start):
            continue
        sent = ctx.sentence_at(m.evidence.start)
        toks = sent.tokens
        k = token_at(sent, m.evidence.start)
        titled = {n for i, j, _, _ in find_titles(ctx.doc, sent) for n in range(i, j)}
        for n in range(k - 1, max(-1, k - 4), -1):
            if n in titled or toks[n].is_word and lemmas(toks[n].text) & PEERS:
                return True
            if not toks[n].is_word:
                break
            p = parses(toks[n].text)[0]
            if p.tag.POS == "NOUN" and "anim" in p.tag and not {"Name", "Surn", "Patr"} & p.tag.grammemes:
                described = False
                break
            if p.tag.POS not in {"ADJF", "NOUN"}:
                break  # «Казахстанская теннисистка», «гражданин Азербайджана»: only a noun phrase before the name
    return described


def _guests_abroad(ctx: Context, frames: list[TripFrame]) -> list[TripFrame]:
    """Frames of travellers whose country the article does not state but who are guests of the country it is
    written in: a state or official visit («Министр иностранных дел Сергей Лавров прибыл в Астану с официальным
    визитом»: such visits are made only abroad), or any frame of one who holds a post that another holds in
    that country («Президент Шавкат Мирзиёев прибыл в Астану ... Президент Казахстана Касым-Жомарт Токаев»)."""
    out = []
    for f in frames:
        if f.principal and not country_of(ctx, f.principal, default=None) and \
                (_state_visit(ctx, f) or _post_held_at_home(ctx, f.principal)):
            out.append(f)
    return out


def _state_visit(ctx: Context, f: TripFrame) -> bool:
    """The frame's own trip is a state or official one: its word («Официальный визит Сергея Лаврова в ...») or
    the manner of its clause («прибыл в Астану с государственным визитом»); «посетил завод в Астане накануне
    официального визита в Китай» names another trip."""
    sent = ctx.doc.sentences[f.sent_index]
    a, b = f.evidence.start - sent.start, f.evidence.end - sent.start
    for m in STATE_VISIT.finditer(sent.text):
        if m.start() < b and a < m.end():
            return True
        clause = sent.text[min(a, m.start()):max(b, m.end())]
        if sent.text[max(0, m.start() - 3):m.start()].strip() == "с" and not any(c in clause for c in ",;:"):
            return True
    return False


def _post_held_at_home(ctx: Context, person: str) -> bool:
    """Another person of the article holds one of the person's posts (one a country has one of: its president,
    its foreign minister) in the country news is written in by default: the person is of another country."""
    own = {r.title for r in ctx.roles if r.person == person and _one_per_country(ctx, r)}
    return any(r.title in own and r.person != person and country_of(ctx, r.person, default=None) == DEFAULT_COUNTRY
               for r in ctx.roles)


def _one_per_country(ctx: Context, role) -> bool:
    """A post a country has one holder of: a head of state or government, a minister of a named ministry, a
    speaker; not «министр» alone, nor a deputy's («вице-премьер», «заместитель министра»)."""
    kind = post_kind(ctx, role)
    if kind not in {"head_of_state", "head_of_government", "speaker", "minister"} or DEPUTY_POST.match(role.title):
        return False
    return kind != "minister" or " " in role.title


def _at_home(ctx: Context, person: str, f: TripFrame) -> bool:
    """Every destination of the frame is the traveller's own seat: an akim's or governor's city (any
    part of it) or his region as a whole, a national official's capital or country."""
    kinds = {post_kind(ctx, r) for r in ctx.roles if r.person == person}
    local = {r.place for r in ctx.roles if r.person == person and r.place and post_kind(ctx, r) in LOCAL | {"head"}}
    # «Аким Актюбинской области ... провел совещание в Актобе»: the region's centre is its head's own city
    local |= {centres()[p] for p in local if p in centres()}
    # a post of the state, or none stated («Касым-Жомарт Токаев посетил ...»): the capital is his seat
    national = bool(kinds & NATIONAL) or not kinds
    country = country_of(ctx, person)
    home = set()
    if national:
        # «Канцлер Германии Олаф Шольц встретился с избирателями в Берлине»: any country's capital, beyond seats.tsv
        home |= seats().get(country, set()) | {country} | ({centres()[country]} if country in centres() else set())
    wheres = [m.name for m in f.places] + [p for p, _ in f.extra_places] + [o.name for o in f.sites]
    if f.seat and national and not wheres:
        return True
    if f.sites and not (f.places or f.extra_places) and \
            any(m.name in local and lexicon_kind(m.name) == "city" for m in anaphora_place(ctx, "регион")):
        return True  # «Аким Шымкента Габит Сыздыкбеков посетил школу № 10»: a site of his city, none other named
    if not wheres:
        return False
    for w in wheres:
        if w in home or w in local or heads_place(ctx, person, {w}):
            continue  # heads_place: a caption gives the post («Кайрат Пшенбаев- аким Уалихановского района:»)
        if any(p in ancestors(w) and lexicon_kind(p) == "city" for p in local):
            continue
        if w in {o.name for o in f.sites} and f.seat:
            continue
        return False
    return True


def region_of(m) -> str:
    if m.attrs.get("kind") in {"city", "district", "settlement"} and m.attrs.get("parent_kind") == "region":
        return m.attrs["parent"]
    return m.name


def _visit(ctx: Context, triggers, frames: list[TripFrame], planned: bool, guest: bool = False) -> Event:
    first = frames[0]
    principal = first.principal
    places: list[Link] = []
    seen = set()

    def add(name, ev):
        if name and name not in seen:
            seen.add(name)
            places.append(Link(name, ev))
    if not any(f.places or f.extra_places for f in frames):
        # «В ходе поездки министр побывал на ГРЭС «Топар»»: the trip's place is the headline's or the
        # dateline's («Карагандинская область, 2 августа — ...»)
        frames[0].places = anaphora_place(ctx, "регион")
    for f in frames:
        for m in f.places:
            add(m.name, m.evidence)
            add(region_of(m), m.evidence)
            if m.attrs.get("kind") == "city":
                # «прибыл в Москву»: the country of a city abroad is where he went, too
                country = next((a for a in ancestors(m.name) if lexicon_kind(a) == "country"), None)
                if country != (None if guest else country_of(ctx, principal)):
                    add(country, m.evidence)
        for name, ev in f.extra_places:
            add(name, ev)
    if not places:
        for o in (o for f in frames for o in f.sites):  # «приехал на молочно-товарный комплекс ОАО «...»»
            add(o.name, o.evidence)
    day, end = _trip_dates(ctx, frames)
    region = next((region_of(m) for f in frames for m in f.places), places[0].name if places else None)
    where = " и ".join(accusative_phrase(p.name) for p in places[:2]) if places else ""
    who = genitive_name(principal) if principal else "делегации"
    visit = Event(
        type="PlannedVisit" if planned else "Visit", key=f"Visit|{principal or first.group}|{region}|{day}",
        label=f"Рабочая поездка {who} в {where}".strip(), evidence=first.evidence,
        date=day, end_date=end, planned=planned, principal=principal, places=places,
        sources=[ctx.doc.article.id], region=region,
        more_evidence=[f.evidence for f in frames[1:]],
    )
    if principal:
        visit.participants.append(Link(principal, _first_evidence(ctx, principal, first.evidence)))
    for f in frames:
        visit.participants += [Link(n, ev.with_rule("trip_companion")) for n, ev in f.companions]
    if not planned:
        exclude = {principal}
        lo, hi = _passage(ctx, triggers, frames)
        found = [p for kind, rule in BESIDE.items() for p in _named_beside(ctx, triggers, kind, rule, exclude)]
        visit.participants += [p for p in found + _captions(ctx, exclude) if lo <= p.evidence.start < hi]
        visit.topics = [Link(m.name, m.evidence) for m in ctx.mentions if m.kind == "topic" and lo <= m.evidence.start < hi]
    return visit


def _passage(ctx: Context, triggers, frames: list[TripFrame]) -> tuple[int, int]:
    """Where the trip is told: the whole article, but only the sentences about a reception told inside
    other news (its own and those after it that speak of the guest): «Сегодня Глава государства принял
    председателя парламента Грузии ...» in a digest of the day (tn_532163), whose flood headquarters'
    speakers are not the guest's hosts."""
    if not all(f.evidence.rule in GUEST_RULES for f in frames):
        return 0, len(ctx.doc.article.text)
    sents = ctx.doc.sentences
    first = min(f.sent_index for f in frames)
    last = max(f.sent_index for f in frames)
    while last + 1 < len(sents) and refers_to(ctx, sents[last + 1], triggers[last + 1], frames[0].principal):
        last += 1
    return sents[first].start, sents[last].end


def _trip_dates(ctx: Context, frames: list[TripFrame]) -> tuple[str | None, str | None]:
    """The earliest day a frame gives and the last; else the lead's (a dateline «Карагандинская
    область, 2 августа —»); else the publication date."""
    days = sorted({d for f in frames for d in (f.day, f.end) if d})
    if days:
        return days[0], days[-1] if days[-1] != days[0] else None
    pub = ctx.doc.article.date
    lead = ctx.doc.sentences[:2]
    for d in ctx.dates:
        if any(s.start <= d.evidence.start < s.end for s in lead) and pub and \
                0 <= (date.fromisoformat(pub) - date.fromisoformat(d.day)).days <= RECALL_DAYS:
            return d.day, d.end
    return pub, None


def _first_evidence(ctx: Context, person: str, default: Evidence) -> Evidence:
    for m in ctx.mentions:
        if m.kind == "person" and m.name == person and not ctx.in_speech(m.evidence.start):
            return m.evidence
    return default


def _named_beside(ctx: Context, triggers, kind: str, rule: str, exclude: set) -> list[Link]:
    """The people named outside speech in the sentences with a trigger of `kind` (BESIDE) that is not denied: «не
    смог принять в нем участие», «его не встретил аким» make no participant."""
    out = []
    for sent in ctx.doc.sentences:
        acts = [t for t in triggers[sent.index] if t.kind == kind]
        if not any(not negated(sent, t.start) for t in acts) or ctx.in_speech(sent.start):
            continue
        for m in ctx.in_sentence(sent, "person"):
            if m.name not in exclude and not ctx.in_speech(m.evidence.start):
                out.append(Link(m.name, m.evidence.with_rule(rule)))
    return out


def _captions(ctx: Context, exclude: set) -> list[Link]:
    """A TV report names who speaks on site in a caption line before the speech: they met the visitor."""
    return [Link(m.name, m.evidence.with_rule("speaker_caption")) for m, _ in caption_speakers(ctx) if m.name not in exclude]
