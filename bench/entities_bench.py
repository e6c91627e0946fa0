"""Measure person/organisation extraction and resolution finding (issue 3).

    .venv/bin/python bench/entities_bench.py [--data DIR] [--limit-reuters N] [--speed-docs N]

DIR defaults to $ARCHIVE_BENCH_DATA, else ../shared/data relative to the repo root. It holds
conll2003_dev.txt and reuters-dev.jsonl.gz (see that directory's README); nothing is copied into
the project. Reuters index terms are used for scoring only, never as input.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.entities import MAX_MODEL_CHARS, EntityExtractor  # noqa: E402
from indexer.resolutions import find_resolutions  # noqa: E402

# Reuters org codes -> usual names and acronyms, FOR SCORING ONLY (never used by the product).
REUTERS_ORGS = {
    "ec": ["European Community", "EC", "European Economic Community", "EEC", "European Commission"],
    "worldbank": ["World Bank"],
    "opec": ["Organization of Petroleum Exporting Countries", "OPEC"],
    "gatt": ["General Agreement on Tariffs and Trade", "GATT"],
    "imf": ["International Monetary Fund", "IMF"],
    "ico-coffee": ["International Coffee Organization", "ICO"],
    "icco": ["International Cocoa Organization", "ICCO"],
    "oecd": [
        "Organisation for Economic Co-operation and Development",
        "Organization for Economic Cooperation and Development",
        "OECD",
    ],
    "unctad": ["United Nations Conference on Trade and Development", "UNCTAD"],
    "un": ["United Nations", "UN", "U.N."],
    "inro": ["International Natural Rubber Organization", "INRO"],
    "adb-africa": ["African Development Bank", "ADB", "AfDB"],
    "adb-asia": ["Asian Development Bank", "ADB"],
    "itc": ["International Tin Council", "ITC"],
    "fao": ["Food and Agriculture Organization", "FAO"],
    "atpc": ["Association of Tin Producing Countries", "ATPC"],
    "iea": ["International Energy Agency", "IEA"],
    "gcc": ["Gulf Cooperation Council", "GCC"],
    "oapec": ["Organization of Arab Petroleum Exporting Countries", "OAPEC"],
    "isa": ["International Sugar Agreement", "ISA", "International Sugar Organization", "ISO"],
    "iwc-wheat": ["International Wheat Council", "IWC"],
    "imco": ["International Maritime Organization", "IMO"],
    "bis": ["Bank for International Settlements", "BIS"],
    "euratom": ["Euratom", "European Atomic Energy Community"],
    "ida": ["International Development Association", "IDA"],
    "eib": ["European Investment Bank", "EIB"],
    "iwcc": ["International Wrought Copper Council", "IWCC"],
    "comecon": ["Comecon", "Council for Mutual Economic Assistance", "CMEA"],
}


def _norm(s: str) -> str:
    s = re.sub(r"^(the)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"[^\w]+", " ", s.lower()).strip()


def _fold(names: set[str]) -> set[str]:
    """Scoring convention: a surname alone folded into the story's full name ending with it."""
    full = [n for n in names if len(n.split()) > 1]
    out = set()
    for n in names:
        if len(n.split()) == 1:
            c = [f for f in full if f.split()[-1] == n]
            if len(c) == 1:
                out.add(c[0])
                continue
        out.add(n)
    return out


# ---------------------------------------------------------------- CoNLL
def read_conll(path: Path) -> list[tuple[str, set[str], set[str]]]:
    """(text, gold persons, gold orgs) per story; tokens re-joined into plain text."""
    stories = []
    toks: list[tuple[str, str]] = []

    def flush() -> None:
        if not toks:
            return
        lines, line, ents, cur, curtype, prev = [], [], {"PER": set(), "ORG": set()}, [], None, "O"
        for tok, tag in toks:
            if tok == "\n":
                lines.append(" ".join(line))
                line = []
                tag = "O"
            else:
                line.append(tok)
            typ = tag[2:] if tag != "O" else None
            if cur and (typ != curtype or tag.startswith("B-")):
                if curtype in ents:
                    ents[curtype].add(" ".join(cur))
                cur, curtype = [], None
            if typ:
                cur.append(tok)
                curtype = typ
            prev = tag
        if cur and curtype in ents:
            ents[curtype].add(" ".join(cur))
        lines.append(" ".join(line))
        del prev
        text = "\n".join(x for x in lines if x)
        text = re.sub(r" ([,.;:!?)%])", r"\1", text).replace("( ", "(").replace(" 's ", "'s ")
        stories.append((text, _fold({_norm(p) for p in ents["PER"]}), {_norm(o) for o in ents["ORG"]}))
        toks.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            flush()
            continue
        if not raw.strip():
            if toks and toks[-1][0] != "\n":
                toks.append(("\n", "O"))
            continue
        parts = raw.split()
        toks.append((parts[0], parts[-1]))
    flush()
    return stories


