"""FeedPlan -> RSS 2.0 (and, per plan, other formats) through feedgen.

Entry ids are `tag:` URIs made of the announcement's date and id, so they stay
the same when a title, the URL scheme or the base URL changes, and an
announcement in two campaigns has one id in both feeds. Dates carry the site's
offset (+07:00). Nothing depends on the clock, so the same content gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable

from xml.sax.saxutils import quoteattr

from feedgen.feed import FeedGenerator

from .markup import Rendered, absolutize, first_paragraph, strip_headerlinks
from .model import Announcement, Site
from .pages import FeedPlan

__all__ = ["entry_id", "render_feed", "render_opml", "FEED_WRITERS"]


def entry_id(item: Announcement) -> str:
    """`tag:thidua,2024-10-10:tin-tuc/phat-dong`: stable whatever the URL or title."""
    return f"tag:thidua,{item.moment.date().isoformat()}:tin-tuc/{item.id}"


def _generator(plan: FeedPlan, site: Site, bodies: dict[str, Rendered], fmt: str) -> FeedGenerator:
    settings = site.settings
    base = settings.base_url.rstrip("/")
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
        site.today, dt.time(), tzinfo=site.content.zone)
    feed.lastBuildDate(newest)
    feed.updated(newest)
    # feedgen prepends entries: add the oldest first so the newest leads the file.
    for item in reversed(plan.entries):
        _add_entry(feed, item, site, bodies.get(item.source_path), base)
    return feed


def _add_entry(feed: FeedGenerator, item: Announcement, site: Site, body: Rendered | None,
               base: str) -> None:
    settings = site.settings
    entry = feed.add_entry()
    entry.id(entry_id(item))
    entry.guid(entry_id(item), permalink=False)
    entry.title(item.title)
    entry.link(href=base + item.url)
    entry.published(item.moment)
    entry.updated(item.moment)
    author = item.data.author or settings.author
    if author:
        entry.author(name=author)
    html = absolutize(strip_headerlinks(body.html), base + "/") if body else ""
    entry.description(item.data.summary or first_paragraph(html) or item.title)
    if settings.feeds.full_content and html:
        entry.content(html, type="CDATA")
    for term in [c.title for c in item.campaigns] + [b.name for b in item.blocs] + list(item.data.tags):
        entry.category(term=term)
    if item.data.image:
        image = site.content.content_dir / item.data.image
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        entry.enclosure(base + "/" + item.data.image, str(image.stat().st_size), kind)


def _rss(plan: FeedPlan, site: Site, bodies: dict[str, Rendered]) -> bytes:
    return _generator(plan, site, bodies, "rss").rss_str(pretty=True)


def _atom(plan: FeedPlan, site: Site, bodies: dict[str, Rendered]) -> bytes:
    return _generator(plan, site, bodies, "atom").atom_str(pretty=True)


FEED_WRITERS: dict[str, Callable[[FeedPlan, Site, dict[str, Rendered]], bytes]] = {
    "rss": _rss, "atom": _atom}
"""One writer per format; a FeedPlan lists the formats it wants."""


def render_feed(plan: FeedPlan, site: Site, bodies: dict[str, Rendered]) -> dict[str, bytes]:
    """output_path -> bytes for every format of `plan`."""
    outputs = {}
    for fmt in plan.formats:
        url = plan.url if fmt == "rss" else plan.atom_url
        outputs[url.lstrip("/")] = FEED_WRITERS[fmt](plan, site, bodies)
    return outputs


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
