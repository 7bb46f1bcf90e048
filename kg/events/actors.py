"""Who acts in a clause: people named, titles that stand for a person («Глава государства»), groups.

A trip clause's actor is read from the clause itself: the subject («Министр ... прибыл»), the
genitive of a trip noun («Рабочая поездка Касым-Жомарта Токаева»), the person a participle agrees
with («Мирзагалиевым, прибывшим с рабочей поездкой»), or a group («сенаторы», «делегация»).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Evidence, Mention
from ..rules.roles import find_titles
from ..text.morph import lemmas, parses
from ..text.segment import Sentence
from .context import MEETING_KINDS, Context, Trigger, post_kind
from .objects import CALL_ON, accusative_people, object_span

# prepositions before a person who is not the subject: «с акимом», «к спикеру», «у семьи», «для гостей»
NOT_SUBJECT = {"с", "со", "к", "ко", "у", "от", "для", "при", "о", "об", "перед", "по", "на", "в", "за", "между"}
PRONOUNS = {"он", "она", "они", "его", "ее", "её"}
# «КУМАР АКСАКАЛОВ, аким Северо-Казахстанской области:», «Кайрат Пшенбаев- аким Уалихановского района:»,
# the speech on the next line or after the colon: «Ермаганбет Булекпаев, аким Карагандинской области: «У нас ...»
CAPTION = re.compile(r"^[^\n:«»\"]{3,120}:\s*([«\"“–—-].*)?$")
HOSTS = {"akim", "governor", "head"}  # posts of those who host a visitor in their region or district
# posts and kin held in relation to another person: a name in the genitive after one says whose, not who acts
# («Помощник Хиллари Клинтон по европейским и евразийским делам, который в среду посетил Белград», factRuEval
# book_361: the assistant went). Broad knowledge of the language.
RELATIONAL = {"помощник", "заместитель", "советник", "референт", "представитель", "адвокат", "охранник",
              "телохранитель", "соратник", "сторонник", "преемник", "предшественник", "жена", "супруга", "муж",
              "супруг", "сын", "дочь", "брат", "сестра", "отец", "мать", "вдова"}


def online_people(ctx: Context, triggers) -> set[str]:
    """People who joined online: «К обсуждению в режиме онлайн подключился заместитель председателя»."""
    out = set()
    for sent in ctx.doc.sentences:
        if any(t.kind == "online" for t in triggers[sent.index]):
            out |= {m.name for m in ctx.in_sentence(sent, "person")}
    return out


def title_refs(ctx: Context, sent: Sentence, cases: frozenset = frozenset({"nomn"})) -> list[tuple[str, Evidence]]:
    """People named by title only in a sentence («председатель Сената»), resolved within the article."""
    holders: dict[str, set[str]] = {}
    posts: dict[str, str] = {}  # person → the words of his posts, to match a title's qualifier against
    for r in ctx.roles:
        holders.setdefault(r.title, set()).add(r.person)
        posts[r.person] = posts.get(r.person, "") + " " + " ".join(filter(None, (r.title, r.org, r.place))).lower()
    out = []
    for i, j, title, kind in titles_alone(ctx, sent, cases):
        # «главы японского МИДа» (factRuEval book_290) is no holder's whose posts do not say «япон...»
        qualifiers = _qualifiers(sent.tokens, i, j)
        people = {p for p in holders.get(title, set()) if all(q in posts.get(p, "") for q in qualifiers)}
        # «Глава государства принял председателя парламента Грузии ...» (tn_532110): the one person the article
        # gives a post of that kind («Президент Касым-Жомарт Токаев»)
        of_kind = {r.person for r in ctx.roles if post_kind(ctx, r) == kind
                   and all(q in posts.get(r.person, "") for q in qualifiers)} if kind != "public" else set()
        if len(people) == 1:
            out.append((next(iter(people)), ctx.doc.span(sent, i, j, "title_ref")))
        elif not people and len(of_kind) == 1:
            out.append((next(iter(of_kind)), ctx.doc.span(sent, i, j, "title_ref")))
        elif not people and kind != "public":
            # «Глава государства прибыл ...» with no title before any name: the article's main
            # person, unless the article gives him only other posts; «вице-премьер» is the main person
            # named «Заместитель Премьер-министра – министр иностранных дел» (a post of the same kind)
            dominant = dominant_person(ctx)
            kinds = {post_kind(ctx, r) for r in ctx.roles if r.person == dominant}
            if dominant and (kind in kinds or not kinds - {kind}):
                out.append((dominant, ctx.doc.span(sent, i, j, "title_ref")))
    return out


def titles_alone(ctx: Context, sent: Sentence, cases: frozenset = frozenset({"nomn"})) -> list[tuple]:
    """The titles of a sentence that stand for a person with no name beside them («Глава региона проделанную
    работу оценил положительно»), in one of `cases`."""
    out = []
    names = ctx.in_sentence(sent, "person")
    for i, j, title, kind in find_titles(ctx.doc, sent):
        if not cases & parses(sent.tokens[i].text)[0].tag.grammemes:
            continue  # «инициатив Главы государства»: only a title in the subject's case acts
        tok_end = sent.tokens[j - 1].end
        verb = next((t.start for t in sent.tokens[j:] if t.is_word and parses(t.text)[0].tag.POS == "VERB"), sent.end)
        if any(tok_end <= m.evidence.start < min(verb, tok_end + 40) for m in names) or \
                _name_follows(sent.tokens, j) or _name_precedes(sent.tokens, i):
            continue  # the title stands before or after a name: not a title-only mention
        out.append((i, j, title, kind))
    return out


def _name_follows(toks, j: int) -> bool:
    """Two capitalized words soon after a title are a name, even one the lexicon lacks
    («министр обороны Израиля Йоав Галлант»)."""
    window = toks[j:j + 5]
    # «Глава государства принял председателя парламента Грузии Шалву Папуашвили»: past a verb, the name is
    # its object, not the title's bearer
    verb = next((n for n, t in enumerate(window) if t.is_word and parses(t.text)[0].tag.POS == "VERB"), None)
    window = window[:verb] if verb is not None else window
    return any(a.text[:1].isupper() and b.text[:1].isupper() and a.is_word and b.is_word
               for a, b in zip(window, window[1:]))


def _qualifiers(toks, i: int, j: int) -> list[str]:
    """«главы японского МИДа», «российского президента»: the stems of the nation's or region's adjectives
    that qualify a title («япон», «росс»); a holder's posts must name them."""
    lo = i - 1 if i > 0 and toks[i - 1].is_word else i
    out = []
    for k in range(lo, min(len(toks), j + 2)):  # «японского президента», «главы японского МИДа»
        p = parses(toks[k].text)[0] if toks[k].is_word else None
        if p and p.tag.POS == "ADJF" and p.normal_form.endswith("ский") and not toks[k].text[:1].isupper():
            out.append(p.normal_form[:4])
    return out


