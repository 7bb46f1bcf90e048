"""Meetings, site visits, round tables and other events within a visit, or of their own."""
from __future__ import annotations

import re

from ..model import Event, Link, Mention
from ..text.morph import lemmas, name_key, nominative_phrase, parses
from ..text.segment import Sentence
from .actors import refers_to, token_at
from .context import ACTIVITY_KINDS, DESTINATION_KINDS, EVENT_TYPE, MEETING_KINDS, Context, Trigger, clause_mood, norm
from .frames import PLACE_NOUNS
from .objects import (
    CALL_ON,
    COLLECTIVE,
    GROUP_WORDS,
    MEETING_NOUNS,
    PEOPLE_NOUNS,
    WITH,
    accusative_people,
    ends_object,
    lemma_keys,
    object_span,
    second_lemma,
)

# a facility visited with no named operator: «с экспозицией областного историко-краеведческого музея»
FACILITY_WORDS = {"музей", "аэропорт", "терминал", "школа-интернат", "школа", "завод", "фабрика", "комбинат",
                  "предприятие", "лаборатория", "мастерская", "больница", "гэс", "гидроагрегат", "станция",
                  "университет", "колледж", "центр", "парк", "стадион", "порт", "вокзал", "шахта", "рудник",
                  # «побывала в детском саду «Бегім ана»», «побывал на ГРЭС «Топар»», «посетил новый "Дом дружбы"»
                  "сад", "академия", "грэс", "тэц", "электростанция", "хозяйство", "комплекс", "месторождение",
                  "дом", "мавзолей", "дворец", "поликлиника", "гимназия", "лицей", "теплица", "ферма",
                  # «посетил медицинский пункт в селе Лайбулак», «один из пунктов временного размещения»,
                  # «ознакомился с работой спортивного модуля»
                  "пункт", "модуль",
                  # landmarks a guest is shown: «посетил городище Ичан-кала», «историческое местечко города Хива»,
                  # «в одном из уникальных памятников хорезмийской архитектуры – Дворце Нуруллабая»
                  "городище", "местечко", "памятник", "мечеть", "медресе", "крепость", "храм", "собор",
                  # works inspected: «проинспектировал ход строительства автодороги Ош — Кара-Суу» (c10)
                  "автодорога", "трасса", "мост", "путепровод", "развязка"}
QUOTES_OPEN = {"«", '"', "“", "„"}
CASES = {"nomn", "accs", "gent", "datv", "ablt", "loct"}
ONE_OF = {"один", "одну", "одно", "одном", "одной"}
# «посетил Уалихановский район, а именно села ..., передает Open KZ»: the outlet's verb ends the object
ATTRIBUTION = {"передает", "передаёт", "сообщает", "пишет", "сообщили", "сообщил", "информирует"}
# kinds of organization whose premises an official visits: «В Кызылординском университете ...»
SITE_KINDS = {"enterprise", "education", "culture", "zone"}
# a dwelling of people is no site: «побывал в доме семьи Виктора Лаврова» is a call on the family
DWELLINGS = {"дом", "квартира"}
# meetings named by what they are about, not by whom: «провел совещание по вопросам ...», «провел прием граждан»
HELD_MEETINGS = {"совещание", "прием"}
DISCUSS = {"обсудить", "пообщаться"}  # meeting verbs that, in a «где» clause of a site visit, are a talk during it
# «осмотрел ход строительства нового водоопреснительного завода»: the facility is in the genitive
WORKS_WORDS = {"ход", "строительство", "работа", "деятельность", "реконструкция", "модернизация", "площадка",
               "открытие",  # «в техническом открытии новой школы №10»
               "экспозиция", "условие"}  # «с экспозицией музея» (seed 002), «с условиями работы завода»
# verbs that report an event as held: «обсудили в Караганде на заседании круглого стола»
HELD_VERBS = {"пройти", "состояться", "провести", "обсудить", "собраться", "открыться", "начаться",
              "завершиться", "принять", "выступить", "организовать", "рассмотреть"}
