"""The fused index-time analysis gives exactly Whoosh's postings: per field on real articles, and as whole
indexes written both ways (every term's postings, weights, position values, field lengths, stored fields)."""

from __future__ import annotations

from pathlib import Path

from devdata import reuters_records
from whoosh.writing import SegmentWriter

from archive import schema as fulltext
from archive.record import ArticleRecord
from indexer import fusedindex

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


def test_items_equal_whoosh_for_every_fused_field():
    schema = fulltext.make_schema()
    fused = fusedindex.FusedSchema(schema)
    assert set(fused.fields) == {"title", "body", "names", "person", "org", "source", "dateline"}
    compared = 0
    for doc in _docs(300):
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
            while m.is_active():
                rows.append((m.id(), m.weight(), m.value()))
                m.next()
            out[(fieldname, text)] = rows
        for name in ix.schema.scorable_names():
            out[("length", name)] = [r.doc_field_length(d, name) for d in range(r.doc_count_all())]
            out[("total", name)] = r.field_length(name)
        out["ord"] = list(r.column_reader("ord"))
    ix.close()
    return out


def test_whole_index_equals_whoosh_writer(tmp_path):
    docs = _docs(300)
    paths = []
    for kind in ("whoosh", "fused"):
        ix = fulltext.create(tmp_path / kind)
        writer = ix.writer()
        fused = fusedindex.FusedSchema(writer.schema)
        for doc in docs:
            if kind == "fused":
                fusedindex.add_document(writer, fused, doc)
            else:
                SegmentWriter.add_document(writer, **doc)
        writer.commit()
        ix.close()
        paths.append(tmp_path / kind)
    whoosh_dump, fused_dump = _dump(paths[0]), _dump(paths[1])
    assert whoosh_dump["docs"] == len(docs)
    assert len(whoosh_dump) > 5_000  # terms of every field were compared
    assert fused_dump == whoosh_dump


def _record(fields: dict) -> ArticleRecord:
    """A store record with these fields (no corpus identity: the test writes Whoosh documents only)."""
    return ArticleRecord.from_json({"key": "", "sources": [], **fields})
