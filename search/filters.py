"""Facet and date filters: facet values resolved to their canonical names and value ids, then one boolean mask
over the generation's articles (ords)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from archive.days import day_number
from archive.facetarrays import UNKNOWN

from .generation import Generation
from .params import SearchRequest

KINDS = ("include", "exclude", "any_of")


@dataclass
class Resolved:
    """A request's facet values under their canonical names, and as value ids by kind (None: a value the
    archive does not know, which matches nothing)."""

    canonical: SearchRequest
    ids: dict[str, dict[str, list[int | None]]]


def resolve(gen: Generation, req: SearchRequest) -> Resolved:
    """Facet values as value ids (by kind: include, exclude, any_of); unknown values are kept (they match nothing)."""
    ids: dict[str, dict[str, list[int | None]]] = {kind: {} for kind in KINDS}
    canonical: dict[str, dict[str, tuple[str, ...]]] = {kind: {} for kind in KINDS}
    for which, target in ids.items():
        for facet, values in getattr(req, which).items():
            names = []
            for value in values:
                name = canonical_value(gen, facet, value)
                if name is None:
                    names.append(value)
                    target.setdefault(facet, []).append(None)
                else:
                    names.append(name)
                    target.setdefault(facet, []).append(gen.arrays.value_ids[facet][name])
            canonical[which][facet] = tuple(dict.fromkeys(names))
    resolved = replace(req, include=canonical["include"], exclude=canonical["exclude"], any_of=canonical["any_of"])
    return Resolved(resolved, ids)


def canonical_value(gen: Generation, facet: str, value: str) -> str | None:
    """The facet value the archive files `value` under: itself, its canonical name, the same in another case
    or, for a place, the place a spelling stands for; None when it knows none."""
    arrays = gen.arrays
    ids = arrays.value_ids[facet]
    if value in ids:
        return value
    if facet in ("person", "org"):
        name = gen.canon.lookup(facet, value)
        if name in ids:
            return name
    folded = value.casefold()
    same = next((v for v in ids if v.casefold() == folded), None)
    if same is None and facet == "place" and arrays.place_forms.get(folded) in ids:
        return arrays.place_forms[folded]  # "U.S." -> United States: a spelling the articles give it
    return same


def filter_mask(gen: Generation, req: SearchRequest, value_ids: dict[str, dict[str, list[int | None]]]) -> np.ndarray:
    """The live articles every facet and date filter of `req` lets through."""
    a = gen.arrays
    mask = a.live.copy()
    for facet, alternatives in value_ids["any_of"].items():
        mask &= _having(gen, facet, alternatives)
    for facet, ids in value_ids["include"].items():
        for vid in ids:
            mask &= _having(gen, facet, [vid])
    for facet, ids in value_ids["exclude"].items():
        for vid in ids:
            if vid is not None:
                mask[a.docs_with(facet, vid)] = False
    if req.unknown_date:
        mask &= a.start == UNKNOWN
    if req.date_from or req.date_to:
        mask &= a.start != UNKNOWN
        if req.date_from:
            mask &= a.end >= day_number(req.date_from.first)
        if req.date_to:
            mask &= a.start <= day_number(req.date_to.last)
    return mask


def _having(gen: Generation, facet: str, vids: list[int | None]) -> np.ndarray:
    """The articles with any of these values (an unknown value, None, has none)."""
    keep = np.zeros(gen.arrays.live.size, dtype=bool)
    for vid in vids:
        if vid is not None:
            keep[gen.arrays.docs_with(facet, vid)] = True
    return keep


