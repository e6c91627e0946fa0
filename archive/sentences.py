"""The one sentence splitter of the product: pysbd (rule-based sentence boundary disambiguation).

Used wherever text is cut into sentences: de-duplication fingerprints (`indexer.fingerprints`) and the
story page's shared and own sentences (`search.stories`). pysbd knows abbreviations ("U.S.", "Corp.",
"Jan.", "Gen.", "Mr."), initials, decimals and quotes, which a regex over ". " does not: the regex this
replaces cut "the U.S. Treasury" into two fragments and counted them as sentences.

Every line of the text is a paragraph; a sentence never crosses one. pysbd is slow (about 30 us a
word, most of it compiling regular expressions per call), so a paragraph with no possible boundary
inside it (no ".", "!" or "?" followed by a space and more text) is one sentence without asking it:
that is what pysbd answers for such a paragraph, but for a rare cut with no space after it
("Association.<ICGS.L>.", tests/test_sentences.py), and most wire paragraphs are one sentence.
Paragraphs recur (copies, corrections), so answers are cached.

Three more savings leave every answer as pysbd gives it (the same sentences for all 10,051 Reuters
development articles: `bench/splitter_speed.py ... sentences`; costs: `bench/story_facts.py --speed`): a
paragraph is first cut where pysbd certainly cuts (`_certain_cuts`), so most pieces need no pysbd at all;
pysbd's modules compile their regular expressions through a cache (`_PatternCache`); and its sentences are
found back in the text with `str.find`, not with a pattern compiled from each (`_Segmenter`).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.utils import Text, TextSpan

from archive.regex_guard import Requirement, requirement
from archive.sbd_abbreviations import FastEnglish

# A possible sentence end inside a paragraph: end punctuation, closing quotes or brackets, a space,
# then more text. Without one the paragraph is one sentence whatever the splitter would say.
_POSSIBLE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+\S")


class _Segmenter(pysbd.Segmenter):
    r"""pysbd's segmenter, finding its sentences back in the text with `str.find`: pysbd compiles a
    regular expression of each sentence to find it (`re.escape(sent) + r"\s*"`), which was half its time
    once its own patterns were cached. Same spans: the first match, left to right, that ends after the
    previous sentence's. Its language is pysbd's English with the faster abbreviation step
    (`archive.sbd_abbreviations`)."""

    def __init__(self) -> None:
        super().__init__(language="en", clean=False)
        self.language_module = FastEnglish

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        spans: list[TextSpan] = []
        prior_end = 0
        for sent in sentences:
            pos = 0
            while sent and (start := text.find(sent, pos)) >= 0:
                end = start + len(sent)
                while end < len(text) and text[end].isspace():  # r"\s*": str.isspace is what re calls
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                pos = end
        return spans


_SEGMENTER = _Segmenter()
# A certain sentence end: a lower-case word of two letters or more, a full stop, space, a capital
# ("... he said. The ..."), unless the word is one of pysbd's own abbreviations ("etc.", "sec.")
# or a roman numeral (list items), or the stop lies inside quotes, brackets or dashes, where pysbd never
# cuts (see `_outside_pairs`).
_CERTAIN_END = re.compile(r"(?:(?<=\s)|^)([a-z]{2,})\.\s+(?=[A-Z])")
_ABBREVIATIONS = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS)
_ROMAN = re.compile(r"[ivxlcdm]+")
_OPENING_SINGLE_QUOTE = re.compile(r"(?:^|\s)'")


# pysbd is quadratic in a paragraph's length (it finds every sentence again in the whole text): a longer
# paragraph is given to it in pieces of about this many characters, cut at possible sentence ends. A 50 MB
# article of one paragraph is then linear; a cut may split after an abbreviation once per piece.
MAX_PIECE_CHARS = 5_000


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, each stripped; every line is a paragraph."""
    out: list[str] = []
    for line in text.splitlines():
        para = line.strip()
        if not para:
            continue
        for piece in _pieces(para):
            for part in _certain_cuts(piece):
                out.extend(paragraph_sentences(part))
    return out


def _certain_cuts(para: str) -> list[str]:
    """The paragraph cut where pysbd would certainly cut it (`_CERTAIN_END`); each part is then
    split on its own, most of them without pysbd (no possible end left inside). A paragraph holding an
    ellipsis or dot leaders ("TOPPING.....15.63") is left whole: pysbd reads those from their context."""
    if ".." in para:
        return [para]
    out: list[str] = []
    start = 0
    for m in _CERTAIN_END.finditer(para):
        word = m.group(1)
        if word in _ABBREVIATIONS or _ROMAN.fullmatch(word) or not _outside_pairs(para[: m.start(1)]):
            continue
        out.append(para[start : m.end(1) + 1])
        start = m.end()
    out.append(para[start:])
    return [p.strip() for p in out if p.strip()]


