"""The indexes that spare rules a visit of every token find what a visit of every token finds, on real sentences."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.articles import read_article
import kg.events.extract  # noqa: F401  (every rule registers its start tests at import)
from kg.rules.base import START_TESTS, Doc, PhraseIndex, passing
from kg.text.segment import segment
from kg.rules.places import place_index
from kg.rules.roles import title_index
from kg.rules.topics import trigger_index

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "tengrinews-2024-04"
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))[:30]
INDEXES = {"topics": lambda: trigger_index(), "titles": lambda: title_index(), "places": lambda: place_index()[0].index}


@pytest.fixture(scope="module")
def sentences():
    return [s for path in ARTICLES for s in Doc.read(read_article(path)).sentences]


@pytest.mark.parametrize("name", INDEXES)
def test_a_phrase_index_matches_only_where_it_says_an_entry_may_begin(sentences, name):
    index = INDEXES[name]()
    hits = 0
    for sent in sentences:
        toks = sent.tokens
        everywhere = [i for i in range(len(toks)) if index.match(toks, i)]
        assert [i for i, t in enumerate(toks) if index.may_begin(t) and index.match(toks, i)] == everywhere, sent.text
        hits += len(everywhere)
    assert hits > 50  # the sentences do hold entries of the index


def test_a_sentences_capitalized_tokens(sentences):
    for sent in sentences:
        assert sent.caps == [k for k, t in enumerate(sent.tokens) if t.is_cap]
    assert sum(len(s.caps) for s in sentences) > 1000


@pytest.mark.parametrize("name", sorted(START_TESTS))
def test_the_words_a_rule_starts_at_are_those_its_test_passes(sentences, name):
    """One pass over a sentence finds the words of every rule's start test (kg.rules.base.passing): for each
    test, those a visit of every token with the test finds, in order; answered per word form, the same for
    a form wherever it stands."""
    test, found = START_TESTS[name], 0
    for sent in sentences:
        assert passing(sent, name) == [k for k, t in enumerate(sent.tokens) if test(t)], sent.text
        found += len(passing(sent, name))
    assert found > 20  # the sentences do hold such words


def test_a_phrase_index_takes_no_phrase_after_it_was_asked():
    """Its answers per word form are kept, in the process and in the forms file: a phrase added once the
    index has answered would leave them wrong, so it is refused; before, phrases are taken."""
    index = PhraseIndex("a test of adding late")
    index.add("Карагандинская область", "region")
    toks = segment("Аким Карагандинской области приехал.")[0].tokens
    assert index.match(toks, 1) == (3, "region")
    with pytest.raises(RuntimeError, match="after it was asked"):
        index.add("Павлодарская область", "region")
