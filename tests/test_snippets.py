"""Snippets: the fast fragment finder gives exactly what Whoosh's highlighter gives, on real and odd texts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import highlight
from whoosh.fields import Schema

from archive import schema as fulltext
from search import snippets

SCHEMA: Schema = fulltext.make_schema()
ANALYZER = snippets.SnippetAnalyzer(SCHEMA["body"].analyzer)


def whoosh_snippet(text: str, terms: set[str]) -> str:
    return highlight.highlight(
        text, terms, SCHEMA["body"].analyzer,
        highlight.ContextFragmenter(maxchars=snippets.SNIPPET_CHARS, surround=snippets.SURROUND),
        snippets.MarkFormatter(), top=snippets.FRAGMENTS)


def fast_snippet(text: str, terms: set[str]) -> str:
    return snippets._fast_highlight(text, frozenset(terms), ANALYZER)


def stems(*words: str) -> set[str]:
    return {ANALYZER.key(w) for w in words}


def test_the_index_analyzer_is_the_one_the_fast_path_reads():
    assert ANALYZER.fused


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ9_.*-' \u00e9\u00df\u0130\u212a\u0663", max_size=60))
def test_words_split_as_the_tokenizers_pattern(text):
    """The faster split (no optional dot; re.ASCII on ASCII text) finds exactly the words Whoosh's default
    pattern finds, with dots, asterisks and non-ASCII word characters."""
    assert ANALYZER.split is snippets.split_words
    whole = re.compile(f"({snippets._uncaptured(snippets._DEFAULT.pattern)})", snippets._DEFAULT.flags)
    assert snippets.split_words(text) == whole.split(text)
    assert snippets.split_words(text)[1::2] == [m.group(0) for m in snippets._DEFAULT.finditer(text)]


def test_same_fragments_as_whoosh_on_the_shipped_articles(seed_corpus):
    compared = 0
    for path in sorted(seed_corpus.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        vocab = sorted(set(re.findall(r"[A-Za-z]{3,}", text)))
        for i, word in enumerate(vocab):
            terms = stems(word, vocab[(i * 7) % len(vocab)])
            assert fast_snippet(text, terms) == whoosh_snippet(text, terms), (path.name, word)
            compared += 1
    assert compared > 1000


def test_matches_are_marked_and_text_escaped():
    text = 'Talks <b>resumed</b> & the "talks" went on. ' + "Filler words here. " * 30 + "More talks later."
    out = fast_snippet(text, stems("talks"))
    assert out == whoosh_snippet(text, stems("talks"))
    assert "<mark>Talks</mark>" in out and "&lt;b&gt;" in out and "<b>" not in out and " ... " in out


def test_odd_texts_overlong_words_and_the_character_limit():
    long_word = "x" * 300
    texts = [
        f"{long_word} bank {long_word} bank",
        "bank " + "word " * 8000 + "bank at the end",  # past Whoosh's 32,768-character limit
        "word " * 6545 + "bank " + "words " * 100,  # a fragment running over the limit
        "bank",
        "",
    ]
    for text in texts:
        assert fast_snippet(text, stems("bank")) == whoosh_snippet(text, stems("bank"))


WORDS = ["bank", "banks", "banking", "the", "of", "rate", "rates", "oil", "x" * 70, "a", "Bank's", "U.S.", "2.5",
         "prices", "price", "and", "minister", "talks", "ministers", "in"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=400), st.sets(st.sampled_from(WORDS[:10]), min_size=1, max_size=3))
def test_same_fragments_as_whoosh_on_generated_texts(words, query):
    text = " ".join(words)
    terms = stems(*query)
    assert fast_snippet(text, terms) == whoosh_snippet(text, terms)
