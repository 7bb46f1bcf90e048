"""People: full names from a first-name lexicon, normalized to «First Last» in the nominative.

Rules:
  first_last          FIRST [PATRONYMIC] SURNAME: «Канатом Бозумбаевым» → Канат Бозумбаев
  title_unknown_first Capitalized SURNAME in the nominative, for first names the lexicon lacks
  surname_ref         a later surname-only mention of a person named in full («Бозумбаев сказал»)

pymorphy3 does not know many Kazakh names (it reads «Токаев» as a form of «токай»), so the
case of a name is read from the first name's ending, and the surname follows that case.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from ..text.kazakh import kazakh_stem
from ..text.morph import FormMemo, inflect, is_known, lemmas, parses
from ..text.segment import Spans
from . import lexicon
from .base import QUOTES_CLOSE, QUOTES_OPEN, Doc, is_genitive, passing, start_test
from .orgs import heads
from .places import district_name_spans, place_index
from .roles import titles_before

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|инична|улы|ұлы|кызы|қызы)(а|у|ем|ом|е|ы|е|ой|ну|ны|не|ной)?$")
HUSHING = "жшчщц"
PATRONYMIC_WORDS = {"уулу", "кызы", "улы", "оглы", "қызы", "ұлы"}
SURNAME_PARTICLES = {"ле", "де", "ван", "фон", "дель", "ди", "да", "ла", "дос", "дю", "ду", "ибн", "бен"}
ARABIC_ARTICLE = re.compile(r"^(аль|эль|ад|ас|аш|ан|ар|ат|аз)-[А-ЯЁ][а-яё]+$")
# a woman's patronymic in any case («Иосифовны», «Петровной», «Ильиничне»); not a surname with those letters
# inside («это был Николай Левников»: book_389)
FEMININE_PATRONYMIC = re.compile(r"(овн|евн|ичн)(а|ы|е|у|ой|ою)$")
# Surname endings by case: masculine Slavic-type (-ов/-ев/-ин), then adjectival (-ский), then feminine.
MASC_SURNAME = [
    (re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|е)$"), {"а": {"gent", "accs"}, "у": {"datv"}, "ым": {"ablt"}, "е": {"loct"}}),
    (re.compile(r"(ск|цк)(ого|ому|им|ом)$"), {"ого": {"gent", "accs"}, "ому": {"datv"}, "им": {"ablt"}, "ом": {"loct"}}),
]
FEM_SURNAME = [
    (re.compile(r"(ов|ев|ёв|ин|ын)(ой|у)$"), {"ой": {"gent", "datv", "ablt", "loct"}, "у": {"accs"}}),
    (re.compile(r"(ск|цк)(ой|ую)$"), {"ой": {"gent", "datv", "ablt", "loct"}, "ую": {"accs"}}),
]
INDECLINABLE_SURNAME = re.compile(r"(улы|ұлы|кызы|қызы|ко|их|ых|о|и|у|ю|э|е)$")
NOMINATIVE_SURNAME = re.compile(r"[а-яё](ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая)$")
SURNAME_SHAPE = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|улы|ұлы|кызы|қызы|енко|бек|бай|баев)$")


class NameForms(FormMemo):
    """Every case form of every known first name, in small letters → [(nominative, gender, cases)], empty
    for a word that is none: the hand-made names' forms computed at start, the 45,500 generated ones'
    when a word is first asked about. `forms[word]` of a word asked before runs no Python code (rules ask
    at every capitalized token)."""

    def __init__(self):
        super().__init__("first name forms", self._read, 100_000)
        self.hand: dict[str, list] = {}
        for name, gender in lexicon.hand_first_names().items():
            for form, cases in _declension(name, gender).items():
                self.hand.setdefault(form.lower(), []).append((name, gender, frozenset(cases)))

    def _read(self, low: str) -> list:
        # a form of a hand-made name is read as that name: «Нурлана» is Нурлан's genitive, not a woman
        return self.hand.get(low) or _world_forms(low) or _hyphenated(self, low)

    def __bool__(self) -> bool:  # an argument `forms` given, however few forms asked yet
        return True


def _hyphenated(forms: NameForms, low: str) -> list:
    """«Касыма-Жомарта» → Касым-Жомарт, «Абу-Али»: a hyphenated first name whose parts are names in one case."""
    parts = low.split("-")
    if len(parts) != 2 or not all(parts):
        return []
    a, b = forms[parts[0]], forms[parts[1]]
    out = []
    for na, ga, ca in a:
        for nb, gb, cb in b:
            if ca & cb and ga == gb:
                out.append((f"{na}-{nb}", ga, ca & cb))
    return out[:1]


# endings of a form and of the nominatives it may come from: «Николя» (all cases), «Нэнси», «Бараку» → Барак
FORM_ENDINGS = ("", "а", "у", "ом", "ем", "е", "ы", "и", "ой", "ей", "ю", "я", "ю")
NOMINATIVE_ENDINGS = ("", "а", "я", "й", "ь")
LONGEST_FORM_ENDING = max(map(len, FORM_ENDINGS))


@lru_cache(maxsize=1)
def _world_first_starts() -> frozenset[str]:
    """The first three letters, in small letters, of every generated first name."""
    return frozenset(name[:3].lower() for name in lexicon.world_first_names())


def _world_forms(low: str) -> list:
    """The generated first names a lower-case word form is a case of (asked once per form: NameForms)."""
    if len(low) >= 3 + LONGEST_FORM_ENDING and low[:3] not in _world_first_starts():
        # a name's form keeps all but its last two letters at most: a word that begins no name so is
        # none of their forms, and is not tried 65 ways (most capitalized words of the news)
        return []
    names = lexicon.world_first_names()
    out = []
    for ending in FORM_ENDINGS:
        if not low.endswith(ending) or len(low) - len(ending) < 2:
            continue
        stem = low[: len(low) - len(ending)]
        for nominative in NOMINATIVE_ENDINGS:
            cand = (stem + nominative).capitalize()
            gender = names.get(cand)
            if gender is None or any(o[0] == cand for o in out):
                continue
            for form, cases in _declension(cand, gender).items():
                if form.lower() == low:
                    out.append((cand, gender, frozenset(cases)))
    return out


@lru_cache(maxsize=1)
def first_name_forms() -> NameForms:
    return NameForms()


@lru_cache(maxsize=1)
def hand_first_name_forms() -> frozenset[str]:
    """Case forms of the hand-made list's first names (Kazakh, Russian, leaders'), which are never surnames."""
    hand = lexicon.hand_first_names()
    return frozenset(form.lower() for name, gender in hand.items() for form in _declension(name, gender))


def _declension(name: str, gender: str) -> dict[str, set[str]]:
    low = name[-1].lower()
    stem = name[:-1]
    out: dict[str, set[str]] = {}

    def put(form, *cases):
        out.setdefault(form, set()).update(cases)

    put(name, "nomn")
    if gender == "m" and low in "еиоуэю":
        put(name, *CASES)  # «Эмомали», «Мади» do not decline; the surname shows the case
    elif gender == "m":
        if low in "ая":
            soft = low == "я" or stem[-1:].lower() in "гкхжшчщ"
            put(stem + ("и" if soft else "ы"), "gent")
            put(stem + "е", "datv", "loct")
            put(stem + ("ю" if low == "я" else "у"), "accs")
            put(stem + ("ей" if low == "я" else "ой"), "ablt")
        elif low in "йь":
            put(stem + "я", "gent", "accs")
            put(stem + "ю", "datv")
            put(stem + "ем", "ablt")
            put(stem + "е", "loct")
        elif low.isalpha() and low not in "еиоуыэю":
            put(name + "а", "gent", "accs")
            put(name + "у", "datv")
            put(name + ("ем" if low in HUSHING else "ом"), "ablt")
            put(name + "е", "loct")
    else:
        if low in "ая":
            soft = low == "я" or stem[-1:].lower() in "гкхжшчщ"
            put(stem + ("и" if soft else "ы"), "gent")
            put(stem + "е", "datv", "loct")
            put(stem + ("ю" if low == "я" else "у"), "accs")
            put(stem + ("ей" if low == "я" else "ой"), "ablt")
        else:
            # Kazakh feminine names on a consonant (Асель, Айгерим) are usually left undeclined
            put(name, *CASES)
    return out


def nominative_surname(word: str, gender: str, cases: frozenset) -> str:
    """The nominative of a surname that agrees with a first name in one of `cases`."""
    parts = word.split("-")
    if len(parts) == 2 and all(len(p) > 2 and p[:1].isupper() for p in parts):
        # a double surname declines in both parts: «Гульнару Мукашеву-Ахметову» → Мукашева-Ахметова
        return "-".join(nominative_surname(p, gender, cases) for p in parts)
    stem = kazakh_stem(word)
    if stem and re.search(r"(ов|ев|ёв|ин|ын|ова|ева|ина|ына)$", stem):
        return stem  # a Kazakh case ending: «Маулен Әшімбаевтың» → Әшімбаев
    if "nomn" in cases and _looks_nominative(word, gender):
        return word
    for pattern, endings in (MASC_SURNAME if gender == "m" else FEM_SURNAME):
        m = pattern.search(word)
        if m and endings.get(m.group(2), set()) & cases:
            base = word[: m.start(2)]
            if base.endswith(("ск", "цк")):
                return base + ("ий" if gender == "m" else "ая")
            return base + ("" if gender == "m" else "а")
    # a masculine surname in -а declines like «Обама»: «Барака Обамы», «Барака Обаму», «Бараком Обамой»; a Kazakh
    # name in «-балды», «-келды» as a surname does not decline: «Дархана Сатыбалды»
    low = word.lower()
    if gender == "m" and "nomn" not in cases and not low.endswith(("лды", "лді")):
        for ending, case, nominative in (("ы", "gent", "а"), ("ии", "gent", "ия"), ("у", "accs", "а"),
                                         ("ой", "ablt", "а"), ("ей", "ablt", "я")):
            if low.endswith(ending) and case in cases and len(word) > 4 and not (ending == "у" and "datv" in cases):
                if ending == "ы" or ending == "ии" or case != "gent":
                    return word[: -len(ending)] + nominative
    if gender == "m" and "nomn" not in cases and re.search(r"(ого|его|ому|ему|ым|им)$", word) and any(
            p.tag.POS == "ADJF" for p in parses(word)[:3]):
        # an adjectival surname: «Юрия Бездудного» → Бездудный
        return inflect(word, {"masc", "sing", "nomn"}, pos="ADJF") or word
    if gender == "m" and cases - {"nomn"} and not any(p.is_known and "Fixd" in p.tag for p in parses(word)):
        # non-Slavic masculine surnames decline as nouns: «Дональда Трампа» → Трамп, «Юрию Мильнеру» →
        # Мильнер, «Оливеру Кану» → Кан (but «Шойгу», which the dictionary knows, does not decline)
        for ending, c in (("ом", "ablt"), ("ем", "ablt"), ("а", "gent"), ("у", "datv"), ("е", "loct")):
            base = word[: -len(ending)]
            if word.endswith(ending) and (c in cases or (ending == "а" and "accs" in cases)) and len(base) > 1 \
                    and base[-1].lower() not in "аеёиоуыэюяйь" and not INDECLINABLE_SURNAME.search(base.lower()):
                return base
    return word


def _looks_nominative(word: str, gender: str) -> bool:
    low = word.lower()
    if gender == "m":
        return not re.search(r"(ова|ева|ина|ына|ову|еву|ину|овым|евым|иным|ского|скому|.{4}(?:ом|ем))$", low)
    return not re.search(r"(овой|евой|иной|ову|еву|ской|скую)$", low)


def nominative_patronymic(word: str) -> str:
    m = PATRONYMIC.search(word.lower())
    if not m or not m.group(2):
        return word
    return word[: m.start(2)] + ("а" if m.group(1).endswith("н") else "")


def is_surname_token(tok, forms, caps: bool = False) -> bool:
    """A capitalized Cyrillic word that can stand as a surname after a first name (in capitals after a
    first name in capitals)."""
    t = tok.text
    if not (tok.is_word and tok.is_cap) or tok.is_latin or len(t) < 3:
        return False
    if t.isupper() != caps:
        return False
    if "-" in t and any(part.isascii() and part.isalpha() for part in t.split("-")):
        return False  # «Сами QR-коды будут генерироваться» (tn_532127): a Latin part makes a compound noun
    if caps:
        t = t.capitalize()
    ps = parses(t)
    if (re.search(r"(ской|ского|ному|ной|ного|ным|ных|ая|ую|ый|ий)$", t.lower()) and ps and ps[0].tag.POS in {"ADJF", "PRTF"}
            and is_known(t.lower()) and not any("Surn" in p.tag for p in ps)):
        return False  # «Аким Карагандинской области»: an adjective, not a surname
    if forms and t.lower() in hand_first_name_forms() and not SURNAME_SHAPE.search(t.lower()):
        return False  # two first names in a row: «Маулен Ерлан» is not a name (a foreign name may be a surname: «Рахмон»)
    return True


def find_persons(doc: Doc) -> list[Mention]:
    """Full-name mentions first, then surname-only references to the same people."""
    forms = first_name_forms()
    found: list[Mention] = []
    for sent in doc.sentences:
        after = 0  # the token after the last name found
        # both rules begin with a capitalized word: only those are visited
        for i in sent.caps:
            if i < after or i >= len(sent.tokens) - 1:
                continue
            m = (_korean(doc, sent, i) or _arabic(doc, sent, i) or _first_last(doc, sent, i, forms)
                 or _unknown_first(doc, sent, i, forms))
            if m:
                found.append(m)
                after = i + (len(m.name.split()) if m.evidence.rule in {"korean_name", "arabic_name"} else 2)
    # «посетили уникальный комплекс "Куня Арк"» (c04): a name that fills a pair of quotes names a thing
    found = [m for m in found if not _quoted_whole(doc, m)]
    found = _one_full_name(_one_reading(doc, found, forms))
    found += _after_title(doc, found, forms)
    found += _initials(doc, found)
    found += _surname_refs(doc, found)
    found += _dictionary_surnames(doc, found)
    # «района Магжана Жумабаева», «районов: Акжарского и М. Жумабаева»: a district's name, not its honoree
    named = Spans(span for sent in doc.sentences for span in district_name_spans(sent))
    return [m for m in found if not named.covers(m.evidence.start, m.evidence.end)]


def _quoted_whole(doc: Doc, m: Mention) -> bool:
    """The mention stands right between an opening and a closing quote: a complex's, a film's or a ship's name."""
    text, start, end = doc.article.text, m.evidence.start, m.evidence.end
    return 0 < start and end < len(text) and text[start - 1] in QUOTES_OPEN and text[end] in QUOTES_CLOSE


