"""The CoNLL-2003 development set (Reuters wire of August 1996, one token a line) as an archive corpus: each story
joined back into wire copy (headline, dateline, one line per sentence) as a JSON Lines record the indexer reads.

    .venv/bin/python bench/conll_corpus.py [--data DIR] OUT.jsonl

The joining is general, not written from any story: no space before closing punctuation and clitics, none after
opening brackets and currency signs, double quotes paired by their context (a quote opening a sentence or
following "(" / ":" opens; one after a comma or full stop, or before punctuation, closes; otherwise they
alternate), a lone single quote closing an open one or, after a word in -s, a plural possessive.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CLOSING = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...", ".."}
_OPENING = {"(", "[", "{", "$"}
_CLITIC = re.compile(r"^(?:'s|'S|n't|N'T|'re|'ve|'ll|'d|'m)$")
_DATELINE = re.compile(r"^(?:[A-Z][^\n]{0,50}\s)?(\d{4}-\d{2}-\d{2})$")
_ENDS_SENTENCE = tuple('.!?:"')


@dataclass(frozen=True)
class Story:
    """One CoNLL story: its tokens per sentence and, per token, its entity tag (I-PER, B-ORG, O ...)."""

    n: int
    sentences: list[list[str]]
    tags: list[list[str]]


def read_conll(path: Path) -> list[Story]:
    """The stories of a CoNLL-2003 file, split at its -DOCSTART- lines, sentences at its blank lines."""
    stories: list[Story] = []
    sent: list[str] = []
    tags: list[str] = []

    def close() -> None:
        if sent and stories:
            stories[-1].sentences.append(list(sent))
            stories[-1].tags.append(list(tags))
        sent.clear()
        tags.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            close()
            stories.append(Story(len(stories), [], []))
        elif not raw.strip():
            close()
        else:
            cols = raw.split()
            sent.append(cols[0])
            tags.append(cols[-1])
    close()
    return stories


def _quote_opens(toks: list[str], i: int, was_open: bool) -> bool:
    """Whether the double quote at toks[i] opens a quotation (else it closes one)."""
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is None:
        return True
    if nxt is None or nxt in _CLOSING:
        return False
    if prev in {",", ".", "?", "!", "...", "--"} and was_open:
        return False
    if prev in {"(", ":", "--", ","}:
        return True
    return not was_open


def join_tokens(toks: list[str], quote_open: bool = False) -> tuple[str, bool]:
    """One sentence's tokens as text, and whether a double quote is still open after it (quotations run on
    across sentences in wire copy). A quote ending the sentence while none is open belongs to the next one
    (the set's sentence cuts put the next quotation's mark after the full stop): see `story_lines`."""
    out: list[str] = []
    glue_next = False
    single_open = False
    for i, tok in enumerate(toks):
        glue = glue_next or not out
        glue_next = False
        if tok == '"':
            if _quote_opens(toks, i, quote_open):
                quote_open, glue_next = True, True
            else:
                quote_open, glue = False, True
        elif tok == "'":
            prev = toks[i - 1] if i else ""
            if single_open:
                single_open, glue = False, True
            elif i + 1 < len(toks) and toks[i + 1][:1].isdigit():
                glue_next = True  # an elided year ("in '91")
            elif prev[-1:] in "sS" and prev[-1:].isalpha() and "'" not in toks[i + 1:]:
                glue = True  # plural possessive ("the players' union")
            else:
                single_open, glue_next = True, True
        elif tok in _CLOSING or _CLITIC.match(tok):
            glue = True
        if tok in _OPENING or tok.endswith("$"):  # and C$, US$
            glue_next = True
        out.append(tok if glue else " " + tok)
    return "".join(out), quote_open


def _closes(toks: list[str], quote_open: bool) -> bool:
    """Whether a quotation is open before the sentence's last token (so a final quote closes it)."""
    return join_tokens(toks[:-1], quote_open)[1]


def story_lines(story: Story) -> list[str]:
    """The story's sentences as lines; a piece opening lower-case after a line without a closing mark continues
    that line (the set cut some sentences at their original line ends)."""
    lines: list[str] = []
    quote_open = False
    carried: list[str] = []
    for sent in story.sentences:
        toks = carried + sent
        carried = []
        if len(toks) > 1 and toks[-1] == '"' and toks[-2] in _CLOSING and not _closes(toks, quote_open):
            toks, carried = toks[:-1], ['"']
        line, quote_open = join_tokens(toks, quote_open)
        if lines and line[:1].islower() and not lines[-1].endswith(_ENDS_SENTENCE):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def names(story: Story, kind: str) -> list[str]:
    """The distinct names of one kind (PER, ORG) the set tags in the story, joined as text."""
    out: dict[str, None] = {}
    for toks, tags in zip(story.sentences, story.tags, strict=True):
        run: list[str] = []
        for tok, tag in zip([*toks, ""], [*tags, "O"], strict=True):
            if run and (tag[2:] != kind or tag.startswith("B-")):
                out[join_tokens(run)[0]] = None
                run = []
            if tag[2:] == kind:
                run.append(tok)
    return list(out)


def record(story: Story) -> dict:
    """The story as a corpus record: headline as title (the set's added full stop removed), the dateline kept
    as the body's first line as the wire has it, its date as the record's date, and the set's own person and
    organisation names as given metadata (a tagged feed: the indexer then skips its entity model, which the
    story grouping does not read)."""
    lines = story_lines(story)
    title = lines[0][:-1].rstrip() if lines and lines[0].endswith(".") else (lines[0] if lines else "")
    body = lines[1:]
    date = None
    for line in body[:4]:
        m = _DATELINE.match(line)
        if m:
            date = datetime.date.fromisoformat(m.group(1))
            break
    rec = {"id": f"conll-{story.n:03d}", "title": title, "body": "\n\n".join(body), "source": "Reuters",
           "persons": names(story, "PER"), "orgs": names(story, "ORG")}
    if date:
        rec["date"] = date.isoformat()
    return rec


def write_corpus(records: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from reuters_pairs import data_dir

    args = sys.argv[1:]
    data = data_dir(args[args.index("--data") + 1] if "--data" in args else None)
    out = Path([a for a in args if a.endswith(".jsonl")][0])
    write_corpus([record(s) for s in read_conll(data / "conll2003_dev.txt")], out)


if __name__ == "__main__":
    main()
