"""A page's publication date, never guessed: explicit publication fields over generic ones; when the
page's own evidence disagrees, the date is unknown and the reason is kept (bench/README.md, issue 13)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from lxml import etree
from lxml.html import HtmlElement

from indexer.dates import DateInfo, date_in_line, date_on_short_line, parse_given_date, says_updated
from indexer.pagemeta import PageMeta, class_tokens, clean, ld_rank, words

__all__ = ["WEAK_SOURCE", "URL_SOURCE", "PageDate", "page_date"]

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
# A header block (kicker, h1, standfirst) holds at most this much text; longer, it is the article.
_HEADER_BLOCK_CHARS = 600
# A text this short that holds a date is a byline or a date label, not a sentence of the story.
_SHORT_TEXT = 80
# Shown dates are looked for past this many long texts (a standfirst before the byline), the date line before the first.
_SHOWN_PAST = 1
_SKIP_TEXT = {"script", "style", "noscript", "template"}
# "/2019/03/12/", "/2019-03-12-", and unpadded "/2017/7/12/" (Squarespace, Blogger archives).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")


@dataclass(frozen=True)
class PageDate:
    """The page's publication date, or None with the reason when its own evidence disagrees
    (`unknown_because` is None when the page simply does not say)."""

    date: DateInfo | None
    unknown_because: str | None = None


def page_date(tree: HtmlElement, meta: PageMeta, title: str | None) -> PageDate:
    """One publication date from the page's own evidence, or none.

    A page without such evidence stays undated: a date read elsewhere from its markup (htmldate's
    reading, scripts, footers) was wrong one time in three on the tuning pages (bench/README.md).
    """
    strong, weak = _meta_dates(tree, meta)
    url = _url_date(meta.url)
    # The dates under the headline are looked for only when asked (a walk of the page's text).
    header = cache(lambda: _header_dates(tree, title))
    return resolve_date(strong, header, weak, url, _modified_dates(meta), _generic_fields(meta))


def _parsed(vals: list[str], source: str) -> list[DateInfo]:
    out = []
    for v in vals:
        info = parse_given_date(v)
        if info is not None:
            out.append(DateInfo(info.date, info.precision, source, info.tz, info.time))
    return out


def _meta_dates(tree: HtmlElement, meta: PageMeta) -> tuple[list[DateInfo], list[DateInfo]]:
    """(strong, weak) publication dates the page states in its metadata, each list strongest first."""
    strong_vals: list[str] = []
    weak_vals: list[str] = []
    for d in meta.ld:
        # A WebPage's dates describe the page, not the article: generic evidence only.
        page_only = ld_rank(d) == 1
        for key, into in (("datePublished", weak_vals if page_only else strong_vals), ("dateCreated", weak_vals)):
            v = d.get(key)
            if isinstance(v, str):
                into.append(v)
    for k in _STRONG_DATE_METAS:
        strong_vals.extend(meta.metas.get(k, []))
    for k in _WEAK_DATE_METAS:
        weak_vals.extend(meta.metas.get(k, []))
    strong, weak = _parsed(strong_vals, "page metadata"), _parsed(weak_vals, WEAK_SOURCE)
    # Marked <time>s (hAtom's <abbr class="published">, microdata's itemprop="datePublished" on any
    # element) that all name one day; different days are a list of other stories' teasers.
    elements = tree.xpath("(//time | //abbr)[position() <= 500] | //*[@itemprop][position() <= 500]")
    marked = [
        d
        for t in elements
        if t.tag != "meta" and (_marks(t) & _PUB_MARKS) and not (_marks(t) & _MOD_MARKS)
        for d in [_time_date(t)]
        if d is not None
    ]
    if marked and all(agree(marked[0], x) for x in marked[1:]):
        strong.append(marked[0])
    return strong, weak


def _marks(t: HtmlElement) -> set[str]:
    marks = class_tokens(t) | {(t.get("itemprop") or "").lower()}
    if t.get("pubdate") is not None:
        marks.add("pubdate")
    return marks


def _time_date(t: HtmlElement) -> DateInfo | None:
    """The date a <time> (or marked element) states; its own text wins when it reads as another full
    date ("Publié le 29 juin 2019" on datetime="2019-07-03..."): attributes are often the last edit."""
    info = None
    for attr in ("datetime", "content", "title"):
        v = t.get(attr)
        if v and v.strip():
            info = parse_given_date(v)
            break
    shown = date_in_line(clean(t.text_content()), "page metadata")
    if shown is not None and (info is None or not agree(info, shown)):
        return shown
    if info is None:
        return None
    return DateInfo(info.date, info.precision, "page metadata", info.tz, info.time)


def agree(a: DateInfo, b: DateInfo) -> bool:
    """Two dates name the same publication: at most a day apart (time zones), or one period holds the other."""
    if a.precision != "day" or b.precision != "day":
        if "year" in (a.precision, b.precision):
            return a.date.year == b.date.year
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    return abs((a.date - b.date).days) <= 1


def resolve_date(
    strong: list[DateInfo],
    header: Callable[[], HeaderDates],
    weak: list[DateInfo],
    url: DateInfo | None,
    modified: list[DateInfo] | None = None,
    generic_fields: list[DateInfo] | None = None,
    consult_shown: bool = True,
) -> PageDate:
    """One publication date from the page's evidence, or none (with the reason) when it disagrees.

    Explicit publication fields first: they win over the date line. If they disagree among
    themselves, the one the date line or the URL backs wins, else none (a generic field is no
    referee). A URL whose /YYYY/MM/DD/ contradicts them leaves the date unknown, unless the date line
    backs them; so does a generic <meta> date field that contradicts them (a JSON-LD WebPage's date
    describes the page, not the article). Then a date line under the
    headline (unless the URL's date contradicts it, or it is only the page's stated last-modified
    day). Then generic fields and the URL's date, which must all agree with each other. `header` gives
    the dates shown under the headline when asked.

    Then what the reader sees (`consult_shown`; bench/README.md, issue 13, seventh round): a page that
    shows dates under its headline, none of them the chosen day, gets an unknown date (what is shown
    there is often a later update, and the page does not say which day it was first published).
    """
    found = _choose(strong, lambda: header().line, weak, url, modified or [], generic_fields or [])
    if found.date is None or not consult_shown:
        return found
    days = header().shown
    if days and not any(agree(found.date, d) for d in days):
        return PageDate(None, f"the page shows {_days(days)} under its headline, its metadata {_day(found.date)}")
    return found


def _choose(
    strong: list[DateInfo],
    visible: Callable[[], DateInfo | None],
    weak: list[DateInfo],
    url: DateInfo | None,
    modified: list[DateInfo],
    generic_fields: list[DateInfo],
) -> PageDate:
    if strong:
        return _from_strong(strong, visible, generic_fields, url)
    if (line := visible()) is not None:
        if url is not None and not agree(line, url):
            return PageDate(None, f"the page's date line says {_day(line)}, its address {_day(url)}")
        if any(m.precision == "day" and m.date == line.date for m in modified):
            return PageDate(None, f"the only date the page shows, {_day(line)}, is when it was last modified")
        return PageDate(line)
    low = weak + ([url] if url is not None else [])
    if not low:
        return PageDate(None)
    if all(agree(low[0], x) for x in low[1:]):
        return PageDate(low[0])
    return PageDate(None, f"the page's generic date fields disagree ({_days(low)})")


def _from_strong(
    strong: list[DateInfo], visible: Callable[[], DateInfo | None], generic: list[DateInfo], url: DateInfo | None
) -> PageDate:
    chosen = strong[0]
    if not all(agree(chosen, x) for x in strong[1:]):
        support = [x for x in (visible(), url) if x is not None]
        backed = [x for x in strong if any(agree(x, y) for y in support)]
        if not backed or not all(agree(backed[0], x) for x in backed[1:]):
            return PageDate(None, f"the page's publication fields disagree ({_days(strong)})")
        chosen = backed[0]
    if url is not None and not agree(chosen, url) and ((line := visible()) is None or not agree(line, chosen)):
        return PageDate(None, f"the page's publication field says {_day(chosen)}, its address {_day(url)}")
    against = next((w for w in generic if not agree(w, chosen)), None)
    if against is not None:
        return PageDate(None, f"the page's publication field says {_day(chosen)}, a generic date field {_day(against)}")
    if chosen.tz == "+00:00":
        # The URL is no witness of the local day: it is written when the story is begun, often the day before.
        return PageDate(_local_day(chosen, [*(x for x in strong if x.tz != "+00:00"), visible()]))
    return PageDate(chosen)


def _day(d: DateInfo) -> str:
    return d.iso()[: {"year": 4, "month": 7}.get(d.precision, 10)]


def _days(ds: list[DateInfo]) -> str:
    return ", ".join(dict.fromkeys(_day(d) for d in ds))


def _generic_fields(meta: PageMeta) -> list[DateInfo]:
    return _parsed([v for k in _WEAK_DATE_METAS for v in meta.metas.get(k, [])], WEAK_SOURCE)


def _modified_dates(meta: PageMeta) -> list[DateInfo]:
    """The days the page says it was last modified or updated (article:modified_time, dateModified, ...)."""
    vals = [v for k, vs in meta.metas.items() if "modif" in k or "updated" in k for v in vs]
    vals += [d["dateModified"] for d in meta.ld if isinstance(d.get("dateModified"), str)]
    return _parsed(vals, "page metadata")


def _local_day(utc: DateInfo, witnesses: list[DateInfo | None]) -> DateInfo:
    """The publisher's own calendar day for a moment stated in UTC: a story filed at 01:49 UTC on the
    9th is dated the 8th in California. A local witness (a field without a zone, the date line) a day
    apart gives the day; without one the UTC day stands."""
    for w in witnesses:
        if w is not None and w.precision == "day" and abs((utc.date - w.date).days) == 1:
            return DateInfo(w.date, "day", utc.source, w.tz, w.time)  # the UTC time is not that day's
    return utc


@dataclass(frozen=True)
class HeaderDates:
    """The dates the page shows between its headline and its story: `line`, a line that is nothing but
    a date (the date line); `shown`, every full date in a short text there ("Updated March 12, 2020")."""

    line: DateInfo | None
    shown: list[DateInfo]


def _header_dates(tree: HtmlElement, title: str | None) -> HeaderDates:
    """The dates shown between the headline and the article text ("2023-11-17 20:52:15" under the h1).

    Only text before the first long paragraph counts, so dates in related-story lists or in the story
    itself are never taken. A standfirst that shares a small header block with the h1 (kicker,
    headline, one-paragraph summary) is not the story yet. The date line is the first text node that is
    nothing but a date; the shown dates are every full date in a short text (a byline, "Updated ...").
    """
    h1s = list(tree.iter("h1"))[:20]
    if not h1s:
        return HeaderDates(None, [])
    start = h1s[0]
    if title:
        tw = set(words(title))
        norm = _norm(title)
        ranked = [
            (_norm(h.text_content()) == norm, len(tw & set(words(h.text_content()))), -i, h)
            for i, h in enumerate(h1s)
        ]
        start = max(ranked, key=lambda r: r[:3])[3]
    header = start.getparent()
    if header is None or header.tag in ("body", "html") or len(clean(header.text_content())) > _HEADER_BLOCK_CHARS:
        header = None
    seen = 0
    line: DateInfo | None = None
    shown: list[DateInfo] = []
    prev = ""
    long_texts = 0
    for text, holder in _text_after(start):
        if isinstance(text, DateInfo):
            if not says_updated(prev) and not long_texts:
                line = line or text
            shown.append(text)
            prev = ""
            continue
        if len(text) >= 100 and not (header is not None and _inside(holder, header)) or seen > 3000:
            long_texts += 1
            if long_texts > _SHOWN_PAST or seen > 3000:
                break  # reached the story
        seen += len(text)
        if line is None and not long_texts and not says_updated(prev):
            line = date_in_line(text, "text")  # "Updated" alone on the line before: an update, as on one line
        if len(text) <= _SHORT_TEXT and (info := date_on_short_line(text, "text")) is not None:
            shown.append(info)
        prev = text
    return HeaderDates(line, shown)


def _text_after(start: HtmlElement):
    """(text, element holding it) in document order after `start` and its contents; a <time
    datetime> on the way is given as its DateInfo instead."""
    began = False
    skip = 0
    for event, el in etree.iterwalk(start.getroottree().getroot(), events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if skip or el.tag in _SKIP_TEXT:
                skip += 1
                continue
            if began:
                if el.tag == "time" and el.get("datetime") and not _marks(el) & _MOD_MARKS:
                    info = _time_date(el)
                    if info is not None:
                        yield info, el
                        continue
                text = clean(el.text)
                if text:
                    yield text, el
            continue
        if skip:
            skip -= 1
            if skip:
                continue
        if el is start:
            began = True
        if began:
            text = clean(el.tail)
            parent = el.getparent()
            if text and parent is not None:
                yield text, parent


def _inside(el: HtmlElement, ancestor: HtmlElement) -> bool:
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def _norm(s: str) -> str:
    return " ".join(words(s))


def _url_date(url: str | None) -> DateInfo | None:
    """A /YYYY/MM/DD/ path in the canonical URL: the newsroom's own filing date, last resort."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    info = parse_given_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return DateInfo(info.date, "day", URL_SOURCE) if info else None
