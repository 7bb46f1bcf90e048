"""Make a scaled corpus from real ones: copies of every article with new ids and dates.

Copy c of an article is dated c × STEP days before the original, and every date its text
writes («12 апреля», «12 апреля 2024 года», 12.04.2024) moves by the same number of days, so
the copies report different trips instead of one trip from thousands of outlets.

    python bench/scale.py ../shared/corpus/tengrinews-2024-04 seeds /tmp/corpus-10k 10000

The 114 tengrinews articles hold no working trip, so the seeds go in too: without visits the
competency queries would time an empty answer.

Copies name the same people and organizations again and again, where a real archive keeps meeting
new ones. With --fresh-names every copy gives them names of its own: each surname and the first
word of each «quoted» name take the copy's prefix («Булекпаев» → «Кабобулекпаев» in copy 12), so
that what a build holds per distinct name shows at every size.

    python bench/scale.py ../shared/corpus/tengrinews-2024-04 seeds /tmp/fresh-30k 30000 --fresh-names
"""
from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

from kg.ingest.articles import MONTHS, read_article

STEP = timedelta(days=13)  # 877 copies of an article (100k) span 31 years; no two fall within a week
DAY_MONTH = re.compile(r"\b(\d{1,2})(\s+)(" + "|".join(MONTHS) + r")(?:(\s+)(\d{4}))?\b", re.I)
NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def shift_text(text: str, published: date, delta: timedelta) -> str:
    """Every explicit date of the text moved by delta; a day without a year takes the article's."""
    def day_month(m: re.Match) -> str:
        year = int(m.group(5)) if m.group(5) else published.year
        moved = _moved(year, MONTHS.index(m.group(3).lower()) + 1, int(m.group(1)), delta)
        if moved is None:
            return m.group(0)
        out = f"{moved.day}{m.group(2)}{MONTHS[moved.month - 1]}"
        return out + (f"{m.group(4)}{moved.year}" if m.group(5) else "")

    def numeric(m: re.Match) -> str:
        moved = _moved(int(m.group(3)), int(m.group(2)), int(m.group(1)), delta)
        return f"{moved.day:02d}.{moved.month:02d}.{moved.year}" if moved else m.group(0)

    return NUMERIC.sub(numeric, DAY_MONTH.sub(day_month, text))


# a surname of the -ов/-ев/-ин type in any case: «Токаев», «Токаевым», «Булекпаевой»
SURNAME = re.compile(r"\b[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ых|ыми)?\b")
QUOTED_FIRST = re.compile(r"«([А-ЯЁ])")
SYLLABLES = ("ка", "бо", "ду", "ле", "ми", "ну", "ра", "со", "ту", "ше")  # a copy's number, digit by digit


def fresh_names(text: str, copy: int) -> str:
    """The text with its surnames and the first word of its «quoted» names prefixed by the copy's
    syllables: in each copy, new people and organizations of the same kinds."""
    prefix = "".join(SYLLABLES[int(d)] for d in str(copy))
    text = SURNAME.sub(lambda m: (prefix + m.group(0).lower()).capitalize(), text)
    return QUOTED_FIRST.sub(lambda m: "«" + prefix.capitalize() + m.group(1).lower(), text)


def _moved(year: int, month: int, day: int, delta: timedelta) -> date | None:
    try:
        return date(year, month, day) + delta
    except ValueError:
        return None


def make_corpus(sources: list[Path], target: Path, size: int, fresh: bool = False) -> int:
    """Write `size` articles, copies of those in the source folders, into target (made fresh); with
    `fresh`, each copy with names of its own."""
    articles = [read_article(f) for source in sources for f in sorted(source.glob("*.txt"))]
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.txt"):
        old.unlink()
    for n in range(size):
        a = articles[n % len(articles)]
        copy = n // len(articles)
        published = date.fromisoformat(a.date)
        delta = -STEP * copy
        text = shift_text(a.text, published, delta) if copy else a.text
        if fresh and copy:
            text = fresh_names(text, copy)
        (target / f"s{n:06d}_{a.id}.txt").write_text(f" date {published + delta} {text}", encoding="utf-8")
    return size


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--fresh-names"]
    if len(args) < 3:
        sys.exit(__doc__)
    *sources, target, size = args
    print(make_corpus([Path(s) for s in sources], Path(target), int(size), "--fresh-names" in sys.argv),
          "articles written")
