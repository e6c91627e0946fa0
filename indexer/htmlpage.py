"""Read a saved news page like a reader: headline, article text, date, canonical URL, site, authors.

BeautifulSoup (html.parser) only. Never raises on garbage; pages nested too deeply for a tree walk
are read with a flat text strategy instead.
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import CData, NavigableString

from indexer.dates import DateInfo, date_in_line, parse_given_date

__all__ = ["PageInfo", "parse_page"]

# Deeper than this, tree walks risk RecursionError and quadratic cost: read the page flat.
MAX_DEPTH = 400


@dataclass
class PageInfo:
    """What a reader takes from a page."""

    title: str | None
    body: str
    date: DateInfo | None
    url: str | None
    site_name: str | None
    authors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _decode(data: bytes) -> str:
    """Bytes to text: BOM, then <meta charset> / http-equiv, then UTF-8, then a detector."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        # WHATWG: latin-1 and ascii labels mean windows-1252 in HTML.
        if name in ("iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii", "iso8859-1"):
            name = "windows-1252"
        try:
            codecs.lookup(name)
            if name.replace("-", "").startswith("utf16"):
                name = "utf-8"  # a byte stream that declares UTF-16 in ASCII cannot be UTF-16
            return data.decode(name)
        except LookupError:
            pass
        except UnicodeDecodeError:
            # A page saved as windows-1252 that still declares UTF-8: common in archives.
            if codecs.lookup(name).name == "utf-8":
                try:
                    return data.decode("windows-1252")
                except UnicodeDecodeError:
                    pass
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # the detector is a best effort only
        pass
    return data.decode("windows-1252", errors="replace")


# ---------------------------------------------------------------- small helpers

_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def _clean(s: str | None) -> str:
    if not s:
        return ""
    return _WS.sub(" ", s.replace("\n", " ")).strip()


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def _max_depth(text: str) -> int:
    """An estimate of the tree depth html.parser will build, without building it.

    Unclosed <p> and <li> count: BeautifulSoup's html.parser nests them rather than closing them.
    """
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


# ---------------------------------------------------------------- metadata


