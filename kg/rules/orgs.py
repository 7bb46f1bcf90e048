"""Organizations: legal forms, quoted names, Latin-script names, proper institutions, state bodies.

Rules:
  legal_form_quoted   АО «Казахмыс» → Казахмыс
  head_quoted         партии «Ак жол» → Ак жол (kind from the head noun)
  quoted_institution  «Школа анализа. Астана»: a quoted name that starts with a head noun
  head_bare_name      в индустриальной зоне Astana → индустриальная зона Astana; лаборатории Иванова
  latin_name          Capital Bank Kazakhstan, Van Thinh Phat, Massaget.kz
  proper_institution  Актюбинского государственного университета → Актюбинский государственный университет
  state_body          Сената → Сенат Парламента Республики Казахстан; АНК → Ассамблея народа Казахстана
  local_body          акимата Карагандинской области → акимат Карагандинской области
  quoted_after_cue    болельщика «Спартака», цитирует «Росбалт» → Спартак, Росбалт (org_context.tsv)
  abbreviation_after_cue  президента ФИДЕ, представители ХДС → ФИДЕ, ХДС
  abbreviation_of_name  сторонников ДПНИ → Движение против нелегальной иммиграции (the article's name it spells)
  dedicated_church    храма в честь Богоявления Господня → храм Богоявления Господня
  club_after_cue      защитник Арсенала → Арсенал (org_context.tsv, 'bare')
  seat_for_power      заявил Белый дом, администрации Кремля → Белый дом, Кремль (power_seats.tsv)
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from ..model import Mention
from ..text.morph import FormMemo, inflect, is_known, lemmas, parses
from ..text.morph import nominative_phrase as _nominative_phrase
from ..text.segment import CYRILLIC, Spans
from . import lexicon
from .base import (QUOTES_CLOSE, QUOTES_OPEN, Doc, PhraseIndex, is_genitive, latin_text, match_from, passing,
                   phrase_keys, start_test, word_keys)
from .places import place_attrs, place_index

LOCAL_BODIES = {"акимат", "маслихат"}
LOCAL_PREFIXES = {"ак", "ма"}
IMENI = {"имени", "им"}
MEDIA_TLD = re.compile(r"^(kz|ru|com|org|net|uz|kg|info|news)$", re.I)  # «Gzt.Ru»
# Latin tokens that are not names on their own
LATIN_STOP = {"vs", "ok", "pr", "it", "ai", "via", "www", "http", "https", "com", "kz", "ru", "and", "of", "the"}
FOREIGN_LETTERS = re.compile("[äöüßéèàçñ]", re.I)  # German or French words, not brand names
MAX_HEAD_GAP = 4
RIGHT_OF = {"ПХВ", "ПОУ"}  # на праве хозяйственного ведения / оперативного управления


@lru_cache(maxsize=1)
def heads() -> dict[str, str]:
    return {r.get(0): r.get(1) for r in lexicon.rows("org_heads.tsv")}


@lru_cache(maxsize=1)
def latin_stop() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("latin_stop.tsv")) | LATIN_STOP


@lru_cache(maxsize=1)
def context_words() -> dict[str, str]:
    """Words after which a quoted name or a capital abbreviation is an organization -> its kind."""
    return {r.get(0): r.get(1) for r in lexicon.rows("org_context.tsv")}


@lru_cache(maxsize=1)
def bare_context_words() -> frozenset[str]:
    """Words of a club's players and fans, after which sports news name the club without quotes."""
    return frozenset(r.get(0) for r in lexicon.rows("org_context.tsv") if r.get(2) == "bare")


@lru_cache(maxsize=1)
def _bare_context_prefixes() -> frozenset[str]:
    """The first four letters every form of those words keeps («защитник», «защитника»)."""
    return frozenset(w[:4] for w in bare_context_words())


def context_kind(tok) -> str | None:
    """The kind of organization that a word announces («болельщика» → a club), or None."""
    if not tok.is_word or tok.is_cap and not tok.text.istitle():
        return None
    words = context_words()
    return next((words[lem] for lem in sorted(lemmas(tok.text)) if lem in words), None)


@lru_cache(maxsize=1)
def _head_prefixes() -> frozenset[str]:
    return frozenset(h[:2] for h in heads())


@lru_cache(maxsize=1)
def bare_heads() -> frozenset[str]:
    """Heads followed by an unquoted name: «в индустриальной зоне Astana», «мастерской Иванова»."""
    return frozenset(r.get(0) for r in lexicon.rows("org_heads.tsv") if r.get(2) == "bare")


@lru_cache(maxsize=1)
def _bare_prefixes() -> frozenset[str]:
    return frozenset(h[:2] for h in bare_heads())


@lru_cache(maxsize=1)
def legal_forms() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("legal_forms.tsv"))


@lru_cache(maxsize=1)
def body_index() -> PhraseIndex:
    """Names and aliases of known bodies; a hit's value is the body's entry."""
    index = PhraseIndex("bodies")
    for b in lexicon.state_bodies():
        for phrase in (b.name, *b.aliases):
            index.add(phrase, b)
    return index


@lru_cache(maxsize=1)
def generic_aliases() -> dict[str, frozenset[str]]:
    """Kazakhstan's bodies by the aliases that name no country («Сенат», «МИД», «Министерство обороны»):
    body name -> those aliases, lower case. Any country has such a body."""
    out = {}
    for b in lexicon.state_bodies():
        if b.name.endswith(KZ_TAIL):
            out[b.name] = frozenset(a.lower() for a in b.aliases if not KAZAKH_MARK.search(a))
    return out


# an alias that names Kazakhstan: «Сенат РК», «МЧС Казахстана», «Мажилис»
KAZAKH_MARK = re.compile(r"Казахстан|Қазақстан|\bРК\b|Мажилис|Мәжіліс")
# words that show an article is about Kazakhstan (its country, capital, local government, currency); each
# alternative begins with a letter, not a class or \b, so that the regex engine skips to those letters
# (four times faster than stopping at every character of the article)
KAZAKH_ARTICLE = re.compile(r"Казахстан|казахстан|Қазақстан|РК(?<!\wРК)\b|Астан[аеуы]\b|Алматы|Шымкент|Караганд|"
                            r"Актоб|Атырау|Павлодар|Костанай|Петропавловск\b|Кызылорд|Тараз|Актау|Туркестан|"
                            r"Усть-Каменогорск|Кокшетау|Конаев|акимат|аким[аеуы]?\b|маслихат|тенге|Токаев|Мажилис")


def head_kind(tok) -> str | None:
    # every head starts with one of a few letter pairs: test that before asking the morphology
    if not tok.is_word or tok.text[:2].lower() not in _head_prefixes():
        return None
    h = heads()
    text = NUMBERED.sub("", tok.text)  # «ТЭЦ-2» is a ТЭЦ
    for lem in sorted(lemmas(text)):
        if lem in h:
            return h[lem]
    return h.get(text.lower())


NUMBERED = re.compile(r"-\d+$")
MODEL_NUMBER = re.compile(r"\b[А-ЯЁA-Z]{2,}-?\d+$")  # «Союз ТМА-12», «Ту-154» (a craft or a model)
# «Дом дружбы» in quotes is an institution; «Белый дом», «Центральный дом литераторов», «Дворец молодёжи» are places
QUOTED_ONLY_HEADS = {"дом", "дворец"}
# power plants by abbreviation are feminine (станция): «Петропавловская ТЭЦ-2»
FEMININE_ABBREVIATIONS = {"ТЭЦ", "ГРЭС", "ГЭС", "АЭС"}


def find_orgs(doc: Doc, places: list[Mention] | None = None) -> list[Mention]:
    """Organizations of an article; `places` (its place mentions) tell whether it is about Kazakhstan."""
    found: list[Mention] = []
    # «Сенат» is Kazakhstan's Senate only in news about Kazakhstan, which names no other country
    named: dict[str, str] = {}  # a body named as written: the article's first name for it
    works: set[str] = set()  # Latin names of works, products and glosses
    about_kazakhstan = bool(KAZAKH_ARTICLE.search(doc.article.text)) or not (
        _names_a_foreign_country(doc) or any(_country(m) not in {None, "Казахстан"} for m in places or ()))
    home = _home_region(places or ())
    for sent in doc.sentences:
        taken: set[int] = set()  # token indices already inside a found name

        def add(i, j, name, kind, rule, extra=None):
            taken.update(range(i, j))
            attrs = {"kind": kind}
            attrs.update(extra or {})
            found.append(Mention("org", name, doc.span(sent, i, j, rule), attrs))

        _quoted(sent, add, taken)
        _dedicated_churches(sent, add, taken)
        _bare_names(sent, add, taken)
        _state_bodies(sent, add, taken, about_kazakhstan, named)
        if about_kazakhstan:
            _ministries(sent, add, taken)
        _numbered(sent, add, taken)
        _institutions(sent, add, taken)
        _regional_bodies(sent, add, taken, home)
        _abbreviation_after_cue(sent, add, taken)
        _publication_after_cue(sent, add, taken)
        _club_after_sport_cue(sent, add, taken)
        _latin(sent, add, taken, works)
    found += _seats_for_power(doc, places or (), found)
    found += _local_body_references(doc, found)
    found += _abbreviations_of_names(doc, found)
    # «турнир — «Шахматный турнир Корус» (Corus Chess Tournament)» … «Corus Chess Tournament состоится»:
    # a Latin name the article shows to be a work, a product or a gloss is none elsewhere in it either
    # A work's line goes on in its models: «ноутбука MacBook Air» makes «MacBook Air M3» and «MacBook Pro»
    # products too (tn_532101); one word of a line is not enough to make a one-word name a product, and an
    # article begins no line («The IT Crowd» is a show, «The Independent» a newspaper: book_323)
    lines = {w.split(" ")[0] for w in works if " " in w and w.split(" ")[0].lower() not in LATIN_LINKS}
    found = [m for m in found if not (m.evidence.rule == "latin_name" and (
        m.name in works or " " in m.name and m.name.split(" ")[0] in lines))]
    found.sort(key=lambda m: m.evidence.start)
    found = _named_in_brackets(_abbreviations_spelled_out(found), doc.article.text)
    return _one_name_per_article(_drop_subunits(found))


