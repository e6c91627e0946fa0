"""The numpy fast path gives exactly Whoosh's answers: the same matching documents and the same ranking
(scores equal to the last bit), for plain words and for phrases, sampled from real Reuters text.

The index is a real Whoosh index on disk in the archive's schema, written in two segments (the replayed
scores depend on each segment's matcher tree). The Reuters tests skip when ../shared/data is absent; the last
test runs everywhere, on articles recombined from the shipped corpus.
"""

from __future__ import annotations

import pickle
import random
import re
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
from devdata import reuters_records
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.qparser import MultifieldParser, QueryParser
from whoosh.query import NullQuery

from archive import schema as fulltext
from archive.record import ArticleRecord
from search import boosted, exactscores, fastpath, postingbytes, similar, valuebytes, warm
from search.fieldlengths import FieldLengths
from search.memo import Recent
from search.postingcache import PostingsCache

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = (1200, 600)  # articles per segment
WORD = re.compile(r"[a-z]{3,}")


@pytest.fixture(scope="module")
def reuters() -> list[dict]:
    return list(islice(reuters_records(), sum(SEGMENTS)))


@pytest.fixture(scope="module")
def ix(reuters, tmp_path_factory):
    path = tmp_path_factory.mktemp("fastpath")
    index = fulltext.create(path)
    start = 0
    for size in SEGMENTS:
        writer = index.writer()
        for o, rec in enumerate(reuters[start:start + size], start):
            names = rec.get("people", []) + rec.get("orgs", [])
            writer.add_document(**fulltext.document(o, _record({"id": str(rec["id"]), "title": rec["title"],
                                                        "body": rec["body"], "source": "Reuters",
                                                        "dateline": rec.get("dateline") or ""}), names))
        writer.commit(merge=False)
        start += size
    index = fulltext.open_index(path)
    assert len(index.reader().leaf_readers()) == len(SEGMENTS)
    return index


def _samples(reuters: list[dict], n: int, seed: int) -> list[tuple[str, ...]]:
    """Word runs of real bodies: `n` two-word and `n` three-word phrases, half of them of common words."""
    rng = random.Random(seed)
    runs: list[tuple[str, ...]] = []
    for length in (2, 3):
        for _ in range(n):
            words = WORD.findall(rng.choice(reuters)["body"].lower())
            if len(words) > length:
                k = rng.randrange(len(words) - length)
                runs.append(tuple(words[k:k + length]))
    common = ["said", "company", "year", "billion", "pct", "share", "bank", "oil", "market", "prices", "will", "new"]
    runs += [tuple(rng.sample(common, 2)) for _ in range(n)]  # mostly pairs that rarely touch: few matches
    return runs


def _compare(searcher, q, lengths, postings, trees: Recent | None = None) -> int:
    """Assert the fast path's matches and top 30 equal Whoosh's exhaustive search; returns the match count.
    With `trees`, the top and scores are asked twice more, the scoring trees built then kept, and must agree."""
    assert fastpath.supported(q, searcher), q
    found = fastpath.matches(q, searcher, lengths, postings)
    hits = searcher.search(q, limit=None)
    whoosh_docs = sorted(hit.docnum for hit in hits)
    assert found.docs.tolist() == whoosh_docs, q
    whoosh_top = [(hit.docnum, hit.score) for hit in hits][:30]
    top = fastpath.top(q, searcher, found, 30)
    exact = exactscores.exact_scores(q, searcher, np.sort(top), found.leaves)
    scores = dict(zip(np.sort(top).tolist(), exact.tolist()))
    # Whoosh's order (score descending, then document number) and its very scores.
    assert [(int(d), scores[int(d)]) for d in top] == sorted(whoosh_top, key=lambda t: (-t[1], t[0])), q
    for _ in range(2 if trees is not None else 0):
        assert fastpath.top(q, searcher, found, 30, trees).tolist() == top.tolist(), q
        assert exactscores.exact_scores(q, searcher, np.sort(top), found.leaves, trees).tolist() == exact.tolist(), q
    return len(whoosh_docs)


def _queries(ix, texts: list[str], fields: tuple[str, ...]):
    parser = MultifieldParser(list(fields), schema=ix.schema) if len(fields) > 1 else QueryParser(fields[0], ix.schema)
    parsed = [parser.parse(t).normalize() for t in texts]
    return [q for q in parsed if q is not NullQuery]  # only stop words: the engine refuses those


