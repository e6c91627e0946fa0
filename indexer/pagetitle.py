"""The headline of a saved page: the page's own title candidates, minus the site name and furniture.

String rules over the candidates (document <title>, og:title / JSON-LD headline / twitter:title, h1s);
measured against trafilatura's own title on held-out pages in bench/README.md (issue 13).
"""

from __future__ import annotations

import re
import unicodedata

from indexer.pagemeta import clean as _clean

__all__ = ["pick_title", "host_core"]


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
        n = name.strip()
        if not n:
            continue
        # String ends compared without a pattern per site name (compiling one cost ~5 ms a page).
        if len(t) > len(n) and t[-len(n) :].lower() == n.lower():
            m = _BEFORE_SEP.match(t[: -len(n)])
            if m and len(m.group(1)) >= 4:
                t = m.group(1).strip()
        if len(t) > len(n) and t[: len(n)].lower() == n.lower():
            m = _AFTER_SEP.match(t[len(n) :])
            if m and len(m.group(1)) >= 4:
                t = m.group(1).strip()
    return t


_BEFORE_SEP = re.compile(rf"^(.*\S)(?:{_SEPS})\s*$", re.S)
_AFTER_SEP = re.compile(rf"^\s*(?:{_SEPS})(\S.*)$", re.S)


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in re.split(_SEPS, title) if p.strip()]


# Second-level labels under a country code: "chinadaily" from china.chinadaily.com.cn, "yna" from yna.co.kr.
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "gob", "ac", "edu", "ne", "or", "go", "nic", "info"}


def host_core(url: str | None) -> str | None:
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


def _with_furniture(base: str, o: str) -> bool:
    """`base` is `o` plus a short tail (or head) of page furniture behind a separator.

    Furniture is shorter than the headline.
    A head that ends in a colon is a kicker ("Alito and Prelogar: ..."), part of the headline.
    """
    if len(o) < 4:
        return False
    if base.startswith(o):
        rest = base[len(o) :]
        return len(rest) <= _MAX_FURNITURE and len(rest) < len(o) and bool(_TAIL_START.match(rest))
    if base.endswith(o):
        head = base[: -len(o)]
        return len(head) <= _MAX_FURNITURE and len(head) < len(o) and bool(_HEAD_END.search(head))
    return False


def pick_title(
    doc_title: str | None,
    meta_titles: list[str],
    h1s: list[str],
    site_names: list[str],
    host: str | None = None,
    fallbacks: list[str] | None = None,
) -> str | None:
    """The headline (measured on held-out pages against trafilatura's: bench/README.md, issue 13).

    An h1 that a metadata headline (og:title, JSON-LD headline, twitter:title, minus the site name)
    confirms is the headline: the page shows it and declares it. So is a page's only h1 of four words
    or more, unless it is the title below plus furniture. Otherwise the base is the document's
    <title> minus the site name (else a metadata title, else the h1). An h1 that says the same
    (punctuation and case aside) gives its own wording. A base that is another candidate plus page
    furniture behind a separator ("Headline -- Section", "Headline　写真1枚　国際ニュース") gives that
    candidate, and so does a base that is an abridged version of a longer candidate (all its words in
    it). Otherwise, when the sources word the headline differently, the document title is kept.
    """
    h1s = [h for h in (_clean(h) for h in h1s) if 3 <= len(h) <= 300]
    metas = [m for m in (_minus_site(c, site_names, host) for c in meta_titles if c) if m]
    confirmed = {_norm_title(m) for m in metas}
    for h in h1s:
        if _norm_title(h) in confirmed and not _is_site_name(h, site_names, host):
            return h
    from_title = _from_title(doc_title, meta_titles, h1s, metas, confirmed, site_names, host, fallbacks)
    shown = {h for h in h1s if not _is_site_name(h, site_names, host)}
    if len(shown) == 1:
        h1 = shown.pop()
        # The page's one visible headline over a <title> reworded for search engines (issue 13: tuning
        # pages 80.5% -> 87.2% exact), unless it is that title plus furniture ("Local News | ...").
        titles = [_minus_site(t, site_names, host) for t in (doc_title, *meta_titles) if t]
        inner = next((t for t in titles if _with_furniture(h1, t)), None)
        if inner is not None:
            return inner
        if len(h1.split()) >= _MIN_H1_WORDS:
            return h1
    return from_title


# A single h1 of fewer words may be a section name or a logo ("Opinion", "Harbour Herald").
_MIN_H1_WORDS = 4


def _from_title(
    doc_title: str | None,
    meta_titles: list[str],
    h1s: list[str],
    metas: list[str],
    confirmed: set[str],
    site_names: list[str],
    host: str | None,
    fallbacks: list[str] | None,
) -> str | None:
    """The <title>-first rules (issue 5), when no h1 settles the headline."""
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
    if nb in confirmed:
        return base
    for o in others:
        if _with_furniture(base, o):
            return o
    for o in others:
        if _shortened_from(base, o):
            return o
    parts = _title_parts(base)
    if len(parts) > 1:
        known = {_norm_title(x) for x in others}
        for p in sorted(parts, key=len, reverse=True):
            if _norm_title(p) in known and len(p) >= 8:
                return p
    return base

