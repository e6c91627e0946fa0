"""Passes dropping names the article uses only to name a place or a thing ("the Challenger shuttle", "Peninsula
Hotel", "Natchitoches, La.")."""

from __future__ import annotations

import re

from ..spans import mentions
from .doc import Doc

# Common nouns that a capitalised word before them names as a place, a work or a grade, not as a body:
# "Kansai airport", "Thassos island", "Mercalli scale", "Brent crude", "Uruguay round", "UHF channel".
THING_NOUNS = frozenset(
    """airport airports island islands peninsula mine mines sawmill oilfield field fields pipeline river
    port bay basin valley canal strait lake reef highway channel scale shuttle crude crudes blend grade
    round bases deposit deposits""".split()
)  # not "well" (an adverb: "the Conservative Party well ahead") nor "project" (companies run them)
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[ \t]+([a-z]+)")
# the last word of a building's, a site's or a street's name ("Royster Building", "Colosseum Mine", "Capitol Hill")
PLACE_HEADS = frozenset(
    "building buildings tower hotel mine hill airport street avenue road square plaza stadium palace".split()
)
# a US state as the wire abbreviates it after a town: "Natchitoches, La.", "Huntsville, Ala."
_STATE_AFTER = re.compile(
    r",[ \t]+(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont"
    r"|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Va|Vt|Wash|Wis|W\.Va|Wyo)\."
)


def drop_thing_names(d: Doc) -> None:
    """A person or organisation every mention of which in the article is followed by a noun of
    `THING_NOUNS` names that place or thing here, not a person or body."""
    for names in (d.persons, d.orgs):
        for n in list(names):
            after = [
                _NEXT_WORD.match(d.text, m.end())
                for m in mentions(d.text, n)
            ]
            if after and all(a and a.group(1) in THING_NOUNS for a in after):
                names.remove(n)


def drop_place_names(d: Doc) -> None:
    """A name that is a place by its own shape: an organisation whose last word names a building, a site or a
    street ("Peninsula Hotel", "Colosseum Mine"; a person's is a surname: "John Tower"), a one-word name every
    mention of which is a town followed by a US state's abbreviation ("Natchitoches, La.")."""
    d.orgs[:] = [o for o in d.orgs if o.split()[-1].lower() not in PLACE_HEADS]
    for names in (d.persons, d.orgs):
        for n in [n for n in names if " " not in n]:
            after = [
                _STATE_AFTER.match(d.text, m.end())
                for m in mentions(d.text, n)
            ]
            if after and all(after):
                names.remove(n)
