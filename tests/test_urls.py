"""The links the pages give: `with_query` is `urlencode` byte for byte (it quotes each key and value once and
keeps it), and an article's URL is Flask's `url_for` under any script root."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from web import urls

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=12))
def test_with_query_is_urlencode(params):
    assert urls.with_query("/search", params) == "/search" + ("?" + urlencode(params) if params else "")
    assert urls.with_query("/search", params) == urls.with_query("/search", params)  # kept, the same


def test_article_urls_follow_the_script_root(app):
    ids = ["abc", "a b/ç?&#", "L0000001"]
    for root in ("", "/archive"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            expected = [app.url_for("pages.article", art_id=i) for i in ids]
            assert [urls.article_url(i) for i in ids] == expected
            assert all(u.startswith(f"{root}/article/") for u in expected)
