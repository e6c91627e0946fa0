"""Request helpers shared by the page and API blueprints."""

from __future__ import annotations

from flask import current_app

from search.generation import Generation


def generation() -> Generation:
    """The serving generation for this request (reopened when a rebuild switched the pointer)."""
    return current_app.extensions["archive_index"].current()
