"""Every file a build publishes, each with the fingerprint it is made from.

A fingerprint hashes everything a file's bytes depend on: for a page, the
theme, settings, its body and the digests of what it shows; for a feed, its
entries and their bodies; for a calendar, its campaigns and blocs; for assets
and media, the source file's size and time. A file whose fingerprint matches
the last build's, and which is still in the output, is not made again.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import BuildCache, digest_of
from .feeds import render_opml
from .inputs import stat_key
from .markup import Rendered, render_markdown
from .pages import CalendarPlan, FeedPlan, PageKind, PagePlan
from .problems import OutputError
from .render import body_key, body_keys_of, content_links, links_digest_of, page_fingerprint
from .sitemap import render_robots, render_sitemap
from .theme import ThemeAdapter

__all__ = ["SEARCH_INDEX", "SiteOutputs", "StoredBodies", "feed_paths", "patch_outputs", "plan_outputs"]

SEARCH_INDEX = "search/search_index.json"


@dataclass
class SiteOutputs:
    fingerprints: dict[str, str]
    """output_path -> fingerprint of every file the build publishes."""
    body_keys: dict[str, str]
    """Page output_path -> hash of what its Markdown body renders from."""
    pages: list[PagePlan]
    feeds: list[FeedPlan]
    calendars: list[CalendarPlan]
    small_files: dict[str, bytes]
    """Files cheaper to make than to reason about (sitemap, robots, OPML): made every build,
    fingerprinted by their bytes."""
    searchable: list[PagePlan]
    """Pages in the search index, in its order."""
    assets: dict[str, Path]
    """output_path -> installed theme file."""
    media: dict[str, Path]
    """output_path -> the editors' file."""
    global_digests: dict[str, str]
    """Page template -> hash of the settings, the navigation and the template files it reads."""
    links: dict[str, str]
    """Content path -> URL of every Markdown file (`render.content_links`): what bodies
    that link files by name resolve against."""
    links_digest: str
    """Hash of `links`."""
    media_stamps: dict[str, str]


def plan_outputs(planned: Any, adapter: ThemeAdapter, scan_ns: int) -> SiteOutputs:
    """Every output of a planned build (`build._Planned`) and its fingerprint."""
    content, site, plan = planned.content, planned.site, planned.plan
    settings = content.settings
    settings_json = settings.model_dump_json()
    site_digest = digest_of(settings_json, repr(plan.nav))
    templates = adapter.template_digests()
    # Per page template: the settings, the navigation and the template files it reads.
    global_digests = {name: digest_of(site_digest, templates.digest(name))
                      for name in {page.template for page in plan.pages}}
    links = content_links(plan.pages)
    links_digest = links_digest_of(links)
    body_keys = body_keys_of(plan, settings.allow_raw_html, links_digest)
    fingerprints: dict[str, str] = {}

    def add(output_path: str, fingerprint: str) -> None:
        if output_path in fingerprints:
            raise OutputError(f"two outputs would be written to '{output_path}'")
        fingerprints[output_path] = fingerprint

    for page in plan.pages:
        add(page.output_path, page_fingerprint(page, global_digests[page.template],
                                               body_keys.get(page.output_path, "")))
    media = {m.output_path: m.abs_source_path for m in content.media}
    media_stamps = {path: _file_stamp(source, scan_ns) for path, source in media.items()}
    keys_by_source = _keys_by_source(plan.pages, body_keys)
    for feed in plan.feeds:
        fingerprint = _feed_fingerprint(feed, settings_json, keys_by_source, media_stamps, site.today)
        for output_path in feed_paths(feed):
            add(output_path, fingerprint)
    for calendar in plan.calendars:
        add(calendar.url.lstrip("/"), digest_of(
            settings_json, calendar.url, calendar.title, str(site.today),
            *(f"{c.url} {c.digest}" for c in calendar.campaigns),
            *(f"{b.url} {b.digest}" for b in calendar.blocs)))
    small_files = {"theo-doi/thidua.opml": render_opml(plan.feeds, settings),
                   "sitemap.xml": render_sitemap(plan.pages, settings.base_url),
                   "robots.txt": render_robots(settings.base_url)}
    for output_path, data in small_files.items():
        add(output_path, digest_of(data.decode("utf-8")))
    searchable = sorted((p for p in plan.pages if p.in_search), key=_search_order)
    add(SEARCH_INDEX, _search_fingerprint(settings.language, searchable, fingerprints))
    assets = {output_path: source for source, output_path in adapter.static_files()}
    for output_path, source in assets.items():
        add(output_path, f"asset {source} {_file_stamp(source, scan_ns)}")
    for output_path, stamp in media_stamps.items():
        add(output_path, f"media {stamp}")
    return SiteOutputs(fingerprints, body_keys, plan.pages, plan.feeds, plan.calendars, small_files,
                       searchable, assets, media, global_digests, links, links_digest, media_stamps)