def _metas(soup: BeautifulSoup) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in soup.find_all("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        val = m.get("content")
        if isinstance(key, str) and isinstance(val, str) and val.strip():
            out.setdefault(key.strip().lower(), []).append(val.strip())
    return out


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


def _jsonld(soup: BeautifulSoup) -> list[dict[str, Any]]:
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

    for s in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = s.string or s.get_text() or ""
        try:
            walk(json.loads(raw.strip().rstrip(";")))
        except (ValueError, RecursionError):
            continue

    return sorted(found, key=_ld_rank)


def _ld_rank(d: dict[str, Any]) -> int:
    """0 for an article type, 1 for a plain WebPage."""
    t = d.get("@type")
    t = t if isinstance(t, list) else [t]
    return 1 if all(isinstance(x, str) and x.lower() == "webpage" for x in t) else 0


def _ld_str(node: Any) -> str | None:
    if isinstance(node, str):
        return node.strip() or None
    if isinstance(node, dict):
        return _ld_str(node.get("name"))
    if isinstance(node, list) and node:
        return _ld_str(node[0])
    return None


def _ld_names(node: Any) -> list[str]:
    if isinstance(node, list):
        return [n for x in node for n in _ld_names(x)]
    s = _ld_str(node)
    return [s] if s else []


# ---------------------------------------------------------------- title

# Separators between a headline and the site or section name: " | ", " - ", " – ", " — ", " : ",
# " · ", " • ", " » ", " -- ", " :: ", and the full-width "｜" / "：" with or without spaces.
_SEPS = r"\s+[|\-–—:·•»]\s+|\s*[|｜：]\s*|\s+(?:::|--)\s+"
# What may open a tail of page furniture behind a headline ("-新华网", "　写真1枚　国際ニュース").
_TAIL_START = re.compile(r"^\s*[|\-–—:·•»｜：_~/\u3000]")
# What may close a head in front of it ("News | ..."); not a colon: "Alito and Prelogar: ..." is a kicker.
_HEAD_END = re.compile(r"[|\-–—·•»｜_~/\u3000]\s*$")
_MAX_FURNITURE = 60


def _norm_title(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _letters(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


def _strip_site(title: str, site_names: list[str]) -> str:
    """Remove a site name at either end of a title ("Harbour bridge reopens | The Example Times")."""
    t = title.strip()
    for name in site_names:
        n = re.escape(name.strip())
        if not n:
            continue
        for pat in (rf"^(.*\S)(?:{_SEPS})\s*{n}\s*$", rf"^\s*{n}\s*(?:{_SEPS})(\S.*)$"):
            m = re.match(pat, t, re.I)
            if m and len(m.group(1)) >= 4:
                t = m.group(1).strip()
    return t


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in re.split(_SEPS, title) if p.strip()]


# Second-level labels under a country code: "chinadaily" from china.chinadaily.com.cn, "yna" from yna.co.kr.
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "gob", "ac", "edu", "ne", "or", "go", "nic", "info"}


def _host_core(url: str | None) -> str | None:
    """ "sott" from "https://www.sott.net/...": the name a site gives itself in its titles."""
    m = re.match(r"^[a-z]+://(?:www\d?\.|m\.|amp\.)?([^/:?#]+)", url or "", re.I)
    if not m:
        return None
    labels = m.group(1).lower().split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    core = re.sub(r"[^a-z0-9]", "", labels[-2] if len(labels) >= 2 else labels[0])
    return core if len(core) >= 3 else None


def _is_site_part(part: str, site_names: list[str], host: str | None) -> bool:
    """A title part that names the site, judged against og:site_name, application-name, the JSON-LD
    publisher and the URL's host: "CNN Politics" (site "CNN"), "Prachatai.com" (host "prachatai"),
    "日本経済新聞" (site "日本経済新聞 電子版")."""
    letters = _letters(part)
    if len(letters) < 2 or len(part.split()) > 6:
        return False
    for name in site_names:
        n = _letters(name)
        if not n:
            continue
        if letters == n or (n.startswith(letters) and 2 * len(letters) >= len(n)):
            return True
        if len(n) >= 3 and n in letters and len(letters) <= len(n) + 15 and len(part.split()) <= 3:
            return True
    if host and len(letters) >= 3 and len(part.split()) <= 4:
        ascii_letters = re.sub(r"[^a-z0-9]", "", _ascii(part))
        if len(ascii_letters) >= 3 and (host in ascii_letters or ascii_letters in host):
            return True
        # Hosts made of initials: "The Sydney Morning Herald" (smh), "Los Angeles Times" (latimes).
        words = [w for w in re.findall(r"[a-z0-9]+", _ascii(part)) if w != "the"]
        if len(words) >= 2:
            initials = "".join(w[0] for w in words)
            return host in (initials, initials[:-1] + words[-1])
    return False


def _ascii(s: str) -> str:
    """Lower-case ASCII spelling as used in host names: "Süddeutsche" -> "sueddeutsche", "País" -> "pais"."""
    s = s.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("æ", "ae"), ("ø", "o"), ("å", "aa")):
        s = s.replace(a, b)
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def _is_site_name(text: str, site_names: list[str], host: str | None) -> bool:
    """The whole text is the site's name (a <title> that says only "Harbour Herald")."""
    letters = _letters(text)
    names = {_letters(n) for n in site_names} | ({host, host + "com"} if host else set())
    return bool(letters) and letters in names


def _minus_site(title: str, site_names: list[str], host: str | None) -> str:
    """A title without the site name at either end, whatever the separator; never emptied."""
    t = _strip_site(_clean(title), site_names)
    pieces = re.split(f"({_SEPS})", t)  # text, separator, text, ...
    while len(pieces) >= 3 and _is_site_part(pieces[-1], site_names, host) and len(pieces[-3].strip()) >= 2:
        pieces = pieces[:-2]
    while len(pieces) >= 3 and _is_site_part(pieces[0], site_names, host) and len(pieces[2].strip()) >= 2:
        pieces = pieces[2:]
    return "".join(pieces).strip()


def _words(s: str) -> list[str]:
    out: list[str] = []
    for w in re.findall(r"\w+", s.casefold()):
        out.extend(w if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", w) else [w])
    return out


def _same_word(a: str, b: str) -> bool:
    """Equal, or one an inflection of the other ("champion" / "champions")."""
    return a == b or (min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) <= 2 and (a.startswith(b) or b.startswith(a)))


def _shortened_from(short: str, long: str) -> bool:
    """Every word of `short` is in the longer `long`: an abridged version of the same headline.

    A short version cut with an ellipsis ("Storm hits coast as thou…") may end in a cut word.
    """
    cut = re.search(r"(?:\.\.\.|…)\s*$", short) is not None
    sw, lw = _words(re.sub(r"(?:\.\.\.|…)\s*$", "", short)), _words(long)
    if len(sw) < 3 or len(long) <= len(short):
        return False
    last = len(sw) - 1
    return all(any(_same_word(w, v) or (cut and i == last and v.startswith(w)) for v in lw) for i, w in enumerate(sw))


