"""Passes recording how the article uses each name, for the canon's archive-wide votes: lower case or capitalised
(a common word), only after "in"/"near" (a place), only after a number (a product or a model)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from archive.names import INST_HEADS

from ..spans import is_acronym, mentions
from ..words import COMPANY_WORDS, LEGAL_FORMS, ORG_HEADS
from .doc import Doc

_LOWER = re.compile(r"(?<![\w\-])([a-z]+)(?![\w\-'\u2019])")
# a capitalised word after a lower-case word, a figure or a comma: inside a sentence, not its first word
_CAP_INSIDE = re.compile(r"(?<=[a-z\d,;])[ \t]+([A-Z][a-z]+)(?![\w\-])")


def count_case_votes(d: Doc) -> None:
    """For each one-word name (not an acronym): how often this article writes it in lower case, and
    capitalised after a lower-case word, a figure or a comma. The canon sums them across the archive."""
    for n in dict.fromkeys(d.persons + d.orgs + d.caps_persons + d.caps_orgs):
        if " " in n or is_acronym(n) or not n[:1].isupper() or not n[1:].islower():
            continue
        low = len(re.findall(r"(?<![\w\-])" + re.escape(n.lower()) + r"(?![\w\-'\u2019])", d.text))
        cap = len(re.findall(r"[a-z\d,;][ \t]+" + re.escape(n) + r"(?![\w\-])", d.text))
        d.case_votes[n] = [low, cap]


def prose_case(text: str) -> tuple[list[str], list[str], str]:
    """Every word of a text in lower case, and every capitalised word inside a sentence (lower-cased): the
    same two counts as `count_case_votes`, for every word, so the canon can count a name's word over the whole
    archive ("federal", "cathode" are words wherever the archive writes them, not only where a name was found);
    and the text itself, for `phrase_case`."""
    return _LOWER.findall(text), [w.lower() for w in _CAP_INSIDE.findall(text)], text


# "crude palm oil (CPO)": a short form in brackets, after the words its letters begin; "exchange for physical, or
# EFP": after "or"; "a VAT (value added tax)": before the words, in brackets
_BRACKETED = re.compile(r"[ \t]\([ \t]*([A-Z]{2,8})s?[ \t]*\)")
_OR_SHORT = re.compile(r"(?<=[a-z]),?[ \t]+or[ \t]+([A-Z]{2,8})s?(?![\w\-'\u2019(])")
_SHORT_BRACKETED = re.compile(r"(?<![\w\-.])([A-Z]{2,8})s?[ \t]+\(([A-Za-z][A-Za-z \t\-]{2,80})\)")
_SMALL = frozenset("of and the for on in to a an".split())


def _spelled(short: str, words: list[str]) -> list[str] | None:
    """The run of `words` (nearest first) whose initials spell `short`, a small word ("of", "and") counted or
    skipped ("letter of credit" is LOC, "crude palm oil" CPO); None if no run does. Text order."""

    def go(i: int, j: int) -> list[str] | None:
        if i == 0:
            return []
        if j >= len(words):
            return None
        w = words[j]
        if w[0].upper() == short[i - 1] and (got := go(i - 1, j + 1)) is not None:
            return got + [w]
        if w.lower() in _SMALL and (got := go(i, j + 1)) is not None:
            return got + [w]
        return None

    return go(len(short), 0)


def _words_before(text: str, end: int) -> list[str]:
    """Up to ten words of letters right before `end`, nearest first (a figure or a stop ends them)."""
    out = []
    for w in reversed(text[max(0, end - 160) : end].split()[-10:]):
        if not (w.isascii() and w.replace("-", "").isalpha()):
            break
        out.append(w)
    return out


def _definitions(text: str) -> Iterable[tuple[str, list[str]]]:
    """Each short form the text defines and the words that define it."""
    for m in _BRACKETED.finditer(text):
        yield m.group(1), _spelled(m.group(1), _words_before(text, m.start())) or []
    for m in _OR_SHORT.finditer(text):
        yield m.group(1), _spelled(m.group(1), _words_before(text, m.start())) or []
    for m in _SHORT_BRACKETED.finditer(text):
        inner = m.group(2).split()
        if len(inner) <= len(m.group(1)) + 3:
            used = _spelled(m.group(1), inner[::-1])
            yield m.group(1), used if used and len(used) == len(inner) else []


def acronym_case(texts: Iterable[str]) -> dict[str, list[int]]:
    """For each short form the texts define: how often by words in lower case ("video tape recorder (VTR)",
    "letter of credit (LOC)", "exchange for physical, or EFP", "a VAT (value added tax)": a thing's short form)
    and how often by capitalised ones ("International Coffee Organization (ICO)")."""
    out: dict[str, list[int]] = {}
    for text in texts:
        for short, words in _definitions(text):
            content = [w for w in words if w.lower() not in _SMALL]
            if content:
                out.setdefault(short, [0, 0])[0 if all(w.islower() for w in content) else 1] += 1
    return out


_PHRASE = re.compile(r"[A-Z][a-z]*(?: [A-Za-z]+)+")  # words of letters only, the first capitalised
_CLOSING = ".,;:'\")\u2019"


def phrase_case(texts: Iterable[str], names: Iterable[str]) -> dict[str, list[int]]:
    """For each name of two words or more (letters only: "Board of Directors", "Gross Domestic Product"): how
    often the texts write its words in lower case ("the board of directors") and how often as written in the
    name (a stop or comma may follow it). One pass over each text's words, candidates looked up by their
    first word: linear in the words."""
    by_first: dict[str, list[tuple[str, list[str], list[str]]]] = defaultdict(list)
    for n in dict.fromkeys(names):
        if _PHRASE.fullmatch(n) and not n.isupper():
            toks = n.split()
            by_first[toks[0].lower()].append((n, toks, n.lower().split()))
    out: dict[str, list[int]] = {}
    for text in texts:
        toks = text.split()
        low = text.lower().split()
        if len(low) != len(toks):  # a character whose lower case is a space or splits: compare word by word
            low = [t.lower() for t in toks]
        for i, t in enumerate(low):
            for n, want, want_low in by_first.get(t, ()):
                j = i + len(want)
                if low[i : j - 1] != want_low[:-1] or j > len(low) or low[j - 1].rstrip(_CLOSING) != want_low[-1]:
                    continue
                got = toks[i:j]
                got[-1] = got[-1].rstrip(_CLOSING)
                if got == want:
                    out.setdefault(n, [0, 0])[1] += 1
                elif all(g.islower() for g in got):
                    out.setdefault(n, [0, 0])[0] += 1
    return out


# "in X" names a place, except after a word of owning part of a body ("a stake in Cyclops", "shares in SKF")
_IN_BEFORE = re.compile(r"(?:(\w+)[ \t]+)?(?<![\w\-])(?:in|In|near)[ \t]+$")
_OWNING = frozenset(
    "stake stakes interest interests share shares stock stocks investment investments invest invests invested "
    "holding holdings holder holders shareholder shareholders".split()
)
# "the city of X", "the streets of Hanover", "the Kurdish town of Rawandiz"
_PLACE_OF = re.compile(
    r"(?<![\w\-])(?:city|cities|town|towns|village|villages|port|province|state|region|district|suburb|suburbs"
    r"|capital|island|streets|outskirts)[ \t]+of[ \t]+$"
)
# "Nea Makri, north of Athens", "Rawandiz, 65 km inside Iraq"
_DIRECTION_AFTER = re.compile(
    r",?[ \t]+(?:(?:some|about)[ \t]+)?(?:[\d,.]+[ \t]+(?:km|kms|miles|kilometres|kilometers)[ \t]+)?"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)[ \t]+of|inside|outside)[ \t]"
)
# a model year or a model number right before the name ("the 1987 Jeep Comanche", "its 1986 Encore", "the 944
# Turbo"); a count is none ("killed 40 Central Reserve Police Force personnel", "65 Medi Mart drugstores")
_NUMBER_BEFORE = re.compile(r"(?:(?<![\w,.])(?:19|20)\d\d|(?<![\w\-])(?:the|its|their|a|new)[ \t]+\d+)[ \t]+$", re.I)
_NUMBER_AFTER = re.compile(r"[ \t]+\d")  # a results line: "Arsenal 2 Chelsea 1"
# a quantity right before the name ("approved 125.9 mln SDR's", "7.15 billion N.Z. Dlrs"): a unit or a currency,
# not a body; "1.5 mln Chrysler shares" names the company whose shares they are
_QUANTITY_BEFORE = re.compile(
    r"(?<![\w.])\d(?:[\d,.]*\d)?[ \t]+(?:mln|million|bln|billion|trillion|thousand)[ \t]+$", re.I
)
# a person's name right after an article names a thing, a family or a firm after them ("the Bass family", "the Baker
# debt initiative", "the F.W. Dodge Division"), or is no person's ("the Majlis", "the Bosphorus waterway"); "the H.W.
# Lichtenberger, president of ..." (a comma after the name) is a person's
_ARTICLE_BEFORE = re.compile(r"(?<![\w\-])(?:the|The|a|A|an|An)[ \t]+$")
# a figure, then "vs": the row of an earnings table ("Revs 44.3 mln vs 40.8 mln", "Avg shrs 10.9 mln vs 10.5 mln")
# ... where a row starts: a line's start or the previous row's last figure ("44.8 mln Revs"; not "Net excludes
# discontinued Massachusetts Casualty operations loss 5,180,000 dlrs vs gain")
_TABLE_ROW_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*$|\bvs(?:[ \t]+[a-z]+)?[ \t]+[(+\-]?\$?\d[\d,./]*(?:[ \t]+[a-z]+){0,2}[ \t]+$"
)
_TABLE_ROW_AFTER = re.compile(r"(?:[ \t]+[a-z]+){0,2}[ \t]+[(+\-]?\$?\d[\d,./]*(?:[ \t]+[a-z]+)?[ \t]+vs\b")
_OWNED_AFTER = re.compile(r"(?:['\u2019]s?)?[ \t]+(\w+)")
_BODY_WORDS = COMPANY_WORDS | LEGAL_FORMS | frozenset(INST_HEADS) | {"court"}


def note_place_and_product_uses(d: Doc) -> None:
    """Names every mention of which in this article follows "in"/"near" (`located`: "in Maribor", "in La
    Pampa"), people an article (`articled`: "the Bass family") or a number (`numbered`, organisations only: "its
    1986 Encore"); names with a legal form or of an institution ("in Delaware Chancery Court") and acronyms are
    left out. The canon drops a name that every
    article naming it uses so: the archive's own evidence of a place or a product."""
    for names, numbered in ((d.persons, False), (d.orgs, True)):
        for n in names:
            if _counted(d.text, n):
                d.numbered.append(n)
                continue
            words = {w.strip(".,").lower() for w in n.split()}
            if is_acronym(n) or words & _BODY_WORDS:
                continue
            found = list(mentions(d.text, n))
            if not found or any(d.text.startswith(("'s", "\u2019s"), m.end()) for m in found):
                continue  # "in Reagan's view" is no place
            before = [d.text[max(0, m.start() - 40) : m.start()] for m in found]
            if all(_placed(d.text, b, m) for b, m in zip(before, found)):
                d.located.append(n)
            elif not numbered and all(
                _ARTICLE_BEFORE.search(b) and not d.text.startswith(",", m.end()) for b, m in zip(before, found)
            ):
                d.articled.append(n)  # a person's only: "the U.S. Army" names an organisation
            elif numbered and all(
                _NUMBER_BEFORE.search(b) and not _NUMBER_AFTER.match(d.text, m.end()) for b, m in zip(before, found)
            ):
                d.numbered.append(n)


def _counted(text: str, name: str) -> bool:
    """Whether every mention of the name follows a quantity ("125.9 mln SDR's"): a unit or a currency, of
    either type and acronyms too; a mention before a word of owning ("mln Chrysler shares") names a body. A
    mention labelling a row of a results table the reader joined into one line ("Revs 44.3 mln vs 40.8 mln",
    "Avg shrs 5,609,000 vs five mln") counts too: a table's word, no name."""
    found = list(mentions(text, name))
    for m in found:
        row = _TABLE_ROW_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
        if row and _TABLE_ROW_AFTER.match(text, m.end()):
            continue
        after = _OWNED_AFTER.match(text, m.end())
        if not _QUANTITY_BEFORE.search(text, max(0, m.start() - 40), m.start()) or (
            after and after.group(1).lower() in _OWNING
        ):
            return False
    return bool(found)


def _placed(text: str, before: str, m: re.Match) -> bool:
    """Whether this mention names a place: after "in"/"near" (not "a stake in"), after "the city of", or
    before "north of"."""
    i = _IN_BEFORE.search(before)
    return bool(
        (i and (i.group(1) or "").lower() not in _OWNING)
        or _PLACE_OF.search(before)
        or _DIRECTION_AFTER.match(text, m.end())
    )


_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+")


def note_paired_names(d: Doc) -> None:
    """Names the article writes twice or more and only inside one "X and Y" of two of its names (the model's
    spans of any type count), each word never alone: the model's two halves of one firm's name ("Cable" and
    "Wireless" of "Cable and Wireless", "Duff" and "Phelps" of "Duff & Phelps"), or a list the article repeats
    word for word. The canon drops a name every article naming it writes so: a list of two names that have
    a life of their own elsewhere in the archive keeps them."""
    whole = list(dict.fromkeys(d.persons + d.orgs + [" ".join(d.text[s:e].split()) for s, e, _ in d.ents]))
    for a in dict.fromkeys(d.persons + d.orgs):
        found = list(mentions(d.text, a))
        nexts = {_partner(d.text, m.end(), whole, a) for m in found}
        if len(found) < 2 or len(nexts) != 1:
            continue
        b = nexts.pop()
        pair = [m.end() for m in mentions(d.text, f"{a} and {b}")] + [m.end() for m in mentions(d.text, f"{a} & {b}")]
        if b and len(pair) == len(found) == len(list(mentions(d.text, b))):
            d.paired += [n for n in (a, b) if (n in d.persons or n in d.orgs) and n not in d.paired]


def _partner(text: str, end: int, whole: list[str], name: str) -> str:
    """The name right after "and" following a mention ("" if none, or a longer one than any of `whole`)."""
    j = _AND.match(text, end)
    if not j:
        return ""
    hits = [o for o in whole if o != name and text.startswith(o, j.end())]
    return max(hits, key=len) if hits else ""


# "Sun Alliance and London Insurance Plc": the capitalised words (no more than three) right before "and"/"&"
_LEFT_AND = re.compile(
    r"(?<![\w\-'\u2019&.])((?:[A-Z][\w'\u2019.\-]*[ \t]+){0,2}[A-Z][\w'\u2019.\-]*)[ \t]+(?:and|&)[ \t]+$"
)


_LIST_BEFORE = re.compile(r"(?:,|\band|&)[ \t]+$")  # "UBS, Credit Suisse and Swiss Bank Corp": a list


def note_split_companies(d: Doc) -> None:
    """A company with a legal form the article writes only right after the same "X and" ("Bozrah Light and"
    + "Power Co", "Sun Alliance and" + "London Insurance Plc"), where X has no legal form of its own and the
    article writes X nowhere else: the model's second half of one company's name (a list names its companies
    elsewhere too: "Chrysler and General Motors Corp"). Both halves count as `paired`; the canon drops a name
    every article naming it writes so. X after a comma or "and" ("UBS, Credit Suisse and Swiss Bank Corp"),
    ending in an organisation's head word, or a place the model named is a list's."""
    for y in dict.fromkeys(d.orgs):
        words = y.split()
        if len(words) < 2 or words[-1].lower().strip(".,") not in LEGAL_FORMS:
            continue
        found = list(mentions(d.text, y))
        lefts = [_LEFT_AND.search(d.text, max(0, m.start() - 60), m.start()) for m in found]
        xs = {lf.group(1) for lf in lefts if lf}
        if not found or len(xs) != 1 or not all(lefts):
            continue
        x = xs.pop()
        if (
            is_acronym(x.split()[0])
            or {w.lower().strip(".,") for w in x.split()} & (LEGAL_FORMS | COMPANY_WORDS)
            or x.split()[-1].lower() in ORG_HEADS  # a name of its own: "Daewoo Group and General Motors Corp"
            or x in d.place_words  # "Bennes Marrel SA of France and Juster Steel Corp"
            or not all(p[:1].isupper() for w in x.split() for p in w.split("-"))  # "from BB-minus and"
            or any(_LIST_BEFORE.search(d.text, max(0, lf.start(1) - 8), lf.start(1)) for lf in lefts if lf)
        ):
            continue
        if len(list(mentions(d.text, x))) == len(found):
            d.paired += [n for n in (x, y) if (n in d.persons or n in d.orgs) and n not in d.paired]
