"""Plan dates in both notations, at all four precisions, and announcement moments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.dates import DateError, Precision, parse_moment, parse_plan_date
from generator.yaml_positions import parse_yaml

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("written, display, first, last", [
    ("27/9/2024", "27/9/2024", dt.date(2024, 9, 27), dt.date(2024, 9, 27)),
    ("2024-09-27", "27/9/2024", dt.date(2024, 9, 27), dt.date(2024, 9, 27)),
    ("1/2025", "tháng 1/2025", dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
    ("2025-02", "tháng 2/2025", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
    ("tháng 2/2024", "tháng 2/2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("quý I/2026", "quý I/2026", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ("2026-Q4", "quý IV/2026", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ("năm 2025", "năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ("2025", "năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
])
def test_written_forms(written, display, first, last):
    date = parse_plan_date(written)
    assert (date.display(), date.start, date.end) == (display, first, last)
    assert parse_plan_date(date.display()) == date  # display round-trips
    assert parse_plan_date(date.iso()) == date


def test_values_yaml_already_converted():
    data, _, problems = parse_yaml("a: 2024-09-27\nb: 2025\nc: 1/2025\n")
    assert problems == []
    assert isinstance(data["a"], dt.date) and isinstance(data["b"], int)
    assert parse_plan_date(data["a"]).precision is Precision.DAY
    assert parse_plan_date(data["b"]).display() == "năm 2025"
    assert parse_plan_date(data["c"]).display() == "tháng 1/2025"


@pytest.mark.parametrize("written, message", [
    ("31/2/2025", "'31/2/2025' is not a date: 2/2025 has 28 days"),
    ("29/2/2023", "'29/2/2023' is not a date: 2/2023 has 28 days"),
    ("quý 0/2025", "'quý 0/2025' is not a date: a year has quarters I to IV (1 to 4)"),
    ("hôm qua", "'hôm qua' is not a date; write 27/9/2024, 9/2024, quý III/2024 or 2024 "
                "(or 2024-09-27, 2024-09, 2024-Q3)"),
    (True, "expected a date, found yes/no; write 27/9/2024, 9/2024, quý III/2024 or 2024 "
           "(or 2024-09-27, 2024-09, 2024-Q3)"),
])
def test_impossible_dates(written, message):
    with pytest.raises(DateError) as caught:
        parse_plan_date(written)
    assert str(caught.value) == message


@pytest.mark.parametrize("written, expected", [
    ("2024-10-10 14:40", dt.datetime(2024, 10, 10, 14, 40, tzinfo=ZONE)),
    ("10/10/2024 14:40", dt.datetime(2024, 10, 10, 14, 40, tzinfo=ZONE)),
    ("2024-10-10T07:40:00+00:00", dt.datetime(2024, 10, 10, 14, 40, tzinfo=ZONE)),
    (dt.date(2024, 10, 10), dt.datetime(2024, 10, 10, 0, 0, tzinfo=ZONE)),
])
def test_moments_in_site_time_zone(written, expected):
    moment = parse_moment(written, ZONE)
    assert moment == expected
    assert moment.utcoffset() == dt.timedelta(hours=7)