SPEECH_VERBS = {"сказать", "отметить", "подчеркнуть", "заявить", "считать", "сделать", "остановиться", "выступить",
                "подключиться", "рассказать", "сообщить", "добавить", "акцентировать", "обратить", "предложить"}
# kinds of trigger that, held, make an event within a visit or of its own
SUB_EVENT_KINDS = ACTIVITY_KINDS | set(EVENT_TYPE)


def find_sub_events(ctx: Context, triggers, visit: Event | None) -> list[Event]:
    out: list[Event] = []
    for sent in ctx.doc.sentences:
        if ctx.in_speech(sent.start):
            continue
        acts = triggers[sent.index]
        here: list[Event] = []
        discussed: list[Event] = []
        for t in acts:
            if t.kind not in SUB_EVENT_KINDS or clause_mood(sent, t.start, t.end) != "done":
                continue  # «Токаев примет участие в заседании», «посетит ТЭЦ»: not (yet) held
            if t.kind == "session" and any(x.kind in {"roundtable", "conference"} and 0 <= x.start - t.end <= 1 for x in acts):
                continue  # «на заседании круглого стола» is the round table
            if t.kind in MEETING_KINDS:
                found = _meeting(ctx, sent, t, triggers[sent.index])
                if lemmas(sent.tokens[t.start].text) & DISCUSS and _in_where_clause(sent, t):
                    discussed += found
                else:
                    here += found
            elif t.kind == "site":
                found = _site(ctx, sent, t, triggers[sent.index])
                first = next((e for e in here if e.type == "SiteVisit"), None)
                if first and found and _in_where_clause(sent, t):
                    # «посетила Инфекционный центр ..., где ознакомилась с ходом оказания медпомощи»: what
                    # she saw there is part of that visit
                    for e in found:
                        first.absorb(e)
                else:
                    here += found
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
    return _meetings_told_elsewhere(out)


def _meetings_told_elsewhere(events: list[Event]) -> list[Event]:
    """«На встрече были обсуждены вопросы» is the meeting «с кем» the article tells before it, else the
    first it tells after it (seed 002 opens with it); only an article that tells none makes it one."""
    out = []
    withs = [e for e in events if e.evidence.rule in {"meeting_with", "meeting_series"}]
    first_told = None
    for e in events:
        if e.evidence.rule != "meeting_told":
            out.append(e)
            continue
        before = [o for o in withs if o.evidence.start < e.evidence.start]
        after = [o for o in withs if o.evidence.start > e.evidence.start]
        told = before[-1] if before else after[0] if after else first_told
        if told is None:
            out.append(e)
            first_told = e  # «проходят отчётные встречи акимов» ... «Встреча акима района прошла в ...» (b01): one
        else:
            told.absorb(e)
    return out


def _of_people(sent: Sentence, org: Mention) -> bool:
    """«медпомощи пострадавшим воспитанникам Центра оказания специальных социальных услуг» (a07): a body
    named as whose people they are is not the place visited."""
    k = token_at(sent, org.evidence.start)
    if k == 0 or not sent.tokens[k - 1].is_word:
        return False
    p = parses(sent.tokens[k - 1].text)[0]
    return p.tag.POS == "NOUN" and ("anim" in p.tag or norm(p) in GROUP_WORDS)


