"""UN Security Council resolution citations: real forms found, other bodies and numbers ignored."""

from __future__ import annotations

import json

import pytest

from app import create_app
from bench.resolutions_bench import found_in_sentence, load_rows, score
from indexer import build, resolutions
from indexer.resolutions import Resolution, find_citations, find_resolutions

# (sentence, expected [(number, year or None)]) -- written for these tests in the styles news and UN texts use
CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("The group was listed under resolution 1267 (1999) of the Security Council.", [("1267", "1999")]),
    (
        "Sanctions imposed by Security Council resolutions 1267 (1999) and 1989 (2011) remain in force.",
        [("1267", "1999"), ("1989", "2011")],
    ),
    (
        "Recalling its resolutions 1267 (1999), 1333 (2000), 1390 (2002) and 2253 (2015), the Council "
        "decided...",
        [("1267", "1999"), ("1333", "2000"), ("1390", "2002"), ("2253", "2015")],
    ),
    ("Tehran says the deal, endorsed by UNSCR 2231, has been violated.", [("2231", None)]),
    (
        "NATO's action plan on women, peace and security builds on SCR 1820 and SCR 1325.",
        [("1820", None), ("1325", None)],
    ),
    ("States must criminalise terrorist financing as required by S/RES/1373 (2001).", [("1373", "2001")]),
    (
        "The ship was seized for violating UN Security Council Resolution No. 2397 on refined petroleum.",
        [("2397", None)],
    ),
    (
        "Both sides pledged to honour Resolution 2396 of the UN Security Council (UNSC) on returning "
        "fighters.",
        [("2396", None)],
    ),
    (
        "India asked to list him under the UN Security Council Resolution 1267 Committee process.",
        [("1267", None)],
    ),
    ("The United Nations Security Council adopted resolution 2231 on 20 July 2015.", [("2231", None)]),
    ("Under UNSC Resolution 1540, states must prevent proliferation to non-state actors.", [("1540", None)]),
    (
        "The Security Council on Friday unanimously adopted Resolution 2334, condemning settlements.",
        [("2334", None)],
    ),
    ("Security Council resolution 242 of 1967 called for withdrawal.", [("242", None)]),
    (
        "The measures in UNSCRs 1718, 1874 and 2094 were tightened.",
        [("1718", None), ("1874", None), ("2094", None)],
    ),
    ("The resolution, numbered 2467, was adopted by the Security Council after long talks.", []),
    ("The General Assembly adopted resolution 68/262 on the territorial integrity of Ukraine.", []),
    ("The UN General Assembly passed resolution 377 by a large majority.", []),
    ("The House passed Resolution 24 condemning the attack, with 232 votes.", []),
    ("Senate Resolution 120 was introduced by two senators in March.", []),
    ("The Security Council met at its 8395th meeting in 2018 to discuss the situation.", []),
    ("The board adopted resolution 12 at the shareholders' meeting in 1999.", []),
    ("They resolved to hold Pakistan to account for its obligations under UN resolutions.", []),
    ("The Council's 2019 resolution on Libya was vetoed by Russia.", []),
    ("In 1999 the Security Council voted 14 to 0 for the peacekeeping mission.", []),
    (
        "Security Council resolution 1441 (2002) gave Iraq a final opportunity; resolution 678 (1990) had "
        "authorised force.",
        [("1441", "2002"), ("678", "1990")],
    ),
    ("The council adopted resolution 2170 (2014) against ISIL and the Nusra Front.", [("2170", "2014")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_cases(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    got = find_resolutions(sentence)
    assert sorted((r.number, r.year) for r in got) == sorted(expected)


def test_distinct_and_year_kept() -> None:
    text = (
        "Resolution 1267 (1999) of the Security Council created a committee. "
        "The Security Council resolution 1267 "
        "committee lists individuals."
    )
    assert find_resolutions(text) == [Resolution("1267", "1999")]


def test_order_of_first_mention() -> None:
    text = "UNSCR 2231 replaced the earlier measures; see also S/RES/1737 (2006)."
    assert [r.number for r in find_resolutions(text)] == ["2231", "1737"]


def test_label() -> None:
    assert Resolution("1267", "1999").label() == "1267 (1999)"
    assert Resolution("2231", None).label() == "2231"


# ---------------------------------------------------------------- real sentences (tests/data/resolution_sentences.tsv)

ROWS = load_rows()


def test_sentence_set_is_real_and_split() -> None:
    assert len(ROWS) >= 150
    assert all(r.url.startswith(("http://", "https://")) and r.sentence for r in ROWS)
    halves = {h: [r for r in ROWS if r.half == h] for h in ("tune", "heldout")}
    assert min(len(v) for v in halves.values()) >= 50
    # negatives of every kind the issue names are in the set
    negatives = " ".join(r.sentence for r in ROWS if not r.expected)
    for form in ("A/RES/", "60/288", "(XV)", "H. Res.", "S/PRST/", "S/2019/", "th meeting", "Human Rights Council"):
        assert form in negatives, form


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.half}-{i}" for i, r in enumerate(ROWS)])
def test_no_false_citation(row) -> None:
    """Precision 1.0 on every real sentence: nothing found that the sentence does not cite."""
    got = {n for n, _ in found_in_sentence(resolutions, row)}
    assert got <= {n for n, _ in row.expected}


@pytest.mark.parametrize(("half", "floor"), [("tune", 0.97), ("heldout", 0.97)])
def test_recall_on_real_sentences(half: str, floor: float) -> None:
    s = score(resolutions, [r for r in ROWS if r.half == half])
    assert s.fp == 0
    assert s.recall >= floor, "\n".join(s.errors)


def test_year_of_every_found_citation_is_the_one_the_text_gives() -> None:
    assert score(resolutions, ROWS).year_wrong == 0


# ---------------------------------------------------------------- citation forms, one per rule

@pytest.mark.parametrize(("text", "expected"), [
    # a date instead of a year, and two such citations joined by "and"
    ("The Council acted under resolution 1267 of 15 October 1999 and resolution 1333 of 19 December 2000.",
     ["1267 (1999)", "1333 (2000)"]),
    # the noun, a comma, then the numbers
    ("The first two Security Council Resolutions, 1267 and 1333 (2000), were adopted a year apart.",
     ["1267", "1333 (2000)"]),
    # "(all 1990)" gives its year to every number before it
    ("After reaffirming resolutions 660, 661 and 678 (all 1990) and 686 (1991), the Council set terms.",
     ["660 (1990)", "661 (1990)", "678 (1990)", "686 (1991)"]),
    # "in particular" between the noun and its list; a month glued to its day does not end the list
    ("Recalling its previous resolutions, in particular 2359 (2017) and 2100 (2013), the Council acted.",
     ["2359 (2017)", "2100 (2013)"]),
    ("Recalling its resolutions 707 (1991) of 15 August 1991, 715 (1991) of 11October 1991, and 986 (1995),",
     ["707 (1991)", "715 (1991)", "986 (1995)"]),
    # a General Assembly resolution with a Roman-numeral session is not the Council's
    ("The Council recalled resolution 2758 (XXVI) and its resolution 2231 (2015).", ["2231 (2015)"]),
])
def test_citation_forms(text: str, expected: list[str]) -> None:
    assert [r.label() for r in find_resolutions(text)] == expected


def test_capitalised_resolution_takes_the_council_from_its_paragraph() -> None:
    text = ("The Security Council's sanctions committee met on Monday.\n\n"
            "Under Resolution 2397 states may seize ships.")
    assert [r.number for r in find_resolutions(text)] == ["2397"]
    assert find_resolutions("Under Resolution 2397 states may seize ships.") == []
    house = "The Security Council met.\n\nThe House passed Resolution 24 on Tuesday."
    assert find_resolutions(house) == []


def test_citations_carry_their_own_year_and_position() -> None:
    text = "Resolution 425 (1978) set up the force; resolution 425 is still in force."
    cites = find_citations(text)
    assert [(c.number, c.year) for c in cites] == [("425", "1978"), ("425", None)]
    assert [text[c.start:c.start + 3] for c in cites] == ["425", "425"]
    assert find_resolutions(text) == [Resolution("425", "1978")]


def test_year_given_by_a_date_shows_in_the_facet_label(tmp_path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    body = ("The Security Council listed the group under resolution 1267 of 15 October 1999, its committee said. "
            "The group denies any link.")
    (corpus / "a.jsonl").write_text(json.dumps({"title": "Group listed", "body": body}) + "\n", encoding="utf-8")
    build.rebuild(corpus, ix)
    client = create_app({"INDEX_DIR": str(ix), "CORPUS_DIR": str(corpus)}).test_client()
    facet = client.get("/api/search").get_json()["facets"]["resolution"]
    assert [(v["value"], v.get("label")) for v in facet] == [("1267", "1267 (1999)")]
