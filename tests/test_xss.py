"""Markup in articles, names, file names and queries is shown as text: real XSS payloads, checked in the HTML the
server sends (parsed: no injected element or event handler) and in Debian's chromium (no dialog opens, no
injected element exists). Also: security headers on every page, 127.0.0.1 and no debug in `make run`, and no
route writes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from werkzeug.serving import make_server

from app import create_app
from indexer import build

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "<script>alert('t1')</script>",
    "<img src=x onerror=alert('t2')>",
    "\"><svg onload=alert('t3')>",
    "'><iframe src=javascript:alert('t4')></iframe>",
    "</title><script>alert('t5')</script>",
    "<a href=\"javascript:alert('t6')\">click</a>",
    "<body onload=alert('t7')>",
    "{{ 7*7 }}<details open ontoggle=alert('t8')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('t9')>",
    "javascript:alert('t10')//",
]
NAME_PAYLOADS = ["<img src=x onerror=alert('p1')>", "\" onmouseover=\"alert('p2')", "</a><script>alert('p3')</script>"]
ORG_PAYLOADS = ["<svg/onload=alert('o1')>", "'><script>alert('o2')</script>"]
SOURCE_PAYLOAD = "<b onclick=alert('s1')>Wire</b>"
FILE_PAYLOADS = ["x\"><img src=x onerror=alert('f1')>.txt", "<script>alert('f2')<\\script>.txt"]
QUERY_PAYLOADS = ["<script>alert('q1')</script>", "\"><img src=x onerror=alert('q2')>",
                  "person:\"<svg onload=alert('q3')>\""]
BAD_TAGS = {"iframe", "math", "mglyph", "object", "embed"}  # never in the templates; svg and details are


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag in BAD_TAGS or (tag == "img" and dict(attrs).get("src") == "x"):
            self.problems.append(f"injected <{tag}>")
        for key, value in attrs:
            if key.startswith("on"):
                self.problems.append(f"event handler {key}={value!r} on <{tag}>")
            if key in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {key} of <{tag}>")


def assert_inert(html: str, where: str) -> None:
    parser = _Tags()
    parser.feed(html)
    assert parser.problems == [], (where, parser.problems[:5])


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory):
    base = tmp_path_factory.mktemp("xss")
    corpus = base / "corpus"
    corpus.mkdir()
    recs = []
    for i, payload in enumerate(PAYLOADS):
        recs.append({"title": f"Headline {payload} number{i}", "date": f"2020-01-{i + 1:02d}",
                     "body": f"The report quotes {payload} in its body and names the xsscase{i} file. "
                             f"Officials said the {payload} text is only text.",
                     "persons": [NAME_PAYLOADS[i % len(NAME_PAYLOADS)]], "orgs": [ORG_PAYLOADS[i % len(ORG_PAYLOADS)]],
                     "source": SOURCE_PAYLOAD, "url": "javascript:alert('u1')"})
    (corpus / "payloads.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    for i, name in enumerate(FILE_PAYLOADS):
        (corpus / name).write_text(f"Story filed as a strange name {i}\n\nThe filecase{i} story has a hostile file "
                                   "name and nothing else.\n", encoding="utf-8")
    (corpus / "page.html").write_text(
        "<html><head><title>Page with scripts <script>alert('h0')</script></title>"
        "<meta property='og:title' content=\"Saved page &lt;img src=x onerror=alert('h1')&gt;\"></head><body>"
        "<article><h1>Saved page <img src=x onerror=alert('h1')></h1><p>The htmlcase page carries a script."
        "<script>alert('h2')</script><img src=x onerror=alert('h3')> and an <iframe src='javascript:alert(1)'>"
        "</iframe> inside its text, which goes on long enough to be an article body.</p></article></body></html>",
        encoding="utf-8")
    build.rebuild(corpus, base / "ix")
    app = create_app({"INDEX_DIR": str(base / "ix"), "CORPUS_DIR": str(corpus)})
    app.testing = False
    return app


@pytest.fixture(scope="module")
def xss_urls(xss_app) -> list[str]:
    client = xss_app.test_client()
    data = client.get("/api/search", query_string={"versions": "all", "per_page": 100}).get_json()
    assert data["total"] == len(PAYLOADS) + len(FILE_PAYLOADS) + 1
    urls = ["/", "/help", "/search?" + urlencode({"versions": "all", "per_page": 100})]
    urls += [h["url"] for h in data["hits"]] + [f"/story/{h['story']}" for h in data["hits"]]
    urls += ["/search?" + urlencode({"q": q}) for q in QUERY_PAYLOADS]
    urls += ["/search?" + urlencode({"person": p}) for p in NAME_PAYLOADS]
    urls += ["/search?" + urlencode({"org": o, "source": SOURCE_PAYLOAD}) for o in ORG_PAYLOADS]
    urls += ["/search?" + urlencode({"q": "number1", "page": 7}), "/nowhere<script>alert('n1')</script>",
             "/search?" + urlencode({"from": "<script>alert('d1')</script>"})]
    return urls


def test_payloads_are_rendered_as_text_in_the_html(xss_app, xss_urls):
    client = xss_app.test_client()
    for url in xss_urls:
        resp = client.get(url, follow_redirects=True)
        assert resp.status_code in (200, 400, 404), (url, resp.status_code)
        html = resp.get_data(as_text=True)
        assert_inert(html, url)
    # The payloads are there, escaped, as text a reader sees.
    page = client.get("/search?" + urlencode({"versions": "all", "per_page": 100})).get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(" in page
    hits = client.get("/api/search?versions=all&per_page=100").get_json()["hits"]
    article = client.get(hits[0]["url"]).get_data(as_text=True)
    assert "&lt;" in article


def test_feeds_and_exports_stay_well_formed(xss_app):
    client = xss_app.test_client()
    atom = client.get("/search.atom").get_data(as_text=True)
    root = ET.fromstring(atom)  # a payload that broke out of its element would make this fail
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("<script>alert('t1')</script>" in t for t in titles)
    lines = client.get("/search.jsonl").get_data(as_text=True).splitlines()
    assert all(json.loads(line) for line in lines)
    for hit in client.get("/api/search?versions=all&per_page=100").get_json()["hits"]:
        assert "<mark>" not in hit["snippet"] or "<script" not in hit["snippet"]
        assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]


# -------------------------------------------------------------------------------------------- in the browser

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium (never a downloaded one), as tests/browser/conftest.py does."""
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (`make browser` installs it)")
        pytest.skip("Debian's chromium is not installed (`make browser` installs it)")
    return {**browser_type_launch_args, "executable_path": executable,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="module")
