"""The entity rules pass by pass: each pass of `indexer.entities.passes` run alone on a `Doc` set up by hand
(invented sentences, no model), checking the part that pass adds."""

from __future__ import annotations

from indexer.entities import passes
from indexer.entities.passes import Doc
from indexer.entities.spans import Span


def _at(text: str, phrase: str, label: str) -> tuple[int, int, str]:
    i = text.index(phrase)
    return i, i + len(phrase), label


def test_the_passes_are_listed_in_order_and_public() -> None:
    names = [p.__name__ for p in passes.PASSES]
    assert names.index("define_acronyms") < names.index("resolve_overlaps") < names.index("choose_orgs")
    assert names.index("choose_orgs") < names.index("split_joined_orgs") < names.index("fold_short_forms")
    assert all(not n.startswith("_") and getattr(passes, n) is p for n, p in zip(names, passes.PASSES))


def test_define_acronyms_adds_a_defined_long_form() -> None:
    d = Doc("Delegates of the Northern Grain Council (NGC) met on Monday.", [])
    passes.define_acronyms(d)
    assert d.acronyms == {"NGC": "Northern Grain Council"}
    assert [(s.text, s.label, s.prio) for s in d.spans] == [("Northern Grain Council", "ORG", 3)]


def test_take_model_spans_cuts_at_a_spaced_dash_and_never_types_an_acronym_as_a_person() -> None:
    text = "Ostland - Pavel Morrow scored. The KPZ said so."
    d = Doc(text, [_at(text, "Ostland - Pavel Morrow", "PERSON"), _at(text, "KPZ", "PERSON")])
    passes.take_model_spans(d)
    assert [(s.text, s.label) for s in d.spans] == [("Pavel Morrow", "PERSON"), ("KPZ", "ORG")]


def test_resolve_overlaps_keeps_the_higher_priority_span() -> None:
    text = "Spokesperson Lena Varga of the ministry spoke."
    d = Doc(text, [])
    d.spans = [Span(0, 23, "ORG", text[:23], 0), Span(13, 23, "PERSON", "Lena Varga", 2)]
    passes.resolve_overlaps(d)
    assert [(s.text, s.label) for s in d.chosen] == [("Lena Varga", "PERSON")]


def test_split_joined_orgs_splits_two_companies_and_drops_a_pair_of_known_bodies() -> None:
    d = Doc("", [])
    d.orgs = ["Halvard Inc and Brenmoor Inc", "Grain Bank", "Grain Bank and FTC"]
    d.acronyms = {"FTC": "Free Trade Council"}
    passes.split_joined_orgs(d)
    assert d.orgs == ["Halvard Inc", "Brenmoor Inc", "Grain Bank"]


def test_fold_short_forms_makes_first_words_a_short_form_of_the_one_long_name() -> None:
    d = Doc("", [])
    d.orgs = ["Tarvik Motor Co", "Tarvik"]
    passes.fold_short_forms(d)
    assert d.orgs == ["Tarvik Motor Co"] and d.acronyms == {"Tarvik": "Tarvik Motor Co"}


def test_count_case_votes_counts_lower_case_and_capitalised_uses() -> None:
    """A sentence start is no capitalised use: only after a lower-case word, a figure or a comma."""
    d = Doc("Debt office staff said debt rose, and new Debt rules and debt limits came.", [])
    d.orgs = ["Debt"]
    passes.count_case_votes(d)
    assert d.case_votes == {"Debt": [2, 1]}


def test_postprocess_is_the_passes_in_order() -> None:
    text = "Officials of the Northern Grain Council (NGC) said the NGC would meet Lena Varga."
    ents = [_at(text, "Lena Varga", "PERSON")]
    d = Doc(text, ents)
    for run in passes.PASSES:
        run(d)
    found = passes.postprocess(text, ents)
    assert (found.persons, found.orgs, found.acronyms) == (d.persons, d.orgs, d.acronyms)
    assert found.persons == ["Lena Varga"] and found.orgs == ["Northern Grain Council"]
