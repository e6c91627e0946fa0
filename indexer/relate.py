"""Stage relate: near-duplicates and same-story reports (the fingerprints of indexer/dedupe/), each article's
story id and related articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archive.store import Store, decode, encode

from . import workers
from .dating import infer_dates, known_day
from .dedupe import Relation, StoryIndex, story_groups
from .dedupe.thresholds import RULES_VERSION
from .fingerprints import Fingerprint, fingerprint
from .summary import Changes, Summary, progress


def load_stories(path: Path) -> StoryIndex | None:
    """The previous generation's story index; None when absent or written by an older version."""
    try:
        return StoryIndex.load(path) if path.exists() else None
    except (ValueError, KeyError):
        return None


def group_stories(
    store: Store, stories: StoryIndex, changes: Changes, summary: Summary, incremental: bool, add: list[str],
    procs: int = 1,
) -> None:
    """Relations, story ids and related lists; then the date stage for the articles whose year their story gives.
    `add`: the articles to fingerprint (the new ones, or all of them when the story index starts empty), by
    `procs` processes."""
    relations = _relations(store, stories, changes, incremental, add, procs)
    store.set_meta("relations", [r.__dict__ for r in relations])
    store.set_meta("relation_rules", RULES_VERSION)
    ords = sorted(store.ids().values())
    dates = dict(workers.ordered_map(_day, store.raw_in_order(ords), procs))
    story_of = story_groups(store.ids(), relations, dates)
    related: dict[str, list[dict]] = {}
    for r in relations:
        related.setdefault(r.a, []).append({"id": r.b, "kind": r.kind, "similarity": round(r.similarity, 3)})
        related.setdefault(r.b, []).append({"id": r.a, "kind": r.kind, "similarity": round(r.similarity, 3)})
    members: dict[str, list[str]] = {}
    for art_id, story in story_of.items():
        members.setdefault(story, []).append(art_id)
    pending = []  # no year stated: dated from story-mates below
    # The workers decode each record, set its story and related list and encode it again; this process only
    # reads and writes the store (in chunks: memory stays bounded).
    grouped = workers.ordered_map(_grouped, store.raw_in_order(ords), procs, shared=(story_of, related))
    for ord_, art_id, key, story_id, data, partial in grouped:
        if partial:
            pending.append(art_id)
        if data is not None:
            store.put_raw(ord_, key, story_id, data)
    infer_dates(store, pending, members)
    _count_groups(summary, members, relations, story_of)
    store.commit()


def _relations(store: Store, stories: StoryIndex, changes: Changes, incremental: bool,
               add: list[str], procs: int = 1) -> list[Relation]:
    for art_id in changes.removed:
        stories.remove(art_id)
    ord_of = store.ids()
    missing = [art_id for art_id in add if art_id not in ord_of]
    if missing:
        raise KeyError(f"article {missing[0]} is not in the store")
    texts = ((rec.id, rec.body, known_day(rec)) for _o, rec in store.in_order([ord_of[i] for i in add]))
    for art_id, fp, day in progress(workers.ordered_map(_fingerprint, texts, procs), "grouping", total=len(add),
                                    unit="article"):
        stories.add_fingerprint(art_id, fp, day)
    if not incremental or store.get_meta("relation_rules") != RULES_VERSION:  # or found by other rules: again
        return stories.relations(procs=procs)
    removed = set(changes.removed)
    old = [Relation(**r) for r in store.get_meta("relations", [])]  # type: ignore[attr-defined]  # a JSON list
    relations = [r for r in old if r.a not in removed and r.b not in removed]
    seen = {(r.a, r.b) for r in relations}
    return relations + [r for r in stories.relations(ids=changes.added, procs=procs) if (r.a, r.b) not in seen]


def _day(row: tuple[int, str]) -> tuple[str, date | None]:
    rec = decode(row[1])
    return rec.id, known_day(rec)


def _grouped(row: tuple[int, str]) -> tuple[int, str, str, str | None, str | None, bool]:
    """One stored record with its story id and related list: its ord, id, key, story, new stored JSON (None when
    neither changed) and whether it waits for a year from its story-mates."""
    story_of, related = workers.shared()  # the story of each article, the related lists
    ord_, data = row
    rec = decode(data)
    before = (rec.story, rec.related)
    rec.story = story_of.get(rec.id, rec.id)
    rec.related = sorted(related.get(rec.id, []), key=lambda x: (-x["similarity"], x["id"]))
    changed = (rec.story, rec.related) != before
    return ord_, rec.id, rec.key, rec.story, encode(rec) if changed else None, bool(not rec.date and rec.partial_date)


def _fingerprint(item: tuple[str, str, date | None]) -> tuple[str, Fingerprint, date | None]:
    art_id, body, day = item
    return art_id, fingerprint(body), day


def _count_groups(summary: Summary, members: dict[str, list[str]], relations: list[Relation],
                  story_of: dict[str, str]) -> None:
    kinds: dict[str, set[str]] = {}
    for r in relations:
        kinds.setdefault(story_of[r.a], set()).add(r.kind)
    summary.story_groups = sum(1 for m in members.values() if len(m) > 1)
    summary.duplicate_groups = sum(1 for k in kinds.values() if "duplicate" in k)
    summary.same_story_groups = sum(1 for k in kinds.values() if k == {"same-story"})
