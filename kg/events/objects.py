"""The «с кем» object of a meeting: who was met, where the list ends, what keys name it."""
from __future__ import annotations

from ..text.morph import parses
from ..text.segment import Sentence
from .context import ACTIVITY_KINDS, PASSIVE_KINDS, TRIP_KINDS, Trigger, norm, trigger_phrases

# words of a meeting's object that name who was met, not what they are: «с депутатами маслихатов»
GROUP_WORDS = {"депутат", "член", "представитель", "участник", "воспитанник", "преподаватель", "студент",
               "работник", "сотрудник", "состав", "профессорско-преподавательский", "активный", "креативный",
               "трудовой", "первый", "региональный", "проект", "житель", "ветеран", "руководитель", "глава"}
# «с общественностью области», «с активом области»: the place says where, not whom they met
PLACE_WORDS = {"область", "регион", "район", "город", "страна", "село", "республика"}
COLLECTIVE = "коллектив"  # «встретился с коллективами университета, комбината» → each is a site visit
# the meeting nouns (triggers.tsv meeting_noun), also inside a meeting phrase: «провели встречи с жителями»
MEETING_NOUNS = trigger_phrases("meeting_noun")
ABBREVIATIONS = {"им", "г", "ул", "обл", "с", "пос", "ст", "р-н", "д"}
# «встретился с медицинским персоналом», «с семьей участника СВО», «обсудил с руководством города»
PEOPLE_NOUNS = {"молодежь", "общественность", "население", "актив", "коллектив", "состав", "интеллигенция",
                "персонал", "семья", "руководство"}
WITH = {"с", "со"}
POSSESSIVES = {"его", "ее", "её", "их"}
# meeting verbs whose object is those met in the accusative, not «с кем»: «навестил семью бойца»
CALL_ON = {"навестить"}
# acts that end the «с кем» list before them: «встретился с жителями и посетил школу»
LATER_ACTS = ACTIVITY_KINDS | TRIP_KINDS


def _genitive_list(before: str, after: str) -> bool:
    return (before[:1].islower() and after[:1].islower()
            and parses(before)[0].tag.POS == "NOUN" and "gent" in parses(before)[0].tag
            and parses(after)[0].tag.POS == "NOUN" and "gent" in parses(after)[0].tag)


def object_span(sent: Sentence, start: int, triggers: list[Trigger], gap: int = 10,
                 people: bool = False) -> tuple[int, int] | None:
    """Token span of the «с ...» object within `gap` tokens after a trigger, up to the clause's end."""
    toks = sent.tokens
    k = start
    next_trigger = min((t.start for t in triggers if t.start >= start and t.kind not in PASSIVE_KINDS),
                       default=len(toks))
    while k < min(len(toks), next_trigger) and k - start <= gap and toks[k].text.lower() not in WITH:
        if toks[k].text in {".", ";", "!", "?"}:
            return None
        k += 1
    if k >= len(toks) or toks[k].text.lower() not in WITH:
        return None
    end = k + 1
    later = sorted(t.start for t in triggers if t.start > k and t.kind in LATER_ACTS)
    stop = later[0] if later else len(toks)
    stop = next((n for n in range(k + 1, stop) if ends_object(toks[n])), stop)
    # «с коллективами университета, комбината, корпорации»: the list goes on in the genitive
    list_case = "gent" if norm(parses(toks[k + 1].text)[0]) == COLLECTIVE and k + 1 < len(toks) else "ablt"
    quoted = False
    while end < stop:
        tok = toks[end]
        if tok.text in "«»\"":
            quoted = tok.text != "»" and not (tok.text == '"' and quoted)
        if tok.text == "(" and any(t.text == ")" for t in toks[end + 1:end + 4]):
            end = next(n for n in range(end + 1, end + 4) if toks[n].text == ")") + 1
            continue  # «главой Центрального командования США (CENTCOM) Майклом Куриллой»
        if tok.text in {";", "!", "?", "("} or (tok.text == "." and not quoted and not abbreviation_dot(toks, end)):
            break
        if tok.text == "," and end + 1 < len(toks):
            # a list of those met goes on in one case: «с депутатами, представителями общественности»
            nxt = toks[end + 1].text
            # «с министром инвестиций, промышленности и торговли»: genitives after a comma complete one name
            if not (nxt.lower() in {"а", "также", "и"} or any(list_case in p.tag for p in parses(nxt)[:2])
                    or _genitive_list(toks[end - 1].text, nxt)):
                break
        end += 1
    while end > k + 1 and toks[end - 1].text.lower() in {"и", "а", "также", ",", "–", "—"}:
        end -= 1  # «с членами Ассамблеи народа Казахстана и ознакомились ...»
    if end <= k + 1 or (people and not names_people(sent, k + 1, end)):
        return None
    return k + 1, end


def ends_object(tok) -> bool:
    """A word that cannot belong to «с кем/чем»: no instrumental, genitive or prepositional reading.

    «На встрече с креативной молодежью региона особое внимание было уделено»: the object ends at «особое».
    """
    if not tok.is_word or len(tok.text) == 1 or tok.text.lower() in ABBREVIATIONS | POSSESSIVES | {"и", "а", "также", "с", "со"}:
        return False
    if tok.is_latin or tok.text[:1].isupper():  # a name: «Школа анализа данных», «Кызылжар су»
        return False
    top = parses(tok.text)[:2]
    return not any(c in p.tag for p in top for c in ("ablt", "gent", "loct", "datv"))


def abbreviation_dot(toks, i: int) -> bool:
    """A dot after «им», «г», «ул» or an initial («им. Л. Гумилева») does not end the object."""
    prev = toks[i - 1].text if i else ""
    return prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def names_people(sent: Sentence, i: int, j: int) -> bool:
    """The object names people or a body: «с депутатами», «с молодежью», not «с учетом специфики»."""
    for tok in sent.tokens[i:j]:
        if not tok.is_word:
            continue
        p = parses(tok.text)[0]
        if p.tag.POS in {"ADJF", "PRTF"} or tok.text.lower() in POSSESSIVES:
            continue  # «с его женой и дочкой»
        return ("anim" in p.tag or norm(p) in GROUP_WORDS | {COLLECTIVE} | PEOPLE_NOUNS
                or tok.text[:1].isupper())
    return False


def lemma_keys(sent: Sentence, i: int, j: int, groups: bool = False) -> list[str]:
    """Nouns that say whom a meeting was with; with `groups`, also «житель», «студент»."""
    keys = []
    skip = PLACE_WORDS if groups else GROUP_WORDS | PLACE_WORDS
    for tok in sent.tokens[i:j]:
        if not tok.is_word:
            continue
        p = parses(tok.text)[0]
        if p.tag.POS == "NOUN" and norm(p) not in skip:
            keys.append(norm(p))
    return keys


def second_lemma(sent: Sentence, i: int) -> str:
    return parses(sent.tokens[i + 1].text)[0].normal_form if i + 1 < len(sent.tokens) and sent.tokens[i + 1].is_word else ""


def accusative_people(sent: Sentence, start: int) -> tuple[int, int] | None:
    """«навестил семью бойца Алексея Коломака»: those called on, the accusative object up to the clause's end."""
    toks = sent.tokens
    j = start
    while j < len(toks) and toks[j].text not in {",", ";", ".", "!", "?", "–", "—", ":"}:
        j += 1
    if j == start or not names_people(sent, start, j):
        return None
    first = next((k for k in range(start, j) if toks[k].is_word and parses(toks[k].text)[0].tag.POS == "NOUN"), None)
    if first is None or not any("accs" in p.tag for p in parses(toks[first].text)):
        return None
    return start, j
