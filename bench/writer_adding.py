"""The Whoosh writer of another revision (`indexer/fusedindex.py` and `indexer/fusedpool.py` as `git show REV:`
gives them, default main) against this tree's, alternately in one process over the same documents: CPU seconds
adding the documents and committing the segment, and whether the segment files are the same bytes.

    .venv/bin/python bench/writer_adding.py GENERATION_DIR [N documents, default 1000] [rounds, default 9] [REV]

GENERATION_DIR is a built generation (its `articles.sqlite` and `canon.json`): its first N documents, exactly as a
rebuild's writer gets them (`indexer.write.generation_docs`).
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
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive import schema as fulltext  # noqa: E402
from indexer import fusedindex, fusedpool  # noqa: E402
from indexer.write import generation_docs  # noqa: E402


def other_revision(rev: str, where: Path) -> tuple[ModuleType, ModuleType]:
    """The two writer modules of `rev`, imported as a package of their own."""
    package = where / "writer_rev"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("fusedindex", "fusedpool"):
        text = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:indexer/{name}.py"], check=True,
                              capture_output=True, text=True).stdout
        (package / f"{name}.py").write_text(text)
    sys.path.insert(0, str(where))
    return importlib.import_module("writer_rev.fusedindex"), importlib.import_module("writer_rev.fusedpool")


def build(
    docs: list[dict], where: Path, index_mod: Any, pool_mod: Any, limitmb: int = 1024
) -> tuple[float, float, str]:
    """(CPU s adding, CPU s committing, a hash of the segment files but the table of contents)."""
    ix = fulltext.create(where)
    writer = ix.writer(compound=False, limitmb=limitmb)
    pool_mod.install(writer)
    fused = index_mod.FusedSchema(writer.schema)
    t0 = time.process_time()
    for doc in docs:
        index_mod.add_document(writer, fused, doc)
    t1 = time.process_time()
    writer.commit()
    t2 = time.process_time()
    ix.close()
    digest = hashlib.sha256()
    for f in sorted(where.rglob("*"), key=lambda p: p.name.split(".", 1)[-1]):
        if f.is_file() and "." in f.name and not f.name.endswith(".toc"):
            digest.update(f.name.split(".", 1)[1].encode() + f.read_bytes())
    return t1 - t0, t2 - t1, digest.hexdigest()


def main(gen: Path, n: int, rounds: int, rev: str) -> None:
    docs = list(itertools.islice(generation_docs(gen), n))
    runs: dict[str, list] = {rev: [], "this tree": []}
    with tempfile.TemporaryDirectory(prefix="writer-adding-") as tmp:
        mods = {rev: other_revision(rev, Path(tmp)), "this tree": (fusedindex, fusedpool)}
        for r in range(rounds):
            for kind, (index_mod, pool_mod) in mods.items():
                runs[kind].append(build(docs, Path(tmp) / f"{kind}-{r}", index_mod, pool_mod))
    out: dict[str, Any] = {"documents": len(docs),
                           "same segment bytes": len({h for rs in runs.values() for _a, _c, h in rs}) == 1}
    for kind, rs in runs.items():
        out[kind] = {"add CPU s": [round(a, 3) for a, _c, _h in rs], "commit CPU s": [round(c, 3) for _a, c, _h in rs]}
    # On a shared machine a run is slowed by whatever else runs then, never sped up: the least of each kind's
    # runs is its cost, the median beside it.
    for what, part in (("add", lambda r: r[0]), ("writer", lambda r: r[0] + r[1])):
        cost = {kind: sorted(map(part, rs)) for kind, rs in runs.items()}
        out[f"{what} this tree / {rev}, least"] = round(cost["this tree"][0] / cost[rev][0], 3)
        out[f"{what} this tree / {rev}, median"] = round(cost["this tree"][rounds // 2] / cost[rev][rounds // 2], 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000,
         int(sys.argv[3]) if len(sys.argv) > 3 else 9, sys.argv[4] if len(sys.argv) > 4 else "main")
