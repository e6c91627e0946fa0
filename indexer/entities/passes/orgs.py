"""Passes choosing the article's organisation names from the chosen spans."""

from __future__ import annotations

import re

from ..names import is_role, strip_org, valid_org
from ..spans import add_name, clean_ws, in_ranges, is_acronym, shouted, strip_possessive
from ..words import COMPANY_WORDS, LEGAL_FORMS, ORG_HEADS, sporty
from .doc import Doc

_CLOCK_BEFORE = re.compile(r"\b\d{3,4}[ \t]*$")


def _possessed(name: str, names_here: set[str]) -> str:
    """ "Craxi's Socialist Party", "Sri Lanka's Central Bank", "EC's Dairy Management Committee": the organisation of a
    person, place, acronym or organisation of two words or more the article names is the part after the
    possessive ("McDonald's Corp" and "Moody's Investors Service Inc" stay)."""
    m = re.match(r"(.+?)['\u2019]s[ \t]+([A-Z].*)$", name)
    if m and m.group(1) in names_here and not all(w.lower() in LEGAL_FORMS for w in m.group(2).split()):
        return m.group(2)
    return name


def choose_orgs(d: Doc) -> None:
    """Organisation names: roles, grounds, time zones, headline phrases and invalid names dropped;
    a defined acronym stands for its long form; names only in capitals set apart."""
    text, acronyms = d.text, d.acronyms
    sports = sporty(text)
    lower_words = set(re.findall(r"(?<![\w\-])[a-z]+(?![\w\-])", text))
    person_tokens = {t for _, n in d.full for t in n.split()} | {n for _, n in d.mentions}
    # possessors: not a one-word company name ("Moody's" is the short form of Moody's Investors Service Inc)
    org_names = {n for c in d.chosen if c.label == "ORG" for n in [strip_org(c.text)] if " " in n or is_acronym(n)}
    names_here = d.place_words | person_tokens | org_names | set(acronyms)
    for sp in d.chosen:
        if sp.label == "ORG":
            name = strip_org(sp.text)
        elif sp.label in ("PERSON",) or sp.label.startswith("OTHER"):
            # the model often types an acronym or a group as a person or nationality
            name = strip_possessive(clean_ws(sp.text))
            if name not in acronyms:
                continue
        else:
            continue
        name = acronyms.get(name, name)
        name = _possessed(name, names_here)
        if sp.prio == 0 and is_role(text, sp.start, sp.end, name):
            continue
        if (
            sports
            and sp.prio == 0
            and re.search(r"\b(?:at|At)[ \t]+(?:the[ \t]+)?$", text[max(0, sp.start - 8) : sp.start])
            and not any(w.lower() in ORG_HEADS for w in name.split())
        ):
            continue  # "at Headingley", "at Old Trafford": a ground in a sports story
        if is_acronym(name) and len(name) <= 4 and _CLOCK_BEFORE.search(text[max(0, sp.start - 8) : sp.start]):
            continue  # "1200 GMT": a time zone after a clock time
        if in_ranges(sp.start, d.heads) and len(re.findall(re.escape(name), text, re.I)) < 2:
            if name.isupper() and len(name) > 1:
                add_name(d.caps_orgs, name)  # a name in a capitals headline: the archive decides
            continue  # a headline phrase the body never repeats ("GOLF - LEADING SCORES")
        if not valid_org(
            name, person_tokens if name not in acronyms.values() else set(), d.place_words, lower_words
        ):
            continue
        # a results-table row in capitals ("NEW YORK 74 59 .556") names a team, not a headline word
        add_name(d.caps_orgs if sp.prio < 2 and shouted(text, sp.start, name) else d.orgs, name)
    # bare mentions of a defined acronym anywhere in the article count too
    for acr, lf in acronyms.items():
        if lf not in d.orgs and re.search(r"\b" + re.escape(acr) + r"\b", text):
            d.orgs.append(lf)
    d.caps_orgs = [n for n in d.caps_orgs if n.lower() not in {o.lower() for o in d.orgs}]


def split_joined_orgs(d: Doc) -> None:
    """Two organisations written as one name: two companies each with its legal form ("Stephens Inc and
    Cazenove Inc") are split; "World Bank and IMF", "IMF/World Bank" go where both are names of the article."""
    # "Stephens Inc and Cazenove Inc": two companies, each with its legal form
    split = []
    for o in d.orgs:
        parts = re.split(r",?\s+(?:and|&)\s+|,\s+", o)
        if len(parts) > 1 and all(p.split()[-1].lower().strip(".") in COMPANY_WORDS for p in parts if p):
            split += [p for p in parts if len(p.split()) > 1]
        else:
            split.append(o)
    d.orgs = list(dict.fromkeys(split))
    # "World Bank and IMF", "IMF/World Bank": two organisations of the article written as one
    known = set(d.orgs) | set(d.acronyms)
    d.orgs = [
        o
        for o in d.orgs
        if not any(p.strip() in known and p.strip() != o for p in re.split(r"\s+(?:and|&)\s+|/", o))
    ]
