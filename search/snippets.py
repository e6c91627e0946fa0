"""Highlighted snippets: up to three fragments of the body around the query's words, HTML-escaped, matches
in <mark>.

The fragments are Whoosh's (`ContextFragmenter`, `BasicFragmentScorer`, top 3 in text order); `snippet`
computes the same fragments without running the analyzer and fragmenter over every word of a hit's body:
only the distinct words are stemmed, and only the words near a match are looked at.
"""

from __future__ import annotations

import functools
import heapq
import re
import threading
from dataclasses import dataclass
from html import escape
from itertools import accumulate, compress, count

from whoosh import highlight
from whoosh import query as wq
from whoosh.analysis import tokenizers

SNIPPET_CHARS = 240  # the longest fragment
SURROUND = 60  # context kept before the first and after the last match of a fragment
FRAGMENTS = 3
BETWEEN = " ... "
HIGHLIGHT_FIELDS = ("body", "title", "names")
MAX_KEPT_WORDS = 500_000  # distinct words of bodies whose terms are kept (a generation's vocabulary, bounded)


class MarkFormatter(highlight.HtmlFormatter):
    """Matched words in a bare <mark>; everything else escaped."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=BETWEEN)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"


class SnippetAnalyzer:
    """The body analyzer's parts, for finding the words to mark without running the analyzer over the
    whole body: `fused` when it is tokenizer | lowercase | stop | stem (what the index is built with)."""

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer
        items = list(getattr(analyzer, "items", ()))
        kinds = [type(i).__name__ for i in items]
        self.fused = kinds == ["RegexTokenizer", "LowercaseFilter", "StopFilter", "StemFilter"] and not items[0].gaps
        if self.fused:
            tok, _low, stop, stem = items
            self.finditer = tok.expression.finditer
            # The same pattern as one group: `split` gives gap, word, gap, ... (no match object per word).
            whole = re.compile(f"({_uncaptured(tok.expression.pattern)})", tok.expression.flags)
            default = (tok.expression.pattern, tok.expression.flags) == (_DEFAULT.pattern, _DEFAULT.flags)
            self.split = split_words if default else whole.split
            self.fused = whole.groups == 1 and whole.fullmatch("") is None
            self.stops, self.min, self.max = stop.stops, stop.min, stop.max
            self.stem, self.ignore = stem._stem, stem.ignore
            self.key = functools.lru_cache(maxsize=200_000)(self.key)  # type: ignore[method-assign] # words recur
        self._seen: set[str] = set()  # every word seen (see `matching`)
        self._words_of: dict[str, set[str]] = {}  # term -> the words seen with it
        self._lock = threading.Lock()

    def matching(self, words: set[str], terms: frozenset[str]) -> dict[str, str]:
        """Which of `words` are highlighted for `terms`, each with its term. A word is stemmed the first
        time it is seen, and the words of each term are kept, so that a text's words (hundreds, for a
        query's few terms) are looked up with set operations rather than one by one."""
        with self._lock:
            new = words - self._seen
            if len(self._seen) + len(new) > MAX_KEPT_WORDS:
                self._seen.clear()
                self._words_of.clear()
                new = words
            self._seen |= new
            for w in new:
                self._words_of.setdefault(self.key(w), set()).add(w)
            return {w: t for t in terms if t in self._words_of for w in self._words_of[t] & words}

    def key(self, word: str) -> str:
        """The term a word of the text is highlighted as (a stop word keeps its lower-case form)."""
        text = word.lower()
        if len(text) >= self.min and (self.max is None or len(text) <= self.max) and text not in self.stops:
            return text if text in self.ignore else self.stem(text)
        return text


_DEFAULT = tokenizers.default_pattern  # Whoosh's `[\w\*]+(\.?[\w\*]+)*`
# The same words: a run of word characters is already taken whole, so the optional dot only adds backtracking
# at each word's end; and on ASCII text `\w` is [A-Za-z0-9_] with or without re.ASCII (a third faster in all).
_WORDS = re.compile(r"([\w\*]+(?:\.[\w\*]+)*)")
_ASCII_WORDS = re.compile(_WORDS.pattern, re.ASCII)


def split_words(text: str) -> list[str]:
    """`text` split by Whoosh's default token pattern: gap, word, gap, word, ..., gap."""
    return (_ASCII_WORDS if text.isascii() else _WORDS).split(text)


def _uncaptured(pattern: str) -> str:
    """`pattern` with its plain groups `(` made non-capturing `(?:` (the same matches)."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


def _terms(q: wq.Query) -> frozenset[str]:
    """The query's words in the highlighted fields. A page's snippets all ask for the same query (one object:
    search/query.py keeps parsed queries), so the last query's words are kept."""
    global _last
    last_q, terms = _last
    if last_q is not q:
        terms = frozenset(text for fieldname, text in q.iter_all_terms()
                          if fieldname in HIGHLIGHT_FIELDS and isinstance(text, str))
        _last = (q, terms)  # one assignment: another thread sees the old pair or the new one
    return terms


_last: tuple[wq.Query | None, frozenset[str]] = (None, frozenset())


def query_terms(q: wq.Query | None) -> frozenset[str]:
    """The words `snippet` marks for `q` (none: the body's start is shown)."""
    return _terms(q) if q is not None else frozenset()