MAX_COMPLEMENT = 4  # «Президент Казахстана Токаев», «Премьер Государственного совета КНР Ли Цян»


def _after_title(doc: Doc, found: list[Mention], forms) -> list[Mention]:
    """A person named by surname alone right after a title («Президент Казахстана Токаев», «с президентом
    Путиным»), a Chinese name after one («Премьером Госсовета КНР Ли Цяном»), and a surname that the
    dictionary knows as one before a verb («Путин приветствовал гостя»). A full name of the article wins."""
    full = {m.attrs["family"]: m for m in found if m.evidence.rule == "first_last"}
    taken = Spans((m.evidence.start, m.evidence.end) for m in found)
    verbs = speech_verbs()
    out = []
    for sent in doc.sentences:
        toks = sent.tokens
        # a title matters only before a capitalized word that no full name covers: most sentences have none
        caps = [k for k in sent.caps if toks[k].is_word]  # what every loop below starts from
        if not caps:
            continue
        loose = [k for k in caps if k and not toks[k].is_latin and not taken.covers(toks[k].start)
                 and (_name_like(toks[k].text) or _numeral_follows(toks, k) or _after_pope(toks, k)
                      or _monarch_title_before(toks, k) is not None)]
        titles = titles_before(doc, sent, loose, MAX_COMPLEMENT + 1) if loose else []
        for start, end, title, kind in titles:
            if not any(end <= k <= end + MAX_COMPLEMENT + 1 for k in loose):
                continue
            k = end
            after_po = False
            while k < len(toks) and k - end < MAX_COMPLEMENT + 1 and toks[k].is_word and (
                    is_genitive(toks[k]) and (not toks[k].is_cap or _is_place_word(toks, k)
                                              or parses(toks[k].text)[0].tag.POS == "ADJF" or _pair_follows(toks, k + 1))
                    or toks[k].text.isupper() or toks[k].text == "по"
                    or toks[k].text in {"в", "из"} and k + 1 < len(toks) and _is_country(toks, k + 1)
                    or after_po and not toks[k].is_cap) and not _surname_like(toks[k]):
                # «комиссара по энергетике ЕС», «министр обороны Израиля», «посол Японии в Чехии»,
                # «защитник Арсенала Киран Гиббс»
                after_po = toks[k].text == "по" or after_po and not toks[k].is_cap
                place = place_index()[0].match(toks, k + 1) if toks[k].text in {"в", "из"} else None
                if place:
                    # «Посол Японии в Казахстане Ичиро Огасавара»: the country after «в» is in the locative,
                    # not the genitive the loop asks for, so it is stepped over whole (a «в» after «по»
                    # may stand before no place: «Министр по делам в сфере …»)
                    k = place[0]
                    continue
                k += 1
            if k >= len(toks) or taken.covers(toks[k].start):
                continue
            head = next((t for t in toks[start:end] if any(p.tag.POS == "NOUN" for p in parses(t.text)[:1])), toks[start])
            cases = frozenset(p.tag.case for p in parses(head.text)[:2] if p.tag.POS == "NOUN") or frozenset({"nomn"})
            m = (kind == "head_of_state" and _regnal(doc, sent, k, cases)
                 or title in POPE_TITLES and k == end and _regnal(doc, sent, k, cases, bare=True)
                 or title in MONARCH_TITLES and _monarch_alone(doc, sent, k, cases, forms)
                 or _chinese(doc, sent, k, cases) or _pair(doc, sent, k, cases, forms, "title_pair")
                 or _surname_alone(doc, sent, k, cases, forms, full))
            if m:
                out.append(m)
        for k in range(len(toks) - 3 if "(" in sent.text else 0):
            # «Тору Камикава (Япония)», «Этьенн Бакро (Франция, 22, 2717)»: a pair with a country in brackets
            if toks[k + 2].text == "(" and toks[k + 3].is_cap and not taken.covers(toks[k].start) \
                    and _is_country(toks, k + 3) and not any(m.evidence.start == toks[k].start for m in out):
                # «Тору» is also a word form: the brackets say enough
                if k and toks[k].text.lower() in SURNAME_PARTICLES and toks[k - 1].is_cap and toks[k - 1].is_word \
                        and not toks[k - 1].is_latin and not taken.covers(toks[k - 1].start):
                    # «Франк Де Блекере (Бельгия)»: the particle begins the surname, the word before is the name
                    given, family = toks[k - 1].text, f"{toks[k].text} {toks[k + 1].text}"
                    m = Mention("person", f"{given} {family}", doc.span(sent, k - 1, k + 2, "pair_with_country"),
                                {"given": given, "family": family})
                else:
                    m = _pair(doc, sent, k, frozenset({"nomn"}), forms, "pair_with_country", loose=True)
                if m:
                    out.append(m)
        for k in passing(sent, "speech verb"):
            # «– проинформировал Абу-Али Саттар», «Кадри Симсон заявила»: a pair beside a verb of saying
            tok = toks[k]
            if tok.is_word and not tok.is_cap and lemmas(tok.text) & verbs:
                for at in (k + 1, k - 2):
                    if 0 <= at < len(toks) - 1 and not taken.covers(toks[at].start) and not any(
                            m.evidence.start == toks[at].start for m in out):
                        m = _pair(doc, sent, at, frozenset({"nomn"}), forms, "speech_pair")
                        if m:
                            out.append(m)
        for k in caps:
            tok = toks[k]
            if k + 1 < len(toks) and toks[k + 1].is_word and not toks[k + 1].is_cap \
                    and any(t.text.endswith(VERB_ENDINGS) for t in toks[k + 1:k + 3]) and _dictionary_surname(tok) \
                    and not taken.covers(tok.start) and _verb_follows(toks, k + 1) \
                    and not any(m.evidence.start == tok.start for m in out):
                m = next((p for fam, p in full.items() if tok.text in surname_forms(fam, _gender_of(fam))), None)
                family = next((p.normal_form for p in parses(tok.text) if "Surn" in p.tag), tok.text.lower())
                family = family[:1].upper() + family[1:]
                if _feminine_verb_follows(toks, k + 1) and re.search(r"(ова|ева|ина|ая)$", tok.text):
                    family = tok.text  # «Сулейменова посетила»
                m = m or full.get(family)
                out.append(Mention("person", m.name if m else family, doc.span(sent, k, k + 1, "surname_before_verb"),
                                   m.attrs if m else {"family": family}))
    return out


