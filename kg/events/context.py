"""What the event rules read: trigger words, direct speech, and an article's mentions by sentence."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Mention, Role
from ..rules import lexicon
from ..rules.base import Doc, PhraseIndex, passing, start_test
from ..rules.dates import DateMention
from ..rules.places import lexicon_kind
from ..text.morph import FormMemo, lemmas, parses
from ..text.segment import Sentence, Spans

STANDALONE = {"RoundTable", "Conference", "Session"}  # types reported even without a visit
# kinds of the ontology for trigger kinds that make an event of their own
EVENT_TYPE = {"roundtable": "RoundTable", "conference": "Conference", "session": "Session",
              "sports": "SportsEvent", "ceremony": "Ceremony"}
DESTINATION_KINDS = {"region", "city", "district", "settlement"}
# trigger kinds that make a trip frame: a journey («прибыл», «посетил», «Рабочая поездка ... в», «визит») and a stay
# («находится в Петропавловске»)
TRIP_KINDS = {"trip", "trip_noun", "visit", "stay"}
# the kinds of trigger that are nouns for a trip (triggers.tsv): a frame only with an actor in their genitive or a
# clause of their own
TRIP_NOUN_KINDS = {"trip_noun", "visit"}
# trigger kinds of a meeting: a verb or phrase («встретился», «провел встречу») and a noun (triggers.tsv meeting_noun,
# «встреча», «беседа»)
MEETING_KINDS = {"meeting", "meeting_noun"}
# an official's own acts on a visit: his meetings and site visits
ACTIVITY_KINDS = MEETING_KINDS | {"site"}
# trigger kinds that do not start an event
PASSIVE_KINDS = {"group", "interact", "online", "company", "reception", "seat", "return"}


@dataclass
class Trigger:
    kind: str
    start: int   # token indices within the sentence
    end: int


@lru_cache(maxsize=1)
def trigger_index() -> PhraseIndex:
    index = PhraseIndex("event triggers")
    kinds: dict[str, set[str]] = {}
    for r in lexicon.rows("triggers.tsv"):
        kinds.setdefault(r.get(0), set()).add(r.get(1))
    for phrase, ks in kinds.items():
        index.add(phrase, frozenset(ks))
    return index


def trigger_phrases(kind: str) -> frozenset[str]:
    """The phrases of triggers.tsv of one kind, as lemmas: «встреча», «беседа» of meeting_noun."""
    return frozenset(r.get(0) for r in lexicon.rows("triggers.tsv") if r.get(1) == kind)


@start_test("event trigger")
def _may_begin_trigger(t) -> bool:
    return trigger_index().may_begin(t)


def find_triggers(sent: Sentence) -> list[Trigger]:
    """The trigger phrases of a sentence, left to right, none inside another."""
    index = trigger_index()
    out, toks, after = [], sent.tokens, 0
    # only the words a trigger can begin at are tried, not every word
    for i in passing(sent, "event trigger"):
        if i < after:
            continue
        hit = index.match(toks, i)
        if hit:
            j, kinds = hit
            out.extend(Trigger(k, i, j) for k in sorted(kinds) if k != "site" or _is_site_word(toks, i))
            after = j
    return out


def _is_site_word(toks, i: int) -> bool:
    """«объект» is a site only as «Первым объектом стал ...», not in «атаковать военные объекты»."""
    if "объект" not in lemmas(toks[i].text):
        return True
    return "ablt" in parses(toks[i].text)[0].tag and any(
        "стать" in lemmas(t.text) for t in toks[max(0, i - 2):i + 3] if t.is_word)


# a quotation: no quote mark inside but a quoted name «...» or „...“, read without backtracking; the
# opening mark is matched before the test of the character before it, so that the engine skips to the
# rare marks (the test first made it stop at every character: 3.5 times slower)
QUOTED = re.compile(r"[«\"“](?<![\w.,!?…][«\"“])(?:[^«»\"“”„]++|«[^«»]*»|„[^„“”]*[“”])*+[»\"”](?!\w)")


def speech_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct speech: long «quotes» and dash-led paragraphs up to the attribution."""
    spans = []
    # an opening quote follows no letter or closing mark, a closing one is followed by none: the
    # straight quotes of «"У региона светлое будущее". Токаев ... посетил новый "Дом дружбы"» (a03)
    # are a headline's and a name's, not one long speech between them
    # a speech may quote a name: «... получил медаль „За отвагу“. ...» (b05)
    for m in QUOTED.finditer(text):
        if m.end() - m.start() >= 62:
            spans.append((m.start(), m.end()))
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped[:1] in "–—-" and len(stripped) > 40:
            start = pos + len(line) - len(stripped)
            attr = re.search(r"[,.!?…]\s*[–—]\s+[а-яё]", stripped)
            if attr:
                spans.append((start, start + attr.start() + 1))
                rest = re.search(r"[.]\s*[–—]\s+[А-ЯЁ]", stripped[attr.end():])
                if rest:
                    spans.append((start + attr.end() + rest.start(), pos + len(line)))
            else:
                spans.append((start, pos + len(line)))
        pos += len(line) + 1
    return spans