def _in_where_clause(sent: Sentence, t: Trigger) -> bool:
    """The trigger stands in a «где» clause: «..., где ознакомилась с ...», «..., где осмотрел новые мастерские
    и пообщался с мастерами»."""
    toks = sent.tokens
    k = t.start - 1
    while k >= 0 and toks[k].text not in {",", ";", ".", ":"}:
        if toks[k].text.lower() == "где":
            return True
        k -= 1
    return False


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
    noun = lemmas(sent.tokens[t.start].text) & MEETING_NOUNS
    call_on = lemmas(sent.tokens[t.start].text) & CALL_ON
    if call_on:
        span = accusative_people(sent, t.end)
    else:
        span = object_span(sent, t.end, triggers, gap=1 if noun else 10, people=True)
    if not span and lemmas(sent.tokens[t.start].text) & HELD_MEETINGS:
        return [_conference_call(ctx, sent, t)]
    if not span and noun:
        return _meeting_told(ctx, sent, t)
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
    # «провели встречи с сельскими жителями»: meetings in the plural are a series the report does not tell apart
    nouns = [k for k in range(t.start, t.end) if lemmas(sent.tokens[k].text) & MEETING_NOUNS]
    series = bool(nouns) and _plural_noun(sent.tokens, nouns[0])
    ev = ctx.doc.evidence(sent, sent.tokens[t.start].start, hi, "meeting_series" if series else "meeting_with")
    people = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "person", lo, hi)]
    label = "Встреча с " + sent.text[lo - sent.start: hi - sent.start]
    if call_on:  # «навестил семью бойца ...» → «Встреча: семья бойца ...»
        toks = sent.tokens
        head = next(k for k in range(i, j) if toks[k].is_word and parses(toks[k].text)[0].tag.POS == "NOUN")
        label = "Встреча: " + nominative_phrase([x.text for x in toks[i:head]], toks[head].text) + \
            sent.text[toks[head].end - sent.start: hi - sent.start]
    e = Event(type="Meeting", key="", label=label[:120], evidence=ev, participants=people,
              organizations=[Link(o.name, o.evidence) for o in orgs], sources=[ctx.doc.article.id])
    e.match_keys = keys
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    return [e]


def _plural_noun(toks, k: int) -> bool:
    """«встреч» is plural; «встречи» is, as the object of a verb («провели встречи»), not after «в ходе»."""
    readings = parses(toks[k].text)
    if "plur" in readings[0].tag:
        return True
    return k > 0 and parses(toks[k - 1].text)[0].tag.POS == "VERB" and any("plur" in p.tag for p in readings)


def _meeting_told(ctx: Context, sent: Sentence, t: Trigger) -> list[Event]:
    """«На встрече в селе Кайрат жители подняли наболевшие вопросы» (b04): a meeting named with no «с кем»,
    by where it was held. If the article told a meeting before, it is that one (find_sub_events)."""
    toks = sent.tokens
    if (t.start == 0 or toks[t.start - 1].text.lower() not in {"на", "в", "во", "после", "ходе", "время"}) and \
            "nomn" not in parses(toks[t.start].text)[0].tag:
        return []  # «на встрече», «В ходе встречи стороны обсудили», «Встреча прошла»; not «для встречи»
    end = t.end
    places = []
    while end < len(toks) and end - t.end < 5 and (
            toks[end].text.lower() in {"в", "во", "на"} or norm(parses(toks[end].text)[0]) in PLACE_NOUNS):
        here = [m for m in ctx.in_sentence(sent, "place", toks[end].start) if m.attrs.get("kind") in DESTINATION_KINDS]
        nxt = here[0] if here and token_at(sent, here[0].evidence.start) <= end + 2 else None
        if nxt is None:
            break
        places.append(nxt)
        end = token_at(sent, nxt.evidence.end - 1) + 1
    ev = ctx.doc.evidence(sent, toks[t.start].start, toks[end - 1].end, "meeting_told")
    label = nominative_phrase([], toks[t.start].text) + sent.text[toks[t.end - 1].end - sent.start: toks[end - 1].end - sent.start]
    e = Event(type="Meeting", key="", label=label[:1].upper() + label[1:120], evidence=ev, sources=[ctx.doc.article.id],
              places=[Link(m.name, m.evidence) for m in places])
    e.match_keys = ["встреча"] + [m.name for m in places]
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
    e.match_keys = [org.name] + _facility_before(sent, t.end if t else 0, token_at(sent, org.evidence.start))
    e.topics = [Link(m.name, m.evidence) for m in ctx.in_sentence(sent, "topic")]
    return e


def _facility_before(sent: Sentence, lo: int, k: int) -> list[str]:
    """«посетил биофармацевтический завод иммунобиологических препаратов Otarbiopharm»: the facility the
    name stands for, a second key of the site («биофармацевтический завод»)."""
    toks = sent.tokens
    n = next((n for n in range(max(lo, k - 8), k) if _facility_word(toks[n], CASES)), None)
    return [_facility_phrase(sent, n, k, complement=False)] if n is not None else []


