"""The product's one sentence splitter (archive.sentences, pysbd)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pysbd
import pytest
from pysbd.lang.english import English

from archive.sbd_abbreviations import ASCII_CASE_TWINS, FastEnglish
from archive.sentences import _POSSIBLE_END, _attach_fragments, _certain_cuts, _PatternCache, split_sentences

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "reuters-dev.jsonl.gz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Treasury said on Jan. 5 that Gen. Motors Corp. would pay. It did.",
            ["The U.S. Treasury said on Jan. 5 that Gen. Motors Corp. would pay.", "It did."],
        ),
        (
            "Shares of XYZ Corp. rose 5 pct. Analysts said Mr. Smith of Acme Inc. was wrong.",
            ["Shares of XYZ Corp. rose 5 pct.", "Analysts said Mr. Smith of Acme Inc. was wrong."],
        ),
        ("Prices fell in the U.S. The dollar rose.", ["Prices fell in the U.S.", "The dollar rose."]),
        (
            'North American-made cars. "It is over," he said. Then he left.',
            ["North American-made cars.", '"It is over," he said.', "Then he left."],
        ),
        (
            "The talks lasted 2.5 hours.\n\nA new paragraph, without an end",
            ["The talks lasted 2.5 hours.", "A new paragraph, without an end"],
        ),
    ],
)
def test_abbreviations_decimals_quotes_and_paragraphs(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.skipif(not DATA.is_file(), reason="shared Reuters data absent")
def test_the_shortcut_answers_what_pysbd_answers_on_real_wire_paragraphs() -> None:
    """A paragraph with no possible end inside is not given to pysbd: it answers one sentence (once a
    closing quote it cuts off is joined back), rarely a cut without a space, which is no sentence end."""
    seg = pysbd.Segmenter(language="en", clean=False)
    paras: list[str] = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line, _ in zip(f, range(400), strict=False):
            body = json.loads(line)["body"]
            paras += [" ".join(p.split()) for p in body.split("\n    ") if p.strip()]
    shortcut = [p for p in paras if not _POSSIBLE_END.search(p)]
    assert len(shortcut) > 500  # most wire paragraphs: the shortcut matters
    differ = 0
    for p in shortcut:
        assert split_sentences(p) == [p]
        pieces = _attach_fragments(seg.segment(p))
        if pieces != (p,):
            # pysbd's only other answer: a cut with no space ("Association.<ICGS.L>."), not a sentence end
            assert "".join(pieces) == p
            differ += 1
    assert differ <= len(shortcut) // 100


def test_a_huge_paragraph_is_split_in_linear_time() -> None:
    """pysbd is quadratic in a paragraph's length: a long one is given to it in pieces."""
    para = "".join(f"Grain shipments rose in week {i} as the port cleared its backlog. " for i in range(4000))
    para += "The U.S. Treasury said so."
    got = split_sentences(para)
    assert len(got) == 4001 and got[-1] == "The U.S. Treasury said so."
    assert all(s.endswith(".") for s in got)


@pytest.mark.parametrize(
    ("para", "pieces"),
    [
        ("Profits rose, it said. The company gained.", ["Profits rose, it said.", "The company gained."]),
        # pysbd's own abbreviations, initials and roman numerals are not certain ends
        ("Oil, grain etc. The rest is due.", ["Oil, grain etc. The rest is due."]),
        ("Clause ii. The parties agree.", ["Clause ii. The parties agree."]),
        # inside quotes or brackets pysbd never cuts
        (
            '"Prices fell. They will rise," he said. Then he left.',
            ['"Prices fell. They will rise," he said.', "Then he left."],
        ),
        ("Sales (up from last year. Analysts agree) grew.", ["Sales (up from last year. Analysts agree) grew."]),
        ("TOPPING.....15.63 cents. CRACKING.....18.42", ["TOPPING.....15.63 cents. CRACKING.....18.42"]),
    ],
)
def test_a_paragraph_is_cut_first_only_where_pysbd_certainly_cuts(para: str, pieces: list[str]) -> None:
    assert _certain_cuts(para) == pieces


@pytest.mark.skipif(not DATA.is_file(), reason="shared Reuters data absent")
def test_the_savings_answer_what_a_stock_pysbd_answers_on_real_wire_paragraphs() -> None:
    """The certain cuts and the sentences found back with str.find change no sentence: every paragraph
    of 600 real articles with a possible end inside, against pysbd's own segmenter."""
    stock = pysbd.Segmenter(language="en", clean=False)
    paras: list[str] = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line, _ in zip(f, range(600), strict=False):
            body = json.loads(line)["body"]
            paras += [" ".join(p.split()) for p in body.split("\n    ") if _POSSIBLE_END.search(p)]
    assert len(paras) > 500
    assert sum(len(_certain_cuts(p)) > 1 for p in paras) > len(paras) // 3  # the cuts matter
    for p in paras:
        assert split_sentences(p) == list(_attach_fragments(stock.segment(p))), p


