"""Places: a gazetteer of Kazakhstan and the world, plus patterns for districts and settlements.

Rules:
  gazetteer_place   a known name or alias in any case form («в Карагандинскую область»)
  district_pattern  «Бухар-Жырауского района» → «Бухар-Жырауский район»
  settlement_word   «в селе Коянды», «города Сатпаев» → the name after the settlement word
  coordinated_region «в Актюбинской и Западно-Казахстанской областях» → Актюбинская область
  coordinated_district «Бурлинского, Акжайыкского, Теректинского районов» → Бурлинский район, …
  feature_adjective «на Сергеевском водохранилище», «на Манежной площади» → Сергеевское водохранилище, …
  glued_abbreviation «в СКОи дал ряд поручений» → Северо-Казахстанская область
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..model import Mention
from ..text.kazakh import KAZAKH_LETTERS
from ..text.morph import FormMemo, inflect, is_known, lemmas, match_case, nominative_phrase, parses
from . import lexicon
from .base import Doc, PhraseIndex, match_from, passing, phrase_keys, start_test, word_keys

# Before an ambiguous name («Абай», «Семей», «Арал») one of these confirms it is a place.
PLACE_CONTEXT = {"в", "во", "из", "под", "до", "город", "города", "городе", "г", "г.", "села", "село",
                 "селе", "области", "район", "района", "районе", "посетил", "посетила", "прибыл", "прибыла"}
UNIT_PREFIXES = {"райо", "обла"}  # район, область in any case
SETTLEMENT_WORDS = {
    "село": "settlement", "аул": "settlement", "поселок": "settlement", "посёлок": "settlement",
    "станция": "settlement", "город": "city", "г": "city",
    # Russia's, Uzbekistan's, Kyrgyzstan's and Tajikistan's: «сельского джамоата Кумсангир»
    "деревня": "settlement", "станица": "settlement", "хутор": "settlement", "кишлак": "settlement",
    "айыл": "settlement", "джамоат": "settlement",
}
SETTLEMENT_PREFIXES = {w[:2] for w in SETTLEMENT_WORDS}  # the words' forms begin so
SETTLEMENT_GENDER = {"село": "neut", "станция": "femn", "деревня": "femn", "станица": "femn"}  # others masculine: в селе Тепличном → Тепличное
DISTRICT_SUFFIXES = ("ский", "ского", "скому", "ском", "ским", "цкий", "цкого", "цком", "цким", "цкому")
DISTRICTS_PLURAL = {"районов", "районах", "районам", "районами", "районы"}
NOT_NAME_POS = {"VERB", "INFN", "GRND", "CONJ", "PRCL", "PREP", "ADVB", "NPRO"}


class Gazetteer:
    """The hand-made places as a phrase index, and the 20,000 generated ones looked up only when a
    capitalized word begins one of their names (building their index at start-up would take seconds)."""

    def __init__(self):
        self.index = PhraseIndex("places")
        self.names: dict[str, lexicon.PlaceEntry] = {}
        for e in lexicon.places():
            self.names[e.name] = e
            for phrase in (e.name, *e.aliases):
                self.index.add(phrase, e)

    def get(self, name: str) -> lexicon.PlaceEntry | None:
        return self.names.get(name) or lexicon.world_place(name)

    def match(self, tokens, i: int):
        """(end index, entry) of the longest place name at token i; the hand-made one on a tie."""
        best = self.index.match(tokens, i)
        if not tokens[i].is_cap:
            return best
        for k in world_firsts(tokens[i].text):
            for name in lexicon.world_names()[k]:
                entry = lexicon.world_place(name)
                for phrase in (entry.name, *entry.aliases):
                    first, _, rest = phrase.partition(" ")
                    if first.lower().replace("ё", "е") != k:
                        continue
                    j = i + 1
                    if rest:
                        # the next word must begin like the name's next word before the morphology is asked
                        if j >= len(tokens) or tokens[j].prefix != rest[:2].lower().replace("ё", "е"):
                            continue
                        j = match_from(tokens, j, phrase_keys(rest))
                    if j is not None and (best is None or j > best[0]):
                        best = (j, entry)
        return best


def _world_firsts(word: str) -> tuple[str, ...]:
    """The first words of generated names that a capitalized word form may be, sorted."""
    keys = frozenset()
    # most capitalized words begin no generated name, and a name's form begins like the name: the
    # morphology is asked only for a word whose first four letters begin one
    if word[:4].lower().replace("ё", "е") in lexicon.world_prefixes():
        keys = word_keys(word) & lexicon.world_names().keys()
        if keys:
            keys &= noun_keys(word)
    return tuple(sorted(keys))


def _noun_keys(word: str) -> frozenset[str]:
    """The word and its readings as a noun: «Каспийского» (an adjective) does not look up «Каспийск»."""
    ps = parses(word)
    if ps and ps[0].tag.POS in {"ADJF", "PRTF", "VERB", "INFN"} and is_known(word.lower()):
        # «Восточном (Иерусалиме)»: an adjective looks up names that begin with it, never a noun it is made from
        return frozenset({word.lower().replace("ё", "е")} | {p.normal_form.replace("ё", "е") for p in ps if p.tag.POS == "ADJF"})
    return frozenset({word.lower().replace("ё", "е")} | {p.normal_form.replace("ё", "е") for p in ps if p.tag.POS == "NOUN"})


# world_firsts(word): _world_firsts, found once per form, not at every token of it
world_firsts = FormMemo("firsts of generated places", _world_firsts, 100_000).__getitem__
# noun_keys(word): _noun_keys, once per form
noun_keys = FormMemo("noun keys", _noun_keys, 50_000).__getitem__


@lru_cache(maxsize=1)
def place_index() -> tuple[Gazetteer, Gazetteer]:
    """The gazetteer twice: as a matcher (.match) and as a lookup by name (.get)."""
    gazetteer = Gazetteer()
    return gazetteer, gazetteer


def ancestors(name: str) -> list[str]:
    """The enclosing units of a known place, nearest first: Медеуский район → Алматы → Казахстан."""
    _, by_name = place_index()
    out, entry = [], by_name.get(name)
    while entry and entry.parent and entry.parent not in out:
        out.append(entry.parent)
        entry = by_name.get(entry.parent)
    return out


def lexicon_kind(name: str) -> str | None:
    """The gazetteer's kind of a place name (region, city, …), if the gazetteer knows it."""
    entry = place_index()[1].get(name)
    return entry.kind if entry else None


