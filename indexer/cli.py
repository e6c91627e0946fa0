"""The command line: `python -m indexer rebuild|update|stories`.

Progress and logs go to stderr; `--json` prints the run's summary as one JSON object on stdout.
The exit status is non-zero only when the index could not be built.
"""

from __future__ import annotations

import json
import logging
import sys

import click

from archive import config
from archive.record import ArticleRecord
from archive.store import STORE_FILE, Store

from . import build, cluster, layout, xapianshards

_common = [
    click.option("--corpus", "corpus", default=None, help="Corpus folder [env ARCHIVE_CORPUS_DIR; default corpus/]."),
    click.option("--index", "index", default=None,
                 help="Index folder [env ARCHIVE_INDEX_DIR; default instance/index/]."),
    click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout."),
    click.option("--procs", "procs", type=click.IntRange(min=1), default=None,
                 help="Processes for the entity model and the index writer "
                      "[env ARCHIVE_INDEX_PROCS; default min(2, CPUs)]."),
    click.option("--scheduler", "scheduler", default=None, metavar="ADDRESS|local:N",
                 help="Run the entity model on a Dask cluster: a scheduler's address (tcp://HOST:PORT) or "
                      "local:N for a LocalCluster of N workers on this machine [env ARCHIVE_DASK_SCHEDULER]."),
]


def _options(fn):
    for opt in reversed(_common):
        fn = opt(fn)
    return fn


@click.group()
def main() -> None:
    """Build and maintain the archive's search index."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)


@main.command()
@_options
def rebuild(corpus: str | None, index: str | None, as_json: bool, procs: int | None, scheduler: str | None) -> None:
    """Build the whole index from the corpus, beside the serving one, and switch to it."""
    _run(build.rebuild, corpus, index, as_json, procs, scheduler)


@main.command()
@_options
def update(corpus: str | None, index: str | None, as_json: bool, procs: int | None, scheduler: str | None) -> None:
    """Add new and changed files, drop deleted ones (a full build when there is no index yet)."""
    _run(build.update, corpus, index, as_json, procs, scheduler)


@main.command()
@click.option("--index", "index", default=None, help="Index folder [env ARCHIVE_INDEX_DIR; default instance/index/].")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
def stories(index: str | None, as_json: bool) -> None:
    """List the story groups of the serving index (two or more articles), for review."""
    gen = layout.current_path(config.index_dir(index))
    if gen is None:
        raise click.ClickException("no index yet: run `python -m indexer rebuild` first")
    store = Store(gen / STORE_FILE, readonly=True)
    try:
        groups: dict[str, list[ArticleRecord]] = {}
        for _o, rec in store.records():
            groups.setdefault(rec.story_id, []).append(rec)
    finally:
        store.close()
    out: list[dict] = []
    for story, recs in sorted(groups.items()):
        if len(recs) < 2:
            continue
        out.append({
            "story": story,
            "articles": [{"id": r.id, "title": r.title, "date": r.date, "sources": r.sources,
                          "related": r.related or []} for r in recs],
        })
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    if not out:
        click.echo("no story groups")
    for group in out:
        click.echo(f"story {group['story']} ({len(group['articles'])} articles)")
        for art in group["articles"]:
            links = ", ".join(f"{r['kind']} {r['similarity']:.2f} with {r['id']}" for r in art["related"])
            click.echo(f"  {art['id']}  {art['date'] or 'no date':10}  {art['title'][:70]}")
            click.echo(f"      {', '.join(art['sources'])}; {links}")


def _run(fn, corpus: str | None, index: str | None, as_json: bool, procs: int | None = None,
         scheduler: str | None = None) -> None:
    try:
        n = config.procs(procs)
        where = cluster.Scheduler.from_setting(scheduler)
        xapianshards.configured_shards()  # checked before the build starts, not at its end
    except ValueError as exc:  # a bad ARCHIVE_INDEX_PROCS, scheduler address or ARCHIVE_XAPIAN_SHARDS
        raise click.UsageError(str(exc)) from None
    try:
        with cluster.model_on(where):
            summary = fn(config.corpus_dir(corpus), config.index_dir(index), procs=n)
    except cluster.ClusterError as exc:
        click.echo(f"error: {exc}; the previous index (if any) is still serving", err=True)
        sys.exit(2)
    except layout.IndexLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    except build.BuildError as exc:
        click.echo(f"error: {exc}; the previous index (if any) is still serving", err=True)
        sys.exit(2)
    data = summary.as_dict()
    _print_summary(data)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))


def _print_summary(s: dict) -> None:
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    say(f"{s['mode']}: generation {s['generation']} in {s['seconds']:.1f}s")
    say(f"  files read: {s['files_read']} (unchanged: {s['files_unchanged']}, removed: {s['files_removed']})")
    say(f"  articles: {s['articles']} (added {s['articles_added']}, removed {s['articles_removed']})")
    say(f"  identical copies merged: {s['duplicates_merged']}")
    say(f"  pages without article text (indexed by headline and description): {s['pages_without_body']}")
    for item in s["pages_read_flat"]:
        say(f"  page read as plain text: {item['file']}: {item['reason']}")
    say(f"  story groups: {s['story_groups']} (with near-duplicates: {s['duplicate_groups']}, "
        f"same story only: {s['same_story_groups']})")
    say(f"  entity extraction: {s['extracted']} run, {s['extraction_cached']} from cache")
    for merge in s["entity_merges"][:20]:
        say(f"  merged {merge}")
    if len(s["entity_merges"]) > 20:
        say(f"  ... and {len(s['entity_merges']) - 20} more entity merges (see --json)")
    say(f"  files skipped: {len(s['skipped'])}")
    for item in s["skipped"]:
        say(f"    {item['file']}: {item['reason']}")
