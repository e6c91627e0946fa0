"""Pass dropping names the article uses only to name a place or a thing ("the Challenger shuttle")."""

from __future__ import annotations

import re

from .doc import Doc

# Common nouns that a capitalised word before them names as a place, a work or a grade, not as a body:
# "Kansai airport", "Thassos island", "Mercalli scale", "Brent crude", "Uruguay round", "UHF channel".
THING_NOUNS = frozenset(
    """airport airports island islands peninsula mine mines sawmill oilfield field fields pipeline river
    port bay basin valley canal strait lake reef highway channel scale shuttle crude crudes blend grade
    round bases deposit deposits""".split()
)  # not "well" (an adverb: "the Conservative Party well ahead") nor "project" (companies run them)
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[ \t]+([a-z]+)")


def drop_thing_names(d: Doc) -> None:
    """A person or organisation every mention of which in the article is followed by a noun of
    `THING_NOUNS` names that place or thing here, not a person or body."""
    for names in (d.persons, d.orgs):
        for n in list(names):
            after = [
                _NEXT_WORD.match(d.text, m.end())
                for m in re.finditer(r"(?<![\w\-])" + re.escape(n) + r"(?![\w\-])", d.text)
            ]
            if after and all(a and a.group(1) in THING_NOUNS for a in after):
                names.remove(n)
