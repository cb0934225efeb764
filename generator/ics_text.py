"""Content lines of iCalendar files (RFC 5545), written as text.

Calendars are written as lines of these (calendars.py), as feeds are written
around xml_text.py: icalendar built, escaped and folded every property through
its object model, folding character by character, which was most of a
10,000-announcement build's calendars (0.6 s for 1,400 events, on the one core
that writes them while the other writes feeds). The bytes are the ones icalendar
writes: tests compare the two on awkward values.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["content_line", "date_value", "text_value", "utc_value"]

_LIMIT = 75
"""A folded line's octets stay below this, the leading space of a continuation not counted
(as icalendar folds)."""


def text_value(value: str) -> str:
    """`value` as a TEXT value: backslashes, semicolons, commas and line breaks escaped."""
    # In icalendar's order: a written `\N` is a line break too.
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def date_value(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def utc_value(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def content_line(name: str, value: str) -> str:
    """`name:value` with its CRLF, folded (`name` may carry parameters: `DTSTART;VALUE=DATE`)."""
    line = f"{name}:{value}"
    if len(line) < _LIMIT // 4 or len(line.encode("utf-8")) < _LIMIT:  # most lines
        return line + "\r\n"
    return _folded(line) + "\r\n"


def _folded(line: str) -> str:
    segments: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        code = ord(char)
        octets = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        if current and size + octets >= _LIMIT:
            # An escape's backslash goes with what it escapes, as icalendar keeps it.
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else None
            segments.append("".join(current))
            current = [carried] if carried else []
            size = len(current)
        current.append(char)
        size += octets
    segments.append("".join(current))
    return "\r\n ".join(segments)
