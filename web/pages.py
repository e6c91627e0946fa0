"""HTML pages: search, article, story, help; and the streamed exports of a search."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, Response, abort, redirect, render_template, request, stream_with_context

from search import engine, exports, stories
from search.params import BadRequest, parse_params

from .context import generation
from .viewmodel import link, search_page

bp = Blueprint("pages", __name__)
MAX_PAGE_BODY = 500_000
# Other versions listed under a hit; the story page and the JSON list them all.
VERSIONS_LISTED = 20


@bp.get("/")
@bp.get("/search")
def search():
    gen = generation()
    errors: dict[str, str] = {}
    req = parse_params(request.args, errors)
    try:
        res = engine.search(gen, req)
    except BadRequest as exc:  # the query itself: said beside the box, the filters still apply
        errors["q"] = f"{exc}. Showing every article the filters match instead."
        res = engine.search(gen, replace(req, q=""))
    if errors:
        status = 400
    elif res.canonical.to_params() != req.to_params():
        # A variant spelling of a name: the bookmarkable URL uses the canonical one.
        return redirect(link("/search", res.canonical.to_params()), code=302)
    else:
        status = 200
    view = search_page(res, "/search", errors, {k: request.args.get(k, "") for k in ("q", "from", "to")})
    titles = _titles(gen, [v for hit in res.hits for v in hit["versions"][:VERSIONS_LISTED]])
    for hit in view["hits"]:
        hit["version_links"] = [{"id": v, "title": titles.get(v, v)} for v in hit["versions"][:VERSIONS_LISTED]]
        hit["versions_unlisted"] = max(0, len(hit["versions"]) - VERSIONS_LISTED)
    return render_template("search.html", gen=gen.info(), **view), status


@bp.get("/article/<art_id>")
def article(art_id: str):
    gen = generation()
    rec = engine.article_record(gen, art_id)
    if rec is None:
        abort(404)
    rec["date_label"] = engine.period_label(rec["date"], rec["date_precision"])
    # A page a browser can show: a huge text is shown up to a limit (all of it is searchable and in the JSON).
    rec["body_truncated"] = len(rec["body"]) > MAX_PAGE_BODY
    rec["body"] = rec["body"][:MAX_PAGE_BODY]
    if not re.match(r"https?://", rec.get("original_url") or "", re.I):
        rec["original_url"] = None  # a given "javascript:" or "data:" URL never becomes a link (the API still has it)
    titles = _titles(gen, [r["id"] for r in rec["related"]] + rec["versions"])
    facet_links = {
        "person": [(n, link("/search", [("person", n)])) for n in rec["persons"]],
        "org": [(n, link("/search", [("org", n)])) for n in rec["orgs"]],
        "resolution": [(rec["resolution_labels"].get(n, n), link("/search", [("resolution", n)]))
                       for n in rec["resolutions"]],
    }
    return render_template("article.html", gen=gen.info(), a=rec, titles=titles, facet_links=facet_links,
                           more_like=engine.more_like_this(gen, art_id), print_view=request.args.get("print") == "1")


@bp.get("/story/<story_id>")
def story(story_id: str):
    gen = generation()
    data = stories.story(gen, story_id)
    if data is None:
        abort(404)
    for art in data["articles"]:
        art["date_label"] = engine.period_label(art["date"], art["date_precision"])
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
            out[art_id] = rec["title"]
    return out


def _stream(body, mimetype: str, filename: str | None = None) -> Response:
    resp = Response(stream_with_context(body), mimetype=mimetype)
    if filename:
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


@bp.get("/search.csv")
def export_csv():
    gen, req = generation(), parse_params(request.args)
    engine.parse_query(gen, req.q)  # a bad query is a 400 before streaming starts
    return _stream(exports.csv_rows(gen, req), "text/csv", "archive-search.csv")


@bp.get("/search.jsonl")
def export_jsonl():
    gen, req = generation(), parse_params(request.args)
    engine.parse_query(gen, req.q)
    return _stream(exports.jsonl_rows(gen, req), "application/x-ndjson", "archive-search.jsonl")


@bp.get("/search.atom")
def export_atom():
    gen, req = generation(), parse_params(request.args)
    engine.parse_query(gen, req.q)
    self_url = request.url
    return _stream(exports.atom_feed(gen, req, request.host_url, self_url), "application/atom+xml")