@pytest.mark.parametrize("fields", [("body",), ("title", "body"), fulltext.DEFAULT_FIELDS])
def test_phrases_match_and_rank_as_whoosh(ix, reuters, fields):
    texts = [f'"{" ".join(run)}"' for run in _samples(reuters, 30, seed=len(fields))]
    texts += ['"said it"~2', '"oil prices"~3', '"bank rate" cut', '"the company said"', '"pct pct"']
    lengths, postings, trees = FieldLengths(), PostingsCache(64 << 20), Recent[tuple](1000)
    with ix.searcher() as searcher:
        counts = [_compare(searcher, q, lengths, postings, trees) for q in _queries(ix, texts, fields)]
    assert sum(c > 0 for c in counts) > len(counts) // 2  # most samples do match something
    assert max(counts) > 100  # and some are common


@pytest.mark.parametrize("fields", [("body",), ("title", "body"), fulltext.DEFAULT_FIELDS])
def test_words_match_and_rank_as_whoosh(ix, reuters, fields):
    rng = random.Random(5)
    words = [rng.choice(WORD.findall(rng.choice(reuters)["body"].lower()) or ["oil"]) for _ in range(60)]
    texts = words[:20] + [f"{a} {b}" for a, b in zip(words[20:40], words[40:60])]
    texts += [f"{a} OR {b}" for a, b in zip(words[:10], words[10:20])]
    lengths, postings, trees = FieldLengths(), PostingsCache(64 << 20), Recent[tuple](1000)
    with ix.searcher() as searcher:
        counts = [_compare(searcher, q, lengths, postings, trees) for q in _queries(ix, texts, fields)]
    assert max(counts) > 100


def test_positions_decode_as_whoosh(ix, reuters):
    """Positions read from the blocks' bytes (search/postingbytes.py) are Whoosh's, for common words and 40
    sampled from the text (stemmed as the index has them)."""
    rng = random.Random(8)
    analyzer = ix.schema["body"].analyzer
    sampled = {t.text for r in rng.sample(reuters, 40) for t in islice(analyzer(rng.choice(
        WORD.findall(r["body"].lower()) or ["oil"])), 1)}
    postings = PostingsCache(64 << 20)
    with ix.searcher() as searcher:
        for word in ("said", "oil", "year", "volcker", *sorted(sampled)):
            occ = postings.positions(searcher, "body", word)
            start = 0
            whoosh = {}
            for sub, offset in searcher.leaf_searchers():
                m = sub.postings("body", word) if ("body", word) in sub.reader() else None
                while m is not None and m.is_active():
                    whoosh[m.id() + offset] = list(m.value_as("positions"))
                    m.next()
            ours = {}
            for d, c in zip(occ.docs.tolist(), occ.counts.tolist()):
                ours[d] = occ.positions[start:start + c].tolist()
                start += c
            assert ours == whoosh and ours, word


def test_postings_decode_as_whoosh(ix, reuters):
    """Document numbers and weights read from the blocks' bytes (search/postingbytes.py `read_blocks`) are
    Whoosh's own, for common and rare words of several fields."""
    rng = random.Random(7)
    words = ["said", "oil", "year", "pct", "the"] + [rng.choice(WORD.findall(r["body"].lower()) or ["oil"])
                                                     for r in rng.sample(reuters, 30)]
    with ix.searcher() as searcher:
        for fieldname in ("body", "title"):
            for word in words:
                docs, weights = PostingsCache(64 << 20).get(searcher, fieldname, word)
                whoosh = []
                for sub, offset in searcher.leaf_searchers():
                    m = sub.postings(fieldname, word) if (fieldname, word) in sub.reader() else None
                    while m is not None and m.is_active():
                        whoosh.append((m.id() + offset, m.weight()))
                        m.next()
                assert list(zip(docs.tolist(), weights.tolist())) == whoosh, (fieldname, word)


# ------------------------------------------------- on the shipped corpus (runs on a clean clone)

