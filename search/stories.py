"""A story group side by side: which passages each version shares with the others and which it adds."""

from __future__ import annotations

import re
from collections import Counter

from .engine import article_record
from .generation import Generation

_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def _key(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.split(paragraph) if s.strip()]


def story(gen: Generation, story_id: str) -> dict | None:
    """The articles of a story, each body as paragraphs of sentences marked shared or own."""
    store = gen.store()
    members = store.story_members(story_id)
    if not members:
        rec = store.get(story_id)
        if rec is None:
            return None
        members = store.story_members(rec.get("story") or rec["id"])
    records = [article_record(gen, m) for m in members]
    records = [r for r in records if r]
    records.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    keys = [{_key(s) for p in r["body"].split("\n\n") for s in split_sentences(p)} for r in records]
    versions_with = Counter(k for ks in keys for k in ks)  # shared: another version has the sentence too
    out = []
    for rec in records:
        paragraphs = []
        for para in rec["body"].split("\n\n"):
            paragraphs.append([{"text": s, "shared": versions_with[_key(s)] > 1} for s in split_sentences(para)])
        shared = sum(1 for p in paragraphs for s in p if s["shared"])
        total = sum(len(p) for p in paragraphs)
        out.append({**rec, "paragraphs": paragraphs, "shared_sentences": shared, "sentences": total})
    return {"story": records[0]["story"] if records else story_id, "articles": out}
