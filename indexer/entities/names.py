"""Whether a cleaned span is a person's or an organisation's name: titles, possessives and descriptions
stripped off, roles, events, legal forms alone and generic words rejected; a surname folded into the article's
full name."""

from __future__ import annotations

import re

from .spans import clean_ws, is_acronym, strip_possessive
from .words import (
    COMPANY_WORDS,
    EVENT_WORDS,
    FIRM_NOUNS,
    GENERIC_ORGS,
    LAW_WORDS,
    LEGAL_FORMS,
    MONTHS_DAYS,
    NAME_PARTICLES,
    ORG_HEADS,
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    WS,
)


def strip_person(text: str) -> str:
    """Titles and ranks off the front, possessives and stray tokens off the end."""
    text = clean_ws(text)
    toks = [t for t in text.split(" ") if t]
    while toks and toks[-1] in {",", ".", "'s", "\u2019s"}:
        toks.pop()
    if toks:
        toks[-1] = strip_possessive(toks[-1]).rstrip(",;:")
    while len(toks) > 1:
        low = toks[0].lower().rstrip(".")
        # "NSA Bolton", "FM Qureshi": role acronyms are in the title list; initials ("P.J.") are not
        if low in TITLE_WORDS or low in {"of", "the", "for"}:
            toks.pop(0)
        else:
            break
    return " ".join(t for t in toks if t)


def valid_person(name: str) -> bool:
    """A cleaned person span that can be a name: no digits, not a title or acronym alone, not cut before
    its surname, not an event or a company, no lower-case word but a particle."""
    toks = name.split(" ")
    if not toks or not name:
        return False
    if any(ch.isdigit() for ch in name) or len(name) < 2:
        return False
    if len(toks) == 1 and (toks[0].lower().rstrip(".") in TITLE_WORDS or is_acronym(toks[0])):
        return False
    if len(toks) >= 2 and re.fullmatch(r"[A-Z]\.?", toks[-1]):
        return False  # "Mario M.": a name cut before its surname
    if len(toks) >= 2 and toks[-1].lower() in EVENT_WORDS - {"masters", "games"}:
        return False  # "U.S. Open", "Davis Cup"
    if any(t.lower().strip(".,") in COMPANY_WORDS for t in toks) or toks[-1].lower().replace(".", "") in (
        COMPANY_WORDS | LEGAL_FORMS
    ):
        return False  # "Harbert Solar Inc", "Dextran Products Limited", "Olivetti and C. S.P.A.": a company
    if len(toks) >= 2 and toks[-1].lower() in FIRM_NOUNS:
        return False  # "Sikorsky Aircraft", "Lehman Brothers": a firm named after its founder
    for t in toks:
        low = t.lower()
        if low in MONTHS_DAYS and len(toks) == 1:
            return False
        if t[:1].islower() and low not in NAME_PARTICLES:
            return False
    return True


# a sentence's first word taken with the name ("But White House", "Some European Community")
SENTENCE_START = re.compile(r"^(?:But|And|Or|If|When|While|Although|Many|Some|Most|Former|Both|Also|Since)\s+(?=[A-Z])")


def strip_org(text: str) -> str:
    """An organisation span cleaned into its name: article, description, "-based" place, possessive off."""
    text = clean_ws(text)
    text = re.sub(r"^(?:the|The|THE|an|An)\s+", "", text)
    text = SENTENCE_START.sub("", text)
    # leading lower-case words are the rest of a phrase ("Washington-based" -> "based Atlantic Council")
    text = re.sub(r"^(?:[a-z][a-z\-]*\s+)+(?=[A-Z])", "", text)
    # trailing lower-case words are description, not name ("Interfax news agency"); "network" is named
    text = re.sub(r"(?:\s+(?!network\b)[a-z][a-z\-]*)+$", "", text)
    text = re.sub(r"^[\w.\- ]*?-based\s+", "", text)  # "Minneapolis-based First Bank System Inc"
    text = strip_possessive(text).strip(" ,;:.\"'\u201c\u201d")
    # "UN Security Council Resolution 1267 Committee": the council, not the resolution committee
    text = re.sub(r"\s+Resolutions?\s+(?:No\.?\s*)?\d.*$", "", text)
    # "Apple Computer Inc Macintosh II", "Kaneb Services Inc. Kaneb": a company's name ends at its legal form
    m = re.search(
        r"\s(?:Inc|Corp|Ltd|PLC|Plc|AG|NV|LLC)\b\.?(?:['\u2019]s)?(?=\s+(?!(?:Inc|Corp|Ltd|PLC|Plc)\b)[A-Z(])", text
    )
    return strip_possessive(text[: m.end()]).rstrip(".") if m else text


