"""Stricter date policies replayed on the pages' own evidence: how many wrong dates each removes, and at
what cost in right ones (issue 13, sixth round).

Each page's evidence is read once with the reader's own functions (`indexer.pagedate`: publication fields,
generic fields, the URL's day, the date line under the headline, the declared modified days); each policy
then decides from that evidence alone. "current" is the archive's policy (`resolve_date`); its figures
differ from `bench/pages_eval.py`'s by the few pages dated from their text (article.py's fallback).

    python -m bench.pages_eval_dates               # both halves, others and the library's own sets
"""

from __future__ import annotations

import gzip
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages_eval import DATA, LIBRARY_OWN, date_verdict, load  # noqa: E402
from indexer import htmlpage, pagedate  # noqa: E402
from indexer.dates import DateInfo  # noqa: E402
from indexer.decode import decode_bytes  # noqa: E402
from indexer.pagemeta import read_meta  # noqa: E402


@dataclass
class Evidence:
    """What a page states about its dates, as the reader finds it."""

    strong: list[DateInfo]
    weak: list[DateInfo]
    url: DateInfo | None
    line: DateInfo | None
    modified: list[DateInfo]
    generic: list[DateInfo]


def evidence(html: bytes) -> Evidence | None:
    tree = htmlpage._load_tree(decode_bytes(html, html=True))
    if tree is None:
        return None
    meta = read_meta(tree)
    strong, weak = pagedate._meta_dates(tree, meta)
    return Evidence(
        strong, weak, pagedate._url_date(meta.url), pagedate._visible_date(tree, htmlpage._title(meta)),
        pagedate._modified_dates(meta), pagedate._generic_fields(meta),
    )


def current(ev: Evidence) -> DateInfo | None:
    return pagedate.resolve_date(ev.strong, lambda: ev.line, ev.weak, ev.url, ev.modified, ev.generic).date


def fields_only(ev: Evidence) -> DateInfo | None:
    """Explicit publication fields only: no date line, generic field or URL on its own."""
    return pagedate._from_strong(ev.strong, lambda: ev.line, ev.generic, ev.url).date if ev.strong else None


def corroborated(ev: Evidence) -> DateInfo | None:
    """The current answer only when a second, independent statement names the same day."""
    d = current(ev)
    if d is None:
        return None
    witnesses = [x for x in (ev.line, ev.url, *ev.weak, *ev.strong) if x is not None and x is not d]
    return d if any(pagedate.agree(d, w) for w in witnesses) else None


def not_modified_after(days: int, policy: Callable[[Evidence], DateInfo | None]) -> Callable:
    """Unknown when the page declares a modification more than `days` after the chosen date."""

    def decide(ev: Evidence) -> DateInfo | None:
        d = policy(ev)
        if d is None or any(m.precision == "day" and (m.date - d.date).days > days for m in ev.modified):
            return None
        return d

    return decide


POLICIES: dict[str, Callable[[Evidence], DateInfo | None]] = {
    "current (archive)": current,
    "publication fields only": fields_only,
    "corroborated by a second statement": corroborated,
    "unknown if modified > 365 days later": not_modified_after(365, current),
    "unknown if modified > 30 days later": not_modified_after(30, current),
    "unknown if modified > 1 day later": not_modified_after(1, current),
    "fields only + modified > 1 day": not_modified_after(1, fields_only),
    "corroborated + modified > 1 day": not_modified_after(1, corroborated),
}


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"no page data at {DATA}")
    warnings.simplefilter("ignore")
    tallies: dict[tuple[str, str, str], Counter] = {}
    for half in ("tune", "held"):
        for source, truth, path in load(DATA, half):
            if "date" not in truth:
                continue
            ev = evidence(gzip.decompress(path.read_bytes()))
            group = "library's own" if source in LIBRARY_OWN else "others"
            for name, policy in POLICIES.items():
                got = policy(ev) if ev is not None else None
                day = got.iso() if got is not None and got.precision == "day" else None
                tallies.setdefault((half, group, name), Counter())[date_verdict(day, truth["date"])] += 1
    print(f"{'half / group / policy':62s} right (share)  wrong  unknown")
    for (half, group, name), c in tallies.items():
        n = sum(c.values())
        print(f"{half:4s} / {group:13s} / {name:38s} {c['right']:4d} ({100 * c['right'] / n:4.1f}%) "
              f"{c['wrong']:4d} {c['unknown']:6d}")


if __name__ == "__main__":
    main()
