"""The one sentence splitter of the product: pysbd (rule-based sentence boundary disambiguation).

Used wherever text is cut into sentences: de-duplication fingerprints (`indexer.fingerprints`) and the
story page's shared and own sentences (`search.stories`). pysbd knows abbreviations ("U.S.", "Corp.",
"Jan.", "Gen.", "Mr."), initials, decimals and quotes, which a regex over ". " does not: the regex this
replaces cut "the U.S. Treasury" into two fragments and counted them as sentences.

Every line of the text is a paragraph; a sentence never crosses one. pysbd is slow (about 30 us a
word, most of it compiling regular expressions per call), so a paragraph with no possible boundary
inside it (no ".", "!" or "?" followed by a space and more text) is one sentence without asking it:
that is what pysbd answers for such a paragraph, but for a rare cut with no space after it
("Association.<ICGS.L>.", tests/test_sentences.py), and most wire paragraphs are one sentence.
Paragraphs recur (copies, corrections), so answers are cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

# A possible sentence end inside a paragraph: end punctuation, closing quotes or brackets, a space,
# then more text. Without one the paragraph is one sentence whatever the splitter would say.
_POSSIBLE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+\S")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
# pysbd builds its regular expressions on every call (one per abbreviation it checks, some from the text's
# own words): over 4,000 distinct patterns in 300 wire articles, where the re module caches 512, so nearly
# every call compiled them again. A larger cache (compiled patterns are small): 17 -> 10-13 CPU ms per
# generated article (bench/README.md, "Issue 18, second round"), the same sentences.
re._MAXCACHE = max(getattr(re, "_MAXCACHE", 0), 8192)  # type: ignore[attr-defined]


# pysbd is quadratic in a paragraph's length (it finds every sentence again in the whole text): a longer
# paragraph is given to it in pieces of about this many characters, cut at possible sentence ends. A 50 MB
# article of one paragraph is then linear; a cut may split after an abbreviation once per piece.
MAX_PIECE_CHARS = 5_000


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, each stripped; every line is a paragraph."""
    out: list[str] = []
    for line in text.splitlines():
        para = line.strip()
        if not para:
            continue
        for piece in _pieces(para):
            out.extend(paragraph_sentences(piece))
    return out


def _pieces(para: str) -> list[str]:
    """The paragraph cut at possible sentence ends into pieces of about MAX_PIECE_CHARS at most."""
    if len(para) <= MAX_PIECE_CHARS:
        return [para]
    out: list[str] = []
    start = 0
    while len(para) - start > MAX_PIECE_CHARS:
        m = _POSSIBLE_END.search(para, start + MAX_PIECE_CHARS // 2)
        if m is None:
            break
        cut = m.end() - 1  # the first character of the next sentence
        out.append(para[start:cut].strip())
        start = cut
    out.append(para[start:].strip())
    return [p for p in out if p]


@lru_cache(maxsize=65_536)
def paragraph_sentences(para: str) -> tuple[str, ...]:
    """The sentences of one paragraph (a single line of text, or a piece of a long one), stripped."""
    if not _POSSIBLE_END.search(para):
        return (para,)
    return _attach_fragments(_SEGMENTER.segment(para)) or (para,)


def _attach_fragments(pieces: list[str]) -> tuple[str, ...]:
    """Stripped sentences, a piece without a letter or digit (pysbd cuts a closing quote off as
    'bpd.' + '"') joined to the sentence before it."""
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not any(c.isalnum() for c in piece):
            out[-1] += piece
        else:
            out.append(piece)
    return tuple(out)