def _site(ctx: Context, sent: Sentence, t: Trigger, triggers) -> list[Event]:
    toks = sent.tokens
    word = lemmas(toks[t.start].text)
    if "объект" in word:
        # «Первым объектом стал диспетчерский центр АО «Казахмыс»»
        lo = toks[t.end - 1].end
        orgs = ctx.in_sentence(sent, "org", lo)
        return [site_event(ctx, sent, orgs[0], "site_visit", t)] if orgs else []
    if word & {"ознакомиться", "ознакомление"}:
        span = object_span(sent, t.end, triggers)
        if not span:
            return []
        listed = _listed_after_colon(ctx, sent)
        if listed:
            return [site_event(ctx, s, o, "site_listed", None) for s, o in listed]
        i, j = span
        # «с деятельностью завода по производству вакцин QazVac при Научно-исследовательском институте ...»:
        # what the facility makes and whose it is belong to its description, up to the clause's end
        while j < len(toks) and toks[j].text.lower() in {"по", "при"}:
            j = next((k for k in range(j + 1, len(toks)) if toks[k].text in {",", ";", ".", "–", "—"}), len(toks))
        return _site_pieces(ctx, sent, t, i, j)
    # посетить / осмотреть / побывать: the direct object up to the clause's end; «..., передает Open KZ»
    # names the outlet, not a site
    lo = toks[t.end - 1].end
    later = [x.start for x in triggers if x.start > t.start and x.kind in ACTIVITY_KINDS]
    later += [k for k in range(t.end, len(toks)) if toks[k].text.lower() in ATTRIBUTION]
    hi = toks[min(later)].start if later else sent.end
    orgs = [o for o in ctx.in_sentence(sent, "org", lo, hi) if o.attrs.get("kind") != "media" and not _of_people(sent, o)]
    if orgs:
        return [site_event(ctx, sent, o, "site_visit", t) for o in _coordinated_orgs(sent, orgs)]
    # «посетил новую школу на 900 мест»: a facility with no name, if it is what was visited
    stop = next((k for k in range(t.end, len(toks)) if toks[k].start >= hi or toks[k].text in {",", ";", "."}), len(toks))
    works = any(x.is_word and lemmas(x.text) & WORKS_WORDS for x in toks[t.start:min(stop, t.end + 3)])
    cases = {"accs", "loct", "gent"} if works else {"accs", "loct"}
    # «посетил фермерские дехканские хозяйства "Икбол" и "Ходжи Юсуф"»: plural facilities, each named
    k = next((k for k in range(t.end, min(stop, t.end + 6)) if _facility_word(toks[k], cases) or (
        _facility_word(toks[k], cases, plural=True) and _quoted_list(sent, k + 1, len(toks))[0])), None)
    one = t.end + (1 if t.end < len(toks) and toks[t.end].text.lower() in {"в", "на"} else 0)
    if k is None and one + 2 < len(toks) and toks[one].text.lower() in ONE_OF and toks[one + 1].text == "из":
        # «посетил один из пунктов временного размещения переселенцев» (c08), «побывали в одном из памятников»
        k = next((k for k in range(one + 2, min(stop, one + 5)) if _facility_word(toks[k], {"gent"}, plural=True)), None)
    if k is None or _dwelling(toks, k):
        return []
    hi_tok = token_at(sent, hi) if later else len(toks)
    return [e for n in [k] + _listed_facilities(toks, k, hi_tok) for e in _facility_site(ctx, sent, t, n, hi_tok)]