def _shares_words(a: str, b: str) -> bool:
    """Whether two titles share a content word (4+ letters, or any CJK character)."""
    wa = [w for w in _words(a) if len(w) >= 4 or not w.isascii()]
    wb = _words(b)
    return any(_same_word(w, v) for w in wa for v in wb)


def _with_furniture(base: str, o: str, sure: bool) -> bool:
    """`base` is `o` plus a short tail (or head) of page furniture behind a separator.

    Furniture is shorter than the headline, unless `sure` (the h1 and a metadata title agree on `o`).
    A head that ends in a colon is a kicker ("Alito and Prelogar: ..."), part of the headline.
    """
    if len(o) < 4:
        return False
    if base.startswith(o):
        rest = base[len(o) :]
        return len(rest) <= _MAX_FURNITURE and (sure or len(rest) < len(o)) and bool(_TAIL_START.match(rest))
    if base.endswith(o):
        head = base[: -len(o)]
        return len(head) <= _MAX_FURNITURE and (sure or len(head) < len(o)) and bool(_HEAD_END.search(head))
    return False


def _pick_title(
    doc_title: str | None,
    meta_titles: list[str],
    h1s: list[str],
    site_names: list[str],
    host: str | None = None,
    fallbacks: list[str] | None = None,
) -> str | None:
    """The headline (measured against newspaper4k's 20 reference pages: bench/README.md).

    The base is the document's <title> minus the site name (else og:title, JSON-LD headline,
    twitter:title, else the h1). An h1 that says the same (punctuation and case aside) gives its own
    wording. A base that is another candidate plus page furniture behind a separator ("Headline --
    Section", "Headline　写真1枚　国際ニュース") gives that candidate, and so does a base that is an
    abridged version of a longer candidate (all its words in it). A base sharing no word with the
    headline the h1 and a metadata title agree on gives way to that headline. Otherwise, when the
    sources word the headline differently, the document title is kept: it is the one the page declares.
    """
    h1s = [h for h in (_clean(h) for h in h1s) if 3 <= len(h) <= 300]
    metas = [m for m in (_minus_site(c, site_names, host) for c in meta_titles if c) if m]
    base = None
    for c in [doc_title or "", *meta_titles, *(fallbacks or [])]:
        b = _minus_site(c, site_names, host) if c else ""
        if b and not _is_site_name(b, site_names, host):
            base = b
            break
    if base is None:
        return h1s[0] if h1s else None
    nb = _norm_title(base)
    for h in h1s:
        if _norm_title(h) == nb:
            return h
    others = [o for o in h1s + metas if o and o != base]
    agreed = [h for h in h1s if any(_norm_title(h) == _norm_title(m) for m in metas)]
    # The headline that the h1 and a metadata title agree on, plus furniture: "Headline - Auto News"
    # (even when og:title repeats the <title> with its furniture).
    for o in agreed:
        if _with_furniture(base, o, sure=True):
            return o
    if any(_norm_title(m) == nb for m in metas):
        return base
    for o in others:
        if _with_furniture(base, o, sure=False):
            return o
    for o in others:
        if _shortened_from(base, o):
            return o
    # A document title about something else ("Latest news, sport and opinion") is not the headline
    # when the h1 and a metadata title agree on one that shares no word with it.
    if agreed and not _shares_words(base, agreed[0]):
        return agreed[0]
    parts = _title_parts(base)
    if len(parts) > 1:
        known = {_norm_title(x) for x in others}
        for p in sorted(parts, key=len, reverse=True):
            if _norm_title(p) in known and len(p) >= 8:
                return p
    return base


# ---------------------------------------------------------------- boilerplate

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "aside",
    "footer",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "object",
    "embed",
    "map",
    "dialog",
    "menu",
]
_BAD_WORDS = (
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "recommended",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "ad",
    "ads",
    "advertisement",
    "sponsor",
    "sponsored",
    "sidebar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "banner",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "mostread",
    "most-read",
    "tags",
    "tag-list",
    "byline",
    "author",
    "toolbar",
    "tools",
    "disqus",
    "signup",
    "login",
    "caption",
    "credit",
    "print-only",
    "more-stories",
    "read-more",
    "readmore",
    "also-read",
    "pagination",
    "skip",
    "masthead",
    "header",
    "dateline",
    "timestamp",
    "meta",
)
_BAD_TOKENS = set(_BAD_WORDS)
_BAD_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert", "menu"}

_TEXT_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})
_LI = frozenset({"li"})


