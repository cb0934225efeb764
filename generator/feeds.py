"""FeedPlan -> RSS 2.0 and Atom 1.0 files.

Entry ids are `tag:` URIs made of the announcement's date and id, so they stay
the same when a title, the URL scheme or the base URL changes, and an
announcement in two campaigns has one id in both feeds. Dates carry the site's
offset (+07:00). Nothing depends on the clock, so the same content gives the
same bytes.

The XML is written as text around escaped values (xml_text.py), not through a
feed library: an announcement is in up to a dozen feeds (the site's, its
campaigns', blocs', province's, organizations'), each in two formats, and
feedgen built, copied and serialized an element tree for every one of them
(0.4 s of a 10,000-announcement cold build). Here each entry is made once per format and joined into
every feed that holds it. feedgen also wrote Atom that validators reject
(`<content type="CDATA">`, an image as a second alternate link); tests read
every feed with feedparser.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Protocol

from .markup import Rendered, absolutize, first_paragraph, strip_headerlinks
from .model import Announcement, Site
from .pages import FeedPlan
from .xml_text import attribute, cdata, text

__all__ = ["FeedWriter", "entry_id", "render_opml"]

_XML = "<?xml version='1.0' encoding='UTF-8'?>\n"
_RSS = ('<rss xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n')


class Bodies(Protocol):
    """Rendered Markdown bodies by source path (`outputs.StoredBodies`)."""

    def get(self, source_path: str) -> Rendered | None: ...


def entry_id(item: Announcement) -> str:
    """`tag:thidua,2024-10-10:tin-tuc/phat-dong`: stable whatever the URL or title."""
    return f"tag:thidua,{item.moment.date().isoformat()}:tin-tuc/{item.id}"


class FeedWriter:
    """Writes the feeds of one build.

    An announcement is in the site feed and in those of its campaigns, blocs, province
    and organizations, each in RSS and Atom: its entries (body made absolute, XML) are
    made once per build, not once per feed.
    """

    def __init__(self, site: Site, bodies: Bodies) -> None:
        self._site = site
        self._bodies = bodies
        self._base = site.settings.base_url.rstrip("/")
        self._entries: dict[str, tuple[str, str]] = {}
        """source_path -> the (RSS, Atom) entry of each announcement written so far."""

    def render(self, plan: FeedPlan) -> dict[str, bytes]:
        """output_path -> bytes for every format of `plan`."""
        write = {"rss": (plan.url, self._rss), "atom": (plan.atom_url, self._atom)}
        return {write[fmt][0].lstrip("/"): write[fmt][1](plan).encode("utf-8")
                for fmt in plan.formats}

    def _rss(self, plan: FeedPlan) -> str:
        settings, base = self._site.settings, self._base
        head = [
            _XML, _RSS, "  <channel>\n",
            f"    <title>{text(plan.title)}</title>\n",
            f"    <link>{text(base + plan.link)}</link>\n",
            f"    <description>{text(self._description(plan))}</description>\n",
            f'    <atom:link href="{attribute(base + plan.url)}" rel="self"/>\n',
            "    <docs>http://www.rssboard.org/rss-specification</docs>\n",
            "    <generator>thidua</generator>\n",
            f"    <language>{text(settings.language)}</language>\n",
            f"    <lastBuildDate>{_rfc822(self._newest(plan))}</lastBuildDate>\n",
        ]
        items = [self._entry(item)[0] for item in plan.entries]
        return "".join([*head, *items, "  </channel>\n</rss>\n"])

    def _atom(self, plan: FeedPlan) -> str:
        settings, base = self._site.settings, self._base
        head = [
            _XML, f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{attribute(settings.language)}">\n',
            f"  <id>tag:thidua,2000-01-01:{text(plan.scope)}</id>\n",
            f"  <title>{text(plan.title)}</title>\n",
            f"  <updated>{self._newest(plan).isoformat()}</updated>\n",
            f"  <author>\n    <name>{text(settings.author or settings.title)}</name>\n  </author>\n",
            f'  <link href="{attribute(base + plan.atom_url)}" rel="self"/>\n',
            f'  <link href="{attribute(base + plan.link)}" rel="alternate"/>\n',
            "  <generator>thidua</generator>\n",
            f"  <subtitle>{text(self._description(plan))}</subtitle>\n",
        ]
        entries = [self._entry(item)[1] for item in plan.entries]
        return "".join([*head, *entries, "</feed>\n"])

    def _description(self, plan: FeedPlan) -> str:
        settings = self._site.settings
        return plan.description or settings.description or plan.title

    def _newest(self, plan: FeedPlan) -> dt.datetime:
        """When the feed last changed: its newest entry (never the clock)."""
        if plan.entries:
            return plan.entries[0].moment
        return dt.datetime.combine(self._site.today, dt.time(), tzinfo=self._site.content.zone)

    def _entry(self, item: Announcement) -> tuple[str, str]:
        entry = self._entries.get(item.source_path)
        if entry is None:
            entry = self._entries[item.source_path] = self._make_entry(item)
        return entry

    def _make_entry(self, item: Announcement) -> tuple[str, str]:
        """The announcement's <item> (RSS) and <entry> (Atom)."""
        settings, base = self._site.settings, self._base
        body = self._bodies.get(item.source_path)
        html = absolutize(strip_headerlinks(body.html), base + "/") if body else ""
        content = cdata(html) if settings.feeds.full_content and html else ""
        summary = text(item.data.summary or first_paragraph(html) or item.title)
        title, link, guid = text(item.title), text(base + item.url), text(entry_id(item))
        terms = [c.title for c in item.campaigns] + [b.name for b in item.blocs] + list(item.data.tags)
        author = item.data.author or settings.author
        image = self._enclosure(item.data.image) if item.data.image else None
        rss = [
            "    <item>\n",
            f"      <title>{title}</title>\n",
            f"      <link>{link}</link>\n",
            f"      <description>{summary}</description>\n",
            f"      <content:encoded>{content}</content:encoded>\n" if content else "",
            f'      <guid isPermaLink="false">{guid}</guid>\n',
            *(f"      <category>{text(term)}</category>\n" for term in terms),
            (f'      <enclosure url="{attribute(image[0])}" length="{image[1]}" '
             f'type="{attribute(image[2])}"/>\n') if image else "",
            f"      <pubDate>{_rfc822(item.moment)}</pubDate>\n",
            "    </item>\n",
        ]
        atom = [
            "  <entry>\n",
            f"    <id>{guid}</id>\n",
            f"    <title>{title}</title>\n",
            f"    <updated>{item.moment.isoformat()}</updated>\n",
            f"    <author>\n      <name>{text(author)}</name>\n    </author>\n" if author else "",
            f'    <content type="html">{content}</content>\n' if content else "",
            f'    <link href="{attribute(base + item.url)}" rel="alternate"/>\n',
            (f'    <link href="{attribute(image[0])}" rel="enclosure" type="{attribute(image[2])}" '
             f'length="{image[1]}"/>\n') if image else "",
            f"    <summary>{summary}</summary>\n",
            *(f'    <category term="{attribute(term)}"/>\n' for term in terms),
            f"    <published>{item.moment.isoformat()}</published>\n",
            "  </entry>\n",
        ]
        return "".join(rss), "".join(atom)

    def _enclosure(self, image_path: str) -> tuple[str, str, str]:
        image = self._site.content.content_dir / image_path
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        return self._base + "/" + image_path, str(image.stat().st_size), kind


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _rfc822(moment: dt.datetime) -> str:
    """`Thu, 10 Oct 2024 14:40:00 +0700`, in English whatever the locale (RSS 2.0 dates)."""
    offset = moment.strftime("%z") or "+0000"
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
            f"{moment.year} {moment:%H:%M:%S} {offset}")


def render_opml(feeds: list[FeedPlan], settings) -> bytes:
    """One OPML file listing every RSS feed, so a reader can subscribe to all at once."""
    base = settings.base_url.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{text(settings.title)}</title></head>", "  <body>"]
    for feed in feeds:
        lines.append(f'    <outline type="rss" text="{attribute(feed.title)}" title="{attribute(feed.title)}" '
                     f'xmlUrl="{attribute(base + feed.url)}" htmlUrl="{attribute(base + feed.link)}"/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")

