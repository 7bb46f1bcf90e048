"""Shared pieces of the rules: the analysed document, a lemma-phrase index, and the words each rule
starts at (found for all rules in one pass over a sentence).

Rules in sibling modules test tokens by their flags (Token.is_word, is_cap, is_latin) and
record their name in every Evidence they produce.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache

from ..model import Article, Evidence
from ..text.kazakh import KAZAKH_LETTERS, kazakh_stem
from ..text.morph import FormMemo, analyser_versions, is_known, lemmas, parses
from ..text.segment import Sentence, Token, form_token, segment

# Cyrillic letters that look Latin, in names typed with a mixed keyboard («Data Sсience» with a Cyrillic «с»)
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХасеорху", "ABCEHKMOPTXaceopxy")
QUOTES_OPEN = "«\"„“"
QUOTES_CLOSE = "»\"“”"
VERB_POS = {"VERB", "INFN", "GRND"}


@dataclass
class Doc:
    """An article with its sentences; the unit every rule reads."""
    article: Article
    sentences: list[Sentence]
    # what several rules ask of a sentence, found once: its titles (persons and roles both read them)
    titles: dict = field(default_factory=dict)

    @classmethod
    def read(cls, article: Article) -> "Doc":
        return cls(article, segment(article.text))

    def evidence(self, sent: Sentence, start: int, end: int, rule: str) -> Evidence:
        """Evidence for the span [start, end) of the article text within a sentence."""
        return Evidence(self.article.id, start, end, self.article.text[start:end], sent.text, rule)

    def span(self, sent: Sentence, i: int, j: int, rule: str) -> Evidence:
        """Evidence for tokens i..j-1 of a sentence."""
        return self.evidence(sent, sent.tokens[i].start, sent.tokens[j - 1].end, rule)


def is_genitive(tok: Token) -> bool:
    """A noun or adjective in the genitive («инклюзивного спорта»), not a preposition («по», «в»)."""
    return tok.is_word and len(tok.text) > 2 and _genitive(tok.text)


def _is_genitive(word: str) -> bool:
    return any("gent" in p.tag and p.tag.POS in {"NOUN", "ADJF", "PRTF"} for p in parses(word)[:3])


_genitive = FormMemo("genitive", _is_genitive, 50_000).__getitem__  # a tag's POS is a slow property: once per form


# What the rules start at in a sentence: a rule that visits only some words of every sentence (a capital,
# a word a phrase index may begin at, a Latin word) registers a test of a word form under a name at
# import (start_test). One pass over a sentence's tokens then finds the words of every test (`passing`),
# where each rule's own pass over every token cost a tenth of a warm pass over the real corpus; which
# tests a word form passes is found once per form (a FormMemo named by the tests, kept in the forms file).
START_TESTS: dict[str, Callable[[Token], bool]] = {}
_passed: FormMemo | None = None  # word form -> the names of the tests it passes; made at the first sentence


def start_test(name: str):
    """Register a test of a token under `name` for `passing`: it reads only what the word form decides
    (text, is_word, is_cap, is_latin, prefix), never offsets."""
    def register(test: Callable[[Token], bool]) -> Callable[[Token], bool]:
        global _passed
        START_TESTS[name] = test
        _passed = None  # answers of fewer tests are no longer whole
        return test
    return register


def passing(sent: Sentence, name: str) -> list[int]:
    """The indices of the sentence's tokens that pass the test registered as `name`, in order."""
    found = sent.starts
    if found is None:
        found = sent.starts = _find_starts(sent.tokens)
    return found[name]


def _find_starts(tokens: list[Token]) -> dict[str, list[int]]:
    global _passed
    if _passed is None:
        _passed = FormMemo("tests passed of " + " ".join(START_TESTS), _tests_passed)
    found: dict[str, list[int]] = {name: [] for name in START_TESTS}
    passed = _passed
    for k, t in enumerate(tokens):
        for name in passed[t.text]:  # most words pass none
            found[name].append(k)
    return found


def _tests_passed(text: str) -> tuple[str, ...]:
    tok = form_token(text)
    return tuple(name for name, test in START_TESTS.items() if test(tok))


def latin_text(s: str) -> str:
    """Replace Cyrillic homoglyphs in a Latin-script name."""
    return s.translate(HOMOGLYPHS)


def _word_keys(word: str) -> frozenset[str]:
    """Match keys of a word form: its lower-case form, every lemma pymorphy3 offers, and for a
    Kazakh word its stem without the case ending («облысына» → «облысы»)."""
    low = word.lower().replace("ё", "е")
    stem = kazakh_stem(low)  # most words have no such ending: the dictionary is asked only when one has
    kazakh = stem and (KAZAKH_LETTERS & set(low) or not is_known(low))
    return frozenset({low, stem if kazakh else None} - {None}) | lemmas(word)


# word_keys(word): _word_keys, once per form
word_keys = FormMemo("word keys", _word_keys).__getitem__


@lru_cache(maxsize=50_000)
def name_keys(word: str) -> frozenset[str]:
    """Match keys of a capitalized word of an index entry (a name): its verb readings are not keys,
    so that «Дели» (also an imperative of «деть») does not match «День». Read from data/name_keys.tsv
    when it holds the word (the data files' words, computed ahead: start-up), else computed."""
    stored = stored_name_keys().get(word)
    return stored if stored is not None else compute_name_keys(word)


