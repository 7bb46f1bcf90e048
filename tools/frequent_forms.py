"""Regenerate kg/text/data/frequent_forms.tsv: how pymorphy3 reads the most frequent Russian words.

usage: pip install wordfreq==3.1.1 && python tools/frequent_forms.py

A word form met for the first time costs pymorphy3 about 10 µs (a known word) before kg.text.morph
caches it; a build of a new corpus meets thousands (6,800 of the 9,600 forms whose lemmas a cold pass
over the shared corpus asks are among the 50,000 most frequent words). This table answers those from
a dictionary look-up. It is made by the morphology kg runs with, and kg uses it only with that one
(its header names the versions); every entry is what pymorphy3 itself answers (tests/test_morph.py).

Source: the 50,000 most frequent words of wordfreq 3.1.1's «large» Russian list (wordfreq/data/
large_ru.msgpack.gz; code Apache 2.0, data CC BY-SA 4.0: Wikipedia, subtitles, news, books, web text,
Twitter, Reddit), of which those of two letters or more, letters only, that pymorphy3's dictionary
knows, and whose analysis does not depend on capitals (checked here, as «Стали» and «СТАЛИ»).
"""
from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.text.morph import _DICTIONARY, MORPH, analyser_versions, dictionary_lemmas, dictionary_parses  # noqa: E402

OUT = ROOT / "kg" / "text" / "data" / "frequent_forms.tsv"
TOP = 50_000  # more words cost start-up time (0.045 s to read 50,000) for fewer forms saved each


def main() -> int:
    rows = {}
    for word in wordfreq.top_n_list("ru", TOP, wordlist="large"):
        if len(word) < 2 or not word.isalpha() or not MORPH.word_is_known(word):
            continue
        found, parsed = dictionary_lemmas(word), dictionary_parses(word)
        if any(dictionary_lemmas(v) != found or dictionary_parses(v) != parsed for v in (word.capitalize(), word.upper())):
            continue
        if any(len(p.methods_stack) != 1 or p.methods_stack[0][0] is not _DICTIONARY for p in parsed):
            continue  # read by another unit than the dictionary (none of these words is, today)
        analyses = " ".join(("" if p.word == word else p.word + "@") + f"{p.methods_stack[0][2]}:{p.methods_stack[0][3]}:{p.score!r}"
                            for p in parsed)
        rows[word] = " ".join(sorted(found)) + "\t" + analyses
    header = [
        "# The most frequent Russian words as pymorphy3 reads them: word, its lemmas (ё read as е, as kg.text.morph.lemmas",
        "# gives them), its analyses by the dictionary in pymorphy3's order ([dictionary word@]paradigm:index:score);",
        f"# made by tools/frequent_forms.py from the first {TOP:,} words of wordfreq {metadata.version('wordfreq')}'s"
        " «large» Russian list (data CC BY-SA 4.0)",
        f"# analyser: {analyser_versions()}",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(header + [f"{w}\t{rows[w]}" for w in sorted(rows)]) + "\n", encoding="utf-8")
    print(f"{len(rows)} words -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
