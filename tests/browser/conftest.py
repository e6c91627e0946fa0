"""Browser tests: the real app, serving a real index of the shipped corpus, driven in Debian's chromium.

Playwright's pip wheel holds only the driver; the browser is the system's `chromium` (`make browser` installs it),
never one downloaded by `playwright install`. Run: `.venv/bin/python -m pytest tests/browser -q`.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from indexer import build

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
VENDOR = Path(__file__).resolve().parent / "vendor"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/browser runs in the browser, whether or not a module remembered its mark.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """The plugin's launch options plus Debian's chromium; without it: fail on CI, skip elsewhere."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (`make browser` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _short_timeouts(request: pytest.FixtureRequest) -> None:
    """Fail in seconds, not Playwright's 30 s default: every page here is local and small."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)


@pytest.fixture(scope="session")
def archive_app(tmp_path_factory: pytest.TempPathFactory):
    """The app over a fresh index of a copy of corpus/ (tests never write into the project)."""
    base = tmp_path_factory.mktemp("browser-archive")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = base / "index"
    build.rebuild(corpus, index_dir)
    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus)})
    app.testing = False  # errors come back as the pages a user sees
    return app


@contextmanager
def serving(app) -> Iterator[str]:
    """The app served on a free local port from a daemon thread while the block runs; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def serve() -> Callable[..., AbstractContextManager[str]]:
    """`with serve(app) as url:` for tests that build an archive of their own."""
    return serving


@pytest.fixture(scope="session")
def live_server(archive_app) -> Iterator[str]:
    """The shipped corpus's app, served for the whole session."""
    with serving(archive_app) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-playwright's base URL: relative `page.goto("/search")` goes to the live server."""
    return live_server


@pytest.fixture(scope="session")
def api_json(archive_app) -> Callable[..., dict]:
    """GET a JSON endpoint of the same app (the ground truth the pages must show), asserting 200."""
    client = archive_app.test_client()

    def get(url: str, params: list[tuple[str, str]] | dict | None = None) -> dict:
        resp = client.get(url, query_string=params or {})
        assert resp.status_code == 200, (url, params, resp.status_code, resp.get_data(as_text=True)[:300])
        return resp.get_json()

    return get


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (VENDOR / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig: pytest.Config) -> Path:
    """`screenshots/` in pytest-playwright's output folder: test-results/ (pyproject), emptied at each session start."""
    path = Path(pytestconfig.getoption("--output")) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path

