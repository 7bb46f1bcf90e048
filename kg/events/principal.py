"""The principal: the official the trip sentences are about, named, titled or as «сенаторы»."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Evidence
from ..rules import lexicon
from ..rules.roles import find_titles
from ..text.morph import parses
from ..text.segment import Sentence
from .context import Context, Trigger, norm
from .objects import object_span

FUTURE_WORDS = {"планировать", "намереваться", "предстоящий", "запланировать"}
NEXT_WEEK = re.compile(r"на следующей неделе|в ближайшие дни", re.I)


def online_people(ctx: Context, triggers) -> set[str]:
    """People who joined online: «К обсуждению в режиме онлайн подключился заместитель председателя»."""
    out = set()
    for sent in ctx.doc.sentences:
        if any(t.kind == "online" for t in triggers[sent.index]):
            out |= {m.name for m in ctx.in_sentence(sent, "person")}
    return out


def title_refs(ctx: Context, sent: Sentence) -> list[tuple[str, Evidence]]:
    """People named by title only in a sentence («председатель Сената»), resolved within the article."""
    holders: dict[str, set[str]] = {}
    for r in ctx.roles:
        holders.setdefault(r.title, set()).add(r.person)
    out = []
    names = ctx.in_sentence(sent, "person")
    for i, j, title, kind in find_titles(ctx.doc, sent):
        if "nomn" not in parses(sent.tokens[i].text)[0].tag:
            continue  # «инициатив Главы государства»: only a title in the subject's case acts
        tok_end = sent.tokens[j - 1].end
        if any(m.evidence.start >= tok_end and m.evidence.start - tok_end < 40 for m in names) or \
                _name_follows(sent.tokens, j):
            continue  # the title stands before a name: not a title-only mention
        people = holders.get(title, set())
        if len(people) == 1:
            out.append((next(iter(people)), ctx.doc.span(sent, i, j, "title_ref")))
        elif not people and kind != "public":
            # «Глава государства прибыл ...» with no title before any name: the article's main
            # person, unless the article gives him only other posts; «вице-премьер» is the main person
            # named «Заместитель Премьер-министра – министр иностранных дел» (a post of the same kind)
            dominant = _dominant_person(ctx)
            posts = {lexicon.titles().get(r.title) for r in ctx.roles if r.person == dominant}
            if dominant and (kind in posts or not posts - {kind}):
                out.append((dominant, ctx.doc.span(sent, i, j, "title_ref")))
    return out


def _name_follows(toks, j: int) -> bool:
    """Two capitalized words soon after a title are a name, even one the lexicon lacks
    («министр обороны Израиля Йоав Галлант»)."""
    window = toks[j:j + 5]
    return any(a.text[:1].isupper() and b.text[:1].isupper() and a.is_word and b.is_word
               for a, b in zip(window, window[1:]))


@lru_cache(maxsize=64)
def _dominant_cache(article_id: str, names: tuple) -> str | None:
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    # most mentions; a tie goes to the one named first, the usual protagonist of a report
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return ranked[0][0] if ranked else None


def _dominant_person(ctx: Context) -> str | None:
    """The one person the article names most often outside direct speech, if there is one."""
    names = tuple(m.name for m in ctx.mentions if m.kind == "person" and not ctx.in_speech(m.evidence.start))
    return _dominant_cache(ctx.doc.article.id + ctx.doc.article.sha, names)


def find_principal(ctx: Context, triggers, online: set[str]) -> tuple[str | None, bool]:
    """The official the trip is about, and whether the trip is only announced («посетит»).

    Each trip, meeting or site sentence credits the people it names outside speech, except
    those met («встреча с главой ... Эриком Куриллой»); trip sentences count double.
    """
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    trips = future = 0
    for sent in ctx.doc.sentences:
        acts = [t for t in triggers[sent.index] if t.kind in {"trip", "meeting", "site"}]
        if not acts or (ctx.in_speech(sent.start) and ctx.in_speech(max(sent.start, sent.end - 1))):
            continue
        acting = [(n, ev) for n, ev in actors(ctx, sent, triggers[sent.index]) if n not in online]
        for name, ev in acting:
            score[name] = score.get(name, 0) + (2 if any(t.kind == "trip" for t in acts) else 1)
            first.setdefault(name, ev.start)
        if acting and any(t.kind == "trip" for t in acts):
            trips += 1
            future += is_future(sent)
    if not score:
        return None, False
    best = sorted(score, key=lambda n: (-score[n], first[n]))[0]
    return best, trips > 0 and future == trips


def actors(ctx: Context, sent: Sentence, triggers: list[Trigger]) -> list[tuple[str, Evidence]]:
    """People a sentence names as acting (outside speech and outside the «с ...» object of a meeting)."""
    met = []
    for t in triggers:
        if t.kind == "meeting":
            span = object_span(sent, t.end, triggers)
            if span:
                met.append((sent.tokens[span[0]].start, sent.tokens[span[1] - 1].end))
    people = [(m.name, m.evidence) for m in ctx.in_sentence(sent, "person")]
    people += title_refs(ctx, sent)
    return [(n, ev) for n, ev in people
            if not ctx.in_speech(ev.start) and not any(a <= ev.start < b for a, b in met)]


def refers_to(ctx: Context, sent: Sentence, triggers: list[Trigger], principal: str) -> bool:
    """The sentence speaks of the principal: by name, by title, as «сенаторы», or as «его»."""
    if any(n == principal for n, _ in actors(ctx, sent, triggers)):
        return True
    if any(t.kind == "group" and "nomn" in parses(sent.tokens[t.start].text)[0].tag for t in triggers):
        return True
    return any(tok.text.lower() in {"он", "она", "его", "ее", "её"} for tok in sent.tokens)


def is_future(sent: Sentence) -> bool:
    """«посетит», «на следующей неделе ... с визитом», «планирует посетить»: a trip not yet made."""
    for tok in sent.tokens:
        if not tok.is_word:
            continue
        p = parses(tok.text)[0]
        if (p.tag.POS == "VERB" and "futr" in p.tag) or norm(p) in FUTURE_WORDS:
            return True
    return bool(NEXT_WEEK.search(sent.text))