SHIPPED_SEGMENTS = (250, 150)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A two-segment index of 400 articles recombined (seeded) from the paragraphs of the shipped articles:
    the fast path is checked against Whoosh inside the suite even where ../shared/data is absent."""
    paras = [p.strip() for f in sorted((ROOT / "corpus").glob("*.txt"))
             for p in f.read_text(encoding="utf-8").split("\n") if len(p.split()) > 8]
    if len(paras) < 10:
        pytest.skip("the shipped corpus is absent")
    rng = random.Random(12)
    bodies = ["\n".join(rng.sample(paras, 3)) for _ in range(sum(SHIPPED_SEGMENTS))]
    path = tmp_path_factory.mktemp("fastpath-shipped")
    index = fulltext.create(path)
    start = 0
    for size in SHIPPED_SEGMENTS:
        writer = index.writer()
        for o in range(start, start + size):
            title = " ".join(bodies[o].split()[:8])
            writer.add_document(**fulltext.document(o, _record({"id": f"s{o}", "title": title, "body": bodies[o]}), []))
        writer.commit(merge=False)
        start += size
    return fulltext.open_index(path), bodies


@pytest.mark.parametrize("fields", [("body",), fulltext.DEFAULT_FIELDS])
def test_fast_path_matches_whoosh_on_the_shipped_text(shipped, fields):
    index, bodies = shipped
    rng = random.Random(len(fields))
    texts = []
    for _ in range(25):
        words = WORD.findall(rng.choice(bodies).lower())
        k = rng.randrange(len(words) - 3)
        texts += [words[k], f"{words[k]} {words[k + 2]}", f'"{words[k]} {words[k + 1]}"',
                  f'"{" ".join(words[k:k + 3])}"']
    lengths, postings = FieldLengths(), PostingsCache(64 << 20)
    with index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == len(SHIPPED_SEGMENTS)
        counts = [_compare(searcher, q, lengths, postings) for q in _queries(index, texts, fields)]
    assert len(counts) > 80 and sum(c > 0 for c in counts) > len(counts) // 2 and max(counts) > 100


# ------------------------------------------------- boosted ORs: the "more like this" query (search/boosted.py)

def _like_this(searcher, rec: dict, rng: random.Random) -> wq.Or:
    """The shape of the article page's query: the body's Bo1 key terms boosted by their weights, and a boosted
    two-word phrase (as a person's or organisation's name is searched)."""
    terms = searcher.key_terms_from_text("body", rec["body"], numterms=20, normalize=True)
    subs: list[wq.Query] = [wq.Term("body", t, boost=w) for t, w in terms]
    words = WORD.findall(rec["title"].lower())
    if len(words) > 2:
        k = rng.randrange(len(words) - 1)
        subs.append(wq.Phrase("body", words[k:k + 2], boost=3.0))
    return wq.Or(subs)


@pytest.mark.parametrize("tree", ["preloaded", "binary"])
def test_boosted_or_ranks_as_whoosh(ix, reuters, tree):
    """Whoosh's own `search(q, limit, mask={the article})` and the numpy path give the same documents in the
    same order with the same scores, for 25 sampled articles. Small segments make Whoosh preload an `Or`;
    segments of over 5,000 documents (as at 100,000 articles) get a binary tree of unions: both are checked."""
    rng = random.Random(18)
    lengths, postings = FieldLengths(), PostingsCache(64 << 20)
    with ix.searcher() as searcher:
        live = np.ones(searcher.doc_count_all(), dtype=bool)
        for docnum in rng.sample(range(searcher.doc_count_all()), 25):
            q = _like_this(searcher, reuters[docnum], rng)
            if tree == "binary":
                q.matcher_type = wq.Or.DEFAULT_MATCHER
            assert boosted.supported(q, searcher), q
            hits = searcher.search(q, limit=20, mask={docnum})
            allowed = live.copy()
            allowed[docnum] = False
            top = boosted.top(q, searcher, lengths, postings, allowed, 20)
            assert top.tolist() == [h.docnum for h in hits], q
            found = boosted.matches(q, searcher, lengths, postings)
            exact = exactscores.exact_scores(q, searcher, np.sort(top), found.leaves)
            assert dict(zip(np.sort(top).tolist(), exact.tolist())) == {h.docnum: h.score for h in hits}
            assert top.size == 20


def test_key_terms_with_kept_frequencies_are_whooshs(ix, reuters):
    """The article page's key terms, with each word's frequency kept across articles, equal Whoosh's
    `key_terms_from_text` for 40 sampled articles (the later ones mostly read kept frequencies)."""
    rng = random.Random(19)
    memo: dict = {}
    with ix.searcher() as searcher:
        for docnum in rng.sample(range(searcher.doc_count_all()), 40):
            body = reuters[docnum]["body"] + " zqxjvw"  # a word the index does not have
            assert similar.body_key_terms(searcher.ixreader, ix.schema, memo, body) == \
                searcher.key_terms_from_text("body", body, numterms=similar.MLT_TERMS, normalize=True)
    assert len(memo) > 1000 and memo[("body", b"zqxjvw")] is None


def test_boosted_or_refuses_what_it_cannot_replay(ix):
    with ix.searcher() as searcher:
        assert not boosted.supported(wq.And([wq.Term("body", "oil", boost=2.0)]), searcher)
        assert not boosted.supported(wq.Or([wq.Term("body", "oil")], boost=2.0), searcher)
        assert not boosted.supported(wq.Or([wq.Term("body", "oil", boost=-1.0)]), searcher)
        assert not boosted.supported(wq.Or([wq.Prefix("body", "oi")]), searcher)
        assert boosted.supported(wq.Or([wq.Term("body", "oil", boost=2.5)]), searcher)


def _record(fields: dict) -> ArticleRecord:
    """A store record with these fields (no corpus identity: the test writes Whoosh documents only)."""
    return ArticleRecord.from_json({"key": "", "sources": [], **fields})


# ------------------------------------------------- positions read from the blocks' bytes (search/postingbytes.py)

def _block(values: list[bytes], weights) -> tuple[bytes, int]:
    """A posting block's data as Whoosh 3 writes it (`W3PostingsWriter._write_block`: a protocol-2 pickle of
    (id deltas, weights, values)), for documents 7, 8, 10, ..."""
    ids = (7,) + tuple(1 + k % 3 for k in range(len(values) - 1))
    return pickle.dumps((ids, weights, tuple(values)), 2), len(values)


def _reference(blocks: list[tuple[bytes, int]]) -> tuple[list[int], list[int]]:
    fmt = Positions()
    counts, positions = [], []
    for data, _ in blocks:
        for v in pickle.loads(data)[2]:
            p = fmt.decode_positions(v)
            counts.append(len(p))
            positions += p
    return counts, positions


def _decoded(blocks: list[tuple[bytes, int]]) -> tuple[list[int], list[int], int]:
    parsed = []
    for data, count in blocks:
        quick = postingbytes.ids_weights(data, count)
        parsed.append((data, count) + (quick[2:] if quick else (None, None)))
    read_from_bytes = len(valuebytes.scan_values([b for b in parsed if b[2] is not None]))
    counts, positions = postingbytes.decode_values(*postingbytes._block_values(parsed))
    return counts.tolist(), positions.tolist(), read_from_bytes


def test_positions_read_from_bytes_as_pickle_reads_them():
    """Every layout a block's positions can take: deltas of 1, 2 and 4 bytes (and bytes over 0x7F, which the
    pickle writes as two UTF-8 bytes), memo indices past 255, no / one / many weights; the common layouts
    are read from the bytes (values shared by documents too, pickled as memo references), the others (a list of
    over 1,000 positions, pickled in batches; three documents or fewer) fall back to pickle."""
    rng = random.Random(3)
    fmt = Positions()

    def value(n: int, gap: int) -> bytes:
        at = rng.randrange(300)
        out = []
        for _ in range(n):
            out.append(at)
            at += rng.randint(1, gap)
        return fmt.encode(out)

    plain = [value(rng.randint(1, 40), rng.choice([3, 200, 1000, 90_000])) for _ in range(128)]
    blocks = [_block(plain, tuple(float(rng.randint(1, 9)) for _ in plain)),
              _block(plain[:50], None), _block(plain[50:90], 2.0), _block(plain[90:], (1.0,) * 38)]
    counts, positions, fast = _decoded(blocks)
    assert (counts, positions) == _reference(blocks) and fast == len(blocks)
    # One byte string in several documents (the indexer shares a word's value between documents where it
    # occurs once at the same position) is pickled as a memo reference: right after the first item, to an
    # item past memo 256 (`j`), several in a row, and as the last item.
    shared = list(plain)
    shared[1] = shared[0]
    shared[100] = shared[120] = shared[90]
    shared[50] = shared[51] = shared[49]
    shared[127] = shared[5]
    refs = [_block(shared, None), _block(shared[:60], 3.0), _block(plain[:10] + [plain[3], plain[3]], None)]
    counts, positions, fast = _decoded(refs)
    assert (counts, positions) == _reference(refs) and fast == len(refs)
    odd = [_block(plain[:20] + [value(1001, 4)], None), _block(plain[:3], None)]
    for block in odd:
        counts, positions, fast = _decoded([blocks[1], block, blocks[2]])
        assert (counts, positions) == _reference([blocks[1], block, blocks[2]])
    assert _decoded([blocks[1], odd[0]])[2] == 2  # the block of 1,001 positions is read from bytes, its value not


def _shape(m) -> tuple:
    """A matcher tree's node types and leaf words (what the score replay follows)."""
    kids = [getattr(m, k) for k in ("a", "b", "child") if hasattr(m, k)] + list(getattr(m, "_submatchers", []))
    return (type(m).__name__, getattr(m, "_term", None), tuple(_shape(k) for k in kids))


