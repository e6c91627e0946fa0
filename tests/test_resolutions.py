"""UN Security Council resolution citations: real forms found, other bodies and numbers ignored."""

from __future__ import annotations

import pytest

from indexer.resolutions import Resolution, find_resolutions

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
