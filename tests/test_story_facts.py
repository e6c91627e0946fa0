"""The facts veto of indexer.dedupe: one template with other facts is not one story (issue 16)."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import numpy as np

from archive.sentences import split_sentences
from indexer import build
from indexer.dedupe import StoryIndex
from indexer.fingerprints import facts

D = datetime.date

BOND = (
    "{ISSUER} ISSUES {AMOUNT} MLN DLR EUROBOND\n\n"
    "{Issuer} is issuing a {amount} mln Australian dlr eurobond due April {day}, 1992 paying {coupon} pct "
    "and priced at 101 pct, lead manager Swiss Bank Corp International said.\n\n"
    "The non-callable bond is guaranteed by the parent company and will be listed in Luxembourg. The "
    "selling concession is 1-3/8 pct while management and underwriting combined pays 5/8 pct.\n\n"
    "Denominations are 1,000 and 10,000 Australian dlrs and the payment date is April {day}."
)


def bond(issuer: str, amount: int, day: int, coupon: str) -> str:
    return BOND.format(ISSUER=issuer.upper(), Issuer=issuer, AMOUNT=amount, amount=amount, day=day, coupon=coupon)


def relations(docs: dict[str, tuple[str, datetime.date | None]]) -> set[tuple[str, str, str]]:
    idx = StoryIndex()
    for aid, (text, date) in docs.items():
        idx.add(aid, text, date)
    return {(r.a, r.b, r.kind) for r in idx.relations()}


class NoVeto(StoryIndex):
    """The index without the facts veto, to show that a test's texts do pass the other tests."""

    def facts_differ(self, a: int, b: int) -> bool:
        return False


ISSUERS = [
    ("General Motors Acceptance Corp Australia", 50, 6, "14-1/2"),
    ("Brierley Investments Ltd", 100, 8, "15"),
    ("Commonwealth Bank of Australia", 75, 9, "14-3/4"),
    ("Lucas Industries Inc", 40, 10, "15-1/4"),
    ("Federal Realty Investment Trust", 60, 13, "14-5/8"),
    ("Toyota Motor Credit Corp", 120, 14, "14-7/8"),
]


def test_bond_issues_of_other_issuers_stay_apart_but_a_correction_joins() -> None:
    docs = {name.split()[0]: (bond(*row), D(1987, 3, 5)) for row in ISSUERS for name in [row[0]]}
    gmac = docs["General"][0]
    docs["fix"] = (gmac.replace("14-1/2", "14-3/4") + "\n\nThis corrects the coupon.", D(1987, 3, 5))
    plain = NoVeto()
    for aid, (text, date) in docs.items():
        plain.add(aid, text, date)
    # the template alone makes the issues near-duplicates: the test is not vacuous
    assert ("Brierley", "General", "duplicate") in {(r.a, r.b, r.kind) for r in plain.relations()}
    assert relations(docs) == {("General", "fix", "duplicate")}


FUND = (
    "FRANKLIN {NAME} TAX-FREE SETS PAYOUT\n\n"
    "Mthly div 7.1 cts vs 7.1 cts prior\n\nPay March 31\n\nRecord March 16\n\n"
    "NOTE: Franklin {Name} Tax-Free Income Fund."
)


def test_funds_of_one_family_announcing_the_same_payout_stay_apart() -> None:
    names = ["Insured", "Puerto Rico", "High-Yield", "California"]
    docs = {n: (FUND.format(NAME=n.upper(), Name=n), D(1987, 3, 2)) for n in names}
    assert relations(docs) == set()
    # the same fund's item sent twice is one story
    docs["again"] = docs["Insured"]
    assert relations(docs) == {("Insured", "again", "duplicate")}


REPO = (
    "FED ADDS RESERVES VIA CUSTOMER REPURCHASES\n\n"
    "The Federal Reserve entered the U.S. Government securities market to arrange {amount} billion dlrs "
    "of customer repurchase agreements, a Fed spokesman said.\n\n"
    "Dealers said Federal funds were trading at {rate} pct when the Fed began its temporary and "
    "indirect supply of reserves to the banking system."
)


def test_a_daily_item_of_another_day_is_another_story() -> None:
    days = [
        (3, "1.5", "6-1/4"),
        (9, "2.0", "6-1/8"),
        (11, "1.5", "6-5/16"),
        (19, "1.5", "6-1/8"),
        (20, "2.5", "6-1/16"),
        (27, "1.5", "6-1/4"),
    ]
    docs = {f"mar{d:02}": (REPO.format(amount=amount, rate=rate), D(1987, 3, d)) for d, amount, rate in days}
    plain = NoVeto()
    for aid, (text, date) in docs.items():
        plain.add(aid, text, date)
    assert ("mar03", "mar27", "duplicate") in {(r.a, r.b, r.kind) for r in plain.relations()}
    assert relations(docs) == set()
    # a copy of the March 3 item on the same news day is one story with it
    docs["mar03b"] = (docs["mar03"][0], D(1987, 3, 4))
    assert relations(docs) == {("mar03", "mar03b", "duplicate")}