def _coordinated_orgs(sent: Sentence, orgs: list[Mention]) -> list[Mention]:
    """«посетил ТОО «Агрофирма Родина», ТОО «Костанай Минералс» и АО «Баян Сулу»»: the first organization
    visited and each joined to it by a comma or «и» (with at most a few words of description between),
    not one named further on in another clause («..., входящий в группу компаний ...»)."""
    out = [orgs[0]]
    for o in orgs[1:]:
        # from the end of one name to the first word of the next (a mention may open on the quote before it)
        head = o.evidence.quote.find(o.name.split()[0]) if o.name else 0
        gap = sent.text[out[-1].evidence.end - sent.start: o.evidence.start + max(head, 0) - sent.start]
        m = re.fullmatch(r"\s*(,|и|,?\s*а также)\s*(.*)", gap.strip(" «»\"“”„"))
        words = m.group(2).split() if m else None
        # a legal form («ТОО», «АО») may stand between; a capitalized word is another name
        if words is None or len(words) > 5 or any(w[:1].isupper() and not w.isupper() or _is_verb(w) for w in words):
            break
        out.append(o)
    return out


def _is_verb(word: str) -> bool:
    """A verb or participle by any reading: «входящее» reads first as an adjective."""
    return any(p.tag.POS in {"VERB", "PRTF", "PRTS", "GRND", "INFN"} for p in parses(word.strip("«»\"(),.")))


def _listed_after_colon(ctx: Context, sent: Sentence) -> list[tuple[Sentence, Mention]]:
    """«ознакомился с работой ряд медицинских учреждений:» and a bulleted line for each («🟢 Центральной
    районной поликлиники ...;», c09): the first organization of every item line."""
    if not sent.text.rstrip().endswith(":"):
        return []
    out = []
    for nxt in ctx.doc.sentences[sent.index + 1:]:
        head = nxt.text.lstrip()[:1]
        if not head or head.isalpha() or head in "«\"":
            break  # the list ends where a line opens with a word
        orgs = ctx.in_sentence(nxt, "org")
        if orgs:
            out.append((nxt, orgs[0]))
    return out


def _listed_facilities(toks, k: int, hi: int) -> list[int]:
    """«посетил сыродельный завод в Угличе, молочные фермы в Ростовском районе и завод мороженого в
    Тутаевском муниципальном районе» (c07): each facility of the list is a site (a plural one once)."""
    out = []
    pos = k
    while True:
        n = next((n for n in range(pos + 1, hi) if toks[n].text in {",", "и", ";", "."} or
                  toks[n].is_word and parses(toks[n].text)[0].tag.POS == "VERB"), None)
        if n is None or toks[n].text not in {",", "и"}:
            return out
        m = next((m for m in range(n + 1, min(hi, n + 4)) if _facility_word(toks[m], {"accs", "loct"}, plural=True)), None)
        if m is None:
            return out
        out.append(m)
        pos = m


def _facility_site(ctx: Context, sent: Sentence, t: Trigger, k: int, hi: int) -> list[Event]:
    """Site visits to the facility whose word is token k: one per name it carries, else one described."""
    toks = sent.tokens
    stop = next((n for n in range(k + 1, hi) if toks[n].text in {",", ";", "."}), hi)
    name = _facility_phrase(sent, k, stop)
    names, last = _proper_names(ctx, sent, k, stop)
    rule = "site_named"
    if not names:
        proper, last = _described(ctx, sent, k, stop)
        names, rule = ([proper] if proper else []), "site_described"
    core = _facility_phrase(sent, k, stop, complement=False)
    out = []
    for proper in names or [None]:
        e = Event(type="SiteVisit", key="", label=f"Посещение: {proper or name}", sources=[ctx.doc.article.id],
                  evidence=ctx.doc.evidence(sent, toks[t.start].start, toks[last].end, "site_visit"))
        if proper:
            # the facility's own name is the organization visited: «школа №10», «Бегім ана», «мавзолей ... Ататюрка»
            e.organizations = [Link(proper, ctx.doc.evidence(sent, toks[t.start].start, toks[last].end, rule))]
        e.match_keys = [x for x in dict.fromkeys([proper, name, core]) if x]
        out.append(e)
    return out


