"""The splitter's guarded rules (`archive.regex_guard`) against the same splitter running every rule, on every
text there is: each text's sentences both ways (`differ` must be 0), and every rule call the guard answered
without running checked against `re` itself (`guard wrong` must be 0). Prints counts, sentences a second
each way and the share of text that never reaches pysbd, as JSON.

    .venv/bin/python bench/splitter_identity.py ../shared/data [--pages] [--generated DIR]

Texts: the 10,051 Reuters development articles, the shipped corpus (`corpus/`), the CoNLL-2003 development
documents (their tokens joined by spaces, sentences joined into one paragraph and, again, a line each), with
`--pages` the 1,050 web pages' reference bodies and the body the product's page reader takes from each, with
`--generated` the bodies of a generated JSON Lines corpus (`bench/generate.py`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from abbreviation_check import texts as reuters_corpus_pages  # noqa: E402

from archive import sentences  # noqa: E402


def conll_documents(path: Path) -> Iterator[list[str]]:
    """The sentences of each CoNLL-2003 document, tokens joined by spaces."""
    doc: list[str] = []
    sent: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if doc:
                yield doc
            doc = []
        elif not line.strip():
            if sent:
                doc.append(" ".join(sent))
            sent = []
        else:
            sent.append(line.split(" ")[0])
    if sent:
        doc.append(" ".join(sent))
    if doc:
        yield doc


def all_texts(data: Path, pages: bool, generated: Path | None) -> Iterator[tuple[str, str]]:
    yield from reuters_corpus_pages(data, pages)
    if (data / "conll2003_dev.txt").is_file():
        for doc in conll_documents(data / "conll2003_dev.txt"):
            yield "conll one paragraph", " ".join(doc)
            yield "conll line a sentence", "\n".join(doc)
    if generated:
        for path in sorted(generated.glob("*.jsonl")):
            with path.open(encoding="utf-8") as f:
                for line in f:
                    yield "generated", json.loads(line)["body"]


class Checked:
    """Every call the guard answers is run by `re` as well: a match there is a wrong guard."""

    def __init__(self) -> None:
        self.answered = 0
        self.wrong = 0
        self.ran = 0

    def install(self, cache: Any) -> None:
        def sub(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
            compiled, sets = cache._entry(pattern, flags)
            return self._checked(cache, compiled, sets, string, lambda: compiled.sub(repl, string, count))

        def findall(pattern: Any, string: Any, flags: int = 0) -> Any:
            compiled, sets = cache._entry(pattern, flags)
            return self._checked(cache, compiled, sets, string, lambda: compiled.findall(string))

        cache.sub, cache.findall = sub, findall

    def _checked(self, cache: Any, compiled: Any, sets: Any, string: Any, run: Any) -> Any:
        if cache._cannot_match(sets, string):
            self.answered += 1
            if compiled.search(string) is not None:
                self.wrong += 1
                print("GUARD WRONG", compiled.pattern[:80], repr(string[:120]), file=sys.stderr)
        else:
            self.ran += 1
        return run()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--pages", action="store_true")
    ap.add_argument("--generated", type=Path)
    args = ap.parse_args()
    cache = sentences.PATTERNS
    counts: dict[str, dict[str, Any]] = {}
    seconds = {True: 0.0, False: 0.0}
    n_sentences = 0
    checked = Checked()
    t0 = time.time()
    for source, text in all_texts(args.data, args.pages, args.generated):
        c = counts.setdefault(source, {"texts": 0, "chars": 0, "chars to pysbd": 0, "texts differ": 0})
        c["texts"] += 1
        c["chars"] += len(text)
        c["chars to pysbd"] += _chars_to_pysbd(text)
        answers = {}
        for guarded in (False, True):
            cache.guarded = guarded
            sentences.paragraph_sentences.cache_clear()
            t = time.process_time()
            answers[guarded] = sentences.split_sentences(text)
            seconds[guarded] += time.process_time() - t
        n_sentences += len(answers[True])
        if answers[True] != answers[False]:
            c["texts differ"] += 1
            print("DIFFER", source, text[:200], file=sys.stderr)
        # the guard's every answer against re (a third pass, not timed)
        checked.install(cache)
        sentences.paragraph_sentences.cache_clear()
        sentences.split_sentences(text)
        del cache.sub, cache.findall
    cache.guarded = True
    report = {
        "counts": counts,
        "sentences": n_sentences,
        "sentences a second, every rule run": round(n_sentences / seconds[False]),
        "sentences a second, guarded": round(n_sentences / seconds[True]),
        "rule calls answered by the guard": checked.answered,
        "rule calls run": checked.ran,
        "guard wrong": checked.wrong,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(report, indent=1))


def _chars_to_pysbd(text: str) -> int:
    """Characters of the text's pieces that reach pysbd (a possible end left after the certain cuts)."""
    total = 0
    for line in text.splitlines():
        para = line.strip()
        if para:
            for piece in sentences._pieces(para):
                for part in sentences._certain_cuts(piece):
                    if sentences._POSSIBLE_END.search(part):
                        total += len(part)
    return total


if __name__ == "__main__":
    main()