def prf(pred: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    np_, ng = sum(map(len, pred)), sum(map(len, gold))
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def spacy_alone(nlp, texts: list[str]) -> list[tuple[set[str], set[str]]]:
    out = []
    for doc in nlp.pipe((t[:MAX_MODEL_CHARS] for t in texts), batch_size=32):
        per = {_norm(e.text) for e in doc.ents if e.label_ == "PERSON"}
        org = {_norm(e.text) for e in doc.ents if e.label_ == "ORG"}
        out.append((_fold(per), org))
    return out


def ours(ex: EntityExtractor, texts: list[str]) -> list[tuple[set[str], set[str], dict[str, str]]]:
    return [
        ({_norm(p) for p in ae.persons}, {_norm(o) for o in ae.orgs}, ae.acronyms)
        for ae in ex.extract_many(texts)
    ]


def _as_gold_writes(orgs: set[str], acronyms: dict[str, str], gold: set[str]) -> set[str]:
    """Our long form counts as the acronym when the story defines it and gold lists only the acronym."""
    out = set(orgs)
    for acr, lf in acronyms.items():
        a, lf_n = _norm(acr), _norm(lf)
        if lf_n in out and a in gold:  # the same organisation, named both ways in the story
            if lf_n not in gold:
                out.discard(lf_n)
            out.add(a)
    return out


def bench_conll(path: Path, ex: EntityExtractor, nlp, parity: int | None = None) -> dict:
    stories = [s for i, s in enumerate(read_conll(path)) if parity is None or i % 2 == parity]
    texts = [s[0] for s in stories]
    res = {"stories": len(stories)}
    gold_p, gold_o = [s[1] for s in stories], [s[2] for s in stories]
    sp = spacy_alone(nlp, texts)
    res["spacy"] = {"person": prf([p for p, _ in sp], gold_p), "org": prf([o for _, o in sp], gold_o)}
    mine = ours(ex, texts)
    res["ours"] = {
        "person": prf([p for p, _, _ in mine], gold_p),
        "org": prf([_as_gold_writes(o, a, g) for (_, o, a), g in zip(mine, gold_o)], gold_o),
    }
    return res


# ---------------------------------------------------------------- Reuters
def read_reuters(path: Path, limit: int | None) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def _occurs(name: str, text: str) -> bool:
    return (
        re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text, re.I if len(name) > 4 else 0)
        is not None
    )


def bench_reuters(arts: list[dict], ex: EntityExtractor, nlp) -> dict:
    arts = [a for a in arts if a["people"] or a["orgs"]]
    texts = [(a.get("title") or "") + "\n\n" + a["body"] for a in arts]
    res = {"articles": len(arts)}
    sp = []
    for doc in nlp.pipe((t[:MAX_MODEL_CHARS] for t in texts), batch_size=32):
        sp.append(
            (
                {e.text for e in doc.ents if e.label_ == "PERSON"},
                {_norm(e.text) for e in doc.ents if e.label_ == "ORG"},
                {},
            )
        )
    mine = [
        (set(ae.persons), {_norm(o) for o in ae.orgs} | {_norm(a) for a in ae.acronyms}, ae.acronyms)
        for ae in ex.extract_many(texts)
    ]
    for label, preds in (("spacy", sp), ("ours", mine)):
        pf = pt = of = ot = 0
        missed: list[str] = []
        for a, text, (persons, orgs, _) in zip(arts, texts, preds):
            for code in a["people"]:
                surname = code.split("-")[-1]
                if not re.search(r"\b" + re.escape(surname) + r"\b", text, re.I):
                    continue
                pt += 1
                if any(_norm(p).split()[-1:] == [surname.lower()] for p in persons if _norm(p)):
                    pf += 1
                else:
                    missed.append("person:" + code)
            for code in a["orgs"]:
                names = [n for n in REUTERS_ORGS.get(code, []) if _occurs(n, text)]
                if not names:
                    continue
                ot += 1
                if any(_norm(n) in orgs for n in REUTERS_ORGS[code]):
                    of += 1
                else:
                    missed.append("org:" + code)
        res[label] = {
            "person": (pf, pt, pf / pt if pt else 0.0),
            "org": (of, ot, of / ot if ot else 0.0),
            "missed_sample": sorted(set(missed))[:15],
        }
    return res


