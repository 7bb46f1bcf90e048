"""Cached pymorphy3 morphology: parses and lemmas per word form, inflection of names and phrases."""
from __future__ import annotations

import fcntl
import io
import os
import pickle
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pymorphy3
from pymorphy3.units.base import BaseAnalyzerUnit

MORPH = pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def _analyses(word: str) -> list:
    """pymorphy3's analyses of a word form before its probability estimate (MorphAnalyzer.parse's
    own loop over its units): parses and lemmas of one form share one walk of the dictionary,
    which is most of a new form's cost. Lemmas need neither the estimate nor Parse objects."""
    found, seen, low = [], set(), word.lower()
    for unit, terminal in MORPH._units:
        found.extend(unit.parse(word, low, seen))
        if terminal and found:
            break
    return found


_DICTIONARY = MORPH._units[0][0]  # pymorphy3's DictionaryAnalyzer, the first unit it asks
CACHE_LIMIT = 200_000  # word forms kept in memory (about 1 kB each); past it the caches start again


class _Forms(dict):
    """Word form -> what the morphology finds of it, found once: in the table of frequent words
    (`from_table`, None when the table lacks it) or by pymorphy3 (`analyse`). The rules ask some 30,000
    times a pass over the real corpus, nearly always of a form already met: such a look-up runs no
    Python code. `new` lists the forms pymorphy3 was asked about since the last save: all a forms file
    needs that it does not have."""

    def __init__(self, from_table, analyse):
        super().__init__()
        self.from_table, self.analyse = from_table, analyse
        self.new: list[str] = []

    def __missing__(self, word: str):
        if len(self) >= CACHE_LIMIT:
            self.clear()
            self.new.clear()
        found = self.from_table(word)
        if found is None:
            found = self.analyse(word)
            self.new.append(word)
        self[word] = found
        return found


def dictionary_parses(word: str) -> tuple:
    """pymorphy3's parses of a word form (MORPH.parse(word))."""
    return tuple(MORPH._result_type(*p) for p in MORPH.prob_estimator.apply_to_parses(
        word, word.lower(), _analyses(word)))


def dictionary_lemmas(word: str) -> frozenset[str]:
    """The normal forms of pymorphy3's analyses of a word form, ё read as е."""
    return frozenset(normal_form.replace("ё", "е") for _, _, normal_form, _, _ in _analyses(word))


FREQUENT_FORMS = Path(__file__).parent / "data" / "frequent_forms.tsv"


@lru_cache(maxsize=1)
def _frequent() -> dict[str, str]:
    """Lower-case word -> «lemmas<TAB>analyses» of the most frequent Russian words (made by
    tools/frequent_forms.py), or nothing when the table was made by another morphology."""
    lines = FREQUENT_FORMS.read_text(encoding="utf-8").splitlines()
    made_by = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("# analyser:")), None)
    if made_by != analyser_versions():
        return {}
    return dict(line.split("\t", 1) for line in lines if not line.startswith("#"))


def _is_known(word: str) -> bool:
    """pymorphy3's dictionary has the lower-case word (MORPH.word_is_known); a frequent one is in the table."""
    return word in _frequent() or MORPH.word_is_known(word)


# A known word is read the same in any capitals: one table entry serves «стали», «Стали», «СТАЛИ».

def _table_lemmas(word: str) -> frozenset[str] | None:
    known = _frequent().get(word.lower())
    return frozenset(known.split("\t", 1)[0].split(" ")) if known is not None else None


def _table_parses(word: str) -> tuple | None:
    known = _frequent().get(word.lower())
    if known is None:
        return None
    # each analysis is «[dictionary word@]paradigm:index:score», as pymorphy3's dictionary unit reads it
    low, found = word.lower(), []
    for analysis in known.split("\t", 1)[1].split(" "):
        fixed, _, rest = analysis.rpartition("@")
        fixed = fixed or low
        para, idx, score = rest.split(":")
        para, idx = int(para), int(idx)
        found.append(MORPH._result_type(fixed, _DICTIONARY.dict.build_tag_info(para, idx),
                                        _DICTIONARY.dict.build_normal_form(para, idx, fixed), float(score),
                                        ((_DICTIONARY, fixed, para, idx),)))
    return tuple(found)


_PARSES: dict[str, tuple] = _Forms(_table_parses, dictionary_parses)
_LEMMAS: dict[str, frozenset[str]] = _Forms(_table_lemmas, dictionary_lemmas)
# parses(word): all pymorphy3 parses of a word form, cached per form (MORPH.parse(word))
parses = _PARSES.__getitem__
# lemmas(word): every normal form pymorphy3 considers, for rules that must not miss a reading
lemmas = _LEMMAS.__getitem__


