"""The morphology: its table of frequent words (kg/text/data/frequent_forms.tsv) answers as pymorphy3 does;
the forms file keeps the rules' answers per word form for the rules that found them."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.cache import fingerprint
from kg.text import morph


def test_the_table_of_frequent_words_is_in_use():
    """Made by the morphology installed (its header names it): a build reads the frequent words there.
    With another morphology the table is ignored and every build is slower: after an upgrade of pymorphy3
    or its dictionary, make the table again (tools/frequent_forms.py)."""
    assert len(morph._frequent()) > 40_000


def test_every_frequent_word_reads_as_pymorphy3_reads_it():
    """Parses (word, tag, normal form, score, method) and lemmas of every entry, in small letters and
    with a capital, are pymorphy3's own: the table changes how fast a word is read, never how."""
    wrong = [w for word in morph._frequent() for w in (word, word.capitalize())
             if morph._table_parses(w) != morph.dictionary_parses(w) or morph._table_lemmas(w) != morph.dictionary_lemmas(w)]
    assert not wrong


def test_words_outside_the_table_are_asked_of_pymorphy3():
    """A name, a single letter (an initial: «И.»), a hyphenated word: read by pymorphy3's other units."""
    for word in ("Жумабаева", "И", "Кызыл-Орды", "ВКО"):
        assert word.lower() not in morph._frequent() and morph._table_parses(word) is None
        assert morph.parses(word) == morph.dictionary_parses(word)


def test_a_table_of_another_morphology_is_ignored(tmp_path, monkeypatch):
    other = tmp_path / "frequent_forms.tsv"
    other.write_text("# analyser: pymorphy3=0.1 pymorphy3-dicts-ru=0.1\nстали\tсъесть\t1:0:1.0\n", encoding="utf-8")
    monkeypatch.setattr(morph, "FREQUENT_FORMS", other)
    morph._frequent.cache_clear()
    try:
        assert morph._frequent() == {} and morph._table_lemmas("стали") is None
    finally:
        monkeypatch.undo()
        morph._frequent.cache_clear()


def test_the_forms_file_gets_only_what_pymorphy3_was_asked():
    """A build's forms file (kg.text.morph.save_forms) gets the forms pymorphy3 read since the last save,
    never what the table answers, and a form once: it is no longer new after it is taken."""
    morph.lemmas("Стали"), morph.lemmas("Тлеубердиновой"), morph.parses("Тлеубердиновой")
    new = morph._new_forms("rules")
    assert "Стали" not in new["lemmas"] and "Тлеубердиновой" in new["lemmas"] and "Тлеубердиновой" in new["parses"]
    assert new["lemmas"]["Тлеубердиновой"] == morph.dictionary_lemmas("Тлеубердиновой")
    morph.lemmas("Тлеубердиновой")
    assert morph._new_forms("rules")["lemmas"] == {}


@pytest.mark.parametrize("word", ["елка", "Елка"])
def test_a_word_the_dictionary_spells_with_yo(word):
    """«елка» is the dictionary's «ёлка»: the parse keeps the dictionary's spelling, the lemma reads ё as е."""
    assert "елка" in morph._frequent()
    assert morph.parses(word)[0].word == "ёлка" and morph.lemmas(word) == frozenset({"елка"})


ROOT = Path(__file__).resolve().parent.parent

# loads a forms file, then prints what the rules' memo of match keys and the morphology answer for a word
MEMO_CHECK = """
import json, sys
from pathlib import Path
from kg.text import morph
from kg.build.cache import fingerprint
from kg.rules.base import word_keys
loaded = morph.load_forms(Path(sys.argv[1]), fingerprint())
print(json.dumps({"keys": sorted(word_keys("Кгтестом")), "lemmas": sorted(morph.lemmas("Кгтестом")),
                  "rules": fingerprint()}))
if len(sys.argv) > 2:
    morph.save_forms(Path(sys.argv[1]), fingerprint())
"""


