"""What the search page shows, computed here so templates only display: links, chips, bars, pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import url_for

from search.engine import SearchResult
from search.params import FACETS, SearchRequest

from .labels import period_label
from .urls import article_url
from .urls import with_query as link

FACET_TITLES = {"person": "People", "org": "Organisations", "resolution": "UN Security Council resolutions",
                "source": "Sources", "place": "Places"}
SORT_TITLES = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest"}
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 320, 90, 2
PER_PAGE_CHOICES = (10, 20, 50, 100)
# Other versions listed under a hit; the story page and the JSON list them all.
VERSIONS_LISTED = 20
MAX_SLOTS = 150  # beyond this many years, only the years with articles get a bar


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


@dataclass
class FacetView:
    """Which facet is opened in full (`expand`), in which order (`expand_sort`: count or alpha), filtered by text."""

    name: str | None = None
    sort: str = "count"
    text: str = ""

    def params(self, **changes: str) -> list[tuple[str, str]]:
        values = {"expand": self.name or "", "expand_sort": self.sort if self.sort != "count" else "",
                  "expand_q": self.text, **changes}
        return [(k, v) for k, v in values.items() if v]


def _facet_groups(res: SearchResult, path: str, view: FacetView) -> list[dict]:
    req = res.canonical
    groups = []
    for facet in FACETS:
        entries = []
        chosen = set(req.include.get(facet, ()))
        alternatives = set(req.any_of.get(facet, ()))
        choosing = bool(chosen or alternatives)
        for item in res.facets.get(facet, []):
            value = item["value"]
            selected = value in chosen or value in alternatives
            # A selected value shows only its remove link, any other its select and exclude links (the list's
            # links are most of a results page's work: none is made that the page does not show).
            entries.append({
                "value": value,
                "label": item.get("label", value),
                "count": item["count"],
                "selected": selected,
                "select_url": None if selected else link(path, req.with_value(facet, value)),
                "remove_url": link(path, req.without_value(facet, value, kind="any_of" if value in alternatives
                                                           else "include")) if selected else None,
                "exclude_url": None if selected else link(path, req.with_value(facet, value, exclude=True)),
                "or_url": link(path, req.or_value(facet, value)) if choosing else None,
                # A selected value made the first of several alternatives: the list then shows every value.
                "widen_url": link(path, req.or_value(facet, value)) if value in chosen else None,
            })
        expanded = facet == view.name
        group = {"name": facet, "title": FACET_TITLES[facet], "expanded": expanded, "entries": entries,
                 "more_url": None, "less_url": None}
        if expanded:
            _expand(group, req, path, view)
        elif req.facet_limit and len(entries) >= req.facet_limit:
            group["more_url"] = link(path, req.to_params() + FacetView(facet).params())
        groups.append(group)
    return groups


def _expand(group: dict, req: SearchRequest, path: str, view: FacetView) -> None:
    """One facet's full list: A-Z or by count, narrowed to the values containing the filter text."""
    needle = view.text.casefold()
    entries = [e for e in group["entries"] if needle in e["label"].casefold()]
    if view.sort == "alpha":
        entries.sort(key=lambda e: e["label"].casefold())
    group.update(
        entries=entries,
        total=len(group["entries"]),
        filter_text=view.text,
        filter_params=req.to_params() + FacetView(view.name, view.sort).params(),
        sorts=[{"title": title, "current": view.sort == key,
                "url": link(path, req.to_params() + FacetView(view.name, key, view.text).params())}
               for key, title in (("count", "By count"), ("alpha", "A–Z"))],
        less_url=link(path, req.to_params()),
    )


def _chips(req: SearchRequest, path: str, labels: dict[str, str]) -> list[dict]:
    chips = []
    for facet in FACETS:
        for value in req.include.get(facet, ()):
            chips.append({"facet": FACET_TITLES[facet], "label": labels.get(value, value), "excluded": False,
                          "remove_url": link(path, req.without_value(facet, value))})
        for value in req.any_of.get(facet, ()):
            chips.append({"facet": FACET_TITLES[facet], "label": labels.get(value, value), "excluded": False,
                          "alternative": True,
                          "remove_url": link(path, req.without_value(facet, value, kind="any_of"))})
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


def _slots(res: SearchResult) -> tuple[str, list[str], dict[str, int]]:
    """The chart's level (day, month or year), its slots in order and the count of each.

    Days when the matches (or the selected range) span at most a few months; months within one year or a few
    years; years otherwise. Every slot between the first and the last is drawn, so gaps show as gaps."""
    req = res.canonical
    if res.days is not None and res.span:
        first, last = (req.date_from.first, req.date_to.last) if req.date_from and req.date_to else res.span
        slots = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
        return "day", slots, res.days
    months = {m["value"]: m["count"] for m in res.facets.get("month", []) if m["value"] != "unknown"}
    years = sorted(int(y["value"]) for y in res.facets.get("year", []) if y["value"] != "unknown")
    year = _one_year(req)
    if year or (years and years[-1] - years[0] < 3 and months):
        lo, hi = (int(year), int(year)) if year else (years[0], years[-1])
        slots = [f"{y:04d}-{m:02d}" for y in range(lo, hi + 1) for m in range(1, 13)]
        if not year:  # from the first month with articles to the last
            present = [s for s in slots if s in months]
            slots = slots[slots.index(present[0]):slots.index(present[-1]) + 1] if present else []
        return "month", slots, {k: v for k, v in months.items() if k in set(slots)}
    counts = {y["value"]: y["count"] for y in res.facets.get("year", []) if y["value"] != "unknown"}
    slots = [f"{y:04d}" for y in range(years[0], years[-1] + 1)] if years else []
    if len(slots) > MAX_SLOTS:
        slots = [f"{y:04d}" for y in years]
    return "year", slots, counts