def _pair(doc, sent, k: int, cases, forms, rule: str, loose: bool = False) -> Mention | None:
    """A first name no lexicon has and a surname, capitalized, beside a title or a verb of saying:
    «председателя парламента Грузии Шалву Папуашвили» → Шалва Папуашвили. Both words are put in the
    nominative by the case the context gives them, not by a guessed paradigm."""
    toks = sent.tokens
    if k + 1 >= len(toks):
        return None
    first, last = toks[k], toks[k + 1]
    if not (first.is_cap and first.is_word and last.is_cap and last.is_word) or first.is_latin or last.is_latin \
            or first.text.isupper() or last.text.isupper() or forms[first.text.lower()]:
        return None
    if k + 2 < len(toks) and toks[k + 2].is_cap and toks[k + 2].is_word:
        return None  # three names: the lexicon's rules decide
    if not loose and is_known(first.text.lower()) and not any("Name" in p.tag for p in parses(first.text)[:2]) \
            or place_index()[0].match(toks, k) or last.text.lower() in hand_first_name_forms() and "-" not in first.text:
        return None  # «Министерство Юстиции», a place, two first names (not after «Абу-Али»: «Саттар» is his surname)
    if not _surname_shaped(last.text) and is_known(last.text.lower()) and not any(
            {"Name", "Surn"} & p.tag.grammemes for p in parses(last.text)[:3]):
        return None  # a common word, not a surname
    gender = "f" if re.search(r"(ова|ева|ина|ская|ой|ую)$", last.text) and "nomn" in cases else "m"
    family = nominative_surname(last.text, gender, cases)
    given = nominative_given(first.text, cases)
    return Mention("person", f"{given} {family}", doc.span(sent, k, k + 2, rule), {"given": given, "family": family})