def place_attrs(entry: lexicon.PlaceEntry) -> dict:
    """Kind, parent and, where the gazetteer has them, coordinates of a known place, with the chain of
    its enclosing units (Углич → Ярославская область → Россия), so that the graph can answer by region."""
    _, by_name = place_index()
    parent = by_name.get(entry.parent)
    attrs = {"kind": entry.kind, "parent": entry.parent or None, "parent_kind": parent.kind if parent else None}
    if entry.lat is not None:
        attrs.update(lat=entry.lat, lon=entry.lon)
    chain = []
    for name in ancestors(entry.name):
        unit = by_name.get(name)
        chain.append({"name": name, "kind": unit.kind if unit else None,
                      "lat": unit.lat if unit else None, "lon": unit.lon if unit else None})
    if chain:
        attrs["chain"] = chain
    return attrs


@start_test("place")
def _may_begin_place(t) -> bool:
    # every rule below starts at a capitalized word, a water word or a unit word: only those are visited
    return t.is_cap or t.prefix in START_PREFIXES or t.prefix in MONUMENT_PREFIXES and t.text.lower() in monument_forms()


def find_places(doc: Doc) -> list[Mention]:
    index, by_name = place_index()
    found = []
    unsure = []  # an ambiguous capital without a place word before it: «Вашингтон хочет видеть»
    for sent in doc.sentences:
        toks = sent.tokens
        starts = passing(sent, "place")
        i = 0
        while True:
            k = bisect_left(starts, i)
            if k == len(starts):
                break
            i = starts[k]
            tok = toks[i]
            if not tok.is_cap and tok.is_word and tok.prefix in WATER_PREFIXES:
                m = _water(doc, sent, i)
                if m:
                    found.append(m)
                    i += 2
                    continue
            if tok.prefix in MONUMENT_PREFIXES and tok.text.lower() in monument_forms():
                site = _monument(doc, sent, i)
                if site:
                    found.append(site[0])
                    i = site[1]
                    continue
            if tok.text.lower() in DISTRICTS_PLURAL:
                # «трёх районов нашей области: Акжарского, Кызылжарского и М. Жумабаева»
                items = district_list(sent.tokens, i)
                found += [Mention("place", name, doc.span(sent, a, b, "district_list"),
                                  place_attrs(by_name.get(name)) if by_name.get(name) else {"kind": "district"})
                          for a, b, name in items]
                if items:
                    i = items[-1][1]
                    continue
            # «с жителями района Сарыарка», «в области Абай»: a few names begin with a lowercase unit
            # word, in the singular («каким районам Алматы»: districts of the city Алматы)
            if not (tok.is_word and (tok.is_cap or tok.text[:4].lower() in UNIT_PREFIXES
                                      and "sing" in parses(tok.text)[0].tag)):
                i += 1
                continue
            # «в Логойском районе»: a district, not the town the adjective comes from
            m = _district(doc, sent, i) if tok.is_cap else None
            glued = _glued_abbreviation(doc, sent, i) if tok.is_cap and not m else None
            if glued:
                found.append(glued)
                i += 1
                continue
            hit = None if m else index.match(toks, i)
            if hit:
                j, entry = hit
                prev = toks[i - 1].text.lower() if i else ""
                # «на Луну», «вернулись на Землю»: a celestial body is one wherever it is not a sentence's first word
                celestial = entry.kind == "celestial" and i > 0 and toks[i - 1].text not in {"—", "–", "-", ":", "«", '"'}
                if not entry.ambiguous or celestial or prev in PLACE_CONTEXT or _in_list_of_places(toks, i, j, index):
                    found.append(Mention("place", entry.name, doc.span(sent, i, j, "gazetteer_place"),
                                         place_attrs(entry)))
                    if not tok.is_cap and tok.text.lower() in REGIONS_PLURAL:
                        listed = _regions_named_after_noun(doc, sent, j)
                        found += listed
                        j += 2 * len(listed)  # each a comma or «и» and a name
                    i = j
                    continue
                if entry.name in capitals() and not (i and toks[i - 1].is_cap):  # «Дензел Вашингтон»
                    unsure.append(Mention("place", entry.name, doc.span(sent, i, j, "capital_of_named_country"),
                                          place_attrs(entry)))
            if not tok.is_cap:
                m = _unit_and_name(doc, sent, i)
                if m:
                    found.append(m)
                i += 1
                continue
            m = (m or _coordinated_district(doc, sent, i) or _feature_adjective(doc, sent, i)
                 or _settlement(doc, sent, i, by_name)
                 or _coordinated_region(doc, sent, i, by_name) or _settlement_after(doc, sent, i)
                 or _after_preposition(doc, sent, i))
            if m:
                found.append(m)
            i += 1
    return _one_district_name(found + _capitals_of_named_countries(unsure, found))


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital -> its country, from the countries' centres in places.tsv."""
    return {r.get(4): r.get(0) for r in lexicon.rows("places.tsv") if r.get(1) == "country" and r.get(4)}