def test_fact_values_agree_across_spellings_and_slots_come_in_pairs() -> None:
    one = facts(split_sentences("Net profit rose to 12,141,000 dlrs from a year ago, Lloyds Corp said."))
    two = facts(split_sentences("Net profit rose to 12.1 mln dlrs from a year ago, Lloyds Corporation said."))
    other = facts(split_sentences("Net profit rose to 19.7 mln dlrs from a year ago, Barclays Corp said."))
    # Net (opens the sentence: no slot before), 12,141,000, Lloyds, Corp (no two words after it)
    assert len(one.slots) == 1 + 2 + 2 + 1
    pairs = lambda f: set(zip(f.slots.tolist(), f.values.tolist(), strict=True))  # noqa: E731
    assert len(pairs(one) & pairs(two)) >= 4  # the figure and the name agree in both their slots
    assert len(pairs(one) & pairs(other)) < len(pairs(one) & pairs(two))


def test_an_update_over_an_index_of_the_previous_format_refingerprints_every_article(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parent.parent / "corpus", corpus)
    index = tmp_path / "index"
    build.rebuild(corpus, index)
    gen = index / "generations" / (index / "CURRENT").read_text().strip()
    # the story index as the previous version wrote it: format 2, without table rows
    with (gen / build.STORIES_FILE).open("wb") as f:
        np.savez(f, meta=np.frombuffer(json.dumps({"version": 2}).encode(), dtype=np.uint8))
    (corpus / "new.txt").write_text("Harbour reopens\n\nThe harbour reopened after the storm, officials said.\n")
    summary = build.update(corpus, index)
    assert summary.articles == 6
    assert summary.story_groups == 1  # 000 and 001, found again from every article's new fingerprint
    new = index / "generations" / (index / "CURRENT").read_text().strip()
    assert len(StoryIndex.load(new / build.STORIES_FILE)) == 6


FED = (
    "FED ADDS RESERVES VIA CUSTOMER REPURCHASES\n\n"
    "The Federal Reserve entered the U.S. Government securities market to arrange 1.5 billion dlrs of customer "
    "repurchase agreements, a Fed spokesman said.\n\n"
    "Dealers said Federal funds were trading at {rate} pct when the Fed began its temporary and indirect supply "
    "of reserves to the banking system."
)


def test_number_words_and_mixed_numbers_are_facts() -> None:
    pairs = lambda text: set(zip(*(a.tolist() for a in (facts(split_sentences(text)).slots,  # noqa: E731
                                                          facts(split_sentences(text)).values)), strict=True))
    six, digits, mixed = (pairs(f"Funds were trading at {r} pct when the Fed began.") for r in ("six", "6", "6-1/16"))
    assert six == digits  # one figure spelt two ways is one fact in the same slots
    # 6-1/16 is not 6: "trading at ___" and "___ pct when" hold other values
    assert len({slot for slot, _ in six} & {slot for slot, _ in mixed - six}) == 2
    # a capitalised number word opening a sentence is a number, not a name
    assert pairs("Twenty-five banks bid, officials said.") == pairs("25 banks bid, officials said.")


def test_the_fed_item_of_the_next_day_is_apart_when_its_rate_is_spelt_in_words() -> None:
    # the item as the wire sends it every day (its wording is template: shared by many days' items)
    docs = {f"mar{day:02}": (FED.format(rate=rate), D(1987, 3, day))
            for day, rate in ((2, "6-3/16"), (3, "6-1/4"), (11, "6-5/16"), (12, "6-1/8"), (16, "6-1/2"))}
    docs["mar19"], docs["mar20"] = (FED.format(rate="six"), D(1987, 3, 19)), (FED.format(rate="6-1/16"), D(1987, 3, 20))
    plain = NoVeto()
    for aid, (text, date) in docs.items():
        plain.add(aid, text, date)
    assert ("mar19", "mar20", "duplicate") in {(r.a, r.b, r.kind) for r in plain.relations()}
    assert not {("mar19", "mar20")} & {(a, b) for a, b, _ in relations(docs)}
    # the same day's item re-sent with its figure in digits is one story with it
    docs["mar19b"] = (FED.format(rate="6"), D(1987, 3, 19))
    assert ("mar19", "mar19b", "duplicate") in relations(docs)
