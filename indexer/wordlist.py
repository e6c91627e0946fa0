"""The archive's whole words and how many articles use each: what "did you mean" may suggest.

The full-text index holds stems ("exchang", "oper"), which are no words to offer a user; this list holds the
words as written (lower case) in titles, bodies and datelines, names included, with their document
frequencies. Written with every generation, from every live article (linear in the text).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .store import Store

WORDS_FILE = "words.json"
# Whoosh's own tokenizer pattern, so a word here is a word a query can be made of; letters only
# (numbers and codes are not spelling mistakes to correct).
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_LETTERS = re.compile(r"[^\W\d_]{2,40}")


def build(store: Store, out_dir: Path) -> int:
    """Write `words.json` (words sorted, with their article counts); returns the number of words."""
    counts: Counter[str] = Counter()
    for _o, rec in store.records():
        text = " ".join((rec.get("title") or "", rec.get("dateline") or "", rec.get("body") or ""))
        counts.update({w for w in _WORD.findall(text.lower()) if _LETTERS.fullmatch(w)})
    words = sorted(counts)
    data = {"words": words, "counts": [counts[w] for w in words]}
    (Path(out_dir) / WORDS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(words)
