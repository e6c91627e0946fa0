"""JSON twins of the pages: /api/search, /api/article/<id>, /api/story/<id>."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from search import engine, records, similar, stories
from search.params import parse_params

from .context import generation
from .errors import found
from .urls import with_url

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/")
def index():
    gen = generation()
    return jsonify({
        "endpoints": {
            "/api/search": "search: q, person, org, resolution, source, place (repeatable), not_*, any_*, from, to, "
                           "date=unknown, sort, page, per_page, facet_limit, versions",
            "/api/article/<id>": "one article with body, sources, dates and related articles",
            "/api/story/<id>": "the articles of one story group",
            "/search.csv, /search.jsonl, /search.atom": "every matching article, same parameters as /api/search",
        },
        "index": gen.info(),
    })


@bp.get("/search")
def search():
    gen = generation()
    answer = engine.search(gen, parse_params(request.args)).as_json()
    answer["hits"] = [with_url(hit) for hit in answer["hits"]]
    return jsonify(answer)


@bp.get("/article/<art_id>")
def article(art_id: str):
    gen = generation()
    rec = with_url(found(records.article(gen, art_id)))
    rec["more_like_this"] = similar.more_like_this(gen, art_id)
    rec["index"] = gen.info()
    return jsonify(rec)


@bp.get("/story/<story_id>")
def story(story_id: str):
    gen = generation()
    data = found(stories.story(gen, story_id))
    data["articles"] = [with_url(art) for art in data["articles"]]
    data["index"] = gen.info()
    return jsonify(data)