def _class_tokens(tag: Tag) -> set[str]:
    vals = []
    for attr in ("class", "id"):
        v = tag.get(attr)
        if isinstance(v, list):
            vals.extend(v)
        elif isinstance(v, str):
            vals.append(v)
    toks: set[str] = set()
    for v in vals:
        v = v.lower()
        toks.add(v)
        toks.update(t for t in re.split(r"[-_\s]+", v) if t)
    return toks


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("body", "html", "main", "article"):
        return False
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in _BAD_ROLES:
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    style = tag.get("style")
    if isinstance(style, str) and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I):
        return True
    toks = _class_tokens(tag)
    if not toks or not toks & _BAD_TOKENS:
        return False
    # A wrapper named "advert-content-wrap" that holds the article body is layout, not an advert.
    if any(_KEEP_RE.search(t) for t in toks):
        return False
    return tag.find(_holds_article) is None


_KEEP_RE = re.compile(r"(?:article|story|post|entry|news)[-_]?(?:body|content|text)|^articlebody$", re.I)


def _holds_article(tag: Tag) -> bool:
    if tag.get("itemprop") == "articleBody":
        return True
    return any(_KEEP_RE.search(t) for t in _class_tokens(tag))


def _strip_boilerplate(root: Tag) -> None:
    for c in root.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for t in root.find_all(_DROP_TAGS):
        t.decompose()
    for t in list(root.find_all(True)):
        if t.decomposed:
            continue
        if t.parent is not None and _is_boilerplate(t):
            t.decompose()


# ---------------------------------------------------------------- article text


def _has_ancestor(tag: Tag, names: set[str] | frozenset[str]) -> bool:
    # A plain parent walk: bs4's find_parent builds a filter object per call, too slow per paragraph.
    a = tag.parent
    while a is not None:
        if a.name in names:
            return True
        a = a.parent
    return False


def _tags_named(tag: Tag, names: set[str] | frozenset[str]) -> list[Tag]:
    return [d for d in tag.descendants if isinstance(d, Tag) and d.name in names]


def _links_len(tag: Tag) -> int:
    return sum(len(a.get_text(strip=True)) for a in _tags_named(tag, _A))


def _element_children(tag: Tag) -> int:
    return sum(1 for c in tag.children if isinstance(c, Tag))


_A = frozenset({"a"})
_SVG = frozenset({"svg"})


def _is_text(node: Any) -> bool:
    """Readable text: strings and CDATA; not comments, doctypes, or script and style contents."""
    return isinstance(node, CData) or type(node) is NavigableString


_BR = "\u2028"  # stands for <br> while source newlines are folded into spaces


def _block_text(tag: Tag) -> str:
    # One walk, no tree edits: replace_with looks positions up linearly (quadratic on <br>-heavy text).
    parts = []
    for d in tag.descendants:
        if isinstance(d, Tag):
            if d.name == "br":
                parts.append(_BR)
        elif _is_text(d):
            parts.append(str(d))
    lines = [_clean(x) for x in "".join(parts).split(_BR)]
    return "\n".join(x for x in lines if x)


_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "font",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "br",
    "wbr",
    "img",
    "ins",
    "del",
    "big",
    "tt",
    "strike",
    "nobr",
    "label",
}


def _wrap_loose_text(soup: BeautifulSoup, root: Tag) -> None:
    """Give text that sits directly in a container (<br>-separated pages, CNN's text divs) its own <p>.

    Runs of inline content between block children, or between double <br>, become paragraphs.
    """
    for box in [root, *root.find_all(["div", "td", "section", "article", "main", "body", "center", "dd"])]:
        # Text in the box itself or in its inline children (div > span > span > text).
        direct = "".join(
            x.get_text() if isinstance(x, Tag) else str(x)
            for x in box.children
            if (isinstance(x, Tag) and x.name in _INLINE)
            or (isinstance(x, NavigableString) and not isinstance(x, Comment))
        )
        if len(direct.strip()) < 40 or _has_ancestor(box, _TEXT_BLOCKS):
            continue
        runs: list[list[Any]] = [[]]
        prev_br = False
        for child in list(box.children):
            name = child.name if isinstance(child, Tag) else None
            if name is not None and name not in _INLINE:
                runs.append([child, None])  # a block child closes the run
                runs.append([])
                prev_br = False
                continue
            if name == "br":
                if prev_br:
                    runs.append([])
                prev_br = True
            elif name is not None or str(child).strip():
                prev_br = False
            runs[-1].append(child)
        # Rebuild the box in one pass: insert_before/extract look positions up linearly, which is
        # quadratic on a page of 30,000 <br>-separated lines.
        box.clear()
        for run in runs:
            if not run:
                continue
            if run[-1] is None:
                box.append(run[0])
                continue
            if not "".join(x.get_text() if isinstance(x, Tag) else str(x) for x in run).strip():
                for x in run:
                    box.append(x)
                continue
            p = soup.new_tag("p")
            box.append(p)
            for x in run:
                p.append(x)


