"""Normalize article text: typography, paragraphs, page furniture, headline.

The rules are about the shape of news pages, not about any one article: share bars, "READ MORE:"
links, section labels above the headline, a headline repeated at the top of the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TRANSLATE = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'),
    **dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000"), " "),
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2012"): "-",
    ord("\u2013"): "-",
    ord("\u2014"): " - ",
    ord("\u2015"): " - ",
    ord("\u2026"): "...",
    ord("\r"): "\n",
    ord("\f"): "\n",
    ord("\v"): "\n",
}
# str.translate looks every character up in the table once the text holds one non-ASCII character (a
# tenth of the speed); only the few characters the table names are replaced, the same result.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# "cross -border", "cross- border": a hyphen set off on one side only joins a compound.
_LOOSE_HYPHEN = re.compile(r"(?<=[A-Za-z]) -(?=[a-z]{2})|(?<=[a-z]{2})- (?=[a-z]{2})")
_SPACES = re.compile(r"[ \t]+")

# Whole lines that are page furniture wherever they stand (compared lower-cased, end punctuation dropped).
_FURNITURE_LINES = {
    "share", "share this", "share this article", "share this story", "share on facebook", "share on twitter",
    "discuss", "comments", "comment", "advertisement", "advertisements", "ad", "print", "email", "e-mail",
    "tweet", "follow us", "related", "related articles", "related stories", "related news", "more", "read more",
    "also read", "read also", "see also", "top stories", "trending", "most read", "most popular",
    "recommended", "click here", "subscribe", "sign up", "log in", "login", "menu", "home", "skip to content",
    "skip to main content", "back to top", "whatsapp", "facebook", "twitter", "linkedin", "reddit",
}
# Lines that start like this point at other articles, newsletters or widgets.
_FURNITURE_PREFIX = re.compile(
    r"^(read more|also read|read also|see also|also see|related|recommended|watch|listen|more on this|"
    r"more from|don't miss|do not miss|click here|subscribe|sign up|follow us|download the|get the latest|"
    r"get [\w ]{1,30} (news )?in your inbox|share (this|on)|image source|image caption|photo credit|"
    r"(file )?photo:|first published|this article (was|has been)|copyright|all rights reserved|\(c\) )",
    re.I,
)
_TERMINAL = tuple(".!?\"')]:;")
MAX_HEADLINE_CHARS = 200


@dataclass
class Cleaned:
    """A text article after normalization."""

    title: str
    title_derived: bool
    body: str  # paragraphs separated by one blank line


def normalize_text(text: str) -> str:
    """NFC, straight quotes, plain spaces and hyphens, no control characters; line breaks kept."""
    text = _TRANSLATED.sub(_translated, unicodedata.normalize("NFC", text))
    text = _CONTROL.sub("", text)
    text = _LOOSE_HYPHEN.sub("-", text)
    return text


def _translated(m: re.Match[str]) -> str:
    return _TRANSLATE[ord(m.group())] or ""


def fold_line(line: str) -> str:
    """Whitespace folded; used to compare lines."""
    return _SPACES.sub(" ", line).strip()


def paragraphs(text: str) -> list[str]:
    """Split normalized text into paragraphs.

    Blank lines separate blocks; inside a block each line is a paragraph, except hard-wrapped lines (wire
    copy), which are joined: a line that ends mid-sentence continues on the next when that starts in lower
    case, or when most lines of the block end mid-sentence.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [x for x in (fold_line(x) for x in block.split("\n")) if x]
        if not lines:
            continue
        wrapped = len(lines) > 2 and _hard_wrapped(lines)
        cur = lines[0]
        for line in lines[1:]:
            open_ended = not cur.endswith(_TERMINAL) or cur.endswith(",")
            if open_ended and (wrapped or line[:1].islower() or cur.endswith((",", "-"))):
                cur = cur + ("" if cur.endswith("-") and line[:1].islower() else " ") + line
            else:
                out.append(cur)
                cur = line
        out.append(cur)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    # Wrapped copy: most lines end mid-sentence and are long (a list of short titles is not wrapped).
    body = lines[:-1]
    open_ended = sum(1 for x in body if not x.endswith(_TERMINAL))
    lengths = sorted(len(x) for x in body)
    return open_ended >= 0.6 * len(body) and lengths[len(lengths) // 2] >= 50


def is_furniture(line: str) -> bool:
    """A line that belongs to the page around the article, not to the article."""
    key = line.strip().lower().rstrip(":.!|>»-– ").strip()
    if not key or not re.search(r"\w", key):
        return True
    if key in _FURNITURE_LINES:
        return True
    return bool(_FURNITURE_PREFIX.match(line.strip()))


def _is_section_label(line: str) -> bool:
    # "Asia", "World News": one or two words, no sentence punctuation, above the headline.
    words = line.split()
    return len(words) <= 2 and not line.endswith(_TERMINAL) and len(line) <= 30


def _looks_like_headline(line: str) -> bool:
    return len(line) <= MAX_HEADLINE_CHARS and not line.endswith(".") and len(line.split()) >= 2


def _is_link_title(line: str) -> bool:
    # The title of another story listed under a "READ MORE:" line: Title Case, no sentence end.
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line)]
    if not words or line.endswith((".", '"')) or len(line) > 160:
        return False
    capital = sum(1 for w in words if w[0].isupper())
    return capital >= 0.6 * len(words)


def derive_title(body: str, max_words: int = 14) -> str:
    """The start of the first sentence, for an article without a headline."""
    first = body.split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", first, maxsplit=1)[0].strip()
    words = sentence.split()
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "..."
    return sentence.rstrip(".")


def clean_text_article(text: str, title: str | None = None) -> Cleaned:
    """Normalize a plain-text article: find its headline, drop furniture, keep the body's paragraphs.

    `title`, when given (JSON metadata, a web page's headline), is the headline; lines repeating it are dropped.
    """
    paras = paragraphs(normalize_text(text))
    given = fold_line(normalize_text(title)) if title else None
    headline = given
    body: list[str] = []
    after_link_line = False
    for i, line in enumerate(paras):
        if headline is None:
            if is_furniture(line) or (_is_section_label(line) and i + 1 < len(paras)):
                continue
            if _looks_like_headline(line) and i + 1 < len(paras):
                headline = line
                continue
            headline = ""  # no headline line: the title is derived from the body
        if headline and line.lower() == headline.lower():
            continue  # the headline repeated at the top of the body
        if is_furniture(line):
            after_link_line = bool(_FURNITURE_PREFIX.match(line))
            continue
        if after_link_line and _is_link_title(line):
            continue  # more titles of the related-stories list
        after_link_line = False
        if len(line.split()) == 1 and not line.endswith(_TERMINAL):
            continue  # a lone word between paragraphs: a photo credit, a widget label
        body.append(line)
    # A trailing one-word line ("Sputnik", "Discuss") left after the last paragraph is a credit or widget.
    while body and len(body[-1].split()) <= 2 and not body[-1].endswith(_TERMINAL):
        body.pop()
    body_text = "\n\n".join(body)
    if headline:
        return Cleaned(headline, False, body_text)
    return Cleaned(derive_title(body_text) or "(untitled)", True, body_text)
