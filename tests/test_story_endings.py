"""A site's closing furniture does not make two of its posts one story (issue 16, fourth round): sentences that
both texts share only in their endings, under a longer body of their own, do not count for a same-story link.
Texts are the shipped articles with one site's closing block appended, the saved web pages' reference texts and
the Reuters development set where they are present."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from indexer.dedupe import StoryIndex, thresholds
from tests.devdata import DATA, reuters_records

ROOT = Path(__file__).resolve().parent.parent

# One site's closing block, as it ends every post of that site.
FOOTER = (
    "About the Daily Ledger: The Daily Ledger is an independent news service covering politics, business and "
    "security across South Asia, with bureaus in New Delhi, Islamabad and Washington.\n\n"
    "Our reporters follow the region's governments, courts and markets every day of the year, and our analysis "
    "is read by diplomats, investors and students in more than forty countries.\n\n"
    "To receive our morning briefing by email, sign up on our website and follow us on social media for the "
    "latest updates from the region.\n\n"
    "Copyright the Daily Ledger; all rights reserved, and no part of this report may be reproduced without the "
    "written permission of the publisher."
)


def _corpus(prefix: str) -> str:
    return next((ROOT / "corpus").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _signed(prefix: str) -> str:
    return _corpus(prefix) + "\n\n" + FOOTER


def relations(docs: dict[str, tuple[str, datetime.date | None]]) -> set[tuple[str, str]]:
    idx = StoryIndex()
    for aid, (text, date) in docs.items():
        idx.add(aid, text, date)
    return {(r.a, r.b) for r in idx.relations()}


@pytest.fixture(scope="module")
def signed_site(archive_of):
    """The app over the shipped pair 000/001 and 003 (one topic, another event), each ending with one site's
    closing block."""
    records = [
        {
            "id": f"site-{p}",
            "title": _corpus(p).split("\n", 1)[0][:80],
            "body": _signed(p),
            "source": "Daily Ledger",
            "date": "2020-11-27",
        }
        for p in ("000", "001", "003")
    ]
    return archive_of(records).test_client()


def _story_members(client, article_id: str) -> set[str]:
    story = client.get(f"/api/article/{article_id}").get_json()["story"]
    return {a["id"] for a in client.get(f"/api/story/{story}").get_json()["articles"]}


def test_a_sites_closing_block_does_not_join_another_event_to_the_story(signed_site) -> None:
    assert _story_members(signed_site, "site-000") == {"site-000", "site-001"}
    assert _story_members(signed_site, "site-003") == {"site-003"}
    page = signed_site.get(f"/story/{signed_site.get('/api/article/site-000').get_json()['story']}")
    assert page.status_code == 200 and b"site-001" in page.data and b"site-003" not in page.data


def test_without_the_check_the_closing_block_joins_them() -> None:
    docs = {p: (_signed(p), None) for p in ("000", "001", "003")}
    with thresholds.without_ending_check():
        assert ("000", "003") in relations(docs)  # so the test above can fail
    assert relations(docs) == {("000", "001")}


def test_two_posts_of_one_site_sharing_its_closing_paragraphs_are_apart() -> None:
    # the saved pages' reference texts: an ad company's two press releases ending with its "about us" paragraphs,
    # a theatre's two posts ending with one show's information box; and two outlets' reports of one tour
    truth = DATA / "pages" / "scrapinghub-aeb" / "truth.jsonl"
    if not truth.exists():
        pytest.skip(f"{truth} is absent")
    texts = {}
    for line in truth.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line) if line.strip() else {}
        if rec.get("body"):
            texts[rec["file"][:6]] = (rec.get("title", "") + "\n\n" + rec["body"], None)
    ad, box, tour = ("57e2e9", "dfd43b"), ("521118", "8cad00"), ("9cb822", "ac1bfd")
    docs = {k: texts[k] for k in ad + box + tour}
    with thresholds.without_ending_check():
        assert relations(docs) == {ad, box, tour}
    assert relations(docs) == {tour}


def test_a_short_item_mostly_made_of_the_others_text_stays_linked() -> None:
    # Reuters development set: a sale announced, then corrected with the buyer's name; the shared sentences end
    # both texts, but neither has a longer body of its own
    docs = {
        str(r["id"]): (
            r["title"] + "\n\n" + "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s{2,}", r["body"])),
            datetime.date.fromisoformat(r["date"][:10]),
        )
        for r in reuters_records()
        if r["id"] in (3790, 3910)
    }
    assert len(docs) == 2
    assert relations(docs) == {("3790", "3910")}