def compute_name_keys(word: str) -> frozenset[str]:
    """name_keys from the morphology."""
    keys = word_keys(word)
    if not word[:1].isupper():
        return keys
    verbal, nominal = set(), set()
    for p in parses(word):
        (verbal if p.tag.POS in VERB_POS else nominal).add(p.normal_form.replace("ё", "е"))
    return keys - (verbal - nominal) or keys


NAME_KEYS_FILE = Path(__file__).resolve().parent / "data" / "name_keys.tsv"


@lru_cache(maxsize=1)
def stored_name_keys() -> dict[str, frozenset[str]]:
    """The match keys of the data files' words that tools/name_keys.py computed (empty when the file was
    made with another morphology)."""
    if not NAME_KEYS_FILE.exists():
        return {}
    lines = NAME_KEYS_FILE.read_text(encoding="utf-8").splitlines()
    if not lines or lines[1] != "# " + analyser_versions():
        return {}
    out = {}
    for line in lines[2:]:
        word, _, keys = line.partition("\t")
        out[word] = frozenset(keys.split("|"))
    return out


class PhraseIndex:
    """Finds the longest known phrase at a token, matching every word by lemma or form.

    Entries are added as nominative phrases; a text span matches when each of its words
    shares a match key with the entry's word, so «Карагандинскую область» finds
    «Карагандинская область».
    """

    def __init__(self, name: str):
        self.by_first: dict[str, list[tuple[tuple[frozenset, ...], object]]] = {}
        self.prefixes: set[str] = set()  # first two letters of every first word's keys
        self.longest = 1
        # word form -> its keys in by_first; `name` keeps them in the forms file
        self.firsts = FormMemo(f"firsts of {name}", self._firsts, 100_000)

    def add(self, phrase: str, value: object) -> None:
        if re.search(r"\w\.\w", phrase):
            # «Лента.ру»: the tokenizer may split the name at its dot, or keep «Kazpravda.kz» whole
            self._add(phrase.replace(".", ". "), value)
        self._add(phrase, value)

    def _add(self, phrase: str, value: object) -> None:
        keys = phrase_keys(phrase)
        if not keys:
            return
        if self.firsts.new:  # its answers per form are kept (FormMemo): an index is complete before it is asked
            raise RuntimeError(f"a phrase added to the {self.firsts.name} after it was asked: {phrase}")
        self.longest = max(self.longest, len(keys))
        # an entry's own lemma set can be wide («Кызылорда» → кызылорд|кызылорда): index under all
        for k in keys[0]:
            self.by_first.setdefault(k, []).append((keys, value))
            self.prefixes.add(k[:2])

    def _firsts(self, word: str) -> tuple[str, ...]:
        """The keys of a word form that begin entries, sorted (a set's order changes between
        processes, and ties must not): found once per form (self.firsts), not at every token of it."""
        return tuple(sorted(word_keys(word) & self.by_first.keys()))

    def may_begin(self, t: Token) -> bool:
        """An entry may begin at the token: match finds nothing elsewhere, and a rule that tries every word
        asks match only where this holds (a start test: `passing`)."""
        return t.is_word and t.prefix in self.prefixes and bool(self.firsts[t.text])

    def match(self, tokens: list[Token], i: int):
        """(end index, value) of the longest entry starting at token i, or None."""
        # a word and its lemma begin alike: most words are ruled out before the morphology is asked
        if tokens[i].prefix not in self.prefixes:
            return None
        best = best_keys = None
        firsts = self.firsts[tokens[i].text]
        after = None  # the match keys of the next word, which most entries of two words or more fail at
        for k in firsts:
            for keys, value in self.by_first[k]:
                # the word at i has k, and k is a key of the entry's first word: only the rest is matched
                if len(keys) == 1:
                    j = i + 1
                else:
                    if after is None:
                        after = _keys_after(tokens, i)
                    j = match_from(tokens, i + 1, keys[1:], i) if keys[1] & after else None
                if j is not None and (best is None or j > best[0] or j == best[0]
                                      and keys[0].issubset(firsts) and not best_keys[0].issubset(firsts)):
                    # of two names as long, the one whose every reading the word shares: «в водах Невы» is the
                    # Нева (нева), not the Невада (нева|невад|невада) that the morphology also reads it as
                    best, best_keys = (j, value), keys
        return best


@lru_cache(maxsize=100_000)
def phrase_keys(phrase: str) -> tuple[frozenset, ...]:
    """Match keys of every word of a nominative phrase («Карагандинская обл.»: the dot dropped)."""
    words = [w for w in re.findall(r"[\w.-]+", phrase) if w not in {".", "-"}]
    return tuple(name_keys(w.rstrip(".") if len(w) > 1 else w) for w in words)


def _keys_after(tokens: list[Token], i: int) -> frozenset[str]:
    """The match keys of the word a phrase that starts at token i continues with (past the dot of an
    abbreviation, as match_from reads it); none at the sentence's end."""
    j = i + 1
    while j < len(tokens) and tokens[j].text == ".":
        j += 1
    return word_keys(tokens[j].text) if j < len(tokens) else frozenset()


def match_from(tokens: list[Token], i: int, keys: tuple[frozenset, ...], start: int | None = None) -> int | None:
    """The token index after a phrase of `keys` that starts at token i (or continues, from token i, one
    that starts at token `start`), or None."""
    j = i
    start = i if start is None else start
    for want in keys:
        # skip the dot of an abbreviation («обл.») inside a phrase
        while j < len(tokens) and tokens[j].text == "." and j > start:
            j += 1
        if j >= len(tokens) or not (word_keys(tokens[j].text) & want):
            return None
        j += 1
    return j
