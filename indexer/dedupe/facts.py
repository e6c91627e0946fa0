"""The facts veto: two texts of one template (a bond issue, a fund's payout, a daily rate table) that state
different facts in it are not one story, however similar (see thresholds.FACT_NAME_WEIGHT)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from indexer.fingerprints import NUMBER_BIT, Facts

from . import thresholds
from .arrays import fact_pairs, unique_sorted

if TYPE_CHECKING:
    from .storyindex import StoryIndex


def fact_tables(index: StoryIndex) -> tuple[np.ndarray, np.ndarray]:
    """Sorted arrays of every live article's distinct fact slots and (slot, value) pairs, for their
    document frequencies; rebuilt after articles were added or removed."""
    if index.fact_df is None:
        live = [f for f, ok in zip(index.facts, index.alive, strict=True) if ok and f is not None]
        slots = [unique_sorted(f.slots) for f in live]
        pairs = [unique_sorted(fact_pairs(f)) for f in live]
        index.fact_df = (
            np.sort(np.concatenate(slots)) if slots else np.zeros(0, np.uint32),
            np.sort(np.concatenate(pairs)) if pairs else np.zeros(0, np.uint64),
        )
    return index.fact_df


def fact_agreement(index: StoryIndex, a: int, b: int) -> tuple[int, int, int]:
    """(template slots the two texts fill with different names, with different numbers, distinctive
    facts they share).

    A template slot is a fact's context that is not common (document frequency at most
    thresholds.fact_slot_max_df: "Franklin ___ Tax-Free", not "and the ___"); a distinctive shared fact is a
    (slot, value) pair found in at most FACT_PAIR_MAX_DF articles (not "Pay March 31", which every
    fund of one family announces on one day)."""
    fa, fb = index.facts[a], index.facts[b]
    assert fa is not None and fb is not None
    both = np.intersect1d(fa.slots, fb.slots)
    if not len(both):
        return 0, 0, 0
    slot_df, pair_df = fact_tables(index)
    pa, pb = unique_sorted(fact_pairs(fa)), unique_sorted(fact_pairs(fb))
    same = np.intersect1d(pa, pb)
    differ = np.setdiff1d(both, (same >> np.uint64(32)).astype(np.uint32))
    # a value the other text states elsewhere is a shifted word (a ticker inserted, names swapped
    # in a correction), not another fact
    moved = np.union1d(fa.slots[np.isin(fa.values, fb.values)], fb.slots[np.isin(fb.values, fa.values)])
    differ = np.setdiff1d(differ, moved, assume_unique=True)
    # a name conflict: the slot holds names in both texts, with different first letters (a name
    # misspelt after its first letter, "Braodcasting", is the same name). Any slot counts, common
    # ones too ("___ said its": the subject of the item)
    ina, inb = np.isin(fa.slots, differ), np.isin(fb.slots, differ)
    words_a, words_b = ina & (fa.values & NUMBER_BIT == 0), inb & (fb.values & NUMBER_BIT == 0)
    first_a = fa.slots[words_a].astype(np.uint64) << np.uint64(8) | (fa.values[words_a] & 0xFF)
    first_b = fb.slots[words_b].astype(np.uint64) << np.uint64(8) | (fb.values[words_b] & 0xFF)
    named = np.setdiff1d(
        np.intersect1d(fa.slots[words_a], fb.slots[words_b]),
        (np.intersect1d(first_a, first_b) >> np.uint64(8)).astype(np.uint32),
    )
    # a number conflict: numbers in both, in a slot that is not common ("mln vs ___": two
    # versions of an earnings table rounding differently)
    numbers = np.setdiff1d(differ, np.union1d(fa.slots[words_a], fb.slots[words_b]))
    df = np.searchsorted(slot_df, numbers, "right") - np.searchsorted(slot_df, numbers, "left")
    numbers = numbers[df <= thresholds.fact_slot_max_df(len(index))]
    df = np.searchsorted(pair_df, same, "right") - np.searchsorted(pair_df, same, "left")
    return len(named), len(numbers), int((df <= thresholds.FACT_PAIR_MAX_DF).sum())


def figures_agreed(index: StoryIndex, a: int, b: int) -> int:
    """Template slots (not common: document frequency at most thresholds.fact_slot_max_df, as the number conflicts
    of `fact_agreement`) where the two texts state the same number."""
    fa, fb = index.facts[a], index.facts[b]
    assert fa is not None and fb is not None
    same = np.intersect1d(unique_sorted(fact_pairs(fa)), unique_sorted(fact_pairs(fb)))
    slots = np.unique((same[(same & np.uint64(NUMBER_BIT)) != 0] >> np.uint64(32)).astype(np.uint32))
    slot_df, _ = fact_tables(index)
    df = np.searchsorted(slot_df, slots, "right") - np.searchsorted(slot_df, slots, "left")
    return int((df <= thresholds.fact_slot_max_df(len(index))).sum())


def facts_differ(index: StoryIndex, a: int, b: int) -> bool:
    """Whether two texts that share a template state different facts in it (see FACT_NAME_WEIGHT), report
    other figures in it (`other_figures`), are tables with other rows (`tables_differ`) or lead with other
    subjects (`subjects_differ`)."""
    if thresholds.TABLE_VETO and tables_differ(index, a, b):
        return True
    if thresholds.SUBJECT_CHECK and subjects_differ(index, a, b):
        return True
    names, numbers, shared = index.fact_agreement(a, b)
    if other_figures(index, a, b, numbers):
        return True
    da, db = index.dates[a], index.dates[b]
    days = abs(da - db) if thresholds.NO_DATE not in (da, db) else 0
    names += days > thresholds.FACT_SAME_DATE_DAYS
    weight = thresholds.FACT_OTHER_DAY_NUMBER_WEIGHT if days else 1
    return thresholds.FACT_NAME_WEIGHT * names + weight * numbers > shared


def other_figures(index: StoryIndex, a: int, b: int, differ: int) -> bool:
    """Whether two texts that state `differ` numbers differently in template slots report other figures: differ
    is thresholds.FIGURES_MIN_DIFFER or more and outweighs the figures they agree on (FIGURES_DIFFER_SHARE)."""
    least = thresholds.FIGURES_MIN_DIFFER
    if least is None or differ < least:
        return False
    return differ > thresholds.FIGURES_DIFFER_SHARE * figures_agreed(index, a, b)


def subjects_differ(index: StoryIndex, a: int, b: int) -> bool:
    """Whether the two texts' leads name other subjects (fingerprints.lead_facts), neither lead naming the other's:
    one template told of two subjects ("Sun Co said it raised..." / "Unocal Corp said it raised..."), or a
    round-up whose lead is another event than the story it quotes (thresholds.SUBJECT_CHECK). Subjects with one
    first letter are one name spelt otherwise, as for the name conflicts of `fact_agreement`."""
    fa, fb = index.facts[a], index.facts[b]
    assert fa is not None and fb is not None
    la, lb = fa.lead, fb.lead
    if not len(la) or not len(lb) or (la[0] & 0xFF) == (lb[0] & 0xFF):
        return False
    return not (np.isin(la[0], lb[1:]) or np.isin(lb[0], la[1:]))


def table_rows_shared(index: StoryIndex, a: int, b: int) -> tuple[int, int, int]:
    """(data lines of a, of b, the most lines of either found in the other): two tables' rows (see
    fingerprints.row_keys)."""
    fa, fb = index.facts[a], index.facts[b]
    assert fa is not None and fb is not None
    na, nb = _lines(fa), _lines(fb)
    if not na or not nb:
        return na, nb, 0
    found_a = len(np.unique(fa.row_of[np.isin(fa.row_keys, fb.row_keys)]))
    found_b = len(np.unique(fb.row_of[np.isin(fb.row_keys, fa.row_keys)]))
    return na, nb, max(found_a, found_b)


def tables_differ(index: StoryIndex, a: int, b: int) -> bool:
    """Whether two texts are both tables (TABLE_MIN_ROWS data lines or more) whose rows mostly differ: the
    standings of two leagues, one company's results and another's, under one header sentence."""
    na, nb, shared = table_rows_shared(index, a, b)
    return min(na, nb) >= thresholds.TABLE_MIN_ROWS and shared < thresholds.TABLE_ROW_SHARE * min(na, nb)


def _lines(f: Facts) -> int:
    """How many data lines a text's facts hold (`row_of` numbers them 0, 1, ...)."""
    return int(f.row_of[-1]) + 1 if len(f.row_of) else 0
