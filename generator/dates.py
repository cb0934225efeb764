"""Plan dates at four precisions, in ISO and Vietnamese notation.

Plan documents say "27/9/2024", "tháng 1/2025", "quý I/2026" or "năm 2025".
`PlanDate` keeps what was written and its precision, knows the first and last
day it covers, and prints itself the Vietnamese way. `parse_moment` reads an
announcement's date, a moment in the site's time zone.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

__all__ = ["DateError", "PlanDate", "Precision", "parse_moment", "parse_plan_date",
           "format_moment", "format_day"]

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}


class Precision(enum.IntEnum):
    YEAR = 1
    QUARTER = 2
    MONTH = 3
    DAY = 4


class DateError(ValueError):
    """A written date that is not one; the message names what to write."""


@dataclass(frozen=True, order=True)
class PlanDate:
    """A date as precise as the plan document gave it."""

    start: dt.date
    """First day covered (sorting uses it)."""
    precision: Precision

    @property
    def end(self) -> dt.date:
        """Last day covered: the day itself, or the month's, quarter's or year's last day."""
        d = self.start
        if self.precision is Precision.DAY:
            return d
        if self.precision is Precision.MONTH:
            return d.replace(day=_calendar.monthrange(d.year, d.month)[1])
        if self.precision is Precision.QUARTER:
            last_month = d.month + 2
            return dt.date(d.year, last_month, _calendar.monthrange(d.year, last_month)[1])
        return dt.date(d.year, 12, 31)

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def display(self) -> str:
        """Vietnamese display: 27/9/2024, tháng 1/2025, quý I/2026, năm 2025."""
        d = self.start
        if self.precision is Precision.DAY:
            return format_day(d)
        if self.precision is Precision.MONTH:
            return f"tháng {d.month}/{d.year}"
        if self.precision is Precision.QUARTER:
            return f"quý {_ROMAN_OF[self.quarter]}/{d.year}"
        return f"năm {d.year}"

    def iso(self) -> str:
        """ISO notation, for machines (`datetime` attributes, JSON)."""
        d = self.start
        if self.precision is Precision.DAY:
            return d.isoformat()
        if self.precision is Precision.MONTH:
            return f"{d.year:04d}-{d.month:02d}"
        if self.precision is Precision.QUARTER:
            return f"{d.year:04d}-Q{self.quarter}"
        return f"{d.year:04d}"

    def __str__(self) -> str:
        return self.display()


def format_day(day: dt.date) -> str:
    """27/9/2024: Vietnamese day notation without leading zeros."""
    return f"{day.day}/{day.month}/{day.year}"


def format_moment(moment: dt.datetime) -> str:
    """10/10/2024 14:40 for an announcement's date (already in the site time zone)."""
    if moment.hour == 0 and moment.minute == 0:
        return format_day(moment.date())
    return f"{format_day(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


_HINT = "write 27/9/2024, 9/2024, quý III/2024 or 2024 (or 2024-09-27, 2024-09, 2024-Q3)"

_FORMS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), Precision.DAY),
    (re.compile(r"(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"), Precision.DAY),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"), Precision.MONTH),
    (re.compile(r"(?:tháng\s+)?(?P<m>\d{1,2})/(?P<y>\d{4})"), Precision.MONTH),
    (re.compile(r"(?P<y>\d{4})-[Qq](?P<q>\d)"), Precision.QUARTER),
    (re.compile(r"quý\s+(?P<q>[IVX]+|\d)\s*/\s*(?P<y>\d{4})", re.IGNORECASE), Precision.QUARTER),
    (re.compile(r"(?:năm\s+)?(?P<y>\d{4})"), Precision.YEAR),
]


def parse_plan_date(value: object) -> PlanDate:
    """Read any accepted form, including what YAML already made of it."""
    if isinstance(value, PlanDate):
        return value
    if isinstance(value, dt.datetime):
        return PlanDate(value.date(), Precision.DAY)
    if isinstance(value, dt.date):
        return PlanDate(value, Precision.DAY)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(f"expected a date, found {_kind_of(value)}; {_HINT}")
    text = " ".join(str(value).split())
    for pattern, precision in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            return _plan_date_from(match, precision, text)
    raise DateError(f"'{text}' is not a date; {_HINT}")


def _plan_date_from(match: re.Match[str], precision: Precision, text: str) -> PlanDate:
    parts = match.groupdict()
    year = int(parts["y"])
    if year < 1:
        raise DateError(f"'{text}' is not a date: there is no year {year}")
    if precision is Precision.QUARTER:
        q_text = parts["q"].upper()
        quarter = _ROMAN.get(q_text) or (int(q_text) if q_text.isdigit() else 0)
        if not 1 <= quarter <= 4:
            raise DateError(f"'{text}' is not a date: a year has quarters I to IV (1 to 4)")
        return PlanDate(dt.date(year, 3 * quarter - 2, 1), precision)
    month = int(parts.get("m") or 1)
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a date: month {month} does not exist; {_HINT}")
    day = int(parts.get("d") or 1)
    try:
        return PlanDate(dt.date(year, month, day), precision)
    except ValueError:
        last = _calendar.monthrange(year, month)[1] if year >= 1 else 31
        raise DateError(f"'{text}' is not a date: {month}/{year} has {last} days") from None


def parse_moment(value: object, zone: ZoneInfo) -> dt.datetime:
    """An announcement's date: a day (00:00) or a day and time, in `zone` unless it has an offset."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        moment = _parse_moment_text(" ".join(value.split()))
    else:
        raise DateError(f"expected a date and time like 2024-10-10 14:40, found {_kind_of(value)}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


_MOMENT_VI = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?")


def _parse_moment_text(text: str) -> dt.datetime:
    hint = "write 2024-10-10 14:40, 10/10/2024 14:40 or 2024-10-10T14:40:00+07:00"
    match = _MOMENT_VI.fullmatch(text)
    try:
        if match:
            p = match.groupdict()
            return dt.datetime(int(p["y"]), int(p["m"]), int(p["d"]),
                               int(p["H"] or 0), int(p["M"] or 0))
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise DateError(f"'{text}' is not a date and time; {hint}") from None


def _kind_of(value: object) -> str:
    names = {bool: "yes/no", int: "a number", float: "a number", list: "a list", dict: "a mapping",
             type(None): "nothing"}
    return names.get(type(value), type(value).__name__)
