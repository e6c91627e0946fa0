"""What the search page shows, computed here so templates only display: links, chips, bars, pages."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from search.engine import SearchResult, period_label
from search.params import FACETS, SearchRequest

FACET_TITLES = {"person": "People", "org": "Organisations", "resolution": "UN Security Council resolutions",
                "source": "Sources"}
SORT_TITLES = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest"}
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 320, 90, 2
MAX_SLOTS = 150  # beyond this many years, only the years with articles get a bar


def link(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


@dataclass
class Bar:
    label: str
    count: int
    url: str
    x: float
    y: float
    width: float
    height: float
    selected: bool


def _facet_groups(res: SearchResult, path: str) -> list[dict]:
    req = res.canonical
    groups = []
    for facet in FACETS:
        entries = []
        chosen = set(req.include.get(facet, ()))
        for item in res.facets.get(facet, []):
            value = item["value"]
            entries.append({
                "value": value,
                "label": item.get("label", value),
                "count": item["count"],
                "selected": value in chosen,
                "select_url": link(path, req.with_value(facet, value)),
                "remove_url": link(path, req.without_value(facet, value)),
                "exclude_url": link(path, req.with_value(facet, value, exclude=True)),
            })
        limited = req.facet_limit and len(entries) >= req.facet_limit
        groups.append({
            "name": facet,
            "title": FACET_TITLES[facet],
            "entries": entries,
            "more_url": link(path, req.to_params(facet_limit=0)) if limited else None,
        })
    return groups


def _chips(req: SearchRequest, path: str, labels: dict[str, str]) -> list[dict]:
    chips = []
    for facet in FACETS:
        for value in req.include.get(facet, ()):
            chips.append({"facet": FACET_TITLES[facet], "label": labels.get(value, value), "excluded": False,
                          "remove_url": link(path, req.without_value(facet, value))})
        for value in req.exclude.get(facet, ()):
            chips.append({"facet": FACET_TITLES[facet], "label": labels.get(value, value), "excluded": True,
                          "remove_url": link(path, req.without_value(facet, value, exclude=True))})
    if req.date_from or req.date_to:
        f, t = (req.date_from.text if req.date_from else None), (req.date_to.text if req.date_to else None)
        span = f if f == t else f"{f or '...'} to {t or '...'}"
        chips.append({"facet": "Date", "label": span, "excluded": False,
                      "remove_url": link(path, req.to_params(date_from=None, date_to=None, page=1))})
    if req.unknown_date:
        chips.append({"facet": "Date", "label": "unknown", "excluded": False,
                      "remove_url": link(path, req.to_params(unknown_date=False, page=1))})
    return chips


def _one_year(req: SearchRequest) -> str | None:
    """The year the date range covers exactly, if it is one year: then the chart shows its months."""
    f, t = req.date_from, req.date_to
    if f and t and f.first.year == t.last.year and f.first.month == 1 and f.first.day == 1 \
            and t.last.month == 12 and t.last.day == 31:
        return f"{f.first.year:04d}"
    return None


def timeline(res: SearchResult, path: str) -> dict:
    """Bars of articles per year, or per month within one selected year; each bar a link."""
    req = res.canonical
    year = _one_year(req)
    if year:
        counts = {m["value"]: m["count"] for m in res.facets.get("month", []) if m["value"].startswith(year + "-")}
        slots = [f"{year}-{m:02d}" for m in range(1, 13)]
        level = "month"
    else:
        counts = {y["value"]: y["count"] for y in res.facets.get("year", []) if y["value"] != "unknown"}
        years = sorted(int(y) for y in counts)
        # Every year between the first and the last gets its slot, so gaps in coverage show as gaps.
        slots = [f"{y:04d}" for y in range(years[0], years[-1] + 1)] if years else []
        if len(slots) > MAX_SLOTS:
            slots = [f"{y:04d}" for y in years]
        level = "year"
    unknown = next((y["count"] for y in res.facets.get("year", []) if y["value"] == "unknown"), 0)
    bars: list[Bar] = []
    width = max(4.0, min(40.0, (CHART_WIDTH - BAR_GAP * len(slots)) / len(slots))) if slots else 0.0
    peak = max(counts.values(), default=0)
    for n, value in enumerate(slots):
        count = counts.get(value, 0)
        if not count:
            continue
        h = max(2.0, (CHART_HEIGHT - 14) * count / peak)
        params = req.to_params(date_from=None, date_to=None, unknown_date=False, page=1)
        params += [("from", value), ("to", value)]
        bars.append(Bar(value, count, link(path, params), n * (width + BAR_GAP), CHART_HEIGHT - h, width, h, False))
    return {
        "level": level,
        "year": year,
        "bars": bars,
        "width": max(CHART_WIDTH, len(slots) * (width + BAR_GAP)),
        "first": slots[0] if slots else None,
        "last": slots[-1] if slots else None,
        "height": CHART_HEIGHT,
        "unknown": unknown,
        "unknown_url": link(path, req.to_params(date_from=None, date_to=None, unknown_date=True, page=1)),
        "up_url": link(path, req.to_params(date_from=None, date_to=None, page=1)) if year else None,
    }


def _pagination(res: SearchResult, path: str) -> dict:
    req = res.canonical
    page, pages = req.page, res.pages
    window = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    return {
        "page": page,
        "pages": pages,
        "prev_url": link(path, req.to_params(page=page - 1)) if page > 1 else None,
        "next_url": link(path, req.to_params(page=page + 1)) if page < pages else None,
        "links": [{"page": p, "url": link(path, req.to_params(page=p)), "current": p == page} for p in window],
    }


def search_page(res: SearchResult, path: str, errors: dict[str, str] | None = None,
                typed: dict[str, str] | None = None) -> dict:
    """Everything the search template displays; `errors` by parameter, `typed` what the user typed in the boxes."""
    req = res.canonical
    errors = errors or {}
    typed = typed or {}
    labels = {e["value"]: e.get("label", e["value"]) for e in res.facets.get("resolution", [])}
    params = req.to_params(page=1)
    for hit in res.hits:
        hit["date_label"] = period_label(hit["date"], hit["date_precision"])
    return {
        "req": req,
        "res": res,
        "hits": res.hits,
        "chips": _chips(req, path, labels),
        "facet_groups": _facet_groups(res, path),
        "timeline": timeline(res, path),
        "pagination": _pagination(res, path),
        "sorts": [{"name": s, "title": t, "url": link(path, req.to_params(sort=s, page=1)), "current": s == req.sort}
                  for s, t in SORT_TITLES.items()],
        "versions_url": link(path, req.to_params(versions="all" if req.versions == "collapse" else "collapse",
                                                 page=1)),
        "clear_url": link(path, [("q", req.q)] if req.q else []),
        "start_over_url": path if req.filtered or req.q or errors else None,
        # A new query keeps the filters, sort and page size (the box's form sends these along).
        "keep_params": [(k, v) for k, v in req.to_params(page=1) if k != "q"],
        "errors": errors,
        "other_errors": [m for k, m in errors.items() if k not in ("q", "from", "to")],
        "form": {"q": typed.get("q", req.q) if "q" in errors else req.q,
                 "from": typed.get("from", "") if "from" in errors else (req.date_from.text if req.date_from else ""),
                 "to": typed.get("to", "") if "to" in errors else (req.date_to.text if req.date_to else "")},
        "suggestion_url": link(path, req.to_params(q=res.suggestion, page=1)) if res.suggestion else None,
        "json_url": link("/api/search", req.to_params()),
        "csv_url": link("/search.csv", params),
        "jsonl_url": link("/search.jsonl", params),
        "atom_url": link("/search.atom", params),
    }
