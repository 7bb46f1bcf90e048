"""Sentences and tokens with offsets into the original text, after repairing scraper damage.

Offsets always point into the article's original text. Repairs (a space inserted between
glued words) happen in a working copy whose every character maps back to the original.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple
from itertools import accumulate

from .morph import FormMemo, is_known, parses
from .sentenizer import sentenize
from .tokenizer import tokenize

# Named repairs of scraper damage. Each inserts a space at the match's "split" group start.
# A pattern that can start at its rarest character (a full stop, a Latin capital) does, with what
# comes before it in a lookbehind: the regex engine then skips to that character three times faster.
# They are searched in the text after a space (repair), so that a pattern may begin with the non-letter
# before a word even at the text's start.
REPAIRS = [
    # "тенге.Представители" — a sentence glued to the next one
    ("glued_sentence", re.compile(r"[.!?](?<=[а-яёa-z0-9)»][.!?])(?P<split>[А-ЯЁ])")),
    # "связи с США.Угроза иранского нападения" — after an abbreviation; not after an initial
    ("glued_after_abbreviation", re.compile(r"[.!?](?<=[А-ЯЁA-Z]{2}[.!?])(?P<split>[А-ЯЁ][а-яё])")),
    # "передаетTengrinews.kz" — Cyrillic word glued to a Latin name
    ("glued_script", re.compile(r"(?P<split>[A-Z])(?<=[а-яё]{2}[A-Z])[a-z]")),
    # "Tengrinews.kzсо ссылкой" — Latin glued to a following Cyrillic word
    ("glued_script_back", re.compile(r"[a-z][a-z](?P<split>[а-яё]{2})")),
    # "Фото Алексея МальченкоНо" — a long lowercase run glued to a capital; short runs are
    # camel-case names («КазМунайГаз»: runs of 2-4 letters) and stay whole.
    ("glued_words", re.compile(r"[А-ЯЁ][а-яё]{5,}(?P<split>[А-ЯЁ][а-яё])")),
    # «министра внутренних делИгорь Лепеха», «Нурлана Ногаева иДархана Сатыбалды» — a lower-case word,
    # or the conjunction or preposition «и», «в», «с», «к», «а», glued to a name; names in camel case
    # start with a capital («КазМунайГаз») and are not touched (the lower-case run is possessive: a
    # shorter one is followed by a lower-case letter, never a capital). The non-letter before the word is
    # matched, not looked behind at: the engine skips to non-letters instead of stopping at every letter
    ("glued_lower_upper", re.compile(r"[^А-ЯЁа-яёA-Za-z](?:[а-яё]{2,}+|[ивска])(?P<split>[А-ЯЁ][а-яё]{2,})")),
]


LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


class Token(NamedTuple):
    """A token of a sentence and what the rules test of it. A tuple: made by `_NEW` at C speed, as
    every one of the 43,000 tokens of the real corpus is (an __init__ took a tenth of segmentation)."""
    text: str
    start: int  # offsets into the original text
    end: int
    # what the rules test, computed once here rather than by every rule at every token
    is_word: bool   # starts with a letter
    is_cap: bool    # starts with a capital
    is_latin: bool  # written mostly in Latin letters (Cyrillic homoglyphs allowed)
    prefix: str     # the first two letters, lower case, ё as е: what every lemma of the word begins with


def _flags(text: str) -> tuple[bool, bool, bool, str]:
    """A word form's flags (is_word, is_cap, is_latin, prefix)."""
    first = text[:1]
    # most tokens have no Latin letter and need no counting
    is_latin = LATIN.search(text) is not None and len(LATIN.findall(text)) >= len(CYRILLIC.findall(text))
    return first.isalpha(), first.isupper(), is_latin, text[:2].lower().replace("ё", "е")


# forms repeat: a look-up of one already met runs no Python code
_FLAGS = FormMemo("token flags", _flags)
_NEW = tuple.__new__  # _NEW(Token, (text, start, end) + _FLAGS[text]): a token


def form_token(text: str) -> Token:
    """A token of a word form alone, without offsets: what a test of the form reads."""
    return _NEW(Token, (text, 0, 0) + _FLAGS[text])


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str          # the original text of the sentence
    tokens: list[Token]
    # indices of the capitalized tokens, where most rules begin: found once for all of them, as every
    # sentence is asked (a cached property cost more than the list)
    caps: list[int]
    # the tokens each rule starts at, by the rule's test, found for all of them in one pass (kg.rules.base.passing)
    starts: dict[str, list[int]] | None = None