@lru_cache(maxsize=1)
def power_seats() -> dict[str, str]:
    """Seats of power whose name stands for the power itself -> the kind of that organization."""
    return {r.get(0): r.get(1) for r in lexicon.rows("power_seats.tsv")}


# «в Белом доме», «у стен Кремля», «из Кремля»: the building, where the word before is one of these
SEAT_PREPOSITIONS = {"в", "во", "на", "у", "из", "под", "над", "около", "возле", "близ", "к", "ко", "до", "перед",
                      "стен", "стенами", "территории", "территорию", "ворот", "воротами"}
LAST_WORD = re.compile(r"(\w+)\W*$")


def _seats_for_power(doc: Doc, places, found: list[Mention]) -> list[Mention]:
    """«заявил Белый дом», «администрации Кремля»: a seat of power named other than as a place one is in
    or at is the power seated there, an organization."""
    seats = power_seats()
    text = doc.article.text
    out = []
    for p in places:
        if p.name not in seats or any(o.evidence.start <= p.evidence.start < o.evidence.end for o in found):
            continue
        before = LAST_WORD.search(text, max(0, p.evidence.start - 20), p.evidence.start)
        if before and before.group(1).lower() in SEAT_PREPOSITIONS:
            continue
        out.append(Mention("org", p.name, p.evidence.with_rule("seat_for_power"), {"kind": seats[p.name]}))
    return out


FUNCTION_WORDS = {"по", "и", "на", "при", "за", "в", "для", "с", "о", "об", "of", "and", "the", "for"}


def _initials(name: str, words: int) -> str:
    """The capital initials of a name's first `words` words, hyphenated parts apart and function words
    left out: «Комитет уголовно-исполнительной системы» → «КУИС»."""
    parts = [w for w in name.split(" ") if w.lower() not in FUNCTION_WORDS][:words]
    return "".join(p[:1] for w in parts for p in w.split("-") if p).upper()


def _abbreviations_spelled_out(found: list[Mention]) -> list[Mention]:
    """«Комитет уголовно-исполнительной системы» … «сотрудники КУИС», «управления полиции Петропавловска»
    … «с сотрудниками УП»: an abbreviation found by its context is the body the article named in full
    before, when it spells the first words of that name. Any other abbreviation is the body whose every
    word it spells, before or after it: «Digital Sky Technologies» … «доля DST»."""
    for m in found:
        if m.evidence.rule == "abbreviation_after_cue":
            size = len(m.name)
            full = next((o.name for o in found if o is not m and o.evidence.start < m.evidence.start
                         and " " in o.name and any(_initials(o.name, n) == m.name for n in range(2, size + 1))), None)
        elif ABBREVIATION.match(m.name):
            full = next((o.name for o in found if " " in o.name and _initials(o.name, len(m.name) + 1) == m.name), None)
        else:
            continue
        if full:
            m.name = full
    return found


ABBREVIATION = re.compile(r"^[А-ЯЁA-Z]{2,6}$")


def _name_spellings(name: str) -> frozenset[str]:
    """The abbreviations a name may have: its words' initials without the function words, and without
    any preposition — «Движение против нелегальной иммиграции» → ДПНИ, «Объединённый фронт за демократию
    против диктатуры» → ОФДД."""
    words = [w for w in name.split(" ") if w.lower() not in FUNCTION_WORDS]
    content = [w for w in words if not any(p.tag.POS == "PREP" for p in parses(w)[:1])]
    return frozenset("".join(p[:1] for w in ws for p in w.split("-") if p).upper() for ws in (words, content))


# once per name, kept in the forms file: a rebuild asked the morphology about the words of 157 names a pass over
# the real corpus for it
_spellings = FormMemo("abbreviation spellings", _name_spellings, 4096).__getitem__


def _abbreviations_of_names(doc: Doc, found: list[Mention]) -> list[Mention]:
    """«Кроме сторонников ДПНИ» in an article that names the «Движение против нелегальной иммиграции»: an
    abbreviation no rule read is the organization whose name it spells; so is one alone in brackets right
    after an organization's name («Союз координационных советов (СКС)»)."""
    by_spelling = {}
    for m in found:
        if " " in m.name:
            for s in _spellings(m.name):
                by_spelling.setdefault(s, m.name)
    ends = {m.evidence.end: m.name for m in found}
    text = doc.article.text
    starts = [sent.start for sent in doc.sentences]
    out = []
    # the candidates by one pass of a regular expression over the text, not a test of every token
    for hit in CAPITALS_WORD.finditer(text):
        word, a, b = hit.group(), hit.start(), hit.end()
        bracketed = text[a - 1: a] == "(" and text[b: b + 1] == ")"
        name = by_spelling.get(word) or (ends.get(len(text[: a - 1].rstrip(" «»\""))) if bracketed else None)
        if not name or any(m.evidence.start <= a < m.evidence.end for m in found):
            continue
        sent = doc.sentences[bisect_right(starts, a) - 1]
        i = next((k for k, t in enumerate(sent.tokens) if t.start == a and t.end == b), None)
        if i is not None and not place_index()[0].match(sent.tokens, i):
            out.append(Mention("org", name, doc.span(sent, i, i + 1, "abbreviation_of_name"), {"kind": "organization"}))
    return out


# a word of 2-6 capitals; its first letter is matched before the test of the character before it, so
# that the engine skips to capitals (the test first made it stop at every character: 3.5 times slower)
CAPITALS_WORD = re.compile(r"[А-ЯЁA-Z](?<![\w-][А-ЯЁA-Z])[А-ЯЁA-Z]{1,5}(?![\w-])")


def _named_in_brackets(found: list[Mention], text: str) -> list[Mention]:
    """«Билайн» (ОАО «ВымпелКом»)», «EURid (The European Registry of Internet Domain Names)»: an
    organization that alone fills the brackets right after another is another name of it; the article's
    first name stands for both. Not an abbreviation, which may spell a longer name that ends with the
    first: «Продовольственная и сельскохозяйственная организация ООН (ФАО)»."""
    renamed: dict[str, str] = {}
    for a, b in zip(found, found[1:]):
        if (a.name != b.name and not ABBREVIATION.match(b.evidence.quote)
                and text[a.evidence.end: b.evidence.start].strip(" «»\"") == "("
                and text[b.evidence.end: b.evidence.end + 2].strip("«»\"")[:1] == ")"):
            renamed.setdefault(b.name, renamed.get(a.name, a.name))
    for m in found:
        m.name = renamed.get(m.name, m.name)
    return found


def _one_name_per_article(found: list[Mention]) -> list[Mention]:
    """«Конгресс США» … «Конгресс», «Законодательное собрание Приморского края» … «Законодательное
    собрание»: a name that begins a longer name of the same article is that body."""
    names = sorted({m.name for m in found}, key=len, reverse=True)
    for m in found:
        if m.name.split(" ", 1)[0].isupper():
            continue  # «МИД» and «МИД России» may be two countries' ministries
        longer = next((n for n in names if n.startswith(m.name + " ")), None)
        if longer:
            m.name = longer
    return found


@start_test("opening quote")
def _opening_quote(t) -> bool:
    return t.text in QUOTES_OPEN