def _surname_shaped(word: str) -> bool:
    return bool(SURNAME_SHAPE.search(word.lower()) or re.search(r"(швили|дзе|ян|янц|ец|ич|юк|ук|ко)[а-я]{0,2}$", word))


def nominative_given(word: str, cases) -> str:
    """An unknown first name in a case the context gives → its nominative: «Шалву» (accusative) → Шалва,
    «Абдимомына» (genitive) → Абдимомын; «Ги», «Кадри» do not decline."""
    if "nomn" in cases or re.search(r"[еиоуэю]$", word) and not re.search(r"(у|ю)$", word):
        return word
    for ending, case, nominative in (("ой", "ablt", "а"), ("ей", "ablt", "я"), ("ом", "ablt", ""), ("ем", "ablt", ""),
                                     ("ы", "gent", "а"), ("у", "accs", "а"), ("ю", "accs", "я"), ("а", "gent", ""),
                                     ("а", "accs", ""), ("у", "datv", ""), ("е", "loct", "")):
        if case in cases and word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: len(word) - len(ending)] + nominative
    return word


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("speech_verbs.tsv"))


@lru_cache(maxsize=1)
def speech_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """A verb's forms begin like its lemma, in three letters at least («скажет», «сказал»): the morphology
    is asked only about words that begin like one (two letters first: tokens carry them)."""
    return frozenset(v[:2] for v in speech_verbs()), frozenset(v[:3] for v in speech_verbs())


@start_test("speech verb")
def _may_be_speech_verb(t) -> bool:
    speech = speech_prefixes()
    return t.prefix in speech[0] and t.text[:3].lower() in speech[1]


def _surname_like(tok) -> bool:
    return tok.is_cap and not tok.text.isupper() and bool(SURNAME_SHAPE.search(tok.text.lower()) or _dictionary_surname(tok))


def _dictionary_surname(tok) -> bool:
    """A capitalized word that pymorphy3's dictionary knows as a surname and not as a place."""
    return tok.is_word and tok.is_cap and not tok.text.isupper() and _surname_reading(tok.text) is not None


def _dictionary_surname_reading(word: str) -> tuple[str, bool] | None:
    """The normal form of the first of the dictionary's readings of a word, and whether it is singular, when
    that reading is a surname and none a place or a first name; else None."""
    if len(word) < 4 or not is_known(word.lower()):
        return None
    ps = [p for p in parses(word) if p.is_known]
    if not ps or "Surn" not in ps[0].tag or any("Geox" in p.tag or "Name" in p.tag for p in ps):
        return None
    return ps[0].normal_form, "sing" in ps[0].tag


# once per word form, kept in the forms file: a rebuild asked the morphology about 713 forms a pass over the
# real corpus for it (its readings and the dictionary's look-up of each, 10 µs a form)
_surname_reading = FormMemo("dictionary surnames", _dictionary_surname_reading, 20_000).__getitem__


# what a finite verb of news ends with («сказал», «заявила», «подпишет», «даст», «встретился»): the
# morphology is asked about a surname before a verb only where such a word follows (str.endswith:
# a regular expression ending in $ is tried at every letter of the word)
VERB_ENDINGS = ("л", "т", "ла", "ло", "ли", "ся", "сь")


def _verb_follows(toks, k: int) -> bool:
    """A verb right after (an adverb between allowed): «Путин приветствовал», «Путин также подпишет»."""
    for t in toks[k:k + 2]:
        ps = parses(t.text) if t.is_word else ()
        if ps and ps[0].tag.POS in {"VERB"}:
            return True
        if not ps or ps[0].tag.POS not in {"ADVB", "PRCL"}:
            return False
    return False


def _feminine_verb_follows(toks, k: int) -> bool:
    return any(t.is_word and any(p.tag.POS == "VERB" and "femn" in p.tag for p in parses(t.text)[:1]) for t in toks[k:k + 2])


def _surname_alone(doc, sent, k: int, cases, forms, full) -> Mention | None:
    toks = sent.tokens
    tok = toks[k]
    if not _surname_like(tok) or forms[tok.text.lower()] or (k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word):
        return None
    m = next((p for fam, p in full.items() if tok.text in surname_forms(fam, _gender_of(fam))), None)
    if m:  # «министр Сулейменова» after «Министр Жулдыз Сулейменова»
        return Mention("person", m.name, doc.span(sent, k, k + 1, "title_surname"), m.attrs)
    gender = "f" if re.search(r"(ова|ева|ина|ская)$", tok.text) and "nomn" in cases else "m"
    family = nominative_surname(tok.text, gender, cases)
    m = full.get(family)
    return Mention("person", m.name if m else family, doc.span(sent, k, k + 1, "title_surname"),
                   m.attrs if m else {"family": family})


def _chinese(doc, sent, k: int, cases) -> Mention | None:
    """«Ли Цяном» → Ли Цян: a Chinese surname and a given name the dictionary does not know."""
    toks = sent.tokens
    if k + 1 >= len(toks) or toks[k].text not in chinese_surnames():
        return None
    given = toks[k + 1]
    if not (given.is_word and given.is_cap) or given.is_latin or is_known(given.text.lower()):
        return None
    name = given.text
    if "nomn" not in cases:
        # «Цяном», «Цяна»: a given name on a consonant declines; «Цзиньтао» does not
        name = re.sub(r"(?<=[нгь])(ом|ем|ем|а|я|у|ю|е)$", "", name)
    return Mention("person", f"{toks[k].text} {name}", doc.span(sent, k, k + 2, "chinese_name"),
                   {"family": toks[k].text, "given": name})


@lru_cache(maxsize=1)
def chinese_surnames() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("chinese_surnames.tsv"))


def _name_word(tok) -> bool:
    """A Cyrillic word written as a name is: a capital, then small letters only («Тамим», not «КНДР», «Kim»)."""
    return tok.is_word and tok.is_cap and not tok.is_latin and tok.text[1:].islower()


ARABIC_LINKS = {"бин", "бен", "ибн"}  # «сын»: «Тамим бин Хамад», «Хайсам бен Тарик»