def _capitals_of_named_countries(unsure: list[Mention], found: list[Mention]) -> list[Mention]:
    """«наложенного Вашингтоном эмбарго» in an article that names the США: a capital whose name is also a
    surname or a word («Вашингтон», «Вена», «София») is the city, standing for its government, where the
    article names its country and no other place was read there."""
    named = {m.name for m in found}
    taken = {m.evidence.start for m in found}
    return [m for m in unsure if capitals()[m.name] in named and m.evidence.start not in taken]


def _one_district_name(found: list[Mention]) -> list[Mention]:
    """«В районе Джайхун» … «Джайхунского района»: one district, named by its adjective both times."""
    adjectives = {m.name.split(" ")[0].lower(): m.name for m in found
                  if m.attrs.get("kind") == "district" and m.name.endswith(" район") and " " not in m.name[:-6]}
    for m in found:
        parts = m.name.split(" ")
        if len(parts) == 2 and parts[0] == "район" and len(parts[1]) >= 4:
            stem = parts[1].lower()
            full = next((n for a, n in adjectives.items() if a.startswith(stem[:-1]) and a[len(stem) - 1:].startswith(
                (stem[-1] + "ск", "ск", "инск", "енск"))), None)
            if full:
                m.name = full
    return found


# «в СКОи дал ряд поручений»: a scraped text loses the space between an abbreviation and a short word
GLUED = re.compile(r"^([А-ЯЁ]{2,5})(и|а|в|во|с|со|к|у|о|из|на|по|за|но|не)$")


@lru_cache(maxsize=1)
def place_abbreviations() -> dict[str, lexicon.PlaceEntry]:
    """The places of the hand-made gazetteer by their abbreviations in capitals («СКО», «РФ», «США»)."""
    return {a: e for e in lexicon.places() for a in (e.name, *e.aliases) if a.isupper() and " " not in a}


def _glued_abbreviation(doc: Doc, sent, i: int) -> Mention | None:
    """«паводковую обстановку в СКОи дал ряд поручений»: a place's abbreviation glued to the conjunction or
    preposition after it is that place (the span is the abbreviation's letters only)."""
    tok = sent.tokens[i]
    m = GLUED.match(tok.text)
    entry = place_abbreviations().get(m.group(1)) if m else None
    if entry is None:
        return None
    return Mention("place", entry.name, doc.evidence(sent, tok.start, tok.start + len(m.group(1)), "glued_abbreviation"),
                   place_attrs(entry))


def _in_list_of_places(toks, i: int, j: int, index) -> bool:
    """«Курган, Оренбург, Тюмень»: an ambiguous name beside an unambiguous one in a list is a place."""
    for k in (j + 1, i - 2):
        if 0 <= k < len(toks) and toks[(j if k == j + 1 else i - 1)].text in {",", "и"} and toks[k].is_cap:
            hit = index.match(toks, k)
            if hit and not hit[1].ambiguous:
                return True
    return False


