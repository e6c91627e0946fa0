"""Text fingerprints for de-duplication: sentences, word tokens and 5-word shingle hashes.

Tokens are lower-cased runs of letters/digits, so punctuation, case and spacing differences
("cross -border" vs "cross-border", curly vs straight quotes) do not change a fingerprint.
Sentence boundaries (the product's one splitter, `archive.sentences`) are kept so that a sentence can
be matched on the shingles inside it: a quoted sentence moved elsewhere (other neighbours) still
matches.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import cast

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
    """The facts of a text in their slots: for each fact word (a number in digits or in words, or a capitalised
    word that is not a function word: names, months) two slots, the two words before it and the two words after
    it in its sentence, each with the fact's value. Two texts filling one slot with different values state
    different facts in one template ("GMAC unit issues 50 mln" / "Brierley unit issues 100 mln")."""

    slots: np.ndarray  # uint32 hash of (side, two context words)
    values: np.ndarray  # uint32 hash of the fact's value (see `_fact_value`), its first character in the
    # low byte; NUMBER_BIT set for numbers
    # a table's rows: the keys of each data line (see `row_keys`) and the line's number (0, 1, ...) per key
    row_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    row_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # the lead's subject and words (see `lead_facts`): the subject's value first, then the distinct values of the
    # lead's words; empty when the text has no prose lead or no subject in it
    lead: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))

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


# Fact words: words, and numbers (with their separators and ordinal suffix). A mixed number ("6-1/16") is two: its
# whole part with the hyphen ("6-": the whole figure's value, see `facts`) and its fraction. Words are tried first
# (most tokens), and a number's digits once, whatever follows them.
_FACT_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+(?:-(?=\d+/\d)|(?:[.,/]\d+)*(?:st|nd|rd|th)?)")


def _number_words() -> dict[str, str]:
    """English cardinal number words, 0 to 99 ("six", "twenty-five", any case), by the figure they write. A wire
    writes small figures in words ("six pct", "Five of the...") and the same figures in digits elsewhere: both are
    one fact, and "six pct" one day against "6-1/16 pct" the next are two. Scale words ("hundred", "mln") stay
    words, as "mln" does after a figure."""
    units = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    units += " seventeen eighteen nineteen"
    tens = "twenty thirty forty fifty sixty seventy eighty ninety".split()
    out = {w: str(n) for n, w in enumerate(units.split())}
    for t, ten in enumerate(tens, 2):
        out[ten] = str(10 * t)
        out.update({f"{ten}-{w}": str(10 * t + n) for n, w in enumerate(units.split()[1:10], 1)})
    return {form: v for w, v in out.items() for form in (w, w.capitalize(), w.title(), w.upper())}


# A number word's figure, by its spelling in the text (see `_number_words`); the spellings as a set, for a sentence's
# one test at C level (most sentences have no number word: their words are then not looked up one by one).
NUMBER_WORDS = _number_words()
_NUMBER_WORD_SET = frozenset(NUMBER_WORDS)
_PLAIN_INT = re.compile(r"\d{1,4}")
_M64 = (1 << 64) - 1
NUMBER_BIT = 1 << 31


def _fact_value(tok: str) -> str:
    """A fact's value, equal for two spellings of one fact: a number of 5+ digits or with a decimal
    point by its two significant digits ("12,141,000" = "12.1" mln, "2.2" = "2,191,000"); a short
    whole number (days, years, counts) exactly; a word by its first three letters ("Corp" =
    "Corporation", "Labour" = "Labor")."""
    if tok in NUMBER_WORDS:
        return NUMBER_WORDS[tok]
    if tok[0].isdigit():
        num = tok.rstrip("stndrh")
        if "/" in num or _PLAIN_INT.fullmatch(num):
            return num
        try:
            return f"{float(num.replace(',', '')):.1e}".split("e")[0]
        except ValueError:
            return num
    return tok[:3].lower()


# A fact token's value hash (see `_fact_value_hash`), by token: names and figures recur across articles.
_FACT_VALUES: dict[str, int] = {}


def _fact_value_hash(tok: str) -> int:
    """The value `facts` stores for a fact token: the hash of its `_fact_value`, its first letter in the low byte
    (names differing only after it are typos or spellings), NUMBER_BIT for a number. Kept in `_FACT_VALUES`."""
    low = tok.lower()
    fact = _fact_value(low)
    word = tok in NUMBER_WORDS  # its figure's first digit in the low byte, as the figure in digits has
    value = _token_hash(fact) & 0x7FFFFF00 | ord((fact if word else low)[0]) & 0xFF
    if word or tok[0].isdigit():
        value |= NUMBER_BIT
    if len(_FACT_VALUES) >= _TOKEN_CACHE_MAX:
        _FACT_VALUES.clear()
    _FACT_VALUES[tok] = value
    return value


def _token_hashes(toks: list[str]) -> list[int]:
    """`_token_hash` of each token, read from its cache at C level where it holds them (most tokens)."""
    cached: list[int | None] = list(map(_TOKEN_CACHE.get, toks))
    if None in cached:
        return [v if v is not None else _token_hash(t) for v, t in zip(cached, toks, strict=True)]
    return cast(list[int], cached)  # no None left: checked just above


# A data line holds at most DATA_ROW_MAX_PROSE words of prose (lower-case words of 4+ letters: "said",
# "rose"; units: "dlrs" twice in "Oper shr 4.10 dlrs vs 3.66 dlrs"), at least DATA_ROW_MIN_NUMBERS numbers and at
# most DATA_ROW_MAX_TOKENS tokens: a table's row ("Stoke 4 3 1 0 7 4 10", "Shr 22 cts vs 19 cts",
# "Hajduk 2 Proleter (Z) 0").
DATA_ROW_MAX_PROSE = 2
DATA_ROW_MIN_NUMBERS = 2
DATA_ROW_MAX_TOKENS = 25


def _row_number(tok: str) -> str:
    """A row's figure by its two significant digits ("13,555,000" = "13.5" mln, "51" = "51.0"); fractions and
    dates ("1/8", "4/1") as written."""
    num = tok.lower().rstrip("stndrh")
    if "/" in num:
        return num
    try:
        return f"{float(num.replace(',', '')):.1e}".split("e")[0]
    except ValueError:
        return num


def row_keys(toks: list[str]) -> list[int]:
    """The keys of a sentence (its `_FACT_TOKEN` tokens) when it is a data line (see DATA_ROW_MAX_PROSE), else
    none: its numbers in order (by `_row_number`: "13,555,000" = "13.5 mln") with each of its words of two or
    more letters in turn. Two rows are one when they share a key: the same figures under a label that shares a
    word ("Shr 27 cts vs 29 cts" = "Oper shr 27 cts vs 29 cts"); the same figures under another label are
    another row ("Wolverhampton 4 2 1 1 5 3 7", "Vojvodina 4 2 1 1 5 3 7")."""
    if len(toks) > DATA_ROW_MAX_TOKENS:
        return []
    digits = [t for t in toks if t[0].isdigit()]
    if len(digits) < DATA_ROW_MIN_NUMBERS:  # most sentences: tested before the prose is counted
        return []
    if sum(len(t) >= 4 and t.islower() and t.isalpha() for t in toks) > DATA_ROW_MAX_PROSE:
        return []
    figures = " ".join(map(_row_number, digits))
    words = sorted({t.lower() for t in toks if not t[0].isdigit() and len(t) >= 2}) or [""]
    return [int.from_bytes(hashlib.blake2b(f"{figures}|{w}".encode(), digest_size=4).digest(), "little") for w in words]


def sentence_rows(sentence: str) -> list[int]:
    """`row_keys` of one sentence; an all-capitals headline ("AMBRIT INC 4TH QTR JAN 31 NET") is no table row."""
    if not any(c.islower() for c in sentence):
        return []
    return row_keys(_FACT_TOKEN.findall(sentence))


def facts(sentences: list[str]) -> Facts:
    """The fact slots of a text given as sentences (see `Facts`). A slot's two context words lie in the
    fact's own sentence: two versions of a story that quote one sentence and go on differently would
    otherwise "disagree" on whatever word each next sentence opens with."""
    slots: list[int] = []
    values: list[int] = []
    keys: list[int] = []
    key_row: list[int] = []
    named: set[int] = set()  # the values of capitalised words inside a sentence (see `lead_facts`)
    for sent in sentences:
        toks = _FACT_TOKEN.findall(sent)
        headline = not any(c.islower() for c in sent)  # an all-capitals headline: only its numbers count
        row = [] if headline else row_keys(toks)  # as sentence_rows, with the tokens at hand
        key_row.extend([key_row[-1] + 1 if key_row else 0] * len(row))
        keys.extend(row)
        hashes: list[int] | None = None
        in_words = not _NUMBER_WORD_SET.isdisjoint(toks)
        for i, tok in enumerate(toks):
            # a number, or a capitalised word unless it is a function word opening the sentence ("The")
            first = tok[0]
            if (
                not first.isdigit()
                and (headline or not first.isupper() or (i == 0 and tok.lower() in STOP_WORDS))
                and not (in_words and tok in NUMBER_WORDS)
            ):
                continue
            if hashes is None:
                hashes = _token_hashes([t.lower() for t in toks])
            if tok[-1] == "-":  # a mixed number's whole part: "6-" "1/16" is 6-1/16, not 6 (nor "six")
                tok += toks[i + 1]
            value = _FACT_VALUES.get(tok)
            if value is None:
                value = _fact_value_hash(tok)
            if i and first.isupper():
                named.add(value)
            if i >= 2:
                slots.append((hashes[i - 2] * 0x9E3779B97F4A7C15 + hashes[i - 1] * 0xC2B2AE3D27D4EB4F + 1) & _M64)
                values.append(value)
            if i + 2 < len(toks):
                slots.append((hashes[i + 1] * 0x165667B19E3779F9 + hashes[i + 2] * 0xD6E8FEB86659FD93 + 2) & _M64)
                values.append(value)
    rows = np.asarray(keys, dtype=np.uint32), np.asarray(key_row, dtype=np.int32)
    lead = lead_facts(sentences, named)
    if not slots:
        return Facts(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32), *rows, lead)
    mixed = _mix(np.array(slots, dtype=np.uint64))
    vals = np.array(values, dtype=np.uint64)
    return Facts(
        (mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32), (vals & np.uint64(0xFFFFFFFF)).astype(np.uint32), *rows,
        lead,
    )


# The lead is the first prose sentence among a text's first LEAD_LINES lines with a lower-case letter (an all-capitals
# headline is skipped: the product fingerprints the body, the benches the headline and the body): more than
# DATA_ROW_MAX_PROSE words of prose. A table's lines ("Shr loss 28 cts vs profit seven cts", "Qtr ends Jan 31") and a
# dateline are not prose: an earnings table has no lead, and a dateline is read past.
LEAD_LINES = 3


def _prose(toks: list[str]) -> bool:
    """Whether a sentence's fact tokens hold more than DATA_ROW_MAX_PROSE words of prose (number words are none)."""
    words = (t for t in toks if len(t) >= 4 and t.islower() and t.isalpha() and t not in NUMBER_WORDS)
    return sum(1 for _ in itertools.islice(words, DATA_ROW_MAX_PROSE + 1)) > DATA_ROW_MAX_PROSE