def _name_precedes(toks, i: int) -> bool:
    """A title in apposition after a name: «погиб бригадный генерал Мохаммад Реза Захеди, старший
    командующий» (tn_532219) is Zahedi's post, not a mention of the article's main person."""
    k = i - 1
    while k >= 0 and toks[k].is_word and not toks[k].text[:1].isupper() and \
            any(p.tag.POS == "ADJF" for p in parses(toks[k].text)):  # «старший» reads first as a noun
        k -= 1
    if k < 2 or toks[k].text != ",":
        return False
    a, b = toks[k - 2], toks[k - 1]
    return a.is_word and b.is_word and a.text[:1].isupper() and b.text[:1].isupper()


@lru_cache(maxsize=64)
def _dominant_cache(article_id: str, names: tuple) -> str | None:
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    # most mentions; a tie goes to the one named first, the usual protagonist of a report
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return ranked[0][0] if ranked else None


def dominant_person(ctx: Context, exclude: frozenset = frozenset()) -> str | None:
    """The one person the article names most often outside direct speech (leaving out `exclude`)."""
    names = tuple(m.name for m in ctx.mentions if m.kind == "person" and not ctx.in_speech(m.evidence.start)
                  and m.name not in exclude)
    return _dominant_cache(ctx.doc.article.id + ctx.doc.article.sha, names)


def met_spans(sent: Sentence, triggers: list[Trigger]) -> list[tuple[int, int]]:
    """Character spans of the objects of meetings («с акимом», «навестил семью бойца»): those met do not act."""
    out = []
    for t in triggers:
        if t.kind in MEETING_KINDS:
            call_on = lemmas(sent.tokens[t.start].text) & CALL_ON
            span = accusative_people(sent, t.end) if call_on else object_span(sent, t.end, triggers)
            if span:
                out.append((sent.tokens[span[0]].start, sent.tokens[span[1] - 1].end))
    return out


def actors(ctx: Context, sent: Sentence, triggers: list[Trigger]) -> list[tuple[str, Evidence]]:
    """People a sentence names as acting (outside speech and outside the «с ...» object of a meeting)."""
    met = met_spans(sent, triggers)
    people = [(m.name, m.evidence) for m in ctx.in_sentence(sent, "person")]
    people += title_refs(ctx, sent)
    return [(n, ev) for n, ev in sorted(people, key=lambda p: p[1].start)
            if not ctx.in_speech(ev.start) and not any(a <= ev.start < b for a, b in met)]


