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
from ..text.morph import MORPH, parses
from . import lexicon
from .base import Doc

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|инична|улы|ұлы|кызы|қызы)(а|у|ем|ом|е|ы|е|ой|ну|ны|не|ной)?$")
HUSHING = "жшчщц"
PATRONYMIC_WORDS = {"уулу", "кызы", "улы", "оглы", "қызы", "ұлы"}
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


@lru_cache(maxsize=1)
def first_name_forms() -> dict[str, list[tuple[str, str, frozenset]]]:
    """Every case form of every lexicon first name → [(nominative, gender, cases)]."""
    forms: dict[str, list] = {}
    for name, (gender, _amb) in lexicon.first_names().items():
        for form, cases in _declension(name, gender).items():
            forms.setdefault(form.lower(), []).append((name, gender, frozenset(cases)))
    return forms


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
    if gender == "m" and "nomn" not in cases:
        # a masculine surname in -а declines like «Обама»: «Барака Обамы», «Барака Обаму», «Бараком Обамой»
        low = word.lower()
        for ending, case, nominative in (("ы", "gent", "а"), ("ии", "gent", "ия"), ("у", "accs", "а"),
                                         ("ой", "ablt", "а"), ("ей", "ablt", "я")):
            if low.endswith(ending) and case in cases and len(word) > 4 and not (ending == "у" and "datv" in cases):
                if ending == "ы" or ending == "ии" or case != "gent":
                    return word[: -len(ending)] + nominative
    if gender == "m" and not INDECLINABLE_SURNAME.search(word.lower()) and cases - {"nomn"}:
        # non-Slavic masculine surnames decline as nouns: «Дональда Трампа» → Трамп
        for ending, c in (("ом", "ablt"), ("ем", "ablt"), ("а", "gent"), ("у", "datv"), ("е", "loct")):
            if word.endswith(ending) and (c in cases or (ending == "а" and "accs" in cases)) and len(word) > 4:
                return word[: -len(ending)]
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


def is_surname_token(tok, forms) -> bool:
    """A capitalized Cyrillic word that can stand as a surname after a first name."""
    t = tok.text
    if not (tok.is_word and tok.is_cap) or tok.is_latin or len(t) < 3:
        return False
    if t.isupper():
        return False
    ps = parses(t)
    if (re.search(r"(ской|ского|ному|ной|ного|ным|ных|ая|ую|ый|ий)$", t.lower()) and ps and ps[0].tag.POS in {"ADJF", "PRTF"}
            and MORPH.word_is_known(t.lower()) and not any("Surn" in p.tag for p in ps)):
        return False  # «Аким Карагандинской области»: an adjective, not a surname
    if forms and t.lower() in hand_first_name_forms() and not SURNAME_SHAPE.search(t.lower()):
        return False  # two first names in a row: «Маулен Ерлан» is not a name (a foreign name may be a surname: «Рахмон»)
    return True


def find_persons(doc: Doc) -> list[Mention]:
    """Full-name mentions first, then surname-only references to the same people."""
    forms = first_name_forms()
    found: list[Mention] = []
    for sent in doc.sentences:
        toks = sent.tokens
        i = 0
        while i < len(toks) - 1:
            m = _first_last(doc, sent, i, forms) or _unknown_first(doc, sent, i, forms)
            if m:
                found.append(m)
                i += 2
                continue
            i += 1
    found += _initials(doc, found)
    found += _surname_refs(doc, found)
    return found


def _first_last(doc, sent, i, forms) -> Mention | None:
    toks = sent.tokens
    tok = toks[i]
    if not (tok.is_cap and tok.is_word):
        return None
    options = forms.get(tok.text.lower())
    if not options:
        return None
    j = i + 1
    patronymic = None
    if j < len(toks) - 1 and PATRONYMIC.search(toks[j].text.lower()) and toks[j].is_cap:
        patronymic = toks[j].text
        j += 1
    if j >= len(toks) or not is_surname_token(toks[j], forms):
        return None
    surname_form = toks[j].text
    name, gender, cases = _pick_reading(options, surname_form)
    family = nominative_surname(surname_form, gender, cases)
    if j + 1 < len(toks) and toks[j + 1].text in PATRONYMIC_WORDS:
        j += 1  # «Илгиз Сарылдык уулу», «Реджеп оглы»: the father's name and «son of» make the surname
        family = f"{surname_form} {toks[j].text}"
    attrs = {"given": name, "family": family}
    if patronymic:
        attrs["patronymic"] = nominative_patronymic(patronymic)
    return Mention("person", f"{name} {family}", doc.span(sent, i, j + 1, "first_last"), attrs)