# ---------------------------------------------------------------- speed, resolutions
def bench_speed(texts: list[str], ex: EntityExtractor, nlp) -> dict:
    words = sum(len(t[:MAX_MODEL_CHARS].split()) for t in texts)
    list(nlp.pipe(texts[:20]))  # warm up
    t0 = time.perf_counter()
    for _ in nlp.pipe((t[:MAX_MODEL_CHARS] for t in texts), batch_size=32):
        pass
    t_sp = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in ex.extract_many(texts):
        pass
    t_ours = time.perf_counter() - t0
    return {"words": words, "spacy_wps": words / t_sp, "ours_wps": words / t_ours}


def bench_resolutions() -> dict:
    spec = importlib.util.spec_from_file_location("trc", ROOT / "tests" / "test_resolutions.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader
    spec.loader.exec_module(mod)
    tp = fp = fn = 0
    for sentence, expected in mod.CASES:
        got = {r.number for r in find_resolutions(sentence)}
        exp = {n for n, _ in expected}
        tp += len(got & exp)
        fp += len(got - exp)
        fn += len(exp - got)
    return {
        "cases": len(mod.CASES),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("ARCHIVE_BENCH_DATA") or str(ROOT.parent / "shared" / "data")
    ap.add_argument("--data", default=default)
    ap.add_argument("--limit-reuters", type=int, default=0, help="read only the first N Reuters articles")
    ap.add_argument("--speed-docs", type=int, default=1000)
    ap.add_argument(
        "--half",
        choices=("all", "tune", "report"),
        default="all",
        help="CoNLL stories and Reuters articles by parity: tune = even story numbers / ids, report = odd",
    )
    args = ap.parse_args()
    parity = {"all": None, "tune": 0, "report": 1}[args.half]
    data = Path(args.data)
    conll, reuters = data / "conll2003_dev.txt", data / "reuters-dev.jsonl.gz"
    print("resolutions:", json.dumps(bench_resolutions()))
    if not conll.exists() or not reuters.exists():
        print(f"benchmark data not found in {data} (set --data or ARCHIVE_BENCH_DATA); skipping the rest")
        return 0
    import spacy

    ex = EntityExtractor()
    nlp = ex.nlp  # the same pipes (NER only) for spaCy alone
    del spacy
    c = bench_conll(conll, ex, nlp, parity)
    print(f"CoNLL-2003 dev, {c['stories']} stories (P / R / F1):")
    for label in ("spacy", "ours"):
        p, o = c[label]["person"], c[label]["org"]
        print(
            f"  {label:6s} persons {p[0]:.3f} / {p[1]:.3f} / {p[2]:.3f}"
            f"   orgs {o[0]:.3f} / {o[1]:.3f} / {o[2]:.3f}"
        )
    arts = [a for a in read_reuters(reuters, None) if parity is None or int(a["id"]) % 2 == parity]
    arts = arts[: args.limit_reuters or None]
    r = bench_reuters(arts, ex, nlp)
    print(f"Reuters dev, {r['articles']} articles with people/orgs terms (found / counted):")
    for label in ("spacy", "ours"):
        p, o = r[label]["person"], r[label]["org"]
        print(f"  {label:6s} persons {p[0]}/{p[1]} = {p[2]:.1%}   orgs {o[0]}/{o[1]} = {o[2]:.1%}")
        print(f"         missed sample: {r[label]['missed_sample']}")
    texts = [(a.get("title") or "") + "\n\n" + a["body"] for a in arts[: args.speed_docs]]
    s = bench_speed(texts, ex, nlp)
    print(
        f"speed on {len(texts)} Reuters articles ({s['words']} words):"
        f" spaCy NER alone {s['spacy_wps']:,.0f} words/s,"
        f" extractor {s['ours_wps']:,.0f} words/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
