"""Publication dates: parse given values, datelines and dates in text; never guess a year.

A wrong date hides an article from a reader filtering by date, an unknown one does not, so every
function here returns None rather than a date it cannot justify from the text or metadata.

The package by job: `values` (DateInfo, PartialDate and the plausibility checks), `patterns` (the grammar of a
date in text), `given` (metadata values), `datelines`, `lines` (a line that is only a date), `intext` (the date
a text states for itself), `pinning` (a year from the text itself) and `mates` (a year from story-mates).
"""

from __future__ import annotations

from .datelines import find_dateline
from .given import parse_given_date
from .intext import date_from_text
from .lines import date_in_line, date_on_short_line, says_updated
from .mates import infer_from_mates
from .values import DateInfo, PartialDate

__all__ = [
    "DateInfo",
    "PartialDate",
    "parse_given_date",
    "find_dateline",
    "date_from_text",
    "infer_from_mates",
    "date_in_line",
    "date_on_short_line",
    "says_updated",
]