@dataclass
class Context:
    """What the event rules read: the document, its mentions by sentence, speech spans, roles."""
    doc: Doc
    mentions: list[Mention]
    roles: list[Role]
    dates: list[DateMention]
    speech: list[tuple[int, int]] = field(default_factory=list)

    def in_speech(self, start: int) -> bool:
        return self._speech.covers(start)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that holds a character offset, found by bisection: rules ask it for every mention."""
        k = bisect_right(self._sentence_starts, offset) - 1
        if k < 0 or offset >= self.doc.sentences[k].end:
            raise ValueError(f"no sentence of {self.doc.article.id} holds offset {offset}")
        return self.doc.sentences[k]

    def __post_init__(self):
        # mentions by start offset, so that a sentence's mentions are found by bisection: a long
        # article would otherwise scan every mention for every sentence
        self.mentions = sorted(self.mentions, key=lambda m: (m.evidence.start, m.kind))
        self._starts = [m.evidence.start for m in self.mentions]
        self._speech = Spans(self.speech)
        self._sentence_starts = [s.start for s in self.doc.sentences]

    def in_sentence(self, sent: Sentence, kind: str, lo: int | None = None, hi: int | None = None) -> list[Mention]:
        lo = sent.start if lo is None else lo
        hi = sent.end if hi is None else hi
        first, last = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [m for m in self.mentions[first:last] if m.kind == kind and m.evidence.end <= hi]


@lru_cache(maxsize=1)
def leader_words() -> frozenset[str]:
    """Words for one who leads that name a country's head of state when a country is what he leads."""
    return frozenset(r.get(0) for r in lexicon.rows("leader_words.tsv"))


def post_kind(ctx: Context, role: Role) -> str | None:
    """The kind of a role's post (titles.tsv): «лидер КНДР», «Белорусский лидер» lead a country, so are its head of
    state, as «лидер партии» heads a party and «лидер» alone may be anyone's leader."""
    kind = lexicon.titles().get(role.title)
    if role.title in leader_words() and (role.place and lexicon_kind(role.place) == "country" or
                                         title_country(ctx, role)):
        return "head_of_state"
    return kind


def title_country(ctx: Context, role: Role) -> str | None:
    """The country whose adjective stands right before the role's title, within its sentence: «Белорусский лидер
    Александр Лукашенко» → Беларусь. Read at the role's own offset: the same words may stand earlier in the
    sentence without the adjective («лидер Александр Лукашенко ..., белорусский лидер Александр Лукашенко»)."""
    start = role.evidence.start
    return country_before(ctx.doc.article.text[ctx.sentence_at(start).start:start])


# the last word of a text and the spaces after it: the word right before a title
LAST_WORD = re.compile(r"([А-ЯЁа-яё]+)\s*$")


def country_before(text: str) -> str | None:
    """The country whose adjective ends the text, the one that qualifies the title after it: «Белорусский» before
    «лидер Александр Лукашенко» → Беларусь, «Российский» before «президент Владимир Путин» → Россия."""
    m = LAST_WORD.search(text[-40:])
    return country_of_adjective(m.group(1)) if m else None


