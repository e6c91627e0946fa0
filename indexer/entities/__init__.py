"""Person and organisation extraction: spaCy's small English NER plus a general rule layer.

The model finds candidate spans; rules around it fix its typical news errors:
titles/ranks/honorifics stripped from names, names cut short extended after a title,
role phrases ("Defence Secretary", "National Security Adviser") and lone generic words rejected
as organisations, "Long Form (ACR)" pairs linked, surnames folded into the article's full name.
Shapes of text decide too: results tables and score lines name teams, line-ups and scorers name
players, an item in a list of organisations is one, a name after an office word is split off an
organisation span, competitions and clock time zones are no entities.
No rule names a particular person or organisation.

The package: `extractor` (the model over a batch, then the passes), `modelview` (the text the model reads),
`passes` (the rule layer: a listed sequence of passes over one article, each a public function), the rules
the passes call (`acronyms`, `names`, `person_shapes`, `org_shapes`, `lists`, `titled`), their shared
`spans` helpers and `words` lists, and `record` (ArticleEntities, the result).
"""

from __future__ import annotations

from .acronyms import find_acronym_definitions
from .extractor import (
    EXTRACTOR_VERSION,
    MAX_MODEL_CHARS,
    MODEL_NAME,
    PLACE_LABELS,
    EntityExtractor,
    entities_from_spans,
)
from .modelview import model_view
from .passes import PASSES, postprocess
from .passes.votes import acronym_case, phrase_case, prose_case
from .record import ArticleEntities

__all__ = [
    "acronym_case",
    "EXTRACTOR_VERSION",
    "MAX_MODEL_CHARS",
    "MODEL_NAME",
    "PASSES",
    "PLACE_LABELS",
    "ArticleEntities",
    "EntityExtractor",
    "entities_from_spans",
    "find_acronym_definitions",
    "model_view",
    "phrase_case",
    "postprocess",
    "prose_case",
]
