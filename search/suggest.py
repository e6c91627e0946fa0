""""Did you mean": the closest whole words of the archive for the words of a query it does not know.

Candidates are the archive's own words as written (indexer/wordlist.py, not the index's stems), within a
small edit distance (a swap of two letters counts one), the nearest first and, among equally near ones, the
word most articles use: "goverment" -> "government", "Volker" -> "Volcker".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from archive.layout import WORDS_FILE  # written by the indexer (indexer/wordlist.py) into every generation

from .generation import Generation

MAX_TRIED = 8  # words looked up per query: a 2,000-character query must not cost hundreds of lookups
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
# A word of the query: letters only, not a field name (`person:`), not part of a pattern (`s*`, `b?nk`).
_QUERY_WORD = re.compile(r"(?<![\w*?])[^\W\d_]{2,40}(?![\w*?:])")


@dataclass
class Vocabulary:
    counts: dict[str, int]
    by_length: dict[int, tuple[list[str], np.ndarray]]

    @classmethod
    def load(cls, gen_dir: Path) -> Vocabulary | None:
        path = Path(gen_dir) / WORDS_FILE
        if not path.exists():  # a generation written before the word list existed
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        words, counts = data["words"], np.asarray(data["counts"], dtype=np.int64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        order = np.argsort(lengths, kind="stable")  # already in this order when the indexer wrote it
        if (order != np.arange(order.size)).any():
            words, counts, lengths = [words[i] for i in order], counts[order], lengths[order]
        by_length = {}
        for n in np.unique(lengths).tolist():
            lo, hi = np.searchsorted(lengths, [n, n + 1])
            by_length[n] = (words[lo:hi], counts[lo:hi])
        return cls(dict(zip(words, counts.tolist())), by_length)

    def correct(self, word: str) -> str | None:
        """The nearest known word (then the most used), or None when none is near enough."""
        low = word.lower()
        if low in self.counts:
            return None
        limit = 1 if len(low) <= 4 else 2
        best: tuple[int, int, str] | None = None
        for n in range(len(low) - limit, len(low) + limit + 1):
            entry = self.by_length.get(n)
            if entry is None or not entry[0]:
                continue
            words, counts = entry
            for cand, dist, i in process.extract(low, words, scorer=OSA.distance, score_cutoff=limit, limit=None):
                key = (dist, -int(counts[i]), cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def suggest(vocab: Vocabulary | None, text: str) -> str | None:
    """`text` with each unknown word replaced by its nearest known word; None when nothing would change."""
    if vocab is None:
        return None
    changed = False
    tried = 0

    def fix(m: re.Match) -> str:
        nonlocal changed, tried
        word = m.group(0)
        if word in OPERATORS or word.lower() in vocab.counts or tried >= MAX_TRIED:
            return word
        tried += 1
        better = vocab.correct(word)
        if better is None:
            return word
        changed = True
        return _same_case(word, better)

    out = _QUERY_WORD.sub(fix, text)
    return out if changed else None


def _same_case(typed: str, word: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word.capitalize() if typed[:1].isupper() else word


def for_query(gen: Generation, text: str) -> str | None:
    """A spelling of the query in the archive's own words, for a query that found nothing."""
    return suggest(gen.derived("vocabulary", lambda: Vocabulary.load(gen.path)), text)
