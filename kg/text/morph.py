"""Cached pymorphy3 morphology: parses and lemmas per word form, inflection of names and phrases."""
from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

MORPH = pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def _analyses(word: str) -> list:
    """pymorphy3's analyses of a word form before its probability estimate (MorphAnalyzer.parse's
    own loop over its units): parses and lemmas of one form share one walk of the dictionary,
    which is most of a new form's cost. Lemmas need neither the estimate nor Parse objects."""
    found, seen, low = [], set(), word.lower()
    for unit, terminal in MORPH._units:
        found.extend(unit.parse(word, low, seen))
        if terminal and found:
            break
    return found


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a word form, cached per form: MORPH.parse(word)."""
    return tuple(MORPH._result_type(*p) for p in MORPH.prob_estimator.apply_to_parses(word, word.lower(), _analyses(word)))


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 considers, for rules that must not miss a reading."""
    return frozenset(normal_form.replace("ё", "е") for _, _, normal_form, _, _ in _analyses(word))


def inflect(word: str, grammemes: set[str], pos: str | None = None) -> str | None:
    """Inflect a word to the given grammemes, keeping its capitalization; None when impossible."""
    for p in parses(word):
        if pos and p.tag.POS != pos:
            continue
        f = p.inflect(grammemes)
        if f and "Supr" in p.tag and not f.word.startswith(word.lower()[:4]):
            # «высшем» is a superlative of «высокий», whose lexeme also has «высочайший»: keep the
            # word's own stem («высший», «лучший»)
            f = next((g for g in p.lexeme if grammemes <= g.tag.grammemes
                      and g.word.startswith(word.lower()[:4])), f)
        if f:
            return match_case(f.word, word)
    return None


def nominative_phrase(adjectives: list[str], head: str) -> str:
    """«Усть-Каменогорского титано-магниевого комбината» → «Усть-Каменогорский титано-магниевый комбинат»."""
    gender = next((p.tag.gender for p in parses(head) if p.tag.POS == "NOUN" and p.tag.gender), "masc")
    words = [inflect(a, {"nomn", "sing", gender}, pos="ADJF") or a for a in adjectives]
    noun = next((p.inflect({"nomn", "sing"}) for p in parses(head) if p.tag.POS == "NOUN"), None)
    return " ".join(words + [match_case(noun.word, head) if noun else head])


def accusative_phrase(phrase: str) -> str:
    """«Карагандинская область» → «Карагандинскую область»; words that do not decline stay.

    A place is inanimate, so only feminine singular words change: «в Шымкент», «в Сарыагашский район»
    (pymorphy guesses unknown names as animate, and would give «в Шымкента»)."""
    out = []
    for word in phrase.split(" "):
        p = next((p for p in parses(word) if "nomn" in p.tag), None)
        f = p.inflect({"accs"}) if p and {"femn", "sing"} <= p.tag.grammemes else None
        out.append(match_case(f.word, word) if f else word)
    return " ".join(out)


def match_case(new: str, like: str) -> str:
    """Copy the capitalization pattern of `like` onto `new`, hyphen-part by part."""
    if like.isupper() and len(like) > 1:
        return new.upper()
    parts, like_parts = new.split("-"), like.split("-")
    out = []
    for i, part in enumerate(parts):
        ref = like_parts[i] if i < len(like_parts) else like_parts[-1]
        out.append(part[:1].upper() + part[1:] if ref[:1].isupper() else part)
    return "-".join(out)


# words that outlets drop or add in the same name: «Карагандинский (государственный) университет»
NAME_KEY_STOP = {"государственный", "национальный", "имени", "республиканский", "акционерный", "общество"}


def name_key(name: str) -> frozenset[str]:
    """A loose key of a name for matching reports of one thing: word stems, no short or variable words."""
    words = re.findall(r"\w+", name.lower().replace("ё", "е"))
    return frozenset(w[:6] for w in words if len(w) > 2 and w not in NAME_KEY_STOP)
