"""Pass dropping names the article writes mostly inside longer names (fragments)."""

from __future__ import annotations

import re

from ..spans import mentions
from ..words import COMPANY_WORDS, LEGAL_FORMS, MONTHS_DAYS, PORTFOLIO_WORDS, TITLE_WORDS
from .doc import Doc

_CAP = r"[A-Z][\w'\u2019\-]*(?:\.[A-Z])*"
# a capitalised word right after the name ("Neutral Zone") or, for an organisation, after "and"/"&" ("Saatchi and
# Saatchi", "Food Service and Lodging Group") or "of"/"for" ("Wilshire Oil of Texas")
_AFTER_WORD = re.compile(r"(?:[ \t]*\n)?[ \t]+(" + _CAP + ")")
_AFTER_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+(" + _CAP + ")")  # not ", and": a list
_AFTER_OF = re.compile(r"[ \t]+(?:of|for|de|du|des)[ \t]+(" + _CAP + ")")
# a word before a number names a document or a thing of the body: "UN Security Council Resolution 1267"
_NUMBERED = re.compile(r"[ \t]+(?:No\.?[ \t]*)?\d")
# a capitalised word right before "and"/"&" ("Duff and Phelps", "Frank's Nursery and Crafts") or, for an
# organisation, inside a sentence before "of"/"for" ("Shares of Polaroid Corp" is no name)
_BEFORE_AND = re.compile(r"(" + _CAP + r")(?:['\u2019]s)?[ \t]+(?:and|&)[ \t]+$")
_BEFORE_OF = re.compile(r"(?<=[a-z\d,;][ \t])(" + _CAP + r")[ \t]+(?:of|for)[ \t]+$")
# neighbours that leave a mention standing alone: a title or portfolio ("Chairman of Texaco"), a part of a firm
# ("the F.W. Dodge Division of McGraw-Hill"), the name's legal form, "Jr", a date, an article
_FORMS = COMPANY_WORDS | LEGAL_FORMS | frozenset("na lp l.p".split())
_FREE = (
    TITLE_WORDS
    | PORTFOLIO_WORDS  # "Economics Ministry State Secretary Otto Schlecht"
    | _FORMS
    | MONTHS_DAYS
    | frozenset("division unit subsidiary affiliate arm the jr sr ii iii".split())
)


def _free(text: str, m: re.Match, name: str, others: list[str], after: bool) -> bool:
    """Whether the neighbour word of a match leaves the mention alone: a word of `_FREE`, or the start (end)
    of another name of the article (a list: "Texaco and Chevron"); never the name itself ("Saatchi and
    Saatchi")."""
    word = re.sub(r"['\u2019]s$", "", m.group(1)).rstrip(".")
    if word.lower() in _FREE:
        return True
    if after:
        starts = [o for o in others if text.startswith(o, m.start(1))]
    else:
        starts = [o for o in others if text[: m.end(1)].endswith(o)]
    return bool(starts) and name not in starts


def _glued(d: Doc, start: int, end: int, name: str, others: list[str]) -> bool:
    """Whether this mention is joined to capitalised words of no other name. A word before a number names a
    document or a thing of the body, not a longer name ("UN Security Council Resolution 1267")."""
    text, is_org = d.text, name in d.orgs
    if name.split()[-1].lower().strip(".,") in _FORMS:
        after = []  # a legal form ends a company's name: "X Corp and Y" is a list, "X Inc of Trenton" its town
    else:
        # a person and the next one's title is a list: "Industry Minister Alain Madelin and Telecommunications
        # Minister Gerard Longuet"
        after = [_AFTER_AND.match(text, end), _AFTER_OF.match(text, end)] if is_org else []
        if not name.endswith("."):  # "Corp. The company": a new sentence
            after.append(_AFTER_WORD.match(text, end))
    before_text = text[max(0, start - 60) : start]
    before = [_BEFORE_AND.search(before_text)] + ([_BEFORE_OF.search(before_text)] if is_org else [])
    joined = [m for m in after if m is not None and not _NUMBERED.match(text, m.end(1))]
    return any(not _free(text, m, name, others, True) for m in joined) or any(
        m and not _free(before_text, m, name, others, False) for m in before
    )


def drop_glued_names(d: Doc) -> None:
    """A person or organisation most of whose mentions in the article are joined to further capitalised
    words that begin or end no other name of the article is a fragment of a longer name there ("Phelps" in
    "Duff and Phelps", "Neutral" in "Neutral Zone", "Ross Inc" in "Rosenkrantz Lyon and Ross Inc"); where
    a name stands alone as often ("Getty said" beside "Getty Oil" in another article), it stays."""
    spans = [" ".join(d.text[s:e].split()) for s, e, _ in d.ents]  # the model's own names of any type
    whole = list(dict.fromkeys(d.persons + d.orgs + d.caps_persons + d.caps_orgs + list(d.acronyms) + spans))
    for names in (d.persons, d.orgs):
        for n in list(names):
            full = _mentions(d.text, [n], [])
            glued = sum(_glued(d, s, e, n, whole) for s, e in full)
            # the short forms folded into the name ("Clayton Yeutter Speaking" then "Yeutter said"; an acronym)
            # count where they stand alone: "Baker Plan" says nothing of James Baker
            shorts = [s for s, lf in d.acronyms.items() if lf == n] + ([n.split()[-1]] if n in d.persons else [])
            alone = len(full) - glued + sum(
                not _glued(d, s, e, n, whole) for s, e in _mentions(d.text, shorts, full)
            )
            if glued > alone:
                names.remove(n)


def _mentions(text: str, forms: list[str], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the text writes these forms, outside the spans already taken."""
    spans: list[tuple[int, int]] = []
    for f in forms:
        for m in mentions(text, f):
            if not any(a <= m.start() < b for a, b in taken + spans):
                spans.append((m.start(), m.end()))
    return spans
