"""Person and organisation facets over real wire copy (issue 14): merges, junk, index-term recall.

    .venv/bin/python bench/facets_bench.py [--half tune|report] [--limit N] [--sample FILE] [--seed S] [--spacy-alone]

Reads Reuters-21578 dev articles (../shared/data or $ARCHIVE_BENCH_DATA), one half by id parity
(`tune`: even ids, `report`: odd ids), the first N of that half. Each article goes through the product's
own path: a JSON Lines record (title, date, body with its dateline in front, as the wire has it) read by
`indexer.read`, normalized by `indexer.article`, extracted from the same text `build` gives the model, then
canonicalised across the sample by `indexer.canon` (what the facets show). Reports:
- merge conflicts: a person facet value whose article-level names match two different Reuters people
  codes (Reagan and Regan), an organisation value holding the names of two org codes (African and Asian
  Development Bank); wrong merges of a similar spelling also show in the merge list it prints;
- index-term recall: a people code is found when a person value of its article ends with its surname, an
  org code when an org value (or an acronym the article links) is its usual name or acronym;
- the number of distinct facet values, and a seeded random sample of them for labelling by hand
  (--sample FILE writes it, with counts, one value a line).
--spacy-alone does the same with the model's raw PERSON/ORG spans grouped by exact string: the baseline.
The index terms are for scoring only, never input.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.entities_bench import REUTERS_ORGS, _norm, _occurs, read_reuters  # noqa: E402
from indexer.article import article_from  # noqa: E402
from indexer.canon import build_canon  # noqa: E402
from indexer.entities import MAX_MODEL_CHARS, ArticleEntities, EntityExtractor  # noqa: E402
from indexer.extract import extraction_text as _extraction_text  # noqa: E402
from indexer.read import RawDoc, read_file  # noqa: E402


def texts_as_built(arts: list[dict]) -> list[str]:
    """The text the model sees for each article when a user puts it in the corpus as JSON Lines."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in arts:
                body = (a.get("dateline") or "") + " " + a["body"]
                fh.write(json.dumps({"title": a.get("title") or "", "date": a["date"], "body": body}) + "\n")
        out = []
        for doc in read_file(path, path.name):
            art = article_from(doc) if isinstance(doc, RawDoc) else None
            rec = {"body": art.body, "title": art.title, "title_derived": art.title_derived} if art else None
            out.append(_extraction_text(rec) if rec else "")
        return out


def spacy_alone(ex: EntityExtractor, texts: list[str]) -> list[ArticleEntities]:
    out = []
    for doc in ex.nlp.pipe((t[:MAX_MODEL_CHARS] for t in texts), batch_size=32):
        per = sorted({e.text.strip() for e in doc.ents if e.label_ == "PERSON"})
        org = sorted({e.text.strip() for e in doc.ents if e.label_ == "ORG"})
        out.append(ArticleEntities(persons=per, orgs=org))
    return out


def facets(ents: list[ArticleEntities], raw: bool):
    """Per article its person and organisation facet values, and the canon (None for the raw model)."""
    if raw:
        return [e.persons for e in ents], [e.orgs for e in ents], None
    canon = build_canon(ents)
    return [canon.persons(e) for e in ents], [canon.orgs(e) for e in ents], canon


def _surname_codes(name: str, codes: list[str]) -> set[str]:
    """The article's people codes this name stands for: "howard-baker" needs both words, "volcker" the
    surname."""
    toks = _norm(name).split()
    out = set()
    for c in codes:
        parts = c.split("-")
        if toks[-1:] == parts[-1:] and (len(parts) == 1 or len(toks) == 1 or set(parts) <= set(toks)):
            out.add(c)
    return out