def _arabic(doc, sent, i: int) -> Mention | None:
    """«Тамим бин Хамад Аль Тани», «Хайсам бен Тарик»: capitalized names joined by «бин/бен/ибн» and a
    closing «Аль Тани» are one person; an instrumental «Тамимом бин Хамадом» is put back in the nominative."""
    toks = sent.tokens
    if i + 2 >= len(toks) or toks[i + 1].text not in ARABIC_LINKS:
        return None

    def name_at(j):
        return j < len(toks) and _name_word(toks[j])

    if not (name_at(i) and name_at(i + 2)):
        return None
    j = i + 3
    while j + 1 < len(toks) and toks[j].text in ARABIC_LINKS and name_at(j + 1):
        j += 2
    if j + 1 < len(toks) and toks[j].text in {"Аль", "аль", "Ал", "эль", "Эль"} and name_at(j + 1):
        j += 2  # «Аль Тани», «Аль Нахайян»
    # «Тамимом», «Хамадом»: the instrumental on a consonant («Салем», «Хишам» are nominatives)
    words = [t.text[:-2] if len(t.text) > 5 and re.search(r"[^аеиоуыэюя]ом$", t.text) else t.text for t in toks[i:j]]
    name = " ".join(words)
    return Mention("person", name, doc.span(sent, i, j, "arabic_name"), {"given": words[0], "family": " ".join(words[1:])})


REGNAL_NUMBER = re.compile(r"^(X{0,2})(IX|IV|V?I{0,3})$")  # I to XXIX; the empty string is ruled out apart


def _numeral_follows(toks, k: int) -> bool:
    """A Roman numeral after token k: «Абдалла II» (a known word, yet a name before it)."""
    return k + 1 < len(toks) and toks[k + 1].text[:1] in "IVX" and bool(REGNAL_NUMBER.match(toks[k + 1].text))


POPE_TITLES = {"папа римский"}  # «Папа Римский Франциск»: a pope is named by one name


def _after_pope(toks, k: int) -> bool:
    """Token k follows «Римский» in any case: a known word («Франциск») may be a pope's name."""
    return k > 0 and toks[k - 1].text.lower().startswith("римск")


# a monarch is often named by the first name alone: «король Карл», «с эмиром Тамимом», «королева Елизавета»
MONARCH_TITLES = frozenset({"король", "королева", "эмир", "султан", "принц", "принцесса"})
MONARCH_STARTS = frozenset(t[:3] for t in MONARCH_TITLES)  # every form begins so: a test before the morphology
MONARCH_PREFIXES = frozenset(t[:2] for t in MONARCH_TITLES)


def _monarch_title_before(toks, k: int) -> int | None:
    """The index of a monarch's title word right before token k, or before its country: a known first name
    («Карл») after it may be the monarch's name."""
    for n in (1, 2):
        if k >= n and toks[k - n].prefix in MONARCH_PREFIXES and toks[k - n].text[:3].lower() in MONARCH_STARTS \
                and lemmas(toks[k - n].text) & MONARCH_TITLES:
            return k - n
    return None


def _monarch_alone(doc, sent, k: int, cases, forms) -> Mention | None:
    """«король Карл посетил выставку», «встреча с королем Карлом», «Эмир Катара Тамим» → Карл, Тамим: a known
    first name alone after a monarch's title (and its country), agreeing with it in case, is the monarch (not
    «король Карл Густав»: a pair, found apart)."""
    toks = sent.tokens
    if k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word or not toks[k].text[1:].islower():
        return None
    title = _monarch_title_before(toks, k) or 0
    if title and toks[title - 1].is_cap and toks[title - 1].is_word:
        return None  # «сотрудники Госпиталя принцессы Марины»: the honoree inside an institution's name
    readings = [r for r in forms[toks[k].text.lower()] if r[2] & cases]
    if not readings:
        return None
    given = readings[0][0]
    return Mention("person", given, doc.span(sent, k, k + 1, "monarch_name"), {"given": given, "family": given})


def _regnal(doc, sent, k: int, cases, bare: bool = False) -> Mention | None:
    """«Король Иордании Абдалла II», «с королем Карлом III» → Карл III: after a monarch's title, one
    capitalized name and a Roman numeral are one person (not «II квартал», not «король Карл» alone);
    after a pope's (`bare`), one name alone is («с Папой Римским Франциском» → Франциск)."""
    toks = sent.tokens
    numeral = _numeral_follows(toks, k)
    if not numeral and not (bare and not (k + 1 < len(toks) and toks[k + 1].is_cap and toks[k + 1].is_word)):
        return None
    name = toks[k]
    if not _name_word(name):
        return None
    given = nominative_given(name.text, cases)
    if not numeral:  # the one name is all there is: it stands for the family name too
        return Mention("person", given, doc.span(sent, k, k + 1, "regnal_name"), {"given": given, "family": given})
    return Mention("person", f"{given} {toks[k + 1].text}", doc.span(sent, k, k + 2, "regnal_name"),
                   {"given": given, "family": toks[k + 1].text})


VOWELS = re.compile(r"[аеёиоуыэюя]")
# a Korean name's last syllable declines on a consonant: «Ким Чен Ыном», «Юн Сок Ёля», «Мун Чжэ Ина»
KOREAN_CASE_ENDINGS = ("ом", "ем", "ым", "а", "я", "у", "ю", "е")
KOREAN_ENDING = re.compile(f"({'|'.join(KOREAN_CASE_ENDINGS)})$")


def _korean(doc, sent, i: int) -> Mention | None:
    """«Ким Чен Ын», «Мун Чжэ Ина» → Мун Чжэ Ин: a Korean surname and two capitalized one-syllable parts.
    («Анатолий Ким», «Ким Павел Сергеевич» have no two such parts.)"""
    toks = sent.tokens
    if i + 2 >= len(toks):
        return None
    family = korean_forms().get(toks[i].text)
    # «Кима Чен Ира», «Хвана Чжан Епа»: the surname takes the case ending the last syllable takes
    if family is None or not toks[i + 2].text.endswith(toks[i].text[len(family):]):
        return None
    middle, last = toks[i + 1], toks[i + 2]
    if not (_name_word(middle) and _name_word(last)) \
            or len(VOWELS.findall(middle.text.lower())) != 1 or len(middle.text) > 4:
        return None
    fourth = toks[i + 3] if i + 3 < len(toks) else None
    if fourth and fourth.is_cap and fourth.is_word and not (
            fourth.text.isupper() or fourth.is_latin or fourth.text in korean_surnames()):
        return None  # four names in a row: not one Korean name («Кима Чен Ира КНДР», «… Ира Ким Ир Сен» are)
    given = last.text
    if len(VOWELS.findall(given.lower())) != 1:
        stem = KOREAN_ENDING.sub("", given)
        if stem == given or len(VOWELS.findall(stem.lower())) != 1 or VOWELS.search(stem[-1].lower()):
            return None
        given = stem + "ь" if stem.endswith("л") and re.search(r"(ем|я|ю|е)$", last.text) else stem
    if len(given) > 4:
        return None
    return Mention("person", f"{family} {middle.text} {given}", doc.span(sent, i, i + 3, "korean_name"),
                   {"family": family, "given": f"{middle.text} {given}"})


@lru_cache(maxsize=1)
def korean_surnames() -> frozenset[str]:
    return frozenset(r.get(0) for r in lexicon.rows("korean_surnames.tsv"))


@lru_cache(maxsize=1)
def korean_forms() -> dict[str, str]:
    """A Korean surname, also with a case ending («Ким», «Кима», «Хвана») -> the surname."""
    forms = {s + e: s for s in korean_surnames() for e in KOREAN_CASE_ENDINGS}
    forms.update((s, s) for s in korean_surnames())  # a surname as written wins over another's case form
    return forms