def _outside_pairs(before: str) -> bool:
    """Whether a paragraph's text up to a point leaves no quote, bracket or dash pair open: pysbd keeps
    the text between such pairs whole (its `BetweenPunctuation`). An opening single quote anywhere
    before is taken as open (apostrophes make its pairs uncertain)."""
    return (
        before.count('"') % 2 == 0
        and before.count("--") % 2 == 0
        and before.count("(") == before.count(")")
        and before.count("[") == before.count("]")
        and before.count("\u201c") == before.count("\u201d")
        and before.count("\u00ab") == before.count("\u00bb")
        and "\u2018" not in before
        and not _OPENING_SINGLE_QUOTE.search(before)
    )


def _pieces(para: str) -> list[str]:
    """The paragraph cut at possible sentence ends into pieces of about MAX_PIECE_CHARS at most."""
    if len(para) <= MAX_PIECE_CHARS:
        return [para]
    out: list[str] = []
    start = 0
    while len(para) - start > MAX_PIECE_CHARS:
        m = _POSSIBLE_END.search(para, start + MAX_PIECE_CHARS // 2)
        if m is None:
            break
        cut = m.end() - 1  # the first character of the next sentence
        out.append(para[start:cut].strip())
        start = cut
    out.append(para[start:].strip())
    return [p for p in out if p]


@lru_cache(maxsize=65_536)
def paragraph_sentences(para: str) -> tuple[str, ...]:
    """The sentences of one paragraph (a single line of text, or a piece of a long one), stripped."""
    if not _POSSIBLE_END.search(para):
        return (para,)
    return _attach_fragments(_SEGMENTER.segment(para)) or (para,)


def _attach_fragments(pieces: list[str]) -> tuple[str, ...]:
    """Stripped sentences, a piece without a letter or digit (pysbd cuts a closing quote off as
    'bpd.' + '"') joined to the sentence before it."""
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not any(c.isalnum() for c in piece):
            out[-1] += piece
        else:
            out.append(piece)
    return tuple(out)


_MAX_PATTERNS = 8192
# Strings whose `in` is str's own (pysbd passes its `Text`, a str subclass).
_GUARDED_TYPES = (str, Text)


class _PatternCache:
    """The `re` module as pysbd's modules see it, with their compiled patterns kept and a call that cannot
    match answered without running it. pysbd formats about 2,800 patterns (one per abbreviation and case it
    meets), more than the 512 of `re`'s own cache, which then recompiles most of them on every call: half of
    pysbd's time. And most of its ~90 substitutions a paragraph look for characters the paragraph does not
    hold (its placeholders, list markers, brackets): `archive.regex_guard` knows from each pattern which
    characters a match needs. Same patterns, same answers (`guarded = False` runs every call, for checks)."""

    guarded = True

    def __init__(self) -> None:
        self._entries: dict[tuple[Any, int], tuple[re.Pattern[Any], tuple[tuple[str, ...], ...]]] = {}

    def _entry(self, pattern: Any, flags: int) -> tuple[re.Pattern[Any], tuple[tuple[str, ...], ...]]:
        entry = self._entries.get((pattern, flags))
        if entry is None:
            if len(self._entries) >= _MAX_PATTERNS:  # bounded, as the lru_cache it replaced
                self._entries.clear()
            compiled = re.compile(pattern, flags)
            entry = self._entries[(pattern, flags)] = (compiled, requirement(compiled).sets)
        return entry

    def _cannot_match(self, sets: tuple[tuple[str, ...], ...], string: Any) -> bool:
        return self.guarded and type(string) in _GUARDED_TYPES and Requirement(sets).excludes(string)

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        return self._entry(pattern, flags)[0]

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def sub(self, pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
        # the hot call (~90 a paragraph): `_entry` and `Requirement.excludes` written out
        entry = self._entries.get((pattern, flags)) or self._entry(pattern, flags)
        if self.guarded and type(string) in _GUARDED_TYPES:
            for chars in entry[1]:
                for ch in chars:
                    if ch in string:
                        break
                else:
                    return str(string)  # what re gives when nothing matches: a plain str
        return entry[0].sub(repl, string, count)

    def findall(self, pattern: Any, string: Any, flags: int = 0) -> list[Any]:
        compiled, req = self._entry(pattern, flags)
        return [] if self._cannot_match(req, string) else compiled.findall(string)

    def finditer(self, pattern: Any, string: Any, flags: int = 0) -> Any:
        compiled, req = self._entry(pattern, flags)
        return iter(()) if self._cannot_match(req, string) else compiled.finditer(string)

    def search(self, pattern: Any, string: Any, flags: int = 0) -> re.Match[Any] | None:
        compiled, req = self._entry(pattern, flags)
        return None if self._cannot_match(req, string) else compiled.search(string)

    def match(self, pattern: Any, string: Any, flags: int = 0) -> re.Match[Any] | None:
        compiled, req = self._entry(pattern, flags)
        return None if self._cannot_match(req, string) else compiled.match(string)

    def split(self, pattern: Any, string: Any, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        compiled, req = self._entry(pattern, flags)
        return [str(string)] if self._cannot_match(req, string) else compiled.split(string, maxsplit)


PATTERNS = _PatternCache()


def _cache_pysbd_patterns() -> None:
    cache = PATTERNS
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "pysbd" and getattr(module, "re", None) is re:
            module.re = cache  # type: ignore[attr-defined]


_cache_pysbd_patterns()
