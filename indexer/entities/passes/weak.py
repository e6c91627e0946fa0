"""Pass keeping names the model typed as a law, product, building or event, for the archive to decide."""

from __future__ import annotations

from ..names import strip_org, valid_org
from ..spans import add_name
from .doc import Doc

# the model's labels for things that are sometimes organisations ("the General Agreement on Tariffs and Trade")
_WEAK_ORG_LABELS = ("LAW", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART")


def weak_orgs(d: Doc) -> None:
    """A name the model typed as a law, product, building or event, overlapping no person or organisation:
    it counts as an organisation only where the archive has it as one (`caps_orgs`)."""
    taken = [(c.start, c.end) for c in d.chosen if c.label in ("PERSON", "ORG")]
    for s, e, lab in d.ents:
        if lab not in _WEAK_ORG_LABELS or any(s < b and a < e for a, b in taken):
            continue
        name = strip_org(d.text[s:e])
        if name and name not in d.orgs and valid_org(name, set(), d.place_words):
            add_name(d.caps_orgs, name)
