"""Stricter date policies replayed on the pages' own evidence: how many wrong dates each removes, and at
what cost in right ones (issue 13, sixth round).

Each page's evidence is read once with the reader's own functions (`indexer.pagedate`: publication fields,
generic fields, the URL's day, the date line under the headline, the declared modified days); each policy
then decides from that evidence alone. "current" is the archive's policy (`resolve_date`); its figures
differ from `bench/pages_eval.py`'s by the few pages dated from their text (article.py's fallback).

    python -m bench.pages_eval_dates               # both halves, others and the library's own sets
    python -m bench.pages_eval_dates --half tune   # one half
"""

from __future__ import annotations

import gzip
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from unittest import mock

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
    shown: list[DateInfo] = field(default_factory=list)  # every date shown between the headline and the story

    unlabelled: Evidence | None = None  # the same page read without round 7's "Updated" label rule

    def header(self) -> pagedate.HeaderDates:
        return pagedate.HeaderDates(self.line, self.shown)


def evidence(html: bytes, update_labels: bool = True) -> Evidence | None:
    if update_labels:
        ev = evidence(html, update_labels=False)
        found = evidence_read(html)
        if found is not None:
            found.unlabelled = ev
        return found
    # Round 7's rule 3 off: no text counts as an "Updated" label before a date line.
    with mock.patch.object(pagedate, "says_updated", lambda line: False):
        return evidence_read(html)


def evidence_read(html: bytes) -> Evidence | None:
    tree = htmlpage._load_tree(decode_bytes(html, html=True))
    if tree is None:
        return None
    meta = read_meta(tree)
    strong, weak = pagedate._meta_dates(tree, meta)
    header = pagedate._header_dates(tree, htmlpage._title(meta))
    return Evidence(
        strong, weak, pagedate._url_date(meta.url), header.line,
        pagedate._modified_dates(meta), pagedate._generic_fields(meta), header.shown,
    )


def current(ev: Evidence) -> DateInfo | None:
    return pagedate.resolve_date(ev.strong, ev.header, ev.weak, ev.url, ev.modified, ev.generic).date


def round6(ev: Evidence) -> DateInfo | None:
    """The archive's policy before round 7: neither of its two rules."""
    base = ev.unlabelled or ev
    return pagedate.resolve_date(base.strong, base.header, base.weak, base.url, base.modified, base.generic, False).date


def without_referee(ev: Evidence) -> DateInfo | None:
    """Round 7 less rule 1: the dates shown under the headline do not overrule the metadata."""
    return current(replace(ev, shown=[]))


def without_label(ev: Evidence) -> DateInfo | None:
    """Round 7 less rule 2: a date after an "Updated" label is still the date line."""
    return current(ev.unlabelled or ev)


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
    "round 6 (none of round 7's rules)": round6,
    "current (archive)": current,
    "round 7 less (1) shown dates as referee": without_referee,
    "round 7 less (2) 'Updated' label": without_label,
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
    halves = sys.argv[sys.argv.index("--half") + 1 :][:1] if "--half" in sys.argv else ["tune", "held"]
    for half in halves:
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