def _quoted(sent, add, taken):
    toks = sent.tokens
    for i in passing(sent, "opening quote"):  # most sentences quote nothing
        j = next((k for k in range(i + 1, min(len(toks), i + 12)) if toks[k].text in QUOTES_CLOSE), None)
        if j is None or j == i + 1:
            continue
        a, nested = i + 1, False
        # «АО "НК "КТЖ""»: a straight quote glued to the next word opens a nested name, the company's own
        if (j + 2 < len(toks) and toks[j].text == '"' and toks[j + 1].is_word and toks[j].end == toks[j + 1].start
                and toks[j - 1].end < toks[j].start):
            inner = next((k for k in range(j + 2, min(len(toks), j + 8)) if toks[k].text in QUOTES_CLOSE), None)
            if inner is not None:
                a, j, nested = j + 1, inner, True
        name = sent.text[toks[a].start - sent.start: toks[j - 1].end - sent.start].strip()
        if not name[:1].isupper() and not name[:1].isdigit():
            continue
        if name in {"НК", "НАК"} and j + 2 < len(toks) and toks[j + 1].is_cap and toks[j + 2].text in QUOTES_CLOSE:
            # «АО «НК» КазМунайГаз»»: quotes closed too early; the company is the word after
            name, j = toks[j + 1].text, j + 2
        if MODEL_NUMBER.search(name) and (i == 0 or toks[i - 1].text not in legal_forms()):
            continue  # «Союз ТМА-12», «Boeing 737»: a model, not an organization
        hit = body_index().match(toks, a)
        if hit and hit[0] == j:
            # «АО "НК "КТЖ""» → Қазақстан темір жолы; a world body as written: «Большой двадцатки» → Большая двадцатка
            name = said_alias(hit[1], toks, a, j) or name if hit[1].as_written else hit[1].name
        end = j + 2 if nested and j + 1 < len(toks) and toks[j + 1].text in QUOTES_CLOSE else j + 1
        # the word before the quote, skipping a dash: «хаб – «Астана Hub»»
        k = i - 1
        while k >= 0 and toks[k].text in {"-", "–", "—"}:
            k -= 1
        # «ГКП на ПХВ «Рудненская городская больница»»: the form's «на праве хозяйственного ведения»
        if k >= 2 and toks[k].text in RIGHT_OF and toks[k - 1].text.lower() == "на" and toks[k - 2].text in legal_forms():
            k -= 2
        if k >= 0 and toks[k].text in legal_forms():
            add(k, end, _clean(name), "enterprise", "legal_form_quoted")
            continue
        # «сообщает РИА «Новости»»: a known name whose last words the text puts in quotes
        words = [toks[k], *toks[a:j]] if k == i - 1 and toks[k].is_cap and k not in taken else []
        hit = body_index().match(words, 0) if words else None
        if hit and hit[0] == len(words):
            add(k, end, hit[1].name, hit[1].kind, "known_organization")
            continue
        headed = stopped = False
        for back in range(k, max(-1, k - MAX_HEAD_GAP), -1):
            if toks[back].text in ".,;:!?()":
                stopped = True
                break
            kind = head_kind(toks[back])
            if kind:
                if toks[back].text.isupper() and back == k:
                    # «ГРЭС «Топар»», «ТЭЦ-2 «Кармета»»: a plant is named with its abbreviation
                    add(back, end, f"{toks[back].text} {_clean(name)}", kind, "head_quoted")
                else:
                    add(i, end, _clean(name), kind, "head_quoted")
                headed = True
                break
        if headed:
            continue
        kind = head_kind(toks[i + 1])
        if not stopped and kind and i + 2 < j:  # «Школа анализа. Астана», not a bare «Центр»
            add(i, end, _clean(name), kind, "quoted_institution")
            continue
        # «болельщика «Спартака»», «цитирует «Росбалт»», «со ссылкой на «Интерфакс»»
        cue = k - 1 if k >= 1 and toks[k].text.lower() == "на" else k
        kind = context_kind(toks[cue]) if cue >= 0 else None
        if kind and (cue == k or kind == "media"):
            add(i, end, _clean(name) if toks[i + 1].is_latin else as_written(_clean(name)), kind, "quoted_after_cue")
            continue
        # «против группировок ХАМАС и "Исламский джихад"»: a quoted name joined by «и» to a known organization's
        known = next((h for h in (body_index().match(toks, s) for s in range(max(0, k - 4), k)) if h and h[0] == k),
                     None) if k >= 1 and toks[k].text == "и" else None
        if known:
            add(i, end, as_written(_clean(name)), known[1].kind, "quoted_beside_organization")
            continue
        # «руководитель РКК „Энергия“», «НИАТ «Ховар»»: an abbreviation of the organization's kind, then its
        # name in quotes (a complex or a centre of shops — «ЖК», «ТРЦ» — is a building, not an organization;
        # a special economic zone a territory)
        if k == i - 1 and k not in taken and QUOTED_KIND_ABBREVIATION.match(toks[k].text) and toks[k].text not in BUILDING_ABBREVIATIONS \
                and not place_index()[0].match(toks, k):
            add(i, end, _clean(name), ABBREVIATION_KINDS.get(toks[k].text, "enterprise"), "abbreviation_quoted")


QUOTED_KIND_ABBREVIATION = re.compile(r"^[А-ЯЁ]{2,5}$")
# buildings, and zones (a territory whose plants are the sites: «посетил СЭЗ «Сарыарка», где произвел запуск
# … завода ТОО «Steel Manufacturing»», d06)
BUILDING_ABBREVIATIONS = {"ЖК", "ТЦ", "ТРЦ", "ТРК", "БЦ", "ЖД", "МКР", "ДТП", "ЧП", "СЭЗ", "ИЗ"}
ABBREVIATION_KINDS = {"ФК": "public_association", "ХК": "public_association"}  # clubs; the rest are enterprises


# Churches are named by their dedication: «храма в честь Богоявления Господня», «собор в честь святого
# Николая»; the lower-case words a dedication may hold before its capitalized ones
CHURCH_HEADS = {"храм", "собор", "церковь", "часовня", "монастырь"}
DEDICATION_WORDS = {"святого", "святой", "святых", "святителя", "преподобного", "апостола", "великомученика",
                    "великомученицы", "равноапостольного", "равноапостольных"}


def _dedicated_churches(sent, add, taken):
    """«освящении нового храма в честь Богоявления Господня» → храм Богоявления Господня."""
    if "честь" not in sent.text:
        return  # nearly every sentence: one substring test
    toks = sent.tokens
    for j in range(len(toks) - 3):
        if toks[j + 2].text.lower() != "честь" or toks[j + 1].text.lower() != "в" or j in taken:
            continue
        if not (lemmas(toks[j].text) & CHURCH_HEADS):
            continue
        k = j + 3
        while k < len(toks) and k - j < 8 and toks[k].is_word and (
                toks[k].is_cap or toks[k].text.lower() in DEDICATION_WORDS):
            k += 1
        if k > j + 3 and toks[k - 1].is_cap:
            dedication = sent.text[toks[j + 3].start - sent.start: toks[k - 1].end - sent.start]
            add(j, k, nominative_phrase((), toks[j].text) + " " + dedication, "culture", "dedicated_church")


def _bare_names(sent, add, taken):
    """An unquoted name right after a head that takes one: «в индустриальной зоне Astana»."""
    toks = sent.tokens
    bare = bare_heads()
    prefixes = _bare_prefixes()
    for j in [k - 1 for k in sent.caps if 2 <= k < len(toks) and toks[k - 1].prefix in prefixes]:
        if j in taken or not toks[j + 1].is_word or not (lemmas(toks[j].text) & bare):
            continue
        if toks[j + 1].start == toks[j].end:
            continue  # «на зонуНайти»: a heading glued to the word before it, not a name
        if toks[j + 1].text.isupper() and not toks[j + 1].is_latin:
            continue  # «в зоне СВО»: an abbreviation of what the zone is, not a name
        i = j
        while i - 1 >= 0 and toks[i - 1].is_word and _is_adj(toks[i - 1].text) and not toks[i - 1].is_cap:
            i -= 1
        k = j + 1
        while k < len(toks) and k - j <= 5 and toks[k].is_word and toks[k].is_cap and toks[k].is_latin == toks[j + 1].is_latin:
            k += 1
        if k - j > 3 and not toks[j + 1].is_latin:
            k -= 2  # «клуба Тоттенхэм Хотспур Ледли Кинг», «клуба Челси Фрэнк Лэмпард»: a person after the name
        k = min(k, j + 4)
        if k + 1 < len(toks) and toks[k].text == "." and toks[k].start == toks[k - 1].end and MEDIA_TLD.match(toks[k + 1].text):
            k += 2  # «ИА El.kz»: a news site's name with its domain
        if _place_of(toks, j + 1, k):
            continue  # «в индустриальной зоне Конаева»: a zone of the town Конаев, not a name
        name = nominative_phrase(tuple(t.text for t in toks[i:j]), toks[j].text) + " " + _clean(sent.text[toks[j + 1].start - sent.start: toks[k - 1].end - sent.start])
        add(i, k, name, head_kind(toks[j]) or "organization", "head_bare_name")


def _place_of(toks, a: int, b: int) -> bool:
    """Tokens a..b are exactly a known Cyrillic place name in the genitive: «Экибастуза», «Конаева»."""
    if b <= a or toks[a].is_latin:
        return False
    hit = place_index()[0].match(toks, a)
    return bool(hit) and hit[0] == b and any("gent" in p.tag for p in parses(toks[b - 1].text)[:3])


def _drop_subunits(found: list[Mention]) -> list[Mention]:
    """«лаборатории «Химия» мастерской Иванова»: a unit named right before
    its parent organization is reported as the parent."""
    out = []
    for a, b in zip(found, found[1:] + [None]):
        if b is not None and 0 <= b.evidence.start - a.evidence.end <= 1 and b.evidence.rule == "head_bare_name":
            continue
        if b is not None and _described_then_named(a, b):
            continue
        out.append(a)
    return out


def _described_then_named(a: Mention, b: Mention) -> bool:
    """«Шымкентский завод по производству цемента «Стандарт Цемент»»: the description before the
    name is the same organization; the name is what the article calls it."""
    gap = b.evidence.start - a.evidence.end
    return (a.evidence.rule == "proper_institution" and "имени" not in a.name
            and b.evidence.rule in {"head_quoted", "latin_name", "legal_form_quoted"}
            and 0 <= gap <= 60 and a.evidence.sentence == b.evidence.sentence
            and not re.search(r",|(^|\s)(и|или)\s", _between(a, b)))  # «глава компании X и совладелец WFC»: two


def _between(a: Mention, b: Mention) -> str:
    """The sentence text between two mentions of it (a comma when they cannot be located)."""
    s = a.evidence.sentence
    i = s.find(a.evidence.quote)
    j = s.find(b.evidence.quote, i + len(a.evidence.quote)) if i >= 0 else -1
    return s[i + len(a.evidence.quote): j] if i >= 0 and j >= 0 else ","


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    return latin_text(name) if re.search(r"[A-Za-z]", name) and not re.search(r"[а-яё]{3}", name.lower()) else name


def said_alias(body, toks, i: int, j: int) -> str | None:
    """The name or alias of a body that tokens i..j spell, in its nominative: «Хезболлы» → «Хезболлах»."""
    said = " ".join(t.text for t in toks[i:j]).lower().replace("ё", "е")
    names = (body.name, *body.aliases)
    exact = next((a for a in names if a.lower().replace("ё", "е") == said), None)  # «Аль-Кайда» as written
    if exact:
        return exact
    # «Аль-Кайды» → «Аль-Кайда», not the entry's «Аль-Каида»: of the names it may decline from, the one
    # spelled most like it
    spelled = [a for a in names if match_from(toks, i, phrase_keys(a)) == j]
    return max(spelled, key=lambda a: _common_prefix(a.lower().replace("ё", "е"), said)) if spelled else None


def _common_prefix(a: str, b: str) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def as_written(said: str) -> str:
    """A body's name as the text gives it, in the nominative: «МИДа» → «МИД», «Мосгордумы» → «Мосгордума»."""
    if said.isupper() or not re.search("[а-яё]", said):
        return said
    if said[:3].isupper() and " " not in said:
        return re.sub("[а-яё]+$", "", said)  # «МИДа», «ЦРУ» with a case ending
    return nominative_said(said)