def _described(ctx: Context, sent: Sentence, k: int, stop: int) -> tuple[str | None, int]:
    """«посетил мавзолей основателя современной Турции Мустафы Кемаля Ататюрка» (a08): a facility word with a
    genitive phrase that ends in a name is a site named by description; the phrase and its last token.
    «школу Хивы» ends in a place: it says where the school is, not which."""
    toks = sent.tokens
    n = k + 1
    while n < stop and toks[n].is_word and any("gent" in p.tag for p in parses(toks[n].text)):
        n += 1
    last = n - 1
    if last == k or not toks[last].text[:1].isupper() or \
            ctx.in_sentence(sent, "place", toks[last].start, toks[last].end + 1):
        return None, k
    head = nominative_phrase([], toks[k].text)
    return head + sent.text[toks[k].end - sent.start: toks[last].end - sent.start], last


def _dwelling(toks, k: int) -> bool:
    """«в доме семьи Виктора Лаврова»: someone's home, not a facility («Дом культуры» is one)."""
    if toks[k].text[:1].isupper() or norm(parses(toks[k].text)[0]) not in DWELLINGS or k + 1 >= len(toks):
        return False
    p = parses(toks[k + 1].text)[0]
    return p.tag.POS == "NOUN" and "gent" in p.tag and ("anim" in p.tag or norm(p) in PEOPLE_NOUNS)


def _proper_names(ctx: Context, sent: Sentence, k: int, stop: int) -> tuple[list[str], int]:
    """The names a facility word carries, and the last token read: a number («школы №10» → «школа №10»), a
    quoted name it opens («новый "Дом дружбы"») or that follows it («детском саду «Бегім ана»»), a list of
    them («хозяйства "Икбол" и "Ходжи Юсуф"», c06), a name in capitals («городище Ичан-кала», c04), or one in
    apposition after a dash («местечко города Хива – «Ичан-Кала»», c05; «в одном из памятников хорезмийской
    архитектуры – Дворце Нуруллабая», c04)."""
    toks = sent.tokens
    if k + 2 < len(toks) and toks[k + 1].text in {"№", "N"} and toks[k + 2].text.isdigit():
        return [f"{parses(toks[k].text)[0].normal_form} №{toks[k + 2].text}"], k + 2
    if k > 0 and toks[k - 1].text in QUOTES_OPEN:
        name, last = _quoted(sent, k - 1)
        if name:
            return [name], last
    names, last = _quoted_list(sent, k + 1, stop)
    if names:
        return names, last
    name, last = _capitalized(ctx, sent, k, k + 1, stop)
    if name:
        return [name], last
    n = k + 1  # «местечко города Хива – «Ичан-Кала»»: past the genitive (and names in it), a name after a dash
    while n < stop and toks[n].is_word and (toks[n].text[:1].isupper() or any("gent" in p.tag for p in parses(toks[n].text))):
        n += 1
    if n + 1 < stop and toks[n].text in {"–", "—", "-"}:
        names, last = _quoted_list(sent, n + 1, stop)
        if names:
            return names, last
        head = n + 1
        if _facility_word(toks[head], CASES, plural=True) and toks[head].text[:1].isupper():
            name, last = _capitalized(ctx, sent, head, head + 1, stop)  # «Дворце Нуруллабая»
        else:
            name, last = _capitalized(ctx, sent, None, head, stop)
        if name:
            return [name], last
    return [], k


def _quoted(sent: Sentence, opening: int) -> tuple[str | None, int]:
    """The text inside the quotes that open at token `opening`, and the closing quote's index."""
    toks = sent.tokens
    close = next((n for n in range(opening + 1, min(len(toks), opening + 8)) if toks[n].text in {"»", '"', "”"}), None)
    if close and close > opening + 1:
        return sent.text[toks[opening + 1].start - sent.start: toks[close - 1].end - sent.start], close
    return None, opening


def _quoted_list(sent: Sentence, n: int, stop: int) -> tuple[list[str], int]:
    """Quoted names from token n on, joined by «и» or commas: «"Икбол" и "Ходжи Юсуф"»."""
    toks = sent.tokens
    names, last = [], n - 1
    while n < min(stop + 1, len(toks)) and toks[n].text in QUOTES_OPEN:
        name, close = _quoted(sent, n)
        if not name:
            break
        names.append(name)
        last = close
        n = close + 1
        if n + 1 < len(toks) and toks[n].text in {"и", ","} and toks[n + 1].text in QUOTES_OPEN:
            n += 1
        else:
            break
    return names, last