class FormMemo(dict):
    """A word form (or a few words and what is asked of them) -> what a rule finds of it (`compute`, once
    per form), kept in the forms file under `name` beside the morphology: a rebuild or a worker starts
    with the answers of earlier runs, as long as the extraction's code and data are those that found
    them (the fingerprint the build gives load_forms and save_forms). A look-up of a form already met runs no Python code. Answers are plain data
    (str, int, bool, None, tuples, lists, frozensets)."""

    def __init__(self, name: str, compute, limit: int = CACHE_LIMIT):
        # answers a forms file brought before this memo was made (an index is built when first needed)
        super().__init__(_PENDING.pop(name, ()))
        self.name, self.compute, self.limit = name, compute, limit
        self.new: list[str] = []  # forms computed since the last save
        _MEMOS[name] = self

    def __missing__(self, word: str):
        # nothing else here: a cold pass over the real corpus comes here 60,000 times (the memory
        # bound is kept between articles, by keep_bounds)
        found = self[word] = self.compute(word)
        self.new.append(word)
        return found


_MEMOS: dict[str, FormMemo] = {}
_PENDING: dict[str, dict] = {}  # name -> stored answers of a memo not made yet

# is_known(word): _is_known once per form. The rules ask it of a few thousand forms a pass over the real
# corpus, at a capital, a surname, a glued word; the dictionary's look-up is 2-4 µs a form, and a forms file
# keeps the answers (a rebuild asked pymorphy3 2,082 times a pass over the corpus for them)
is_known = FormMemo("known words", _is_known).__getitem__


def keep_bounds() -> None:
    """Empty every memo that holds as many forms as its bound (kg.events.extract asks before each
    article): in a long run, memory stays bounded; the answers are found again as forms come back."""
    for memo in _MEMOS.values():
        if len(memo) >= memo.limit:
            memo.clear()
            memo.new.clear()


def analyser_versions() -> str:
    """The morphology in use: other versions may read words otherwise."""
    return " ".join(f"{lib}={metadata.version(lib)}" for lib in ("pymorphy3", "pymorphy3-dicts-ru"))


# pymorphy3's analyzer units, which a parse names in its methods_stack: saved by position
_UNITS = [u for u, _ in MORPH._units]
_UNITS += [v for u in list(_UNITS) for v in vars(u).values() if isinstance(v, BaseAnalyzerUnit)]
_UNIT_AT = {id(u): i for i, u in enumerate(_UNITS)}


def _unit(position: int) -> BaseAnalyzerUnit:
    return _UNITS[position]


def _reduce_unit(unit: BaseAnalyzerUnit):
    return _unit, (_UNIT_AT[id(unit)],)


class _FormsPickler(pickle.Pickler):
    # by type, not persistent_id: pickle calls persistent_id for every string and tuple of the file
    # (0.08 s of a build of the real corpus, as long as the rest of the save), a dispatch table only
    # for objects of the types it names
    dispatch_table = {type(u): _reduce_unit for u in _UNITS}


class _FormsUnpickler(pickle.Unpickler):
    """Reads strings, numbers, tuples, lists, dicts and analyzer units by position, nothing else: a
    forms file planted in an output folder must not run code at the next build."""

    def find_class(self, module, name):
        if (module, name) == (__name__, "_unit"):
            return _unit
        raise pickle.UnpicklingError(f"the forms file names {module}.{name}")


# `rules` below is the fingerprint of the code and data whose answers the memos hold: kg.build.cache's
# fingerprint(), of the modules kg.events.extract imports, the rules' and text's data, the analysers and
# Python (whose Unicode tables str.lower and isupper read); the build passes it, as kg.text sits below it

def load_forms(path: Path, rules: str) -> int:
    """Take in the word forms a previous run analysed (saved by save_forms), and the rules' answers
    about them (FormMemo): a new form costs about 40 µs of pymorphy3, a known one a dictionary look-up.
    Returns how many; a file of another morphology, or a damaged one, is ignored, and so are answers
    that other rules found (a fingerprint other than `rules`)."""
    return _take(_read_forms(path), rules)


def take_forms(data: bytes, rules: str) -> int:
    """load_forms from the bytes of a forms file (sent to a cluster's workers)."""
    return _take(_decode_forms(io.BytesIO(data)), rules)


