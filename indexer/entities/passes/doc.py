"""What the passes share for one article: the text, the model's spans, and what each pass adds."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spans import Span


@dataclass
class Doc:
    """One article under the passes. Each field is set by the pass named beside it and read by later ones."""

    text: str  # the model's view of the article (entities.modelview)
    ents: list[tuple[int, int, str]]  # the model's spans: start, end, spaCy label
    marks: list[tuple[int, int]] = field(default_factory=list)  # names the wire marked as companies: "<X Inc>"
    spans: list[Span] = field(default_factory=list)  # candidates: define_acronyms, find_rule_spans, take_model_spans
    chosen: list[Span] = field(default_factory=list)  # non-overlapping: resolve_overlaps, then extend_orgs
    acronyms: dict[str, str] = field(default_factory=dict)  # short form -> long form: define_acronyms, fold_*
    teams: list[Span] = field(default_factory=list)  # results-table teams: find_rule_spans
    place_words: set[str] = field(default_factory=set)  # places and nationalities: extend_orgs
    heads: list[tuple[int, int]] = field(default_factory=list)  # headline lines: extend_orgs
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, person name): clean_person_mentions
    full: list[tuple[int, str]] = field(default_factory=list)  # the mentions of two words or more: same pass
    persons: list[str] = field(default_factory=list)  # choose_persons
    orgs: list[str] = field(default_factory=list)  # choose_orgs, split_joined_orgs
    caps_persons: list[str] = field(default_factory=list)  # names only in capitals: choose_persons
    caps_orgs: list[str] = field(default_factory=list)  # choose_orgs, weak_orgs
    case_votes: dict[str, list[int]] = field(default_factory=dict)  # count_case_votes
    located: list[str] = field(default_factory=list)  # names only after "in"/"near": note_place_and_product_uses
    articled: list[str] = field(default_factory=list)  # people only after "the"/"a": note_place_and_product_uses
    numbered: list[str] = field(default_factory=list)  # organisations only after a number: the same pass
    paired: list[str] = field(default_factory=list)  # names only inside one "X and Y": note_paired_names
    runs: dict[str, list[list[str]]] = field(default_factory=dict)  # words around each mention: note_name_runs
