"""The sixth round's measurements of issue 13 (bench/pages_eval_dates.py, bench/pages_eval_second.py): the
replayed date policies and the agreement rules decide what they say. Crafted evidence always; real
tuning-half pages where ../shared/data is here (the replay of the archive's policy must give the reader's
own answer, or the trade-off table would measure something else)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from lxml.html import fragment_fromstring

from bench.pages_eval import half_of
from bench.pages_eval_dates import Evidence, corroborated, current, evidence, fields_only, not_modified_after
from bench.pages_eval_second import link_dense, medoid, recall_when_longer
from indexer.dates import DateInfo
from indexer.decode import decode_bytes
from indexer.htmlpage import parse_page

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "pages"


def _day(iso: str, source: str = "page metadata") -> DateInfo:
    return DateInfo(dt.date.fromisoformat(iso), "day", source)


def _evidence(**kw) -> Evidence:
    base = {"strong": [], "weak": [], "url": None, "line": None, "modified": [], "generic": []}
    return Evidence(**{**base, **kw})


def test_a_lone_publication_field_is_enough_for_the_archive_but_not_for_the_corroborated_policy():
    ev = _evidence(strong=[_day("2024-03-05")])
    assert current(ev).iso() == "2024-03-05"
    assert fields_only(ev).iso() == "2024-03-05"
    assert corroborated(ev) is None
    backed = _evidence(strong=[_day("2024-03-05")], url=_day("2024-03-05", "page URL"))
    assert corroborated(backed).iso() == "2024-03-05"


def test_a_date_line_alone_is_dropped_by_the_fields_only_policy():
    ev = _evidence(line=_day("2023-07-01", "text"))
    assert current(ev).iso() == "2023-07-01"
    assert fields_only(ev) is None


def test_a_later_modification_makes_the_date_unknown_beyond_the_policys_window():
    ev = _evidence(strong=[_day("2020-01-10")], modified=[_day("2020-03-01")])
    assert not_modified_after(30, current)(ev) is None
    assert not_modified_after(365, current)(ev).iso() == "2020-01-10"


def test_medoid_keeps_the_archives_text_unless_another_reading_agrees_more():
    story = "the council voted to close the old bridge for repairs next spring " * 3
    teaser = "read next: ten gadgets you need this year and more stories from our site"
    readings = {"o": story + teaser * 5, "r": story, "j": story + " the mayor said", "c": story, "p": story}
    assert medoid(readings, "orjcp") in "rcp"
    assert medoid(readings, "orjcp", margin=10.0) == "o"
    assert medoid({**readings, "o": story}, "orjcp") == "o"  # a tie keeps the archive's text


def test_recall_mode_is_taken_only_where_it_reads_more():
    assert recall_when_longer({"o": "one two three", "c": "one two three four five"}) == "c"
    assert recall_when_longer({"o": "one two three four five", "c": "one two three four five"}) == "o"


def test_link_dense_blocks_are_short_and_mostly_linked():
    teaser = fragment_fromstring("<p><ref>Ten gadgets</ref> and <ref>more stories you will like</ref></p>")
    prose = fragment_fromstring("<p>The council voted on Tuesday, <ref>the minutes</ref> show, to close it.</p>")
    assert link_dense(teaser)
    assert not link_dense(prose)


def _tuning_pages_with_dates(n: int) -> list[Path]:
    out = []
    for truth in sorted(PAGES.glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").splitlines():
            t = json.loads(line)
            if "date" in t and half_of(truth.parent.name, t["file"]) == "tune":
                out.append(truth.parent / t["file"])
                break
    return out[:n]


@pytest.mark.skipif(not PAGES.is_dir(), reason="no page data in ../shared/data/pages")
def test_the_replayed_archive_policy_gives_the_readers_own_date_on_real_pages():
    pages = _tuning_pages_with_dates(6)
    assert len(pages) >= 5
    for path in pages:
        html = gzip.decompress(path.read_bytes())
        page = parse_page(decode_bytes(html, html=True))
        replayed = current(evidence(html))
        assert (replayed.iso() if replayed else None) == (page.date.iso() if page.date else None), path.name