def _capitalized(ctx: Context, sent: Sentence, head: int | None, n: int, stop: int) -> tuple[str | None, int]:
    """Capitalized words from token n that are no place or person the article names («школы Астаны» says
    whose, not what): the name, with the facility word `head` when that is capitalized too («Дворец
    Нуруллабая»)."""
    toks = sent.tokens
    m = n
    while m < stop and toks[m].is_word and toks[m].text[:1].isupper():
        m += 1
    if m == n:
        return None, n
    lo, hi = toks[n].start, toks[m - 1].end
    if ctx.in_sentence(sent, "place", lo, hi + 1) or ctx.in_sentence(sent, "person", lo, hi + 1):
        return None, n
    words = sent.text[lo - sent.start: hi - sent.start]
    if head is not None and toks[head].text[:1].isupper():
        words = nominative_phrase([], toks[head].text).capitalize() + " " + words
    return words, m - 1


def _facility_word(tok, cases: set[str], plural: bool = False) -> bool:
    """A facility noun in the singular (or, in a list, the plural), in one of `cases`: «школу», «на заводе»."""
    if not tok.is_word:
        return False
    for p in parses(tok.text):
        # «посетил новый "Дом дружбы"»: an inanimate accusative reads first as the nominative;
        # «в детском саду» is the second locative; «на ГРЭС» an indeclinable abbreviation, of any case
        grammemes = set(p.tag.grammemes) | ({"loct"} if "loc2" in p.tag else set()) | (cases if "Fixd" in p.tag else set())
        if p.normal_form in FACILITY_WORDS and ("sing" in p.tag or plural) and cases & grammemes:
            return True
    return False


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
        orgs = [o for o in ctx.in_sentence(sent, "org", lo, hi) if not _of_people(sent, o)]
        # «завода по производству вакцин QazVac при Научно-исследовательском институте ...» (a05): the plant
        # is the institute's, whose name follows «при»; the brand before it is a product
        owner = [o for o in orgs if toks[token_at(sent, o.evidence.start) - 1].text.lower() == "при"]
        if owner:
            out.append(site_event(ctx, sent, owner[0], "site_visit", t))
            continue
        if orgs:  # «с работой предприятий ТОО «Алтын Дән» и ТОО «Жана Кала»»
            out += [site_event(ctx, sent, o, "site_visit", t) for o in _coordinated_orgs(sent, orgs)]
            continue
        facility = next((k for k in range(a, b) if toks[k].is_word and parses(toks[k].text)[0].normal_form in FACILITY_WORDS
                         and "sing" in parses(toks[k].text)[0].tag), None)
        if facility is None or not _about_the_facility(toks, a, facility):
            continue
        named = _named_next(ctx, sent, b)
        if named:
            # «с работой завода по производству кожевенной продукции ТОО «Kazakh Leather Company»»
            out.append(site_event(ctx, sent, named, "site_visit", t))
            continue
        name = _facility_phrase(sent, facility, b)
        ev = ctx.doc.evidence(sent, toks[t.start].start, hi, "site_visit")
        e = Event(type="SiteVisit", key="", label=f"Посещение: {name}", evidence=ev, sources=[ctx.doc.article.id])
        e.match_keys = list(dict.fromkeys([name, _facility_phrase(sent, facility, b, complement=False)]))
        out.append(e)
    return out


def _about_the_facility(toks, a: int, k: int) -> bool:
    """«с работой терминала аэропорта», «с ходом строительства автодороги»: the facility or its works head the
    object; «с проектом расширения мощностей предприятия» (held-out m02) is about a project."""
    head = next((n for n in range(a, k + 1) if toks[n].is_word and parses(toks[n].text)[0].tag.POS == "NOUN"), k)
    return head == k or bool(lemmas(toks[head].text) & WORKS_WORDS)


