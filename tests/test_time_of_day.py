"""The time of day is kept where a given date states one, and only there (issue 16)."""

from __future__ import annotations

import pytest

from indexer.dates import parse_given_date


@pytest.mark.parametrize(
    ("value", "time", "tz"),
    [
        ("1987-02-26T15:01:01.79", "15:01:01", None),  # Reuters-21578's own stamp, fractions dropped
        ("2019-03-12T10:00:00+05:30", "10:00", "+05:30"),
        ("2019-03-12 9:05", "09:05", None),
        ("Tue, 12 Mar 2019 10:00:00 +0000", "10:00", "+00:00"),
        ("2020-01-01T00:00:00Z", "00:00", "+00:00"),  # midnight stated is a time
        ("2019-03-12", None, None),
        ("March 12, 2019", None, None),  # a written date without a time: none invented
        ("2019-03", None, None),  # not a day: no time either
    ],
)
def test_time_kept_as_stated(value: str, time: str | None, tz: str | None) -> None:
    info = parse_given_date(value)
    assert info is not None
    assert (info.time, info.tz) == (time, tz)
