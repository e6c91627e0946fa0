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


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, each stripped; every line is a paragraph."""
    out: list[str] = []
    for line in text.splitlines():
        para = line.strip()
        if para:
            out.extend(paragraph_sentences(para))
    return out


@lru_cache(maxsize=65_536)
def paragraph_sentences(para: str) -> tuple[str, ...]:
    """The sentences of one paragraph (a single line of text), in order, stripped."""
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
