"""A person the model folded into an organisation span, split off where an office word marks it."""

from __future__ import annotations

import re

from .spans import Span, strip_possessive
from .words import ACRONYM_SKIP, NAME_TOKEN, NOT_NAME_WORDS, ORG_HEADS

_OFFICE = (
    "governor|secretary|minister|chairman|chairwoman|president|spokesman|spokeswoman|director|ambassador"
    "|premier|chancellor|senator|commissioner|treasurer|economist|analyst|adviser|advisor"
)
_OFFICE_BEFORE = re.compile(r"\b(?:" + _OFFICE + r")(?:[ \t\n]+of)?[ \t\n]*$", re.I)
_OFFICE_NEAR = re.compile(r"\b(?:" + _OFFICE + r")\b", re.I)
_OFFICE_AFTER = re.compile(r",[ \t\n]+(?:the[ \t\n]+)?(?:[\w\-]+[ \t\n]+){0,2}?(?:" + _OFFICE + r")\b", re.I)


def split_titled_names(text: str, chosen: list[Span]) -> None:
    """A person the model folded into an organisation span, told by an office word around it:
    "Governor of the Bank of England Robin Leigh-Pemberton", "Secretary of Agriculture Richard Lyng",
    "Beryl Sprinkel, chairman of ...".
    The trailing first name and surname become a person; what is left stays an organisation if it is one."""
    for sp in list(chosen):
        if sp.label != "ORG" or sp.prio != 0:
            continue
        words = list(re.finditer(r"\S+", text[sp.start : sp.end]))
        if len(words) < 2:
            continue
        name_w = words[-2:]
        if not all(
            NAME_TOKEN.match(strip_possessive(w.group(0)).rstrip(".,"))
            and strip_possessive(w.group(0)).lower() not in NOT_NAME_WORDS
            and len(w.group(0)) > 2
            for w in name_w
        ):
            continue
        ns = sp.start + name_w[0].start()
        prefix = text[sp.start : ns].strip()
        before = text[max(0, sp.start - 45) : sp.start]
        if prefix.split()[-1:] and prefix.split()[-1].lower() in ACRONYM_SKIP:
            continue  # "National Association of Wheat Growers": the name goes on
        if prefix:
            ok = bool(_OFFICE_BEFORE.search(before)) or bool(_OFFICE_NEAR.search(prefix.split()[0]))
        else:
            ok = bool(_OFFICE_BEFORE.search(before)) and not re.search(r"\bof[ \t\n]*$", before)
            ok = ok or bool(_OFFICE_AFTER.match(text, sp.end, sp.end + 40))
        if not ok:
            continue
        person = Span(ns, sp.end, "PERSON", text[ns : sp.end], 0)
        chosen.append(person)
        if prefix:
            sp.end = sp.start + len(text[sp.start : ns].rstrip())
            sp.text = text[sp.start : sp.end]
            if not (re.search(r"\bof\b", prefix) or any(w.lower() in ORG_HEADS for w in prefix.split())):
                sp.label = "DROP"
        else:
            sp.label = "DROP"
    chosen.sort(key=lambda c: c.start)
