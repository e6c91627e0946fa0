"""One timed process of `bench/story_facts.py --speed`: a revision's sentence splitter or whole fingerprint
over the first N Reuters development articles, cold and then warm, as JSON on stdout.

    .venv/bin/python bench/splitter_speed.py DATA_DIR REV|- split|fingerprint N
    .venv/bin/python bench/splitter_speed.py DATA_DIR REV|- sentences N   # a hash of every sentence instead

The `sentences` mode checks that two splitters cut alike: the same hash from two revisions means the same
sentences for all N articles (hence the same fingerprints and the same stories).

It imports nothing of the working tree's `indexer` before choosing the revision: the working tree's
splitter patches pysbd's modules (its pattern cache), which would speed up an older splitter too.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import load_reuters  # noqa: E402


def main(data: Path, rev: str, what: str, n: int) -> None:
    """The splitter ("split") or the whole fingerprint ("fingerprint") of a revision ("-": the working
    tree), timed cold (the first pass) and then warm (a second pass, the paragraph cache emptied)."""
    with tempfile.TemporaryDirectory(prefix="story-speed-") as tmp:
        root = REPO
        if rev != "-":
            root = Path(tmp)
            _checkout_splitter(rev, root)
        sys.path.insert(0, str(root))
        fp = importlib.import_module("indexer.fingerprints")
        where = next((pkg for pkg in ("archive", "indexer") if (root / pkg / "sentences.py").is_file()), None)
        sent = importlib.import_module(f"{where}.sentences") if where else None
    texts = [t for _, _, t in itertools.islice(load_reuters(data), n)]
    if what == "sentences":
        split = sent.split_sentences if sent else fp.split_sentences
        digest = hashlib.sha256(json.dumps([split(t) for t in texts]).encode()).hexdigest()
        print(json.dumps({"articles": len(texts), "sha256 of the sentences": digest}))
        return
    if what == "fingerprint":
        f = fp.fingerprint
    else:  # pysbd's splitter, or the old fingerprint's own regex splitter
        f = sent.split_sentences if sent else fp.split_sentences

    def cpu() -> float:
        if sent:
            sent.paragraph_sentences.cache_clear()
        t0 = time.process_time()
        for t in texts:
            f(t)
        return round(time.process_time() - t0, 3)

    cold = cpu()
    print(json.dumps({f"{what}, cold": cold, f"{what}, warm": cpu()}))


def _checkout_splitter(rev: str, tmp: Path) -> None:
    """`indexer/fingerprints.py` and `sentences.py` (where it exists: `archive/` since issue 12, `indexer/`
    before) with the modules it imports (`archive/sbd_abbreviations.py`, `archive/regex_guard.py`, where they
    exist) of `rev`, written under `tmp`."""
    for pkg in ("archive", "indexer"):
        (tmp / pkg).mkdir()
        (tmp / pkg / "__init__.py").write_text("")
    for path in ("indexer/fingerprints.py", "indexer/sentences.py", "archive/sentences.py",
                 "archive/sbd_abbreviations.py", "archive/regex_guard.py"):
        src = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{path}"], capture_output=True, text=True)
        if src.returncode == 0:
            (tmp / path).write_text(src.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]))