def _one_reading(doc: Doc, found: list[Mention], forms) -> list[Mention]:
    """«Александра Белова» beside «Александр Белов», «Камола Абдуллаева» beside «Абдуллаев»: a woman's
    reading of a name is the man's genitive when the article names the man (one person, one name)."""
    men = {m.attrs["family"] for m in found if m.evidence.rule == "first_last" and not _is_feminine(m)}
    words = {sent.tokens[k].text for sent in doc.sentences for k in sent.caps}
    # «Раймонда Паулса» … «Раймон Паулс»: the first name the article gives as written, when the other is a
    # reading of the same form or a spelling one letter longer (Раймонд, Раймон)
    written: dict[str, set[str]] = {}
    for m in found:
        if m.evidence.rule == "first_last" and m.evidence.quote.split(" ")[0] == m.attrs.get("given"):
            written.setdefault(m.attrs.get("family", ""), set()).add(m.attrs["given"])
    out = []
    for m in found:
        family = m.attrs.get("family", "")
        if m.evidence.rule == "first_last" and family in written and m.attrs.get("given") not in written[family] \
                and " " not in m.attrs.get("given", ""):
            given = m.attrs.get("given", "")
            reading = next((r[0] for r in forms[m.evidence.quote.split(" ")[0].lower()] if r[0] in written[family]),
                           None) or next((g for g in written[family] if len(g) > 3 and given[:-1] == g), None)
            if reading:
                m = Mention("person", f"{reading} {family}", m.evidence, dict(m.attrs, given=reading))
        male = family[:-1] if re.search(r"(ова|ева|ёва|ина|ына)$", family) else None
        if m.evidence.rule == "first_last" and _is_feminine(m) and male and (male in men or male in words):
            given_form = m.evidence.quote.split()[0]
            reading = next((r for r in forms[given_form.lower()] if r[1] == "m" and "gent" in r[2]), None)
            if reading:
                attrs = dict(m.attrs, given=reading[0], family=male)
                m = Mention("person", f"{reading[0]} {male}", m.evidence, attrs)
        out.append(m)
    return out


def _one_full_name(found: list[Mention]) -> list[Mention]:
    """«Реджеп Тайип Эрдоган» … «Реджеп Эрдоган»: a name without the second given name of a fuller one in the
    article is that person; so is one whose surname is another's with a case ending («Наото Кана»)."""
    fuller = {}
    for m in found:
        given = m.attrs.get("given", "").split(" ")
        if len(given) == 2:
            fuller.setdefault((given[0], m.attrs.get("family")), (m.name, m.attrs["given"]))
    for m in found:
        key = (m.attrs.get("given"), m.attrs.get("family"))
        if key in fuller:
            m.name, m.attrs["given"] = fuller[key]
    # «Наото Кан» … «Наото Кана»: an indeclinable first name leaves the surname's case unread; the same
    # first name with the surname less an ending is the same man, in the nominative
    families = {(m.attrs.get("given"), m.attrs.get("family")) for m in found}
    for m in found:
        given, family = m.attrs.get("given"), m.attrs.get("family") or ""
        stem = next((family[: -len(e)] for e in MASCULINE_CASE_ENDINGS if family.endswith(e)
                     and (given, family[: -len(e)]) in families), None)
        if stem and not _is_feminine(m):  # «Анна Петрова» is no form of a «Петров»
            m.attrs["family"] = stem
            m.name = f"{given} {stem}"
    return found


MASCULINE_CASE_ENDINGS = ("ом", "ым", "а", "у", "е")


def _is_feminine(m: Mention) -> bool:
    return lexicon.first_names().get(m.attrs.get("given", ""), ("m", False))[0] == "f"


def _first_last(doc, sent, i, forms) -> Mention | None:
    toks = sent.tokens
    tok = toks[i]
    if not (tok.is_cap and tok.is_word):
        return None
    options = forms[tok.text.lower()]
    if not options or tok.text.lower() not in hand_first_name_forms() and _is_place_word(sent.tokens, i):
        return None  # «уроженец африканской Мали Шака Кейту», «министр обороны Израиля Йоав»: a country
    caps = tok.text.isupper() and len(tok.text) > 2  # «АСЫЛЗАДА ИСКАКОВ» in a caption
    j = i + 1
    patronymic = None
    if j < len(toks) - 1 and PATRONYMIC.search(toks[j].text.lower()) and toks[j].is_cap and \
            is_surname_token(toks[j + 1], forms, caps):
        # «Берик Абдыгалиулы», «Виктором Януковичем» alone: the «-улы», «-ович» word is the surname
        patronymic = toks[j].text
        j += 1
    if patronymic is None and j < len(toks) and (FEMININE_PATRONYMIC.search(toks[j].text.lower()) or any(
            p.is_known and "Patr" in p.tag for p in parses(toks[j].text)[:2])):
        return None  # «Наины Иосифовны», «Денис Владимирович»: a first name and a patronymic, no surname
    particle = None
    if j + 1 < len(toks) and toks[j].text.lower() in SURNAME_PARTICLES and is_surname_token(toks[j + 1], forms, caps):
        particle = toks[j].text  # «Марин Ле Пен», «Франк Де Блекере», «Люк Ван Велли»
        j += 1
    elif j < len(toks) and ARABIC_ARTICLE.match(toks[j].text):
        # «Сами аль-Хадж», «Халед эль-Масри»: a lower-case article joined to the surname
        family = toks[j].text
        given = options[0][0]
        return Mention("person", f"{given} {family}", doc.span(sent, i, j + 1, "first_last"),
                       {"given": given, "family": family})
    second = None
    if (patronymic is None and particle is None and j + 1 < len(toks) and toks[j].is_cap
            and forms[toks[j].text.lower()] and not SURNAME_SHAPE.search(toks[j].text.lower())
            and is_surname_token(toks[j + 1], forms, caps) and not forms[toks[j + 1].text.lower()]):
        # «Мохаммад Реза Захеди», «Майкл Эрик Курилла», «Реджепа Тайипа Эрдогана»: two given names, then
        # the surname (the second a known first name, which is no surname token by itself)
        second = (forms[toks[j].text.lower()][0][0])
        j += 1
    if j >= len(toks) or not (is_surname_token(toks[j], forms, caps) or _adjectival_surname(toks, j, options)):
        return None
    if _is_country(toks, j):
        return None  # «Султан Омана Хайсам бен Тарик»: a title that is also a first name, then its country
    hit = place_index()[0].match(toks, i)
    if hit and hit[0] > j - (second is not None):
        return None  # «Коста Рика»: a place written as two words
    surname_form = toks[j].text.rstrip("-")  # «Кайрат Пшенбаев- аким района»
    if caps:
        surname_form = "-".join(w.capitalize() for w in surname_form.split("-"))
    options = _agreeing(options, _role_noun_before(toks, i))
    name, gender, cases = _pick_reading(options, surname_form, tok.text)
    family = nominative_surname(surname_form, gender, cases)
    if j + 1 < len(toks) and toks[j + 1].text in PATRONYMIC_WORDS:
        j += 1  # «Илгиз Сарылдык уулу», «Реджеп оглы»: the father's name and «son of» make the surname
        family = f"{surname_form} {toks[j].text}"
    if j + 3 < len(toks) and toks[j + 1].is_cap and toks[j + 1].is_word and not toks[j + 1].is_latin \
            and toks[j + 2].text == "(" and _is_country(toks, j + 3) and not _is_country(toks, j + 1):
        j += 1  # «Мануэль Мехуто Гонсалес (Испания)»: a Spanish name's two surnames, before a country in brackets
        family = f"{family} {toks[j].text}"
    if second:
        name = f"{name} {second}"
    if particle:
        family = f"{particle} {family}"
    attrs = {"given": name, "family": family}
    if patronymic:
        attrs["patronymic"] = nominative_patronymic(patronymic)
    return Mention("person", f"{name} {family}", doc.span(sent, i, j + 1, "first_last"), attrs)


