"""The query box's text as a Whoosh query: fields checked, very common words dropped, facet names made
canonical, patterns expanded into the words they stand for."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import MultifieldParser
from whoosh.qparser.common import QueryParserError

from archive.schema import DEFAULT_FIELDS

from . import querytext
from .filters import canonical_value
from .generation import Generation
from .memo import Recent
from .params import BadRequest

FIELD_NAMES = ("title", "body", "names", "person", "org", "resolution", "source", "dateline")
MAX_PATTERN_WORDS = 1000  # a prefix or wildcard standing for more words is refused (Whoosh: 1,024 per Or)


PARSED_QUERIES = 4096  # parsed query texts kept per generation (typed queries repeat)


def parse_query(gen: Generation, text: str) -> wq.Query | None:
    """Whoosh query for `text`; None when empty. Raises BadRequest for what Whoosh cannot use.

    The parse depends only on the text and the generation (its schema, names and words), so the most recent
    are kept: Whoosh's parser is a few ms a query. Queries are not changed in place anywhere (what needs another
    form copies: `accept`, `normalize`, search/boosted.py, search/exactscores.py), so one object serves all."""
    recent = gen.derived("parsed_queries", lambda: Recent[wq.Query | None](PARSED_QUERIES))
    return recent.get(text, lambda: _parse(gen, text))


def _parse(gen: Generation, text: str) -> wq.Query | None:
    if not text.strip():
        return None
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema=gen.schema)
    try:
        parsed = parser.parse(querytext.rewrite(text, FIELD_NAMES))
    except (QueryParserError, RecursionError) as exc:
        # What a query can cause: Whoosh's own refusal, or brackets nested deeper than its parser recurses (the
        # only one 600 generated malformed queries raised). Anything else is a bug, and a 500 says so.
        raise BadRequest(f"the query could not be understood: {exc}") from None
    if "names:" not in text:
        parsed = parsed.accept(_drop_common_word).normalize()
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise BadRequest(f"the query {text[:80]!r} has no searchable words: only operators, punctuation or very common"
                         " words (the, of, and...), which the archive does not search for; add a more specific word")
    _check_fields(parsed)
    parsed = parsed.accept(lambda node: _canonical_names(gen, node))
    return parsed.accept(lambda node: _expand_pattern(gen, node)).normalize()


def _drop_common_word(node: wq.Query) -> wq.Query:
    """A very common word left only in `names` (titles and text drop it): not searched at all.

    Otherwise `the oil` would ask for articles naming someone with "the" in the name."""
    if isinstance(node, wq.Term) and node.fieldname == "names" and (node.text in STOP_WORDS or len(node.text) < 2):
        return wq.NullQuery
    return node


def _canonical_names(gen: Generation, node: wq.Query) -> wq.Query:
    """`org:OPEC` also finds the articles the `org=OPEC` filter finds: the value's canonical name as a phrase."""
    field_name = getattr(node, "fieldname", None)
    if field_name not in ("person", "org") or not isinstance(node, (wq.Term, wq.Phrase)):
        return node
    words = [node.text] if isinstance(node, wq.Term) else list(node.words)
    name = canonical_value(gen, field_name, " ".join(str(w) for w in words))
    if name is None:
        return node
    tokens = [t.text for t in gen.schema[field_name].analyzer(name)]
    if tokens == words or not tokens:
        return node
    exact = wq.Term(field_name, tokens[0]) if len(tokens) == 1 else wq.Phrase(field_name, tokens)
    return wq.Or([node, exact])


def _expand_pattern(gen: Generation, node: wq.Query) -> wq.Query:
    """A prefix or wildcard as the `Or` of the words it stands for in this index.

    Whoosh scores a pattern by its words' scores in large segments but not in small ones (a preloaded,
    unscored matcher), so one article could rank differently before and after an update; expanded, a
    pattern is scored like the words typed out, everywhere, and the numpy fast path can answer it."""
    if type(node) not in (wq.Prefix, wq.Wildcard):
        return node
    expanded = node.simplify(gen.searcher().reader())  # Whoosh's own expansion: Term, Or of Terms or NullQuery
    if isinstance(expanded, wq.Or) and len(expanded.subqueries) > MAX_PATTERN_WORDS:
        raise BadRequest(f"{node} stands for more than {MAX_PATTERN_WORDS:,} different words in the archive;"
                         " give more letters before the * or ?")
    return expanded


def _check_fields(q: wq.Query) -> None:
    for node in q.leaves():
        name = getattr(node, "fieldname", None)
        if name and name not in FIELD_NAMES:
            raise BadRequest(f"unknown field {name!r} in the query; fields are {', '.join(FIELD_NAMES)}")
        # A leading wildcard walks the whole vocabulary of the archive: too slow to offer.
        if isinstance(node, wq.Wildcard) and str(node.text)[:1] in "*?":
            raise BadRequest(f"a word cannot start with a wildcard ({node.text!r}); put letters before * or ?")
