"""pysbd's abbreviation step, as pysbd does it, without trying every abbreviation on every paragraph.

pysbd's `AbbreviationReplacer.search_for_abbreviations_in_string` tests each of its ~200 abbreviations
as a substring of the paragraph, and for every one found (even inside a word: "co" in "could") runs a
pattern over the paragraph for each word it starts, then a substitution over the whole paragraph per
such word: most of pysbd's time on wire text. Its substitutions only ever turn the full stop right after
an abbreviation at a word's start into "∯". So an abbreviation can change the text only if some word
starts with it followed by a full stop; for an abbreviation without a dot of its own, that word's text
before its first full stop IS the abbreviation (case aside), found for all abbreviations at once with one
pattern and a set. For those (and the few dotted ones, "u.s", "e.g", kept behind pysbd's own substring
test) pysbd's own steps run, in pysbd's order, a substitution only where its abbreviation and full stop
occur: the same text as pysbd's, which `tests/test_sentences.py` checks against plain pysbd.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from pysbd.lang.english import English

# Characters `re.IGNORECASE` equates with an ASCII letter, or that lower-case to one ("\u212a" Kelvin
# sign is "k"): a paragraph holding one is handed to pysbd's own loop, since `str.lower` alone would not
# find its abbreviations as pysbd's case-blind patterns do. The set is all of Unicode's such characters
# (`tests/test_sentences.py` recomputes it).
ASCII_CASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")

# The text before the first full stop of a word that has one ("Corp." -> "Corp", "U.S." -> "U").
_HEAD_BEFORE_STOP = re.compile(r"(?<!\S)([^\s.]+)\.")

_ABBREVIATIONS = [a.strip() for a in English.Abbreviation.ABBREVIATIONS]
# Positions in pysbd's list of each abbreviation without a dot (a list may name one twice).
_PLAIN_AT: dict[str, list[int]] = defaultdict(list)
for _i, _abbr in enumerate(_ABBREVIATIONS):
    if "." not in _abbr:
        _PLAIN_AT[_abbr.lower()].append(_i)
# pysbd's pattern makes the dot of these match any character: they keep pysbd's own substring test.
_DOTTED_AT = [(i, a) for i, a in enumerate(_ABBREVIATIONS) if "." in a]


@lru_cache(maxsize=1024)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


class FastAbbreviationReplacer(English.AbbreviationReplacer):
    """English's abbreviation replacer, its per-paragraph search restricted to the abbreviations that
    can change the paragraph."""

    def search_for_abbreviations_in_string(self, text: str) -> str:
        if not ASCII_CASE_TWINS.isdisjoint(text):
            return str(super().search_for_abbreviations_in_string(text))
        lowered = text.lower()
        for abbr in _candidates(text, lowered):
            # pysbd's loop body (abbreviation_replacer.py), unchanged but for the guard below
            if abbr not in lowered:
                continue
            abbrev_match = _compiled(rf"(?:^|\s|\r|\n){abbr}", re.IGNORECASE).findall(text)
            if not abbrev_match:
                continue
            char_array = _compiled(r"(?<={" + str(re.escape(abbr)) + "} ).{1}").findall(text)
            for ind, match in enumerate(abbrev_match):
                # Each of pysbd's substitutions needs this word followed by a full stop: without one
                # it leaves the text as it is.
                if match.strip() + "." in text:
                    text = self.scan_for_replacements(text, match, ind, char_array)
        return text


def _candidates(text: str, lowered: str) -> list[str]:
    """The abbreviations that may change `text`, in pysbd's order."""
    found = [i for head in _HEAD_BEFORE_STOP.findall(text) for i in _PLAIN_AT.get(head.lower(), ())]
    found += [i for i, abbr in _DOTTED_AT if abbr in lowered]
    return [_ABBREVIATIONS[i] for i in sorted(set(found))]


class FastEnglish(English):
    """pysbd's English with the abbreviation replacer above."""

    AbbreviationReplacer = FastAbbreviationReplacer
