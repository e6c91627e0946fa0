"""Passes gathering candidate spans: defined acronyms, the shape rules, the model's own spans."""

from __future__ import annotations

import re

from ..acronyms import find_acronym_definitions
from ..names import strip_org
from ..org_shapes import rule_orgs, table_teams
from ..person_shapes import lineup_persons, pattern_persons, title_persons
from ..spans import Span, is_acronym
from .doc import Doc


def define_acronyms(d: Doc) -> None:
    """'Long Form (ACR)' pairs become organisations of the highest priority."""
    other_texts = {d.text[s:e] for s, e, lab in d.ents if lab in ("GPE", "LOC")}
    for s, e, long_form, acr in find_acronym_definitions(d.text):
        if long_form in other_texts or long_form.split()[0] in ("The", "the"):
            continue  # "United States (US)": a place, not an organisation
        lf = strip_org(long_form)
        if lf:
            d.acronyms.setdefault(acr, lf)
            d.spans.append(Span(s, e, "ORG", lf, 3))


def find_rule_spans(d: Doc) -> None:
    """Candidates of the shape rules: titled names, capitalised organisation phrases, initials, line-ups,
    results-table teams."""
    text, ents = d.text, d.ents
    d.spans += title_persons(text)
    # a nationality or place in front of a rule-found name is the model's call ("German Foreign Ministry")
    places = [(s, e) for s, e, lab in ents if lab in ("NORP", "GPE")]
    for sp in rule_orgs(text):
        for ps, pe in places:
            if ps == sp.start and pe < sp.end and len(text[pe : sp.end].split()) >= 2:
                m = re.match(r"(?:['\u2019]s?)?\s+", text[pe : sp.end])
                sp.start = pe + (m.end() if m else 1)
                sp.text = text[sp.start : sp.end]
        d.spans.append(sp)
    d.spans += pattern_persons(text, ents)
    d.spans += lineup_persons(text, ents)
    d.teams = table_teams(text, ents)
    d.spans += d.teams


def take_model_spans(d: Doc) -> None:
    """The model's spans, cut at spaced dashes and blank lines; an acronym is never a person."""
    text = d.text
    for s, e, lab in d.ents:
        if re.search(r"\n\s*\n", text[s:e]):
            continue  # the model glued two unrelated lines ("Pak\n\nShare")
        if " - " in text[s:e]:
            s = s + text[s:e].rindex(" - ") + 3  # a spaced dash separates ("Romania - Cosmin Contra")
            if not re.search(r"[a-z]", text[s:e]):
                continue  # "CRICKET - ENGLAND BEAT": a headline, no name
        if lab == "PERSON" and is_acronym(text[s:e].strip()):
            lab = "ORG"  # an acronym is never a person ("JeM")
        if lab in ("PERSON", "ORG"):
            d.spans.append(Span(s, e, lab, text[s:e], 0))
        elif lab in ("GPE", "LOC", "NORP", "FAC"):
            # a building the model calls a facility ("the White House") yields to an organisation rule
            d.spans.append(Span(s, e, "OTHER:" + lab, text[s:e], -1 if lab == "FAC" else 0))
