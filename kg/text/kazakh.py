"""Kazakh text: its letters, case endings on names, and telling a Kazakh-language article apart."""
from __future__ import annotations

import re

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Kazakh case endings a name or place takes: «Әшімбаевтың», «облысына», «Астанада»
KAZAKH_ENDINGS = frozenset("тың тің дың дің ның нің қа ке ға ге на не ты ті ды ді ны ні та те да де нда нде тан тен "
                           "дан ден нан нен мен бен пен".split())
# runs of letters and of Kazakh letters: counted by their lengths, not one match (and one string) a letter
LETTER_RUN = re.compile(r"[^\W\d_]+")
KAZAKH_RUN = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]+")
FOLD_KAZAKH = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def is_kazakh(text: str) -> bool:
    """A Kazakh-language text: Kazakh letters are common, not only in a few names."""
    sample = text[:5000]
    if not KAZAKH_RUN.search(sample):
        return False  # most articles: no need to count the letters
    letters = sum(map(len, LETTER_RUN.findall(sample)))
    return bool(letters) and sum(map(len, KAZAKH_RUN.findall(sample))) / letters > 0.02


def kazakh_stem(word: str) -> str | None:
    """The word without a Kazakh case ending, when one is there and a stem of 4+ letters is left."""
    low = word.lower()
    # the longest ending there (endings are of three and two letters): two set look-ups, where a
    # regular expression tried every position of every new word
    size = 3 if low[-3:] in KAZAKH_ENDINGS else 2 if low[-2:] in KAZAKH_ENDINGS else 0
    return word[:len(low) - size] if size and len(low) - size >= 4 else None
