"""Text fingerprints for de-duplication: sentences, word tokens and 5-word shingle hashes.

Tokens are lower-cased runs of letters/digits, so punctuation, case and spacing differences
("cross -border" vs "cross-border", curly vs straight quotes) do not change a fingerprint.
Sentence boundaries are kept so that a sentence can be matched on the shingles inside it: a quoted
sentence moved elsewhere (other neighbours) still matches.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5  # the issue defines near-duplicates by 5-word-shingle Jaccard

_TOKEN = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before a capital,
# digit or opening quote. Paragraph breaks (newlines) always end a sentence.
_SENT_END = re.compile(r"([.!?])([\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
# Words whose trailing period is not a sentence end (titles, initials handled by length).
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "prof",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_TOKEN_CACHE: dict[str, int] = {}
_TOKEN_CACHE_MAX = 2_000_000  # bounded: vocabularies of big archives grow without end

# Odd multipliers for combining the five token hashes (position matters) and the splitmix64 finaliser.
_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences: every line is a paragraph, cut further at sentence ends."""
    out: list[str] = []
    for para in text.splitlines():
        para = para.strip()
        if not para:
            continue
        start = 0
        for m in _SENT_END.finditer(para):
            before = para[start : m.start(1)].rsplit(None, 1)
            last = before[-1].lower().strip("\"'(") if before else ""
            # "U.S." / "J." / "Mr." are not sentence ends.
            if (len(last) <= 1 and last.isalpha()) or last in _ABBREV or "." in last:
                continue
            out.append(para[start : m.end(2)])
            start = m.end()
        out.append(para[start:])
    return [s for s in out if s.strip()]


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

    @property
    def n_sentences(self) -> int:
        return len(self.sentence_starts)


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint a text: 5-word shingles over the whole text (the issue's Jaccard measure) plus
    sentence boundaries, so that a sentence can be matched on the shingles lying inside it."""
    toks: list[str] = []
    starts: list[int] = []
    for sent in split_sentences(text):
        t = tokens(sent)
        if t:
            starts.append(len(toks))
            toks.extend(t)
    return Fingerprint(shingle_hashes(toks), np.asarray(starts, dtype=np.int32))


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