WATER_WORDS = {"река": "water", "озеро": "water", "водохранилище": "water", "канал": "water", "залив": "water"}
WATER_PREFIXES = {w[:2] for w in WATER_WORDS}
MONUMENT_WORDS = frozenset(r.get(0) for r in lexicon.rows("monument_heads.tsv"))
MONUMENT_PREFIXES = frozenset(w[:2] for w in MONUMENT_WORDS)
START_PREFIXES = WATER_PREFIXES | {u[:2] for u in UNIT_PREFIXES}


@lru_cache(maxsize=1)
def monument_forms() -> frozenset[str]:
    """Every singular form of the monument words («мечети», «Дворце»): a set lookup, not the morphology,
    at each word that begins like one («министр», «город» begin like «минарет», «городище»)."""
    return frozenset(f.word for w in MONUMENT_WORDS for p in parses(w)[:1] for f in p.lexeme if "sing" in f.tag)


def _water(doc: Doc, sent, i: int) -> Mention | None:
    """«река Большой Жем», «из озера Пестрое», «в реке Жабай»: a water body by its name after the word."""
    toks = sent.tokens
    if i + 1 >= len(toks) or not toks[i + 1].is_cap or toks[i + 1].is_latin or toks[i + 1].start == toks[i].end:
        return None
    if not any(lem in WATER_WORDS for lem in lemmas(toks[i].text)) or not any(
            "sing" in p.tag for p in parses(toks[i].text)[:1]):
        return None
    end = i + 2
    if end < len(toks) and toks[end].is_cap and toks[end].is_word and not toks[end].is_latin and (
            _looks_adjective(toks[i + 1].text) or _adjective_noun(toks[i + 1].text, toks[end].text)):
        end += 1  # «Большой Жем»
    name = sent.text[toks[i + 1].start - sent.start: toks[end - 1].end - sent.start]
    if end == i + 2 and not KAZAKH_LETTERS & set(name):
        # «реки Славянки», «реку Нарву»: a Russian name agrees with its word; «реке Жабай», «озера Пестрое» do not
        cases = {p.tag.case for p in parses(toks[i].text)[:2]}
        agree = next((p for p in parses(name) if p.tag.POS == "NOUN" and p.tag.case in cases and p.tag.case != "nomn"
                      and p.tag.number == "sing"), None)
        if agree:
            name = match_case(agree.normal_form, name)
    entry = place_index()[1].get(name)
    return Mention("place", name, doc.span(sent, i + 1, end, "water_word"),
                   place_attrs(entry) if entry else {"kind": "water"})


def _monument(doc: Doc, sent, i: int) -> tuple[Mention, int] | None:
    """«мавзолей Пахлавана Махмуда», «посетил городище Ичан-кала», «в Дворце Нуруллабая»: a historic site by
    the capitalized name after its word (monument_heads.tsv), the word kept in the name."""
    toks = sent.tokens
    if i + 1 >= len(toks) or not toks[i + 1].is_cap or toks[i + 1].is_latin or toks[i + 1].text.isupper():
        return None
    head = next((lem for lem in lemmas(toks[i].text) if lem in MONUMENT_WORDS), None)
    if head is None or not any("sing" in p.tag for p in parses(toks[i].text)[:1]):
        return None
    if place_index()[0].match(toks, i + 1):
        return None  # «мечеть Астаны», «крепость Бреста»: the town's
    end = i + 2
    while end < len(toks) and end < i + 4 and toks[end].is_cap and toks[end].is_word and not toks[end].is_latin:
        end += 1
    if end < len(toks) and toks[end].is_word and not any(
            p.tag.POS in {"CONJ", "PREP", "PRCL", "VERB", "ADVB", "PRTF", "GRND"} for p in parses(toks[end].text)[:1]):
        return None  # «медресе Шергози хана», «медресе Мухаммад амин Инак»: a name that goes on lower case
    name = head + " " + sent.text[toks[i + 1].start - sent.start: toks[end - 1].end - sent.start]
    return Mention("place", name, doc.span(sent, i, end, "monument_word"), {"kind": "facility"}), end


# a water body or a square, street or cemetery named by a capitalized adjective before its word; the
# word's kind («канал» is not one: «Первый канал» is a television channel)
FEATURE_WORDS = {"озеро": "water", "водохранилище": "water", "море": "water", "залив": "water", "пролив": "water",
                 "площадь": "facility", "улица": "facility", "проспект": "facility", "бульвар": "facility",
                 "набережная": "facility", "переулок": "facility", "шоссе": "facility", "кладбище": "facility"}
FEATURE_PREFIXES = {w[:2] for w in FEATURE_WORDS}


