"""razdel's sentence splitter, rewritten for speed: the same candidate splits, the same rules, no objects.

razdel makes a record per candidate split (every full stop, quote and bracket) and asks its rules
through layers of calls and cached properties; this asks the same rules in the same order of plain
strings (tests/test_sentenizer.py compares the two on the corpus and on random text) in about a
quarter of the time.
"""
from __future__ import annotations

import re

from razdel.segmenters.punct import CLOSE_BRACKETS, CLOSE_QUOTES, DASHES, ENDINGS, GENERIC_QUOTES, QUOTES
from razdel.segmenters.sentenize import (BULLET_BOUNDS, BULLET_SIZE, DELIMITERS, FIRST_TOKEN,
                                         PAIR_SOKR, SMILE_PREFIX, SPACE_PREFIX, SPACE_SUFFIX, TOKEN, WORD, is_bullet,
                                         is_lower_alpha, is_sokr)
from razdel.segmenters.sokr import HEAD_PAIR_SOKRS, HEAD_SOKRS, INITIALS, PAIR_SOKRS, SOKRS

# razdel's DELIMITER, «([=:;]-?[)(]{1,3}|[.?!…;"„'»”’)\]}])» (a smiley or a mark), spelled to begin with one
# character class: a pattern that begins with alternatives makes the regex engine stop at every character,
# one that begins with a class lets it skip to the next mark (2.7 times faster). A smiley's eyes are a mark
# only with its mouth («:» and «=» are none alone; «;» is).
SPLIT = re.compile(r"""([=:;.?!…"„'»”’)\]}](?:(?<=[=:;])-?[)(]{1,3})?)(?<![=:])""")
# razdel's LAST_TOKEN, «([^\W\d]+|\d+|[^\w\s])\s*$» (the last word, number or mark), matched at the start of
# the reversed text: a search for it tried every position (1.8 times slower)
LAST_TOKEN_REVERSED = re.compile(r"\s*([^\W\d]+|\d+|[^\w\s])")
WINDOW = 10  # characters each side of a split that the rules read


def sentenize(text: str) -> list[tuple[int, int]]:
    """(start, stop) of every sentence of text, exactly as razdel.sentenize splits it."""
    chunks = []
    begin = 0  # where the open sentence begins: the split's text before it is text[begin:start]
    for m in SPLIT.finditer(text):
        start, stop = m.span()  # the whole match is the delimiter
        if not _join(text[max(0, start - WINDOW):start], m.group(1), text[stop:stop + WINDOW], text[begin:start]):
            chunks.append(text[begin:stop])
            begin = stop
    chunks.append(text[begin:])
    out, offset = [], 0
    for chunk in chunks:  # razdel strips each chunk and finds it again, an empty last one at the offset
        chunk = chunk.strip()
        start = text.find(chunk, offset)
        offset = start + len(chunk)
        out.append((start, offset))
    return out


def _join(left: str, delimiter: str, right: str, buffer: str) -> bool:
    """razdel's rules in its order (each may decide or pass): whether the split does not end a sentence."""
    m = FIRST_TOKEN.match(right)
    right_token = m.group(1) if m else None
    m = LAST_TOKEN_REVERSED.match(left[::-1])
    left_token = m.group(1)[::-1] if m else None
    # empty_side, no_space_prefix, lower_right
    if not left_token or not right_token or not SPACE_PREFIX.match(right) or is_lower_alpha(right_token):
        return True
    # delimiter_right
    if right_token not in GENERIC_QUOTES and (right_token in DELIMITERS or SMILE_PREFIX.match(right)):
        return True
    if delimiter == ".":
        # sokr_left
        decided = False
        m = PAIR_SOKR.search(left)
        if m:
            pair = m.group(1).lower(), m.group(2).lower()
            if pair in HEAD_PAIR_SOKRS:
                return True
            if pair in PAIR_SOKRS:
                if is_sokr(right_token):
                    return True
                decided = True  # the rule passes without looking at the last word
        if not decided:
            low = left_token.lower()
            if low in HEAD_SOKRS or low in SOKRS and is_sokr(right_token):
                return True
        # inside_pair_sokr
        if (left_token.lower(), right_token.lower()) in PAIR_SOKRS:
            return True
        # initials_left
        if left_token.isupper() and len(left_token) == 1 or left_token.lower() in INITIALS:
            return True
    # list_item
    if delimiter in BULLET_BOUNDS and len(buffer) <= BULLET_SIZE and all(is_bullet(t) for t in TOKEN.findall(buffer)):
        return True
    # close_quote, close_bracket: a closing mark joins unless an ending is before it
    if delimiter in QUOTES:
        if delimiter in CLOSE_QUOTES or delimiter in GENERIC_QUOTES and not SPACE_SUFFIX.search(left):
            if left_token not in ENDINGS:
                return True
        elif delimiter in GENERIC_QUOTES:
            return True
    if delimiter in CLOSE_BRACKETS and left_token not in ENDINGS:
        return True
    # dash_right
    if right_token in DASHES:
        m = WORD.search(right)
        if m and is_lower_alpha(m.group(1)):
            return True
    return False
