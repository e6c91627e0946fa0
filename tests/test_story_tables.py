"""The table check and the lead check of indexer.dedupe (issue 16, third round): two tables of one template are
one story only when their rows match; a same-story link sharing a small part of both texts needs their leads
to meet. Texts are real wire templates (a league standings table, an earnings table), the shipped articles,
and the Reuters development set where it is present."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from archive.sentences import split_sentences
from indexer.dedupe import StoryIndex, thresholds
from indexer.fingerprints import sentence_rows, tokens
from tests.devdata import reuters_records

D = datetime.date(1996, 8, 31)
ROOT = Path(__file__).resolve().parent.parent

# A wire standings table: a header sentence, then one row per team (played, won, drawn, lost, goals for,
# goals against, points). Team names are drawn from the syllables below; figures as a league plays them.
HEADER = (
    "SOCCER - {LEAGUE} LEAGUE STANDINGS.\n\n"
    "{League} soccer league standings after Saturday's matches (tabulated - played, won, drawn, lost, goals "
    "for, goals against, points):\n\n"
)
SYLLABLES = ["Ar", "Bel", "Cor", "Dun", "Esk", "Fal", "Gor", "Hal", "Ins", "Kel", "Lor", "Mar", "Nor", "Os"]


def standings(league: str, seed: int, teams: int = 16) -> str:
    rng = random.Random(seed)
    rows = []
    for _ in range(teams):
        name = rng.choice(SYLLABLES) + rng.choice(["ton", "ford", "wick", "ham", "by", "mouth"])
        won = rng.randrange(5)
        drawn = rng.randrange(5 - won)
        lost = 4 - won - drawn
        goals = rng.randrange(won, 3 * won + drawn + 2)
        against = rng.randrange(lost, 3 * lost + drawn + 2)
        rows.append(f"{name} 4 {won} {drawn} {lost} {goals} {against} {3 * won + drawn}")
    return HEADER.format(LEAGUE=league.upper(), League=league) + "\n\n".join(rows)


def relations(docs: Mapping[str, tuple[str, datetime.date | None]]) -> set[tuple[str, str]]:
    idx = StoryIndex()
    for aid, (text, date) in docs.items():
        idx.add(aid, text, date)
    return {(r.a, r.b) for r in idx.relations()}


def test_two_leagues_standings_under_one_header_are_two_stories() -> None:
    docs = {f"l{seed}": (standings(league, seed), D) for seed, league in enumerate(["Premier", "Northern", "Coastal"])}
    with thresholds.without_table_and_lead_checks():
        before = relations(docs)
    assert before  # the header and the coincidences of small figures link some of them without the check
    assert relations(docs) == set()


def test_one_table_sent_twice_with_a_corrected_row_is_one_story() -> None:
    table = standings("Premier", 1)
    rows = table.split("\n\n")
    fixed = re.sub(r"\d+$", lambda m: str(int(m.group()) + 1), rows[5])  # one team's points corrected
    corrected = "\n\n".join(rows[:5] + [fixed] + rows[6:]) + "\n\nThis corrects an earlier version."
    assert relations({"a": (table, D), "b": (corrected, D), "other": (standings("Coastal", 3), D)}) == {("a", "b")}


def test_a_row_is_its_figures_under_a_label_sharing_a_word() -> None:
    keys = lambda s: set(sentence_rows(s))  # noqa: E731
    # one company's results, one version with operating figures and millions written out
    assert keys("Shr 27 cts vs 29 cts") & keys("Oper shr 27 cts vs 29 cts")
    assert keys("Net 13,555,000 vs 14,635,000") & keys("Oper net 13.5 mln vs 14.6 mln")
    assert keys("Revs 145.5 mln vs 51 mln") & keys("Revs 145.5 mln vs 51.0 mln")
    # the same figures under another team, another company's figures, and prose are no match / no row
    assert not keys("Wolverhampton 4 2 1 1 5 3 7") & keys("Vojvodina 4 2 1 1 5 3 7")
    assert not keys("Shr 27 cts vs 29 cts") & keys("Shr 27 cts vs 19 cts")
    assert keys("The company said its net profit rose 12 pct to 4.5 mln dlrs in the year") == set()


def _sentences_with_rows(text: str) -> list[str]:
    return [s for s in split_sentences(text) if sentence_rows(s)]


def _redraw(text: str, rng: random.Random) -> str:
    return re.sub(r"\d", lambda m: str((int(m.group()) + rng.randrange(1, 10)) % 10), text)


def test_real_reuters_tables_with_other_figures_are_apart_and_their_corrections_joined() -> None:
    # every earnings / rate / supply table of the tuning half (even ids) re-issued with its rows' figures
    # redrawn (the same template's table of another company or day) and corrected in one figure
    rng = random.Random(7)
    docs: dict[str, tuple[str, datetime.date | None]] = {}
    items: list[str] = []
    for rec in reuters_records():
        if rec["id"] % 2 or len(items) >= 120:
            continue
        text = rec["title"] + "\n\n" + "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s{2,}", rec["body"]))
        rows = _sentences_with_rows(text)
        if len(rows) < thresholds.TABLE_MIN_ROWS:
            continue
        day = datetime.date.fromisoformat(rec["date"][:10])
        aid = f"r{rec['id']}"
        other = text
        for row in dict.fromkeys(rows):
            other = other.replace(row, _redraw(row, rng))
        fix = rows[len(rows) // 2]
        docs[aid] = (text, day)
        docs[aid + "t"] = (other, day)
        docs[aid + "c"] = (text.replace(fix, _redraw(fix, rng), 1) + "\n\nThis corrects an earlier item.", day)
        items.append(aid)
    assert len(items) >= 50
    rels = relations(docs)
    apart = sum((a, a + "t") not in rels for a in items) / len(items)
    joined = sum((a, a + "c") in rels for a in items) / len(items)
    assert apart >= 0.95
    assert joined >= 0.9


def _corpus(prefix: str) -> str:
    return next((ROOT / "corpus").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_reports_sharing_background_only_are_apart_but_a_shared_lead_joins_them() -> None:
    # two shipped reports of one topic; one is given three sentences of the other's body, inside its own body
    x, y = split_sentences(_corpus("002")), _corpus("004")
    background = [s for s in split_sentences(y) if len(tokens(s)) >= 7][4:7]
    borrowed = "\n\n".join(x[:7] + background + x[7:])
    with thresholds.without_table_and_lead_checks():
        assert relations({"x": (borrowed, None), "y": (y, None)}) == {("x", "y")}
    assert relations({"x": (borrowed, None), "y": (y, None)}) == set()
    # the same, when x also opens with the other's lead sentence: the event itself is shared
    lead = [s for s in split_sentences(y) if len(tokens(s)) >= 7][1]
    joined = "\n\n".join(x[:1] + [lead] + x[1:7] + background + x[7:])
    assert relations({"x": (joined, None), "y": (y, None)}) == {("x", "y")}


@pytest.mark.parametrize("pair", [("000", "001")])
def test_the_shipped_pair_stays_one_story(pair: tuple[str, str]) -> None:
    a, b = pair
    assert relations({a: (_corpus(a), None), b: (_corpus(b), None), "003": (_corpus("003"), None)}) == {(a, b)}


def test_a_saved_and_loaded_story_index_keeps_the_table_rows(tmp_path: Path) -> None:
    idx = StoryIndex()
    for seed, league in enumerate(["Premier", "Northern", "Coastal"]):
        idx.add(f"l{seed}", standings(league, seed), D)
    idx.save(tmp_path / "stories.npz")
    loaded = StoryIndex.load(tmp_path / "stories.npz")
    for slot in range(3):
        before, after = idx.facts[slot], loaded.facts[slot]
        assert before is not None and after is not None and len(after.row_keys) > 0
        assert after.row_keys.tolist() == before.row_keys.tolist() and after.row_of.tolist() == before.row_of.tolist()
    assert loaded.relations() == []