def _feature_adjective(doc: Doc, sent, i: int) -> Mention | None:
    """«на Сергеевском водохранилище», «Боденское озеро», «к Кронштадтскому бульвару»: a capitalized
    adjective agreeing with a water or street word after it names that feature (not at a sentence's
    start, where «Центральная площадь» is a description)."""
    toks = sent.tokens
    if i == 0 or i + 1 >= len(toks) or toks[i + 1].prefix not in FEATURE_PREFIXES or toks[i - 1].text in {".", "«", '"', "—", "–"}:
        return None
    word = next((x for x in lemmas(toks[i + 1].text) if x in FEATURE_WORDS), None)
    if word is None or not _looks_adjective(toks[i].text) or not _adjective_noun(toks[i].text, toks[i + 1].text, "sing"):
        return None
    name = nominative_phrase([toks[i].text], toks[i + 1].text)
    entry = place_index()[1].get(name)
    return Mention("place", name, doc.span(sent, i, i + 2, "feature_adjective"),
                   place_attrs(entry) if entry else {"kind": FEATURE_WORDS[word]})


def _unit_and_name(doc: Doc, sent, i: int) -> Mention | None:
    """«район Мақаншы», «района Магжана Жумабаева»: a district named by a proper name after «район»."""
    toks = sent.tokens
    if toks[i].text.lower() not in {"район", "района", "районе", "районом", "району"} or i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    if not (nxt.is_cap and nxt.is_word) or nxt.is_latin or nxt.text.isupper() or _looks_adjective(nxt.text) \
            or re.search(r"(ской|цкой|ского|ной|ого)$", nxt.text):
        return None
    honoree = honoree_end(toks, i + 1)
    if honoree and not (i and _title_word(toks[i - 1])):
        # «района Магжана Жумабаева»: a district named after a person, whose name stays in the genitive
        name = "район " + " ".join(t.text for t in toks[i + 1:honoree]).replace(" .", ".")
        return Mention("place", name, doc.span(sent, i, honoree, "district_honoree"), {"kind": "district"})
    if end_of_name(toks, i + 2) or any(p.tag.POS in NOT_NAME_POS for p in parses(nxt.text)[:1]):
        return None  # «аким района Аманбек Калжанов»: a person after the district, not its name
    if place_index()[0].match(toks, i + 1) or nxt.text.lower() in first_name_words():
        return None  # «район Дюссельдорфа»: a district of a town
    end = i + 2
    name = "район " + nxt.text
    return Mention("place", name, doc.span(sent, i, end, "district_name"), {"kind": "district"})


def _title_word(tok) -> bool:
    """«акима», «главы»: a title before «района» makes the name after it the title holder's."""
    return tok.is_word and not tok.is_cap and bool(lemmas(tok.text) & _title_lemmas())


@lru_cache(maxsize=1)
def _title_lemmas() -> frozenset[str]:
    return frozenset(t for t in lexicon.titles() if " " not in t)


DISTRICT_LIST_LEAD = 4  # «районов нашей области:» — words between the plural and the list


def honoree_end(toks, k: int) -> int | None:
    """The token index after a person's name in the genitive at k («Магжана Жумабаева», «М. Жумабаева»,
    «М.Жумабаева»), as a district is named after him; None when no such name starts there."""
    from .persons import first_name_forms  # persons read places; the honoree's first name is theirs
    if k + 1 >= len(toks) or not toks[k].is_cap:
        return None
    if len(toks[k].text) == 1 and toks[k + 1].text == "." and k + 2 < len(toks):
        surname, end = toks[k + 2], k + 3  # «М. Жумабаева»
    else:
        readings = first_name_forms()[toks[k].text.lower()]
        if not any("gent" in cases and "nomn" not in cases for _, _, cases in readings):
            return None
        surname, end = toks[k + 1], k + 2
    if not (surname.is_cap and surname.is_word) or not GENITIVE_SURNAME.search(surname.text):
        return None
    if end < len(toks) and toks[end].is_cap and toks[end].is_word:
        return None  # a third capitalized word: something else
    return end


GENITIVE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ского|цкого|улы|ұлы)$")


def district_name_spans(sent) -> list[tuple[int, int]]:
    """Character spans of the people's names that name districts in a sentence («района Магжана
    Жумабаева», the gazetteer's or an honoree in the genitive; «районов: Акжарского и М. Жумабаева»):
    those are no mentions of the people."""
    if "район" not in sent.text:
        return []
    toks = sent.tokens
    out = []
    for i, t in enumerate(toks[:-1]):
        low = t.text.lower()
        if low in DISTRICTS_PLURAL:
            out += [(toks[a].start, toks[b - 1].end) for a, b, _ in district_list(toks, i)]
        elif low in {"район", "района", "районе", "районом", "району"} and toks[i + 1].is_cap:
            hit = place_index()[0].match(toks, i)
            end = hit[0] if hit and hit[0] > i + 2 else None if i and _title_word(toks[i - 1]) else honoree_end(toks, i + 1)
            if end:
                out.append((toks[i + 1].start, toks[end - 1].end))
    return out


