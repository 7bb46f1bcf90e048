"""Dates: explicit day-month(-year) expressions and relative ones, resolved against the article date.

Rules:
  day_month        «25 ноября», «12 марта 2026 года»
  numeric_date     «12.03.2026»
  month_only       «в январе 2024 года» → the whole month
  year_only        «в 2014 году», a year before the article's → the whole year
  relative_day     «накануне», «вчера», «сегодня» (against the article date)
  relative_week    «на минувшей неделе», «на следующей неделе»: Monday to Sunday of that week
  same_day         «в этот же день»: the last date mentioned before it
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Evidence
from .base import Doc

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
# A date begins with a digit that follows no letter or digit: tested after the digit is read («\d(?<!\w\d)»,
# not «\b\d»), so that the regex engine skips to digits rather than trying every character.
DAY_MONTH = re.compile(
    r"(\d(?<!\w\d)\d?)(?:\s*[-–]\s*(\d{1,2}))?\s+(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|"
    r"сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])(?:\s+(\d{4})\s*(?:года|г\.)?)?", re.I)
NUMERIC = re.compile(r"(\d(?<!\w\d)\d?)\.(\d{1,2})\.(\d{4})\b")
RELATIVE = {"накануне": -1, "вчера": -1, "сегодня": 0, "позавчера": -2, "завтра": 1}
RELATIVE_RE = re.compile(r"(?<!\w)(накануне|вчера|сегодня|позавчера|завтра)(?!\w)", re.I)
# «На минувшей неделе Виталий Хоценко посетил Луганскую народную республику» (published on a Thursday):
# Monday to Sunday of the week before the article's, or after it
WEEK_RE = re.compile(r"(?<!\w)на\s+(прошлой|минувшей|прошедшей|следующей|будущей)\s+неделе(?!\w)", re.I)
WEEKS = {"прошлой": -1, "минувшей": -1, "прошедшей": -1, "следующей": 1, "будущей": 1}
MONTH_ONLY = re.compile(
    r"\bв\s+(январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)(?:\s+(\d{4})\s*(?:года|г\.)?)?",
    re.I)
SAME_DAY = re.compile(r"\bв (?:этот|тот) же день\b", re.I)
# What the expressions above need in a sentence, tested before them: a digit; in the lower-case text,
# a month's prepositional form or a relative word (with the letters that re.I also takes for «в»,
# «д», «о», «с», «т», «ъ» folded to them, so that the test passes wherever the expression could match).
DIGIT = re.compile(r"\d")
FOLD = str.maketrans("\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86", "вдосттъ")
OLD_LETTERS = re.compile("[\u1c80-\u1c86]")  # translate is slow: only for a text that has them
MONTHS_IN = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
             "ноябре", "декабре")
RELATIVE_WORDS = ("накануне", "вчера", "сегодня", "завтра")  # «позавчера» holds «вчера»
# «В 2014 году казахстанская студентка ... отправилась в Китай» (tn_532100): a year before the article's
YEAR_ONLY = re.compile(r"в(?<!\wв)о?\s+(\d{4})\s*(?:году|г\.)", re.I)  # «в» read before what precedes it


@dataclass
class DateMention:
    day: str          # ISO date
    end: str | None   # ISO end date of a range («24-25 ноября»)
    evidence: Evidence


def _month(word: str) -> int:
    w = word.lower()
    for stem, n in MONTHS.items():
        if w.startswith(stem) and (stem != "ма" or w in {"май", "мая", "мае"}):
            return n
    raise ValueError(word)


def _resolve(day: int, month: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        # «25 декабря» in an article of 5 January is last year's
        if month - published.month > 6:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(doc: Doc) -> list[DateMention]:
    published = date.fromisoformat(doc.article.date) if doc.article.date else None
    out: list[DateMention] = []
    # the words the tests below look for, first in the whole article: a sentence has one only if the
    # article has it (its lower-case text is the article's), and most articles lack them all (64 of
    # the 114 of the real corpus), whose sentences are then neither lower-cased nor searched
    text = doc.article.text.lower()
    if OLD_LETTERS.search(text):
        text = text.translate(FOLD)
    months = any(map(text.__contains__, MONTHS_IN))
    relative = any(map(text.__contains__, RELATIVE_WORDS))
    same_day = "же день" in text
    for sent in doc.sentences:
        spans = []
        # each expression costs 4 µs a sentence; most sentences lack what any of them needs
        digits = DIGIT.search(sent.text) is not None
        low = ""
        if months or relative or same_day:
            low = sent.text.lower()
            if OLD_LETTERS.search(low):
                low = low.translate(FOLD)
        for m in DAY_MONTH.finditer(sent.text) if digits else ():
            year = int(m.group(4)) if m.group(4) else None
            d = _resolve(int(m.group(1)), _month(m.group(3)), year, published)
            e = _resolve(int(m.group(2)), _month(m.group(3)), year, published) if m.group(2) else None
            if d:
                spans.append((m.start(), m.end(), d, e, "day_month"))
        for m in NUMERIC.finditer(sent.text) if digits else ():
            d = _resolve(int(m.group(1)), int(m.group(2)), int(m.group(3)), published)
            if d:
                spans.append((m.start(), m.end(), d, None, "numeric_date"))
        for m in MONTH_ONLY.finditer(sent.text) if months and any(map(low.__contains__, MONTHS_IN)) else ():
            month = _month(m.group(1))
            first = _resolve(1, month, int(m.group(2)) if m.group(2) else None, published)
            if first:
                last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                spans.append((m.start(), m.end(), first, last, "month_only"))
        if published:
            for m in (YEAR_ONLY.finditer(sent.text) if digits and "г" in sent.text else ()):
                if 1900 < int(m.group(1)) < published.year:
                    year = int(m.group(1))
                    spans.append((m.start(), m.end(), date(year, 1, 1), date(year, 12, 31), "year_only"))
            for m in RELATIVE_RE.finditer(sent.text) if relative and any(map(low.__contains__, RELATIVE_WORDS)) else ():
                d = published + timedelta(days=RELATIVE[m.group(1).lower()])
                spans.append((m.start(), m.end(), d, None, "relative_day"))
            for m in (WEEK_RE.finditer(sent.text) if "недел" in sent.text else ()):
                monday = published - timedelta(days=published.weekday()) + timedelta(weeks=WEEKS[m.group(1).lower()])
                spans.append((m.start(), m.end(), monday, monday + timedelta(days=6), "relative_week"))
        for m in SAME_DAY.finditer(sent.text) if same_day and "же день" in low else ():
            if out:
                prev = out[-1]
                spans.append((m.start(), m.end(), date.fromisoformat(prev.day), None, "same_day"))
        for s, e, d, end, rule in sorted(spans, key=lambda x: x[0]):
            ev = doc.evidence(sent, sent.start + s, sent.start + e, rule)
            out.append(DateMention(d.isoformat(), end.isoformat() if end else None, ev))
    return out
