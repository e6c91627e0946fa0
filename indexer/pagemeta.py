"""What a saved page states about itself: <meta> fields, JSON-LD, <title>, h1s, canonical URL, site names.

Read from the lxml tree trafilatura parses (one parse per page); nothing here guesses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "webpage",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
}


def clean(s: str | None) -> str:
    """One line of text: whitespace runs folded, ends stripped."""
    return _WS.sub(" ", s).strip() if s else ""


def words(s: str) -> list[str]:
    """The words of a text, case folded, for comparing two texts."""
    return re.findall(r"\w+", s.casefold())


@dataclass
class PageMeta:
    """The page's own statements, as found."""

    metas: dict[str, list[str]]
    ld: list[dict[str, Any]]  # JSON-LD objects of article types, best first
    doc_title: str | None
    h1s: list[str]
    url: str | None
    site: str | None
    site_names: list[str] = field(default_factory=list)
    description: str | None = None

    def first(self, *keys: str) -> str | None:
        for k in keys:
            if self.metas.get(k):
                return self.metas[k][0]
        return None


def _first(metas: dict[str, list[str]], key: str) -> str | None:
    """The first value of a meta name, or None."""
    values = metas.get(key)
    return values[0] if values else None


def read_meta(tree: HtmlElement) -> PageMeta:
    """Collect the page's metadata from its tree."""
    metas = _metas(tree)
    ld = _jsonld(tree)
    site = None
    for d in ld:
        site = ld_str(d.get("publisher"))
        if site:
            break
    site = _first(metas, "og:site_name") or site or _first(metas, "application-name")
    publishers = [p for d in ld for p in ld_names(d.get("publisher"))]
    names = {site, *(metas.get("og:site_name") or []), *(metas.get("application-name") or []), *publishers}
    site_names = sorted((s for s in names if s), key=len, reverse=True)
    # The document's <title>, not an icon's <svg><title>.
    doc_title = next(
        (t.text_content() for t in tree.iter("title") if not any(a.tag == "svg" for a in t.iterancestors())), None
    )
    h1s = [clean(h.text_content()) for h in list(tree.iter("h1"))[:5]]
    meta = PageMeta(metas, ld, doc_title, h1s, _canonical_url(tree, metas, ld), site, site_names)
    desc = meta.first("og:description", "description", "twitter:description")
    if not desc:
        desc = next((d["description"] for d in ld if isinstance(d.get("description"), str)), None)
    meta.description = clean(desc) or None
    return meta


def _metas(tree: HtmlElement) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in tree.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        # Some archivers store `value=` where the page had `content=`.
        val = m.get("content") if m.get("content") is not None else m.get("value")
        if key and val and val.strip():
            out.setdefault(key.strip().lower(), []).append(val.strip())
    return out


def _jsonld(tree: HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD objects that describe an article, best first (article types before WebPage)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 20:
            return
        if isinstance(node, list):
            for x in node:
                walk(x, depth + 1)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                found.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if key in node:
                    walk(node[key], depth + 1)

    for s in tree.iter("script"):
        if "ld+json" not in (s.get("type") or "").lower():
            continue
        try:
            walk(json.loads((s.text or "").strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue
    return sorted(found, key=ld_rank)


def ld_rank(d: dict[str, Any]) -> int:
    """0 for an article type, 1 for a plain WebPage."""
    t = d.get("@type")
    t = t if isinstance(t, list) else [t]
    return 1 if all(isinstance(x, str) and x.lower() == "webpage" for x in t) else 0


def ld_str(node: Any) -> str | None:
    if isinstance(node, str):
        return node.strip() or None
    if isinstance(node, dict):
        return ld_str(node.get("name"))
    if isinstance(node, list) and node:
        return ld_str(node[0])
    return None


def ld_names(node: Any) -> list[str]:
    if isinstance(node, list):
        return [n for x in node for n in ld_names(x)]
    s = ld_str(node)
    return [s] if s else []


def _canonical_url(tree: HtmlElement, metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> str | None:
    url = None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = link.get("href").strip()
            break
    og_url = _first(metas, "og:url")
    if not url or (og_url and not url.startswith("http") and og_url.startswith("http")):
        url = og_url or url
    if not url:
        url = next((d["url"] for d in ld if isinstance(d.get("url"), str)), None)
    return url


def class_tokens(el: HtmlElement) -> set[str]:
    """The words of an element's class and id ("story-body__date" -> story, body, date, ...)."""
    toks: set[str] = set()
    for v in (el.get("class"), el.get("id")):
        if not v:
            continue
        for part in v.lower().split():
            toks.add(part)
            toks.update(t for t in re.split(r"[-_]+", part) if t)
    return toks


def authors(meta: PageMeta, tree: HtmlElement) -> list[str]:
    """The article's authors as the page names them (JSON-LD, meta fields, rel/itemprop author)."""
    names: list[str] = []
    for d in meta.ld[:1]:
        names.extend(ld_names(d.get("author")))
    if not names:
        for k in ("author", "article:author", "sailthru.author", "parsely-author", "dc.creator"):
            for v in meta.metas.get(k, []):
                if not v.startswith("http"):
                    names.extend(re.split(r"\s*(?:,|\band\b|&)\s*", v))
    if not names:
        for a in tree.xpath('//*[@rel="author" or @itemprop="author"]')[:5]:
            names.append(a.text_content())
    out: list[str] = []
    for n in names:
        n = re.sub(r"^(?:by|written by)\s+", "", clean(n), flags=re.I)
        if n and len(n) <= 80 and not n.startswith("http") and n not in out:
            out.append(n)
    return out
