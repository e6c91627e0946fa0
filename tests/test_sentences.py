"""The product's one sentence splitter (archive.sentences, pysbd)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pysbd
import pytest

from archive.sentences import _POSSIBLE_END, _attach_fragments, split_sentences

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