def _paragraph_nodes(root: Tag) -> list[Tag]:
    """Outermost text blocks in order: <p>, subheads, quotes, and list items that hold no <p>."""
    out = []
    for t in _tags_named(root, _TEXT_BLOCKS | {"li"}):
        if _has_ancestor(t, _TEXT_BLOCKS):
            continue
        if t.name == "li" and (_tags_named(t, _TEXT_BLOCKS | {"li"}) or _has_ancestor(t, _LI)):
            continue
        out.append(t)
    return out


def _score_containers(paras: list[Tag]) -> dict[int, tuple[Tag, float]]:
    scores: dict[int, tuple[Tag, float]] = {}
    for p in paras:
        if p.name == "li":
            continue  # menus are lists too: items never elect the article container
        text = p.get_text(" ", strip=True)
        n = len(text)
        if n < 25:
            continue
        links = _links_len(p)
        if links > 0.5 * n:
            continue
        s = 1 + min(n / 100, 3) + text.count(",") * 0.3
        parent = p.parent
        # Skip one-child wrappers (div > p per paragraph) so paragraphs meet in their real container.
        while (
            isinstance(parent, Tag)
            and parent.name not in ("body", "article", "main")
            and isinstance(parent.parent, Tag)
            and _element_children(parent) == 1
        ):
            parent = parent.parent
        for weight in (1.0, 0.5, 0.25):
            if not isinstance(parent, Tag):
                break
            key = id(parent)
            old = scores.get(key, (parent, 0.0))[1]
            scores[key] = (parent, old + s * weight)
            parent = parent.parent
    return scores


def _link_density(tag: Tag) -> float:
    total = len(tag.get_text(strip=True)) or 1
    return _links_len(tag) / total


_JUNK_LINE = re.compile(
    r"^(?:advertisement|story continues below|continue reading|read more|related:?|share( this)?( article)?"
    r"|click here.*|sign up.*|subscribe.*|follow us.*|photo:.*|image:.*|getty images|ap photo.*|\W*)$",
    re.I,
)


def _article_text(soup: BeautifulSoup, title: str | None) -> str:
    body = soup.body or soup
    # Prefer an explicit article container when the page marks one.
    scope: Tag = body
    marked = [t for t in body.find_all(attrs={"itemprop": "articleBody"})]
    if marked:
        scope = max(marked, key=lambda t: len(t.get_text()))
    _strip_boilerplate(scope)
    _wrap_loose_text(soup, scope)
    paras = _paragraph_nodes(scope)
    scores = _score_containers(paras)
    if not scores:
        return _flat_text(str(scope)) if scope is not soup else ""
    best, best_score = max(scores.values(), key=lambda x: x[1] * (1 - _link_density(x[0]) * 0.5))
    # Articles split across sibling wrappers: take siblings that score well too.
    keep = {id(best)}
    if best.parent is not None:
        for sib in best.parent.find_all(True, recursive=False):
            if id(sib) in scores and scores[id(sib)][1] >= max(best_score * 0.2, 3):
                keep.add(id(sib))
    # Articles cut into chunks by ads (Wired): wrappers with the same tag and classes as the best one.
    sig = (best.name, tuple(best.get("class") or ()))
    if sig[1]:
        for node, sc in scores.values():
            if (node.name, tuple(node.get("class") or ())) == sig and sc >= 2:
                keep.add(id(node))
    out: list[str] = []
    seen: set[str] = set()
    for p in paras:
        anc = p
        inside = False
        while isinstance(anc, Tag):
            if id(anc) in keep:
                inside = True
                break
            anc = anc.parent
        if not inside:
            continue
        txt = _block_text(p)
        if not txt or _JUNK_LINE.match(txt):
            continue
        if p.name == "li" and _link_density(p) > 0.3:
            continue  # a related-stories list inside the article
        if len(txt) < 200 and _link_density(p) > 0.8:
            continue  # "Read more: <link>" lines
        if title and _norm_title(txt) == _norm_title(title):
            continue
        if txt in seen:
            continue
        seen.add(txt)
        out.append(txt)
    return "\n\n".join(out)


# ---------------------------------------------------------------- flat fallback

_FLAT_DROP = re.compile(r"<(script|style|noscript|template|svg|nav|aside|footer)\b.*?</\1\s*>", re.I | re.S)
_FLAT_BLOCK = re.compile(r"</?(?:p|div|br|h[1-6]|li|ul|ol|section|article|blockquote|tr|table)\b[^>]*>", re.I)


