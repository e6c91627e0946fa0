"""Pass choosing among overlapping candidates."""

from __future__ import annotations

from ..spans import clean_ws, resolve, strip_possessive
from ..titled import split_titled_names
from .doc import Doc


def resolve_overlaps(d: Doc) -> None:
    """Keep non-overlapping spans; split titled names off organisations; table teams stay teams."""
    d.chosen = resolve(d.spans)
    split_titled_names(d.text, d.chosen)
    team_names = {clean_ws(t.text).lower() for t in d.teams}
    for sp in d.chosen:
        if team_names and sp.label in ("PERSON", "OTHER:GPE", "OTHER:LOC", "OTHER:NORP"):
            raw = strip_possessive(sp.text).rstrip()
            if clean_ws(raw).lower() in team_names:
                sp.label, sp.text, sp.end = "ORG", raw, sp.start + len(raw)
