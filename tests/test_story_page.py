"""The story page (issue 16): versions in publication order by date and time of day, word-level changes,
sentences counted by the product's splitter (no "U.S." fragments). A real index built from a corpus."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

FIRST = (
    "Detroit automakers said on Monday that sales of North American cars rose 4 pct in March, the U.S. "
    "Commerce Dept. said. Gen. Motors Corp. led the gains with a rise of 7 pct.\n\n"
    "Ford Motor Co. said its sales rose 3 pct, while Chrysler Corp. said its sales were unchanged from "
    "a year earlier at 112,000 cars.\n\n"
    "Analysts said the figures pointed to a steady spring for the industry after a weak February."
)
# the correction: one word changed, a sentence added at the end
SECOND = FIRST.replace("North American cars", "North American-made cars") + (
    "\n\nThe figures were compiled by Ward's Automotive Reports."
)


@pytest.fixture(scope="module")
def client(archive_of, correction_pair):
    return archive_of(correction_pair(FIRST, SECOND)).test_client()


def story_of(client) -> tuple[str, dict]:
    hit = client.get("/api/search", query_string={"q": "Chrysler"}).get_json()["hits"][0]
    assert len(hit["versions"]) == 1  # the two versions are one story
    return hit["story"], client.get(f"/api/story/{hit['story']}").get_json()


def test_versions_are_ordered_by_time_of_day_and_keep_the_date_contract(client):
    _, data = story_of(client)
    arts = data["articles"]
    assert [a["time"] for a in arts] == ["09:05", "15:40"]
    assert [a["date"] for a in arts] == ["1987-04-02", "1987-04-02"]  # date stays YYYY-MM-DD
    assert arts[0]["title"] == "U.S. car sales rose in March"
    one = client.get(f"/api/article/{arts[1]['id']}").get_json()
    assert one["time"] == "15:40" and one["date"] == "1987-04-02"


def test_a_one_word_correction_shows_word_by_word(client):
    _, data = story_of(client)
    first, second = data["articles"]
    assert first["changes"] is None
    ch = second["changes"]
    assert ch["against"] == first["id"] and ch["against_version"] == 1
    runs = [r for p in ch["paragraphs"] for r in p]
    assert {"text": "American", "op": "del"} in runs
    assert {"text": "American-made", "op": "ins"} in runs
    inserted = " ".join(r["text"] for r in runs if r["op"] == "ins")
    assert "Ward's Automotive Reports." in inserted
    assert ch["removed"] == 1 and ch["added"] == 1 + len(
        "The figures were compiled by Ward's Automotive Reports.".split()
    )


def test_sentences_are_counted_whole_around_abbreviations(client):
    _, data = story_of(client)
    first = data["articles"][0]
    # 4 sentences; the old splitter cut "U.S." / "Dept." / "Gen." / "Corp." / "Co." into fragments
    assert first["sentences"] == 4
    assert first["paragraphs"][0][0]["text"].endswith("the U.S. Commerce Dept. said.")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and data.strip():
            self.tags.append((self._open[-1], data.strip()))


def test_the_page_shows_times_and_marks_changes(client):
    story, _ = story_of(client)
    html = client.get(f"/story/{story}").get_data(as_text=True)
    p = _Text()
    p.feed(html)
    assert ("ins", "American-made") in p.tags and ("del", "American") in p.tags
    times = [t for tag, t in p.tags if tag == "time"]
    assert len(times) == 2 and times[0].endswith("09:05 (UTC+00:00)") and times[1].endswith("15:40 (UTC+00:00)")
    assert html.index("Version 1 of 2") < html.index("09:05") < html.index("15:40")