def conflicts(arts, ents, canon) -> dict:
    """Facet values that stand for two different people (or organisations) by the index terms."""
    per_codes: dict[str, set[str]] = defaultdict(set)
    org_codes: dict[str, set[str]] = defaultdict(set)
    for a, e in zip(arts, ents):
        pairs_p = [(p, canon.lookup("person", p) if canon else p) for p in e.persons]
        pairs_o = [(o, canon.lookup("org", o) if canon else o) for o in e.orgs]
        for name, value in pairs_p:
            per_codes[value] |= _surname_codes(name, a["people"])
        for name, value in pairs_o:
            for code, names in REUTERS_ORGS.items():
                if _norm(name) in {_norm(n) for n in names if len(n.split()) > 1}:
                    org_codes[value].add(code)
    bad_p = {v: sorted(c) for v, c in per_codes.items() if len(c) > 1}
    bad_o = {v: sorted(c) for v, c in org_codes.items() if len(c) > 1}
    return {"person": bad_p, "org": bad_o}


def recall(arts, texts, per_f, org_f, ents) -> dict:
    pf = pt = of = ot = 0
    missed = []
    for a, text, persons, orgs, e in zip(arts, texts, per_f, org_f, ents):
        for code in a["people"]:
            surname = code.split("-")[-1]
            if not _occurs(surname, text):
                continue
            pt += 1
            if any(_norm(p).split()[-1:] == [surname] for p in persons if _norm(p)):
                pf += 1
            else:
                missed.append("person:" + code)
        have = {_norm(o) for o in orgs} | {_norm(x) for x in e.acronyms}
        for code in a["orgs"]:
            if not [n for n in REUTERS_ORGS.get(code, []) if _occurs(n, text)]:
                continue
            ot += 1
            if any(_norm(n) in have for n in REUTERS_ORGS[code]):
                of += 1
            else:
                missed.append("org:" + code)
    return {"person": (pf, pt), "org": (of, ot), "missed": Counter(missed).most_common(12)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--half", choices=("tune", "report"), default="tune")
    ap.add_argument("--limit", type=int, default=1200)
    ap.add_argument("--sample", help="write a random sample of 200 distinct facet values to this file")
    ap.add_argument("--seed", type=int, default=14, help="of the random sample (a new seed draws a fresh one)")
    ap.add_argument("--spacy-alone", action="store_true")
    args = ap.parse_args()
    path = Path(args.data) / "reuters-dev.jsonl.gz"
    if not path.exists():
        print(f"no {path}; skipping")
        return 0
    parity = 0 if args.half == "tune" else 1
    half = [a for a in read_reuters(path, None) if int(a["id"]) % 2 == parity]
    # the first N of the half, and every article of the half with people or org terms (for recall)
    arts = [a for i, a in enumerate(half) if i < args.limit or a["people"] or a["orgs"]]
    texts = texts_as_built(arts)
    ex = EntityExtractor()
    ents = spacy_alone(ex, texts) if args.spacy_alone else list(ex.extract_many(texts))
    per_f, org_f, canon = facets(ents, args.spacy_alone)
    merges = canon.merges if canon else []
    label = "spaCy alone" if args.spacy_alone else "extractor + canon"
    print(f"{label}, Reuters dev {args.half} half, {len(arts)} articles")
    r = recall(arts, texts, per_f, org_f, ents)
    for kind in ("person", "org"):
        f, t = r[kind]
        print(f"  {kind} index terms found {f}/{t} = {f / t if t else 0:.1%}")
    print(f"  missed: {r['missed']}")
    bad = conflicts(arts, ents, canon)
    print(f"  values standing for two coded entities: person {len(bad['person'])}, org {len(bad['org'])}")
    for kind in ("person", "org"):
        for v, c in sorted(bad[kind].items()):
            print(f"    {kind}: {v!r} <- {c}")
    values = {k: Counter(v for vs in f for v in vs) for k, f in (("person", per_f), ("org", org_f))}
    n = sum(len(c) for c in values.values())
    print(f"  distinct values: person {len(values['person'])}, org {len(values['org'])}; merges {len(merges)}")
    if args.sample:
        pool = sorted((k, v, c) for k, cnt in values.items() for v, c in cnt.items())
        pick = random.Random(args.seed).sample(pool, min(200, n))
        Path(args.sample).write_text(
            "".join(f"{k}\t{c}\t{v}\n" for k, v, c in sorted(pick)), encoding="utf-8"
        )
        Path(args.sample + ".merges.json").write_text(json.dumps(merges, indent=1), encoding="utf-8")
        print(f"  sample of {len(pick)} values written to {args.sample}, the merge list beside it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
