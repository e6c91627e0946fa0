"""What a user types, made into what the Whoosh parser reads: web-search habits kept.

- typographic quotes (“oil prices”, „…“, «…») make phrases like straight ones;
- a leading `-word` (or `-"phrase"`, `-(group)`) excludes, as in every web search box (`NOT word`);
- a leading `+word` requires the word, which every word already is (the plus is dropped);
- `field:value` with a field the archive does not have is refused with the list of fields.
Text inside quotes is left alone (a hyphen there is part of the phrase).
"""

from __future__ import annotations

import re

from .params import BadRequest

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2033": '"', "\uff02": '"'})
# A sign at the start of the text or after a space or an opening bracket, before a word, quote or bracket.
_SIGN = re.compile(r"(?:(?<=^)|(?<=[\s(]))([+\-\u2212])(?=[\w\"(])")
# `name:` before a value (not `http://`): a field name as Whoosh's parser reads it.
_FIELD = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):(?!//)(?=\S)")


def rewrite(text: str, fields: tuple[str, ...]) -> str:
    """`text` in the parser's syntax; raises BadRequest for an unknown field."""
    parts = text.translate(_QUOTES).split('"')
    # Even parts are outside quotes; an unclosed quote leaves its tail as one (odd) quoted part.
    for i in range(0, len(parts), 2):
        before_quote = i + 1 < len(parts)
        # A quote follows this part: a sign at its end (`-"big deal"`) is a sign before a phrase.
        parts[i] = _signs(parts[i] + ('"' if before_quote else ""))[:-1 if before_quote else None]
        _check_fields(parts[i], fields)
    return '"'.join(parts)


def _signs(text: str) -> str:
    return _SIGN.sub(lambda m: "" if m.group(1) == "+" else "NOT ", text)


def _check_fields(text: str, fields: tuple[str, ...]) -> None:
    for m in _FIELD.finditer(text):
        if m.group(1) not in fields:
            raise BadRequest(f"the query names an unknown field {m.group(1)!r}: fields are {', '.join(fields)}"
                             f" (without a field, a word is searched in titles, text and names)")