def nominative_said(said: str) -> str:
    """«Конституционного суда» → «Конституционный суд», «Министерством обороны» → «Министерство обороны»."""
    words = said.split(" ")
    head = next((k for k, w in enumerate(words) if not _is_adj(w)), 0)
    return " ".join([nominative_phrase(tuple(words[:head]), words[head])] + words[head + 1:])


def _country(place: Mention) -> str | None:
    """The country of a place mention (Углич → Россия), from its gazetteer chain."""
    if place.attrs.get("kind") == "country":
        return place.name
    chain = place.attrs.get("chain") or []
    return chain[-1]["name"] if chain and chain[-1].get("kind") == "country" else None


def _names_a_foreign_country(doc: Doc) -> bool:
    """Whether a capitalized word of the article is (a form of) another country's one-word name."""
    words = _foreign_country_words()
    return any(t.is_cap and t.prefix in words[1] and word_keys(t.text) & words[0]
               for sent in doc.sentences for t in sent.tokens)


@lru_cache(maxsize=1)
def _foreign_country_words() -> tuple[frozenset[str], frozenset[str]]:
    names = {n.lower().replace("ё", "е") for e in lexicon.places() if e.kind == "country" and e.name != "Казахстан"
             for n in (e.name, *e.aliases) if " " not in n}
    return frozenset(names), frozenset(n[:2] for n in names)


def _ministries(sent, add, taken):
    """«министерства финансов и национальной экономики»: two ministries named by one plural word."""
    if "инистерств" not in sent.text:
        return
    toks = sent.tokens
    for i, tok in enumerate(toks):
        if tok.text.lower() not in {"министерства", "министерств", "министерствам", "министерствами"} or i in taken:
            continue
        k = chain_end(toks, i + 1)
        parts, start = [], i + 1
        for m in range(i + 1, k + 1):
            if m == k or toks[m].text == "и":
                if m > start:
                    parts.append((start, m))
                start = m + 1
        if len(parts) < 2:
            continue
        for n, (a, b) in enumerate(parts):
            phrase = "министерство " + sent.text[toks[a].start - sent.start: toks[b - 1].end - sent.start]
            body = ministry_names().get(phrase.lower())
            if body:
                add(i if n == 0 else a, b, body.name, body.kind, "coordinated_ministries")


@lru_cache(maxsize=1)
def lowercase_prefixes() -> frozenset[str]:
    """The first letters of the names that are written lower case («бундесвер»)."""
    return frozenset(a[:2] for b in lexicon.state_bodies() for a in (b.name, *b.aliases) if a.islower())


@lru_cache(maxsize=1)
def short_name_forms() -> tuple[frozenset[str], frozenset[str]]:
    """The first two letters and the case forms of Kazakhstan's bodies' short names in lower case («миде»,
    «кабмина»): the only lower-case words that can be another country's body written small («в миде
    Грузии»), found by one set look-up each."""
    names = {a.lower() for b in lexicon.state_bodies() if b.name.endswith(KZ_TAIL) for a in b.aliases
             if LOWER_SHORT_NAME.match(a)}
    forms = {a[:-1] + e for a in names if a.endswith("а") for e in FEMININE_ENDINGS}
    forms |= {a + e for a in names if not a.endswith(("а", "ы")) for e in MASCULINE_ENDINGS}
    return frozenset(a[:2] for a in names), frozenset(forms | names)


MASCULINE_ENDINGS = ("", "а", "у", "ом", "е")  # «мид», «мида», «миду», «мидом», «миде»
FEMININE_ENDINGS = ("а", "ы", "е", "у", "ой")  # «генпрокуратуры»


@lru_cache(maxsize=1)
def ministry_names() -> dict[str, lexicon.BodyEntry]:
    """«министерство финансов» → Kazakhstan's ministry, from its aliases."""
    return {a.lower(): b for b in lexicon.state_bodies() if b.name.startswith("Министерство") and not b.as_written
            for a in (b.name, b.name.removesuffix(KZ_TAIL), *b.aliases) if a.startswith("Министерство")}


@start_test("state body")
def _may_begin_state_body(t) -> bool:
    # a capitalized word, a name written lower case, «акимат», «маслихат»: the only words that can begin one
    short2, short = short_name_forms()
    return t.is_cap or t.prefix in lowercase_prefixes() or t.prefix in LOCAL_PREFIXES or t.prefix in short2 and t.text in short


def _state_bodies(sent, add, taken, about_kazakhstan, named):
    toks = sent.tokens
    index = body_index()
    lower = lowercase_prefixes()
    short = short_name_forms()[1]
    for i in passing(sent, "state body"):
        tok = toks[i]
        if i in taken or not tok.is_word:
            continue
        if not tok.is_cap and (tok.prefix in lower or tok.text in short):
            # «из запасов бундесвера»: a name written lower case
            hit = index.match(toks, i)
            if hit and hit[1].as_written:
                alias = next((a for a in hit[1].aliases if a.islower() and match_from(toks, i, phrase_keys(a)) == hit[0]),
                             None)
                if alias:
                    add(i, hit[0], named.setdefault(hit[1].name, alias), hit[1].kind, "known_organization")
            elif hit and hit[1].name.endswith(KZ_TAIL):
                _foreign_short_name(sent, add, i, hit)
            continue
        if tok.is_cap:
            hit = index.match(toks, i)
            if hit and len(toks[hit[0] - 1].text) == 1 and toks[hit[0] - 1].text.islower():
                hit = None  # «России к …»: a preposition, not the letter of «Россия К»
            if hit and tok.is_latin and (_latin_word(toks, i - 1) or _latin_word(toks, hit[0])):
                hit = None  # «Chess FIDE Fidelity»: a known name inside a longer Latin one is that one's
            if hit:
                j, body = hit
                foreign = _foreign_country(sent, j)
                said = sent.text[tok.start - sent.start: toks[j - 1].end - sent.start]
                generic = said.lower() in generic_aliases().get(body.name, ()) or (
                    body.name.endswith(KZ_TAIL) and nominative_said(said).lower() in generic_aliases()[body.name])
                if not foreign and body.name.endswith(KZ_TAIL) and _foreign_adjective_body(sent, add, i, hit):
                    continue
                if foreign and body.name.endswith(KZ_TAIL):
                    # «Министерством энергетики Республики Узбекистан», «МИД Японии»: that country's body
                    end, country = foreign
                    # «Минсельхоз РФ», «Минобороны России»: a one-word name stays the word the article uses
                    name = said if said.isupper() else as_written(said) if " " not in said else body.name[:-len(KZ_TAIL)]
                    add(i, end, name + " " + country, body.kind, "state_body")
                    continue
                if body.as_written:
                    # one name per article: «Евросоюз» first, then «ЕС», is «Евросоюз» both times
                    name = named.setdefault(body.name, said_alias(body, toks, i, j) or as_written(said))
                    add(i, j, name, body.kind, "known_organization")
                    continue
                if generic and not about_kazakhstan:
                    # «Сенат», «Конституционный суд» in news of another country: named as written, with
                    # what the text adds («Министерство сельского хозяйства и пищевой промышленности»)
                    more = chain_end(toks, j + 1) if j + 1 < len(toks) and toks[j].text == "и" and not toks[j + 1].is_cap else j
                    if more > j:
                        said = sent.text[tok.start - sent.start: toks[more - 1].end - sent.start]
                        add(i, more, nominative_said(said), body.kind, "state_body")
                        continue
                    if not (_sentence_start(toks, i) and j == i + 1 and not said.isupper()):
                        name = named.setdefault(body.name, said_alias(body, toks, i, j) or as_written(said))
                        add(i, j, name, body.kind, "state_body")
                    continue
                office = _regional_office(toks, i, j)
                if office:
                    start, end, head = office
                    add(start, end, head + " " + sent.text[tok.start - sent.start: toks[end - 1].end - sent.start],
                        body.kind, "regional_body")
                    continue
                add(i, j, body.name, body.kind, "state_body")
                continue
        if has_local_body(tok) and i + 1 < len(toks):
            from .places import (
                place_index,  # places know the regions whose bodies these are
            )
            hit = place_index()[0].match(toks, i + 1)
            if hit and hit[1].kind in {"region", "city", "district"}:
                j = hit[0]
                text = sent.text[toks[i + 1].start - sent.start: toks[j - 1].end - sent.start]
                head = next(lem for lem in sorted(lemmas(tok.text)) if lem in LOCAL_BODIES)
                add(i, j, f"{head} {text}", "state_body", "local_body")


KZ_TAIL = " Республики Казахстан"
# a body's short name that news also write in lower case: «в миде Грузии», «кабмин Украины», «минфин США»
LOWER_SHORT_NAME = re.compile(r"^(?:МИД|(?:Мин|Каб|Ген)[а-яё]+)$")


def _foreign_short_name(sent, add, i: int, hit) -> None:
    """«Встреча с послом Италии в миде Грузии», «украинский кабмин»: a body's short name in lower case
    before another country or after its adjective is that country's body, named by the short name («МИД
    Грузии»); without a country it is no name."""
    j, body = hit
    alias = said_alias(body, sent.tokens, i, j)
    if not alias or not LOWER_SHORT_NAME.match(alias):
        return
    foreign = _foreign_country(sent, j)
    if foreign:
        add(i, foreign[0], f"{alias} {foreign[1]}", body.kind, "state_body")
    else:
        _foreign_adjective_body(sent, add, i, hit)


@lru_cache(maxsize=1)
def country_adjective_starts() -> frozenset[str]:
    """The first three letters of the countries' adjectives, which all their forms keep («япо», «укр»)."""
    return frozenset(a[:3] for a in lexicon.country_adjectives())


