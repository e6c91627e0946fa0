"""Pass recording the capitalised run each name is written inside ("Smith Barney, Harris Upham and Co" around the
model's "Harris Upham and Co", "Standard and Poor's Corp" around "Poor's Corp"), for the canon: a name written
only inside one longer name that the archive names elsewhere is that longer name (`canon_inside`)."""

from __future__ import annotations

from ..spans import mentions
from .doc import Doc

_JOINS = frozenset("and & of de du des del der van von".split())  # inside a name: "Bank of", "Smith and Co"
_MAX_WORDS = 6


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word in _JOINS


def _left_run(before: str) -> list[str]:
    """The capitalised words (and joins) right before a mention, on its line, nearest last."""
    if not before[-1:].isspace():
        return []
    taken: list[str] = []
    for w in reversed(before.split()[-_MAX_WORDS:]):
        if not _capitalised(w) or w.endswith((".", ":", ";", '"', ")")) and len(w.rstrip(".")) > 1:
            break  # "... Corp." ends the sentence before; "U.S." and initials end in a stop too, and are taken
        taken.insert(0, w)
    while taken and taken[0] in _JOINS:
        taken.pop(0)
    return taken


def _right_run(after: str) -> list[str]:
    """The capitalised words (and joins) right after a mention, on its line."""
    if not (after[:1].isspace() or after.startswith(", ")):
        return []
    taken: list[str] = []
    for w in after.split()[:_MAX_WORDS]:
        if w == ",":
            continue
        if not _capitalised(w.lstrip(",")):
            break
        taken.append(w.rstrip(".,;:\"')"))
        if w[-1:] in ".;:\"')":
            break  # the sentence or the bracket ends here
    while taken and taken[-1] in _JOINS:
        taken.pop()
    return taken


def note_name_runs(d: Doc) -> None:
    """For each person and organisation every mention of which has capitalised words right before or after it
    on its line: the words before and after each mention (`runs`)."""
    for n in dict.fromkeys(d.persons + d.orgs):
        found = []
        for m in mentions(d.text, n):
            line_start = d.text.rfind("\n", 0, m.start()) + 1
            line_end = d.text.find("\n", m.end())
            before = d.text[line_start : m.start()]
            after = d.text[m.end() : line_end if line_end >= 0 else len(d.text)]
            found.append([" ".join(_left_run(before)), " ".join(_right_run(after))])
        if found and all(left or right for left, right in found):
            d.runs[n] = found