def _take(stored: dict, rules: str) -> int:
    tags: dict[str, object] = {}  # one tag object per tag, as in pymorphy3's own tables
    for word, found in stored["parses"].items():
        _PARSES.setdefault(word, tuple(MORPH._result_type(w, tags.get(tag) or tags.setdefault(tag, MORPH.TagClass(tag)), *rest)
                                       for w, tag, *rest in found))
    for word, found in stored["lemmas"].items():
        _LEMMAS.setdefault(word, frozenset(found))
    taken = len(stored["parses"]) + len(stored["lemmas"])
    if stored["rules"] != rules:  # answers of other rules may be wrong for these
        return taken
    for name, answers in stored["memos"].items():
        if name in _MEMOS:
            _MEMOS[name].update(answers)
        else:
            _PENDING.setdefault(name, {}).update(answers)
        taken += len(answers)
    return taken


def forms_snapshot(rules: str) -> bytes:
    """The word forms this process analysed since the last save or snapshot (and the rules' answers
    about them, stamped with `rules`), as save_forms(more=…) takes them from a cluster's workers;
    empty when there are none."""
    if not _any_new():
        return b""
    out = io.BytesIO()
    _FormsPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(_new_forms(rules))
    return out.getvalue()


def _any_new() -> bool:
    return bool(_PARSES.new or _LEMMAS.new or any(memo.new for memo in _MEMOS.values()))


def _new_forms(rules: str) -> dict:
    """The forms pymorphy3 was asked about since the last save or snapshot (the table's are not
    among them: the next build reads those there as fast) and the rules' new answers, which are then
    no longer new. A form is one string object wherever it occurs: pickle writes it once."""
    one = {}
    forms = {"version": analyser_versions(),
             "parses": {one.setdefault(word, word): [(w, str(tag), *rest) for w, tag, *rest in _PARSES[word]]
                        for word in _PARSES.new},
             # frozensets: pickle has an opcode for them (the caches hold CACHE_LIMIT forms at most)
             "lemmas": {one.setdefault(word, word): _LEMMAS[word] for word in _LEMMAS.new},
             "rules": rules,
             "memos": {name: {one.setdefault(word, word): memo[word] for word in memo.new}
                       for name, memo in _MEMOS.items() if memo.new}}
    _PARSES.new.clear()
    _LEMMAS.new.clear()
    for memo in _MEMOS.values():
        memo.new.clear()
    return forms