def _code_copy(tmp_path: Path, change: str) -> Path:
    """A copy of the kg package, with a trigger phrase added to the rules' data for «changed rule data»."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "kg", code / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    if change == "changed rule data":
        with open(code / "kg" / "rules" / "data" / "triggers.tsv", "a", encoding="utf-8") as f:
            f.write("кгтестовать\ttrip\n")
    return code


def _run(code: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEMO_CHECK, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(code)}, cwd=code)
    return json.loads(out.stdout.splitlines()[-1])


@pytest.mark.parametrize("change", ["same rules", "changed rule data", "earlier kg"])
def test_the_rules_answers_in_a_forms_file_serve_only_the_rules_that_found_them(tmp_path, change):
    """A forms file keeps the rules' answers per word form (FormMemo) under the fingerprint the build
    gives it (kg.build.cache.fingerprint, of the extraction's code and data): the same rules read them back (a planted answer shows it is used, not recomputed);
    after a change to a rule's data file, or from a file of a kg before the answers were kept, they are
    computed again, while the morphology's forms (which no rule changes) are still read. A save by the
    changed rules replaces the stale answers."""
    forms = tmp_path / "forms.pickle"
    stored = {"version": morph.analyser_versions(), "parses": {}, "lemmas": {"Кгтестом": frozenset({"кгтестлемма"})}}
    if change != "earlier kg":
        stored |= {"rules": fingerprint(), "memos": {"word keys": {"Кгтестом": frozenset({"planted"})}}}
    forms.write_bytes(pickle.dumps(stored))
    code = _code_copy(tmp_path, change)
    seen = _run(code, str(forms), "save")
    assert seen["lemmas"] == ["кгтестлемма"]
    if change == "same rules":
        assert seen["keys"] == ["planted"] and seen["rules"] == fingerprint()
        return
    assert seen["keys"] == ["кгтестлемма", "кгтестом"]
    assert (seen["rules"] != fingerprint()) == (change == "changed rule data")
    saved = pickle.loads(forms.read_bytes())
    assert saved["rules"] == seen["rules"] and saved["memos"]["word keys"] == {"Кгтестом": frozenset(seen["keys"])}


def test_every_answer_a_build_keeps_is_what_its_rule_finds(tmp_path):
    """The rules' answers a real build saved beside its facts (lists, tuples, frozensets, flags) read back
    equal to what each rule computes of the form afresh."""
    subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"),
                    "--cache", str(tmp_path / "cache"), "-q"], check=True, capture_output=True, cwd=ROOT)
    check = """
import sys
from pathlib import Path
from kg.build.batch import warm_up
from kg.build.cache import fingerprint
from kg.text import morph
warm_up()
stored = morph._read_forms(Path(sys.argv[1]))
assert stored["rules"] == fingerprint()
wrong = [(name, word) for name, answers in stored["memos"].items() for word, answer in answers.items()
         if morph._MEMOS[name].compute(word) != answer]
print(len(stored["memos"]), sum(map(len, stored["memos"].values())), wrong[:5])
"""
    out = subprocess.run([sys.executable, "-c", check, str(tmp_path / "cache" / "forms.pickle")], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split(maxsplit=2)
    assert int(out[0]) >= 10 and int(out[1]) > 3000 and out[2].strip() == "[]"


def test_a_forms_file_keeps_at_most_what_a_memo_holds(tmp_path):
    """A memo keeps at most `limit` answers in memory; the forms file keeps its latest `limit` too, so
    that a build that reads them does not hold more than the bound (and empty the memo at once)."""
    memo = morph.FormMemo("a test of the bound", str.upper, limit=3)
    for word in ("один", "два", "три", "четыре", "пять"):
        memo[word]
    morph.save_forms(tmp_path / "forms.pickle", "rules")
    kept = morph._read_forms(tmp_path / "forms.pickle")["memos"]["a test of the bound"]
    assert kept == {"три": "ТРИ", "четыре": "ЧЕТЫРЕ", "пять": "ПЯТЬ"}


@pytest.mark.parametrize("build, word", [("the workers' fingerprint", "Кгснимкова"), ("another fingerprint", "Кгснимкову")])
def test_a_snapshot_stamped_with_other_rules_gives_its_forms_not_its_answers(tmp_path, build, word):
    """A cluster's worker stamps the rules' answers it sends (forms_snapshot) with the fingerprint of the
    extraction it runs; the build saves them only under the same fingerprint, and their word forms always."""
    memo = morph.FormMemo("a test of snapshots", str.upper)
    memo[word], morph.lemmas(word)
    snapshot = morph.forms_snapshot("worker")
    morph.save_forms(tmp_path / "forms.pickle", "worker" if build == "the workers' fingerprint" else "build",
                     [snapshot])
    stored = morph._read_forms(tmp_path / "forms.pickle")
    assert word in stored["lemmas"]
    kept = stored["memos"].get("a test of snapshots")
    assert kept == ({word: word.upper()} if build == "the workers' fingerprint" else None)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_extracting_process_reads_the_forms_file(tmp_path, jobs):
    """Worker processes read the forms file themselves (the build's own process does not hold it): a
    form planted in the file is taken as it is, not analysed again, so the save keeps it. A worker that
    did not read the file would analyse the form and save the morphology's lemmas in its place."""
    src = tmp_path / "in"
    src.mkdir()
    # «Сатпаеве»: a form the warm-up article (kg.build.batch.WARM_UP) does not analyse first
    (src / "a.txt").write_text(" date 2024-04-12 Аким Карагандинской области Ермаганбет Булекпаев побывал в "
                               "Сатпаеве и встретился с жителями.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    planted = frozenset({"кгпосажено"})
    (cache / "forms.pickle").write_bytes(pickle.dumps(
        {"version": morph.analyser_versions(), "parses": {}, "lemmas": {"Сатпаеве": planted}}))
    subprocess.run([sys.executable, "-m", "kg", "build", str(src), "--out", str(tmp_path / "out"), "--cache",
                    str(cache), "--jobs", jobs, "-q"], check=True, capture_output=True, cwd=ROOT)
    saved = pickle.loads((cache / "forms.pickle").read_bytes())
    assert saved["lemmas"]["Сатпаеве"] == planted
    assert len(saved["lemmas"]) > 1  # the other forms were analysed and saved
