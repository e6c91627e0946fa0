"""axe-core (the pinned copy in vendor/) finds no serious or critical problem on the archive's pages."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"  # vendor/README.md says where it came from
BLOCKING = {"serious", "critical"}
# The search page (plain, and with chips, an exclusion and the month chart), article, story, help, error, empty.
PAGES = ["front", "search", "search-filtered", "article", "story", "help", "error", "empty"]

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 3).join(' '))
    }));
}"""


def page_url(kind: str, api_json) -> str:
    everything = api_json("/api/search")
    if kind == "search":
        return "/search?q=pakistan"
    if kind == "search-filtered":
        person = everything["facets"]["person"][0]["value"]
        return "/search?" + urlencode([("person", person), ("not_org", "Taliban"), ("from", "2019"), ("to", "2019")])
    if kind == "front":
        return "/"
    if kind == "article":
        return next(h for h in everything["hits"] if h["versions"])["url"]
    if kind == "story":
        return "/story/" + next(h for h in everything["hits"] if h["versions"])["story"]
    if kind == "help":
        return "/help"
    if kind == "error":
        return "/search?page=abc"
    if kind == "empty":
        return "/search?q=xylophonequartz"
    raise AssertionError(kind)


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
    page.evaluate(axe_source)
    assert page.evaluate("axe.version") == AXE_VERSION
    return page.evaluate(RUN_AXE)


def report(found: dict[str, list[dict]]) -> str:
    return "\n".join(f"{where}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
                     for where, violations in found.items() for v in violations)


def test_no_serious_or_critical_axe_violations(page: Page, api_json, axe_source: str):
    # Console errors too: a CSP violation (inline script or style) or a script error shows up there.
    console: list[tuple[str, str]] = []
    page.on("console", lambda msg: console.append((page.url, msg.text)) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console.append((page.url, str(exc))))
    found, error_pages = {}, set()
    for kind in PAGES:
        response = page.goto(page_url(kind, api_json))
        if response.status >= 400:
            error_pages.add(page.url)
        found[kind] = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert not any(found.values()), report(found)
    # An error page's own status is logged as a failed load; nothing else may be.
    assert [(url, text) for url, text in console
            if not (url in error_pages and text.startswith("Failed to load resource"))] == []


def test_no_serious_or_critical_axe_violations_at_phone_width(page: Page, api_json, axe_source: str):
    page.set_viewport_size({"width": 360, "height": 740})
    found = {}
    for kind in ("search", "article"):
        page.goto(page_url(kind, api_json))
        found[kind] = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert not any(found.values()), report(found)
