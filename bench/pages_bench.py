"""Score indexer.htmlpage on real saved news pages (newspaper4k's test pages).

The pages are other people's text: they are fetched at run time into a temp dir, never committed.

    python bench/pages_bench.py                       # fetch newspaper4k 0.9.6 sdist with pip, score
    python bench/pages_bench.py --data DIR            # DIR = an unpacked .../tests/data
    python bench/pages_bench.py --trafilatura-python /path/to/venv/bin/python   # also score trafilatura

Scores: headline exactly right (whitespace-normalised), body word-level F1 against the expected text
(bag of words; CJK/Thai scored per character), date right / wrong / unknown against the expected
publish date (to the day), and parse time per page.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.decode import decode_bytes  # noqa: E402
from indexer.htmlpage import parse_page  # noqa: E402

PACKAGE = "newspaper4k==0.9.6"
_SCRIPT_CHARS = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

TRAF_SNIPPET = r"""
import json, sys, trafilatura
out = {}
for name, path in json.load(sys.stdin).items():
    html = open(path, 'rb').read()
    try:
        d = trafilatura.bare_extraction(html, with_metadata=True, as_dict=True)
    except TypeError:
        d = trafilatura.bare_extraction(html, with_metadata=True)
        d = d.as_dict() if hasattr(d, 'as_dict') else dict(d)
    d = d or {}
    out[name] = {'title': d.get('title'), 'text': d.get('text') or '', 'date': d.get('date')}
print(json.dumps(out))
"""


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for w in re.findall(r"\w+", (text or "").lower()):
        if _SCRIPT_CHARS.search(w):
            out.extend(w)  # scripts without spaces: score characters
        else:
            out.append(w)
    return out


def f1(got: str, want: str) -> float:
    g, w = collections.Counter(tokens(got)), collections.Counter(tokens(want))
    if not g and not w:
        return 1.0
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def fetch(dest: str) -> str:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-binary",
            ":all:",
            "--no-deps",
            PACKAGE,
            "-d",
            dest,
            "-q",
        ],
        check=True,
    )
    sdist = glob.glob(os.path.join(dest, "newspaper4k-*.tar.gz"))[0]
    with tarfile.open(sdist) as tar:
        tar.extractall(dest, filter="data")
    return glob.glob(os.path.join(dest, "newspaper4k-*", "tests", "data"))[0]


def load_cases(data: str) -> list[dict]:
    cases = []
    for meta_path in sorted(glob.glob(os.path.join(data, "metadata", "*.json"))):
        name = Path(meta_path).stem
        html_path = os.path.join(data, "html", name + ".html")
        if not os.path.exists(html_path):
            continue
        meta = json.load(open(meta_path, encoding="utf-8"))
        txt_path = os.path.join(data, "txt", name + ".txt")
        text = open(txt_path, encoding="utf-8").read() if os.path.exists(txt_path) else meta.get("text", "")
        cases.append(
            {
                "name": name,
                "html": html_path,
                "title": meta.get("title"),
                "text": text,
                "date": (meta.get("publish_date") or "")[:10] or None,
            }
        )
    return cases


def score(cases: list[dict], results: dict[str, dict], label: str, verbose: bool) -> dict:
    titles = f1s = 0.0
    dates = collections.Counter({"right": 0, "wrong": 0, "unknown": 0})  # zeros shown too
    for c in cases:
        r = results[c["name"]]
        ok_title = norm(r["title"]) == norm(c["title"])
        fs = f1(r["text"], c["text"])
        titles += ok_title
        f1s += fs
        got, want = r["date"], c["date"]
        kind = (
            ("right" if got == want else "wrong")
            if got and want
            else ("unknown" if want else ("extra (no reference)" if got else "both unknown"))
        )
        dates[kind] += 1
        if verbose:
            flag = "" if ok_title else f"  title got {r['title']!r} want {c['title']!r}"
            print(f"  {label:12} {c['name']:22} F1 {fs:.3f} date {got} vs {want} [{kind}]{flag}")
    n = len(cases)
    return {"pages": n, "title_exact": titles / n, "body_f1": f1s / n, "dates": dict(dates)}


def run_ours(cases: list[dict]) -> tuple[dict[str, dict], float]:
    out = {}
    t0 = time.perf_counter()
    for c in cases:
        info = parse_page(decode_bytes(open(c["html"], "rb").read(), html=True))
        out[c["name"]] = {
            "title": info.title,
            "text": info.body,
            "date": info.date.iso() if info.date else None,
        }
    return out, (time.perf_counter() - t0) / len(cases) * 1000


def run_trafilatura(python: str, cases: list[dict]) -> dict[str, dict]:
    proc = subprocess.run(
        [python, "-c", TRAF_SNIPPET],
        input=json.dumps({c["name"]: c["html"] for c in cases}),
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(proc.stdout)
    for v in out.values():
        v["date"] = (v.get("date") or "")[:10] or None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="an unpacked newspaper4k tests/data folder (default: fetch with pip)")
    ap.add_argument("--trafilatura-python", help="a python that has trafilatura installed, to compare")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or fetch(tmp)
        cases = load_cases(data)
        ours, ms = run_ours(cases)
        report = {"ours": score(cases, ours, "ours", args.verbose), "ms_per_page": round(ms, 1)}
        if args.trafilatura_python:
            report["trafilatura"] = score(
                cases, run_trafilatura(args.trafilatura_python, cases), "trafilatura", args.verbose
            )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
