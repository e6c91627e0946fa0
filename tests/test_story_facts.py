"""The facts veto of indexer.dedupe: one template with other facts is not one story (issue 16)."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import numpy as np

from archive.sentences import split_sentences
from archive.store import STORE_FILE, Store
from indexer import build, layout
from indexer.dedupe import StoryIndex, thresholds
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


TOKYO = (
    "TOKYO STOCKS CLOSE {WAY} IN ACTIVE TRADING\n\n"
    "Tokyo share prices closed {way} in active trading as investors bought steels and shipbuilders, brokers said. "
    "The Nikkei Dow Jones average ended {points} points {way} at {level}.\n\n"
    "Nippon Steel Corp, Kawasaki Steel Corp and Sumitomo Metal Industries Ltd led the steels, while Mitsubishi "
    "Heavy Industries Ltd and Ishikawajima-Harima Heavy Industries Co gained on hopes of Defence Agency orders. "
    "Dealers at Nomura Securities Co and Daiwa Securities Co said Bank of Japan Governor Satoshi Sumita's remarks "
    "on Friday eased fears of a rise in the Official Discount Rate.\n\n"
    "Volume on the First Section of the Tokyo Stock Exchange was estimated at {volume} mln shares, against "
    "{before} mln the previous day.\n\n"
    "Advancing issues outnumbered declining ones by {up} to {down}, with 192 issues unchanged, brokers said."
)


def tokyo(**figures: str) -> str:
    return TOKYO.format(WAY=figures["way"].upper(), **figures)


def test_the_next_days_report_with_other_figures_is_another_story_and_a_corrected_figure_is_not() -> None:
    day1 = dict(way="higher", points="151.25", level="21,566.30", volume="950", before="720", up="512", down="345")
    day2 = dict(way="higher", points="62.10", level="21,628.40", volume="830", before="950", up="431", down="398")
    docs = {"mar02": (tokyo(**day1), D(1987, 3, 2)), "mar03": (tokyo(**day2), D(1987, 3, 3))}
    # the first day's report sent again the next morning with its volume corrected: one story with it
    docs["fix"] = (tokyo(**{**day1, "volume": "590"}), D(1987, 3, 3))
    with thresholds.without_seventh_round():  # the names both days share outweigh their figures: not vacuous
        assert ("mar02", "mar03", "duplicate") in relations(docs)
    assert relations(docs) == {("fix", "mar02", "duplicate")}


def _stale_update(tmp_path: Path, rules: int | None) -> dict[str, list[str]]:
    """Build the shipped corpus, store a relation its rules never found (000 with 003, which they keep apart) under
    the rules version `rules` (None: no version, as before versions were stored), add an article by `update`:
    the related articles of each shipped article afterwards, by file number ("000": ["001"])."""
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parent.parent / "corpus", corpus)
    index = tmp_path / "index"
    build.rebuild(corpus, index)
    store = Store(layout.current_path(index) / STORE_FILE)
    try:
        number = {rec.id: rec.sources[0][:3] for _o, rec in store.records()}
        article = {n: art_id for art_id, n in number.items()}
        old = store.get_meta("relations", [])
        assert isinstance(old, list)
        store.set_meta("relations", [*old, {"a": article["000"], "b": article["003"], "kind": "same-story",
                                            "similarity": 0.5}])
        store.set_meta("relation_rules", rules)
        store.commit()
    finally:
        store.close()
    (corpus / "new.txt").write_text("Harbour reopens\n\nThe harbour reopened after the storm, officials said.\n")
    build.update(corpus, index)
    store = Store(layout.current_path(index) / STORE_FILE, readonly=True)
    try:
        return {number[rec.id]: sorted(number[r["id"]] for r in rec.related)
                for _o, rec in store.records() if rec.id in number}
    finally:
        store.close()


def test_an_update_finds_again_the_relations_older_rules_found(tmp_path) -> None:
    # relations found by the current rules are kept for the articles an update does not touch: not vacuous
    assert _stale_update(tmp_path / "now", thresholds.RULES_VERSION)["000"] == ["001", "003"]
    for rules in (None, thresholds.RULES_VERSION - 1):
        related = _stale_update(tmp_path / f"old{rules}", rules)
        assert related["000"] == ["001"]  # the shipped pair is still one story
        assert related["003"] == []  # and 003 apart from it, as the rules say
