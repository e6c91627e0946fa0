"""Errors as helpful pages, and as `{"error": ...}` under /api/."""

from __future__ import annotations

import logging
from typing import TypeVar

from flask import Flask, abort, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search.backends import BackendUnavailable
from search.generation import NoIndex
from search.params import BadRequest

log = logging.getLogger("archive")
T = TypeVar("T")


def found(value: T | None) -> T:
    """`value`; when there is none, the 404 answer (a page, or JSON under /api/)."""
    if value is None:
        abort(404)
    return value


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, title: str | None = None):
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    page = render_template("error.html", status=status, message=message, title=title or "Error", gen=_gen_info())
    return page, status


def _gen_info() -> dict | None:
    """The serving index for the footer, when there is one (an error page must not claim there is none)."""
    try:
        from .context import generation

        return generation().info()
    except Exception:  # no index, or the error is about the index itself
        return None


def register(app: Flask) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return error_response(400, str(exc), "Bad request")

    @app.errorhandler(NoIndex)
    def no_index(exc: NoIndex):
        return error_response(
            503, "The archive has no index yet. Build it with `python -m indexer rebuild`, then reload.", "No index yet"
        )

    @app.errorhandler(BackendUnavailable)
    def backend_down(exc: BackendUnavailable):
        log.error("search backend unavailable: %s", exc)
        return error_response(503, "The search servers do not answer just now; try again in a moment.",
                              "Search unavailable")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "There is no such page or article.", 413: "The request is too large."}
        return error_response(exc.code or 500, messages.get(exc.code or 500, exc.description or exc.name), exc.name)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        log.exception("unexpected error on %s", request.full_path)
        return error_response(500, "Something went wrong on the server; the error has been logged.", "Server error")
