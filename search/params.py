"""URL parameters of a search, validated: every search state lives in the query string.

`parse_params` turns a query string (a MultiDict) into a `SearchRequest` or raises `BadRequest` with a
message that says what was wrong; `SearchRequest.to_params` turns it back into a canonical query string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dateutil import parser as dateparser

from archive.days import month_end
from archive.facetarrays import FACETS as FACETS  # the facet list, one definition (the index format's)

SORTS = ("relevance", "newest", "oldest")
VERSIONS = ("collapse", "all")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
DEFAULT_FACET_LIMIT = 10
MAX_QUERY_CHARS = 2000
MAX_PAGE = 1_000_000
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadRequest(ValueError):
    """A malformed parameter; the message is shown to the user."""


@dataclass(frozen=True)
class DateBound:
    """A `from`/`to` value: a year, a month or a day, as given."""

    text: str
    first: date
    last: date


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    include: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # `any_person=A&any_person=B`: articles with at least one of these values (OR within one facet).
    any_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: DateBound | None = None
    date_to: DateBound | None = None
    unknown_date: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facet_limit: int = DEFAULT_FACET_LIMIT
    versions: str = "collapse"

    def to_params(self, **changes: Any) -> list[tuple[str, str]]:
        """The canonical query string of this state (defaults left out), with `changes` applied."""
        # A facet link each (a results page has ~150): the changed fields read from a namespace rather than a
        # new validated request (`dataclasses.replace`), which is most of the cost.
        if changes.keys() - self.__dict__.keys():
            raise TypeError(f"not a field of a search request: {sorted(changes.keys() - self.__dict__.keys())}")
        req: Any = SimpleNamespace(**{**self.__dict__, **changes}) if changes else self
        out: list[tuple[str, str]] = []
        if req.q:
            out.append(("q", req.q))
        for facet in FACETS:
            out += [(facet, v) for v in req.include.get(facet, ())]
            out += [(f"not_{facet}", v) for v in req.exclude.get(facet, ())]
            out += [(f"any_{facet}", v) for v in req.any_of.get(facet, ())]
        if req.date_from:
            out.append(("from", req.date_from.text))
        if req.date_to:
            out.append(("to", req.date_to.text))
        if req.unknown_date:
            out.append(("date", "unknown"))
        if req.sort != "relevance":
            out.append(("sort", req.sort))
        if req.versions != "collapse":
            out.append(("versions", req.versions))
        if req.per_page != DEFAULT_PER_PAGE:
            out.append(("per_page", str(req.per_page)))
        if req.facet_limit != DEFAULT_FACET_LIMIT:
            out.append(("facet_limit", str(req.facet_limit)))
        if req.page != 1:
            out.append(("page", str(req.page)))
        return out

    def with_value(self, facet: str, value: str, exclude: bool = False, kind: str | None = None
                   ) -> list[tuple[str, str]]:
        """Parameters with one more facet value selected (or excluded, or one more alternative), back on page 1."""
        kind = kind or ("exclude" if exclude else "include")
        target = getattr(self, kind)
        values = target.get(facet, ())
        if value in values:
            return self.to_params(page=1)
        new = {**target, facet: (*values, value)}
        return self.to_params(page=1, **{kind: new})

    def or_value(self, facet: str, value: str) -> list[tuple[str, str]]:
        """Parameters asking for any of the facet's selected values or `value`: selected values become alternatives."""
        chosen = (*self.any_of.get(facet, ()), *self.include.get(facet, ()))
        alternatives = tuple(dict.fromkeys((*chosen, value)))
        include = {f: v for f, v in self.include.items() if f != facet}
        return self.to_params(page=1, include=include, any_of={**self.any_of, facet: alternatives})

    def without_value(self, facet: str, value: str, exclude: bool = False, kind: str | None = None
                      ) -> list[tuple[str, str]]:
        kind = kind or ("exclude" if exclude else "include")
        target = getattr(self, kind)
        new = {**target, facet: tuple(v for v in target.get(facet, ()) if v != value)}
        return self.to_params(page=1, **{kind: new})

    @property
    def filtered(self) -> bool:
        return bool(self.include or self.exclude or self.any_of or self.date_from or self.date_to or self.unknown_date)


def parse_date_bound(name: str, text: str) -> DateBound:
    """A date as people type it: `1987`, `1987-03`, `1987-3-2`, `March 1987`, `2 March 1987`, `Mar 87`...

    Its precision is what was given: a month without a day stands for the whole month. A year is required,
    and `3/2/1987` (March 2 or 3 February?) is refused rather than guessed."""
    text = " ".join(text.split())
    m = _DATE.match(text)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        precision = "day" if day else "month" if month else "year"
        try:
            first = date(year, int(month or 1), int(day or 1))
        except ValueError:
            raise BadRequest(f"'{name}' is not a real date: {text[:40]!r}") from None
    else:
        first, precision = _typed_date(name, text)
    if precision == "day":
        return DateBound(first.isoformat(), first, first)
    if precision == "month":
        return DateBound(f"{first.year:04d}-{first.month:02d}", first, month_end(first.year, first.month))
    return DateBound(f"{first.year:04d}", date(first.year, 1, 1), date(first.year, 12, 31))