def xss_server(xss_app):
    server = make_server("127.0.0.1", 0, xss_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


INJECTED = ("script:not([src]), img[src='x'], iframe, math, object, embed, [onerror], [onload], [onclick], "
            "[onmouseover], [ontoggle], [onfocus], a[href^='javascript'], svg[onload], details[ontoggle]")


@pytest.mark.browser
def test_no_script_runs_in_the_browser(page, xss_server, xss_urls):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(5_000)
    for url in xss_urls:
        page.goto(xss_server + url)
        page.wait_for_load_state("load")
        found = page.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML.slice(0, 120))")
        assert found == [], (url, found)
        # Mouse over and focus everything a payload could have hooked.
        page.evaluate("""() => document.querySelectorAll('body *').forEach(e => {
            e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
            e.dispatchEvent(new FocusEvent('focus')); })""")
    assert dialogs == []
    page.goto(xss_server + "/search?" + urlencode({"q": QUERY_PAYLOADS[0]}))
    assert page.input_value("input[name=q]") == QUERY_PAYLOADS[0]  # shown back as typed, as text
    page.goto(xss_server + "/search?" + urlencode({"versions": "all", "per_page": 100}))
    assert "<script>alert('t1')</script>" in page.inner_text("body")
    assert dialogs == []


# -------------------------------------------------------------------------------------------- headers, binding

def _routes(client) -> list[str]:
    hits = client.get("/api/search?per_page=5").get_json()["hits"]
    art, story = hits[0]["id"], hits[0]["story"]
    return ["/", "/search", "/search?q=pompeo", "/search?q=%22", "/search?page=0", "/help", f"/article/{art}",
            f"/article/{art}?print=1", f"/story/{story}", "/article/nope", "/api/", "/api/search",
            f"/api/article/{art}", f"/api/story/{story}", "/api/article/nope", "/api/search?per_page=1000",
            "/search.csv", "/search.jsonl", "/search.atom", "/static/style.css", "/no/such/page",
            "/search?person=pompeo"]


def test_security_headers_on_every_page(client):
    for url in _routes(client):
        resp = client.get(url)
        h = resp.headers
        csp = h.get("Content-Security-Policy", "")
        script_src = re.search(r"script-src ([^;]*)", csp) or re.search(r"default-src ([^;]*)", csp)
        assert script_src and "'unsafe-inline'" not in script_src.group(1) and "'unsafe-eval'" not in csp, url
        assert "frame-ancestors 'none'" in csp or "frame-ancestors 'self'" in csp, url
        assert h.get("X-Content-Type-Options") == "nosniff", url
        assert h.get("Referrer-Policy"), url
        if resp.mimetype == "text/html":
            assert_inert(resp.get_data(as_text=True), url)  # no inline script the CSP would have to allow
        resp.close()  # a streamed export not read to its end is closed here, inside its own request


def test_make_run_binds_loopback_with_waitress_and_never_debug(app):
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", text, re.M)
    serve = re.search(r"^serve:.*\n((?:\t.*\n)+)", text, re.M).group(1)
    assert "-m web.serve" in serve and "--listen=$(HOST):$(PORT)" in serve  # waitress, one process per core
    assert not re.search(r"flask\s+run|--debug|FLASK_DEBUG|debug=True", text, re.I)
    fresh = create_app()
    assert fresh.debug is False and app.debug is False and not fresh.config.get("DEBUG")
    for py in [ROOT / "app.py", *(ROOT / "web").glob("*.py")]:
        assert not re.search(r"debug\s*=\s*True|\.run\(", py.read_text(encoding="utf-8")), py


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()
        out[str(path.relative_to(folder)) + "@"] = str(path.stat().st_mtime_ns)
    return out


def test_no_route_writes_anything(app, seed_index, seed_corpus):
    client = app.test_client()
    methods = {m for rule in app.url_map.iter_rules() for m in rule.methods}
    assert methods <= {"GET", "HEAD", "OPTIONS"}, methods
    before_index, before_corpus = _snapshot(seed_index), _snapshot(seed_corpus)
    for url in _routes(client):
        client.get(url)
        for method in ("post", "put", "delete", "patch"):
            assert getattr(client, method)(url, data=b"x" * 100).status_code in (404, 405), (method, url)
    big = client.post("/api/search", data=b"x" * (1024 * 1024))
    assert big.status_code in (405, 413)
    assert _snapshot(seed_index) == before_index and _snapshot(seed_corpus) == before_corpus
