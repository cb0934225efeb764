"""CalendarPlan -> iCalendar (.ics), written as content lines (ics_text.py).

Phases, milestones, reviews and covenant signings become all-day events over
their date range (DTEND exclusive, as RFC 5545 wants). UIDs are made of what
an event is (campaign, phase number, date, title slug), not of its position,
so a calendar app updates an event instead of duplicating it. The page link is
in both URL and DESCRIPTION: many calendar apps show only the description.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import PlanDate
from .ics_text import content_line, date_value, text_value, utc_value
from .ids import slugify
from .markup import plain_text, render_markdown
from .model import Bloc, Campaign, Site
from .pages import CalendarPlan

__all__ = ["CalendarWriter"]


@dataclass(frozen=True)
class _Entry:
    uid: str
    summary: str
    start: PlanDate
    end: PlanDate
    link: str
    description: str = ""


def _campaign_entries(campaign: Campaign) -> list[_Entry]:
    uid = f"campaign-{campaign.id}"
    entries = []
    for phase in campaign.phases:
        entries.append(_Entry(f"{uid}-phase-{phase.number}", f"{phase.name} – {campaign.title}",
                              phase.start, phase.end, f"{campaign.url}#{phase.anchor}",
                              _plain(phase.focus)))
        entries += [_Entry(f"{uid}-{_key(m.date, m.title)}", f"{m.title} ({campaign.title})",
                           m.date, m.date, f"{campaign.url}#{phase.anchor}")
                    for m in phase.milestones]
    entries += [_Entry(f"{uid}-{_key(m.date, m.title)}", f"{m.title} ({campaign.title})", m.date,
                       m.date, campaign.url) for m in campaign.data.milestones if m.status != "cancelled"]
    entries += [_Entry(f"{uid}-review-{r.kind}-{r.date.iso()}",
                       f"{r.title or ('Tổng kết' if r.kind == 'final' else 'Sơ kết')} – {campaign.title}",
                       r.date, r.date, campaign.url) for r in campaign.data.reviews]
    return entries


def _bloc_entries(bloc: Bloc) -> list[_Entry]:
    uid = f"bloc-{bloc.id}"
    entries = []
    for term in bloc.terms:
        link = f"{bloc.url}#nam-{term.year}"
        if term.data.covenant:
            covenant = term.data.covenant
            entries.append(_Entry(f"{uid}-covenant-{term.year}",
                                  f"Ký kết giao ước thi đua {term.year} – {bloc.name}",
                                  covenant.date, covenant.date, link, covenant.theme))
        entries += [_Entry(f"{uid}-review-{r.kind}-{r.date.iso()}",
                           f"{r.title or ('Tổng kết' if r.kind == 'final' else 'Sơ kết')} {term.year} – {bloc.name}",
                           r.date, r.date, link) for r in term.data.reviews]
    return entries


def _plain(markdown_text: str) -> str:
    return plain_text(render_markdown(markdown_text).html) if markdown_text else ""


def _key(date: PlanDate, title: str) -> str:
    return f"{date.iso()}-{slugify(title)[:48]}"


_HEAD = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
         + content_line("PRODID", text_value("-//thidua//thi đua calendar//VI"))
         + "CALSCALE:GREGORIAN\r\n")
"""What every calendar begins with, before its name and time zone."""


class CalendarWriter:
    """Writes the calendars of one build.

    A campaign's events appear in its own calendar, its province's and the site's:
    each event is made and written once per build, then joined into every calendar that
    lists it.
    """

    def __init__(self, site: Site) -> None:
        self._site = site
        self._base = site.settings.base_url.rstrip("/")
        # The start of the as-of day, not the clock: a calendar changes when its content or
        # the day does, so a rebuild later the same day finds it unchanged.
        day_start = dt.datetime.combine(site.today, dt.time(), tzinfo=site.content.zone)
        self._stamp = utc_value(day_start)
        self._entries: dict[str, list[_Entry]] = {}
        self._events: dict[_Entry, str] = {}

    def render(self, plan: CalendarPlan) -> bytes:
        """The .ics bytes of `plan`; the same content and as-of give the same bytes."""
        head = [_HEAD,
                # Unescaped, as icalendar wrote these (calendar apps show a name's commas
                # as written), on one line.
                content_line("X-WR-CALNAME", " ".join(plan.title.splitlines())),
                content_line("X-WR-TIMEZONE", self._site.settings.timezone)]
        entries = [e for c in plan.campaigns for e in self._of(c.url, _campaign_entries, c)]
        entries += [e for b in plan.blocs for e in self._of(b.url, _bloc_entries, b)]
        seen: set[str] = set()
        events = []
        for entry in sorted(entries, key=lambda e: (e.start, e.uid)):
            if entry.uid in seen:  # the same milestone written twice: one event
                continue
            seen.add(entry.uid)
            if entry not in self._events:
                self._events[entry] = self._event(entry)
            events.append(self._events[entry])
        return "".join([*head, *events, "END:VCALENDAR\r\n"]).encode("utf-8")

    def _of(self, url: str, make, item) -> list[_Entry]:
        if url not in self._entries:
            self._entries[url] = make(item)
        return self._entries[url]

    def _event(self, entry: _Entry) -> str:
        """The VEVENT of `entry`, its properties in the order icalendar writes them."""
        link = self._base + entry.link
        description = entry.description.strip()
        text = f"{description}\n\n" if description else ""
        return "".join([
            "BEGIN:VEVENT\r\n",
            content_line("SUMMARY", text_value(entry.summary)),
            content_line("DTSTART;VALUE=DATE", date_value(entry.start.start)),
            content_line("DTEND;VALUE=DATE", date_value(entry.end.end + dt.timedelta(days=1))),
            content_line("DTSTAMP", self._stamp),
            content_line("UID", text_value(f"{entry.uid}@thidua")),
            content_line("DESCRIPTION", text_value(f"{text}{link}")),
            "TRANSP:TRANSPARENT\r\n",
            content_line("URL", link),
            "END:VEVENT\r\n",
        ])