def _typed_date(name: str, text: str) -> tuple[date, str]:
    """A free-form date read by dateutil, with the precision the text gives (two parses, two defaults)."""
    usage = (f"'{name}' must be a date such as 1987, 1987-03, 1987-03-02, March 1987 or 2 March 1987"
             f" (got {text[:40]!r})")
    slashed = _SLASHED.match(text)
    if slashed and int(slashed.group(1)) <= 12 and int(slashed.group(2)) <= 12 \
            and slashed.group(1).lstrip("0") != slashed.group(2).lstrip("0"):
        raise BadRequest(f"'{name}' {text!r} could be read two ways (day or month first): "
                         "write it as 1987-03-02 or 2 March 1987")
    if len(text) > 60:
        raise BadRequest(usage)
    try:
        a = dateparser.parse(text, default=datetime(1, 1, 1))
        b = dateparser.parse(text, default=datetime(4, 2, 2))
    except (ValueError, OverflowError, TypeError):
        raise BadRequest(usage) from None
    if a.year != b.year or not 1 <= a.year <= 9999:
        raise BadRequest(f"'{name}' must be a date with a year, such as March 1987 or 1987-03-02"
                         f" (got {text[:40]!r})")
    precision = "day" if a.day == b.day else "month" if a.month == b.month else "year"
    return a.date(), precision


def _int(args: Mapping, name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\s*\d{1,12}\s*", raw):
        raise BadRequest(f"'{name}' must be a whole number (got {raw[:40]!r})")
    value = int(raw)
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise BadRequest(f"'{name}' must be {limit} (got {value})")
    return value


def _choice(args: Mapping, name: str, choices: tuple[str, ...], default: str) -> str:
    raw = args.get(name) or default
    if raw not in choices:
        raise BadRequest(f"'{name}' must be one of {', '.join(choices)} (got {raw[:40]!r})")
    return raw


def _values(args, name: str) -> tuple[str, ...]:
    out = []
    for raw in args.getlist(name):
        value = " ".join(_CONTROL.sub(" ", raw).split())
        if not value:
            continue
        if len(value) > 300:
            raise BadRequest(f"'{name}' value is too long ({len(value)} characters; at most 300)")
        if name.endswith("resolution") and not value.isdigit():
            raise BadRequest(f"'{name}' must be a resolution number such as 1267 (got {value[:40]!r})")
        out.append(value)
    return tuple(dict.fromkeys(out))


def parse_params(args, errors: dict[str, str] | None = None) -> SearchRequest:
    """Validate a request's query string (a werkzeug MultiDict or anything with get/getlist).

    Without `errors`, the first malformed parameter raises BadRequest. With it, each malformed parameter's
    message is stored under its name and the parameter left at its default, so a page can show the mistake
    beside the field and keep everything else the user entered."""

    def checked(name: str, parse, default):
        try:
            return parse()
        except BadRequest as exc:
            if errors is None:
                raise
            errors.setdefault(name, str(exc))
            return default

    q = checked("q", lambda: _query(args), "")
    include = {f: v for f in FACETS if (v := checked(f, lambda f=f: _values(args, f), ()))}
    exclude = {f: v for f in FACETS if (v := checked(f"not_{f}", lambda f=f: _values(args, f"not_{f}"), ()))}
    any_of = {f: v for f in FACETS if (v := checked(f"any_{f}", lambda f=f: _values(args, f"any_{f}"), ()))}
    date_from = checked("from", lambda: parse_date_bound("from", args["from"]) if args.get("from") else None, None)
    date_to = checked("to", lambda: parse_date_bound("to", args["to"]) if args.get("to") else None, None)
    if date_from and date_to and date_from.first > date_to.last:
        checked("to", lambda: _raise(f"'from' ({date_from.text}) is after 'to' ({date_to.text})"), None)
        date_to = None
    date_kind = checked("date", lambda: _date_kind(args, date_from or date_to), "")
    return SearchRequest(
        q=q,
        include=include,
        exclude=exclude,
        any_of=any_of,
        date_from=date_from,
        date_to=date_to,
        unknown_date=bool(date_kind),
        sort=checked("sort", lambda: _choice(args, "sort", SORTS, "relevance"), "relevance"),
        page=checked("page", lambda: _int(args, "page", 1, 1, MAX_PAGE), 1),
        per_page=checked("per_page", lambda: _int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
                         DEFAULT_PER_PAGE),
        facet_limit=checked("facet_limit", lambda: _int(args, "facet_limit", DEFAULT_FACET_LIMIT, 0, None),
                            DEFAULT_FACET_LIMIT),
        versions=checked("versions", lambda: _choice(args, "versions", VERSIONS, "collapse"), "collapse"),
    )


def _raise(message: str):
    raise BadRequest(message)


def _query(args) -> str:
    q = _CONTROL.sub(" ", args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"'q' is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    return q


def _date_kind(args, bounded: bool) -> str:
    date_kind = args.get("date") or ""
    if date_kind not in ("", "unknown"):
        raise BadRequest(f"'date' can only be 'unknown' (got {date_kind[:40]!r})")
    if date_kind and bounded:
        raise BadRequest("'date=unknown' cannot be combined with 'from' or 'to'")
    return date_kind
