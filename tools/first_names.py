"""Regenerate kg/rules/data/first_names_world.tsv: first names of many languages in Russian spelling.

usage: pip install natasha==1.6.0 GetGender==0.3 && python tools/first_names.py

Sources: the first-name dictionary of Natasha (natasha/data/dict/first.txt, MIT licence, about 7,600 names:
Russian, Western, Georgian, Armenian, Arabic, Turkic, Chinese, Japanese… as Russian news spells them),
the first names of pymorphy3's dictionary (OpenCorpora, CC BY-SA; pymorphy3-dicts-ru) and the given-name
list of GetGender 0.3 (GetGender/data.py, MIT licence, 51,500 names as Russian registers write them:
«Аарон», «Кими», «Саломе», «Бернд»).
Left out: names of one or two letters, the names kg/rules/data/first_names.tsv already has, titles
(«Аким»), the particle «Абд», a name pymorphy3's dictionary knows only as a common word («Роза» aside, «Мир», «Вера»), and a
name in -а/-я beside a man's name it is an oblique form of («Нурлана» beside «Нурлан», «Аркадя» beside
«Аркадий»: its genitive would read a man's «Аркади» as a woman). GetGender's list is a register's, with
surnames and towns among the names («Иванов», «Лондон»): a name only it has is kept only where pymorphy3
knows the word as nothing but a first name or not at all, it has no surname ending and no place in
kg/rules/data/places.tsv or world.tsv bears it. The gender is pymorphy3's where its dictionary knows the
name, else read from the ending (-а/-я feminine unless GetGender says male), else GetGender's.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import natasha
import pymorphy3
from GetGender.data import DATA as GETGENDER

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "rules" / "data" / "first_names_world.tsv"
SOURCE = Path(natasha.__file__).parent / "data" / "dict" / "first.txt"
MORPH = pymorphy3.MorphAnalyzer()
# surname endings: a register's «Иванов», «Петровская» are no first names
SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|швили|дзе|ян|янц)$")
# Arabic «Абд» (servant of…) begins a compound name («Абд аль-Азиз») and never stands as a first name
PARTICLES = {"абд"}
# the places of the gazetteers: name and aliases, columns 1 and 4
PLACE_FILES = ("places.tsv", "world.tsv")


def data_words(name: str, columns: tuple[int, ...]) -> set[str]:
    """Lower-case values (aliases split on |) of some columns of a data file."""
    out = set()
    for line in (OUT.parent / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("#")[0].rstrip().split("\t")
            for c in columns:
                if c < len(fields):
                    out |= {v.strip().lower() for v in fields[c].split("|") if v.strip()}
    return out


def main() -> int:
    have = data_words("first_names.tsv", (0,))
    titles = data_words("titles.tsv", (0,))
    places = set().union(*(data_words(f, (0, 3)) for f in PLACE_FILES))
    natasha_names = {raw.split("#")[0].strip() for raw in SOURCE.read_text(encoding="utf-8").splitlines()}
    # the first names of pymorphy3's dictionary (OpenCorporA): «Шалва», «Йоав», «Кадри»
    pymorphy_names = {p.normal_form for p in MORPH.iter_known_word_parses() if "Name" in p.tag and "nomn" in p.tag
                      and "sing" in p.tag and p.word == p.normal_form}
    register = {n.lower(): g for n, g in GETGENDER.items() if re.fullmatch(r"[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?", n)}
    source = natasha_names | pymorphy_names | set(register)
    only_register = set(register) - natasha_names - pymorphy_names
    men = {n for n in source if any(p.is_known and "Name" in p.tag and p.tag.gender == "masc" and p.normal_form == n
                                    for p in MORPH.parse(n))}
    rows = []
    for low in sorted(source):
        if len(low) < 3 or low in have or low in titles or not low.isalpha() and "-" not in low:
            continue  # «Аким» is a title here
        if low in PARTICLES:
            continue  # «Эссам Абд Эль Фатах»: a part of a name, never a first name alone
        if re.search(r"[^аеёиоуыэюя]й$", low):
            continue  # «Николй»: a misspelling in the source
        known = [p for p in MORPH.parse(low) if p.is_known]
        names = [p for p in known if "Name" in p.tag and p.normal_form == low]
        stem = low[:-1]
        if low[-1] in "ая" and not names and {stem, stem + "й", stem + "ь", stem + "и"} & (have | men):
            continue  # «Нурлана», «Мадя»: the genitive of a man's name, not a woman's name
        if re.search(r"[^аеёиоуыьэюя]я$", low) and stem + "ий" in have and stem + "и" in source:
            continue  # «Аркадя» (pymorphy3's, beside Аркадий): its genitive would read a man's «Аркади» as her
        if known and not names and not any("Surn" in p.tag for p in known):
            continue  # a common word only: «мир», «вера» (lower-case: «роза»)
        if low in only_register:
            if known and not names or SURNAME.search(low) or low in places:
                continue  # the register's «Иванов», «Лондон», «Аббат»
        if names:
            gender = names[0].tag.gender
        elif low[-1] in "ая":
            gender = "masc" if register.get(low) == "male" and low in only_register else "femn"
        else:
            gender = "femn" if register.get(low) == "female" and low in only_register else "masc"
        rows.append((low.capitalize() if "-" not in low else "-".join(w.capitalize() for w in low.split("-")),
                     "f" if gender == "femn" else "m",
                     bool(known and any("Name" not in p.tag for p in known))))
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# First names of many languages in Russian spelling, generated by tools/first_names.py from Natasha's\n"
                "# dictionary (natasha/data/dict/first.txt, MIT licence), pymorphy3's (OpenCorpora, CC BY-SA) and\n"
                "# GetGender 0.3's register of given names (GetGender/data.py, MIT licence).\n"
                "# Do not edit: rerun the script.\n"
                "# name<TAB>gender (m | f); «needs context» marks a name that is also a common word or a surname.\n")
        for name, gender, word in sorted(rows):
            f.write(f"{name}\t{gender}{'  # needs context' if word else ''}\n")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
