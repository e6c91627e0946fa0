"""The Whoosh writer's one-block terms (`indexer.fusedpool._write_one_block_term`) against Whoosh's own
start_term / add_posting / finish_term steps, alternately in one process: CPU seconds of the segment commit
(where the postings are written) and of the whole writer, and whether the segment files are the same bytes.

    .venv/bin/python bench/writer_blocks.py ../shared/data [N articles, default 2000] [rounds, default 3]
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reuters_pairs import load_reuters  # noqa: E402
from writer_adding import build as build_segment  # noqa: E402

from archive import schema as fulltext  # noqa: E402
from archive.record import ArticleRecord  # noqa: E402
from indexer import fusedindex, fusedpool  # noqa: E402

ONE_FUNCTION = fusedpool._write_one_block_term


def whoosh_steps(fw: Any, pw: Any, key: bytes, ids: Any, weights: Any, values: Any, lens: Any, _fixed: Any) -> None:
    fw.start_term(key[2:])
    fusedpool._add_block(pw, ids, weights, values, lens)
    fw.finish_term()


def documents(data: Path, n: int) -> list[dict]:
    out = []
    for art_id, _date, text in itertools.islice(load_reuters(data), n):
        title, _, body = text.partition("\n")
        rec = ArticleRecord.from_json({"key": "", "sources": [], "id": art_id, "title": title, "body": body,
                                       "source": "Reuters"})
        out.append(fulltext.document(len(out), rec, []))
    return out


def build(docs: list[dict], where: Path, writer_fn: Any) -> tuple[float, float, str]:
    """(CPU s adding, CPU s committing, a hash of the segment files but the table of contents)."""
    fusedpool._write_one_block_term = writer_fn
    try:
        return build_segment(docs, where, fusedindex, fusedpool, limitmb=128)  # Whoosh's default pool size
    finally:
        fusedpool._write_one_block_term = ONE_FUNCTION


def main(data: Path, n: int, rounds: int) -> None:
    docs = documents(data, n)
    runs: dict[str, list] = {"whoosh steps": [], "one function": []}
    with tempfile.TemporaryDirectory(prefix="writer-blocks-") as tmp:
        for r in range(rounds):
            for kind, fn in (("whoosh steps", whoosh_steps), ("one function", ONE_FUNCTION)):
                runs[kind].append(build(docs, Path(tmp) / f"{kind}-{r}", fn))
    same = len({h for rs in runs.values() for _a, _c, h in rs}) == 1
    out = {"articles": len(docs), "same segment bytes": same}
    for kind, rs in runs.items():
        out[kind] = {"add CPU s": [round(a, 3) for a, _c, _h in rs], "commit CPU s": [round(c, 3) for _a, c, _h in rs]}
    commit = [o[1] / w[1] for w, o in zip(runs["whoosh steps"], runs["one function"], strict=True)]
    total = [(o[0] + o[1]) / (w[0] + w[1]) for w, o in zip(runs["whoosh steps"], runs["one function"], strict=True)]
    out["commit one function / whoosh steps"] = [round(x, 3) for x in commit]
    out["writer one function / whoosh steps"] = [round(x, 3) for x in total]
    print(json.dumps(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000,
         int(sys.argv[3]) if len(sys.argv) > 3 else 3)