def subjects(ctx: Context, sent: Sentence, triggers: list[Trigger]) -> list[tuple[str, Evidence]]:
    """Actors that can be the subject: not after a preposition («с акимом», «к спикеру»)."""
    toks = sent.tokens
    out = []
    for name, ev in actors(ctx, sent, triggers):
        k = token_at(sent, ev.start)
        prev = toks[k - 1].text.lower() if k > 0 else ""
        if prev in NOT_SUBJECT or (k > 1 and toks[k - 2].text.lower() in NOT_SUBJECT and _title_like(toks[k - 1].text)):
            continue
        if _oblique_title(toks, k) or of_relation(sent, k, ev):
            continue
        out.append((name, ev))
    return out


def of_relation(sent: Sentence, k: int, ev: Evidence) -> bool:
    """The name at token k is the genitive of a relational noun right before it: «Помощник Хиллари Клинтон»,
    «заместитель Токаева»; «пресс-секретарь Дмитрий Песков» (a nominative surname) is the post's holder."""
    toks = sent.tokens
    if k == 0 or not toks[k - 1].is_word or not lemmas(toks[k - 1].text) & RELATIONAL:
        return False
    surname = toks[token_at(sent, ev.end - 1)].text
    return any("gent" in p.tag and ({"Surn", "Name", "Fixd"} & p.tag.grammemes) for p in parses(surname))


def _title_like(word: str) -> bool:
    """«с акимом Иваном»: a post word between the preposition and the name («в Хиву Токаев» has none)."""
    p = parses(word)[0]
    return p.tag.POS == "NOUN" and "anim" in p.tag and "nomn" not in p.tag


def _oblique_title(toks, k: int) -> bool:
    """«с Президентом Республики Узбекистан уважаемым Шавкатом Мирзиёевым»: a name whose title phrase
    opens after a preposition of company or object is not the subject."""
    for n in range(k - 1, max(-1, k - 8), -1):
        w = toks[n].text.lower()
        if w in {",", ".", ";", "и"} or parses(w)[0].tag.POS == "VERB":
            return False  # «Вместе с президентом приехали Дмитрий Медведев»: the verb parts them (book_156)
        if w in {"с", "со", "к", "у", "от", "для", "при", "перед"}:
            return True
    return False


def token_at(sent: Sentence, offset: int) -> int:
    """Index of the token of a sentence that starts at (or covers) a character offset."""
    for k, tok in enumerate(sent.tokens):
        if tok.end > offset:
            return k
    return len(sent.tokens) - 1


def refers_to(ctx: Context, sent: Sentence, triggers: list[Trigger], principal: str) -> bool:
    """The sentence speaks of the principal: by name, by title, as «сенаторы», or as «его»."""
    if any(n == principal for n, _ in actors(ctx, sent, triggers)):
        return True
    if any(t.kind == "group" and "nomn" in parses(sent.tokens[t.start].text)[0].tag for t in triggers):
        return True
    return any(tok.text.lower() in PRONOUNS for tok in sent.tokens)


def caption_speakers(ctx: Context) -> list[tuple[Mention, str | None]]:
    """Who speaks under a caption line («Ермаганбет Булекпаев, аким Карагандинской области: «У нас ...»»,
    b11), with the kind of the post the caption gives him."""
    out = []
    text = ctx.doc.article.text
    for sent in ctx.doc.sentences:
        line_start = text.rfind("\n", 0, sent.start) + 1
        line_end = text.find("\n", sent.start)
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        if not CAPTION.match(line) or line_start != sent.start:
            continue
        kinds = [kind for _, _, _, kind in find_titles(ctx.doc, sent)]
        people = ctx.in_sentence(sent, "person", sent.start, sent.start + line.index(":"))
        out += [(m, kinds[0] if kinds else None) for m in people[:1]]
    return out


def heads_place(ctx: Context, person: str, places: set[str]) -> bool:
    """The person holds a local head's post over one of `places`, by a role or by his caption: «Кайрат
    Пшенбаев- аким Уалихановского района:» heads the district a trip goes to (b02): he hosts it."""
    if any(r.person == person and r.place in places and post_kind(ctx, r) in HOSTS for r in ctx.roles):
        return True
    for m, kind in caption_speakers(ctx):
        if m.name == person and kind in HOSTS:
            sent = ctx.sentence_at(m.evidence.start)
            if {p.name for p in ctx.in_sentence(sent, "place")} & places:
                return True
    return False