def district_list(toks, i: int) -> list[tuple[int, int, str]]:
    """(start, end, name) of every district of a list after a plural «районов» at i: «районов нашей
    области: Акжарского, Кызылжарского и М. Жумабаева» → Акжарский район, Кызылжарский район,
    район М. Жумабаева. Two items at least."""
    k = i + 1
    while k < len(toks) and k - i <= DISTRICT_LIST_LEAD and not toks[k].is_cap:
        k += 1
    out = []
    while k < len(toks) and toks[k].is_cap:
        if toks[k].text.lower().endswith(("ского", "цкого")) and not (k + 1 < len(toks) and toks[k + 1].is_cap):
            out.append((k, k + 1, _district_name(toks[k].text)))
            k += 1
        elif (end := honoree_end(toks, k)) is not None:
            out.append((k, end, "район " + " ".join(t.text for t in toks[k:end]).replace(" .", ".")))
            k = end
        elif (end := _listed_name(toks, k)) is not None:
            # «городов и районов Исфара, Канибадам, Бободжон Гафуров, Лахш»: names in the nominative
            hit = place_index()[0].match(toks, k)
            out.append((k, end, hit[1].name if hit and hit[0] == end else " ".join(t.text for t in toks[k:end])))
            k = end
        else:
            break
        if k + 1 < len(toks) and toks[k].text in {",", "и"} and toks[k + 1].is_cap:
            k += 1
        else:
            break
    return out if len(out) >= 2 else []


def _listed_name(toks, k: int) -> int | None:
    """The end of a name of one or two capitalized words in the nominative (or unknown to the dictionary)
    at k, followed by a comma, «и» or the list's end."""
    end = k + 1
    if end < len(toks) and toks[end].is_cap and toks[end].is_word:
        end += 1
    if end < len(toks) and toks[end].is_cap and toks[end].is_word:
        return None
    for t in toks[k:end]:
        if not t.is_word or t.is_latin or t.text.isupper():
            return None
        ps = [p for p in parses(t.text) if p.is_known]
        if ps and not any(p.tag.case == "nomn" and p.tag.POS == "NOUN" for p in ps):
            return None
    return end


def end_of_name(toks, k: int) -> bool:
    """Another capitalized word follows: the name goes on (a person's first name and surname)."""
    return k < len(toks) and toks[k].is_cap and toks[k].is_word


@lru_cache(maxsize=1)
def first_name_words() -> frozenset[str]:
    return frozenset(map(str.lower, lexicon.first_names()))


def _looks_adjective(word: str) -> bool:
    return any(p.tag.POS in {"ADJF", "PRTF"} for p in parses(word)[:1])


def _settlement_after(doc: Doc, sent, i: int) -> Mention | None:
    """«в Заречном поселке Петропавловска»: an adjective name before its settlement word."""
    toks = sent.tokens
    if i + 1 >= len(toks) or i == 0 or toks[i - 1].text in {".", "«", '"'} or toks[i + 1].prefix not in SETTLEMENT_PREFIXES:
        return None
    word = next((x for x in lemmas(toks[i + 1].text) if x in SETTLEMENT_WORDS and x not in {"город", "г"}), None)
    if word is None or not _adjective_noun(toks[i].text, toks[i + 1].text):
        return None
    name = inflect(toks[i].text, {SETTLEMENT_GENDER.get(word, "masc"), "sing", "nomn"}, pos="ADJF") or toks[i].text
    return Mention("place", name, doc.span(sent, i, i + 1, "settlement_before_word"), {"kind": "settlement"})


PLACE_PREPOSITIONS = {"в", "во", "из", "под", "до", "близ"}
# nominatives that only towns have: «Называевск», «Стаханов», «Майкаин», «Ленинград», «Симферополь»
TOWN_ENDING = re.compile(r"(ск|цк|ов|ев|ёв|ин|ын|аин|град|город|поль|бург|абад|кент)$")


