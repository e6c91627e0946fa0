"""The canonical-name table of a generation: one display name per person or organisation, with every
spelling seen for it. The indexer builds it (`indexer/canon.py`, whose docstring gives the merge rules) and
writes it as `canon.json`; search reads it to resolve a name asked for under any known spelling.
`merge_key` is the part of those rules a lookup needs: names with one key are one entity by form alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

KINDS = ("person", "org")
# Legal-form words that end a company name and say nothing about which company it is.
CORP_SUFFIXES = frozenset(
    """corp corporation inc incorporated co cos company ltd limited plc ag sa nv llc lp gmbh spa bv ab asa
    oy oyj bhd berhad pty""".split()
)

INST_HEADS = ("department", "ministry", "office", "bureau", "board", "agency", "commission", "council")



_RX_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\.)|(?<=\b[a-z]\.[a-z])\.")
_RX_POSS = re.compile(r"['\u2019]s\b")
_RX_PUNCT = re.compile(r"[^\w\s]|_")
_RX_INST = re.compile(r"^(.*?)\b(" + "|".join(INST_HEADS) + r") of (?:the )?(.+)$")


@lru_cache(maxsize=1 << 18)
def norm(name: str) -> str:
    """Lower case, accents and punctuation removed, "the" dropped, "department of x" -> "x department"."""
    s = name if name.isascii() else unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower() if not s.isascii() else s.lower()
    s = _RX_DOTS.sub("", s)  # "u.s." -> "us"
    s = _RX_POSS.sub("", s)
    s = " ".join(_RX_PUNCT.sub(" ", s).split())
    if s.startswith("the "):
        s = s[4:]
    m = _RX_INST.match(s) if " of " in s else None
    if m:
        s = re.sub(r"\s+", " ", f"{m.group(1)}{m.group(3)} {m.group(2)}").strip()
    return s


# Documented transliteration patterns, applied to each word of four letters or more of a name of two
# words or more: ph/f, aspirated dh/kh/gh, q/k, e/i, o/u (so ou and oo are u), doubled letters single.
_PH = re.compile(r"ph")
_ASPIRATED = re.compile(r"(?<=[dkg])h")
_LETTERS = str.maketrans("qeo", "kiu")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")


def transliterate(word: str, org: bool = False) -> str:
    """The transliteration class of one normalized word ("gaddafi"/"gadhafi" -> "gadafi", "hezb"/"hizb");
    in organisations a word of five letters or more also loses the quality of its vowels
    ("mohammed"/"muhammad")."""
    if len(word) < 4:
        return word
    if org and len(word) >= 5:
        word = _VOWELS.sub("a", word)
    if "h" in word:
        word = _ASPIRATED.sub("", _PH.sub("f", word))
    return _DOUBLED.sub(r"\1", word.translate(_LETTERS))


def suffixless(name: str) -> list[str]:
    """Normalized words of an organisation's name without its trailing legal form."""
    words = norm(name).split()
    while len(words) > 1 and words[-1] in CORP_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[-1] == "and":  # "Smith Barney, Harris Upham and Co"
        words.pop()
    return words


@lru_cache(maxsize=1 << 18)
def merge_key(kind: str, name: str) -> str:
    """Names with one key are one entity by form alone (rule 2 of the module docstring)."""
    words = suffixless(name) if kind == "org" else norm(name).split()
    if len(words) >= 2:
        words = [transliterate(w, kind == "org") for w in words]
    return "".join(words) or name.lower()



class NamesOf(Protocol):
    """What the table maps for one article: its names, and those found only in capitals."""

    persons: list[str]
    orgs: list[str]
    caps_persons: list[str]
    caps_orgs: list[str]


@dataclass
class Canon:
    """Canonical display names and the variants seen for each, per kind."""

    display: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: {} for k in KINDS}
    )  # merge key -> display
    by_variant: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: {} for k in KINDS}
    )  # lower -> display
    spellings: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {k: {} for k in KINDS})
    dropped: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    merges: list[dict] = field(default_factory=list)

    def lookup(self, kind: str, name: str) -> str | None:
        """Any known variant (case-insensitive) -> canonical display name."""
        name = name.strip()
        hit = self.by_variant.get(kind, {}).get(name.lower())
        return hit if hit is not None else self.display.get(kind, {}).get(merge_key(kind, name))

    def _map(self, kind: str, names: Iterable[str], caps: Iterable[str] = ()) -> list[str]:
        """Canonical names of one article; a name it has only in capitals counts when the archive
        has it in normal case somewhere."""
        out: list[str] = []
        drop = set(self.dropped.get(kind, []))
        for n in names:
            if n.lower() in drop:
                continue
            c = self.lookup(kind, n) or n
            if c not in out:
                out.append(c)
        for n in caps:
            hit = self.lookup(kind, n)
            if hit is not None and n.lower() not in drop and hit not in out:
                out.append(hit)
        return out

    def persons(self, ae: NamesOf) -> list[str]:
        return self._map("person", ae.persons, ae.caps_persons)

    def orgs(self, ae: NamesOf) -> list[str]:
        return self._map("org", ae.orgs, ae.caps_orgs)

    def variants(self, kind: str, canonical: str) -> list[str]:
        return list(self.spellings.get(kind, {}).get(canonical, [canonical]))

    def to_json(self) -> dict:
        return {
            "version": 2,
            "display": self.display,
            "by_variant": self.by_variant,
            "spellings": self.spellings,
            "dropped": self.dropped,
            "merges": self.merges,
        }

    @classmethod
    def from_json(cls, d: dict) -> Canon:
        return cls(
            display={k: dict(d.get("display", {}).get(k, {})) for k in KINDS},
            by_variant={k: dict(d.get("by_variant", {}).get(k, {})) for k in KINDS},
            spellings={k: {c: list(v) for c, v in d.get("spellings", {}).get(k, {}).items()} for k in KINDS},
            dropped={k: list(d.get("dropped", {}).get(k, [])) for k in KINDS},
            merges=list(d.get("merges", [])),
        )
