"""HTML pages: search, article, story, help; and the streamed exports of a search."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from flask import Blueprint, Response, redirect, render_template, request, stream_with_context, url_for

from search import engine, records, similar, snippets, stories
from search.params import FACETS, BadRequest, parse_params
from search.query import parse_query

from . import exports
from .context import generation
from .errors import found
from .labels import period_label
from .urls import article_url, search_url, with_query, with_url
from .viewmodel import VERSIONS_LISTED, FacetView, search_page

bp = Blueprint("pages", __name__)
MAX_PAGE_BODY = 500_000
MAX_TRAIL = 10_000  # previous/next results are offered up to this rank


@bp.get("/", endpoint="home")  # the front page: the search page with nothing asked
@bp.get("/search")
def search():
    gen = generation()
    errors: dict[str, str] = {}
    req = parse_params(request.args, errors)
    facet_view = _facet_view(request.args)
    try:
        res = engine.search(gen, req, facet_view.name)
    except BadRequest as exc:  # the query itself: said beside the box, the filters still apply
        errors["q"] = f"{exc}. Showing every article the filters match instead."
        res = engine.search(gen, replace(req, q=""), facet_view.name)
    if errors:
        status = 400
    elif res.canonical.to_params() != req.to_params():
        # A variant spelling of a name: the bookmarkable URL uses the canonical one, and says what was asked.
        said = [(k, v) for facet, asked, shown in _renamed(req, res.canonical) for k, v in
                (("asked", f"{facet}:{asked}"), ("shown", shown))]
        return redirect(search_url(res.canonical.to_params() + said), code=302)
    else:
        status = 200
    corrected = None
    if not res.total and res.suggestion and request.args.get("spell") != "off":
        # Nothing found, but the archive's spelling finds something: show that, say so, offer the typed query.
        fixed = engine.search(gen, replace(req, q=res.suggestion), facet_view.name)
        if fixed.total:
            corrected = {"typed": req.q, "typed_url": search_url(req.to_params() + [("spell", "off")])}
            res = fixed
    typed = {k: request.args.get(k, "") for k in ("q", "from", "to")}
    titles = _titles(gen, [v for hit in res.hits for v in hit["versions"][:VERSIONS_LISTED]])
    view = search_page(res, url_for("pages.search"), errors, typed, facet_view, titles)
    view["corrected"] = corrected
    view["renamed"] = _renamed_notices(res.canonical)
    return render_template("search.html", gen=gen.info(), **view), status


def _renamed(req, canonical) -> list[tuple[str, str, str]]:
    """(facet, value asked for, canonical value shown) for each value the search answered under
    another name; a difference of case alone is none."""
    out = []
    for which in ("include", "exclude"):
        for facet, values in getattr(req, which).items():
            shown = getattr(canonical, which).get(facet, ())
            if len(shown) == len(values):
                out += [(facet, a, c) for a, c in zip(values, shown) if a.casefold() != c.casefold()]
    return out


def _renamed_notices(req) -> list[dict]:
    """'Showing Intel Corp; you asked for Intel', with a link that searches the literal words instead."""
    out = []
    for asked, shown in zip(request.args.getlist("asked"), request.args.getlist("shown")):
        facet, _, value = asked.partition(":")
        if shown not in req.include.get(facet, ()) + req.exclude.get(facet, ()) or not value:
            continue  # stale or hand-made: nothing to explain
        exclude = shown not in req.include.get(facet, ())
        literal = replace(req, q=f'{req.q} "{value}"'.strip()).without_value(facet, shown, exclude=exclude)
        out.append({"asked": value, "shown": shown, "literal_url": search_url(literal)})
    return out


def _facet_view(args) -> FacetView:
    """The page's one opened facet; values it does not know are ignored (this is display, not the search)."""
    name = args.get("expand")
    sort = args.get("expand_sort")
    return FacetView(name if name in FACETS else None, sort if sort in ("count", "alpha") else "count",
                     " ".join((args.get("expand_q") or "").split())[:100])


