"""Phrases answered from the pairs fields (`archive.schema.PAIR_FIELDS`) are Whoosh's answers.

Sampled phrases of real Reuters bodies (runs across stop words, inflected words, pairs of frequent words) on a
two-segment index written with the pairs fields and on one written without them (a generation from before the
fields, answered from positions); the pairs path reads no positions; and an update of a generation written
without the fields, searched through the API, gives what a rebuild with them gives. The Reuters tests skip when
../shared/data is absent; the update test runs on the shipped articles.
"""

from __future__ import annotations

import random
import re
import shutil
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from devdata import reuters_records
from test_fastpath import _compare, _queries, _record
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS

from app import create_app
from archive import schema as fulltext
from archive.layout import WHOOSH_DIR, current_path
from indexer import build
from indexer.fusedpairs import PAIRED_WORDS, SAMPLE_ARTICLES, common_words
from search import fastpath, phraseblocks, postingcache
from search.fieldlengths import FieldLengths
from search.generation import IndexHandle
from search.memo import Recent
from search.postingcache import PostingsCache

SEGMENTS = (1200, 600)
RAW_WORD = re.compile(r"[A-Za-z]+")


def _schema(pairs: bool, docs: list[dict] = ()):
    """The archive's schema, its pairs fields holding the pairs of the docs' common words; or without them."""
    schema = fulltext.make_schema(common_words(fulltext.make_schema()["body"], [d["body"] for d in docs],
                                               PAIRED_WORDS))
    if not pairs:  # the schema generations had before the pairs fields
        for name in fulltext.PAIR_FIELDS.values():
            schema.remove(name)
    return schema


def _write(path: Path, docs: list[dict], pairs: bool):
    (path / WHOOSH_DIR).mkdir(parents=True)
    index = whoosh_index.create_in(str(path / WHOOSH_DIR), _schema(pairs, docs[:SAMPLE_ARTICLES]))
    start = 0
    for size in SEGMENTS:
        writer = index.writer()
        for o, rec in enumerate(docs[start:start + size], start):
            names = rec.get("people", []) + rec.get("orgs", [])
            record = _record({"id": str(rec["id"]), "title": rec["title"], "body": rec["body"], "source": "Reuters",
                              "dateline": rec.get("dateline") or ""})
            writer.add_document(**fulltext.document(o, record, names, writer.schema))
        writer.commit(merge=False)
        start += size
    return fulltext.open_index(path)


@pytest.fixture(scope="module")
def indexes(tmp_path_factory) -> tuple[list[dict], dict]:
    docs = list(islice(reuters_records(), sum(SEGMENTS)))
    root = tmp_path_factory.mktemp("pairs")
    return docs, {pairs: _write(root / str(pairs), docs, pairs) for pairs in (True, False)}