class Spans:
    """Character spans that answer «is this offset (or range) inside one of them» by bisection."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # the furthest end so far

    def covers(self, start: int, end: int | None = None) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= (start + 1 if end is None else end)


def repair(text: str) -> tuple[str, list[int]]:
    """Insert spaces at glued words; return the working text and a map to original offsets."""
    cuts = set()
    after_space = " " + text  # what a pattern may read before the first word; offsets one more
    for _, pattern in REPAIRS:
        for m in pattern.finditer(after_space):
            cuts.add(m.start("split") - 1)
    offset = _offsets(len(text) + 1)
    if not cuts:
        return text, offset[:len(text) + 1]
    pieces, offsets, done = [], [], 0
    for cut in sorted(cuts):
        # the inserted space maps to the character after it
        pieces += [text[done:cut], " "]
        offsets += offset[done:cut]
        offsets.append(cut)
        done = cut
    pieces.append(text[done:])
    offsets += offset[done:len(text) + 1]
    return "".join(pieces), offsets


_OFFSETS = [0]


def _offsets(n: int) -> list[int]:
    """0, 1, 2, … (at least n numbers), made once: a map copies its runs from it, which shares the
    numbers instead of making one object per character (a fifth of repair's time)."""
    global _OFFSETS
    if len(_OFFSETS) < n:
        _OFFSETS = list(range(max(n, 2 * len(_OFFSETS))))
    return _OFFSETS


def segment(text: str) -> list[Sentence]:
    """Split an article into sentences of tokens, with offsets into the original text."""
    work, back = repair(text)
    sentences = []
    for para_start, para in _paragraphs(work):
        for start, stop in _quote_aware(para, sentenize(para)):
            # the sentence's own part of the offset map: its tokens index it without adding where it starts
            tokens = _tokens(tokenize(para[start:stop]), back[para_start + start:para_start + stop])
            if not tokens:
                continue
            start_, end_ = tokens[0].start, tokens[-1].end
            caps = [k for k, t in enumerate(tokens) if t.is_cap]
            sentences.append(Sentence(len(sentences), start_, end_, text[start_:end_], tokens, caps))
    return sentences


def _quote_aware(para: str, spans) -> list[tuple[int, int]]:
    # «Школа анализа. Астана»: a full stop inside a short open quote (a name, not a
    # speech) does not end the sentence
    out: list[list[int]] = []
    for start, stop in spans:
        prev = para[out[-1][0]:out[-1][1]] if out else ""
        if _open_quote_len(prev) <= 40:
            out[-1][1] = stop
        else:
            out.append([start, stop])
    return [(a, b) for a, b in out]


_END = ("", -1, -1)  # after a sentence's last piece: ends its last token, joins nothing


def _tokens(pieces: list[tuple[str, int, int]], back: list[int]) -> list[Token]:
    """The tokens of a sentence from razdel's pieces (offsets in the sentence, `back` mapping them to the
    original text), in one pass: words razdel split at a change of script joined, glued words split."""
    out: list[Token] = []
    if not pieces:
        return out
    text_, a, b = pieces[0]
    for piece in pieces[1:] + [_END]:
        # razdel splits a word typed in two scripts («Сommunity» with a Cyrillic С); glue it back
        if piece[1] == b and text_[-1:].isalpha() and piece[0][:1].isalpha():
            text_, b = text_ + piece[0], piece[2]
            continue
        # a word too short to be two glued ones (most), or no glued pair
        k = glued_tail(text_) if len(text_) >= 9 else 0
        if k:
            _unglue(out, text_, k, a, b, back)
        else:
            out.append(_NEW(Token, (text_, back[a], back[b - 1] + 1) + _FLAGS[text_]))
        text_, a, b = piece
    return out


def _unglue(out: list[Token], text_: str, k: int, a: int, b: int, back: list[int]) -> None:
    # «Бакытжан Сагинтаевзаявлял», «на следующей неделепосетит»: a word glued to a following verb
    # or adverb by the scraper, split at k where the tail is a known word of that kind (glued_tail)
    out.append(_NEW(Token, (text_[:k], back[a], back[a + k - 1] + 1) + _FLAGS[text_[:k]]))
    out.append(_NEW(Token, (text_[k:], back[a + k], back[b - 1] + 1) + _FLAGS[text_[k:]]))


def _glued_tail(word: str) -> int:
    """Where a verb or adverb glued to a capitalized word starts, or 0."""
    if not word.isalpha() or is_known(word.lower()):
        return 0
    for k in range(3, len(word) - 4):
        tail = word[k:]
        # a lower-case head must be a word too: «неделепосетит», not «перепосетит» (asked before the
        # tail's parse, which is dearer)
        if tail.islower() and is_known(tail) and (word[:1].isupper() or is_known(word[:k])):
            if parses(tail)[0].tag.POS in {"VERB", "GRND", "ADVB", "INFN", "PRTS", "COMP"}:
                return k
    return 0


# glued_tail(word): where a verb or adverb glued to a capitalized word starts, or 0; once per form
glued_tail = FormMemo("glued tail", _glued_tail, 100_000).__getitem__


def _open_quote_len(text: str) -> int:
    """Characters since a quote that is still open at the end of text (a large number if none)."""
    if text.count("«") > text.count("»"):
        return len(text) - text.rfind("«")
    if text.count('"') % 2:
        return len(text) - text.rfind('"')
    return 10**9


def _paragraphs(text: str):
    # razdel does not treat a line break as a sentence end; headlines and captions have no full stop.
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1