def _foreign_adjective_body(sent, add, i: int, hit) -> bool:
    """«визита главы японского МИДа», «украинский кабмин»: another country's adjective right before a body's
    short name makes it that country's body, named as the text does («японский МИД»), never Kazakhstan's."""
    toks = sent.tokens
    j, body = hit
    if i == 0 or not toks[i - 1].is_word or toks[i - 1].text[:3].lower() not in country_adjective_starts():
        return False  # nearly every body has no adjective of a country before it: no morphology asked
    adjective = parses(toks[i - 1].text)[0]
    country = lexicon.country_adjectives().get(adjective.normal_form)
    if country in {None, "Казахстан"} or adjective.tag.POS != "ADJF":
        return False
    alias = said_alias(body, toks, i, j)
    if not alias or " " in alias:
        return False
    head = alias if alias.isupper() else as_written(toks[i].text)  # «МИДа» → МИД, «кабмина» → кабмин
    words = _nominative_phrase((toks[i - 1].text.lower(),), head).split(" ")
    add(i - 1, j, " ".join(words[:-1] + [head]), body.kind, "state_body")
    return True


# a national body's office in a region: «руководитель департамента Антикоррупционной службы ВКО» (tn_532083)
OFFICE_HEADS = {"департамент", "управление", "отдел", "филиал"}
OFFICE_PREFIXES = frozenset(h[:3] for h in OFFICE_HEADS)


def _regional_office(toks, i: int, j: int) -> tuple[int, int, str] | None:
    """(start, end, head in the nominative) of «департамента <national body> [по] <region>»: the body at
    i..j stands after a lower-case office noun and before a region or a town of it."""
    if i == 0 or toks[i - 1].text[:3].lower() not in OFFICE_PREFIXES or toks[i - 1].is_cap or j >= len(toks):
        return None  # cheap tests first: nearly every body stands after no such noun
    k = j + 1 if toks[j].text == "по" else j
    hit = place_index()[0].match(toks, k) if k < len(toks) and toks[k].is_cap else None
    head = next((lem for lem in sorted(lemmas(toks[i - 1].text)) if lem in OFFICE_HEADS), None)
    if not hit or hit[1].kind not in {"region", "city"} or head is None:
        return None
    return i - 1, hit[0], head


def _latin_word(toks, k: int) -> bool:
    return 0 <= k < len(toks) and toks[k].is_word and toks[k].is_latin and toks[k].is_cap


def _foreign_country(sent, j: int) -> tuple[int, str] | None:
    """(end, genitive name) of another country named right after a state body: «Республики
    Узбекистан», «Узбекистана», «Российской Федерации»."""
    toks = sent.tokens
    if j >= len(toks) or not toks[j].is_cap:
        return None
    k = j + 1 if toks[j].text.lower() == "республики" else j
    hit = place_index()[0].match(toks, k) if k < len(toks) else None
    if not hit or hit[1].kind != "country" or hit[1].name == "Казахстан":
        return None
    return hit[0], sent.text[toks[j].start - sent.start: toks[hit[0] - 1].end - sent.start]


def _local_body_references(doc: Doc, found: list[Mention]) -> list[Mention]:
    """«…от "акима Алматинской области" Марата Султангазиева. В акимате предупредили…»: a bare «акимат»
    («маслихат») is the one of the region, town or district whose akim or akimat (maslikhat) the article
    named last before it; with none named before, it stays no name."""
    text = doc.article.text.lower()
    if "акимат" not in text and "маслихат" not in text:
        return []  # most articles name neither: their tokens are not visited
    taken = Spans((m.evidence.start, m.evidence.end) for m in found)
    last: dict[str, str] = {}  # body -> the place of the last one named, as the text gives it
    out = []
    for sent in doc.sentences:
        if "ким" not in sent.text and "аслихат" not in sent.text:
            continue  # «аким», «Акимат», «маслихат»: nothing to name or to refer to
        toks = sent.tokens
        for i, tok in enumerate(toks):
            if tok.prefix not in LOCAL_PREFIXES or not tok.is_word:
                continue
            words = lemmas(tok.text)
            body = "акимат" if "аким" in words or "акимат" in words else "маслихат" if "маслихат" in words else None
            if body is None:
                continue
            hit = place_index()[0].match(toks, i + 1) if i + 1 < len(toks) and toks[i + 1].is_cap else None
            if hit and hit[1].kind in {"region", "city", "district"}:
                last[body] = sent.text[toks[i + 1].start - sent.start: toks[hit[0] - 1].end - sent.start]
            elif body in last and has_local_body(tok) and not tok.text.lower().endswith("ы") and \
                    not taken.covers(tok.start) and not (i + 1 < len(toks) and toks[i + 1].is_cap):
                out.append(Mention("org", f"{body} {last[body]}", doc.span(sent, i, i + 1, "local_body_reference"),
                                   {"kind": "state_body"}))
    return out


def has_local_body(tok) -> bool:
    """«акимата», «маслихату» (one body), not «маслихатов» (bodies in general)."""
    low = tok.text.lower()
    return (low.startswith(("аким", "масл")) and bool(lemmas(tok.text) & LOCAL_BODIES)
            and not low.endswith(("ов", "ам", "ами", "ах")))


@start_test("institution head")
def _may_be_head(t) -> bool:
    return t.prefix in _head_prefixes()


def _institutions(sent, add, taken):
    """[Capitalized adjectives] [adjectives] HEAD [genitive tail] [имени X Y]."""
    toks = sent.tokens
    heads_at = passing(sent, "institution head")  # where a head may be
    if not heads_at:
        return
    # a name begins at a capitalized word, or at a head right before «имени»: only those words are tried
    # (a walk over every word near a head was a third of this rule's time)
    firsts = sent.caps
    if "им" in sent.text.lower():
        firsts = sorted(set(firsts).union(k - 1 for k, t in enumerate(toks) if k and t.text.lower() in IMENI))
    after = 0  # the token after the last name found
    for i in firsts:
        if i < after:
            continue
        near = bisect_left(heads_at, i)
        if near == len(heads_at):
            break
        if heads_at[near] >= i + 5:
            continue  # no head noun within reach: nothing from here can be a name
        if i in taken or not toks[i].is_word or toks[i].is_latin:
            continue
        if not toks[i].is_cap:
            # «университета имени Каныша Сатпаева»: a head named after a person is a name
            # («имени» tested first: it rules out nearly every word without the morphology)
            if i + 1 < len(toks) and toks[i + 1].text.lower() in IMENI and head_kind(toks[i]):
                named, end = _named_after(toks, i + 1)
                if named:
                    add(i, end, nominative_phrase((), toks[i].text) + named, head_kind(toks[i]), "proper_institution")
                    after = end
            continue
        j = i
        adjs = []
        while j < len(toks) and toks[j].is_word and _is_adj(toks[j].text) and head_kind(toks[j]) is None:
            adjs.append(toks[j].text)
            j += 1
        if j >= len(toks) or j in taken:
            continue
        kind = head_kind(toks[j]) if lemmas(toks[j].text).isdisjoint(QUOTED_ONLY_HEADS) else None
        starts = _sentence_start(toks, i)
        head_cap = toks[j].is_cap and i == j and not starts
        # at a sentence start every word is capitalized: «Профильное министерство» is no name,
        # «Карагандинский университет» is (its adjective comes from a place)
        proper = adjs and toks[i].is_cap and (not starts or toponymic(adjs[0]) or _of_abbreviation(toks, j))
        if not kind or not (proper or head_cap):
            continue
        head = toks[j].text
        # «Центра инклюзивного спорта», «Национальная академия наук Казахстана», «Министерство труда и
        # социальной защиты населения»: the genitive chain after the head belongs to the name
        k = chain_end(toks, j + 1)
        tail_end = k
        named = ""
        if k < len(toks) and toks[k].text.lower() in IMENI:
            named, end = _and_second(toks, *_named_after(toks, k))
            if named:
                tail_end = end
        if not adjs and tail_end == j + 1 and not named:
            continue
        if starts and kind == "state_body" and tail_end == j + 1 and not named and len(adjs) == 1 and \
                parses(adjs[0])[0].normal_form in lexicon.country_adjectives():
            continue  # «Японская полиция, по данным газеты, отметила»: a description, lower case inside a sentence
        if head_cap and not adjs and not named and _place_of(toks, j + 1, tail_end):
            continue  # «на ТЭЦ Экибастуза»: a plant of the town Экибастуз, which stays a place
        place = place_index()[0].match(toks, i) if not named else None
        if place and place[0] >= tail_end:
            continue  # «Советский Союз», «Объединенные Арабские Эмираты»: a place named like an institution
        tail = sent.text[toks[j + 1].start - sent.start: toks[k - 1].end - sent.start] if k > j + 1 else ""
        if NUMBERED.sub("", head) in FEMININE_ABBREVIATIONS:
            words = [inflect(a, {"nomn", "sing", "femn"}, pos="ADJF") or a for a in adjs]
            name = " ".join(words + [head]) + (" " + tail if tail else "") + named
        else:
            name = nominative_phrase(tuple(adjs), head) + (" " + tail if tail else "") + named
        add(i, tail_end, name, kind, "proper_institution")
        after = tail_end


def _of_abbreviation(toks, j: int) -> bool:
    """«Судейский комитет ФИФА на своём заседании…»: at a sentence's start, a head followed by an organization's
    abbreviation is a unit's name, as «Профильное министерство» alone is not."""
    return j + 1 < len(toks) and toks[j + 1].is_word and toks[j + 1].text.isupper() and len(toks[j + 1].text) >= 3 \
        and not toks[j + 1].is_latin


OBLIQUE = {"datv", "loct", "ablt"}
# titles whose bearer an institution is named after: «Госпиталь принцессы Марины», «Фонд принца Чарльза»
HONOREE_TITLES = {"принц", "принцесса", "король", "королева", "император", "императрица", "царь", "царица", "святой"}
CHAIN_MAX = 14  # «Республиканский штаб по координации противопаводковых мероприятий и ликвидации последствий паводкового периода»


