"""URL parameters of a search, validated: every search state lives in the query string.

`parse_params` turns a query string (a MultiDict) into a `SearchRequest` or raises `BadRequest` with a
message that says what was wrong; `SearchRequest.to_params` turns it back into a canonical query string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

FACETS = ("person", "org", "resolution", "source")
SORTS = ("relevance", "newest", "oldest")
VERSIONS = ("collapse", "all")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
DEFAULT_FACET_LIMIT = 10
MAX_QUERY_CHARS = 2000
MAX_PAGE = 1_000_000
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
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
    date_from: DateBound | None = None
    date_to: DateBound | None = None
    unknown_date: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facet_limit: int = DEFAULT_FACET_LIMIT
    versions: str = "collapse"

    def to_params(self, **changes: object) -> list[tuple[str, str]]:
        """The canonical query string of this state (defaults left out), with `changes` applied."""
        req = replace(self, **changes) if changes else self
        out: list[tuple[str, str]] = []
        if req.q:
            out.append(("q", req.q))
        for facet in FACETS:
            out += [(facet, v) for v in req.include.get(facet, ())]
            out += [(f"not_{facet}", v) for v in req.exclude.get(facet, ())]
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

    def with_value(self, facet: str, value: str, exclude: bool = False) -> list[tuple[str, str]]:
        """Parameters with one more facet value selected (or excluded), back on page 1."""
        target = self.exclude if exclude else self.include
        values = target.get(facet, ())
        if value in values:
            return self.to_params(page=1)
        new = {**target, facet: (*values, value)}
        return self.to_params(page=1, **{"exclude" if exclude else "include": new})

    def without_value(self, facet: str, value: str, exclude: bool = False) -> list[tuple[str, str]]:
        target = self.exclude if exclude else self.include
        new = {**target, facet: tuple(v for v in target.get(facet, ()) if v != value)}
        return self.to_params(page=1, **{"exclude" if exclude else "include": new})

    @property
    def filtered(self) -> bool:
        return bool(self.include or self.exclude or self.date_from or self.date_to or self.unknown_date)


def parse_date_bound(name: str, text: str) -> DateBound:
    m = _DATE.match(text.strip())
    if not m:
        raise BadRequest(f"'{name}' must be a date as YYYY, YYYY-MM or YYYY-MM-DD (got {text[:40]!r})")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            first = last = date(year, int(month), int(day))
        elif month:
            first = date(year, int(month), 1)
            nxt = date(year + (int(month) == 12), int(month) % 12 + 1, 1)
            last = date.fromordinal(nxt.toordinal() - 1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise BadRequest(f"'{name}' is not a real date: {text[:40]!r}") from None
    return DateBound(text.strip(), first, last)


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


def parse_params(args) -> SearchRequest:
    """Validate a request's query string (a werkzeug MultiDict or anything with get/getlist)."""
    q = _CONTROL.sub(" ", args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"'q' is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    include = {f: v for f in FACETS if (v := _values(args, f))}
    exclude = {f: v for f in FACETS if (v := _values(args, f"not_{f}"))}
    date_from = parse_date_bound("from", args["from"]) if args.get("from") else None
    date_to = parse_date_bound("to", args["to"]) if args.get("to") else None
    if date_from and date_to and date_from.first > date_to.last:
        raise BadRequest(f"'from' ({date_from.text}) is after 'to' ({date_to.text})")
    date_kind = args.get("date") or ""
    if date_kind not in ("", "unknown"):
        raise BadRequest(f"'date' can only be 'unknown' (got {date_kind[:40]!r})")
    if date_kind and (date_from or date_to):
        raise BadRequest("'date=unknown' cannot be combined with 'from' or 'to'")
    return SearchRequest(
        q=q,
        include=include,
        exclude=exclude,
        date_from=date_from,
        date_to=date_to,
        unknown_date=bool(date_kind),
        sort=_choice(args, "sort", SORTS, "relevance"),
        page=_int(args, "page", 1, 1, MAX_PAGE),
        per_page=_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        facet_limit=_int(args, "facet_limit", DEFAULT_FACET_LIMIT, 0, None),
        versions=_choice(args, "versions", VERSIONS, "collapse"),
    )
