"""kg.text.tokenizer gives exactly razdel's tokens, on every real article and on random text."""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from razdel import tokenize as razdel_tokenize

from kg.text.tokenizer import LAT_LETTERS, PUNCTS, RU_LETTERS, tokenize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
# characters that razdel's join rules look at: dashes, floats, fractions, smileys, «Қ», yahoo!
ALPHABET = "аБвЁяzQ09 .,-–—‑_/\\:;()[]!?…«»\"'*=ҚқәΔ@#№%\n\t"


def razdel(text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.stop) for t in razdel_tokenize(text)]


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))[:40],
                         ids=lambda p: p.stem)
def test_same_tokens_as_razdel_on_articles(path):
    text = path.read_text(encoding="utf-8")
    assert tokenize(text) == razdel(text)


@pytest.mark.parametrize("text", ["", "   ", "Бухар-Жырау", "1,5 и 1/2", "yahoo!", "Ну?!..", ":-)) да",
                                  "«Қорғау»", "a_b -c", "x--y", "— Да, — сказал он.", "т.е. 3.14"])
def test_same_tokens_as_razdel_on_edge_cases(text):
    assert tokenize(text) == razdel(text)


def test_same_tokens_as_razdel_on_random_text():
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        assert tokenize(text) == razdel(text), repr(text)


@pytest.mark.parametrize("blind, spelled", [("[а-яё]", f"[{RU_LETTERS}]"), ("[a-z]", f"[{LAT_LETTERS}]"),
                                            ("[%s]" % re.escape(PUNCTS), "[%s]" % re.escape(PUNCTS))])
def test_letter_classes_are_razdels_case_blind_ones(blind, spelled):
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(spelled, every) == re.findall(blind, every, re.I)