def chain_end(toks, k: int) -> int:
    """The token index after a name's genitive chain that starts at k: «проблем биологической
    безопасности», «по науке и технологиям», «полиции Петропавловска», «Антикоррупционной службы ВКО».

    Genitive words, «по» with words in the dative or locative, «и» between two such words; a known
    place or a capital abbreviation ends the chain («МЧС», «СКО»).
    """
    end = m = k
    oblique = False  # after «по»: «по чрезвычайным ситуациям»
    attached = False  # after «при»: «Совета при Президенте РФ по развитию …» goes on past the country
    seen_po = False  # one «по» phrase says what a body does; a second one can only say where
    while m < len(toks) and m - k < CHAIN_MAX:
        t = toks[m]
        low = t.text.lower()
        if not t.is_word or low in IMENI or any(p.tag.POS in {"PREP", "CONJ", "PRCL", "VERB"} for p in parses(t.text)[:1]) \
                and low not in {"по", "и", "за", "при", "против", "в"}:
            break
        # a movement's or a front's aim: «Движения против нелегальной иммиграции», «фронта за демократию
        # против диктатуры», «Движение в защиту Химкинского леса»
        aim = _aim(toks, m) if low in AIM_PREPOSITIONS and (m == k or low == "против") else 0
        if aim:
            m = end = aim
            continue
        if low in {"против", "в"}:
            break
        if low == "при":
            # «Следственного комитета при прокуратуре», «Совета при Президенте РФ по развитию …»: the body
            # it is attached to, in the locative, belongs to the name
            n = m + 1
            while n < m + 3 and n < len(toks) and toks[n].is_word and any(
                    p.tag.case == "loct" and p.tag.POS == "ADJF" for p in parses(toks[n].text)[:2]):
                n += 1  # «при главном архитекторе Москвы»
            if not (n < len(toks) and toks[n].is_word and any(
                    p.tag.case == "loct" and p.tag.POS == "NOUN" for p in parses(toks[n].text)[:2])):
                break
            m = end = n + 1
            attached = True
            continue
        if t.is_cap and not t.is_latin:
            if m + 1 < len(toks) and toks[m + 1].is_cap and any("Name" in p.tag for p in parses(t.text)) \
                    and any("Surn" in p.tag for p in parses(toks[m + 1].text)[:2]):
                break  # a first name and a surname, not the city of Milan: «в суде показания брата погибшей Миланы Давыдовой»
            hit = place_index()[0].match(toks, m)
            if hit and hit[1].kind in {"country", "region", "city", "district"} and (
                    t.text.isupper() or any("gent" in p.tag for p in parses(toks[hit[0] - 1].text)[:3])
                    or not is_known(toks[hit[0] - 1].text.lower())):
                after = hit[0]
                if attached and after + 1 < len(toks) and toks[after].text == "по" and _oblique(toks[after + 1]):
                    m = end = after  # «при Президенте РФ по развитию информационного общества»
                    continue
                return after  # «Петропавловска», «ВКО», «Алматы» (indeclinable)
            if t.text.isupper() and len(t.text) >= 2 or re.match(r"^[А-ЯЁ]{2,}-\d+$", t.text):
                # «частям МЧС»; not «Союз ТМА-12» (a spacecraft)
                numbered = re.search(r"\d", t.text) or m + 1 < len(toks) and toks[m + 1].text == "-"
                return end if numbered else m + 1
            if any({"Name", "Surn"} & p.tag.grammemes for p in parses(t.text)[:2]):
                if m > k and lemmas(toks[m - 1].text) & HONOREE_TITLES:
                    return m + 1  # «Госпиталя принцессы Марины»: the name of the title's person ends the name
                break  # «управления полиции Петропавловска Ерлан Жумалиев»
        if low[:3] in {"сел", "пос", "аул", "гор"} and m + 1 < len(toks) and toks[m + 1].is_cap \
                and lemmas(t.text) & {"село", "поселок", "аул", "город"}:
            return m + 2  # «Дом культуры села Иргиз»: the settlement and its name end the chain
        if low == "по" and m + 1 < len(toks) and _oblique(toks[m + 1]):
            if seen_po and not any(x.is_cap for x in toks[m + 1:m + 3]):
                break  # a second «по» names a place or nothing: «Комитета по денежно-кредитной политике
                # Нацбанка Республики по базовой ставке» ends at the bank; «… по городу Алматы» goes on
            m, oblique, seen_po = m + 1, True, True
            continue
        if low == "по" and m + 1 < len(toks) and toks[m + 1].text.isupper() and toks[m + 1].is_word:
            m, oblique, seen_po = m + 2, True, True  # «оперативный штаб по ЧС Атырауской области»
            end = m
            continue
        if low == "за" and oblique and m + 1 < len(toks) and any(
                p.tag.case == "ablt" for p in parses(toks[m + 1].text)[:2]):
            m += 1  # «Управление по контролю за землепользованием»
            continue
        if low == "и" and m > k and m + 1 < len(toks) and not toks[m + 1].is_cap and (
                is_genitive(toks[m + 1]) or oblique and _oblique(toks[m + 1])):
            m += 1
            continue
        if (is_genitive(t) or oblique and _oblique(t)) and not any(
                p.tag.POS == "NPRO" or "Apro" in p.tag for p in parses(t.text)[:1]):
            m += 1
            if any(p.tag.POS == "NOUN" for p in parses(t.text)[:2]):
                end = m  # the chain ends with a noun: «Белый дом своего французского …» stops at «дом»
            continue
        break
    return end


AIM_PREPOSITIONS = {"против": "gent", "за": "accs", "в": "защиту"}


def _aim(toks, m: int) -> int:
    """The end of an aim after a name's head: «против» and a genitive, «за» and an accusative, «в защиту» and a
    genitive, each a noun with its adjectives; 0 where there is none («за счёт», «в Москве»)."""
    low = toks[m].text.lower()
    case = AIM_PREPOSITIONS[low]
    n = m + 1
    if case == "защиту":
        if n >= len(toks) or toks[n].text.lower() != "защиту":
            return 0
        case, n = "gent", n + 1
    while n < len(toks) and toks[n].is_word and any(
            p.tag.case == case and p.tag.POS in {"ADJF", "PRTF"} for p in parses(toks[n].text)[:2]):
        n += 1
    if n < len(toks) and toks[n].is_word and toks[n].text.lower() not in NOT_AIMS and any(
            p.tag.case == case and p.tag.POS == "NOUN" for p in parses(toks[n].text)[:2]):
        return n + 1
    return 0


# «за год», «за счёт бюджета», «против обыкновения»: a time, a payer or a habit, never a movement's aim
NOT_AIMS = {"счет", "счёт", "год", "годы", "месяц", "неделю", "день", "сутки", "период", "время", "час", "минуту",
            "обыкновения", "правил", "закона"}


@lru_cache(maxsize=20_000)
def nominative_phrase(adjectives: tuple[str, ...], head: str) -> str:
    """kg.text.morph.nominative_phrase, once per phrase: an article and a corpus repeat their bodies' names.
    A participle declines as an adjective does: «Объединённого фронта» → «Объединённый фронт»."""
    if any(not _is_adjf(a) for a in adjectives):
        gender = _noun_gender(head)
        adjectives = tuple(a if _is_adjf(a) else inflect(a, {"nomn", "sing", gender}, pos="PRTF") or a
                           for a in adjectives)
    return _nominative_phrase(list(adjectives), head)


def _noun_gender(head: str) -> str:
    """The gender of the head's first reading as a noun that has one; masculine if none has."""
    return next((p.tag.gender for p in parses(head) if p.tag.POS == "NOUN" and p.tag.gender), "masc")


def _is_adjf(word: str) -> bool:
    return any(p.tag.POS == "ADJF" for p in parses(word))


def _oblique(tok) -> bool:
    return tok.is_word and len(tok.text) > 2 and any(
        p.tag.case in OBLIQUE and p.tag.POS in {"NOUN", "ADJF", "PRTF"} for p in parses(tok.text)[:3])


REGIONAL_HEADS = {"управление", "департамент", "прокуратура", "штаб", "суд", "отдел", "служба", "комитет",
                  "совет", "инспекция", "полиция", "акимат", "маслихат", "комиссия", "аэропорт",
                  # «председателя парламента Грузии», «министерства обороны Японии»: another country's body
                  "парламент", "правительство", "министерство", "посольство", "армия", "кабинет", "сборная"}
# bodies that Kazakhstan's own entries name better («Правительство Республики Казахстан»)
NATIONAL_HEADS = {"парламент", "правительство", "министерство", "кабинет", "армия"}
REGIONAL_PREFIXES = frozenset(h[:3] for h in REGIONAL_HEADS)  # a head's forms begin with its first three letters
REGIONAL_PREFIXES2 = frozenset(h[:2] for h in REGIONAL_HEADS)
# «ДЧС ВКО», «УП Атырау»: a regional office by its abbreviation and its region or town
REGIONAL_ABBREVIATIONS = {"ДЧС": "Департамент по чрезвычайным ситуациям", "ДП": "Департамент полиции",
                          "УП": "управление полиции", "ДВД": "Департамент внутренних дел",
                          "ДКНБ": "Департамент Комитета национальной безопасности",
                          "ДГД": "Департамент государственных доходов"}


def _abbreviation_after_cue(sent, add, taken):
    """«президента ФИДЕ», «представители ХДС», «духовным лидерам РПЦ»: an abbreviation in capitals right
    after a word of an organization's people is that organization, unless it is a place («президент США»)
    or a legal form."""
    toks = sent.tokens
    for j in [j for j in sent.caps if j and toks[j].text.isupper()]:
        t = toks[j]
        if j in taken or not t.is_word or t.is_latin or not 2 <= len(t.text) <= 6 \
                or not t.text.isalpha() or t.text in legal_forms():
            continue
        kind = context_kind(toks[j - 1])
        if kind is None or kind == "media":
            continue
        if t.text[-1] in GLUED_PREPOSITIONS and t.text[:-1] in _known_abbreviations():
            continue  # «пресс-служба КНБВ результате»: a caption «КНБ» glued to «В результате»
        place = place_index()[0].match(toks, j)
        if place and place[0] == j + 1:
            continue
        add(j, j + 1, t.text, kind, "abbreviation_after_cue")