def _after_preposition(doc: Doc, sent, i: int) -> Mention | None:
    """«в Стаханове», «из Майкаина»: a capitalized word the dictionary does not know, after «в» or «из»,
    whose nominative is shaped like a town's."""
    toks = sent.tokens
    tok = toks[i]
    if i == 0 or toks[i - 1].text.lower() not in PLACE_PREPOSITIONS or tok.text.isupper() or tok.is_latin \
            or not tok.text.isalpha():
        return None
    if is_known(tok.text.lower()) and not all(
            {"Surn", "Geox"} & p.tag.grammemes for p in parses(tok.text) if p.is_known):
        return None  # a common word; a surname is a town's name here: «в Стаханове»
    if i + 1 < len(toks) and toks[i + 1].is_cap and toks[i + 1].is_word:
        return None  # «в Нур КААД Агро»: a name of more words
    for p in parses(tok.text):
        if p.tag.POS == "NOUN" and p.tag.case in {"loct", "gent", "accs"} and p.tag.number == "sing" \
                and TOWN_ENDING.search(p.normal_form) and p.normal_form != tok.text.lower():
            name = p.normal_form[:1].upper() + p.normal_form[1:]
            return Mention("place", name, doc.span(sent, i, i + 1, "town_after_preposition"), {"kind": "settlement"})
    return None


DISTRICT_WORDS = {"район", "района", "районе", "районом", "району", "р-н", "р-на", "р-не"}
# «в Тутаевском муниципальном районе»: the kind of district between its name and the word
DISTRICT_KINDS = {"муниципальный", "административный"}


def _district(doc: Doc, sent, i: int) -> Mention | None:
    toks = sent.tokens
    k = i + 1
    kind_word = k < len(toks) and toks[k].prefix in {"му", "ад"} and lemmas(toks[k].text) & DISTRICT_KINDS
    if kind_word:
        k += 1
    if k >= len(toks) or toks[k].text.lower().rstrip(".") not in DISTRICT_WORDS:
        return None
    adj = toks[i].text
    # «Заполярного района»: any capitalized adjective inside a sentence names its district
    if not adj.lower().endswith(DISTRICT_SUFFIXES) and not (
            i and toks[i - 1].text not in {".", "«", '"', "—", "–"} and _looks_adjective(adj)):
        return None
    name = _district_name(adj)
    if kind_word:
        name = name.replace(" район", " " + (inflect(toks[i + 1].text, {"masc", "sing", "nomn"}, pos="ADJF")
                                              or toks[i + 1].text) + " район")
    entry = place_index()[1].get(name)  # a district the gazetteer knows keeps its region
    return Mention("place", name, doc.span(sent, i, k + 1, "district_pattern"),
                   place_attrs(entry) if entry else {"kind": "district"})


def _district_name(adj: str) -> str:
    head = adj.split("-")
    last = inflect(head[-1], {"masc", "sing", "nomn"}, pos="ADJF") or head[-1]
    return "-".join(head[:-1] + [last]) + " район"


def _coordinated_district(doc: Doc, sent, i: int) -> Mention | None:
    """«поселки Бурлинского, Акжайыкского, Теректинского районов»: each adjective of a list that
    ends in one plural «районов» is a district."""
    toks = sent.tokens
    k = i
    while k < len(toks) and toks[k].is_cap and toks[k].text.lower().endswith(DISTRICT_SUFFIXES):
        if k + 1 < len(toks) and toks[k + 1].text.lower() in DISTRICTS_PLURAL:
            if k == i:
                return None  # the last one: _district sees it with its unit word
            return Mention("place", _district_name(toks[i].text), doc.span(sent, i, i + 1, "coordinated_district"),
                           {"kind": "district"})
        if k + 2 < len(toks) and toks[k + 1].text.lower() in {",", "и"}:
            k += 2
            continue
        return None
    return None


def _coordinated_region(doc: Doc, sent, i: int, by_name) -> Mention | None:
    """«в Атырауской, Западно-Казахстанской и Северо-Казахстанской областях»: every adjective of a list
    that ends in one plural «областях» is a region (the last one the gazetteer finds with its noun)."""
    toks = sent.tokens
    k = i
    while k + 2 < len(toks) and toks[k + 1].text.lower() in {"и", ","} and toks[k + 2].is_cap:
        k += 2
    if k == i or k + 1 >= len(toks) or toks[k + 1].text.lower() not in REGIONS_PLURAL:
        return None
    adj = inflect(toks[i].text, {"femn", "sing", "nomn"}, pos="ADJF")
    entry = by_name.get(f"{adj[:1].upper()}{adj[1:]} область") if adj else None
    if entry is None or entry.kind != "region":
        return None
    return Mention("place", entry.name, doc.span(sent, i, i + 1, "coordinated_region"), place_attrs(entry))


REGIONS_PLURAL = {"областях", "областей", "областям", "областями", "области"}


def _regions_named_after_noun(doc: Doc, sent, j: int) -> list[Mention]:
    """«а также области Абай, Улытау» (tn_532189): the names that follow one «области» in a list are
    regions too where the gazetteer has a region «область <name>»."""
    toks, out = sent.tokens, []
    named = regions_by_own_name()
    while j + 1 < len(toks) and toks[j].text in {",", "и"} and toks[j + 1].is_cap:
        entry = named.get(toks[j + 1].text.lower())
        if entry is None:
            break
        out.append(Mention("place", entry.name, doc.span(sent, j + 1, j + 2, "regions_after_noun"), place_attrs(entry)))
        j += 2
    return out


