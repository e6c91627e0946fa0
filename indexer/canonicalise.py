"""Stage canonicalise: each article's persons and organisations under their canonical names (the table
`canon.build_canon` makes from every article), its resolutions, and its places."""

from __future__ import annotations

from collections.abc import Iterator

from archive import facetarrays
from archive.names import Canon
from archive.record import ArticleRecord
from archive.store import Store, decode, encode

from . import places, workers
from .entities import ArticleEntities, prose_case
from .extract import extraction_text, names_given


def entities_of(rec: ArticleRecord) -> ArticleEntities:
    ents = ArticleEntities.from_json(rec.entities or {"persons": [], "orgs": [], "acronyms": {}})
    given = rec.given or {}
    # Given metadata wins over what the model read from the text.
    if "persons" in given:
        ents.persons = list(given["persons"])
    if "orgs" in given:
        ents.orgs = list(given["orgs"])
    return ents


# The canon's word vote reads the words of this many articles (the first in the store): plenty to tell a word
# ("federal", "cathode") from a name, at a cost that does not grow with the archive (a cached rebuild reads
# every record again).
PROSE_ARTICLES = 2000


def all_entities(store: Store) -> Iterator[ArticleEntities]:
    """Every article's entities; the first `PROSE_ARTICLES` with the words of their text, for the canon's
    archive-wide case vote."""
    for n, (_o, rec) in enumerate(store.records()):
        ents = entities_of(rec)
        if n < PROSE_ARTICLES:
            ents.prose = prose_case(extraction_text(rec))
        yield ents


def _resolutions_of(rec: ArticleRecord) -> tuple[list[str], dict[str, str]]:
    given = (rec.given or {}).get("resolutions")
    if given:
        nums = [n for n in ("".join(ch for ch in str(g) if ch.isdigit()) for g in given) if n]
        return list(dict.fromkeys(nums)), {}
    found = rec.resolution_list or []
    labels = {num: f"{num} ({year})" for num, year in found if year}
    return list(dict.fromkeys(num for num, _ in found)), labels


# Below this many new articles per process, the places are found in this process (a fork costs more).
MIN_ARTICLES_PER_PROCESS = 1000


def apply_canon(store: Store, canon: Canon, added: list[str], procs: int = 1) -> set[str]:
    """Canonical names on every record; returns the ids of old articles whose names changed. The records are
    worked on (decoded, places found where needed, names and resolutions set, encoded again) by `procs` processes
    (many new articles) or this one; this process only reads and writes the store."""
    new = set(added)
    changed: set[str] = set()
    if len(new) < MIN_ARTICLES_PER_PROCESS * procs:
        procs = 1
    elif procs > 1:
        places.gazetteer()  # read once here: the workers inherit it
    rows = store.raw_in_order(sorted(store.ids().values()))  # in chunks
    for done in workers.ordered_map(_canonical, rows, procs, shared=(canon, new)):
        if done is None:
            continue
        ord_, art_id, key, story, data, names_changed = done
        if names_changed and art_id not in new:
            changed.add(art_id)
        store.put_raw(ord_, key, story, data)
    store.commit()
    return changed


def _canonical(row: tuple[int, str]) -> tuple[int, str, str, str | None, str, bool] | None:
    """One stored record with its canonical names, resolutions and (when needed) places: its ord, id, key, story,
    new stored JSON and whether its names or resolutions changed; None when nothing changed."""
    canon, new = workers.shared()  # the canon and the ids of the new articles
    ord_, data = row
    rec = decode(data)
    found = _places_if_needed((rec, rec.id in new))
    ents = entities_of(rec)
    persons, orgs = canon.persons(ents), canon.orgs(ents)
    resolutions, labels = _resolutions_of(rec)
    dirty = found is not None
    if found is not None:
        rec.places, rec.place_forms = found
    names_changed = (persons, orgs, resolutions) != (rec.persons, rec.orgs, rec.resolutions)
    if names_changed:
        rec.persons, rec.orgs, rec.resolutions, rec.resolution_labels = persons, orgs, resolutions, labels
        dirty = True
    return (ord_, rec.id, rec.key, rec.story, encode(rec), names_changed) if dirty else None


def _places_if_needed(item: tuple[ArticleRecord, bool]) -> tuple[list[str], dict[str, str]] | None:
    """The article's places (see `_places_of`) when it is new or has none yet (they depend on the article alone:
    found once); None otherwise."""
    rec, new = item
    return _places_of(rec, entities_of(rec)) if new or rec.places is None else None


def _places_of(rec: ArticleRecord, ents: ArticleEntities) -> tuple[list[str], dict[str, str]]:
    """The place facet's values (the dateline's city, then the places the model found in the text; the gazetteer
    looks for them where the model never read it, names given, or read it before places were kept) and the
    spellings the article gives them ("U.S." -> "United States")."""
    if names_given(rec) or "places" not in (rec.entities or {}):
        found = places.text_forms(extraction_text(rec), [*ents.persons, *ents.orgs])
    else:
        found = places.model_forms(ents.places, ents.persons)
    forms = places.article_forms(facetarrays.dateline_place(rec.dateline), found)
    return list(dict.fromkeys(forms.values())), {k: v for k, v in forms.items() if k != v}


def variants(canon: Canon, rec: ArticleRecord) -> list[str]:
    names: list[str] = []
    for kind, values in (("person", rec.persons or []), ("org", rec.orgs or [])):
        for value in values:
            names.append(value)
            names.extend(canon.variants(kind, value))
    return list(dict.fromkeys(names))
