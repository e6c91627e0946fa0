"""Acronyms: "Long Form (ACR)" definitions, and whether an acronym spells a long form's initials."""

from __future__ import annotations

import re

from .spans import clean_ws
from .words import ACRONYM_SKIP

_ACR_DEF = re.compile(r"\(\s*([A-Z][A-Za-z&.\-]{0,9}[A-Z]\.?|[A-Z]{2})\s*\)")


def acr_parts(words: list[str]) -> list[tuple[str, bool]]:
    """(letters it may contribute, skippable) per word part; hyphen parts count separately."""
    parts: list[tuple[str, bool]] = []
    for w in words:
        for p in re.split(r"[-\u2013]", w):
            p = p.strip(".,'\u2019")
            if not p:
                continue
            if p.isupper() and len(p) > 1:
                parts.append((p.lower().replace(".", ""), False))  # "U.N." gives u, n
            else:
                parts.append((p[0].lower(), p.lower() in ACRONYM_SKIP or p.islower()))
    return parts


def acr_match(acr: str, parts: list[tuple[str, bool]]) -> bool:
    """Letters of the acronym are the initials of the parts, in order; function words may be skipped."""
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if j == len(parts):
            res = i == len(acr)
        else:
            letters, skippable = parts[j]
            res = False
            if acr.startswith(letters, i) and go(i + len(letters), j + 1):
                res = True
            elif len(letters) > 1 and acr.startswith(letters[0], i) and go(i + 1, j + 1):
                res = True
            elif skippable and go(i, j + 1):
                res = True
        memo[(i, j)] = res
        return res

    return go(0, 0)


def find_acronym_definitions(text: str) -> list[tuple[int, int, str, str]]:
    """'Long Form (ACR)' pairs: (start, end) of the long form, the long form, the acronym."""
    out = []
    for m in _ACR_DEF.finditer(text):
        acr = m.group(1).rstrip(".")
        key = re.sub(r"[^a-z]", "", acr.lower())
        if len(key) < 2:
            continue
        before = text[max(0, m.start() - 200) : m.start()]
        words = list(re.finditer(r"[^\s()\"\u201c\u201d,;:]+", before))[-(len(key) + 4) :]
        for k in range(len(words) - 1, -1, -1):
            cand = [w.group(0) for w in words[k:]]
            first = cand[0].strip("'\u2019\"")
            if not first[:1].isupper():
                continue
            if any(w.islower() and w.lower() not in ACRONYM_SKIP for w in cand):
                break
            if acr_match(key, acr_parts(cand)):
                start = m.start() - len(before) + words[k].start()
                long_form = clean_ws(text[start : m.start()]).rstrip(" ,")
                out.append((start, start + len(long_form), long_form, acr))
                break
    return out
