"""Topics: trigger phrases of the SKOS scheme in rules/data/topics.tsv, matched by lemma.

Rule:
  topic_trigger   «развитием искусственного интеллекта» → искусственный интеллект

A topic is read only when its triggers weigh MIN_WEIGHT in the article: a phrase or a strong
word ('!') weighs 2, a plain word or a weak phrase ('?') 1. Words inside an organization's
name («Ассамблеи народа Казахстана», «Школа анализа данных») are not topics of the article.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Mention
from ..text.morph import lemmas
from ..text.segment import Spans
from . import lexicon
from .base import Doc, PhraseIndex, is_genitive, passing, start_test

MIN_WEIGHT = 2
# a post or a body named by its field: the field words after it are its name, not a topic
BODY_WORDS = {"министр", "министерство", "вице-министр"}
BODY_PREFIXES = {w[:2] for w in BODY_WORDS}  # tested first: the morphology is asked only for these


def _past_body_name(toks, k: int) -> int:
    """The token after the genitive words that name a ministry: «инвестиций, промышленности и торговли»."""
    while k < len(toks):
        t = toks[k]
        if t.text in {",", "и"} and k + 1 < len(toks) and _field_word(toks[k + 1]):
            k += 1
            continue
        if not _field_word(t):
            break
        k += 1
    return k


def _field_word(tok) -> bool:
    return tok.text[:1].islower() and is_genitive(tok)


@lru_cache(maxsize=1)
def trigger_index() -> PhraseIndex:
    index = PhraseIndex("topic triggers")
    for t in lexicon.topics():
        for trigger in t.triggers:
            phrase = trigger.rstrip("!?")
            weight = 1 if trigger.endswith("?") else 2 if trigger.endswith("!") or " " in phrase else 1
            index.add(phrase, (t, weight))
    return index


@start_test("topic trigger")
def _may_begin_trigger(t) -> bool:
    return trigger_index().may_begin(t)


@start_test("body word")
def _may_be_body_word(t) -> bool:
    return t.prefix in BODY_PREFIXES


def find_topics(doc: Doc, names: list[Mention]) -> list[Mention]:
    """Topic mentions of an article whose topic passes the weight threshold."""
    index = trigger_index()
    inside = Spans((m.evidence.start, m.evidence.end) for m in names)
    found: list[tuple[Mention, int]] = []
    for sent in doc.sentences:
        toks = sent.tokens
        # only a trigger's first word or a body word starts anything: the others are not visited
        starts = passing(sent, "topic trigger")
        bodies = passing(sent, "body word")
        after = 0  # the token after the last trigger or body name
        for i in sorted(set(starts).union(bodies)) if bodies else starts:
            if i < after:
                continue
            hit = index.match(toks, i)
            if not hit:
                if toks[i].prefix in BODY_PREFIXES and lemmas(toks[i].text) & BODY_WORDS:
                    # «министр инвестиций, промышленности и торговли» (but «министр иностранных дел» is a
                    # trigger of its own)
                    after = _past_body_name(toks, i + 1)
                continue
            j, (topic, weight) = hit
            if not inside.covers(toks[i].start):
                found.append((Mention("topic", topic.label, doc.span(sent, i, j, "topic_trigger")), weight))
            after = j
    total: dict[str, int] = {}
    for m, w in found:
        total[m.name] = total.get(m.name, 0) + w
    return [m for m, _ in found if total[m.name] >= MIN_WEIGHT]
