"""Topics: trigger phrases of the SKOS scheme in kg/data/topics.tsv, matched by lemma.

Rule:
  topic_trigger   «развитием искусственного интеллекта» → искусственный интеллект
"""
from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from ..model import Mention
from .base import Doc, PhraseIndex, is_word


@lru_cache(maxsize=1)
def trigger_index() -> PhraseIndex:
    index = PhraseIndex()
    for t in lexicon.topics():
        for trigger in t.triggers:
            index.add(trigger, t)
    return index


def find_topics(doc: Doc) -> list[Mention]:
    index = trigger_index()
    found = []
    for sent in doc.sentences:
        toks = sent.tokens
        i = 0
        while i < len(toks):
            hit = index.match(toks, i) if is_word(toks[i]) else None
            if hit:
                j, topic = hit
                found.append(Mention("topic", topic.label, doc.span(sent, i, j, "topic_trigger")))
                i = j
            else:
                i += 1
    return found
