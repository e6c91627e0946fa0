"""A story group side by side, in publication order: which sentences each version shares with the others,
and word by word what each version changed from the one before it."""

from __future__ import annotations

import difflib
import re
from collections import Counter

# The product's one sentence splitter (pysbd): the same cuts as the de-duplication fingerprints.
from archive.sentences import split_sentences

from .generation import Generation
from .records import article as article_record

# A version is compared word by word with the one before it when difflib finds them at least this
# similar (ratio of matching words): a copy, a correction, an update. Separately written reports of one
# story match far less (000/001: 0.2) and are shown by their shared sentences instead.
WORD_DIFF_MIN_RATIO = 0.5
# difflib is quadratic in the worst case: longer versions are not compared word by word.
WORD_DIFF_MAX_WORDS = 20_000
_PARAGRAPH = "\n"  # paragraph break in a word list (never a word: words are split on whitespace)


def _key(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def story(gen: Generation, story_id: str) -> dict | None:
    """The articles of a story, oldest first (date, then time of day where known), each body as
    paragraphs of sentences marked shared or own, and the word changes from the version before."""
    store = gen.store()
    members = store.story_members(story_id)
    if not members:
        member = store.get(story_id)
        if member is None:
            return None
        members = store.story_members(member.story_id)
    records = [r for r in (article_record(gen, m) for m in members) if r]
    records.sort(key=_published)
    keys = [{_key(s) for s in split_sentences(r["body"])} for r in records]
    versions_with = Counter(k for ks in keys for k in ks)  # shared: another version has the sentence too
    out = []
    for i, rec in enumerate(records):
        paragraphs = [
            [{"text": s, "shared": versions_with[_key(s)] > 1} for s in split_sentences(para)]
            for para in rec["body"].split("\n\n")
        ]
        paragraphs = [p for p in paragraphs if p]
        shared = sum(1 for p in paragraphs for s in p if s["shared"])
        total = sum(len(p) for p in paragraphs)
        changes = word_changes(records[i - 1]["body"], rec["body"]) if i else None
        if changes is not None:
            changes.update(against=records[i - 1]["id"], against_version=i)
        out.append(
            {**rec, "paragraphs": paragraphs, "shared_sentences": shared, "sentences": total, "changes": changes}
        )
    return {"story": records[0]["story"] if records else story_id, "articles": out}


def _published(rec: dict) -> tuple:
    """Sort key: dated before undated, then date, time of day (unknown first within a day), id."""
    return (rec["date"] is None, rec["date"] or "", rec.get("time") or "", rec["id"])


def _words(body: str) -> list[str]:
    out: list[str] = []
    for para in body.split("\n\n"):
        words = para.split()
        if words:
            if out:
                out.append(_PARAGRAPH)
            out.extend(words)
    return out


def word_changes(before: str, after: str) -> dict | None:
    """`after` as paragraphs of runs {"text", "op": "same" | "ins" | "del"} against `before`, with the
    numbers of words added and removed; None when the two are not versions of one text (too different
    to read as edits) or too long to compare."""
    a, b = _words(before), _words(after)
    if max(len(a), len(b)) > WORD_DIFF_MAX_WORDS:
        return None
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.quick_ratio() < WORD_DIFF_MIN_RATIO or sm.ratio() < WORD_DIFF_MIN_RATIO:
        return None
    paragraphs: list[list[dict]] = [[]]
    added = removed = 0

    def emit(words: list[str], op: str, breaks: bool) -> None:
        for w in words:
            if w == _PARAGRAPH:
                if breaks:
                    paragraphs.append([])
                continue
            runs = paragraphs[-1]
            if runs and runs[-1]["op"] == op:
                runs[-1]["text"] += " " + w
            else:
                runs.append({"text": w, "op": op})

    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            emit(b[j1:j2], "same", True)
            continue
        removed += sum(1 for w in a[i1:i2] if w != _PARAGRAPH)
        added += sum(1 for w in b[j1:j2] if w != _PARAGRAPH)
        emit(a[i1:i2], "del", False)  # a removed paragraph break is not shown
        emit(b[j1:j2], "ins", True)
    return {"paragraphs": [p for p in paragraphs if p], "added": added, "removed": removed}
