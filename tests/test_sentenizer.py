"""kg.text.sentenizer splits sentences exactly as razdel does, on every real article and on random text."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from razdel import sentenize as razdel_sentenize
from razdel.segmenters.sentenize import DELIMITER, LAST_TOKEN

from kg.text.sentenizer import LAST_TOKEN_REVERSED, SPLIT, sentenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
# what razdel's rules look at: endings, abbreviations («т. е.», «г.», «им.»), initials, bullets, quotes,
# brackets, dashes, smileys, capitals and lower case after a split
WORDS = ["т", "е", "г", "им", "ул", "А", "Б", "Ф", "1", "2", "II", "a", "б", "Слово", "слово", "США", "и", "др", "т.д",
         "см", "руб", "млн", "P", "S"]
MARKS = [".", "!", "?", "…", ";", "«", "»", "\"", "'", "„", "“", "”", "(", ")", "[", "]", "-", "—", ":)", ";-(", " ",
         "  ", "\n", ",", ":"]


def razdel(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.stop) for s in razdel_sentenize(text)]


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.txt")),
                         ids=lambda p: p.stem)
def test_same_sentences_as_razdel_on_articles(path):
    text = path.read_text(encoding="utf-8")
    assert sentenize(text) == razdel(text)
    for line in text.split("\n"):  # as kg.text.segment asks: a paragraph at a time
        assert sentenize(line) == razdel(line)


@pytest.mark.parametrize("text", ["", "  ", "Нет точки", "Да.", "Т. е. так. И всё", "Родился в г. Алматы. Вырос там.",
                                  "А. Б. Иванов сказал: «Да!» Потом ушёл.", "1) первое. 2) второе.", "Ну :) Да.",
                                  "Он (см. выше) прав. Она — нет.", "«Что?» — спросил он.", "Цена 1.5 млн. руб. Всё."])
def test_same_sentences_as_razdel_on_edge_cases(text):
    assert sentenize(text) == razdel(text)


def test_same_sentences_as_razdel_on_random_text():
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(WORDS if rng.random() < 0.5 else MARKS) for _ in range(rng.randint(0, 30)))
        assert sentenize(text) == razdel(text), repr(text)


def test_split_pattern_finds_razdels_delimiters():
    """SPLIT, razdel's DELIMITER spelled to begin with a character class, matches what it matches."""
    rng = random.Random(11)
    chars = "аZ1 \n=:;-)(.?!…\"„'»”’][}{«"
    for _ in range(20000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 20)))
        assert [(m.span(), m.group(1)) for m in SPLIT.finditer(text)] == \
               [(m.span(), m.group(1)) for m in re.finditer(DELIMITER, text)], repr(text)


def test_last_token_of_the_reversed_text_is_razdels():
    """LAST_TOKEN_REVERSED, matched at the start of the reversed text, finds razdel's LAST_TOKEN."""
    rng = random.Random(13)
    chars = "аZ1_ \n\t.,«-é٣"
    for _ in range(20000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 10)))
        m, theirs = LAST_TOKEN_REVERSED.match(text[::-1]), LAST_TOKEN.search(text)
        assert (m.group(1)[::-1] if m else None) == (theirs.group(1) if theirs else None), repr(text)