def _flat_text(html: str) -> str:
    """Text without a tree: drop script/nav blocks, break lines at block tags, strip the rest."""
    s = _FLAT_DROP.sub(" ", html)
    s = re.sub(r"<!--.*?-->", " ", s, flags=re.S)
    s = _FLAT_BLOCK.sub("\n", s)
    s = re.sub(r"<[^>]*>", " ", s)
    s = html_lib.unescape(s)
    lines = [_clean(x) for x in s.split("\n")]
    return "\n\n".join(x for x in lines if x)


# ---------------------------------------------------------------- dates

# Fields that name the publication moment explicitly (Open Graph, schema.org, Parse.ly, Dublin Core
# "issued", ...): a page's own statement of when it was published.
_STRONG_DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "article:published",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "article_date_original",
    "dc.date.issued",
    "dcterms.issued",
    "citation_publication_date",
)
# Generic fields: some sites fill them with the creation, crawl or last-modified date.
_WEAK_DATE_METAS = (
    "date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "datecreated",
    "timestamp",
    "displaydate",
)
WEAK_SOURCE = "page metadata, generic date field"
URL_SOURCE = "page URL"


def _parsed(vals: list[str], source: str) -> list[DateInfo]:
    out = []
    for v in vals:
        info = parse_given_date(v)
        if info is not None:
            out.append(DateInfo(info.date, info.precision, source, info.tz, info.time))
    return out


def _meta_dates(
    soup: BeautifulSoup, metas: dict[str, list[str]], ld: list[dict[str, Any]]
) -> tuple[list[DateInfo], list[DateInfo]]:
    """(strong, weak) publication dates the page states in its metadata, each list strongest first."""
    strong_vals: list[str] = []
    weak_vals: list[str] = []
    for d in ld:
        # A WebPage's dates describe the page, not the article: generic evidence only.
        page_only = _ld_rank(d) == 1
        for key, into in (("datePublished", weak_vals if page_only else strong_vals), ("dateCreated", weak_vals)):
            v = d.get(key)
            if isinstance(v, str):
                into.append(v)
    for k in _STRONG_DATE_METAS:
        strong_vals.extend(metas.get(k, []))
    for k in _WEAK_DATE_METAS:
        weak_vals.extend(metas.get(k, []))
    strong, weak = _parsed(strong_vals, "page metadata"), _parsed(weak_vals, WEAK_SOURCE)
    # Only a <time> marked as the publication time here; an unmarked one counts only when it sits
    # between the headline and the story (_visible_date), never one in a "latest news" ticker. Marked
    # <time>s that name different days are a list of other stories (teasers, "previous / next"), each
    # marked as its own item's date: none of them is the page's.
    # Besides <time>: hAtom's <abbr class="published" title="..."> and microdata's itemprop="datePublished"
    # on any element.
    elements = soup.find_all(["time", "abbr"], limit=500) + soup.find_all(attrs={"itemprop": _ITEMPROP_PUB}, limit=50)
    marked = [
        d
        for t in elements
        if t.name != "meta" and (_time_marks(t) & _PUB_MARKS) and not (_time_marks(t) & _MOD_MARKS)
        for d in [_time_date(t)]
        if d is not None
    ]
    if marked and all(_agree(marked[0], x) for x in marked[1:]):
        strong.append(marked[0])
    return strong, weak


_ITEMPROP_PUB = re.compile(r"^datepublished$", re.I)


def _time_date(t: Tag) -> DateInfo | None:
    """The date a <time> (or marked <abbr>, microdata element) states: its datetime / content / title
    attribute, unless its own text reads as another full date ("Publié le 29 juin 2019" on
    datetime="2019-07-03..."): the reader's date wins over a machine-filled attribute, which is often
    the last edit."""
    info = None
    for attr in ("datetime", "content", "title"):
        v = t.get(attr)
        if isinstance(v, str) and v.strip():
            info = parse_given_date(v)
            break
    shown = date_in_line(_clean(t.get_text(" ")), "page metadata")
    if shown is not None and (info is None or not _agree(info, shown)):
        return shown
    if info is None:
        return None
    return DateInfo(info.date, info.precision, "page metadata", info.tz, info.time)


def _agree(a: DateInfo, b: DateInfo) -> bool:
    """Two dates name the same publication: at most a day apart (time zones), or one period holds the other."""
    if a.precision != "day" or b.precision != "day":
        coarse = "year" if "year" in (a.precision, b.precision) else "month"
        if coarse == "year":
            return a.date.year == b.date.year
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    return abs((a.date - b.date).days) <= 1


