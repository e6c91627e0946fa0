"""Pass counting how the article writes each one-word name: lower case or capitalised."""

from __future__ import annotations

import re

from ..spans import is_acronym
from .doc import Doc


def count_case_votes(d: Doc) -> None:
    """For each one-word name (not an acronym): how often this article writes it in lower case, and
    capitalised after a lower-case word, a figure or a comma. The canon sums them across the archive."""
    for n in dict.fromkeys(d.persons + d.orgs + d.caps_persons + d.caps_orgs):
        if " " in n or is_acronym(n) or not n[:1].isupper() or not n[1:].islower():
            continue
        low = len(re.findall(r"(?<![\w\-])" + re.escape(n.lower()) + r"(?![\w\-'\u2019])", d.text))
        cap = len(re.findall(r"[a-z\d,;][ \t]+" + re.escape(n) + r"(?![\w\-])", d.text))
        d.case_votes[n] = [low, cap]
