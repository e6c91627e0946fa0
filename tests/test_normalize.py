"""Typography, paragraphs, headlines and page furniture."""

from __future__ import annotations

from indexer.normalize import clean_text_article, normalize_text, paragraphs


def test_typography_is_normalized():
    raw = "\u201cQuoted\u201d and \u2018single\u2019 quotes,\u00a0a\u2009space, cross -border and cross- border"
    assert normalize_text(raw) == "\"Quoted\" and 'single' quotes, a space, cross-border and cross-border"


def test_loose_hyphen_does_not_join_a_dash_between_words():
    assert normalize_text("Mar 12 - Reuters") == "Mar 12 - Reuters"


def test_headline_section_label_and_repeated_headline():
    text = "World\n\nRiver levels fall across the delta\n\nRiver levels fall across the delta\n\n" \
           "Water levels fell on Sunday, officials said.\n\nShare:\n\nREAD MORE: Floods Hit Ten Villages\n" \
           "Rescue Teams Reach Stranded Families\nThe army sent boats, a spokesman said."
    art = clean_text_article(text)
    assert art.title == "River levels fall across the delta"
    assert not art.title_derived
    assert art.body.split("\n\n") == ["Water levels fell on Sunday, officials said.",
                                      "The army sent boats, a spokesman said."]


def test_text_without_headline_gets_a_derived_title():
    text = ("The council met on Tuesday to discuss the harbour budget and agreed on a new plan for dredging the "
            "channel before winter. Members voted nine to two.\n\nA second paragraph follows here.")
    art = clean_text_article(text)
    assert art.title_derived
    assert art.title.startswith("The council met on Tuesday")
    assert art.body.startswith("The council met on Tuesday")


def test_furniture_lines_are_dropped_anywhere():
    text = ("Budget passes after long night\n\nThe budget passed at 3am.\n\nAlso read: Ten things to know\n\n"
            "Advertisement\n\nGet Example News in your Inbox:\n\nLawmakers went home after the vote.\n\nShare:")
    body = clean_text_article(text).body
    assert "Also read" not in body and "Advertisement" not in body and "Inbox" not in body and "Share" not in body
    assert body.endswith("Lawmakers went home after the vote.")


def test_hard_wrapped_wire_copy_is_joined_into_paragraphs():
    text = ("Shares rose sharply on Monday after the\ncentral bank cut its key rate by half a\npoint, "
            "dealers said.\n\nThe index closed\nat a record high.")
    assert paragraphs(text) == [
        "Shares rose sharply on Monday after the central bank cut its key rate by half a point, dealers said.",
        "The index closed at a record high.",
    ]
