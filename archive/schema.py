"""The Whoosh side of a generation: its schema, opening it, and the document of one article.

Whoosh holds only what it must: the inverted index for finding and ranking articles, phrase positions
for "quoted phrases", and the `ord` column that maps its document numbers to store rows and facet
arrays. Bodies, titles for display, dates and stories live in the store and the facet arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from .layout import WHOOSH_DIR
from .record import ArticleRecord

# Fields a query searches when it names none; `title` weighs more than body text.
DEFAULT_FIELDS = ("title", "body", "names")


def make_schema() -> Schema:
    """The schema every generation is written with."""
    stem = StemmingAnalyzer()
    plain = StandardAnalyzer(stoplist=None)
    return Schema(
        id=ID(stored=True, unique=True),
        ord=NUMERIC(int, bits=64, stored=True, sortable=True),
        title=TEXT(analyzer=stem, field_boost=2.0),
        body=TEXT(analyzer=stem, phrase=True),
        # Canonical names and every spelling seen, so `q=JeM` finds Jaish-e-Mohammed however spelled.
        names=TEXT(analyzer=plain, field_boost=1.5),
        person=TEXT(analyzer=plain),
        org=TEXT(analyzer=plain),
        resolution=KEYWORD(commas=True),
        source=TEXT(analyzer=plain),
        dateline=TEXT(analyzer=plain),
    )


def create(path: Path) -> index.Index:
    path = Path(path) / WHOOSH_DIR
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), make_schema())


def open_index(path: Path) -> index.Index:
    # No mmap: with it, Whoosh opens a segment's postings as BytesIO(mmap slice), which copies the whole
    # postings file into memory for every searcher (about 1 s and 450 MB at 100,000 articles, per thread).
    # Without it the sub-files are read by offset from the segment file, as fast for searching.
    return FileStorage(str(Path(path) / WHOOSH_DIR), supports_mmap=False).open_index()


def document(ord_: int, rec: ArticleRecord, variants: Iterable[str]) -> dict:
    """The Whoosh document for one store record."""
    return {
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