def country_of_adjective(word: str) -> str | None:
    """«российский» → Россия, «немецкого» → Германия, «американская» → США: the country of an adjective in any
    form, as country_adjectives.tsv gives it (the table the organization rules read too)."""
    p = parses(word)[0]
    return lexicon.country_adjectives().get(p.normal_form) if p.tag.POS == "ADJF" else None


def norm(p) -> str:
    return p.normal_form.replace("ё", "е")


# a trip or an act announced, not made: «Министр планирует посетить», «в ближайшее время ... посетит»
PLANNING = {"планировать", "планироваться", "намереваться", "предстоящий", "запланировать", "предстоять",
            "собираться", "ожидаться", "намечать", "намечаться"}
# «накануне визита главы японского МИДа в Москву» (factRuEval book_290): on the eve of it, not yet made
# «по подготовке к государственному визиту в Китай»: being prepared, not yet made
PLANNING_PHRASE = re.compile(r"на следующей неделе|в ближайшее время|в ближайшие дни|"
                             r"(накануне|подготовк\w* к) (\w+ ){0,2}(визит|поездк|приезд|посещени)", re.I)
# an infinitive after these is an act begun or done: «начал рабочую поездку», «продолжил осмотр»
BEGIN = {"начать", "продолжить", "решить", "успеть", "смочь"}
CLAUSE_BREAKS = {",", ";", ".", "!", "?", "–", "—", ":"}


def _first_reading(word: str) -> tuple[str, str | None, bool]:
    """The first of the morphology's readings of a word form: its normal form (ё read as е), its part of
    speech and whether it is a future tense."""
    p = parses(word)[0]
    # a plain str: a tag's part of speech is pymorphy3's own str type, which a forms file cannot hold
    return norm(p), p.tag.POS and str(p.tag.POS), "futr" in p.tag


# once per word form, kept in the forms file: clause_mood reads every word of a clause, and a rebuild asked
# the morphology's table about 386 forms a pass over the real corpus for it (9 µs a form)
first_reading = FormMemo("first readings", _first_reading).__getitem__


def clause_mood(sent: Sentence, i: int, j: int | None = None) -> str:
    """«done» or «planned» for the act whose word is token i: its verb's tense, or the tense of the
    clause's verb when the word is a noun («В ходе визита ... проведет переговоры»)."""
    toks = sent.tokens
    lo, hi = clause_span(toks, i, j)
    if PLANNING_PHRASE.search(sent.text[toks[lo].start - sent.start: toks[hi - 1].end - sent.start]):
        return "planned"
    words = [k for k in range(max(0, lo - 3), hi) if toks[k].is_word]
    if any(first_reading(toks[k].text)[0] in PLANNING for k in words):
        return "planned"
    verbs = [i] if first_reading(toks[i].text)[1] in {"VERB", "INFN"} else \
        sorted((k for k in words if first_reading(toks[k].text)[1] in {"VERB", "INFN"}), key=lambda k: abs(k - i))
    if not verbs:
        return "done"
    v = verbs[0]
    _, pos, future = first_reading(toks[v].text)
    if pos == "VERB" and future:
        return "planned"
    if any(toks[k].text.lower() in {"будет", "будут", "будем"} for k in range(max(0, v - 2), v)):
        return "planned"
    if pos == "INFN":
        before = [k for k in range(max(0, v - 3), v) if toks[k].is_word]
        if not any(first_reading(toks[k].text)[0] in BEGIN for k in before):
            return "planned"
    return "done"


def clause_span(toks, i: int, j: int | None = None) -> tuple[int, int]:
    """Token range of the clause of tokens i..j-1 (j = i + 1 when not given): between the clause breaks around them."""
    lo = i
    while lo > 0 and toks[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = i + 1 if j is None else j
    while hi < len(toks) and toks[hi].text not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def negated(sent: Sentence, i: int) -> bool:
    """«не» within the two words before a verb: «не смог принять участие», «не выступил»."""
    return any(tok.text.lower() == "не" for tok in sent.tokens[max(0, i - 3):i])
