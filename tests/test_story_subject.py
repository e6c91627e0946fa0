"""The subject check of indexer.dedupe: one template told of two subjects is two items (issue 16, eighth round)."""

from __future__ import annotations

import datetime

from archive.sentences import split_sentences
from bench.reuters_pairs import reuters_text
from indexer.dedupe import StoryIndex, thresholds
from indexer.fingerprints import facts
from tests.devdata import reuters_records

D = datetime.date

POSTING = (
    "{SHORT} RAISES CRUDE POSTINGS 50 CTS\n\n"
    "{name} said it raised the contract price it will pay for most grades of crude oil 50 cts a barrel, effective "
    "today.\n\n"
    "The increase brings {short}'s posted price for the U.S. benchmark grade West Texas Intermediate to {wti} dlrs a "
    "barrel. Light Louisiana Sweet was also raised 50 cts to 17.85 dlrs a barrel.\n\n"
    "{short} last changed its crude postings on March 4, and brings its price in line with other major companies, "
    "which have been raising prices steadily in recent weeks.\n\n"
    "Earlier today, {other} also said it raised its crude postings 50 cts a barrel, bringing its contract price for "
    "WTI to 17.50 dlrs a barrel."
)


def posting(name: str, other: str, wti: str = "17.50") -> str:
    short = name.split()[0]
    return POSTING.format(SHORT=short.upper(), name=name, short=short, other=other, wti=wti)


def relations(docs: dict[str, tuple[str, datetime.date]]) -> set[tuple[str, str]]:
    idx = StoryIndex()
    for aid, (text, date) in docs.items():
        idx.add(aid, text, date)
    return {(r.a, r.b) for r in idx.relations()}


def test_one_posting_template_of_two_companies_is_two_items_and_a_correction_is_one() -> None:
    day = D(1987, 3, 12)
    docs = {
        "sun": (posting("Sun Co", "Phillips Petroleum"), day),
        "unocal": (posting("Unocal Corp", "Sun Co"), day),  # names the other company, in its body only
        "sun-c": (posting("Sun Co", "Phillips Petroleum", wti="17.55"), day),  # one figure corrected
    }
    with thresholds.without_eighth_round():
        before = relations(docs)
    assert ("sun", "unocal") in before  # the other tests pass them: the check is what parts them
    now = relations(docs)
    assert ("sun", "unocal") not in now and ("sun-c", "unocal") not in now
    assert ("sun", "sun-c") in now


def test_versions_naming_the_subject_otherwise_in_the_lead_stay_one_story() -> None:
    body = (
        " said that he opposes a Federal tax increase to help reduce the budget deficit and favors spending cuts "
        "instead.\n\nBaker told the Senate Finance Committee that the administration would fight any tax rise this "
        "year.\n\nHe said the economy was growing and that revenues would rise without new taxes, aides said."
    )
    docs = {"a": ("U.S. Treasury Secretary James Baker" + body, D(1987, 3, 20)),
            "b": ("Treasury Secretary James Baker" + body, D(1987, 3, 20))}
    assert relations(docs) == {("a", "b")}


def lead(text: str) -> list[int]:
    return facts(split_sentences(text)).lead.tolist()


def test_the_lead_is_the_first_prose_sentence_and_its_subject_a_name() -> None:
    sun = lead("Sun Co said it raised the price of crude oil by a dollar. It was Sun's second rise.")
    assert sun and lead(posting("Sun Co", "Phillips Petroleum"))[0] == sun[0]  # the headline skipped: "Sun"
    grumman = lead("The Grumman Space Systems division of Grumman Corp is being awarded a large contract.")
    assert grumman and grumman[0] == lead("It said that Grumman won the work in a long contest.")[0]
    # an earnings table has no lead; a dateline is read past
    assert not lead("PETER MILLER 3RD QTR LOSS\n\nShr loss 28 cts vs profit seven cts\n\nNet loss 931,000 vs 7,000")
    dated = lead("HOUSTON , March 12\n\nSun Co said it raised its crude prices. It was Sun's second rise this month.")
    assert dated and dated[0] == sun[0]
    # a word opening the lead is a name only where the text writes it capitalised inside a sentence too
    assert not lead("Negotiations on a new rubber pact are approaching the make-or-break point, delegates said.")
    assert not lead("Grumman Corp said it won a large Navy contract for new planes.")


def test_real_formula_items_of_two_companies_are_apart() -> None:
    """Two pairs of the Reuters development set read in earlier rounds as two items each: Sun's and Unocal's crude
    postings raised the same day, Lockheed's and Grumman's SDI contracts (the second names Lockheed in its body)."""
    texts = {}
    for rec in reuters_records():
        if rec["id"] in (4453, 4576, 6854, 6857):
            texts[f"r{rec['id']}"] = (reuters_text(rec), D.fromisoformat(rec["date"][:10]))
    with thresholds.without_eighth_round():
        before = relations(texts)
    assert {("r4453", "r4576"), ("r6854", "r6857")} <= before
    assert not relations(texts)
