"""The archive's web application: `create_app(config)` builds it (Flask application factory)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from archive import config as paths
from search import backends
from search.generation import IndexHandle


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Flask app serving the index in `INDEX_DIR` (read-only); `CORPUS_DIR` is where it was built from."""
    app = Flask(__name__, template_folder="templates", static_folder="static")
    app.config.update(
        INDEX_DIR=str(paths.index_dir()),
        CORPUS_DIR=str(paths.corpus_dir()),
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # Flask's default provider has it
    app.extensions["archive_index"] = IndexHandle(app.config["INDEX_DIR"], backends.from_config(app.config))

    from web import api, context, errors, pages, security, warmup

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    context.register(app)
    security.register(app)
    # web/serve.py calls these once in its parent process, before forking the workers (web/warmup.py; a folder
    # where the workers share what they decode: search/sharedfiles.py).
    app.extensions["warm"] = lambda: warmup.warm(app)
    app.extensions["share"] = app.extensions["archive_index"].share_in
    return app