def _resolve_date(
    strong: list[DateInfo], visible: DateInfo | None, weak: list[DateInfo], url: DateInfo | None
) -> DateInfo | None:
    """One publication date from the page's evidence, or None when the evidence disagrees.

    Explicit publication fields first: they win over generic fields and the date line. If they
    disagree among themselves, the one the rest of the page backs wins, else none. A URL whose
    /YYYY/MM/DD/ contradicts them (a story filed on one day and re-dated on another) leaves the date
    unknown, unless the date line under the headline backs the explicit fields. Then a date line
    under the headline (unless the URL's date contradicts it). Then generic fields and the URL's date,
    which must all agree with each other.
    """
    if strong:
        chosen = None
        if all(_agree(strong[0], x) for x in strong[1:]):
            chosen = strong[0]
        else:
            support = [x for x in (visible, url, *weak) if x is not None]
            backed = [x for x in strong if any(_agree(x, y) for y in support)]
            if backed and all(_agree(backed[0], x) for x in backed[1:]):
                chosen = backed[0]
        if chosen is not None and url is not None and not _agree(chosen, url):
            if visible is None or not _agree(visible, chosen):
                return None
        return chosen
    if visible is not None:
        return visible if url is None or _agree(visible, url) else None
    low = weak + ([url] if url is not None else [])
    if low and all(_agree(low[0], x) for x in low[1:]):
        return low[0]
    return None


_PUB_MARKS = {
    "datepublished",
    "pubdate",
    "published",
    "publish",
    "publication",
    "entry-date",
    "post-date",
    "dt-published",
    "article-date",
    "publish-date",
    "published-date",
    "date-published",
}
_MOD_MARKS = {"updated", "modified", "datemodified", "update", "last-updated", "date-modified"}


def _time_marks(t: Tag) -> set[str]:
    marks = _class_tokens(t) | {str(t.get("itemprop") or "").lower()}
    if t.get("pubdate") is not None:
        marks.add("pubdate")
    return marks


# A header block (kicker, h1, standfirst) holds at most this much text; longer, it is the article.
_HEADER_BLOCK_CHARS = 600


def _visible_date(soup: BeautifulSoup, title: str | None) -> DateInfo | None:
    """A date line between the headline and the article text ("2023-11-17 20:52:15" under the h1).

    Only text nodes that are nothing but a date count, and only before the first long paragraph,
    so dates in related-story lists or in the story itself are never taken. A standfirst that shares
    a small header block with the h1 (kicker, headline, one-paragraph summary) is not the story yet.
    """
    h1s = soup.find_all("h1")
    if not h1s:
        return None
    # The article's h1: the one that says the headline, else the one sharing most words with it.
    start = h1s[0]
    if title:
        tw = set(_words(title))
        ranked = [
            (_norm_title(h.get_text(" ")) == _norm_title(title), len(tw & set(_words(h.get_text(" ")))), -i, h)
            for i, h in enumerate(h1s[:20])
        ]
        start = max(ranked, key=lambda r: r[:3])[3]
    header = start.parent
    if not isinstance(header, Tag) or header.name in ("body", "html", "[document]"):
        header = None
    elif len(_clean(header.get_text(" "))) > _HEADER_BLOCK_CHARS:
        header = None
    seen = 0
    for node in start.next_elements:
        if isinstance(node, Tag) and node.name == "time" and isinstance(node.get("datetime"), str):
            if not _time_marks(node) & _MOD_MARKS:
                info = _time_date(node)
                if info is not None:
                    return info
            continue
        if not isinstance(node, NavigableString) or isinstance(node, Comment):
            continue
        if node.parent is not None and node.parent.name in ("script", "style", "noscript"):
            continue
        text = _clean(str(node))
        if not text or start in node.parents:
            continue
        if (len(text) >= 100 and not (header is not None and header in node.parents)) or seen > 3000:
            return None  # reached the story: no date line above it
        seen += len(text)
        info = date_in_line(text, "text")
        if info is not None:
            return info
    return None


# "/2019/03/12/", "/2019-03-12-", and unpadded "/2017/7/12/" (Squarespace, Blogger archives).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")