def test_kept_scoring_trees_are_the_ones_whoosh_builds_for_that_query_and_segment(ix, reuters):
    """The trees kept between requests are per query and per segment: each kept one is the tree Whoosh builds
    for its own query and segment, and some queries' trees differ between segments (so a key without the
    segment, or without the query, would hand a request another tree)."""
    rng = random.Random(8)
    words = [rng.choice(WORD.findall(rng.choice(reuters)["body"].lower()) or ["oil"]) for _ in range(40)]
    texts = [f"{a} {b} {c}" for a, b, c in zip(words[:20], words[20:40], words[::2])] + ["said OR company OR oil"]
    lengths, postings, trees = FieldLengths(), PostingsCache(64 << 20), Recent[tuple](1000)
    differ = 0
    with ix.searcher() as searcher:
        subs = [sub for sub, _ in searcher.leaf_searchers()]
        queries = _queries(ix, texts, fulltext.DEFAULT_FIELDS)
        for q in queries:
            found = fastpath.matches(q, searcher, lengths, postings)
            exactscores.exact_scores(q, searcher, found.docs, found.leaves, trees)
            fresh = [_shape(q.matcher(exactscores._TreeOnly(sub), searcher.context())) for sub in subs]
            for i in range(len(subs)):
                kept = trees._items.get((id(q), i))
                if kept is not None:
                    assert kept[0] is q and _shape(kept[1]) == fresh[i], (q, i)
            differ += len(set(fresh)) > 1
    assert len(subs) > 1 and differ > 0