def timeline(res: SearchResult, path: str) -> dict:
    """Bars of articles per year, month or day, each a link narrowing to it; a form to pick a range of them."""
    req = res.canonical
    level, slots, counts = _slots(res)
    unknown = next((y["count"] for y in res.facets.get("year", []) if y["value"] == "unknown"), 0)
    bars: list[Bar] = []
    width = max(2.0, min(40.0, (CHART_WIDTH - BAR_GAP * len(slots)) / len(slots))) if slots else 0.0
    peak = max(counts.values(), default=0)
    base = req.to_params(date_from=None, date_to=None, unknown_date=False, page=1)
    for n, value in enumerate(slots):
        count = counts.get(value, 0)
        if not count:
            continue
        h = max(2.0, (CHART_HEIGHT - 14) * count / peak)
        url = link(path, base + [("from", value), ("to", value)])
        bars.append(Bar(value, count, url, n * (width + BAR_GAP), CHART_HEIGHT - h, width, h, False))
    narrowed = bool(req.date_from or req.date_to)
    return {
        "level": level,
        "year": _one_year(req),
        "bars": bars,
        "width": max(CHART_WIDTH, len(slots) * (width + BAR_GAP)),
        "first": slots[0] if slots else None,
        "last": slots[-1] if slots else None,
        "height": CHART_HEIGHT,
        "unknown": unknown,
        "unknown_url": link(path, req.to_params(date_from=None, date_to=None, unknown_date=True, page=1)),
        "up_url": link(path, req.to_params(date_from=None, date_to=None, page=1)) if narrowed else None,
        # Picking a range on the chart without script: two lists of its slots and the other parameters kept.
        "range_params": base,
        "range_options": [b.label for b in bars],
        "range_from": req.date_from.text if req.date_from else (bars[0].label if bars else ""),
        "range_to": req.date_to.text if req.date_to else (bars[-1].label if bars else ""),
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


def _show_hit(hit: dict, rank: int, trail: list[tuple[str, str]], titles: dict[str, str]) -> None:
    """What the result list shows of one hit beside its record: its date, its rank, its link and its versions."""
    hit["date_label"] = period_label(hit["date"], hit["date_precision"])
    # The article link carries the search, so the article page can mark its words and step through results.
    hit["page_url"] = link(article_url(hit["id"]), trail + [("hit", str(rank))])
    hit["rank"] = rank
    hit["version_links"] = [{"id": v, "title": titles.get(v, v)} for v in hit["versions"][:VERSIONS_LISTED]]
    hit["versions_unlisted"] = max(0, len(hit["versions"]) - VERSIONS_LISTED)


def search_page(res: SearchResult, path: str, errors: dict[str, str] | None = None,
                typed: dict[str, str] | None = None, facet_view: FacetView | None = None,
                titles: dict[str, str] | None = None) -> dict:
    """Everything the search template displays; `errors` by parameter, `typed` what the user typed in the boxes,
    `titles` of the other versions listed under the hits (by id)."""
    req = res.canonical
    errors = errors or {}
    typed = typed or {}
    labels = {e["value"]: e.get("label", e["value"]) for e in res.facets.get("resolution", [])}
    params = req.to_params(page=1)
    first = (req.page - 1) * req.per_page
    for i, hit in enumerate(res.hits):
        _show_hit(hit, first + i + 1, params, titles or {})
    return {
        "req": req,
        "res": res,
        "hits": res.hits,
        "chips": _chips(req, path, labels),
        "facet_groups": _facet_groups(res, path, facet_view or FacetView()),
        "timeline": timeline(res, path),
        "pagination": _pagination(res, path),
        "sorts": [{"name": s, "title": t, "url": link(path, req.to_params(sort=s, page=1)), "current": s == req.sort}
                  for s, t in SORT_TITLES.items()],
        "per_page_links": [{"size": n, "url": link(path, req.to_params(per_page=n, page=1)),
                            "current": n == req.per_page} for n in PER_PAGE_CHOICES],
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
        "json_url": link(url_for("api.search"), req.to_params()),
        "csv_url": link(url_for("pages.export_csv"), params),
        "jsonl_url": link(url_for("pages.export_jsonl"), params),
        "atom_url": link(url_for("pages.export_atom"), params),
    }
