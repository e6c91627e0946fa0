"""Does the search time budget hold for the whole request? The slowest kinds of request (phrases and NOT of the
index's most common words, answered by Whoosh one document at a time), as a results page, the JSON API and the
CSV export ordered by relevance, timed end to end through the app with `SEARCH_SECONDS` set to `--budget`.

    python -m bench.request_budget --index DIR [--budget 0.1] [--words 8]

Prints one JSON object: per request its natural time (default budget), its time under the small budget and its
status; and the worst refused time as a multiple of the budget (1.0 and a little is the goal: matching and
ranking share one budget; two stages with a budget each could take twice it). A refusal raised after an export
began streaming shows as "200 cut off" (the client got a truncated file with a success status).
"""

from __future__ import annotations

import argparse
import json
import time
from urllib.parse import urlencode

from app import create_app
from search import budget


def common_words(index: str, n: int) -> list[str]:
    gen = create_app({"INDEX_DIR": index}).extensions["archive_index"].current()
    reader = gen.searcher().reader()
    words = [t.decode() if isinstance(t, bytes) else t for _f, t in reader.most_frequent_terms("body", n * 3)]
    return [w for w in words if w.isalpha() and len(w) > 3][:n]


def timed(client, url: str) -> tuple[float, int | str]:
    t = time.perf_counter()
    try:
        resp = client.get(url)
        resp.get_data()
        resp.close()
    except Exception as exc:  # noqa: BLE001 - a refusal raised inside a stream that had already begun (a 200)
        return time.perf_counter() - t, f"200 cut off: {type(exc).__name__}"
    return time.perf_counter() - t, resp.status_code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--budget", type=float, default=0.1)
    ap.add_argument("--words", type=int, default=8)
    a = ap.parse_args()
    words = common_words(a.index, a.words)
    queries = [f'"{w1} {w2}"' for w1, w2 in zip(words, words[1:])] + [f"{w1} NOT {w2}" for w1, w2 in
                                                                     zip(words, words[2:])]
    client = create_app({"INDEX_DIR": a.index}).test_client()
    rows = []
    natural = budget.SEARCH_SECONDS
    for q in queries:
        for path in ("/search", "/api/search", "/search.csv"):
            url = f"{path}?{urlencode({'q': q})}"
            timed(client, url)  # warm
            full, _ = timed(client, url)
            budget.SEARCH_SECONDS = a.budget
            try:
                small, status = timed(client, url)
            finally:
                budget.SEARCH_SECONDS = natural
            rows.append({"url": url, "natural_s": round(full, 3), "budget_s": round(small, 3), "status": status})
    refused = [r for r in rows if r["status"] != 200]
    worst = max((r["budget_s"] for r in refused), default=0.0)
    print(json.dumps({"budget": a.budget, "requests": len(rows), "refused": len(refused),
                      "worst_refused_s": worst, "worst_over_budget": round(worst / a.budget, 2),
                      "slowest_natural_s": max(r["natural_s"] for r in rows), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
