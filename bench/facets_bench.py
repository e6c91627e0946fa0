"""Person and organisation facets over real wire copy (issue 14): merges, junk, index-term recall.

    .venv/bin/python bench/facets_bench.py [--half tune|report] [--limit N] [--sample FILE] [--seed S] [--spacy-alone]
        [--cache FILE] [--values FILE]

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
import hashlib
import json
import pickle
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
from indexer.canonicalise import PROSE_ARTICLES  # noqa: E402
from indexer.entities import (  # noqa: E402
    MAX_MODEL_CHARS,
    MODEL_NAME,
    ArticleEntities,
    EntityExtractor,
    entities_from_spans,
    model_view,
    prose_case,
)
from indexer.extract import extraction_text  # noqa: E402
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
            # the article has the body, title and title_derived a record has: the text `build` gives the model
            out.append(extraction_text(art) if art else "")  # type: ignore[arg-type]
        return out


Spans = list[tuple[int, int, str]]


def model_spans(ex: EntityExtractor, inputs: list[str], cache: Path | None) -> list[Spans]:
    """The model's (start, end, label) spans of each input text; with a cache file, only texts not seen
    before go through the model (the rules can then be re-run over the same spans in seconds)."""
    key = [hashlib.sha1((MODEL_NAME + "\0" + t).encode()).hexdigest() for t in inputs]
    known: dict[str, Spans] = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}
    todo = [i for i, k in enumerate(key) if k not in known]
    for i, doc in zip(todo, ex.nlp.pipe((inputs[i] for i in todo), batch_size=32)):
        known[key[i]] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    if cache and todo:
        cache.write_bytes(pickle.dumps(known))
    return [known[k] for k in key]


def spacy_alone(ex: EntityExtractor, texts: list[str], cache: Path | None) -> list[ArticleEntities]:
    clipped = [t[:MAX_MODEL_CHARS] for t in texts]
    out = []
    for text, spans in zip(clipped, model_spans(ex, clipped, cache)):
        per = sorted({text[s:e].strip() for s, e, lab in spans if lab == "PERSON"})
        org = sorted({text[s:e].strip() for s, e, lab in spans if lab == "ORG"})
        out.append(ArticleEntities(persons=per, orgs=org))
    return out


def extracted(ex: EntityExtractor, texts: list[str], cache: Path | None) -> list[ArticleEntities]:
    """What `EntityExtractor.extract_many` gives, with the model's spans cached."""
    views = [model_view(t[:MAX_MODEL_CHARS]) for t in texts]
    spans = model_spans(ex, views, cache)
    out = [entities_from_spans(v, s, t[:MAX_MODEL_CHARS]) for v, s, t in zip(views, spans, texts)]
    for e, t in zip(out[:PROSE_ARTICLES], texts):
        e.prose = prose_case(t)  # as `canonicalise.all_entities` gives the canon
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
    ap.add_argument("--cache", help="a pickle file of the model's spans per text (created; re-runs skip the model)")
    ap.add_argument("--values", help="write every distinct value to this file (kind, value, articles a line)")
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
    cache = Path(args.cache) if args.cache else None
    ents = spacy_alone(ex, texts, cache) if args.spacy_alone else extracted(ex, texts, cache)
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
    if args.values:  # to score an earlier sample's labels on this run's values
        Path(args.values).write_text(
            "".join(f"{k}\t{v}\t{c}\n" for k, cnt in sorted(values.items()) for v, c in sorted(cnt.items())),
            encoding="utf-8",
        )
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
