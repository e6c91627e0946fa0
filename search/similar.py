"""More like this: other stories' articles most like one article, each with what it shares."""

from __future__ import annotations

import json
import re

from whoosh import classify
from whoosh import query as wq
from whoosh.reading import IndexReader

from . import boosted
from .generation import Generation
from .memo import Recent
from .records import SNIPPET_SCAN_CHARS

MLT_FIELD = "body"  # the field whose key terms "more like this" looks for
MLT_TERMS = 20  # distinctive words of an article that "more like this" looks for (Whoosh's default is 5)
MLT_ENTITY_BOOST = 3.0  # a person or organisation shared weighs as much as a few distinctive words


def more_like_this(gen: Generation, art_id: str, limit: int = 5) -> list[dict]:
    """Other stories' articles most like this one: its most distinctive words (Whoosh's Bo1 key terms over the
    body) and its people and organisations (by canonical name), each hit with what it shares. A generation never
    changes, so the lists of its most recently viewed articles are kept (a second view costs nothing), and each
    list is written for the server's other workers (search/sharedfiles.py): one of them computes it."""
    recent = gen.derived("related", lambda: Recent[list[dict]](RECENT_ARTICLES))
    found = recent.get((art_id, limit), lambda: _shared(gen, art_id, limit))
    return [{**hit, "shares": list(hit["shares"])} for hit in found]  # callers may change their copy


RECENT_ARTICLES = 4096  # related lists kept per generation (a few hundred bytes each)


def _shared(gen: Generation, art_id: str, limit: int) -> list[dict]:
    """The related list as JSON through the generation's shared files (the same round trip for every worker)."""
    if gen.shared is None:
        return _more_like_this(gen, art_id, limit)
    raw = gen.shared.blob(("related", art_id, limit),
                          lambda: json.dumps(_more_like_this(gen, art_id, limit)).encode("utf-8"))
    return json.loads(raw)


def _more_like_this(gen: Generation, art_id: str, limit: int) -> list[dict]:
    searcher = gen.searcher()
    docnum = searcher.document_number(id=art_id)
    store = gen.store()
    rec = store.get(art_id)
    if docnum is None or rec is None:
        return []
    story = rec.story_id
    text = rec.body[:SNIPPET_SCAN_CHARS]
    terms = key_terms(gen, text)
    entities = [("person", n) for n in rec.persons or []] + [("org", n) for n in rec.orgs or []]
    subs: list[wq.Query] = [wq.Term(MLT_FIELD, t, boost=w) for t, w in terms]
    for field_name, name in entities:
        tokens = [t.text for t in gen.schema[field_name].analyzer(name)]
        if tokens:
            subs.append(wq.Phrase(field_name, tokens, boost=MLT_ENTITY_BOOST) if len(tokens) > 1
                        else wq.Term(field_name, tokens[0], boost=MLT_ENTITY_BOOST))
    if not subs:
        return []
    ords = [int(gen.docnum_ord[d]) for d in _similar_docnums(gen, wq.Or(subs), docnum, limit * 4)]
    recs = store.get_many(ords)
    words = _surface_words(gen, text, {t for t, _w in terms})
    out = []
    for o in ords:
        other = recs.get(o)
        if not other or other.story_id == story:
            continue
        names = set(other.persons or []) | set(other.orgs or [])
        shared = [n for _f, n in entities if n in names]
        keys = {gen.snippet_analyzer.key(w) for w in re.findall(r"\w+", other.body[:SNIPPET_SCAN_CHARS])}
        shared += [w for t, w in words.items() if t in keys][:6]
        out.append({"id": other.id, "title": other.title, "date": other.date, "shares": shared[:8]})
        if len(out) == limit:
            break
    return out


def key_terms(gen: Generation, text: str) -> list[tuple[str, float]]:
    """`searcher.key_terms_from_text("body", text, MLT_TERMS, normalize=True)` (Whoosh's Bo1 expander), with each
    word's collection frequency looked up once per generation: an article's words are mostly common ones, and
    each lookup goes through every segment's term table (a third of a first article view's CPU at 100,000)."""
    return body_key_terms(gen.searcher().ixreader, gen.schema, _frequencies(gen), text)


def _frequencies(gen: Generation) -> dict:
    return gen.derived("body_frequencies", dict)


def keep_frequencies(gen: Generation, weights: dict[bytes, float]) -> None:
    """Keep the collection frequency of the body's words (bytes -> the reader's sum over segments, which the warm
    step reads from the term tables anyway), up to MAX_FREQUENCIES: a first article view then looks up none of
    its words (a fifth of its CPU at 100,000 articles)."""
    memo = _frequencies(gen)
    for raw, weight in weights.items():
        if len(memo) >= MAX_FREQUENCIES:
            break
        memo.setdefault((MLT_FIELD, raw), weight)


def body_key_terms(reader: IndexReader, schema, memo: dict, text: str) -> list[tuple[str, float]]:
    """The body's MLT_TERMS key terms of `text` by Whoosh's own `Expander`, its frequencies kept in `memo`."""
    expander = classify.Expander(_MemoFrequencies(reader, schema, memo), MLT_FIELD, model=classify.Bo1Model)
    expander.add_text(text)
    return expander.expanded_terms(MLT_TERMS, normalize=True)


MAX_FREQUENCIES = 500_000  # words whose frequency is kept per generation (a vocabulary, bounded)


class _MemoFrequencies:
    """The reader as Whoosh's `Expander` uses it (`in` and `frequency`, the rest passed through), with every
    answer of `frequency` kept in `memo`, None for a word the field does not have."""

    def __init__(self, reader: IndexReader, schema, memo: dict) -> None:
        self._reader, self.schema, self._memo = reader, schema, memo

    def __getattr__(self, name: str):
        return getattr(self._reader, name)

    def __contains__(self, key: tuple[str, bytes]) -> bool:
        return self.frequency(*key) is not None

    def frequency(self, fieldname: str, text: bytes) -> float | None:
        key = (fieldname, text)
        try:
            return self._memo[key]
        except KeyError:
            found = self._reader.frequency(fieldname, text) if key in self._reader else None
            if len(self._memo) < MAX_FREQUENCIES:
                self._memo[key] = found
            return found


def _similar_docnums(gen: Generation, q: wq.Or, docnum: int, limit: int) -> list[int]:
    """The best `limit` documents for `q` other than `docnum`: numpy (search/boosted.py) where it applies."""
    searcher = gen.searcher()
    if not boosted.supported(q, searcher):
        return [h.docnum for h in searcher.search(q, limit=limit, mask={docnum})]
    allowed = gen.docnum_ord >= 0
    allowed[docnum] = False
    return boosted.top(q, searcher, gen.lengths, gen.postings, allowed, limit).tolist()


def _surface_words(gen: Generation, text: str, stems: set[str]) -> dict[str, str]:
    """Each stem's first spelling in `text` (a word to show, not "compani")."""
    out: dict[str, str] = {}
    for w in re.findall(r"\w+", text):
        k = gen.snippet_analyzer.key(w)
        if k in stems and k not in out:
            out[k] = w.lower()
    return out