def _phrases(docs: list[dict], n: int, seed: int) -> list[str]:
    """Runs of 2 to 4 words of real bodies as typed (with their stop words and inflections), and pairs of
    frequent words."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        words = RAW_WORD.findall(rng.choice(docs)["body"])
        size = rng.choice((2, 2, 3, 4))
        if len(words) > size:
            k = rng.randrange(len(words) - size)
            out.append(" ".join(words[k:k + size]))
    common = ["said", "company", "year", "billion", "pct", "share", "shares", "bank", "oil", "prices", "dlrs", "mln"]
    out += [" ".join(rng.sample(common, 2)) for _ in range(n // 3)]
    return [f'"{p}"' for p in out]


@pytest.mark.parametrize("fields", [("body",), fulltext.DEFAULT_FIELDS])
def test_sampled_phrases_are_whooshs_with_and_without_pairs(indexes, fields):
    docs, by_pairs = indexes
    texts = _phrases(docs, 90, seed=len(fields))
    inner_stop = [t for t in texts if any(w.lower() in STOP_WORDS for w in t.strip('"').split()[1:-1])]
    stemmed = [t for t in texts if any(w.lower().endswith(("s", "ed", "ing")) for w in t.strip('"').split())]
    assert len(inner_stop) >= 10 and len(stemmed) >= 30  # the samples do cross stop words and inflections
    found = {}
    for pairs, ix in by_pairs.items():
        assert (fulltext.PAIR_FIELDS["body"] in ix.schema) is pairs
        lengths, postings, trees = FieldLengths(), PostingsCache(64 << 20), Recent[tuple](1000)
        with ix.searcher() as searcher:
            found[pairs] = [_compare(searcher, q, lengths, postings, trees) for q in _queries(ix, texts, fields)]
    assert found[True] == found[False]
    assert sum(c > 0 for c in found[True]) > len(texts) // 2 and max(found[True]) > 100


def test_two_word_phrases_of_common_words_read_no_positions(indexes):
    docs, by_pairs = indexes
    common = sorted(fulltext.paired_words(by_pairs[True].schema, "body") or ())
    assert len(common) == PAIRED_WORDS and fulltext.paired_words(by_pairs[False].schema, "body") is None
    rng = random.Random(7)
    words = [rng.sample(common, 2) for _ in range(40)]  # as analysed: a stem typed in a query may stem again
    for pairs, ix in by_pairs.items():
        postings = PostingsCache(64 << 20)
        with ix.searcher() as searcher:
            for q in (wq.Or([wq.Phrase("title", w), wq.Phrase("body", w)]) for w in words):
                assert fastpath.supported(q, searcher)
                fastpath.matches(q, searcher, FieldLengths(), postings)
        read = {key[0] for key in postings._items}
        assert ("positions" in read) is not pairs, pairs


def _phrase_answers(ix: Path, corpus: Path, texts: list[str]) -> list[tuple[int, set[str]]]:
    client = create_app({"INDEX_DIR": str(ix), "CORPUS_DIR": str(corpus)}).test_client()
    out = []
    for text in texts:
        got = client.get("/api/search", query_string={"q": text, "versions": "all", "per_page": 100}).get_json()
        out.append((got["total"], {h["id"] for h in got["hits"]}))
    return out


def test_an_update_of_a_generation_without_pairs_answers_as_a_rebuild(tmp_path, seed_corpus, monkeypatch):
    """A generation written before the pairs fields stays without them when updated (its phrases answered from
    positions); its answers are those of a rebuild, which has the fields, of an update of a generation with
    them, and Whoosh's own."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = sorted(seed_corpus.glob("*.txt"))
    for f in articles[:3]:
        shutil.copy(f, corpus / f.name)
    old, grown, new = tmp_path / "old", tmp_path / "grown", tmp_path / "new"
    before = _schema(pairs=False)
    with monkeypatch.context() as m:
        m.setattr(fulltext, "make_schema", lambda common=(): before)  # the code before the pairs fields: no such
        m.setattr(fulltext, "PAIR_FIELDS", {})  # field in the schema nor in the documents
        build.rebuild(corpus, old)
    build.rebuild(corpus, grown)  # with the pairs fields: an update adds pairs through Whoosh's own writer
    for f in articles[3:]:
        shutil.copy(f, corpus / f.name)
    for ix in (old, grown):
        assert build.update(corpus, ix).articles_added == len(articles) - 3
    build.rebuild(corpus, new)
    assert fulltext.PAIR_FIELDS["body"] not in IndexHandle(old).current().schema
    assert fulltext.PAIR_FIELDS["body"] in IndexHandle(new).current().schema
    assert fulltext.paired_words(IndexHandle(grown).current().schema, "body")
    bodies = [f.read_text(encoding="utf-8") for f in articles]
    rng = random.Random(3)
    texts = []
    while len(texts) < 40:
        words = RAW_WORD.findall(rng.choice(bodies))
        k = rng.randrange(len(words) - 4)
        run = words[k:k + rng.choice((2, 3, 4))]
        if any(w.lower() not in STOP_WORDS and len(w) > 1 for w in run):  # only stop words: refused (400)
            texts.append(f'"{" ".join(run)}"')
    answers = _phrase_answers(old, corpus, texts)
    assert answers == _phrase_answers(new, corpus, texts) == _phrase_answers(grown, corpus, texts)
    assert sum(total > 0 for total, _ in answers) > 30
    ix = fulltext.open_index(current_path(new))
    with ix.searcher() as searcher:  # and Whoosh's own matches, through the same parse as the engine's
        for q, (total, _) in zip(_queries(ix, texts, fulltext.DEFAULT_FIELDS), answers, strict=True):
            assert len(searcher.search(q, limit=None)) == total, q


def test_positions_read_in_the_candidates_blocks_are_the_words_own(indexes):
    """`phraseblocks.positions_in` gives a word's very positions in the candidate documents (read from their
    blocks only), and declines when the candidates' blocks are most of the word's."""
    _docs, by_pairs = indexes
    rng = np.random.default_rng(4)
    with by_pairs[False].searcher() as searcher:
        for _n, term in searcher.reader().most_frequent_terms("body", number=8):
            word = term.decode("utf-8")
            full = postingcache.read_positions(searcher, "body", word)
            assert full[0].size > 300
            few = np.sort(rng.choice(full[0][:100], size=5, replace=False)).astype(np.int64)  # in its first block
            others = np.setdiff1d(np.arange(full[0][0], full[0][100]), full[0])[:5]  # documents without the word
            got = phraseblocks.positions_in(searcher, "body", word, np.union1d(few, others))
            assert got is not None and got.docs.size < full[0].size
            starts = np.cumsum(full[2]) - full[2]
            for d in few.tolist():
                k, j = int(np.searchsorted(full[0], d)), int(np.searchsorted(got.docs, d))
                assert got.docs[j] == d and got.counts[j] == full[2][k]
                at = int(np.cumsum(got.counts)[j] - got.counts[j])
                mine = got.positions[at:at + got.counts[j]].tolist()
                assert mine == full[3][starts[k]:starts[k] + full[2][k]].tolist()
            assert not set(others.tolist()) & set(got.docs.tolist())
            assert phraseblocks.positions_in(searcher, "body", word, full[0].astype(np.int64)) is None
