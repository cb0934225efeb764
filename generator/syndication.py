"""Feeds and calendars written on every core: at 10,000 announcements they take two
seconds in one process, after rendering, with the other core idle.

The calendars go to one worker together (a campaign's events are in its own, its
province's and the site's calendar, each serialized once); each feed goes to
whichever worker is free. An announcement in two feeds that go to different
workers is made in both, which costs less than the wait for one. Workers read
nothing from the cache (its connection does not survive fork): the bodies the
feeds show are read first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .calendars import CalendarWriter
from .cores import on_every_core
from .feeds import FeedWriter
from .model import Site
from .outputs import StoredBodies
from .pages import CalendarPlan, FeedPlan
from .write import Publication

__all__ = ["write_feeds_and_calendars"]

_FEEDS, _CALENDARS = "writing feeds", "writing calendars"


@dataclass
class _Job:
    """What workers need to write feeds and calendars (inherited by fork, never pickled)."""

    feeds: list[FeedPlan]
    calendars: list[CalendarPlan]
    feed_writer: FeedWriter
    calendar_writer: CalendarWriter
    publication: Publication


_JOB: _Job | None = None
_PARALLEL_MIN = 40
"""Fewer jobs (feeds, and one for the calendars) than this are done in-process: starting
workers would cost more (1,000 announcements: 27 jobs)."""


def write_feeds_and_calendars(feeds: list[FeedPlan], calendars: list[CalendarPlan], site: Site,
                              bodies: StoredBodies, publication: Publication,
                              progress: Callable[[str, int, int], None] | None) -> None:
    """Write `feeds` and `calendars` into `publication`, on every core if worth it."""
    global _JOB
    bodies.load(item.source_path for feed in feeds for item in feed.entries)
    _JOB = _Job(feeds, calendars, FeedWriter(site, bodies), CalendarWriter(site), publication)
    totals, done = {_FEEDS: len(feeds), _CALENDARS: len(calendars)}, Counter()
    try:
        # Job 0 is every calendar, job i > 0 the feed i - 1.
        for stage, count in on_every_core(_write, len(feeds) + 1, _PARALLEL_MIN, chunksize=1,
                                          ordered=False):
            done[stage] += count
            if progress and count:
                progress(stage, done[stage], totals[stage])
    finally:
        _JOB = None


def _write(index: int) -> tuple[str, int]:
    """(stage, files written) of job `index`."""
    job = _JOB
    if index == 0:
        for calendar in job.calendars:
            job.publication.write(calendar.url.lstrip("/"), job.calendar_writer.render(calendar))
        return _CALENDARS, len(job.calendars)
    for output_path, data in job.feed_writer.render(job.feeds[index - 1]).items():
        job.publication.write(output_path, data)
    return _FEEDS, 1