def valid_org(
    name: str, person_tokens: set[str], place_words: set[str], lower_words: set[str] | None = None
) -> bool:
    """A cleaned organisation span that can be a name here: not generic, a role, an event, a legal form
    alone, a date or made of the article's people's names."""
    if not name or any(ch.isdigit() for ch in name):
        return False
    words = re.findall(r"[\w'\u2019\-]+", name)
    # "Indian Ministry", "Pakistani Government": a place word and one generic word
    if len(words) == 2 and words[0] in place_words and words[1].lower() in GENERIC_ORGS:
        return False
    low = [w.lower() for w in words]
    if not words or all(w in LEGAL_FORMS for w in low):
        return False  # "Co Inc", "PLC": a legal form without its name
    if len(words) >= 2 and low[-1] in EVENT_WORDS:
        return False  # "Fed Cup", "World Series", "U.S. Open": a competition, not a body
    if low[-1] in LAW_WORDS:
        return False  # "Canada Deposit Insurance Act", "Advance Corporation Tax": a law, not a body
    if len(words) == 1 and (low[0] in GENERIC_ORGS or low[0] in TITLE_WORDS):
        return False
    if len(words) == 1 and lower_words is not None and low[0] in lower_words and not is_acronym(words[0]):
        return False  # "Authority", "Women": a common word the article also uses in lower case
    if any(w in MONTHS_DAYS for w in low) and len(words) <= 2:
        return False
    has_head = any(w in ORG_HEADS for w in low)
    # a role phrase: only office/portfolio/title words, or ends with a title word
    if not has_head and all(w in PORTFOLIO_WORDS or w in TITLE_WORDS for w in low):
        return False
    if low[-1] in TITLE_WORDS and low[-1] not in ORG_HEADS:
        return False
    # "Gokhale and Pompeo", "State Pompeo", "Obama Administration": made of people's names
    if any(w in person_tokens for w in words) and not (
        has_head and len(words) > 2 and low[-1] != "administration"
    ):
        return False
    return True


_ROLE_HEADS = (
    "secretary minister spokesperson spokesman spokeswoman adviser advisor coordinator chief director"
)
_TITLE_RX = "|".join(_ROLE_HEADS.split() + ["undersecretary", "ministers", "secretaries"])
_TITLE_CAP_RX = "|".join(w.capitalize() for w in _ROLE_HEADS.split())


def is_role(text: str, start: int, end: int, name: str) -> bool:
    """'Secretary of State ...', 'Defence Secretary', 'National Security Adviser': an office, not a body."""
    if any(w.lower() in ORG_HEADS for w in name.split()):
        return False
    before = text[max(0, start - 30) : start]
    if re.search(r"\b(?:" + _TITLE_RX + r")\s+(?:of|for)\s+(?:the\s+)?$", before, re.I):
        return True
    after = text[end : end + 30]
    return re.match(WS + r"(?:" + _TITLE_CAP_RX + r")\b", after) is not None


def fold_person(name: str, pos: int, full: list[tuple[int, str]]) -> str | None:
    """A surname alone becomes the nearest earlier full name ending with it (else the unique later one)."""
    toks = name.split()
    if len(toks) >= 2:
        # a full name that is a longer form's prefix/suffix of another full name stays as written
        return name
    cands = [(p, n) for p, n in full if n.split()[-1] == name]
    if not cands:
        cands = [(p, n) for p, n in full if name in n.split()[1:]]
    if not cands:
        return name
    distinct = {n for _, n in cands}
    earlier = [(p, n) for p, n in cands if p <= pos]
    if len(distinct) == 1:
        return next(iter(distinct))
    if earlier:
        return max(earlier)[1]
    return None  # ambiguous: two people share the surname and none came before