def _may_be_name(word: str) -> bool:
    """A word that may be a name: one the dictionary lacks, one shaped like a surname, a Chinese surname
    (most capitalized words of a sentence are neither, and need no title search)."""
    low = word.lower()
    return not is_known(low) or bool(SURNAME_SHAPE.search(low)) or word in chinese_surnames() \
        or bool(re.search(r"(ов|ев|ин|ын|ым|ом|ой|ко|ич|ия|ян|ли|ди|ни|ри|ти|су|гу)[аеуы]?$", low))


_name_like = FormMemo("name-like", _may_be_name, 50_000).__getitem__  # once per form


def _pair_follows(toks, k: int) -> bool:
    """Two capitalized words and then no third: a name can follow an organization's name."""
    return k + 1 < len(toks) and all(t.is_cap and t.is_word and not t.is_latin for t in toks[k:k + 2]) and not (
        k + 2 < len(toks) and toks[k + 2].is_cap and toks[k + 2].is_word)


def _is_country(toks, i: int) -> bool:
    hit = place_index()[0].match(toks, i)
    return bool(hit) and hit[1].kind == "country"


def _is_place_word(toks, i: int) -> bool:
    """A country or region of the gazetteer starts at token i («Мали», «Израиля»): no first name."""
    hit = place_index()[0].match(toks, i)
    return bool(hit) and hit[1].kind in {"country", "region"}


def _unknown_first(doc, sent, i, forms) -> Mention | None:
    """«Асаин Байханов прибыл»: a first name the lexicon lacks, before a surname in the nominative.

    Only the nominative is read this way: in other cases an unknown first name cannot be
    told from its inflected form.
    """
    toks = sent.tokens
    first, last = toks[i], toks[i + 1]
    if not (first.is_cap and first.is_word and first.text.isalpha() and len(first.text) >= 3):
        return None
    if first.text.isupper() and last.text.isupper() and last.is_word and len(last.text) > 3:
        # «АСЫЛЗАДА ИСКАКОВ, житель села»: a caption in capitals, read in title case
        given, family = first.text.capitalize(), last.text.capitalize()
        if NOMINATIVE_SURNAME.search(family) and not is_known(first.text.lower()):
            return Mention("person", f"{given} {family}", doc.span(sent, i, i + 2, "caption_caps"),
                           {"given": given, "family": family})
        return None
    if forms[first.text.lower()] or (i and toks[i - 1].is_cap and toks[i - 1].is_word):
        return None
    if not is_surname_token(last, forms) or not NOMINATIVE_SURNAME.search(last.text):
        return None
    if any(p.tag.POS != "NOUN" or "Name" not in p.tag for p in parses(first.text)[:1]) and \
            is_known(first.text.lower()):
        return None  # «Казахстан Токаев», «Аким Байханов»: a known word, not a first name
    gender = "f" if last.text.endswith(("а", "ая")) else "m"
    if gender == "f" and first.text.endswith(("а", "я")):
        return None  # «Асаина Байханова» may be a man in the genitive: leave it to the lexicon
    attrs = {"given": first.text, "family": last.text}
    return Mention("person", f"{first.text} {last.text}", doc.span(sent, i, i + 2, "title_unknown_first"), attrs)


def _role_noun_before(toks, i: int):
    """The animate noun a name stands beside, over its genitive complements: «директора предприятия …»,
    «пресс-секретаря ДЧС Северо-Казахстанской области Евгения Журавлева» (an abbreviation and a
    capitalized genitive are complements too: tn_532096)."""
    for k in range(i - 1, max(-1, i - 7), -1):
        t = toks[k]
        if t.is_word and t.text.isupper() and len(t.text) > 1 and not t.is_latin:
            continue  # «ДЧС», «МВД»: an abbreviated body in the complement
        if not t.is_word:
            return None
        ps = parses(t.text)
        if t.is_cap:
            if any("gent" in p.tag and p.tag.POS in {"ADJF", "NOUN"} for p in ps[:2]) and k < i - 1:
                continue  # «Северо-Казахстанской области»: a place's genitive, not the name's first word
            return None
        if any(p.tag.POS == "NOUN" and "anim" in p.tag and p.tag.number == "sing" for p in ps[:2]):
            return t
        if not any("gent" in p.tag for p in ps[:2]):
            return None
    return None


def _agreeing(options, before):
    """The readings that agree in case with a role noun right before the name: «директора Камола
    Абдуллаева» is a man in the genitive, not «Камола Абдуллаева» in the nominative."""
    if before is None or not before.is_word or before.is_cap:
        return options
    cases = {p.tag.case for p in parses(before.text) if p.tag.POS == "NOUN" and p.tag.number == "sing"
             and "anim" in p.tag}
    if not cases or "nomn" in cases:
        return options
    return [o for o in options if o[2] & cases] or options


# the cases in which a surname in -а («Масса», «Обама») never ends in -а: it becomes «Массе», «Массой»
OBLIQUE_NOT_IN_A = frozenset({"datv", "loct", "ablt"})


ADJECTIVAL_SURNAME = re.compile(r"[а-яё]{3}((ск|цк)(ий|ая|ого|ой|ому|им|ом|ую)|ых|их)$")


def _adjectival_surname(toks, j: int, options) -> bool:
    """«Артур Гороховский», «Сергей Искусных»: after a first name, a surname shaped like an adjective that agrees
    with it is one when no lower-case noun follows that it could qualify («Аким Карагандинской области»)."""
    tok = toks[j]
    if not (_name_word(tok) and ADJECTIVAL_SURNAME.search(tok.text)):
        return False
    # «Бориса Гороховского»: the adjective agrees with the first name; «Искусных» does not decline
    agree = {p.tag.case for p in parses(tok.text) if p.tag.POS == "ADJF" and p.tag.number != "plur"}
    if not any(cases & agree or "nomn" in cases and tok.text.endswith(("ых", "их")) for _, _, cases in options):
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return not (nxt and nxt.is_word and not nxt.is_cap and any(p.tag.POS == "NOUN" for p in parses(nxt.text)[:2]))


def _pick_reading(options, surname_form, written):
    # one form may be two names («Даулета»: Даулет, gen.); prefer the reading whose gender fits the surname
    fem_shape = re.search(r"(ова|ева|ина|ына|ская|овой|евой|иной|ской|ову|еву)$", surname_form.lower())
    if surname_form.endswith("а") and not fem_shape and all(g == "f" and cases <= OBLIQUE_NOT_IN_A
                                                               for _, g, cases in options):
        # «Фелипе Масса»: a woman's surname in -а is in no dative or locative («Фелипе Массе»), so «Фелипе»
        # is no case of a woman's «Фелипа» but a man's name of its own, undeclined («Александру Дюма» stays)
        return written, "m", frozenset(CASES)
    for name, gender, cases in options:
        if (gender == "f") == bool(fem_shape) or not fem_shape:
            if gender == "f" and not fem_shape and len(options) > 1:
                continue
            return name, gender, cases
    return options[0]


