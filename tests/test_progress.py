"""The progress line of long builds, on a terminal and in a log."""

from __future__ import annotations

import io

from generator.progress import ProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_shown_in_the_first_seconds():
    stream, clock = Terminal(), Clock()
    progress = ProgressLine(stream, delay=2.0, clock=clock)
    clock.now += 1.5
    progress("rendering pages", 10, 100)
    progress.finish()
    assert stream.getvalue() == ""


def test_a_terminal_gets_one_line_redrawn_then_cleared():
    stream, clock = Terminal(), Clock()
    progress = ProgressLine(stream, delay=2.0, clock=clock)
    clock.now += 3
    progress("rendering pages", 2500, 10000)
    clock.now += 0.01
    progress("rendering pages", 2600, 10000)  # too soon after the last redraw
    clock.now += 0.5
    progress("rendering pages", 10000, 10000)
    progress.finish()
    assert stream.getvalue() == ("\r\x1b[Krendering pages: 2,500/10,000 (25%)"
                                 "\r\x1b[Krendering pages: 10,000/10,000 (100%)\r\x1b[K")


def test_a_log_gets_a_line_per_quarter():
    stream, clock = io.StringIO(), Clock()
    progress = ProgressLine(stream, delay=2.0, clock=clock)
    clock.now += 3
    for done in range(1, 101):
        progress("rendering pages", done, 100)
    progress.finish()
    assert stream.getvalue().splitlines() == [
        "rendering pages: 25/100 (25%)", "rendering pages: 50/100 (50%)",
        "rendering pages: 75/100 (75%)", "rendering pages: 100/100 (100%)"]


def test_a_build_reports_its_stages(make_site):
    from test_build import CAMPAIGN, announcement
    site = make_site({"campaigns/c.yml": CAMPAIGN, **{
        f"announcements/2024/tin-{n}.md": announcement(f"Tin {n}", "2024-09-01", "campaign: c\n")
        for n in range(5)}})
    seen = []
    site.build(progress=lambda stage, done, total: seen.append((stage, done, total)))
    pages = [(done, total) for stage, done, total in seen if stage == "rendering pages"]
    assert pages[-1][0] == pages[-1][1] == len(pages) > 5
    feeds = [(done, total) for stage, done, total in seen if stage == "writing feeds"]
    assert feeds[-1][0] == feeds[-1][1] == len(feeds) >= 2  # the site's and the campaign's