def _unknown_first(doc, sent, i, forms) -> Mention | None:
    """«Асаин Байханов прибыл»: a first name the lexicon lacks, before a surname in the nominative.

    Only the nominative is read this way: in other cases an unknown first name cannot be
    told from its inflected form.
    """
    toks = sent.tokens
    first, last = toks[i], toks[i + 1]
    if not (first.is_cap and first.is_word and first.text.isalpha() and len(first.text) >= 3):
        return None
    if first.text.lower() in forms or (i and toks[i - 1].is_cap and toks[i - 1].is_word):
        return None
    if not is_surname_token(last, forms) or not NOMINATIVE_SURNAME.search(last.text):
        return None
    if any(p.tag.POS != "NOUN" or "Name" not in p.tag for p in parses(first.text)[:1]) and \
            MORPH.word_is_known(first.text.lower()):
        return None  # «Казахстан Токаев», «Аким Байханов»: a known word, not a first name
    gender = "f" if last.text.endswith(("а", "ая")) else "m"
    if gender == "f" and first.text.endswith(("а", "я")):
        return None  # «Асаина Байханова» may be a man in the genitive: leave it to the lexicon
    attrs = {"given": first.text, "family": last.text}
    return Mention("person", f"{first.text} {last.text}", doc.span(sent, i, i + 2, "title_unknown_first"), attrs)


def _pick_reading(options, surname_form):
    # one form may be two names («Даулета»: Даулет, gen.); prefer the reading whose gender fits the surname
    fem_shape = re.search(r"(ова|ева|ина|ына|ская|овой|евой|иной|ской|ову|еву)$", surname_form.lower())
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
        for i in range(len(toks) - 2):
            a, dot, last = toks[i], toks[i + 1], toks[i + 2]
            if not (len(a.text) == 1 and a.text.isupper() and dot.text == "." and is_surname_token(last, {})):
                continue
            if any(s <= a.start < e for s, e in taken) or (i and toks[i - 1].text.lower() in {"им", "имени"}):
                continue
            family = next((f for f in by_family if last.text in surname_forms(f, _gender_of(f))), None)
            people = [m for m in by_family.get(family, []) if m.attrs["given"].startswith(a.text)]
            if people:
                out.append(Mention("person", people[0].name, doc.span(sent, i, i + 3, "initials_ref"), people[0].attrs))
            elif NOMINATIVE_SURNAME.search(last.text):
                name = f"{a.text}. {last.text}"
                out.append(Mention("person", name, doc.span(sent, i, i + 3, "initials_ref"), {"family": last.text}))
    return out


def _gender_of(family: str) -> str:
    return "f" if re.search(r"(ова|ева|ина|ына|ая)$", family) else "m"


def _surname_refs(doc: Doc, full: list[Mention]) -> list[Mention]:
    by_form: dict[str, str] = {}
    attrs: dict[str, dict] = {}
    for m in (m for m in full if m.evidence.rule != "initials_ref" or "given" in m.attrs):
        for f in surname_forms(m.attrs["family"], _gender_of(m.attrs["family"])):
            by_form.setdefault(f, m.name)
        attrs[m.name] = m.attrs
    covered = {(m.evidence.start, m.evidence.end) for m in full}
    out = []
    for sent in doc.sentences:
        for i, tok in enumerate(sent.tokens):
            name = by_form.get(tok.text)
            if not name or any(s <= tok.start < e for s, e in covered):
                continue
            out.append(Mention("person", name, doc.span(sent, i, i + 1, "surname_ref"), attrs[name]))
    return out

