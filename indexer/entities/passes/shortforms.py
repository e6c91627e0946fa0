"""Passes folding short forms (acronyms, first words, a one-word \"person\") into a long name of the article."""

from __future__ import annotations

import re

from ..acronyms import acr_match, acr_parts
from ..spans import is_acronym
from ..words import LEGAL_FORMS
from .doc import Doc


def fold_short_forms(d: Doc) -> None:
    """Short forms of an organisation named in full in the same article: an undefined acronym that spells
    it ("JeM" for "Jaish-e Mohammed"), its first words ("Ford" after "Ford Motor Co"), a clipped first word
    ("Fed" for "Federal Reserve Board"), its head word ("the Community" after "the European Community").
    Only when one name of the article fits; the long form stays."""
    for o in list(d.orgs):
        longer = [lf for lf in d.orgs if lf != o and len(lf.split()) + lf.count("-") >= 2]
        if is_acronym(o) and " " not in o:
            key = re.sub(r"[^a-z]", "", o.lower())
            fits = [lf for lf in longer if acr_match(key, acr_parts(lf.split()))]
        else:
            words = o.split()
            fits = [
                lf
                for lf in longer
                if len(lf.split()) > len(words)
                and (
                    lf.split()[: len(words)] == words
                    or (len(words) == 1 and len(o) >= 3 and lf.split()[0].startswith(o) and lf.split()[0] != o)
                    or (len(words) == 1 and lf.split()[-1] == o)  # "the Community": the European Community
                )
            ]
        if len(fits) == 1:
            d.acronyms.setdefault(o, fits[0])
            d.orgs.remove(o)


def fold_person_short_forms(d: Doc) -> None:
    """A "person" that is the first words of an organisation named in the article is its short form
    ("Video Shopping said" after "Video Shopping Mall Inc"), and so is a one-word "person" that is a word of
    one company of the article (a name with a legal form) and of no person's name there ("Chesebrough" after
    "Chesebrough-Pond's Inc"; "Reagan" beside "Reagan Administration" stays a person)."""
    person_words = {w for p in d.persons if " " in p for w in p.split()}
    for p in list(d.persons):
        words = p.split()
        fits = [o for o in d.orgs if len(o.split()) > len(words) and o.split()[: len(words)] == words]
        if len(words) == 1 and not fits and p not in person_words:
            fits = [
                o
                for o in d.orgs
                if p in re.split(r"[\s\-]+", o) and o.split()[-1].lower().strip(".,") in LEGAL_FORMS
            ]
        if len(fits) == 1:
            d.persons.remove(p)
            d.acronyms.setdefault(p, fits[0])