def _named_next(ctx: Context, sent: Sentence, b: int) -> Mention | None:
    """An organization's name right after a facility's description, in the same clause."""
    toks = sent.tokens
    stop = next((k for k in range(b, min(len(toks), b + 12)) if toks[k].text in {",", ";", ".", "–", "—"}), None)
    if stop is None or stop == b:
        return None
    orgs = ctx.in_sentence(sent, "org", toks[b].start, toks[stop - 1].end)
    return orgs[0] if orgs else None


def _facility_phrase(sent: Sentence, k: int, end: int, complement: bool = True) -> str:
    """«нового терминала аэропорта» → «новый терминал аэропорта», in the nominative; without `complement`,
    only the adjectives and the noun («биофармацевтический завод», the key two reports share)."""
    toks = sent.tokens
    a = k
    while a - 1 >= 0 and toks[a - 1].is_word and parses(toks[a - 1].text)[0].tag.POS == "ADJF":
        a -= 1
    name = nominative_phrase([t.text for t in toks[a:k]], toks[k].text)
    # «пунктов временного размещения переселенцев», «завод мороженого»: the genitive that says what it is
    n = k + 1
    while complement and n < min(end, k + 5) and toks[n].is_word and toks[n].text.islower() and \
            parses(toks[n].text)[0].tag.POS in {"NOUN", "ADJF"} and "gent" in parses(toks[n].text)[0].tag:
        n += 1
    while n > k + 1 and parses(toks[n - 1].text)[0].tag.POS != "NOUN":
        n -= 1  # a phrase ends in its noun
    if n > k + 1:
        name += sent.text[toks[k].end - sent.start: toks[n - 1].end - sent.start]
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


def dedupe(events: list[Event], title_end: int = 0, lead_end: int = 0) -> list[Event]:
    """Within one article, one meeting or site named twice, or one forum named twice
    («Форум Астана», «форум Астана в этом году»), is one event; so is a meeting or site of the
    headline and the first of its type in the body: «Министр науки встретился со студентами в Шымкенте»
    heads «... встретился со студентами и преподавателями Южно-Казахстанского университета»; and one
    of the lead paragraph that the body tells again (see _retold)."""
    out: list[Event] = []
    body = [e for e in events if e.evidence.start >= title_end]
    rest = [e for e in events if e.evidence.start >= lead_end]
    for e in events:
        if e.evidence.start < title_end and e.type in {"Meeting", "SiteVisit"}:
            told = next((o for o in body if o.type == e.type), None)
            if told:
                told.absorb(e)
                continue
        if title_end <= e.evidence.start < lead_end and e.type in {"Meeting", "SiteVisit"}:
            told = _retold(e, rest)
            if told:
                told.absorb(e)
                continue
        same = None if e.type == "Visit" else next((o for o in out if o.type == e.type and _same_thing(o, e)), None)
        if same:
            same.absorb(e)
        else:
            out.append(e)
    return out


def _retold(lead: Event, rest: list[Event]) -> Event | None:
    """The lead sums up, the body tells: «посетил биофармацевтический завод ... Otarbiopharm» (a05's lead) is
    the body's first site when that is the same facility («с деятельностью биофармацевтического завода ...
    при Научно-исследовательском институте ...»). A lead meeting «с представителями общественности» may or
    may not be the body's first (a04; seed 001 tells another): it stays."""
    first = next((o for o in rest if o.type == lead.type), None)
    if first is None or lead.type != "SiteVisit":
        return None
    keys = {k.lower() for k in lead.match_keys[1:]}
    return first if keys & {k.lower() for k in first.match_keys} else None


def _same_thing(a: Event, b: Event) -> bool:
    if a.evidence.rule == b.evidence.rule == "meeting_series":
        return True  # «В ходе продолжающихся встреч с избирателями» and «провели встречи с сельскими жителями» (d03)
    if a.type in EVENT_TYPE.values():
        ka, kb = name_key(" ".join(a.match_keys[1:])), name_key(" ".join(b.match_keys[1:]))
        return ka <= kb or kb <= ka
    return bool(a.match_keys and b.match_keys) and a.match_keys[0].lower() == b.match_keys[0].lower()
