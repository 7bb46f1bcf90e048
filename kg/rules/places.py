"""Places: a gazetteer of Kazakhstan and the world, plus patterns for districts and settlements.

Rules:
  gazetteer_place   a known name or alias in any case form («в Карагандинскую область»)
  district_pattern  «Бухар-Жырауского района» → «Бухар-Жырауский район»
  settlement_word   «в селе Коянды», «города Сатпаев» → the name after the settlement word
  coordinated_region «в Актюбинской и Западно-Казахстанской областях» → Актюбинская область
  coordinated_district «Бурлинского, Акжайыкского, Теректинского районов» → Бурлинский район, …
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Mention
from ..text.morph import MORPH, inflect, lemmas, nominative_phrase, parses
from . import lexicon
from .base import Doc, PhraseIndex, match_from, phrase_keys

# Before an ambiguous name («Абай», «Семей», «Арал») one of these confirms it is a place.
PLACE_CONTEXT = {"в", "во", "из", "под", "до", "город", "города", "городе", "г", "г.", "села", "село",
                 "селе", "области", "район", "района", "районе", "посетил", "посетила", "прибыл", "прибыла"}
UNIT_PREFIXES = {"райо", "обла"}  # район, область in any case
SETTLEMENT_WORDS = {
    "село": "settlement", "аул": "settlement", "поселок": "settlement", "посёлок": "settlement",
    "станция": "settlement", "город": "city", "г": "city",
}
SETTLEMENT_GENDER = {"село": "neut", "станция": "femn"}  # others masculine: в селе Тепличном → Тепличное
DISTRICT_SUFFIXES = ("ский", "ского", "скому", "ском", "ским", "цкий", "цкого", "цком", "цким", "цкому")
DISTRICTS_PLURAL = {"районов", "районах", "районам", "районами", "районы"}
NOT_NAME_POS = {"VERB", "INFN", "GRND", "CONJ", "PRCL", "PREP", "ADVB", "NPRO"}


class Gazetteer:
    """The hand-made places as a phrase index, and the 20,000 generated ones looked up only when a
    capitalized word begins one of their names (building their index at start-up would take seconds)."""

    def __init__(self):
        self.index = PhraseIndex()
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
        world = lexicon.world_names()
        for k in sorted(noun_keys(tokens[i].text) & world.keys()):
            for name in world[k]:
                entry = lexicon.world_place(name)
                for phrase in (entry.name, *entry.aliases):
                    j = match_from(tokens, i, phrase_keys(phrase))
                    if j is not None and (best is None or j > best[0]):
                        best = (j, entry)
        return best


@lru_cache(maxsize=50_000)
def noun_keys(word: str) -> frozenset[str]:
    """The word and its readings as a noun: «Каспийского» (an adjective) does not look up «Каспийск»."""
    ps = parses(word)
    if ps and ps[0].tag.POS in {"ADJF", "PRTF", "VERB", "INFN"} and MORPH.word_is_known(word.lower()):
        return frozenset({word.lower().replace("ё", "е")})
    return frozenset({word.lower().replace("ё", "е")} | {p.normal_form.replace("ё", "е") for p in ps if p.tag.POS == "NOUN"})


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


def find_places(doc: Doc) -> list[Mention]:
    index, by_name = place_index()
    found = []
    for sent in doc.sentences:
        toks = sent.tokens
        i = 0
        while i < len(toks):
            tok = toks[i]
            # «с жителями района Сарыарка», «в области Абай»: a few names begin with a lowercase unit
            # word, in the singular («каким районам Алматы»: districts of the city Алматы)
            if not (tok.is_word and (tok.is_cap or tok.text[:4].lower() in UNIT_PREFIXES
                                      and "sing" in parses(tok.text)[0].tag)):
                i += 1
                continue
            hit = index.match(toks, i)
            if hit:
                j, entry = hit
                prev = toks[i - 1].text.lower() if i else ""
                if not entry.ambiguous or prev in PLACE_CONTEXT:
                    found.append(Mention("place", entry.name, doc.span(sent, i, j, "gazetteer_place"),
                                         place_attrs(entry)))
                    i = j
                    continue
            if not tok.is_cap:
                i += 1
                continue
            m = (_district(doc, sent, i) or _coordinated_district(doc, sent, i)
                 or _settlement(doc, sent, i, by_name) or _coordinated_region(doc, sent, i, by_name))
            if m:
                found.append(m)
            i += 1
    return found


def _district(doc: Doc, sent, i: int) -> Mention | None:
    toks = sent.tokens
    if i + 1 >= len(toks) or toks[i + 1].text.lower().rstrip(".") not in {"район", "района", "районе", "районом", "району", "р-н", "р-на", "р-не"}:
        return None
    adj = toks[i].text
    if not adj.lower().endswith(DISTRICT_SUFFIXES):
        return None
    return Mention("place", _district_name(adj), doc.span(sent, i, i + 2, "district_pattern"), {"kind": "district"})


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
    """«в Актюбинской и Западно-Казахстанской областях»: the first of two regions sharing one «областях»."""
    toks = sent.tokens
    if i + 3 >= len(toks) or toks[i + 1].text.lower() not in {"и", ","} or not toks[i + 2].is_cap:
        return None
    unit = toks[i + 3].text.lower()
    if unit not in {"областях", "областей", "областям", "областями", "области"}:
        return None
    adj = inflect(toks[i].text, {"femn", "sing", "nomn"}, pos="ADJF")
    entry = by_name.get(f"{adj[:1].upper()}{adj[1:]} область") if adj else None
    if entry is None or entry.kind != "region":
        return None
    return Mention("place", entry.name, doc.span(sent, i, i + 1, "coordinated_region"), place_attrs(entry))


def _settlement(doc: Doc, sent, i: int, by_name) -> Mention | None:
    toks = sent.tokens
    if i == 0 or toks[i].start == toks[i - 1].end:
        return None  # «истории городаНапомним»: a heading glued to the word before it
    if all(p.tag.POS in NOT_NAME_POS for p in parses(toks[i].text)):
        return None
    w = i - 1
    # «поселков Тепличное, Прибрежное, Семипалатное»: a list after one plural settlement word
    while w >= 2 and toks[w].text in {",", "и"} and toks[w - 1].is_cap and toks[w - 1].is_word:
        w -= 2
    prev = toks[w].text.lower()
    word = next((x for x in sorted(lemmas(toks[w].text)) if x in SETTLEMENT_WORDS), None)
    kind = SETTLEMENT_WORDS.get(word)
    if w < i - 1 and (kind is None or not any("plur" in p.tag for p in parses(toks[w].text)[:1])):
        return None
    if prev == "г":
        kind, word = "city", "город"
    if prev == "." and w >= 1 and toks[w - 1].text.lower() in {"г", "с", "пос"}:
        kind = "city" if toks[w - 1].text.lower() == "г" else "settlement"
        word = "город" if kind == "city" else "село"
    if kind is None:
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
    return tok.is_word and tok.text.islower() and len(tok.text) > 2 and not MORPH.word_is_known(tok.text)


def _nominative_place(word: str, gender: str = "masc") -> str:
    # «в городе Сатпаеве»: a known toponym (Geox) goes to its normal form; an unknown one stays
    ps = parses(word)
    for p in ps:
        if "Geox" in p.tag:
            return p.normal_form[:1].upper() + p.normal_form[1:]
    # «в селе Тепличном» → Тепличное: an adjective, in the gender of its settlement word
    if ps and ps[0].tag.POS == "ADJF" and not any("nomn" in p.tag for p in ps):
        return inflect(word, {gender, "sing", "nomn"}, pos="ADJF") or word
    return word


def _adjective_noun(adj: str, noun: str) -> bool:
    """«Красная Поляна»: an adjective agreeing with the noun after it."""
    for a in parses(adj)[:2]:
        for n in parses(noun)[:2]:
            if (a.tag.POS == "ADJF" and n.tag.POS == "NOUN" and a.tag.case == n.tag.case
                    and a.tag.number == n.tag.number and (a.tag.gender == n.tag.gender or a.tag.number == "plur")):
                return True
    return False
