"""The Whoosh side of a generation: its schema, opening it, and the document of one article.

Whoosh holds only what it must: the inverted index for finding and ranking articles, phrase positions
for "quoted phrases" (and one term per two adjacent words of titles and bodies: `PAIR_FIELDS`), and the
`ord` column that maps its document numbers to store rows and facet arrays. Bodies, titles for display,
dates and stories live in the store and the facet arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index
from whoosh.analysis import Filter, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, FieldType, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Existence

from .layout import WHOOSH_DIR
from .record import ArticleRecord

# Fields a query searches when it names none; `title` weighs more than body text.
DEFAULT_FIELDS = ("title", "body", "names")

# Each phrase field's pairs field: one term per two adjacent words of the field's analysed stream ("share said")
# when both are among the generation's common words (`PairFilter.words`), documents only. The stop filter
# renumbers positions, so Whoosh's `Phrase` of two words with slop 1 matches exactly the documents of their
# pair: a phrase of two common words (the costly case: both words' positions in most documents) is one short
# posting list (search/phrasematch.py). Only common words: a term per distinct pair of any words made the
# index 6 times larger (bench/README.md, "phrases from pairs"); a phrase with a rarer word reads positions.
# Generations written before these fields have none: their phrases are answered from positions, and an
# update appends to them without pairs (`document`).
PAIR_FIELDS = {"title": "title_pairs", "body": "body_pairs"}
PAIR_SEP = " "  # never inside a token (the tokenizer's words are letters, digits, '*' and inner dots)


class PairFilter(Filter):
    """Each kept token joined to the one before it ("a b") when both are in `words`: the pairs of adjacent common
    words. `words` is part of the schema, so the index says which pairs it holds (`paired_words`)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = frozenset(words)

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - Whoosh's filter protocol
        words = self.words
        prev = None
        for t in tokens:
            if t.stopped:  # kept in the stream only when stop words are not removed: no word of a pair
                continue
            text = t.text
            if prev in words and text in words:
                t.text = prev + PAIR_SEP + text
                yield t
            prev = text


def paired_words(schema: Schema, fieldname: str) -> frozenset[str] | None:
    """The words whose adjacent pairs the field's pairs field holds; None when the index has no pairs field."""
    pairs = PAIR_FIELDS.get(fieldname)
    if pairs is None or pairs not in schema:
        return None
    last = getattr(schema[pairs].analyzer, "items", [None])[-1]
    return last.words if isinstance(last, PairFilter) else None


def pair_term(words: tuple[str, str] | list[str]) -> str:
    """The pairs field's term for two adjacent words (as analysed)."""
    return PAIR_SEP.join(words)


def make_schema(common: Iterable[str] = ()) -> Schema:
    """The schema every generation is written with; `common`: the words whose adjacent pairs are indexed."""
    stem = StemmingAnalyzer()
    plain = StandardAnalyzer(stoplist=None)
    pairs = FieldType(Existence(), StemmingAnalyzer() | PairFilter(common), scorable=False)
    return Schema(
        id=ID(stored=True, unique=True),
        ord=NUMERIC(int, bits=64, stored=True, sortable=True),
        title=TEXT(analyzer=stem, field_boost=2.0),
        body=TEXT(analyzer=stem, phrase=True),
        title_pairs=pairs,
        body_pairs=pairs,
        # Canonical names and every spelling seen, so `q=JeM` finds Jaish-e-Mohammed however spelled.
        names=TEXT(analyzer=plain, field_boost=1.5),
        person=TEXT(analyzer=plain),
        org=TEXT(analyzer=plain),
        resolution=KEYWORD(commas=True),
        source=TEXT(analyzer=plain),
        dateline=TEXT(analyzer=plain),
    )


def create(path: Path, common: Iterable[str] = ()) -> index.Index:
    path = Path(path) / WHOOSH_DIR
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), make_schema(common))


def open_index(path: Path) -> index.Index:
    # No mmap: with it, Whoosh opens a segment's postings as BytesIO(mmap slice), which copies the whole
    # postings file into memory for every searcher (about 1 s and 450 MB at 100,000 articles, per thread).
    # Without it the sub-files are read by offset from the segment file, as fast for searching.
    return FileStorage(str(Path(path) / WHOOSH_DIR), supports_mmap=False).open_index()


def document(ord_: int, rec: ArticleRecord, variants: Iterable[str], schema: Schema | None = None) -> dict:
    """The Whoosh document for one store record; for an index written with `schema` (an older generation's,
    which an update appends to), without the pairs fields it lacks."""
    doc = {
        "id": rec.id,
        "ord": ord_,
        "title": rec.title,
        "body": rec.body,
        "names": " ; ".join(variants),
        "person": " ; ".join(rec.persons or []),
        "org": " ; ".join(rec.orgs or []),
        "resolution": ",".join(rec.resolutions or []),
        "source": rec.source or "",
        "dateline": rec.dateline or "",
    }
    for fieldname, pairs in PAIR_FIELDS.items():
        if schema is None or pairs in schema:
            doc[pairs] = doc[fieldname]  # the same string: the fused writer analyses it once for both fields
    return doc


