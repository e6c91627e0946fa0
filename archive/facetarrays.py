"""Compact per-article arrays, built at index time, that make facet counts and filters cheap.

For each facet (person, org, resolution, source) the values of every article are stored as two int32
arrays (`<facet>_doc`, `<facet>_val`: one entry per article and value), so counting the values of a
set of articles is one `np.bincount`. Dates, stories and liveness are one entry per article. All
arrays are indexed by the store's `ord`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from .days import day_number, month_end
from .layout import ARRAYS_FILE, VOCAB_FILE
from .record import ArticleRecord
from .store import Store

FACETS = ("person", "org", "resolution", "source", "place")
UNKNOWN = np.iinfo(np.int32).min  # day number of an unknown date
PRECISIONS = ("day", "month", "year")


def period(iso: str | None, precision: str | None) -> tuple[int, int]:
    """First and last day number of the period a (date, precision) stands for."""
    if not iso:
        return UNKNOWN, UNKNOWN
    start = date.fromisoformat(iso)
    if precision == "year":
        end = date(start.year, 12, 31)
    elif precision == "month":
        end = month_end(start.year, start.month)
    else:
        end = start
    return day_number(start), day_number(end)


def _facet_values(rec: ArticleRecord, facet: str) -> list[str]:
    if facet == "person":
        return rec.persons or []
    if facet == "org":
        return rec.orgs or []
    if facet == "resolution":
        return rec.resolutions or []
    if facet == "place":
        if rec.places is not None:
            return rec.places
        place = dateline_place(rec.dateline)  # a store written before places were found in the text
        return [place] if place else []
    return [rec.source] if rec.source else []


_PLACE = re.compile(r"^\s*([^\W\d_][\w.'\- ]{1,38}?)\s*(?:,|\(|\s[-\u2013\u2014]|$)")


def dateline_place(dateline: str | None) -> str | None:
    """The city a dateline names ("NEW DELHI, Mar 12 (Agencies)" -> "New Delhi"), in one spelling for any case.

    The place is what comes before the date, the agency or the dash; a dateline written in capitals (as wires
    do) is title-cased, so "MOSCOW" and "Moscow" are one value."""
    m = _PLACE.match(dateline or "")
    if not m:
        return None
    name = " ".join(m.group(1).split()).strip(" -")
    if not name or any(c.isdigit() for c in name):
        return None
    return " ".join(w.capitalize() if (w.isupper() or w.islower()) and "." not in w else w for w in name.split(" "))


def build(store: Store, out_dir: Path) -> int:
    """Write the arrays of every record in `store` to `out_dir`; returns the number of articles."""
    max_ord = int(store.db.execute("SELECT COALESCE(MAX(ord), 0) FROM articles").fetchone()[0])
    n = max_ord + 1
    live = np.zeros(n, dtype=bool)
    start = np.full(n, UNKNOWN, dtype=np.int32)
    end = np.full(n, UNKNOWN, dtype=np.int32)
    precision = np.full(n, -1, dtype=np.int8)
    story_of = np.full(n, -1, dtype=np.int32)
    vocab: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    labels: dict[str, str] = {}
    entries: dict[str, tuple[list[int], list[int]]] = {f: ([], []) for f in FACETS}
    stories: dict[str, int] = {}
    place_forms: dict[str, set[str]] = {}  # a spelling an article gives a place ("U.S.") -> its values
    count = 0
    for o, rec in store.records():
        count += 1
        live[o] = True
        start[o], end[o] = period(rec.date, rec.date_precision)
        if rec.date_precision in PRECISIONS:
            precision[o] = PRECISIONS.index(rec.date_precision)
        story_of[o] = stories.setdefault(rec.story_id, len(stories))
        labels.update(rec.resolution_labels or {})
        for form, value in (rec.place_forms or {}).items():
            place_forms.setdefault(form.casefold(), set()).add(value)
        for facet in FACETS:
            docs, vals = entries[facet]
            for value in dict.fromkeys(_facet_values(rec, facet)):
                docs.append(o)
                vals.append(vocab[facet].setdefault(value, len(vocab[facet])))
    arrays = {"live": live, "start": start, "end": end, "precision": precision, "story": story_of}
    for facet in FACETS:
        docs, vals = entries[facet]
        arrays[f"{facet}_doc"] = np.asarray(docs, dtype=np.int32)
        arrays[f"{facet}_val"] = np.asarray(vals, dtype=np.int32)
    np.savez(Path(out_dir) / ARRAYS_FILE, **arrays)  # type: ignore[arg-type]  # numpy stubs: savez(**arrays)
    names = {f: sorted(vocab[f], key=vocab[f].__getitem__) for f in FACETS}
    meta = {"values": names, "stories": sorted(stories, key=stories.__getitem__), "resolution_labels": labels,
            # a spelling that stands for two places in the archive stands for none
            "place_forms": {f: next(iter(v)) for f, v in sorted(place_forms.items()) if len(v) == 1}}
    (Path(out_dir) / VOCAB_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return count


@dataclass
class FacetArrays:
    """The arrays of one generation, loaded once per searcher."""

    live: np.ndarray
    start: np.ndarray
    end: np.ndarray
    precision: np.ndarray
    story: np.ndarray
    doc: dict[str, np.ndarray]
    val: dict[str, np.ndarray]
    values: dict[str, list[str]]
    value_ids: dict[str, dict[str, int]]
    stories: list[str]
    resolution_labels: dict[str, str]
    place_forms: dict[str, str]  # casefolded spelling of a place in the articles -> its facet value

    @classmethod
    def load(cls, gen_dir: Path) -> FacetArrays:
        with np.load(Path(gen_dir) / ARRAYS_FILE) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads((Path(gen_dir) / VOCAB_FILE).read_text(encoding="utf-8"))
        values = meta["values"]
        return cls(
            live=arrays["live"],
            start=arrays["start"],
            end=arrays["end"],
            precision=arrays["precision"],
            story=arrays["story"],
            # A generation written before a facet existed (place) has none of its values.
            doc={f: arrays.get(f"{f}_doc", np.zeros(0, dtype=np.int32)) for f in FACETS},
            val={f: arrays.get(f"{f}_val", np.zeros(0, dtype=np.int32)) for f in FACETS},
            values={f: values.get(f, []) for f in FACETS},
            value_ids={f: {v: i for i, v in enumerate(values.get(f, []))} for f in FACETS},
            stories=meta["stories"],
            resolution_labels=meta.get("resolution_labels", {}),
            place_forms=meta.get("place_forms", {}),
        )

    def docs_with(self, facet: str, value_id: int) -> np.ndarray:
        """Ords of the articles that have one value."""
        return self.doc[facet][self.val[facet] == value_id]

    def counts(self, facet: str, mask: np.ndarray) -> np.ndarray:
        """Number of articles in `mask` per value id."""
        doc = self.doc[facet]
        return np.bincount(self.val[facet][mask[doc]], minlength=len(self.values[facet]))
