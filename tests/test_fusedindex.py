"""The fused index-time analysis gives exactly Whoosh's postings: per field on real articles, and as whole
indexes written both ways (every term's postings, weights, position values, field lengths, stored fields)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

from devdata import reuters_records
from whoosh.writing import SegmentWriter

from archive import schema as fulltext
from archive.record import ArticleRecord
from indexer import fusedindex, fusedpairs, fusedpool

ODD_TEXTS = [
    "",
    "the of and",  # only stop words: no postings, length 0
    "a the Bank",  # the first kept word after stop words keeps its own position
    "Ça été l'ÉTÉ à İstanbul: ﬁnance, naïve CAFÉ",  # non-ASCII: lower-cased per token, as Whoosh does
    "U.S. 3.5 pct a.b.c x*y ** said said said Said SAID",
    "Mr. O'Neill's co-operation -- e-mail_address 1,000,000 dlrs\n\nReuter",
]


def _docs(n: int) -> list[dict]:
    out = []
    for rec in reuters_records():
        names = rec.get("people", []) + rec.get("orgs", [])
        out.append(fulltext.document(len(out), _record({
            "id": str(rec["id"]), "title": rec["title"], "body": rec["body"], "source": "Reuters",
            "dateline": rec.get("dateline") or "", "persons": rec.get("people", []),
            "orgs": rec.get("orgs", []), "resolutions": ["S/RES/242 (1967)"] if len(out) % 7 == 0 else [],
        }), names))
        if len(out) == n:
            break
    for text in ODD_TEXTS:
        out.append(fulltext.document(len(out), _record({"id": f"odd{len(out)}", "title": text, "body": text,
                                                "dateline": text, "persons": [text]}), [text]))
    return out


def _common(docs: list[dict]) -> list[str]:
    """The words whose pairs the pairs fields hold, as a build chooses them."""
    return fusedpairs.common_words(fulltext.make_schema()["body"], [d["body"] for d in docs], fusedpairs.PAIRED_WORDS)


def test_items_equal_whoosh_for_every_fused_field():
    docs = _docs(300)
    schema = fulltext.make_schema(_common(docs))
    fused = fusedindex.FusedSchema(schema)
    assert set(fused.fields) == {"title", "body", "names", "person", "org", "source", "dateline", "title_pairs",
                                 "body_pairs"}
    compared = 0
    for doc in docs:
        for name, field in fused.fields.items():
            assert field.index(doc[name]) == list(schema[name].index(doc[name])), (name, doc[name][:80])
            compared += 1
    assert compared > 2000


def test_other_analyzers_are_left_to_whoosh():
    from whoosh.analysis import FancyAnalyzer, StemmingAnalyzer
    from whoosh.fields import TEXT

    assert not fusedindex.FusedField.supports(TEXT(analyzer=FancyAnalyzer()))
    assert not fusedindex.FusedField.supports(TEXT(analyzer=StemmingAnalyzer(), phrase=False))  # frequency only
    assert fusedindex.FusedField.supports(TEXT(analyzer=StemmingAnalyzer()))


def _dump(path: Path) -> dict:
    """Everything a search reads from an index: postings with values, lengths, stored fields, columns."""
    ix = fulltext.open_index(path)
    with ix.searcher() as s:
        r = s.reader()
        out = {"docs": r.doc_count_all(), "stored": [r.stored_fields(d) for d in range(r.doc_count_all())]}
        for fieldname, text in r.all_terms():
            m = r.postings(fieldname, text)
            rows = []
            while m.is_active():  # with the statistics of the posting's block (a block is skipped on them)
                rows.append((m.id(), m.weight(), m.value(), m.block_min_length(), m.block_max_length(),
                             m.block_max_weight()))
                m.next()
            info = r.term_info(fieldname, text)
            out[(fieldname, text)] = (rows, info.weight(), info.doc_frequency(), info.min_length(),
                                      info.max_length(), info.max_weight(), info.min_id(), info.max_id())
        for name in ix.schema.scorable_names():
            out[("length", name)] = [r.doc_field_length(d, name) for d in range(r.doc_count_all())]
            out[("total", name)] = r.field_length(name)
        out["ord"] = list(r.column_reader("ord"))
    ix.close()
    return out


def test_whole_index_equals_whoosh_writer(tmp_path):
    docs = _docs(300)
    dumps = {}
    # the fused analysis alone; with the fused pool; with the fused pool spilling sorted runs (1 MB)
    for kind, pool, limitmb in (("whoosh", False, 128), ("fused", False, 128), ("pool", True, 128),
                                ("spilled", True, 1)):
        ix = fulltext.create(tmp_path / kind, _common(docs))
        writer = ix.writer(limitmb=limitmb)
        if pool:
            fusedpool.install(writer)
        fused = fusedindex.FusedSchema(writer.schema)
        for doc in docs:
            if kind == "whoosh":
                SegmentWriter.add_document(writer, **doc)
            else:
                fusedindex.add_document(writer, fused, doc)
        if kind == "spilled":
            assert writer.pool.runs  # the limit was reached: Whoosh's merge of runs wrote the segment
        writer.commit()
        ix.close()
        dumps[kind] = _dump(tmp_path / kind)
    assert dumps["whoosh"]["docs"] == len(docs)
    assert sum(key[0] == "body_pairs" for key in dumps["whoosh"] if isinstance(key, tuple)) > 2_000
    assert len(dumps["whoosh"]) > 5_000  # terms of every field were compared
    assert any(len(v[0]) > 128 for v in dumps["whoosh"].values() if isinstance(v, tuple))  # several blocks
    for kind in ("fused", "pool", "spilled"):
        assert dumps[kind] == dumps["whoosh"], kind


def _record(fields: dict) -> ArticleRecord:
    """A store record with these fields (no corpus identity: the test writes Whoosh documents only)."""
    return ArticleRecord.from_json({"key": "", "sources": [], **fields})


def _segment_files(path: Path) -> dict[str, bytes]:
    """A one-segment index's files by name without the segment's random id (the table of contents, which
    names it, left out)."""
    return {f.name.split(".", 1)[1]: f.read_bytes() for f in path.rglob("*") if f.is_file() and "." in f.name
            and not f.name.endswith(".toc")}


def test_one_block_terms_are_written_to_the_same_bytes(tmp_path, monkeypatch):
    """`fusedpool._write_one_block_term` writes what Whoosh's start_term / add_posting / finish_term write:
    postings and terms files byte for byte (and every other file of the segment)."""
    docs = _docs(300)

    def whoosh_steps(fw, pw, key, ids, weights, values, lens, fixedsize):
        fw.start_term(key[2:])
        fusedpool._add_block(pw, ids, weights, values, lens)
        fw.finish_term()

    files = {}
    for kind in ("whoosh steps", "one function"):
        if kind == "whoosh steps":
            monkeypatch.setattr(fusedpool, "_write_one_block_term", whoosh_steps)
        else:
            monkeypatch.undo()
        ix = fulltext.create(tmp_path / kind, _common(docs))
        writer = ix.writer(compound=False)
        fusedpool.install(writer)
        fused = fusedindex.FusedSchema(writer.schema)
        for doc in docs:
            fusedindex.add_document(writer, fused, doc)
        writer.commit()
        ix.close()
        files[kind] = _segment_files(tmp_path / kind)
    assert {"pst", "trm", "_body_len.col", "_stored.col"} <= set(files["one function"])
    assert files["one function"] == files["whoosh steps"]


def test_fused_postings_out_of_order_come_out_in_whooshs_order(tmp_path):
    """Postings of a fused field that arrive out of docnum order (never in a rebuild), and a field that also
    took items, come out of the pool sorted as Whoosh's pool sorts its tuples."""
    schema = fulltext.make_schema()
    body = fusedindex.FusedSchema(schema).fields["body"]
    ix = fulltext.create(tmp_path / "ix")
    writer = ix.writer()
    fusedpool.install(writer)
    pool = writer.pool
    texts = [(7, "Bank rates rose, the bank said."), (3, "Rates fell at the bank"), (5, "bank bank rates")]
    expected = []
    for docnum, text in texts:
        body.post(text, docnum, pool.field_postings("body"))
        expected += [("body", t, docnum, w, v) for t, _f, w, v in body.index(text)]
    items = body.index("bank notes")
    pool.add_field("body", 4, items)
    expected += [("body", t, 4, w, v) for t, _f, w, v in items]
    assert list(pool.iter_postings()) == sorted(expected)
    writer.cancel()
    ix.close()


def _traced_adding(tmp_path: Path, docs: list[dict], limitmb: int) -> tuple[Any, int, int]:
    """(the pool, the Python memory the writer holds more after adding `docs`, the most it held more meanwhile)."""
    ix = fulltext.create(tmp_path)
    writer = ix.writer(limitmb=limitmb)
    fusedpool.install(writer)
    fused = fusedindex.FusedSchema(writer.schema)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for doc in docs:
            fusedindex.add_document(writer, fused, doc)
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    writer.cancel()
    ix.close()
    return writer.pool, now - base, peak - base


def test_the_pools_limit_bounds_the_memory_it_holds(tmp_path):
    """The pool counts at least the memory its postings take (its limit is what a writer holds), and spilling a
    run does not take several times the pool's memory (every posting made a tuple at once did: 4x the limit)."""
    docs = _docs(300)
    pool, held, _peak = _traced_adding(tmp_path / "held", docs, 1 << 20)
    assert not pool.runs and pool.postings > 20_000
    assert pool.currentsize >= 0.9 * held
    pool, _held, peak = _traced_adding(tmp_path / "spilled", docs, 2)
    assert len(pool.runs) >= 2
    assert peak <= 1.5 * pool.limit
