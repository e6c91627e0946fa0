"""URL parameters: validation messages and canonical query strings."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from search.params import BadRequest, parse_params


def parse(**kw):
    return parse_params(MultiDict([(k, v) for k, vs in kw.items() for v in (vs if isinstance(vs, list) else [vs])]))


@pytest.mark.parametrize("params, message", [
    ({"page": "abc"}, "'page' must be a whole number"),
    ({"page": "0"}, "'page' must be from 1"),
    ({"per_page": "101"}, "'per_page' must be from 1 to 100"),
    ({"per_page": "-3"}, "'per_page' must be a whole number"),
    ({"sort": "sideways"}, "'sort' must be one of relevance, newest, oldest"),
    ({"versions": "some"}, "'versions' must be one of collapse, all"),
    ({"from": "2019-13-45"}, "'from' is not a real date"),
    ({"to": "March"}, "'to' must be a date"),
    ({"from": "2020", "to": "2019-12"}, "'from' (2020) is after 'to' (2019-12)"),
    ({"date": "unknown", "from": "2019"}, "cannot be combined"),
    ({"date": "yesterday"}, "'date' can only be 'unknown'"),
    ({"resolution": "twelve"}, "resolution number"),
    ({"facet_limit": "x"}, "'facet_limit' must be a whole number"),
])
def test_bad_parameters_say_what_is_wrong(params, message):
    with pytest.raises(BadRequest) as err:
        parse(**params)
    assert message in str(err.value)


def test_round_trip_and_defaults_left_out():
    req = parse(q="safe havens", person=["A B", "C D"], not_org="X", **{"from": "2010", "to": "2010-12"},
                sort="oldest", page="2", per_page="50", facet_limit="0", versions="all")
    assert req.to_params() == [
        ("q", "safe havens"), ("person", "A B"), ("person", "C D"), ("not_org", "X"), ("from", "2010"),
        ("to", "2010-12"), ("sort", "oldest"), ("versions", "all"), ("per_page", "50"), ("facet_limit", "0"),
        ("page", "2"),
    ]
    assert parse().to_params() == []


def test_month_bounds_cover_the_whole_period():
    req = parse(**{"from": "2019-02", "to": "2020"})
    assert (req.date_from.first.isoformat(), req.date_from.last.isoformat()) == ("2019-02-01", "2019-02-28")
    assert req.date_to.last.isoformat() == "2020-12-31"


def test_selecting_a_value_goes_back_to_page_one_and_keeps_the_rest():
    req = parse(q="x", person="A", page="3", sort="newest")
    assert req.with_value("person", "B") == [("q", "x"), ("person", "A"), ("person", "B"), ("sort", "newest")]
    assert req.without_value("person", "A") == [("q", "x"), ("sort", "newest")]
    assert ("not_org", "Z") in req.with_value("org", "Z", exclude=True)
