"""FeedPlan -> RSS 2.0 (and, per plan, other formats) through feedgen.

Entry ids are `tag:` URIs made of the announcement's date and id, so they stay
the same when a title, the URL scheme or the base URL changes, and an
announcement in two campaigns has one id in both feeds. Dates carry the site's
offset (+07:00). Nothing depends on the clock, so the same content gives the
same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import mimetypes
from typing import Protocol
from xml.sax.saxutils import quoteattr

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from .markup import Rendered, absolutize, first_paragraph, strip_headerlinks
from .model import Announcement, Site
from .pages import FeedPlan

__all__ = ["FeedWriter", "entry_id", "render_opml"]


class Bodies(Protocol):
    """Rendered Markdown bodies by source path (`outputs.StoredBodies`)."""

    def get(self, source_path: str) -> Rendered | None: ...


def entry_id(item: Announcement) -> str:
    """`tag:thidua,2024-10-10:tin-tuc/phat-dong`: stable whatever the URL or title."""
    return f"tag:thidua,{item.moment.date().isoformat()}:tin-tuc/{item.id}"


class _SharedEntry(FeedEntry):
    """An entry in many feeds (the site's, its campaigns', blocs', province's...): feedgen
    would make its XML anew in every feed; it is made once per format and copied."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[tuple[str, bool], etree._Element] = {}

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        return self._copy_of("rss", super().rss_entry, extensions)

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        return self._copy_of("atom", super().atom_entry, extensions)

    def _copy_of(self, fmt: str, make, extensions: bool) -> etree._Element:
        key = (fmt, extensions)
        if key not in self._made:
            self._made[key] = make(extensions)
        return copy.deepcopy(self._made[key])  # a feed takes the element it is given


class FeedWriter:
    """Writes the feeds of one build.

    An announcement is in the site feed and in those of its campaigns, blocs, province
    and organizations, each in RSS and Atom: its entry (body made absolute, XML) is made
    once per build, not once per feed.
    """

    def __init__(self, site: Site, bodies: Bodies) -> None:
        self._site = site
        self._bodies = bodies
        self._base = site.settings.base_url.rstrip("/")
        self._entries: dict[str, _SharedEntry] = {}
        """source_path -> the entry of each announcement written so far."""

    def render(self, plan: FeedPlan) -> dict[str, bytes]:
        """output_path -> bytes for every format of `plan`."""
        outputs = {}
        for fmt in plan.formats:
            url = plan.url if fmt == "rss" else plan.atom_url
            feed = self._generator(plan, fmt)
            outputs[url.lstrip("/")] = feed.rss_str(pretty=True) if fmt == "rss" \
                else feed.atom_str(pretty=True)
        return outputs

    def _generator(self, plan: FeedPlan, fmt: str) -> FeedGenerator:
        settings, base = self._site.settings, self._base
        feed = FeedGenerator()
        feed.id(f"tag:thidua,2000-01-01:{plan.scope}")
        feed.title(plan.title)
        # feedgen's RSS channel <link> is the last link given: the page, after the self link.
        feed.link(href=base + (plan.url if fmt == "rss" else plan.atom_url), rel="self")
        feed.link(href=base + plan.link, rel="alternate")
        feed.author(name=settings.author or settings.title)
        feed.description(plan.description or settings.description or plan.title)
        feed.language(settings.language)
        feed.generator("thidua")
        newest = plan.entries[0].moment if plan.entries else dt.datetime.combine(
            self._site.today, dt.time(), tzinfo=self._site.content.zone)
        feed.lastBuildDate(newest)
        feed.updated(newest)
        # feedgen prepends entries: add the oldest first so the newest leads the file.
        for item in reversed(plan.entries):
            feed.add_entry(self._entry(item))
        return feed

    def _entry(self, item: Announcement) -> _SharedEntry:
        entry = self._entries.get(item.source_path)
        if entry is None:
            entry = self._entries[item.source_path] = self._make_entry(item)
        return entry

    def _make_entry(self, item: Announcement) -> _SharedEntry:
        settings = self._site.settings
        body = self._bodies.get(item.source_path)
        html = absolutize(strip_headerlinks(body.html), self._base + "/") if body else ""
        entry = _SharedEntry()
        entry.id(entry_id(item))
        entry.guid(entry_id(item), permalink=False)
        entry.title(item.title)
        entry.link(href=self._base + item.url)
        entry.published(item.moment)
        entry.updated(item.moment)
        author = item.data.author or settings.author
        if author:
            entry.author(name=author)
        entry.description(item.data.summary or first_paragraph(html) or item.title)
        if settings.feeds.full_content and html:
            entry.content(html, type="CDATA")
        for term in ([c.title for c in item.campaigns] + [b.name for b in item.blocs]
                     + list(item.data.tags)):
            entry.category(term=term)
        if item.data.image:
            entry.enclosure(*self._enclosure(item.data.image))
        return entry

    def _enclosure(self, image_path: str) -> tuple[str, str, str]:
        image = self._site.content.content_dir / image_path
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        return self._base + "/" + image_path, str(image.stat().st_size), kind


def render_opml(feeds: list[FeedPlan], settings) -> bytes:
    """One OPML file listing every RSS feed, so a reader can subscribe to all at once."""
    base = settings.base_url.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(settings.title)}</title></head>", "  <body>"]
    for feed in feeds:
        lines.append(f'    <outline type="rss" text={quoteattr(feed.title)} title={quoteattr(feed.title)} '
                     f'xmlUrl={quoteattr(base + feed.url)} htmlUrl={quoteattr(base + feed.link)}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
