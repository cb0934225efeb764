"""Calendars, the subscribe page and the OPML file; golden feeds and calendar, byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from conftest import AS_OF, REPO
from generator import BuildOptions, build
from generator.ics_text import content_line, date_value, text_value, utc_value

GOLDEN = Path(__file__).parent / "golden" / "example"
GOLDEN_FILES = ["feed.xml", "atom.xml", "dot-thi-dua/lam-dong-cao-diem-2024-2025/feed.xml",
                "dot-thi-dua/lam-dong-cao-diem-2024-2025/lich.ics"]


def test_every_calendar_parses_strictly(example):
    calendars = sorted(example.output.rglob("*.ics"))
    assert len(calendars) == 7
    for path in calendars:
        text = path.read_text(encoding="utf-8")
        strict = IcsCalendarStream.calendar_from_ics(text)
        assert strict.events, path
        parsed = icalendar.Calendar.from_ical(text)
        uids = [str(e["uid"]) for e in parsed.walk("VEVENT")]
        assert len(uids) == len(set(uids)), f"{path}: duplicate UIDs"


def test_phases_are_all_day_events_with_exclusive_end(example):
    text = (example.output / "dot-thi-dua/lam-dong-cao-diem-2024-2025/lich.ics").read_text()
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    phase = events["campaign-lam-dong-cao-diem-2024-2025-phase-2@thidua"]
    assert str(phase["summary"]).startswith("Đợt 2 – ")
    assert phase.decoded("dtstart") == dt.date(2025, 1, 1)
    assert phase.decoded("dtend") == dt.date(2025, 9, 1)  # tháng 8/2025 ends on 31/8, exclusive
    link = "https://thidua.example.gov.vn/dot-thi-dua/lam-dong-cao-diem-2024-2025/#dot-2"
    assert str(phase["url"]) == link
    assert str(phase["description"]).endswith(link)
    bloc = (example.output / "khoi-thi-dua/khoi-thi-dua-cac-co-quan-dang-tinh-lam-dong/lich.ics").read_text()
    covenant = [e for e in icalendar.Calendar.from_ical(bloc).walk("VEVENT")
                if "giao ước" in str(e["summary"])][0]
    assert covenant.decoded("dtstart") == dt.date(2024, 4, 16)
    assert covenant.decoded("dtend") == dt.date(2024, 4, 17)


def test_subscribe_page_and_opml_list_every_feed(example):
    soup = example.soup("theo-doi/index.html")
    rss = [a["href"] for a in soup.select('article a[type="application/rss+xml"]')]
    assert len(rss) == len(list(example.output.rglob("feed.xml")))
    assert len(soup.select('article a[type="text/calendar"]')) == 7
    opml = (example.output / "theo-doi/thidua.opml").read_text(encoding="utf-8")
    assert opml.count('type="rss"') == len(rss)
    assert 'xmlUrl="https://thidua.example.gov.vn/tinh/can-tho/feed.xml"' in opml


@pytest.mark.parametrize("output_path", GOLDEN_FILES)
def test_golden_outputs_byte_for_byte(example, update_golden, output_path):
    produced = (example.output / output_path).read_bytes()
    golden = GOLDEN / output_path
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"{output_path} changed; review, then --update-golden"


def test_builds_are_byte_identical(tmp_path, example):
    second = tmp_path / "again"
    build(BuildOptions(REPO, output_dir=second, as_of=AS_OF))
    first_files = sorted(p.relative_to(example.output) for p in example.output.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    for relative in first_files:
        assert (example.output / relative).read_bytes() == (second / relative).read_bytes(), relative


AWKWARD = [
    "Sơ kết, đánh giá; rút kinh nghiệm",
    "C:\\thư mục\\tệp \\N không phải xuống dòng? Có: icalendar đọc \\N là xuống dòng",
    "dòng một\ndòng hai\r\ndòng ba\rdòng bốn",
    "Đợt thi đua cao điểm “Đảng bộ, chính quyền, quân và dân tỉnh Lâm Đồng đoàn kết, "
    "quyết tâm vượt qua khó khăn, vươn lên cùng đất nước” – Thi đua – Khen thưởng " * 3,
    "a" * 65 + ";b" + "x" * 200,  # `SUMMARY:` and 65 letters: the escape where it folds
    "a" * 65 + "^" + "é" * 60 + "😀" * 40,
    "",
]


@pytest.mark.parametrize("value", AWKWARD)
def test_calendar_lines_are_written_as_icalendar_writes_them(value):
    """ics_text writes what icalendar wrote, escaped and folded alike, and what it writes
    reads back as the value it was given (line breaks as \\n)."""
    event = icalendar.Event()
    event.add("summary", value)
    event.add("dtstart", dt.date(2024, 9, 27))
    event.add("dtstamp", dt.datetime(2024, 11, 15, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    event.add("url", "https://thidua.example.gov.vn/dot-thi-dua/x/#dot-1,2;3")
    ours = "".join(["BEGIN:VEVENT\r\n", content_line("SUMMARY", text_value(value)),
                    content_line("DTSTART;VALUE=DATE", date_value(dt.date(2024, 9, 27))),
                    content_line("DTSTAMP", utc_value(
                        dt.datetime(2024, 11, 15, tzinfo=dt.timezone(dt.timedelta(hours=7))))),
                    content_line("URL", "https://thidua.example.gov.vn/dot-thi-dua/x/#dot-1,2;3"),
                    "END:VEVENT\r\n"]).encode("utf-8")
    assert ours == event.to_ical()
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))
    parsed = icalendar.Event.from_ical(ours)
    breaks = value.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
    assert str(parsed["summary"]) == breaks
    assert parsed.decoded("dtstamp") == dt.datetime(2024, 11, 14, 17, tzinfo=dt.timezone.utc)
