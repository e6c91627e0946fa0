"""Second opinions for the article text, measured (issue 13, sixth round): would another extractor's reading,
combined by an agreement rule, bring the body word F1 closer to the references than the archive's text?

Readings of each page with body truth: the archive's text (`o`, what `bench/pages_eval.py` scores),
trafilatura's recall mode (`c`) and precision mode (`p`) through the same reader (`indexer.pagetext`),
readability (trafilatura's port, `r`) and jusText's "good" paragraphs (`j`). Rules, all fixed on the
tuning half before the held-out half was run:
- medoid: the reading that agrees most with the others (sum of word F1 against each other reading), the
  archive's text on ties, optionally only when it beats the archive's by a margin;
- recall when longer: recall mode's text where it has more than 1.1x the archive's words (a list the
  default reading dropped);
- link-dense blocks: trafilatura's default reading with links kept, less every block of at most 60 words
  of which at least 80% are link text (teasers, "read next"), against the same reading with them.

    python -m bench.pages_eval_second --half tune
    python -m bench.pages_eval_second --half held
"""

from __future__ import annotations

import argparse
import copy
import gzip
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import justext  # noqa: E402
import trafilatura  # noqa: E402
from lxml.html import HtmlElement, fromstring  # noqa: E402
from trafilatura.readability_lxml import Document as Readability  # noqa: E402

from bench.pages_eval import DATA, load, run_ours, tokens, word_f1  # noqa: E402
from indexer import htmlpage, pagetext  # noqa: E402
from indexer.decode import decode_bytes  # noqa: E402

STOPLIST = justext.get_stoplist("English")
_READ_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td")


def medoid(readings: dict[str, str], names: str, margin: float = 0.0, own: str = "o") -> str:
    """The name of the reading most like the others (summed word F1); `own` unless another beats it by `margin`."""
    score = {a: sum(word_f1(readings[a], readings[b]) for b in names if b != a) for a in names}
    best = max(names, key=lambda a: (round(score[a], 9), a == own))
    return best if score[best] - score[own] > margin else own


def recall_when_longer(readings: dict[str, str], ratio: float = 1.1) -> str:
    return "c" if len(tokens(readings["c"])) > ratio * len(tokens(readings["o"])) else "o"


def link_dense(block: HtmlElement, share: float = 0.8, max_words: int = 60) -> bool:
    """A short block that is mostly link text (trafilatura's `<ref>` elements)."""
    words = len(tokens(" ".join(block.itertext())))
    linked = sum(len(tokens(" ".join(r.itertext()))) for r in block.iter("ref"))
    return 0 < words <= max_words and linked >= share * words


def _readability(tree: HtmlElement) -> str:
    try:
        summary = fromstring(Readability(tree).summary())
    except Exception:  # noqa: BLE001 - a page readability cannot read gives no opinion
        return ""
    blocks = (" ".join(" ".join(e.itertext()).split()) for e in summary.iter(*_READ_BLOCKS))
    return "\n\n".join(b for b in blocks if b) or " ".join(summary.itertext())


def _justext(html: bytes) -> str:
    try:
        return "\n".join(p.text for p in justext.justext(html, STOPLIST) if p.class_type == "good")
    except Exception:  # noqa: BLE001
        return ""


def _mode(tree: HtmlElement, flag: str) -> str:
    pagetext.TEXT_OPTIONS = {flag: True}
    try:
        return pagetext.article_text(copy.deepcopy(tree))
    finally:
        pagetext.TEXT_OPTIONS = {}


def _with_links(tree: HtmlElement) -> tuple[str, str]:
    """trafilatura's default reading with links kept: (all blocks, less the link-dense ones)."""
    doc = trafilatura.bare_extraction(copy.deepcopy(tree), include_links=True, include_comments=False)
    blocks = list(doc.body) if doc is not None and doc.body is not None else []
    text = lambda bs: "\n\n".join(" ".join(" ".join(b.itertext()).split()) for b in bs)  # noqa: E731
    return text(blocks), text([b for b in blocks if not link_dense(b)])


def readings(html: bytes, name: str, cpu: dict[str, float]) -> dict[str, str]:
    def timed(key: str, f: Callable[[], str]) -> str:
        t0 = time.process_time()
        out = f()
        cpu[key] = cpu.get(key, 0.0) + time.process_time() - t0
        return out

    text = decode_bytes(html, html=True)
    tree = htmlpage._load_tree(text)
    r = {"o": timed("o", lambda: run_ours(html, name).body)}
    if tree is None:
        return dict.fromkeys(("o", "c", "p", "r", "j", "links", "links_less"), r["o"])
    r["c"] = timed("c", lambda: _mode(tree, "favor_recall"))
    r["p"] = timed("p", lambda: _mode(tree, "favor_precision"))
    r["r"] = timed("r", lambda: _readability(copy.deepcopy(tree)))
    r["j"] = timed("j", lambda: _justext(html))
    r["links"], r["links_less"] = _with_links(tree)
    return r


RULES: dict[str, Callable[[dict[str, str]], str]] = {
    "archive's text (o)": lambda r: "o",
    "recall mode (c)": lambda r: "c",
    "precision mode (p)": lambda r: "p",
    "readability (r)": lambda r: "r",
    "jusText good (j)": lambda r: "j",
    "medoid of o, r, j, c, p": lambda r: medoid(r, "orjcp"),
    "medoid of o, r, c, margin 0.1": lambda r: medoid(r, "orc", 0.1),
    "recall mode where > 1.1x longer": recall_when_longer,
    "default with links (raw)": lambda r: "links",
    "  less link-dense blocks": lambda r: "links_less",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("held", "tune"), default="tune")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no page data at {DATA}")
    warnings.simplefilter("ignore")
    pages = [p for p in load(DATA, args.half) if "body" in p[1]]
    scores: dict[str, list[float]] = {k: [] for k in RULES}
    cpu: dict[str, float] = {}
    for source, truth, path in pages:
        r = readings(gzip.decompress(path.read_bytes()), f"{source}/{truth['file']}", cpu)
        for name, rule in RULES.items():
            scores[name].append(word_f1(r[rule(r)], truth["body"]))
    print(f"half: {args.half}, {len(pages)} pages with body truth")
    for name, s in scores.items():
        print(f"{name:34s} body F1 {sum(s) / len(s):.4f}")
    print("CPU ms a page:", {k: round(1000 * v / len(pages), 1) for k, v in cpu.items()})


if __name__ == "__main__":
    main()
