"""Passes turning person spans into the article's person names."""

from __future__ import annotations

import re

from ..names import fold_person, strip_person, valid_person
from ..spans import add_name, clean_ws, in_ranges, shouted, strip_possessive
from ..words import NAME_PARTICLES
from .doc import Doc


def clean_person_mentions(d: Doc) -> None:
    """Each person span cleaned into a name: titles off, a glued place off, phrases and pairs rejected."""
    text, place_words = d.text, d.place_words
    person_surnames = {
        strip_person(c.text).split()[-1] for c in d.chosen if c.label == "PERSON" and strip_person(c.text)
    }
    for sp in d.chosen:
        if sp.label != "PERSON":
            continue
        raw = sp.text
        if "\n" in raw.strip():
            # wrapped wire copy joins a name across lines; a title line glued to the body does not
            first, rest = raw.strip().split("\n", 1)
            if rest.split() and strip_possessive(rest.split()[0]) in place_words:
                raw = first
        name = strip_person(raw)
        toks = name.split()
        if len(toks) >= 2 and re.fullmatch(r"(?:[A-Z]\.){2,}", toks[0]) and (
            toks[0] in place_words or re.search(re.escape(toks[0]) + r"(?![ \t\n]*[A-Z])", text)
        ):
            continue  # "U.S. Dollar", "U.K. Bank": a country's initials ("the U.S. economy"), no first name
        # "Bolton Pakistan's perspective": a place glued to the end of a name
        if (
            len(toks) >= 2
            and toks[-1] in place_words
            and re.search(r"['\u2019]s?\s*$", sp.text)
            and re.search(
                r"\b" + re.escape(" ".join(toks[:-1])) + r"\b(?!['\u2019]?\s*" + re.escape(toks[-1]) + ")",
                text,
            )
        ):
            name = " ".join(toks[:-1])
        # "Terror Groups": every word also used in lower case in this article is a phrase, not a name
        if len(toks) >= 2 and all(
            t.lower() in NAME_PARTICLES or re.search(r"\b" + re.escape(t.lower()) + r"\b", text) for t in toks
        ):
            continue
        if (
            "-" in name
            and len(name.split()) == 1
            and all(p in person_surnames for p in name.split("-") if p[:1].isupper())
        ):
            d.mentions += [(sp.start, p) for p in name.split("-") if p[:1].isupper() and len(p) > 1]
            continue  # "Gates-Kayani meeting": two people already named
        if valid_person(name):
            d.mentions.append((sp.start, name))
    d.full = [(pos, n) for pos, n in d.mentions if len(n.split()) >= 2]
    surnames = {n.split()[-1] for _, n in d.full}
    # single tokens the model labelled place/organisation that are a known surname here ("Pompeo" as GPE)
    for sp in d.chosen:
        if sp.label != "PERSON":
            t = strip_possessive(clean_ws(sp.text))
            if t in surnames:
                d.mentions.append((sp.start, t))
                sp.label = "DROP"


def choose_persons(d: Doc) -> None:
    """Person names of the article: surnames folded into full names; headline-only names, possessive
    pronoun contexts, line labels and agency credits dropped; names only in capitals set apart."""
    text, heads, mentions = d.text, d.heads, d.mentions
    body_names = {n for pos, n in mentions if not in_ranges(pos, heads)}
    body_tokens = {t for n in body_names for t in n.split()}
    for pos, n in sorted(mentions):
        if in_ranges(pos, heads) and n not in body_names and n.split()[-1] not in body_tokens:
            if n.isupper():
                add_name(d.caps_persons, n)  # a name in a capitals headline: the archive decides
            continue
        canon = fold_person(n, pos, d.full)
        if canon is None:
            continue
        # a lone token used as a possessive or in "his Twitter page" is rarely a person
        if len(canon.split()) == 1 and re.search(
            r"\b(?:his|her|its|their|our|my|your)\s+$", text[max(0, pos - 8) : pos]
        ):
            continue
        if (
            len(canon.split()) == 1
            and not text[text.rfind("\n", 0, pos) + 1 : pos].strip()
            and re.match(r"\S+[ \t]*:", text[pos : pos + 40])
        ):
            continue  # "Attendance: 200", "Scorer: ...": a line's label
        if len(canon.split()) == 1 and re.search(r"[A-Z]{3,}\s*\($", text[max(0, pos - 30) : pos]):
            continue  # "MOSCOW (Sputnik)": the agency credit of a dateline
        add_name(d.caps_persons if shouted(text, pos, canon) else d.persons, canon)
    d.caps_persons = [n for n in d.caps_persons if n.lower() not in {p.lower() for p in d.persons}]