@lru_cache(maxsize=1)
def publication_cues() -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas of publication_cues.tsv and the first three letters their forms keep."""
    cues = frozenset(r.get(0) for r in lexicon.rows("publication_cues.tsv"))
    return cues, frozenset(c[:3] for c in cues)


def _publication_after_cue(sent, add, taken):
    """«читайте в статье Частного корреспондента «Жара продолжается»» → Частный корреспондент (media):
    a capitalized adjective, lower-case adjectives and a noun, all in the genitive, after a piece of writing."""
    toks = sent.tokens
    cues, prefixes = publication_cues()
    # the name begins with a capital: only the words before one are tried as the cue
    for k in [c - 1 for c in sent.caps if 1 <= c <= len(toks) - 2]:
        t, first = toks[k], toks[k + 1]
        if t.text[:3] not in prefixes or first.is_latin or first.text.isupper() or k + 1 in taken:
            continue  # cheap tests first: a lower-case cue, then a capital
        if not lemmas(t.text) & cues or not any(p.tag.POS == "ADJF" and p.tag.case == "gent" for p in parses(first.text)[:2]):
            continue
        n = k + 2
        while n < len(toks) and toks[n].is_word and not toks[n].is_cap and any(
                p.tag.POS == "ADJF" and p.tag.case == "gent" for p in parses(toks[n].text)[:1]):
            n += 1
        if n >= len(toks) or not toks[n].is_word or toks[n].is_cap or n in taken or not any(
                p.tag.POS == "NOUN" and p.tag.case == "gent" for p in parses(toks[n].text)[:2]):
            continue
        if n + 1 < len(toks) and toks[n + 1].is_cap and toks[n + 1].is_word:
            continue  # «в статье Главного управления Минюста»: a longer name, for the rules of bodies
        add(k + 1, n + 1, nominative_phrase(tuple(x.text for x in toks[k + 1:n]), toks[n].text), "media",
            "publication_after_cue")


def _club_after_sport_cue(sent, add, taken):
    """«защитник Арсенала Киран Гиббс», «игрок Барселоны»: one capitalized word in the genitive right after a
    word of a club's players or fans is the club — a city's name too, not a country's or a region's
    («лучший футболист Казахстана»), nor a person's («защитник Иванова»)."""
    toks = sent.tokens
    cues = bare_context_words()
    prefixes = _bare_context_prefixes()
    first = lexicon.first_names()
    for j in [j for j in sent.caps if j and toks[j - 1].text[:4].lower() in prefixes]:
        t = toks[j]
        if j in taken or not t.is_cap or not t.is_word or t.is_latin or not t.text[1:2].islower() or t.text in first:
            continue  # «игроков IT-рынка»: a market, not a club
        if not (lemmas(toks[j - 1].text) & cues):
            continue
        found = parses(t.text)[:3]
        if not any("gent" in p.tag for p in found) or any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in found):
            continue
        place = place_index()[0].match(toks, j)
        if place and place[1].kind in {"country", "region"}:
            continue
        add(j, j + 1, nominative_phrase((), t.text), "public_association", "club_after_cue")


GLUED_PREPOSITIONS = set("ВСКОУИА")


@lru_cache(maxsize=1)
def _known_abbreviations() -> frozenset[str]:
    """The one-word capital abbreviations of the bodies and places of the data files («КНБ», «СКО»)."""
    bodies = (a for b in lexicon.state_bodies() for a in (b.name, *b.aliases))
    places = (a for e in lexicon.places() for a in (e.name, *e.aliases))
    return frozenset(a for a in (*bodies, *places) if a.isupper() and " " not in a and len(a) >= 2)


def _numbered(sent, add, taken):
    """«школа №10», «гимназию № 11 имени Кирилла и Мефодия»: an institution by its number."""
    if "№" not in sent.text:
        return
    toks = sent.tokens
    for k, tok in enumerate(toks):
        if tok.text != "№" or k == 0 or k + 1 >= len(toks) or not toks[k + 1].text.isdigit() or k - 1 in taken:
            continue
        kind = head_kind(toks[k - 1])
        if not kind or toks[k - 1].text.isupper():
            continue
        i = k - 1
        # «средней общеобразовательной школы №5», not «новой школы №10»: a qualitative adjective describes
        while i - 1 >= 0 and toks[i - 1].is_word and not toks[i - 1].is_cap and _is_adj(toks[i - 1].text) \
                and i - 1 not in taken and not any("Qual" in p.tag for p in parses(toks[i - 1].text)[:1]):
            i -= 1
        end = k + 2
        named = ""
        if end < len(toks) and toks[end].text.lower() in IMENI:
            named, end = _named_after(toks, end)
            named, end = _and_second(toks, named, end)
        name = f"{nominative_phrase(tuple(t.text for t in toks[i:k - 1]), toks[k - 1].text)} №{toks[k + 1].text}{named}"
        add(i, end, name[:1].lower() + name[1:] if not toks[i].is_cap else name, kind, "numbered_institution")


def _and_second(toks, named: str, end: int) -> tuple[str, int]:
    """«имени Кирилла и Мефодия»: a second honoree after «и»."""
    if named and end + 1 < len(toks) and toks[end].text == "и" and toks[end + 1].is_cap and toks[end + 1].is_word:
        return f"{named} и {toks[end + 1].text}", end + 2
    return named, end


def _home_region(places) -> str | None:
    """The one region of Kazakhstan an article's places lie in (a region named, or a town's region), if one."""
    regions = set()
    for m in places:
        units = [{"name": m.name, "kind": m.attrs.get("kind")}, *m.attrs.get("chain", ())]
        if any(u["name"] == "Казахстан" for u in units):
            regions.update(u["name"] for u in units if u["kind"] == "region")
    return regions.pop() if len(regions) == 1 else None


# «в ДЧС области», «области» and «региона» after an abbreviation: the region the article is about
THE_REGION = {"области", "региона", "облысы"}


@start_test("regional body")
def _may_begin_regional_body(t) -> bool:
    # the words that can begin such a body, by the first letters every form of a head keeps
    return t.prefix in REGIONAL_PREFIXES2 or t.text in REGIONAL_ABBREVIATIONS


def _regional_bodies(sent, add, taken, home: str | None = None):
    """«управления полиции Петропавловска», «оперативный штаб Атырауской области», «ДЧС ВКО»: a body
    named by its head, what it does and the place it serves. A department («ДЧС», «ДП») named without
    its place serves the one region of Kazakhstan the article is about, departments being the regions'
    bodies («Петропавловский завод обеспечил ДЧС дронами», «Ранее в ДЧС области рассказали»)."""
    toks = sent.tokens
    for j in passing(sent, "regional body"):
        tok = toks[j]
        if j in taken or not tok.is_word:
            continue
        if tok.text in REGIONAL_ABBREVIATIONS:
            hit = place_index()[0].match(toks, j + 1) if j + 1 < len(toks) and toks[j + 1].is_cap else None
            full = REGIONAL_ABBREVIATIONS[tok.text]
            if hit and hit[1].kind in {"region", "city", "district"}:
                add(j, hit[0], f"{full} {genitive_place(hit[1].name)}", "state_body", "regional_body")
            elif home and full.startswith("Департамент") and not hit:
                end = j + 2 if j + 1 < len(toks) and toks[j + 1].text.lower() in THE_REGION else j + 1
                add(j, end, f"{full} {genitive_place(home)}", "state_body", "regional_body")
            continue
        if tok.text[:3].lower() not in REGIONAL_PREFIXES:
            continue
        head = next((lem for lem in sorted(lemmas(tok.text)) if lem in REGIONAL_HEADS), None)
        if head is None or any("plur" in p.tag for p in parses(tok.text)[:1]):
            continue
        end = chain_end(toks, j + 1)
        if end == j + 1 or any(k in taken for k in range(j, end)) or not _ends_at_place(toks, j + 1, end):
            continue
        if head in NATIONAL_HEADS and _kazakh_place(toks, end):
            continue  # «правительства Казахстана»: Kazakhstan's bodies come from state_bodies.tsv
        if head == "аэропорт" and not (j and _is_adj(toks[j - 1].text)):
            continue  # «международный аэропорт Алматы» is a name, «аэропорт Москвы» a place
        i = j
        # «оперативный штаб», «Специализированный межрайонный суд»: adjectives before the head
        while i - 1 >= 0 and toks[i - 1].is_word and _is_adj(toks[i - 1].text) and i - 1 not in taken \
                and not toks[i].is_cap and not {"PRTF", "actv"} <= parses(toks[i - 1].text)[0].tag.grammemes | {
                    parses(toks[i - 1].text)[0].tag.POS}:
            i -= 1  # «Специализированный межрайонный суд», not an active participle: «возглавлявший отдел России»
        tail = sent.text[toks[j + 1].start - sent.start: toks[end - 1].end - sent.start]
        # «ДЧС СКО» → «… Северо-Казахстанской области»: an abbreviated place at the end is written out
        last = place_index()[0].match(toks, end - 1) if toks[end - 1].text.isupper() else None
        if last and last[0] == end and last[1].kind in {"region", "city"}:
            tail = tail[: len(tail) - len(toks[end - 1].text)] + genitive_place(last[1].name)
        add(i, end, nominative_phrase(tuple(t.text for t in toks[i:j]), tok.text) + " " + tail, "state_body", "regional_body")