def test_warmed_frequencies_are_the_readers_and_give_whooshs_key_terms(ix, reuters):
    """The warm step's collection frequencies (every body word's, from the term tables of both segments) equal the
    reader's own sums, and "more like this" key terms read from them equal Whoosh's for 40 sampled articles."""
    with ix.searcher() as searcher:
        totals = warm.field_totals(searcher, "body")
        reader = searcher.ixreader
        assert len(totals.weights) > 1000
        assert all(reader.frequency("body", raw) == f for raw, f in totals.weights.items())
        memo = {("body", raw): f for raw, f in totals.weights.items()}
        size = len(memo)
        rng = random.Random(23)
        for docnum in rng.sample(range(searcher.doc_count_all()), 40):
            body = reuters[docnum]["body"]
            assert similar.body_key_terms(reader, ix.schema, memo, body) == \
                searcher.key_terms_from_text("body", body, numterms=similar.MLT_TERMS, normalize=True)
        assert len(memo) == size  # every word was found kept


def test_counting_and_sorting_combine_to_the_same_bits(ix, reuters, monkeypatch):
    """The two ways `combine` joins words (counting into index-long arrays, sorting the postings) give the same
    matches and the same approximate scores, bit for bit, on words, pairs, alternatives and phrases."""
    rng = random.Random(11)
    words = [rng.choice(WORD.findall(rng.choice(reuters)["body"].lower()) or ["oil"]) for _ in range(40)]
    texts = words[:10] + [f"{a} {b}" for a, b in zip(words[10:25], words[25:40])]
    texts += [f"{a} OR {b}" for a, b in zip(words[:10], words[10:20])] + ["said company", '"oil prices" OR bank']
    with ix.searcher() as searcher:
        queries = _queries(ix, texts, fulltext.DEFAULT_FIELDS)
        answers = []
        for ratio in (10 ** 9, 0):  # every combination counted, then every one sorted
            monkeypatch.setattr(fastpath, "DENSE_RATIO", ratio)
            found = [fastpath.matches(q, searcher, FieldLengths(), PostingsCache(64 << 20)) for q in queries]
            answers.append([(f.docs.tolist(), f.scores.tobytes()) for f in found])
    assert answers[0] == answers[1]
    assert sum(len(docs) > 100 for docs, _ in answers[0]) > 5  # common words among them
