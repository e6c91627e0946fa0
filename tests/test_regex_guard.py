"""The splitter's guarded rules (`archive.regex_guard`): a pysbd rule whose pattern cannot match is answered
without running it, and no sentence changes."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive import sentences
from archive.regex_guard import requirement

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "reuters-dev.jsonl.gz"

TRICKY = [
    "The U.S. Treasury said on Jan. 5 that Gen. Motors Corp. would pay. It did.",
    "Prices fell in the U.S. The dollar rose 2.5 pct. to 1.85 marks... Then it fell.",
    '"It is over," he said. "Really?" she asked! Then he left... and came back.',
    "J.R. Ewing and A. B. Smith of Acme Inc. met Mr. T. S. Eliot at 10.30 a.m. The talks ended at 5 p.m. Friday.",
    "Sales (up 3.1 pct. from last year) rose. See fig. 2 and No. 5. It ended . . . or not.",
    "1. First item. 2. Second item. 3. Third item.",
    "a) one b) two c) three. (iv) The clause. (v) The next.",
    "He read file.pdf and www.example.com and a@b.com. It was U.S.A. made. E.g. this, i.e. that.",
    "The \u201cBig Bang\u201d came. \u2018Yes,\u2019 he said. Oil rose \u2014 sharply. Done!? Sure?! Ok.",
    "Prof.Dr. Smith, St. Louis, Sen. Dole and Rep. Kemp said no. CORP. and corp. rose. It ended etc.",
    "TOPPING.....15.63 cents. CRACKING.....18.42 cents. Sheet 3 [12] says so. Then 4 [1, 2]. End.",
]


def _both_ways(text: str) -> tuple[list[str], list[str]]:
    cache = sentences.PATTERNS
    out = []
    try:
        for guarded in (False, True):
            cache.guarded = guarded
            sentences.paragraph_sentences.cache_clear()
            out.append(sentences.split_sentences(text))
    finally:
        cache.guarded = True
        sentences.paragraph_sentences.cache_clear()
    return out[0], out[1]


class _Witness:
    """Runs every call the guard answers through `re` as well and keeps any that matched there."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answered = 0
        self.wrong: list[tuple[str, str]] = []
        cache = sentences.PATTERNS
        plain_sub = cache.sub

        def sub(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
            compiled, sets = cache._entry(pattern, flags)
            if cache._cannot_match(sets, string):
                self.answered += 1
                if compiled.search(string):
                    self.wrong.append((compiled.pattern, string))
            return plain_sub(pattern, repl, string, count, flags)

        monkeypatch.setattr(cache, "sub", sub)


def _texts_checked(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> _Witness:
    witness = _Witness(monkeypatch)
    for text in texts:
        plain, guarded = _both_ways(text)
        assert guarded == plain, text[:200]
    return witness


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_splits_the_same_with_the_guard(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    witness = _texts_checked([text], monkeypatch)
    assert witness.answered > 0 and witness.wrong == []


def test_tricky_text_gives_the_sentences_a_reader_expects() -> None:
    assert sentences.split_sentences(TRICKY[0]) == [
        "The U.S. Treasury said on Jan. 5 that Gen. Motors Corp. would pay.",
        "It did.",
    ]
    assert sentences.split_sentences(TRICKY[1])[0] == "Prices fell in the U.S."


def test_the_shipped_corpus_splits_the_same_with_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    assert texts
    witness = _texts_checked(texts, monkeypatch)
    assert witness.answered > 100 and witness.wrong == []


def _reuters(n: int) -> Iterator[str]:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line, _ in zip(f, range(n), strict=False):
            yield json.loads(line)["body"]


@pytest.mark.skipif(not DATA.is_file(), reason="shared Reuters data absent")
def test_real_wire_articles_split_the_same_with_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 Reuters development articles; `bench/splitter_identity.py` does all texts there are."""
    witness = _texts_checked(list(_reuters(300)), monkeypatch)
    assert witness.answered > 10_000 and witness.wrong == []


@pytest.mark.parametrize(
    ("pattern", "sets"),
    [
        (r"♨", [("♨",)]),
        (r"(?<=\sCorp)\.", [("Corp",), (".",)]),  # the lookbehind's text too, consecutive letters whole
        (r"&ᓴ&$", [("&ᓴ&",)]),
        (r"(?<=\S)\.{3}(?=\.\s[A-Z])", [("...",), (".",)]),  # a fixed repeat spelt out
        (r"[。．.！!?？]", [("!", ".", "?", "。", "！", "．", "？")]),
        (r"\.(?='s\s)|\.(?='s$)", [("'s",), (".",)]),  # re takes the dot both branches open with out
        (r"a\.|(?='s)", [("'s", "a.")]),  # else the union of each branch's rarest set
        (r"x?y*(?!z)\s.", []),  # optional, negative and open parts require nothing
        (r"(?i)corp\.", [(".",)]),  # cased letters under IGNORECASE: their twins are re's business
        (r"(?:ab)+|c", [("ab", "c")]),
    ],
)
def test_the_requirement_takes_only_parts_a_match_cannot_skip(pattern: str, sets: list[tuple[str, ...]]) -> None:
    got = requirement(re.compile(pattern)).sets
    assert sorted(got) == sorted(sets)


def test_no_pattern_pysbd_uses_is_ruled_out_where_re_finds_a_match() -> None:
    """Every pattern the splitter met, against odd strings: whenever the guard rules a pattern out, re finds
    nothing either."""
    for text in TRICKY:
        sentences.split_sentences(text)
    odd = ["∯ ♨ ☝ &ᓴ& &ᓷ& ȸ ☉ ⁃ ...", "", " ", "a∯m∯ A", "\u212a\u0131\u017f."]
    strings = TRICKY + [t.upper() for t in TRICKY] + odd
    entries = list(sentences.PATTERNS._entries.values())
    assert len(entries) > 50
    for compiled, sets in entries:
        for s in strings:
            if sentences.PATTERNS._cannot_match(sets, s):
                assert compiled.search(s) is None, (compiled.pattern, s)