def save_forms(path: Path, rules: str, more: Iterable[bytes] = ()) -> None:
    """Add the forms this process analysed, and those of the snapshots in `more` (forms_snapshot of a
    cluster's workers), to the file at path, atomically and under a lock, so that worker processes
    of one build can each add theirs. The rules' answers are stamped with `rules` and replace those of
    other rules; a snapshot's answers of another fingerprint are left out."""
    held = [_decode_forms(io.BytesIO(data)) for data in more if data]
    if _any_new():
        held.append(_new_forms(rules))
    if not held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored = _read_forms(path)
        if stored["rules"] != rules:
            stored["rules"], stored["memos"] = rules, {}
        for forms in held:
            for kind in ("parses", "lemmas"):
                stored[kind].update(forms[kind])
            for name, answers in forms["memos"].items() if forms["rules"] == rules else ():
                stored["memos"].setdefault(name, {}).update(answers)
        # the latest forms, up to the memory bound (a memo's own: more would be dropped at the first article)
        bounds = [(stored["parses"], CACHE_LIMIT), (stored["lemmas"], CACHE_LIMIT)]
        bounds += [(kept, _MEMOS[name].limit if name in _MEMOS else CACHE_LIMIT) for name, kept in stored["memos"].items()]
        for kept, limit in bounds:
            while len(kept) > limit:
                del kept[next(iter(kept))]
        # a writer holds the lock until its file is in place: one found now is a killed writer's
        for stale in path.parent.glob(f"{path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as f:
            _FormsPickler(f, protocol=pickle.HIGHEST_PROTOCOL).dump(stored)
        os.replace(temporary, path)


def _read_forms(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return _decode_forms(f)
    except OSError:  # a missing file is only lost time
        return _no_forms()


def _decode_forms(f) -> dict:
    """The forms of a pickled forms file, or none when it is damaged or of another morphology."""
    try:
        stored = _FormsUnpickler(f).load()
    except Exception:  # a damaged file is only lost time
        return _no_forms()
    ok = isinstance(stored, dict) and stored.get("version") == analyser_versions()
    if not (ok and isinstance(stored.get("parses"), dict) and isinstance(stored.get("lemmas"), dict)):
        return _no_forms()
    memos = stored.get("memos")
    if not (isinstance(stored.get("rules"), (str, type(None))) and isinstance(memos, dict)
            and all(isinstance(answers, dict) for answers in memos.values())):
        stored["rules"], stored["memos"] = None, {}  # a file of an earlier kg: no rules' answers
    return stored


def _no_forms() -> dict:
    return {"version": analyser_versions(), "parses": {}, "lemmas": {}, "rules": None, "memos": {}}


# an adjective whose forms are also those of another's positive degree: a name's word is the positive,
# «с Большим театром» (book_424) is the Большой театр, never a «Больший»; «Большое Алматинское озеро»
NOT_POSITIVE = {"больший"}


def inflect(word: str, grammemes: set[str], pos: str | None = None) -> str | None:
    """Inflect a word to the given grammemes, keeping its capitalization; None when impossible."""
    # plain strings: a tag's gender is pymorphy3's own str type, which a forms file cannot hold
    return _INFLECTED[word, frozenset(map(str, grammemes)), pos]


def _inflected(asked: tuple[str, frozenset[str], str | None]) -> str | None:
    # pymorphy3's inflection walks a word's lexeme (70 µs): once per word and grammemes
    word, grammemes, pos = asked
    for p in sorted(parses(word), key=lambda p: p.normal_form in NOT_POSITIVE):  # stable: the rest keep their order
        if pos and p.tag.POS != pos:
            continue
        f = p.inflect(grammemes)
        if f and "Supr" in p.tag and not f.word.startswith(word.lower()[:4]):
            # «высшем» is a superlative of «высокий», whose lexeme also has «высочайший»: keep the
            # word's own stem («высший», «лучший»)
            f = next((g for g in p.lexeme if grammemes <= g.tag.grammemes
                      and g.word.startswith(word.lower()[:4])), f)
        if f:
            return match_case(f.word, word)
    return None


_INFLECTED = FormMemo("inflections", _inflected, 50_000)


def nominative_phrase(adjectives: list[str], head: str) -> str:
    """«Усть-Каменогорского титано-магниевого комбината» → «Усть-Каменогорский титано-магниевый комбинат»."""
    return _NOMINATIVE[tuple(adjectives), head]


def _nominative(asked: tuple[tuple[str, ...], str]) -> str:
    adjectives, head = asked
    gender = next((p.tag.gender for p in parses(head) if p.tag.POS == "NOUN" and p.tag.gender), "masc")
    words = [inflect(a, {"nomn", "sing", gender}, pos="ADJF") or a for a in adjectives]
    noun = next((p.inflect({"nomn", "sing"}) for p in parses(head) if p.tag.POS == "NOUN"), None)
    return " ".join(words + [match_case(noun.word, head) if noun else head])


_NOMINATIVE = FormMemo("nominative phrases", _nominative, 50_000)


def accusative_phrase(phrase: str) -> str:
    """«Карагандинская область» → «Карагандинскую область»; words that do not decline stay.

    A place is inanimate, so only feminine singular words change: «в Шымкент», «в Сарыагашский район»
    (pymorphy guesses unknown names as animate, and would give «в Шымкента»)."""
    out = []
    for word in phrase.split(" "):
        p = next((p for p in parses(word) if "nomn" in p.tag), None)
        f = p.inflect({"accs"}) if p and {"femn", "sing"} <= p.tag.grammemes else None
        out.append(match_case(f.word, word) if f else word)
    return " ".join(out)


def match_case(new: str, like: str) -> str:
    """Copy the capitalization pattern of `like` onto `new`, hyphen-part by part."""
    if like.isupper() and len(like) > 1:
        return new.upper()
    parts, like_parts = new.split("-"), like.split("-")
    out = []
    for i, part in enumerate(parts):
        ref = like_parts[i] if i < len(like_parts) else like_parts[-1]
        out.append(part[:1].upper() + part[1:] if ref[:1].isupper() else part)
    return "-".join(out)


# words that outlets drop or add in the same name: «Карагандинский (государственный) университет»
NAME_KEY_STOP = {"государственный", "национальный", "имени", "республиканский", "акционерный", "общество"}


def name_key(name: str) -> frozenset[str]:
    """A loose key of a name for matching reports of one thing: word stems, no short or variable words."""
    words = re.findall(r"\w+", name.lower().replace("ё", "е"))
    return frozenset(w[:6] for w in words if len(w) > 2 and w not in NAME_KEY_STOP)