def genitive_name(name: str) -> str:
    """«Канат Бозумбаев» → «Каната Бозумбаева», for labels («Рабочая поездка Каната Бозумбаева»)."""
    parts = name.split(" ")
    if len(parts) != 2:
        return name
    given, family = parts
    gender = lexicon.first_names().get(given, ("f" if family.endswith("а") else "m", False))[0]
    given_gen = next((f for f, cases in _declension(given, gender).items() if "gent" in cases), given)
    return f"{given_gen} {'-'.join(_genitive_surname(part, gender) for part in family.split('-'))}"


def _genitive_surname(family: str, gender: str) -> str:
    low = family.lower()
    if gender == "m" and re.search(r"(ов|ев|ёв|ин|ын)$", low):
        family = family + "а"
    elif gender == "m" and re.search(r"(ский|цкий)$", low):
        family = family[:-2] + "ого"
    elif gender == "f" and re.search(r"(ова|ева|ёва|ина|ына)$", low):
        family = family[:-1] + "ой"
    elif gender == "m" and low[-1:].isalpha() and low[-1] not in "аеёиоуыэюяйь" and not INDECLINABLE_SURNAME.search(low):
        family = family + "а"  # «Дениса Паслера»
    elif gender == "m" and re.search(r"[ае]й$", low):
        family = family[:-1] + "я"  # «Нурдаулета Килыбая»
    return family


def surname_forms(family: str, gender: str) -> set[str]:
    """Case forms of a nominative surname, for finding surname-only references."""
    forms = {family}
    low = family.lower()
    if gender == "m":
        if re.search(r"(ов|ев|ёв|ин|ын)$", low):
            forms |= {family + e for e in ("а", "у", "ым", "е")}
        elif re.search(r"(ский|цкий)$", low):
            forms |= {family[:-2] + e for e in ("ого", "ому", "им", "ом")}
        elif not INDECLINABLE_SURNAME.search(low):
            forms |= {family + e for e in ("а", "у", "ом", "е")}
    elif re.search(r"(ова|ева|ёва|ина|ына)$", low):
        forms |= {family[:-1] + e for e in ("ой", "у")}
    return forms


def _initials(doc: Doc, found: list[Mention]) -> list[Mention]:
    """«К. Бозумбаев»: an initial and a surname; the full name when the article gives one."""
    by_family: dict[str, list[Mention]] = {}
    for m in found:
        if m.evidence.rule == "first_last":
            by_family.setdefault(m.attrs["family"], []).append(m)
    taken = {(m.evidence.start, m.evidence.end) for m in found}
    out = []
    for sent in doc.sentences:
        toks = sent.tokens
        for i in [i for i in sent.caps if len(toks[i].text) == 1 and i < len(toks) - 2]:
            a, dot, last = toks[i], toks[i + 1], toks[i + 2]
            if not (len(a.text) == 1 and a.text.isupper() and dot.text == "." and is_surname_token(last, {})):
                continue
            if any(s <= a.start < e for s, e in taken) or (i and toks[i - 1].text.lower() in {"им", "имени"}):
                continue
            family = next((f for f in by_family if last.text in surname_forms(f, _gender_of(f))), None)
            people = [m for m in by_family.get(family, []) if m.attrs["given"].startswith(a.text)]
            if people:
                out.append(Mention("person", people[0].name, doc.span(sent, i, i + 3, "initials_ref"), people[0].attrs))
            elif NOMINATIVE_SURNAME.search(last.text) or _speech_verb_at(toks, i + 3):
                # «Премьер-министр Японии Н. Кан заявил»: a foreign surname of any shape before a verb of saying
                name = f"{a.text}. {last.text}"
                out.append(Mention("person", name, doc.span(sent, i, i + 3, "initials_ref"), {"family": last.text}))
    return out


def _speech_verb_at(toks, k: int) -> bool:
    """Token k is a lower-case verb of saying («заявил», «сообщила»)."""
    return k < len(toks) and toks[k].is_word and not toks[k].is_cap and bool(lemmas(toks[k].text) & speech_verbs())


def _gender_of(family: str) -> str:
    return "f" if re.search(r"(ова|ева|ина|ына|ая)$", family) else "m"


def _surname_refs(doc: Doc, full: list[Mention]) -> list[Mention]:
    by_form: dict[str, str] = {}
    attrs: dict[str, dict] = {}
    for m in (m for m in full if m.evidence.rule != "initials_ref" or "given" in m.attrs):
        for f in surname_forms(m.attrs["family"], _gender_of(m.attrs["family"])):
            by_form.setdefault(f, m.name)
        attrs[m.name] = m.attrs
    if not by_form:
        return []
    covered = {(m.evidence.start, m.evidence.end) for m in full}
    out = []
    for sent in doc.sentences:
        for i in [i for i in sent.caps if sent.tokens[i].text in by_form]:
            tok = sent.tokens[i]
            name = by_form[tok.text]
            if any(s <= tok.start < e for s, e in covered):
                continue
            out.append(Mention("person", name, doc.span(sent, i, i + 1, "surname_ref"), attrs[name]))
    return out


@lru_cache(maxsize=1)
def honoree_words() -> frozenset[str]:
    """Lemmas after which a surname is an honoree (honoree_words.tsv) and the head nouns of organizations (orgs.heads)."""
    return frozenset(r.get(0) for r in lexicon.rows("honoree_words.tsv")).union(heads())


def _surname_word(word: str) -> str | None:
    """The nominative surname of a word the dictionary knows only as a singular surname, else None
    («Воробьёвых» of «Воробьёвы горы» is a plural)."""
    reading = _surname_reading(word)
    if reading is None or not reading[1]:
        return None
    family = reading[0]
    return family[:1].upper() + family[1:]


def _dictionary_surnames(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A surname alone that pymorphy3's dictionary knows only as one, inside a sentence: «когда Буш победил
    Гора», «45-летие полёта Гагарина» → Гагарин; «Лукашенко запрещен въезд». A name the article gave
    in full or earlier by title keeps its reading; not a street's or a prize's honoree («улица Гагарина»)."""
    taken = Spans((m.evidence.start, m.evidence.end) for m in found)
    known = None  # a found name's surname forms, made at the first candidate: most articles have none
    out = []
    for sent in doc.sentences:
        toks = sent.tokens
        for k in sent.caps:
            if k == 0:
                continue
            tok = toks[k]
            # a capital inside a sentence, alone between small words: cheap tests before the morphology
            before = toks[k - 1].text
            if tok.is_latin or tok.text.isupper() or before.lower() != before \
                    or before in QUOTES_OPEN or before in {".", "!", "?", "…", "—", "–", "-", ":", "(", "в", "во"} \
                    or k + 1 < len(toks) and (toks[k + 1].is_cap or toks[k + 1].text in QUOTES_CLOSE) \
                    or taken.covers(tok.start):
                continue  # «в Стаханове» is a town; «kzИван Сухоруков» a glued first name; «Аталык (Половникова)»
            family = _surname_word(tok.text) if tok.is_word else None
            if family is None or lemmas(before) & honoree_words():
                continue  # «центра Кеннеди»: an honoree
            if known is None:
                known = {f: m for m in reversed(found) if m.attrs.get("family")
                         for f in surname_forms(m.attrs["family"], _gender_of(m.attrs["family"]))}
            m = known.get(tok.text)
            if m is None:
                m = Mention("person", family, doc.span(sent, k, k + 1, "dictionary_surname"), {"family": family})
            else:
                m = Mention("person", m.name, doc.span(sent, k, k + 1, "dictionary_surname"), m.attrs)
            out.append(m)
    return out
