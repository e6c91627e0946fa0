"""The archive's whole words and how many articles use each: what "did you mean" may suggest.

The full-text index holds stems ("exchang", "oper"), which are no words to offer a user; this list holds the
words as written (lower case) in titles, bodies and datelines, names included, with their document
frequencies. Written with every generation: a rebuild counts every live article, an update only the
changed ones (linear in their text).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from archive.layout import WORDS_FILE
from archive.record import ArticleRecord
from archive.store import Store

from . import workers

# Runs of 2-40 letters standing alone (numbers, codes and words glued to digits are no spelling mistakes to
# correct); one regex pass per article, about 3x faster than Whoosh's tokenizer pattern plus a filter per word.
_WORD = re.compile(r"(?<!\w)[^\W\d_]{2,40}(?!\w)")


def _words(rec: ArticleRecord) -> set[str]:
    text = " ".join((rec.title or "", rec.dateline or "", rec.body or ""))
    return set(_WORD.findall(text.lower()))


# Below this many articles per process the counting stays in one process (a fork costs more than it saves).
MIN_ARTICLES_PER_PROCESS = 5000


def build(store: Store, out_dir: Path, procs: int = 1) -> int:
    """Write `words.json` from every live article; returns the number of words. With `procs` > 1 (and enough
    articles) each of `procs` forked processes counts a contiguous run of the articles, reading the committed store
    through its own connection; the counts are summed, so the list is the one a single process writes."""
    ords = sorted(store.ids().values())
    n = max(1, min(procs, len(ords) // MIN_ARTICLES_PER_PROCESS))
    if n == 1:
        counts: Counter[str] = Counter()
        for _o, rec in store.records():
            counts.update(_words(rec))
        return _write(counts, out_dir)
    store.commit()  # the workers read the file
    parts = [(store.path, ords[len(ords) * k // n:len(ords) * (k + 1) // n]) for k in range(n)]
    counts = Counter()
    for part in workers.ordered_map(_count_part, parts, n, batch=1):
        counts.update(part)
    return _write(counts, out_dir)


def _count_part(part: tuple[Path, list[int]]) -> Counter[str]:
    """In a worker: the document frequencies of the words of some articles (by ord), read through its own
    store connection (an SQLite connection must not cross a fork)."""
    path, ords = part
    store = Store(path, readonly=True)
    try:
        counts: Counter[str] = Counter()
        for _o, rec in store.in_order(ords):
            counts.update(_words(rec))
        return counts
    finally:
        store.close()


def update(previous_dir: Path, previous: Store, store: Store, out_dir: Path, added: list[str],
           removed: list[str]) -> int | None:
    """Write `words.json` from the previous generation's list: the added articles' words counted in, the removed
    ones' (read from the previous generation's store) counted out. The same list as `build` gives, in time
    linear in the changed articles. None (nothing written) when the previous generation has no list."""
    try:
        data = json.loads((Path(previous_dir) / WORDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    counts: Counter[str] = Counter(dict(zip(data["words"], data["counts"], strict=True)))
    for art_id in removed:
        rec = previous.get(art_id)
        if rec is not None:
            counts.subtract(_words(rec))
    for art_id in added:
        rec = store.get(art_id)
        if rec is not None:
            counts.update(_words(rec))
    return _write(+counts, out_dir)  # unary plus drops the words no article uses any more


def _write(counts: Counter[str], out_dir: Path) -> int:
    """The words by length, then alphabetically, with their article counts (the reader takes each length's words as
    one slice); returns the number of words."""
    words = sorted(counts, key=lambda w: (len(w), w))
    data = {"words": words, "counts": [counts[w] for w in words]}
    (Path(out_dir) / WORDS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(words)
