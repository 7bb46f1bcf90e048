"""The morphology's table of frequent words (kg/text/data/frequent_forms.tsv) answers as pymorphy3 does."""
from __future__ import annotations

import pytest

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
    new = morph._new_forms()
    assert "Стали" not in new["lemmas"] and "Тлеубердиновой" in new["lemmas"] and "Тлеубердиновой" in new["parses"]
    assert new["lemmas"]["Тлеубердиновой"] == morph.dictionary_lemmas("Тлеубердиновой")
    morph.lemmas("Тлеубердиновой")
    assert morph._new_forms()["lemmas"] == {}


@pytest.mark.parametrize("word", ["елка", "Елка"])
def test_a_word_the_dictionary_spells_with_yo(word):
    """«елка» is the dictionary's «ёлка»: the parse keeps the dictionary's spelling, the lemma reads ё as е."""
    assert "елка" in morph._frequent()
    assert morph.parses(word)[0].word == "ёлка" and morph.lemmas(word) == frozenset({"елка"})
