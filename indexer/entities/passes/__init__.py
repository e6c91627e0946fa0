"""The rule layer over the model, as a listed sequence of passes over one article (`Doc`).

Each pass is a public function of one module, reads what earlier passes set on the `Doc` and adds its part; they
run in the order of `PASSES`. `postprocess` runs them all and returns the article's entities.
"""

from __future__ import annotations

from ..record import ArticleEntities
from .candidates import define_acronyms, find_rule_spans, take_model_spans
from .companies import drop_company_persons
from .doc import Doc
from .extend import extend_orgs
from .glue import drop_glued_names
from .orgs import choose_orgs, split_joined_orgs
from .overlaps import resolve_overlaps
from .persons import choose_persons, clean_person_mentions
from .runs import note_name_runs
from .shortforms import fold_person_short_forms, fold_short_forms
from .things import drop_place_names, drop_thing_names
from .votes import count_case_votes, note_paired_names, note_place_and_product_uses, note_split_companies
from .weak import weak_orgs

PASSES = (
    define_acronyms,
    find_rule_spans,
    take_model_spans,
    resolve_overlaps,
    extend_orgs,
    clean_person_mentions,
    choose_persons,
    choose_orgs,
    split_joined_orgs,
    fold_short_forms,
    fold_person_short_forms,
    drop_company_persons,
    drop_thing_names,
    drop_place_names,
    drop_glued_names,
    weak_orgs,
    count_case_votes,
    note_place_and_product_uses,
    note_paired_names,
    note_split_companies,
    note_name_runs,
)


def postprocess(
    text: str, ents: list[tuple[int, int, str]], marks: list[tuple[int, int]] | None = None
) -> ArticleEntities:
    """Turn model spans (start, end, spaCy label) into an ArticleEntities, one pass of `PASSES` after
    the other; `marks`: where the wire marked a company (`modelview.company_marks`)."""
    d = Doc(text, ents, marks=marks or [])
    for run in PASSES:
        run(d)
    return ArticleEntities(
        persons=d.persons,
        orgs=d.orgs,
        acronyms=d.acronyms,
        caps_persons=d.caps_persons,
        caps_orgs=d.caps_orgs,
        case_votes=d.case_votes,
        located=d.located,
        articled=d.articled,
        numbered=d.numbered,
        paired=d.paired,
        runs=d.runs,
    )