def test_the_pattern_cache_answers_as_re_does() -> None:
    cache = _PatternCache()
    text = "Gen. Motors Corp. said. The U.S. Treasury"
    assert cache.sub(r"(?<=\sCorp)\.", "#", text, flags=re.IGNORECASE) == re.sub(
        r"(?<=\sCorp)\.", "#", text, flags=re.IGNORECASE
    )
    assert cache.findall(r"\b[A-Z]\w+", text) == re.findall(r"\b[A-Z]\w+", text)
    assert [m.span() for m in cache.finditer(r"\.", text)] == [m.span() for m in re.finditer(r"\.", text)]
    assert cache.split(r"\s+", text, maxsplit=2) == re.split(r"\s+", text, maxsplit=2)
    assert cache.compile(r"\.") is cache.compile(r"\.")


def _segmenters() -> tuple[pysbd.Segmenter, pysbd.Segmenter]:
    """pysbd's English and the product's (the faster abbreviation step), both as the splitter calls them."""
    stock = pysbd.Segmenter(language="en", clean=False)
    fast = pysbd.Segmenter(language="en", clean=False)
    fast.language_module = FastEnglish
    assert stock.language_module is English
    return stock, fast


@pytest.mark.parametrize(
    "para",
    [
        "Corp. said it would pay. Co. shares rose. ltd. fell.",  # abbreviation opening the paragraph
        "The company co. said the cocoa corp. deal, a co-op. venture. It closed.",  # inside words
        "He met Gen. Smith and Mr. Jones of Acme Corp.? Yes. They left etc.! Then Inc.: done.",  # end marks
        "The U.S. and u.s. officials met. E.g. this, e.g. that. i.e. the U.S.A. Inc. So Ph.D. holders left.",
        "CORP. and corp. and cOrP. rose. No. 5 and no. 7 and pp. 4-5 and Art. 3 of fig. 2. St. John arrived.",
        "Prof.Dr.phil. Smith, Mr.Smith and Dr. phil. Jones came. Jan. 5 and Feb. sales rose. It did.",
        "Shares of XYZ Corp.\u00a0rose. Corp.\tsaid so. The Co.\u2003unit left. It ended.",  # other white space
        "The {co} co. unit and {corp} Corp. Holders left. It ended.",  # pysbd's literal-brace pattern
        # characters re.IGNORECASE takes for an ASCII letter: dotless "\u0131nc." is pysbd's "inc." here
        "The \u0131nc. unit is incoming. It is.",
        "Kelvin \u212aY. and ky. and \u017ft. Louis, the first, and \u0130nc. went. It ended.",
        "Messrs. Smith and Jones v. Brown, vs. Green. Sen. Dole and Rep. Kemp said no. It ended.",
    ],
)
def test_the_fast_abbreviation_step_cuts_as_pysbd_on_odd_text(para: str) -> None:
    stock, fast = _segmenters()
    assert fast.segment(para) == stock.segment(para)


@pytest.mark.skipif(not DATA.is_file(), reason="shared Reuters data absent")
def test_the_fast_abbreviation_step_cuts_as_pysbd_on_real_wire_paragraphs() -> None:
    """Every paragraph of 500 real articles given whole to both (no shortcut before them), and the
    splitter's sentences of each article with either; `bench/abbreviation_check.py` does all 10,051
    articles, the shipped corpus and the 1,050 pages."""
    stock, fast = _segmenters()
    checked = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line, _ in zip(f, range(500), strict=False):
            body = json.loads(line)["body"]
            for p in body.splitlines():
                if _POSSIBLE_END.search(p.strip()):
                    assert fast.segment(p.strip()) == stock.segment(p.strip()), p
                    checked += 1
    assert checked > 600


def test_the_case_twins_of_ascii_letters_are_all_known() -> None:
    """The characters that `re.IGNORECASE` matches to an ASCII letter, or that lower-case to one, over
    all of Unicode: a paragraph holding one goes through pysbd's own loop."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    twins = {
        chr(cp)
        for cp in range(0x80, 0x110000)
        if letter.match(chr(cp)) or any(ch.isascii() for ch in chr(cp).lower())
    }
    assert twins == ASCII_CASE_TWINS
