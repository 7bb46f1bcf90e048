"""Roles: the title written before a person's name, with the organization or place it governs.

Rule:
  title_before_name   «министр энергетики Канат Бозумбаев», «аким Алматы Ербол Досаев»,
                      «исполнительный директор ТОО "Кызылжар су" Арман Саутов»,
                      «Заместитель Премьер-министра – министр иностранных дел Мурат Нуртлеу» (two posts)
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from ..model import Mention, Role
from . import lexicon
from .base import Doc, PhraseIndex, passing, start_test

MAX_TITLE_SPAN = 12  # tokens between the start of a title and the name
BREAKS = {",", ";", ":", "(", ")", ".", "!", "?", "–", "—"}


@lru_cache(maxsize=1)
def title_index() -> PhraseIndex:
    index = PhraseIndex("titles")
    for title, kind in lexicon.titles().items():
        index.add(title, (title, kind))
    return index


def find_titles(doc: Doc, sent) -> list[tuple[int, int, str, str]]:
    """(start token, end token, nominative title, kind) of every title phrase in a sentence."""
    if sent.index in doc.titles:
        return doc.titles[sent.index]
    doc.titles[sent.index] = out = _titles(sent)
    return out


def titles_before(doc: Doc, sent, positions: list[int], reach: int) -> list[tuple[int, int, str, str]]:
    """The title phrases of a sentence that end at most `reach` tokens before one of `positions` (sorted):
    the sentence's titles when they are known, else a search of those stretches only (a title before a
    capitalized word is asked of most sentences, whose other words need no look-up)."""
    if sent.index in doc.titles:
        return doc.titles[sent.index]
    # a title ends within reach of a position and is at most title_index().longest words long
    lo = max(0, positions[0] - reach - title_index().longest)
    return [t for t in _titles(sent, lo, positions[-1]) if any(t[1] <= k <= t[1] + reach for k in positions)]


@start_test("title")
def _may_begin_title(t) -> bool:
    return title_index().may_begin(t)


def _titles(sent, first: int = 0, last: int | None = None) -> list[tuple[int, int, str, str]]:
    index = title_index()
    out = []
    toks = sent.tokens
    last = len(toks) if last is None else last
    after = first  # the token after the last title
    begins = passing(sent, "title")  # the words a title may begin at
    for i in begins[bisect_left(begins, first):bisect_left(begins, last)]:
        if i < after:
            continue
        hit = index.match(toks, i)
        if hit:
            j, (title, kind) = hit
            out.append((i, j, title, kind))
            after = j
    return out


def find_roles(doc: Doc, mentions: list[Mention]) -> list[Role]:
    """Attach to every full-name person the nearest title before it in the same clause."""
    roles = []
    mentions = sorted(mentions, key=lambda m: m.evidence.start)
    starts = [m.evidence.start for m in mentions]
    for sent in doc.sentences:
        # by offsets, not by sentence text: a lead or caption may repeat a sentence word for word
        ms = mentions[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
        people = [m for m in ms if m.kind == "person" and m.evidence.rule == "first_last"]
        if not people:
            continue
        titles = find_titles(doc, sent)
        for person in people:
            p_tok = next(i for i, t in enumerate(sent.tokens) if t.start == person.evidence.start)
            cands = [t for t in titles if t[1] <= p_tok and p_tok - t[0] <= MAX_TITLE_SPAN]
            if not cands:
                continue
            start, end, title, _kind = cands[-1]
            # the title phrase reaches the name: nothing but its complements in between
            between = sent.tokens[end:p_tok]
            if any(t.text in BREAKS for t in between):
                continue
            lo, hi = sent.tokens[start].start, person.evidence.start
            inner = [m for m in ms if lo <= m.evidence.start and m.evidence.end <= hi]
            org = next((m.name for m in inner if m.kind == "org"), None)
            place = next((m.name for m in inner if m.kind == "place"), None)
            ev = doc.evidence(sent, lo, person.evidence.end, "title_before_name")
            roles.append(Role(person.name, title, ev, org, place))
            # «Заместитель Премьер-министра – министр иностранных дел Мурат Нуртлеу»: both posts are his
            dash = start - 1
            if dash > 0 and sent.tokens[dash].text in {"–", "—", "-"}:
                first = next((t for t in titles if t[1] == dash), None)
                if first:
                    ev = doc.evidence(sent, sent.tokens[first[0]].start, person.evidence.end, "title_before_name")
                    roles.append(Role(person.name, first[2], ev, None, None))
    return roles
