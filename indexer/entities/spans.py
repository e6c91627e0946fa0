"""Candidate spans and the small helpers the rules share over them: whitespace and possessives, the shape of
an acronym, overlap resolution, headline lines, shouted (all-capitals) names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_POSSESSIVE = re.compile(r"(?:['\u2019]s?|\u2019)$")


@dataclass
class Span:
    """A stretch of the article's text with a type and a priority (model spans 0, rules higher)."""

    start: int
    end: int
    label: str  # PERSON | ORG | OTHER (places, nationalities: kept only to block overlaps)
    text: str
    prio: int  # higher wins on overlap
    rule: bool = False  # found by a capitalised-phrase rule: loses a tie against the model


def mentions(text: str, name: str) -> Iterator[re.Match[str]]:
    """Where the text writes the name as a whole word (not inside "Jaish-e-Mohammed" or "Texacos")."""
    return re.finditer(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])", text)


def clean_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def strip_possessive(s: str) -> str:
    return _POSSESSIVE.sub("", s) if re.search(r"['\u2019]s?$", s) else s


def is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "").replace("&", "").replace("-", "")
    return (
        2 <= len(letters) <= 8
        and letters.isalpha()
        and letters[0].isupper()
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


def resolve(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans: higher priority first, then longer."""
    chosen: list[Span] = []
    for sp in sorted(spans, key=lambda s: (-s.prio, -(s.end - s.start), s.rule, s.start)):
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: s.start)


# Capitalised function words mark title case ("Putin Sends Condolences to Indian President After ...");
# a comma-separated list of names has none.
_HEADLINE_WORDS = frozenset(
    "To In On After For Of With At And The A An As Is Are Must Not Over Into From By Says Say Will Be".split()
)


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-case or upper-case lines (headlines), where the model over-fires."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'\u2019\-]*", line)
        letters = "".join(words)
        # all upper case, or title case without the digits and brackets of result tables
        if len(words) >= 3 and letters.isupper():
            out.append((pos, pos + len(line)))
        elif len(words) >= 4 and not re.search(r"[\d()]", line) and _HEADLINE_WORDS & set(words[1:]):
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.85 and not line.rstrip().endswith((".", "\u201d", '"')):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def add_name(names: list[str], name: str) -> None:
    """Append a name once, keeping the order of first mention."""
    if name not in names:
        names.append(name)


def shouted(text: str, pos: int, name: str) -> bool:
    """A name written in capitals on a line in capitals (a wire headline, a dateline, a slug)."""
    if not name.isupper() or len(re.sub(r"[^A-Z]", "", name)) < 2:
        return False
    line = text[text.rfind("\n", 0, pos) + 1 : (text.find("\n", pos) + 1 or len(text) + 1) - 1]
    letters = re.sub(r"[^A-Za-z]", "", line)
    return letters.isupper() and len(line.split()) >= 2