@lru_cache(maxsize=1)
def regions_by_own_name() -> dict[str, lexicon.PlaceEntry]:
    """Regions whose name is «область» and a proper name (places.tsv: «область Улытау», «область Ұлытау»)."""
    return {alias.split(" ", 1)[1].lower(): e for e in lexicon.places() if e.kind == "region"
            for alias in e.aliases if alias.startswith("область ") and alias.count(" ") == 1}


def _settlement_word_of(word: str) -> str | None:
    """The settlement word («город», «поселок») a word form is a form of, if any."""
    return next((x for x in sorted(lemmas(word)) if x in SETTLEMENT_WORDS), None)


# asked at every capitalized word, of the word before it: once per form
_settlement_word = FormMemo("settlement word", _settlement_word_of, 50_000).__getitem__


def _settlement(doc: Doc, sent, i: int, by_name) -> Mention | None:
    toks = sent.tokens
    if i == 0 or toks[i].start == toks[i - 1].end:
        return None  # «истории городаНапомним»: a heading glued to the word before it
    w = i - 1
    # «поселков Тепличное, Прибрежное, Семипалатное»: a list after one plural settlement word
    while w >= 2 and toks[w].text in {",", "и"} and toks[w - 1].is_cap and toks[w - 1].is_word:
        w -= 2
    prev = toks[w].text.lower()
    word = _settlement_word(toks[w].text)
    kind = SETTLEMENT_WORDS.get(word)
    if w < i - 1 and (kind is None or not any("plur" in p.tag for p in parses(toks[w].text)[:1])):
        return None
    if prev == "г":
        kind, word = "city", "город"
    if prev == "." and w >= 1 and toks[w - 1].text.lower() in {"г", "с", "пос"}:
        kind = "city" if toks[w - 1].text.lower() == "г" else "settlement"
        word = "город" if kind == "city" else "село"
    # the word itself is asked last: most capitalized words have no settlement word before them
    if kind is None or all(p.tag.POS in NOT_NAME_POS for p in parses(toks[i].text)):
        return None
    name, end = _nominative_place(toks[i].text, SETTLEMENT_GENDER.get(word, "masc")), i + 1
    if end < len(toks) and _kazakh_tail(toks[end]):
        name, end = f"{toks[i].text} {toks[end].text}", end + 1  # «в поселке Жибек жолы»
    elif end < len(toks) and toks[end].is_cap and _adjective_noun(toks[i].text, toks[end].text):
        # «села Красная Поляна»: an adjective and its noun
        name, end = nominative_phrase([toks[i].text], toks[end].text), end + 1
    entry = by_name.get(name)
    attrs = place_attrs(entry) if entry else {"kind": kind}
    return Mention("place", name, doc.span(sent, i, end, "settlement_word"), attrs)


def _kazakh_tail(tok) -> bool:
    """A lowercase second word of a Kazakh place name, which Russian does not know: «Жибек жолы»."""
    return tok.is_word and tok.text.islower() and len(tok.text) > 2 and not is_known(tok.text)


def _nominative_place(word: str, gender: str = "masc") -> str:
    # «в городе Сатпаеве»: a known toponym (Geox) goes to its normal form; an unknown one stays
    ps = parses(word)
    if re.search(r"(ском|цком|ском|ном|ого|ему|ым)$", word) and any(p.tag.POS == "ADJF" for p in ps):
        # «в поселке Гвардейском» → Гвардейский, not the Russian town «Гвардейск»
        return inflect(word, {gender, "sing", "nomn"}, pos="ADJF") or word
    for p in ps:
        if "Geox" in p.tag:
            return p.normal_form[:1].upper() + p.normal_form[1:]
    # «в селе Тепличном» → Тепличное: an adjective, in the gender of its settlement word
    if ps and ps[0].tag.POS == "ADJF" and not any("nomn" in p.tag for p in ps):
        return inflect(word, {gender, "sing", "nomn"}, pos="ADJF") or word
    return word


def _adjective_noun(adj: str, noun: str, number: str | None = None) -> bool:
    """«Красная Поляна»: an adjective agreeing with the noun after it (in that number, if given)."""
    for a in parses(adj)[:3]:  # «Сергеевского»: masculine and neuter genitive alike
        for n in parses(noun)[:2]:
            if (a.tag.POS == "ADJF" and n.tag.POS == "NOUN" and a.tag.case == n.tag.case
                    and number in {None, n.tag.number}
                    and a.tag.number == n.tag.number and (a.tag.gender == n.tag.gender or a.tag.number == "plur")):
                return True
    return False
