"""Read a saved news page: headline, article text, date, canonical URL, site, authors, description.

trafilatura finds the article text (its fallback extractors on); the page's own statements give the
headline (`pagetitle`) and a never-guessed date (`pagedate`). Never raises on garbage: a page lxml
cannot read (nested too deeply, not HTML at all) is read with a flat text strategy instead.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import warnings
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura.utils import DOCTYPE_TAG, is_dubious_html, repair_faulty_html

from indexer.dates import DateInfo
from indexer.pagedate import page_date
from indexer.pagemeta import PageMeta, authors, clean, read_meta, words
from indexer.pagetext import PAGE_PARSER, article_text
from indexer.pagetitle import host_core, pick_title

__all__ = ["PageInfo", "parse_page"]

# trafilatura logs every page it finds thin or odd; the build reports what matters itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)  # trafilatura's metadata reader


@dataclass
class PageInfo:
    """What a reader takes from a page. `body` is empty when no article text was found."""

    title: str | None
    body: str
    date: DateInfo | None
    url: str | None
    site_name: str | None
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    problem: str | None = None  # why the page was read in a simpler way, for the build summary
    date_unknown_because: str | None = None  # why the page's own dates give none (they disagree)


def parse_page(text: str) -> PageInfo:
    """Read a saved news page, decoded as every corpus file is (`indexer.decode`). A page lxml cannot read
    gives its flat text (and says so in `problem`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateutil warns on unknown zone names ("EET"): handled
            return _parse(text)
    except (RecursionError, MemoryError, etree.LxmlError) as exc:
        # lxml / trafilatura give up on extreme nesting or broken input: one bad file must not stop an import.
        # Anything else is a bug of the reader, not of the page: it propagates (the build reports it).
        return PageInfo(None, _flat_text(text), None, None, None, problem=f"read as flat text: {type(exc).__name__}")


def _parse(text: str) -> PageInfo:
    tree = _load_tree(text)
    if tree is None:
        return PageInfo(None, _flat_text(text), None, None, None)
    meta = read_meta(tree)
    title = _title(meta)
    dated = page_date(tree, meta, title)
    names = authors(meta, tree)
    body = _without_headline(article_text(tree), title)  # last: the tree is the library's from here
    if not body and _max_depth(text) > MAX_DEPTH:
        body = _flat_text(text)  # libxml2 drops what lies deeper than it follows
    return PageInfo(
        title=title,
        body=body,
        date=dated.date,
        url=meta.url,
        site_name=meta.site,
        authors=names,
        description=meta.description,
        date_unknown_because=dated.unknown_because,
    )


def _load_tree(text: str) -> HtmlElement | None:
    """The page's lxml tree as trafilatura's `load_html` builds it, parsed from UTF-8 bytes (a third
    faster than from a str, which lxml re-encodes); None for what is not HTML at all."""
    beginning = text[:50].lower()
    try:
        tree = fromstring(_repaired_bytes(text, beginning), parser=PAGE_PARSER)
    except (ValueError, etree.ParserError):
        return None
    if tree is None or (is_dubious_html(beginning) and len(tree) < 2):
        return None
    return tree


# What trafilatura's `repair_faulty_html` deletes: C0 controls but tab, LF and CR, and U+FFFE / U+FFFF. In
# UTF-8 these are bytes and byte sequences that no other character contains, so they are deleted from the
# bytes lxml parses (a tenth of the time of the library's regex over the str).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_DOCTYPE_TAG = re.compile(DOCTYPE_TAG.pattern.encode("ascii"), re.I)


def _repaired_bytes(text: str, beginning: str) -> bytes:
    """`repair_faulty_html(text).encode("utf-8")`, made on the bytes (same result)."""
    data = text.encode("utf-8", "surrogatepass").translate(None, _CONTROL_BYTES)
    if b"\xef\xbf" in data:
        data = data.replace(b"\xef\xbf\xbe", b"").replace(b"\xef\xbf\xbf", b"")
    if "doctype" in beginning:  # libxml2 stumbles on a doctype with a URL on the first line
        first, _, rest = data.partition(b"\n")
        data = _DOCTYPE_TAG.sub(b"", first, count=1) + b"\n" + rest
    head = data[:16384].decode("utf-8", "replace")[:4096]
    if any("<html" in line and line.endswith("/>") for line in head.splitlines()[:4]):
        return repair_faulty_html(text, beginning).encode("utf-8", "surrogatepass")  # rare: a self-closed <html/>
    return data


def _title(meta: PageMeta) -> str | None:
    meta_titles = list(meta.metas.get("og:title", []))
    page_names: list[str] = []
    for d in meta.ld:
        if isinstance(d.get("headline"), str):
            meta_titles.append(d["headline"])
        elif isinstance(d.get("name"), str):
            # A WebPage's name is the document title again, not a second witness of the headline.
            page_names.append(d["name"])
    meta_titles += meta.metas.get("twitter:title", [])
    return pick_title(meta.doc_title, meta_titles, meta.h1s, meta.site_names, host_core(meta.url), page_names)


def _without_headline(body: str, title: str | None) -> str:
    """The text without the headline repeated as its first paragraph."""
    first, _, rest = body.partition("\n\n")
    if title and words(first) == words(title):
        return rest
    return body


# ---------------------------------------------------------------- flat fallback

# libxml2 keeps elements down to about 255 levels; text deeper than that is not in the tree.
MAX_DEPTH = 250
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def _max_depth(text: str) -> int:
    """An upper estimate of the markup's nesting depth, without building a tree (unclosed tags count)."""
    depth = best = 0
    for m in _TAG_RE.finditer(_SCRIPT_RE.sub("", text)):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > best:
                best = depth
                if best > MAX_DEPTH:
                    return best
    return best


_FLAT_DROP = re.compile(r"<(script|style|noscript|template|svg|nav|aside|footer)\b.*?</\1\s*>", re.I | re.S)
_FLAT_BLOCK = re.compile(r"</?(?:p|div|br|h[1-6]|li|ul|ol|section|article|blockquote|tr|table)\b[^>]*>", re.I)


def _flat_text(html: str) -> str:
    """Text without a tree: drop script/nav blocks, break lines at block tags, strip the rest."""
    s = _FLAT_DROP.sub(" ", html)
    s = re.sub(r"<!--.*?-->", " ", s, flags=re.S)
    s = _FLAT_BLOCK.sub("\n", s)
    s = re.sub(r"<[^>]*>", " ", s)
    s = html_lib.unescape(s)
    return "\n\n".join(x for x in (clean(line) for line in s.split("\n")) if x)
