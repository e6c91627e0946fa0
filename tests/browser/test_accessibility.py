"""axe-core (the pinned copy in vendor/) finds no serious or critical problem on the archive's pages."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"  # vendor/README.md says where it came from
BLOCKING = {"serious", "critical"}

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


@pytest.mark.parametrize("kind", ["front", "search", "search-filtered", "article", "story", "help", "error", "empty"])
def test_no_serious_or_critical_axe_violations(page: Page, api_json, axe_source: str, kind: str):
    page.goto(page_url(kind, api_json))
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert blocking == [], "\n".join(f"{v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in blocking)


def test_phone_width_search_page_has_no_serious_violations(page: Page, axe_source: str):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/search?q=pakistan")
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert blocking == [], blocking