def genitive_place(name: str) -> str:
    """«Северо-Казахстанская область» → «Северо-Казахстанской области»; an indeclinable name stays."""
    # as an adjective first: pymorphy reads an unknown «Атырауская» as a gerund, whose «genitive» is «Атыраускающих»
    return " ".join(inflect(w, {"gent", "sing"}, pos="ADJF") or inflect(w, {"gent", "sing"}, pos="NOUN") or w
                    for w in name.split(" "))


def _kazakh_place(toks, end: int) -> bool:
    """The chain ends at Kazakhstan or at a place in it."""
    for k in range(max(0, end - 4), end):
        hit = place_index()[0].match(toks, k)
        if hit and hit[0] == end:
            chain = place_attrs(hit[1]).get("chain") or []
            return hit[1].name == "Казахстан" or any(u["name"] == "Казахстан" for u in chain)
    return False


def _ends_at_place(toks, a: int, b: int) -> bool:
    """The chain a..b ends with a place or a capital abbreviation: it names whose body it is."""
    if toks[b - 1].text.isupper() and toks[b - 1].is_word:
        return True
    for k in range(max(a, b - 3), b):
        hit = place_index()[0].match(toks, k) if toks[k].is_cap else None
        if hit and hit[0] == b:
            return True
    return False


def _named_after(toks, k: int) -> tuple[str, int]:
    """« имени Л. Гумилева» and the token index after it, from «им. Л. Гумилева» at token k."""
    m = k + 1 + (toks[k + 1].text == "." if k + 1 < len(toks) else 0)
    words = []
    # «имени М.Х. Дулати»: up to three names or initials, each with its dot
    while m < len(toks) and (toks[m].is_cap or toks[m].text == ".") and sum(w not in {".", ""} for w in words) < 3:
        words.append(toks[m].text)
        # «М.Х.» written together stays together
        if toks[m].text == "." and m + 1 < len(toks) and toks[m + 1].start == toks[m].end and len(toks[m + 1].text) == 1:
            words.append("")
        m += 1
    # a full stop after the surname ends the sentence, not the name
    while words and words[-1] == "." and len(words) > 1 and len(words[-2]) > 1:
        words.pop()
        m -= 1
    return (" имени " + _join_initials(words), m) if words else ("", k)


def _join_initials(words: list[str]) -> str:
    """«Л . Гумилева» → «Л. Гумилева»."""
    out, tight = "", False
    for w in words:
        if w == "":  # an initial written close after the previous one: «М.Х.»
            out, tight = out.rstrip(), True
            continue
        out += w if w == "." or tight else (" " if out and not out.endswith(" ") else "") + w
        tight = False
        if w == ".":
            out += " "
    return out.strip()


def _adjective(word: str) -> bool:
    return any(p.tag.POS in {"ADJF", "PRTF"} for p in parses(word)[:2])


# asked at every word before a head noun: a tag's POS is a slow property, read once per form
_is_adj = FormMemo("adjective", _adjective, 50_000).__getitem__


def _sentence_start(toks, i: int) -> bool:
    return i == 0 or toks[i - 1].text in QUOTES_OPEN or toks[i - 1].text in {"–", "—", "-", ":"}


def _toponymic(adjective: str) -> bool:
    """An adjective made from a known place name: «Карагандинского» (Караганда), «Петропавловский»."""
    stem = parses(adjective)[0].normal_form[:5]
    return len(stem) == 5 and stem in _place_stems()


# toponymic(adjective): _toponymic, once per form
toponymic = FormMemo("toponymic", _toponymic, 4096).__getitem__


@lru_cache(maxsize=1)
def _place_stems() -> frozenset[str]:
    return frozenset(e.name.lower()[:5] for e in lexicon.places())


@start_test("latin")
def _latin_token(t) -> bool:
    return t.is_latin


def _latin(sent, add, taken, works: set[str]):
    toks = sent.tokens
    if not passing(sent, "latin"):
        return  # most sentences have no Latin word
    words = [t for t in toks if t.is_word]
    if sum(t.is_latin for t in words) * 2 > len(words):
        return  # a quoted tweet in English or German: its capitalized words are not names
    i = 0
    work_end = -1  # the end of the last work or product of a list: «игр FarmVille и CityVille»
    while i < len(toks):
        # «The IT Crowd», «The Independent»: an article begins the name
        the = toks[i].text == "The" and i + 1 < len(toks) and toks[i + 1].is_latin and toks[i + 1].text[:1].isupper()
        if i in taken or not toks[i].is_latin or not toks[i].text[:1].isupper() \
                or not the and toks[i].text.lower() in LATIN_STOP:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and j not in taken and (toks[j].is_latin and (
            toks[j].text[:1].isupper()
            # «Industrial and Commercial Bank of China», «Corriere della Sera»: a lower-case link inside
            or toks[j].text in LATIN_LINKS and j + 1 < len(toks) and toks[j + 1].is_latin and toks[j + 1].text[:1].isupper()
        ) or toks[j].text.isdigit() and len(toks[j].text) <= 2):  # «Channel 4», not «Boeing 737» (a model)
            j += 1
        if toks[i].text in latin_stop():
            i = j  # «Chrome Web Store»: a product's name with what follows it
            continue
        if j + 1 < len(toks) and toks[j].text in {"’", "'"} and toks[j + 1].text == "s":
            j += 2  # «Christie’s»
        kind = "organization"
        # «Kazpravda.kz», «Tengrinews.kz»: a news site
        if j + 1 < len(toks) and toks[j].text == "." and MEDIA_TLD.match(toks[j + 1].text):
            j += 2
            kind = "media"
        work = _after_work_word(toks, i) or work_end >= 0 and all(t.text in {",", "и", "или"} for t in toks[work_end:i])
        if work or _gloss(toks, i, j) or _quoted_work(toks, i, j):
            # «популярных игр FarmVille и CityVille», «автомобили ЗАЗ Forza», a gloss of the name before it;
            # a work's name of words (not «Boeing» of «самолет Boeing 737», also the maker's) or a quoted
            # work's gloss is a work everywhere in the article
            if j - i > 1 and (work or toks[i - 2].text in QUOTES_CLOSE):
                works.add(latin_text(sent.text[toks[i].start - sent.start: toks[j - 1].end - sent.start]))
            if work:
                work_end = j
            i = j
            continue
        if _in_foreign_phrase(toks, i, j) or ROMAN.match(toks[i].text) and j == i + 1 \
                or j < len(toks) and toks[j].text == "-" or "-" in toks[j - 1].text and toks[j - 1].text[-1].isdigit():
            i = j  # «XXI» (век), «STS-124» (a spacecraft)
            continue
        name = latin_text(sent.text[toks[i].start - sent.start: toks[j - 1].end - sent.start])
        name = name.split("-")[0] if CYRILLIC.search(name) else name  # «YouTube-каналу» → YouTube
        if len(name) >= 3 and not CYRILLIC.search(name) and not FOREIGN_LETTERS.search(name):
            add(i, j, name, kind, "latin_name")
        i = j


LATIN_LINKS = {"and", "of", "for", "the", "to", "on", "de", "del", "della", "di", "du", "des", "la", "le", "und", "van",
               "von", "&"}  # «Committee to Protect Journalists»
ROMAN = re.compile(r"^[IVXLC]+$")


@lru_cache(maxsize=1)
def work_words() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("work_words.tsv"))


# what may stand between a work word and its name: «сериалов, таких как, например, The IT Crowd»
WORK_LINKS = {",", "—", "–", "-", ":", "такие", "таких", "как", "например", "под", "названием"}


def _after_work_word(toks, i: int) -> bool:
    """«популярных игр FarmVille», «автомобили ЗАЗ Forza», «конкурс The BOBs», «под девизом The Right Move»:
    a Latin name after a word for a work, a product or an event (work_words.tsv), across quotes, links,
    lower-case adjectives and a maker's abbreviation."""
    k = i - 1
    for _ in range(8):
        if k < 0:
            return False
        t = toks[k]
        if t.text in QUOTES_OPEN or t.text.lower() in WORK_LINKS or t.text.isupper() and not t.is_latin \
                or t.is_word and t.text.islower() and _is_adj(t.text) and not lemmas(t.text) & work_words():
            k -= 1
            continue
        return t.is_word and bool(lemmas(t.text) & work_words())
    return False


def _quoted_work(toks, i: int, j: int) -> bool:
    """«Angry Birds», «Doctor Who»: a Latin name alone in quotes with no organization word before it is
    a game, a show or a product."""
    if not (i >= 1 and toks[i - 1].text in QUOTES_OPEN and j < len(toks) and toks[j].text in QUOTES_CLOSE):
        return False
    before = toks[i - 2] if i >= 2 else None
    return before is None or not (head_kind(before) or before.text in legal_forms())


def _gloss(toks, i: int, j: int) -> bool:
    """«Барри Лоуэнкрон (Barry Lowenkron)»: Latin in brackets right after a Cyrillic name spells that
    name, it is no other organization."""
    # «… (КЗЖ) (Committee …)», «автомобили «Шкода Октавия» (Skoda Octavia)»
    if not (i >= 2 and toks[i - 1].text == "(" and (toks[i - 2].is_word and not toks[i - 2].is_latin
                                                    or toks[i - 2].text == ")" or toks[i - 2].text in QUOTES_CLOSE)):
        return False
    # «Халед эль-Масри (Khaled el-Masri)»: the whole bracket spells the name
    close = next((k for k in range(j, min(len(toks), j + 4)) if toks[k].text == ")"), None)
    return close is not None and all(t.is_latin or not t.is_word for t in toks[j:close])


def _in_foreign_phrase(toks, i: int, j: int) -> bool:
    """«eine weitere Feuereinheit», «um russische Luftangriffe abzuwehren»: a capitalized word among
    lowercase Latin words is a noun of a German or English quote inside a Russian sentence, not a name."""
    near = [t for t in toks[max(0, i - 3): i] + toks[j: j + 3]
            if t.is_word and t.is_latin and t.text.islower() and len(t.text) > 2 and t.text not in LATIN_STOP]
    return len(near) >= 2