def lead_facts(sentences: list[str], named: set[int]) -> np.ndarray:
    """The lead's subject and words as `Facts.lead` stores them (empty when there is none). The subject is the lead's
    first name (a capitalised word, not a function word or a number word opening it: "Sun Co said it raised...",
    "The Grumman Space Systems division of..."). A word opening the lead is a name only when the text writes it
    capitalised inside a sentence too (`named`: the values of such words); otherwise the lead has no subject:
    "Negotiations on a new rubber pact..." (a common word), "Grumman Corp said..." never naming Grumman again (its
    next capitalised word, "Corp", is no subject). "Sun Co said..." with "Sun's posted price" later has one."""
    lines = (s for s in sentences if any(c.islower() for c in s))
    for sent in itertools.islice(lines, LEAD_LINES):
        toks = _FACT_TOKEN.findall(sent)
        if not _prose(toks):
            continue
        values = [_FACT_VALUES.get(t) or _fact_value_hash(t) for t in toks]
        for i, tok in enumerate(toks):
            if not tok[0].isupper() or tok in NUMBER_WORDS or (not i and tok.lower() in STOP_WORDS):
                continue
            if i or values[0] in named:
                return np.array([values[i], *sorted(set(values))], dtype=np.uint32)
            break  # an opening name the text never writes inside a sentence: a common word or unsure
        return np.zeros(0, dtype=np.uint32)
    return np.zeros(0, dtype=np.uint32)


def shingle_hashes(toks: list[str]) -> np.ndarray:
    """64-bit hashes of the 5-word windows of a token list (empty when shorter than 5 words)."""
    k = SHINGLE_WORDS
    if len(toks) < k:
        return np.zeros(0, dtype=np.uint64)
    th = np.array(_token_hashes(toks), dtype=np.uint64)
    m = len(toks) - k + 1
    with np.errstate(over="ignore"):
        h = th[0:m] * _MULT[0]
        for i in range(1, k):
            h = h + th[i : i + m] * _MULT[i]
        return _mix(h)