def plain_snippet(body: str) -> str:
    """The start of the body, escaped, for results without query words."""
    text = " ".join(body.split())
    if len(text) <= SNIPPET_CHARS:
        return escape(text)
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return escape(cut) + " ..."


def snippet(analyzer: SnippetAnalyzer, body: str, q: wq.Query | None) -> str:
    """Up to three fragments of `body` around the query's words, as safe HTML."""
    if q is None:
        return plain_snippet(body)
    terms = _terms(q)
    if not terms:
        return plain_snippet(body)
    text = " ".join(body.split())
    if analyzer.fused:
        out = _fast_highlight(text, terms, analyzer)
    else:
        out = highlight.highlight(text, terms, analyzer.analyzer,
                                  highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SURROUND),
                                  MarkFormatter(), top=FRAGMENTS)
    return out or plain_snippet(body)


def _fast_highlight(text: str, terms: frozenset[str], analyzer: SnippetAnalyzer) -> str:
    """`whoosh.highlight.highlight` with ContextFragmenter, BasicFragmentScorer and MarkFormatter, same
    output: the words are found with one regex split (no match object per word), each distinct word is
    stemmed once, and the fragmenter's state machine is replayed only from a little before each match."""
    # Whoosh's fragmenter stops at the first word ending past DEFAULT_CHARLIMIT: no need to look further.
    limit = text.find(" ", highlight.DEFAULT_CHARLIMIT)
    parts = analyzer.split(text if limit < 0 else text[:limit])  # gap, word, gap, word, ..., gap
    groups = parts[1::2]
    key_of = analyzer.matching(set(groups), terms)
    if not key_of:
        return ""
    ends = list(accumulate(map(len, parts)))
    words = Words(ends[0:-1:2], ends[1::2])
    matched = list(compress(count(), map(key_of.__contains__, groups)))
    frags = _fragments(words, matched, set(matched), highlight.DEFAULT_CHARLIMIT)
    scored = []
    for start, end, hits in frags:
        scored.append((len(hits) * (len({key_of[groups[i]] for i in hits}) * 100 or 1), start, end, hits))
    best = sorted(heapq.nlargest(FRAGMENTS, scored, key=lambda f: (f[0], f[1])), key=lambda f: f[1])
    return BETWEEN.join(_format(text, words, start, end, hits) for _score, start, end, hits in best)


@dataclass(frozen=True)
class Words:
    """Where each word of a text starts and ends (character offsets)."""

    starts: list[int]
    ends: list[int]


def _fragments(words: Words, matched: list[int], is_match: set[int], charlimit: int) -> list[tuple]:
    """ContextFragmenter.fragment_tokens replayed: (startchar, endchar, matched word indices) per fragment.

    Outside a fragment only the words within SURROUND characters before the next match matter (they
    set where it starts), so the replay jumps from match to match. Whoosh's quirk is kept: when a
    fragment's countdown ends at exactly 0, the next word, unless it matches, is swallowed (it becomes an
    empty fragment, which scores 0) instead of starting the next fragment's context."""
    out = []
    starts, ends = words.starts, words.ends
    n = len(starts)
    i = 0  # first word after the last fragment
    for j in matched:
        if j < i:
            continue  # inside the previous fragment
        if ends[j] > charlimit:
            break
        first = None
        if j > i:
            lim = ends[j - 1] - SURROUND
            k = j - 1
            while k >= i and starts[k] >= lim:
                first = starts[k]
                k -= 1
        length = ends[j] - starts[j]
        if length > SNIPPET_CHARS:  # Whoosh emits a fragment without matches here, which scores 0
            i = j + 1
            continue
        countdown = SURROUND - length
        if first is None:
            first = starts[j]
            countdown += SURROUND
        hits = [j]
        current = length
        k = j
        while countdown > 0:
            k += 1
            if k == n:
                out.append((first, ends[n - 1], hits))
                return out
            length = ends[k] - starts[k]  # the last word is the one crossing charlimit, where Whoosh stops too
            if current + length > SNIPPET_CHARS:
                countdown = 0
            elif k in is_match:
                countdown = SURROUND
                hits.append(k)
            current += length
            countdown -= length
        out.append((first, ends[k], hits))
        i = k + 1
        if countdown == 0 and i < n and i not in is_match:
            i += 1
    return out


def _format(text: str, words: Words, start: int, end: int, hits: list[int]) -> str:
    out = []
    index = start
    for k in hits:
        s, e = words.starts[k], words.ends[k]
        if s < index:
            continue
        if s > index:
            out.append(escape(text[index:s], quote=False))
        out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        index = e
    out.append(escape(text[index:end], quote=False))
    return "".join(out)


def mark_all(analyzer: SnippetAnalyzer, text: str, q: wq.Query | None) -> str:
    """All of `text`, escaped, with every word the query matches in <mark> (the article page of a search)."""
    terms = _terms(q) if q is not None else frozenset()
    if not terms or not analyzer.fused:
        return escape(text, quote=False)
    out = []
    index = 0
    for m in analyzer.finditer(text):
        if analyzer.key(m.group(0)) in terms:
            s, e = m.span()
            out.append(escape(text[index:s], quote=False))
            out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
            index = e
    out.append(escape(text[index:], quote=False))
    return "".join(out)
