"""Score indexer.htmlpage's page dates on more real pages: htmldate's saved test pages.

htmldate 1.4.0 is the last release whose source distribution ships its `tests/cache` folder (69 saved
pages of ~65 sites: German, French and English blogs, magazines, public bodies, a few homepages) with
`tests/unit_tests.py`, whose assertions say which date `find_date` must return for each page. The
sdist is fetched with pip into a temporary folder at run time; the pages are never committed.

    python bench/pages_more.py            # fetch htmldate 1.4.0 with pip, score
    python bench/pages_more.py -v         # one line per case
    python bench/pages_more.py --src DIR  # an unpacked htmldate-1.4.0 folder

Expectations are read with `ast`, not by running htmldate: every comparison
`find_date(load_mock_page(URL), **options) == "YYYY-MM-DD"` (or `is None`) whose page is in the
`MOCK_PAGES` table. Cases are grouped by htmldate's options, since htmldate answers different
questions with them:

  default   no original_date / extensive_search option (or extensive_search=True): htmldate's default,
            which prefers the LATEST date it finds, so it may expect a modified date;
  original  original_date=True: the first publication date, the question this project asks;
  latest    original_date=False written out: the test asks for the last-modified date (not scored);
  skipped   extensive_search=False (a restricted search: its None says nothing about the page), and
            expected values that are not a date in the given output format.

A case in test_approximate_date is marked "approx": htmldate's own comment calls the value approximate
(a copyright year, "most probably ..."). The score counts, per group: right (same day), wrong (another
day), unknown (we give none), extra (we give a date where the case expects None). A page whose
"original" expectation exists is scored once, on that; "default" is scored on pages without one.
htmldate's tests name no headlines, so headlines are not scored here.
"""

from __future__ import annotations

import argparse
import ast
import collections
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.decode import decode_bytes  # noqa: E402
from indexer.htmlpage import parse_page  # noqa: E402

PACKAGE = "htmldate==1.4.0"


@dataclass
class Case:
    url: str
    file: str
    want: str | None  # "YYYY-MM-DD" or None (the test expects no date)
    group: str  # default / original / latest / skipped
    test: str  # the test function the assertion sits in
    line: int
    note: str = ""


def fetch(dest: str) -> str:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", PACKAGE, "-d", dest, "-q"],
        check=True,
    )
    sdist = glob.glob(os.path.join(dest, "htmldate-*.tar.gz"))[0]
    with tarfile.open(sdist) as tar:
        tar.extractall(dest, filter="data")
    return glob.glob(os.path.join(dest, "htmldate-*", ""))[0]


_NOT_CONSTANT = object()


def _const(node: ast.AST) -> object:
    return node.value if isinstance(node, ast.Constant) else _NOT_CONSTANT


def _mock_pages(tree: ast.Module) -> dict[str, str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "MOCK_PAGES" for t in node.targets):
            return {k.value: v.value for k, v in zip(node.value.keys, node.value.values)}  # type: ignore[union-attr]
    raise SystemExit("MOCK_PAGES not found in tests/unit_tests.py")


def _called(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def load_cases(src: str) -> list[Case]:
    path = os.path.join(src, "tests", "unit_tests.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    pages = _mock_pages(tree)
    cases: list[Case] = []
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and _called(node.left, "find_date")):
                continue
            call = node.left
            assert isinstance(call, ast.Call)
            if not call.args or not _called(call.args[0], "load_mock_page"):
                continue  # an inline HTML snippet, not a saved page
            url = _const(call.args[0].args[0])  # type: ignore[attr-defined]
            if url not in pages:
                continue
            opts = {k.arg: _const(k.value) for k in call.keywords}
            raw = _const(node.comparators[0])
            if isinstance(node.ops[0], ast.Is) and raw is None:
                want, note = None, ""
            elif isinstance(node.ops[0], ast.Eq) and isinstance(raw, str):
                want, note = _as_iso(raw, opts.get("outputformat")), ""
                if want is None:
                    note = f"expected {raw!r} is not a date in the output format"
            else:
                continue
            if opts.get("extensive_search") is False:
                group, note = "skipped", "extensive_search=False"
            elif note:
                group = "skipped"
            elif opts.get("original_date") is True:
                group = "original"
            elif opts.get("original_date") is False:
                group = "latest"
            else:
                group = "default"
            if fn.name == "test_approximate_date":
                note = (note + "; " if note else "") + "approx"
            cases.append(Case(url, pages[url], want, group, fn.name, node.lineno, note))
    return cases


def _as_iso(value: str, fmt: object) -> str | None:
    fmt = fmt if isinstance(fmt, str) else "%Y-%m-%d"
    try:
        return dt.datetime.strptime(value, fmt).date().isoformat()
    except ValueError:
        return None


def kind(got: str | None, want: str | None) -> str:
    if want is None:
        return "extra" if got else "both unknown"
    if got is None:
        return "unknown"
    return "right" if got == want else "wrong"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", help="an unpacked htmldate-1.4.0 folder (default: fetch with pip)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or fetch(tmp)
        cases = load_cases(src)
        ours: dict[str, tuple[str | None, str | None]] = {}
        for c in cases:
            if c.file not in ours:
                raw = open(os.path.join(src, "tests", "cache", c.file), "rb").read()
                info = parse_page(decode_bytes(raw, html=True))
                ours[c.file] = (info.date.iso() if info.date else None, info.date.source if info.date else None)
    by_group: dict[str, collections.Counter] = {}
    for c in cases:
        got, source = ours[c.file]
        k = kind(got, c.want)
        by_group.setdefault(c.group, collections.Counter())[k] += 1
        if args.verbose:
            print(
                f"  {c.group:8} {c.file:42} ours {got} ({source}) want {c.want} [{k}]"
                f"  {c.test}:{c.line}{'  ' + c.note if c.note else ''}"
            )
    # One verdict per page: its "original" expectation where it has one, else its "default" one.
    per_page: dict[str, Case] = {}
    for c in cases:
        if c.group == "original" or (c.group == "default" and c.file not in per_page):
            per_page[c.file] = c
    pages = collections.Counter(kind(ours[c.file][0], c.want) for c in per_page.values())
    approx = collections.Counter(kind(ours[c.file][0], c.want) for c in per_page.values() if "approx" in c.note)
    report = {
        "source": PACKAGE,
        "cases": len(cases),
        "pages_in_cases": len(ours),
        "per_page (original, else default)": {"pages": len(per_page), **dict(sorted(pages.items()))},
        "of which approximate expectations": dict(sorted(approx.items())),
        "by group": {g: dict(sorted(cnt.items())) for g, cnt in sorted(by_group.items())},
    }
    print(json.dumps(report, indent=1))
    wrong = [c for c in per_page.values() if kind(ours[c.file][0], c.want) in ("wrong", "extra")]
    for c in wrong:
        print(f"  {kind(ours[c.file][0], c.want):6} {c.file}: ours {ours[c.file][0]} ({ours[c.file][1]}) want {c.want}")


if __name__ == "__main__":
    main()
