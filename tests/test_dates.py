from __future__ import annotations

from datetime import date

import pytest

from intheopen.content.dates import DateError, parse_day, parse_moment


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-03-03", "2026-03-03T00:00:00+00:00"),
        ("2026-07-03", "2026-07-03T00:00:00+01:00"),
        ("2026-07-03 14:30", "2026-07-03T14:30:00+01:00"),
        ("2026-07-03T14:30:15", "2026-07-03T14:30:15+01:00"),
        ("2026-07-03T14:30Z", "2026-07-03T15:30:00+01:00"),
        ("2026-07-03 14:30 +02:00", "2026-07-03T13:30:00+01:00"),
        ("2026-12-03T14:30:00+00:00", "2026-12-03T14:30:00+00:00"),
    ],
)
def test_dates_become_aware_london_times(written: str, expected: str) -> None:
    moment = parse_moment(written)
    assert moment.isoformat() == expected
    assert str(moment.tzinfo) == "Europe/London"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-29", "'2026-02-29' is not a real date or time (day is out of range for month)"),
        (
            "2026-03-03 25:00",
            "'2026-03-03 25:00' is not a real date or time (hour must be in 0..23)",
        ),
        (
            "03/03/2026",
            "'03/03/2026' is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, "
            "e.g. 2026-03-03 or 2026-03-03 14:30",
        ),
        (
            True,
            "expected a date, found a yes/no value (true); write it as YYYY-MM-DD or "
            "YYYY-MM-DD HH:MM, e.g. 2026-03-03 or 2026-03-03 14:30",
        ),
    ],
)
def test_bad_dates_are_explained(written: object, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_moment(written)
    assert str(caught.value) == message


def test_a_day_given_with_a_time_is_its_london_day() -> None:
    assert parse_day("2026-07-03T23:30Z") == date(2026, 7, 4)