@bp.get("/article/<art_id>")
def article(art_id: str):
    gen = generation()
    rec = with_url(found(records.article(gen, art_id)))
    rec["date_label"] = period_label(rec["date"], rec["date_precision"])
    # A page a browser can show: a huge text is shown up to a limit (all of it is searchable and in the JSON).
    rec["body_truncated"] = len(rec["body"]) > MAX_PAGE_BODY
    rec["body"] = rec["body"][:MAX_PAGE_BODY]
    if not re.match(r"https?://", rec.get("original_url") or "", re.I):
        rec["original_url"] = None  # a given "javascript:" or "data:" URL never becomes a link (the API still has it)
    titles = _titles(gen, [r["id"] for r in rec["related"]] + rec["versions"])
    facet_links = {
        "source": search_url([("source", rec["source"])]) if rec.get("source") else None,
        "person": [(n, search_url([("person", n)])) for n in rec["persons"]],
        "org": [(n, search_url([("org", n)])) for n in rec["orgs"]],
        "resolution": [(rec["resolution_labels"].get(n, n), search_url([("resolution", n)]))
                       for n in rec["resolutions"]],
    }
    trail = _result_trail(gen, art_id)
    q = trail["query"] if trail else None
    paragraphs = [snippets.mark_all(gen.snippet_analyzer, p, q) for p in rec["body"].split("\n\n")]
    return render_template("article.html", gen=gen.info(), a=rec, titles=titles, facet_links=facet_links,
                           paragraphs=paragraphs, trail=trail,
                           more_like=similar.more_like_this(gen, art_id), print_view=request.args.get("print") == "1")


def _result_trail(gen, art_id: str) -> dict | None:
    """Coming from a search (`hit=N` and the search's parameters): its query, back, previous and next result."""
    raw = request.args.get("hit", "")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TRAIL:
        return None
    n = int(raw)
    try:
        req = parse_params(request.args)
        m = engine.match(gen, req)
        ranked = engine.ranked_ords(gen, req, m, need=n + 1, collapse=req.versions == "collapse")
    except BadRequest:
        return None  # a trail that no longer parses is simply not shown; the article itself still is
    ords = ranked[max(0, n - 2):n + 1].tolist()
    recs = gen.store().get_many(ords)
    ids = [recs[o].id if o in recs else None for o in ords]
    if art_id not in ids:
        return None
    here = ids.index(art_id)
    params = req.to_params(page=1)

    def at(i: int) -> dict | None:
        other = ids[i] if 0 <= i < len(ids) else None
        if other is None:
            return None
        rank = n + i - here
        return {"url": with_query(article_url(other), params + [("hit", str(rank))]), "title": recs[ords[i]].title}

    back = search_url(req.to_params(page=(n - 1) // req.per_page + 1)) + f"#hit-{n}"
    return {"query": m.q, "q": req.q, "n": n, "back_url": back, "prev": at(here - 1), "next": at(here + 1)}



@bp.get("/story/<story_id>")
def story(story_id: str):
    gen = generation()
    data = found(stories.story(gen, story_id))
    for art in data["articles"]:
        art["date_label"] = period_label(art["date"], art["date_precision"])
    return render_template("story.html", gen=gen.info(), story=data)


@bp.get("/help")
def help_page():
    return render_template("help.html", gen=_info_or_none())


def _info_or_none() -> dict | None:
    try:
        return generation().info()
    except Exception:  # the help page works without an index
        return None


def _titles(gen, ids: list[str]) -> dict[str, str]:
    store = gen.store()
    out = {}
    for art_id in ids:
        rec = store.get(art_id)
        if rec:
            out[art_id] = rec.title
    return out


def _stream(body, mimetype: str, filename: str | None = None) -> Response:
    # The first piece is made here, so the search and its ordering run (and a search over its time is a 400)
    # before the status line is sent; the rest streams.
    first = next(body, "")
    resp = Response(stream_with_context(itertools.chain([first], body)), mimetype=mimetype)
    if filename:
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


@bp.get("/search.csv")
def export_csv():
    gen, req = generation(), parse_params(request.args)
    parse_query(gen, req.q)  # a bad query is a 400 before streaming starts
    return _stream(exports.csv_rows(gen, req, request.host_url), "text/csv; charset=utf-8",
                   exports.filename(req, "csv"))


@bp.get("/search.jsonl")
def export_jsonl():
    gen, req = generation(), parse_params(request.args)
    parse_query(gen, req.q)
    return _stream(exports.jsonl_rows(gen, req), "application/x-ndjson", exports.filename(req, "jsonl"))


@bp.get("/search.atom")
def export_atom():
    gen, req = generation(), parse_params(request.args)
    parse_query(gen, req.q)
    self_url = request.url
    return _stream(exports.atom_feed(gen, req, request.host_url, self_url), "application/atom+xml")