def _url_date(url: str | None) -> DateInfo | None:
    """A /YYYY/MM/DD/ path in the canonical URL: the newsroom's own filing date, last resort."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    info = parse_given_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return DateInfo(info.date, "day", URL_SOURCE) if info else None


# ---------------------------------------------------------------- authors


def _authors(metas: dict[str, list[str]], ld: list[dict[str, Any]], soup: BeautifulSoup) -> list[str]:
    names: list[str] = []
    for d in ld[:1]:
        names.extend(_ld_names(d.get("author")))
    if not names:
        for k in ("author", "article:author", "sailthru.author", "parsely-author", "dc.creator"):
            for v in metas.get(k, []):
                if not v.startswith("http"):
                    names.extend(re.split(r"\s*(?:,|\band\b|&)\s*", v))
    if not names:
        for a in soup.find_all(attrs={"rel": "author"}) + soup.find_all(attrs={"itemprop": "author"}):
            names.append(a.get_text(" ", strip=True))
    if not names:
        # A visible byline: "By Lena Fischer", "By A and B".
        for tag in soup.find_all(["p", "div", "span", "address"], limit=3000):
            if _class_tokens(tag) & {"byline", "author", "authors", "article-author"}:
                m = re.match(r"^\s*by\s+(.{3,120})$", tag.get_text(" ", strip=True), re.I)
                if m:
                    parts = re.split(r"\s*(?:,|\band\b|&)\s*", m.group(1))
                    names.extend(p for p in parts if re.fullmatch(r"[^\W\d][\w.'’\- ]{1,60}", p))
                    break
    out: list[str] = []
    for n in names:
        n = re.sub(r"^(?:by|written by)\s+", "", _clean(n), flags=re.I)
        if n and len(n) <= 80 and not n.startswith("http") and n not in out:
            out.append(n)
    return out


# ---------------------------------------------------------------- entry point


def parse_page(html: str | bytes) -> PageInfo:
    """Read a saved news page. Never raises; an unreadable page gives an empty PageInfo."""
    try:
        with warnings.catch_warnings():
            # bs4 warns on XML-looking pages, dateutil on unknown zone names ("EET"): both are handled.
            warnings.simplefilter("ignore")
            return _parse(html)
    except Exception:  # garbage in, empty page out: one bad file must not stop an import
        try:
            text = html if isinstance(html, str) else _decode(bytes(html))
            return PageInfo(None, _flat_text(text), None, None, None, [])
        except Exception:
            return PageInfo(None, "", None, None, None, [])


def _parse(html: str | bytes) -> PageInfo:
    text = _decode(html) if isinstance(html, (bytes, bytearray)) else str(html)
    if _max_depth(text) > MAX_DEPTH:
        return _parse_flat(text)
    soup = BeautifulSoup(text, "html.parser")
    metas = _metas(soup)
    ld = _jsonld(soup)

    site = None
    for d in ld:
        site = _ld_str(d.get("publisher"))
        if site:
            break
    site = (metas.get("og:site_name") or [None])[0] or site or (metas.get("application-name") or [None])[0]
    publishers = [p for d in ld for p in _ld_names(d.get("publisher"))]
    site_names = [
        s for s in {site, *(metas.get("og:site_name") or []), *(metas.get("application-name") or []), *publishers} if s
    ]
    site_names.sort(key=len, reverse=True)

    meta_titles: list[str] = list(metas.get("og:title", []))
    page_names: list[str] = []
    for d in ld:
        h = d.get("headline")
        if isinstance(h, str):
            meta_titles.append(h)
        elif isinstance(d.get("name"), str):
            # A WebPage's name is the document title again, not a second witness of the headline.
            page_names.append(d["name"])
    meta_titles += metas.get("twitter:title", [])
    # The document's <title>, not an icon's <svg><title>.
    doc_title = next((t.get_text() for t in soup.find_all("title", limit=20) if not _has_ancestor(t, _SVG)), None)

    url = None
    for link in soup.find_all("link"):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else [rel]
        if "canonical" in [str(r).lower() for r in rels] and link.get("href"):
            url = str(link["href"]).strip()
            break
    og_url = (metas.get("og:url") or [None])[0]
    if not url or (og_url and not url.startswith("http") and og_url.startswith("http")):
        url = og_url or url
    if not url:
        for d in ld:
            u = d.get("url")
            if isinstance(u, str):
                url = u
                break

    h1s = [h.get_text(" ", strip=True) for h in soup.find_all("h1")][:5]
    title = _pick_title(doc_title, meta_titles, h1s, site_names, _host_core(url), page_names)
    strong, weak = _meta_dates(soup, metas, ld)
    date = _resolve_date(strong, _visible_date(soup, title), weak, _url_date(url))
    authors = _authors(metas, ld, soup)
    body = _article_text(soup, title)
    return PageInfo(title=title, body=body, date=date, url=url, site_name=site, authors=authors)


def _parse_flat(text: str) -> PageInfo:
    """A page too deeply nested for a tree: metadata from the <head>, text read flat."""
    head_end = re.search(r"</head\s*>|<body\b", text, re.I)
    head = text[: head_end.start()] if head_end else text[:20000]
    info = _parse(head[:200_000]) if _max_depth(head) <= MAX_DEPTH else PageInfo(None, "", None, None, None)
    body_html = text[head_end.start() :] if head_end else text
    return PageInfo(info.title, _flat_text(body_html), info.date, info.url, info.site_name, info.authors)
