"""Request helpers shared by the page and API blueprints."""

from __future__ import annotations

from flask import Flask, current_app, g

from search.generation import Generation


def generation() -> Generation:
    """The serving generation for this request: taken once, so the whole answer comes from it (reopened when a
    rebuild switched the pointer), and given back when the request ends, a streamed export's last line included."""
    gen = g.get("archive_generation")
    if gen is None:
        gen = g.archive_generation = current_app.extensions["archive_index"].acquire()
    return gen


def register(app: Flask) -> None:
    @app.teardown_request
    def _release_generation(_exc: BaseException | None) -> None:
        gen = g.pop("archive_generation", None)
        if gen is not None:
            current_app.extensions["archive_index"].release(gen)
