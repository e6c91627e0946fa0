"""Text fingerprints for de-duplication: sentences, word tokens and 5-word shingle hashes.

Tokens are lower-cased runs of letters/digits, so punctuation, case and spacing differences
("cross -border" vs "cross-border", curly vs straight quotes) do not change a fingerprint.
Sentence boundaries (the product's one splitter, `archive.sentences`) are kept so that a sentence can
be matched on the shingles inside it: a quoted sentence moved elsewhere (other neighbours) still
matches.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from archive.sentences import split_sentences

SHINGLE_WORDS = 5  # the issue defines near-duplicates by 5-word-shingle Jaccard

_TOKEN = re.compile(r"[^\W_]+")
_TOKEN_CACHE: dict[str, int] = {}
_TOKEN_CACHE_MAX = 2_000_000  # bounded: vocabularies of big archives grow without end

# Odd multipliers for combining the five token hashes (position matters) and the splitmix64 finaliser.
_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits only)."""
    return _TOKEN.findall(text.lower())


def _token_hash(tok: str) -> int:
    """Stable 64-bit token hash (Python's hash() is salted per process, so unusable on disk)."""
    h = _TOKEN_CACHE.get(tok)
    if h is None:
        h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
        if len(_TOKEN_CACHE) >= _TOKEN_CACHE_MAX:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[tok] = h
    return h


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads bits so the low bits and the mod-sample are uniform."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@dataclass(frozen=True)
class Fingerprint:
    """Shingle hashes of one text in reading order, with the token where each sentence starts."""

    shingles: np.ndarray  # uint64, one per 5-word window of the whole token stream
    sentence_starts: np.ndarray  # int32, token index where each sentence starts
    facts: Facts


@dataclass(frozen=True)
class Facts:
    """The facts of a text in their slots: for each fact word (a number, or a capitalised word that is not
    a function word: names, months) two slots, the two words before it and the two words after it in its
    sentence, each with the fact's value. Two texts filling one slot with different values state
    different facts in one template ("GMAC unit issues 50 mln" / "Brierley unit issues 100 mln")."""

    slots: np.ndarray  # uint32 hash of (side, two context words)
    values: np.ndarray  # uint32 hash of the fact's value (see `_fact_value`), its first character in the
    # low byte; NUMBER_BIT set for numbers

    @staticmethod
    def empty() -> Facts:
        return Facts(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32))


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint a text: 5-word shingles over the whole text (the issue's Jaccard measure) plus
    sentence boundaries, so that a sentence can be matched on the shingles lying inside it."""
    toks: list[str] = []
    starts: list[int] = []
    sentences = split_sentences(text)
    for sent in sentences:
        t = tokens(sent)
        if t:
            starts.append(len(toks))
            toks.extend(t)
    return Fingerprint(shingle_hashes(toks), np.asarray(starts, dtype=np.int32), facts(sentences))


# Fact words: numbers (with their separators and ordinal suffix) and words.
_FACT_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+(?:['-][^\W\d_]+)*")
_PLAIN_INT = re.compile(r"\d{1,4}")
_M64 = (1 << 64) - 1
NUMBER_BIT = 1 << 31


def _fact_value(tok: str) -> str:
    """A fact's value, equal for two spellings of one fact: a number of 5+ digits or with a decimal
    point by its two significant digits ("12,141,000" = "12.1" mln, "2.2" = "2,191,000"); a short
    whole number (days, years, counts) exactly; a word by its first three letters ("Corp" =
    "Corporation", "Labour" = "Labor")."""
    if tok[0].isdigit():
        num = tok.rstrip("stndrh")
        if "/" in num or _PLAIN_INT.fullmatch(num):
            return num
        try:
            return f"{float(num.replace(',', '')):.1e}".split("e")[0]
        except ValueError:
            return num
    return tok[:3].lower()


def facts(sentences: list[str]) -> Facts:
    """The fact slots of a text given as sentences (see `Facts`). A slot's two context words lie in the
    fact's own sentence: two versions of a story that quote one sentence and go on differently would
    otherwise "disagree" on whatever word each next sentence opens with."""
    slots: list[int] = []
    values: list[int] = []
    for sent in sentences:
        toks = _FACT_TOKEN.findall(sent)
        headline = not any(c.islower() for c in sent)  # an all-capitals headline: only its numbers count
        low = [t.lower() for t in toks]
        hashes: list[int] | None = None
        for i, tok in enumerate(toks):
            # a number, or a capitalised word unless it is a function word opening the sentence ("The")
            if not (tok[0].isdigit() or (not headline and tok[0].isupper() and (i > 0 or low[i] not in STOP_WORDS))):
                continue
            if hashes is None:
                hashes = [_token_hash(w) for w in low]
            # the low byte keeps the first letter: names differing only after it are typos or spellings
            value = _token_hash(_fact_value(low[i])) & 0x7FFFFF00 | ord(low[i][0]) & 0xFF
            if tok[0].isdigit():
                value |= NUMBER_BIT
            if i >= 2:
                slots.append((hashes[i - 2] * 0x9E3779B97F4A7C15 + hashes[i - 1] * 0xC2B2AE3D27D4EB4F + 1) & _M64)
                values.append(value)
            if i + 2 < len(toks):
                slots.append((hashes[i + 1] * 0x165667B19E3779F9 + hashes[i + 2] * 0xD6E8FEB86659FD93 + 2) & _M64)
                values.append(value)
    if not slots:
        return Facts.empty()
    mixed = _mix(np.array(slots, dtype=np.uint64))
    vals = np.array(values, dtype=np.uint64)
    return Facts((mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32), (vals & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def shingle_hashes(toks: list[str]) -> np.ndarray:
    """64-bit hashes of the 5-word windows of a token list (empty when shorter than 5 words)."""
    k = SHINGLE_WORDS
    if len(toks) < k:
        return np.zeros(0, dtype=np.uint64)
    vals = list(map(_TOKEN_CACHE.get, toks))  # C-level fast path: most tokens are cached
    if None in vals:
        vals = [v if v is not None else _token_hash(t) for v, t in zip(vals, toks, strict=True)]
    th = np.array(vals, dtype=np.uint64)
    m = len(toks) - k + 1
    with np.errstate(over="ignore"):
        h = th[0:m] * _MULT[0]
        for i in range(1, k):
            h = h + th[i : i + m] * _MULT[i]
        return _mix(h)