def patch_outputs(last: SiteOutputs, planned: Any, edited: set[str]) -> SiteOutputs:
    """The outputs of a plan patched with new announcements (see reuse.py): `last`, the
    outputs of the plan before, with the fingerprints of what shows the announcements at
    `edited` (source paths), or lists them, made again. Everything else is as it was: the
    theme, the settings, the pages and which announcements they list are."""
    settings = planned.content.settings
    shown = {id(x) for a in planned.site.announcements if a.source_path in edited
             for x in (a, a.listing)}
    body_keys, fingerprints = dict(last.body_keys), dict(last.fingerprints)
    for page in last.pages:
        if page.source_path in edited or not shown.isdisjoint(map(id, page.depends)):
            if page.source_path in edited and page.markdown is not None:
                body_keys[page.output_path] = body_key(page, settings.allow_raw_html,
                                                       last.links_digest)
            fingerprints[page.output_path] = page_fingerprint(
                page, last.global_digests[page.template], body_keys.get(page.output_path, ""))
    feeds = [feed for feed in last.feeds if any(i.source_path in edited for i in feed.entries)]
    if feeds:
        settings_json, keys_by_source = settings.model_dump_json(), _keys_by_source(last.pages, body_keys)
        for feed in feeds:
            fingerprint = _feed_fingerprint(feed, settings_json, keys_by_source, last.media_stamps,
                                            planned.site.today)
            for output_path in feed_paths(feed):
                fingerprints[output_path] = fingerprint
    fingerprints[SEARCH_INDEX] = _search_fingerprint(settings.language, last.searchable, fingerprints)
    return dataclasses.replace(last, fingerprints=fingerprints, body_keys=body_keys)


def _keys_by_source(pages: list[PagePlan], body_keys: dict[str, str]) -> dict[str, str]:
    return {p.source_path: body_keys[p.output_path] for p in pages if p.output_path in body_keys}


def _search_order(page: PagePlan) -> tuple[bool, int, str]:
    """The site's own pages (campaigns, blocs, ...), then announcements newest first: the
    search worker indexes the index's first pages first, and answers from them first."""
    announcement = page.kind is PageKind.ANNOUNCEMENT
    return announcement, -page.lastmod.toordinal() if announcement and page.lastmod else 0, page.url


def _search_fingerprint(language: str, searchable: list[PagePlan], fingerprints: dict[str, str]) -> str:
    return digest_of(language, *(f"{p.output_path} {fingerprints[p.output_path]}" for p in searchable))


def feed_paths(feed: FeedPlan) -> Iterator[str]:
    for fmt in feed.formats:
        yield (feed.url if fmt == "rss" else feed.atom_url).lstrip("/")


def _feed_fingerprint(feed: FeedPlan, settings_json: str, body_keys: dict[str, str],
                      media_stamps: dict[str, str], today) -> str:
    parts = [settings_json, feed.scope, feed.url, feed.title, feed.link, feed.description,
             *feed.formats]
    if not feed.entries:  # an empty feed is dated by the day
        parts.append(str(today))
    for item in feed.entries:
        parts += [item.url, item.digest, body_keys.get(item.source_path, ""),
                  media_stamps.get(item.data.image or "", ""),
                  *(c.digest for c in item.campaigns), *(b.digest for b in item.blocs)]
    return digest_of(*parts)


def _file_stamp(source: Path, scan_ns: int) -> str:
    """Size and time of a settled file; a file changed just now never matches."""
    return stat_key(os.stat(source), scan_ns) or f"changed at {scan_ns}"


class StoredBodies:
    """Rendered Markdown bodies by source path, read from the cache before the feeds that
    show them are written (forked workers cannot read it: connections do not survive fork)."""

    def __init__(self, cache: BuildCache, outputs: SiteOutputs, allow_raw: bool) -> None:
        self._cache = cache
        self._pages = {p.source_path: p for p in outputs.pages if p.output_path in outputs.body_keys}
        self._keys = outputs.body_keys
        self._links = outputs.links
        self._allow_raw = allow_raw
        self._loaded: dict[str, Rendered] = {}

    def load(self, source_paths: Iterable[str]) -> None:
        """Read the bodies of `source_paths` (those that have one) for `get`."""
        for source_path in source_paths:
            page = self._pages.get(source_path)
            if page is not None and source_path not in self._loaded:
                self._loaded[source_path] = self._stored(page)

    def get(self, source_path: str, default: Rendered | None = None) -> Rendered | None:
        return self._loaded.get(source_path, default)

    def _stored(self, page: PagePlan) -> Rendered:
        key = self._keys[page.output_path]
        body = self._cache.body(key)
        if body is None:  # not kept (an unreadable cache row): render it again
            body = render_markdown(page.body(), page.source_path, self._links, self._allow_raw)
            self._cache.put_body(key, body)
        return body
