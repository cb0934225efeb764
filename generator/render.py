"""PagePlan -> HTML file, through the theme adapter, on every core.

A page's fingerprint hashes everything its bytes depend on; the build renders
only pages whose fingerprint changed. Markdown bodies are rendered once per
content hash and kept in the cache; small Markdown strings from YAML (a phase's
focus, an objective) go through the `md` filter. Workers write the pages
themselves and send back only the search entry and any new body, so the build
never holds the whole site in memory. Every page is written with site-root URLs
and made relative at the end, so the site works under any base path and from a
folder on disk.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from markupsafe import Markup

from .markup import (Rendered, WrittenLinks, absolutize, plain_words, relativize, render_markdown,
                     strip_headerlinks, written_links)
from .cache import BuildCache, digest_of
from .cores import on_every_core
from .ids import strip_diacritics, words_without_diacritics
from .model import Site
from .pages import PageKind, PagePlan, Plan
from .survey import output_stamp
from .theme import AttrDict, NavItem, PageView, ThemeAdapter

__all__ = ["RenderedPages", "body_key", "body_keys_of", "content_links", "links_digest_of",
           "named_body_key", "page_fingerprint", "render_pages", "search_entry"]


@dataclass
class RenderedPages:
    """What rendering the stale pages produced (the pages themselves are on disk)."""

    search: dict[str, bytes] = field(default_factory=dict)
    """output_path -> search entry (JSON) of every searchable page rendered now."""
    rendered: list[str] = field(default_factory=list)
    """output_path of every page rendered now."""
    links: dict[str, WrittenLinks] = field(default_factory=dict)
    """output_path -> the links written in the Markdown of every page whose body was rendered
    now: found by the worker that had it in hand, for the link check."""
    stamps: dict[str, str] = field(default_factory=dict)
    """output_path -> the stamp (`survey.output_stamp`) of every page written now: taken by
    the worker that wrote it, not by a stat of each file afterwards."""


def links_digest_of(links: dict[str, str]) -> str:
    """Hash of `content_links`: what a body linking files by name renders from."""
    return digest_of(*sorted(f"{k}={v}" for k, v in links.items()))


def body_keys_of(plan: Plan, allow_raw: bool, links_digest: str) -> dict[str, str]:
    """output_path -> hash of everything a page's Markdown body renders from."""
    return {page.output_path: body_key(page, allow_raw, links_digest)
            for page in plan.pages if page.markdown is not None}


def body_key(page: PagePlan, allow_raw: bool, links_digest: str) -> str:
    """Hash of everything the Markdown body of `page` renders from."""
    links = links_digest if page.mentions(".md") else ""  # .md links: every file's URL
    if page.source_digest:
        return named_body_key(page.source_digest, page.source_path, allow_raw, links)
    return digest_of(page.body(), page.source_path, "raw" if allow_raw else "safe", links)


def named_body_key(file_digest: str, source_path: str, allow_raw: bool, links: str = "") -> str:
    """`body_key` of a body read from a file: the file's own hash named, not hashed again
    (one string per page, every build)."""
    return f"{file_digest} {'raw' if allow_raw else 'safe'} {source_path} {links}"


def page_fingerprint(page: PagePlan, global_digest: str, body_key: str) -> str:
    """Everything a page's bytes depend on: theme and settings, its body, what it shows."""
    # `depends` is in the page's own order, the same for the same content: no sorting
    shown = [d.digest for d in page.depends if hasattr(d, "digest")]
    feeds = [f"{f.url} {f.title}" for f in page.feeds]
    return digest_of(global_digest, page.template, page.url, page.title, page.description,
                     page.dynamic, body_key, *shown, *feeds)


def render_pages(pages: list[PagePlan], links: dict[str, str], site: Site, adapter: ThemeAdapter,
                 cache: BuildCache, body_keys: dict[str, str], folder: Path,
                 progress: Callable[[str, int, int], None] | None = None,
                 early: dict[str, bytes] | None = None) -> RenderedPages:
    """Render `pages` into `folder` (at their output paths), on every core if worth it;
    `links` are the site's `content_links` (`SiteOutputs.links`).

    Bodies come from `early` (rendered while the build planned: see early_bodies.py) or
    the cache when their key is known; new ones go into the cache.
    """
    early = early or {}
    allow_raw = site.settings.allow_raw_html
    _install_filters(adapter, allow_raw)
    adapter.listings.clear()  # made of the last build's items
    result = RenderedPages()
    for template in sorted({page.template for page in pages}):
        adapter.template(template)  # compiled once here, not once per worker
    job = _Job(site, adapter, links, allow_raw, cache.path, body_keys, pages, folder, early)
    for done, made in enumerate(_render_all(job), 1):
        page = pages[made.index]
        if made.links is not None:  # a body new to the cache
            key = body_keys[page.output_path]
            cache.put_body(key, made.new_body or early[key], pickled=True)
            result.links[page.output_path] = made.links
        if made.search is not None:
            result.search[page.output_path] = made.search
        result.rendered.append(page.output_path)
        result.stamps[page.output_path] = made.stamp
        if progress:
            progress("rendering pages", done, len(pages))
    return result


def content_links(pages: Iterable[PagePlan]) -> dict[str, str]:
    """Content paths (`announcements/2024/x.md`) -> URLs, for links between Markdown files."""
    return {p.source_path.split("/", 1)[1]: p.url for p in pages if p.source_path.endswith(".md")}


def _install_filters(adapter: ThemeAdapter, allow_raw: bool) -> None:
    adapter.env.filters["md"] = lambda text: Markup(_markdown_string(str(text or ""), allow_raw))
    adapter.env.filters["md_inline"] = lambda text: Markup(_strip_paragraph(
        _markdown_string(str(text or ""), allow_raw)))


@dataclass
class _Job:
    """What workers need to render stale pages (inherited by fork, never pickled)."""

    site: Site
    adapter: ThemeAdapter
    links: dict[str, str]
    allow_raw: bool
    cache_path: Path | None
    body_keys: dict[str, str]
    pages: list[PagePlan]
    folder: Path
    early: dict[str, bytes]


_JOB: _Job | None = None
_BODIES: sqlite3.Connection | None = None
"""This process's own read-only view of the cache's bodies (connections do not survive fork)."""
_PARALLEL_MIN = 150
"""Fewer stale pages than this render in-process: starting workers would cost more."""


class _Made(NamedTuple):
    """What a worker sends back of a page it rendered (the page itself is on disk)."""

    index: int
    search: bytes | None
    """Its search entry, if it is searchable."""
    new_body: bytes | None
    """Its Markdown body rendered now (not found in the cache nor early), pickled."""
    links: WrittenLinks | None
    """The links written in that Markdown, if the cache did not hold its body."""
    stamp: str
    """`survey.output_stamp` of the file written."""


def _render_all(job: _Job) -> Iterator[_Made]:
    """What was made of every page of the job."""
    global _JOB, _BODIES
    _JOB, _BODIES = job, None  # workers fork with _BODIES None: connections do not survive fork
    try:
        yield from on_every_core(_render_one, len(job.pages), _PARALLEL_MIN, chunksize=16,
                                 ordered=False)
    finally:
        if _BODIES is not None:
            _BODIES.close()
        _JOB, _BODIES = None, None


def _stored_body(key: str) -> Rendered | None:
    """A body rendered by an earlier build, read from the cache file, or None."""
    global _BODIES
    if _JOB.cache_path is None:
        return None
    try:
        if _BODIES is None:
            _BODIES = sqlite3.connect(f"file:{_JOB.cache_path}?mode=ro", uri=True)
        row = _BODIES.execute("SELECT rendered FROM bodies WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else None
    except (sqlite3.Error, pickle.UnpicklingError, EOFError):
        return None


def _render_one(index: int) -> _Made:
    job = _JOB
    page = job.pages[index]
    key = job.body_keys.get(page.output_path)
    body = new_body = None
    fresh = False  # the cache does not hold this body yet
    if key is not None:
        early = job.early.get(key)
        body = pickle.loads(early) if early is not None else _stored_body(key)
        fresh = body is None or early is not None
        if body is None:
            body = render_markdown(page.body(), page.source_path, job.links, job.allow_raw)
            # Pickled here, in the worker: the parent stores the bytes as they are.
            new_body = pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)
    html = _render_page(page, body, job.site, job.adapter)
    target = job.folder / page.output_path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        handle.write(html.encode("utf-8"))
        handle.flush()
        stamp = output_stamp(os.fstat(handle.fileno()))
    links = written_links(page.body(), page.body_line) if fresh else None
    return _Made(index, search_entry(page, html) if page.in_search else None, new_body, links,
                 stamp)


def search_entry(page: PagePlan, html: str) -> bytes:
    """The page in Material's search index, as JSON (kept per page in the cache)."""
    words = _article_words(html)
    plain = f"{strip_diacritics(page.title)} {words_without_diacritics(words)}"
    entry = {"location": page.url.lstrip("/"), "title": page.title, "text": " ".join(words),
             "plain": plain}
    # orjson writes what json.dumps(ensure_ascii=False, compact) does, 70× as fast
    return orjson.dumps(entry)


def _render_page(page: PagePlan, body: Rendered | None, site: Site, adapter: ThemeAdapter) -> str:
    base_url = site.settings.base_url.rstrip("/") + "/"
    is_404 = page.kind is PageKind.NOT_FOUND
    view = PageView(
        title=page.title, url=page.url.lstrip("/"), canonical_url=base_url + page.url.lstrip("/"),
        content=Markup(body.html) if body else Markup(""), toc=body.toc if body else [],
        meta=_meta(page, body),
        is_homepage=page.kind is PageKind.HOME, is_404=is_404,
        previous_page=_nav_item(page.previous), next_page=_nav_item(page.next))
    context: dict[str, Any] = {**page.context, "plan": page, "site": site, "today": site.today}
    html = adapter.render(page.template, view, context)
    return absolutize(html, adapter.base_path) if is_404 else relativize(html, page.url)


def _meta(page: PagePlan, body: Rendered | None) -> dict[str, Any]:
    # The tabs carry the navigation on wide screens (the drawer still has it on phones);
    # a page without headings has no table of contents to show beside it.
    hide = ["navigation"] + ([] if body and body.toc else ["toc"])
    meta = AttrDict(hide=hide)
    if page.description:
        meta["description"] = page.description
    return meta


def _nav_item(link: tuple[str, str] | None) -> NavItem | None:
    return NavItem(link[0], link[1].lstrip("/")) if link else None


@lru_cache(maxsize=4096)
def _markdown_string(text: str, allow_raw: bool) -> str:
    return render_markdown(text, allow_raw_html=allow_raw).html if text else ""


def _strip_paragraph(html: str) -> str:
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


_ARTICLE = '<article class="md-content__inner md-typeset">'


def _article_words(html: str) -> list[str]:
    start = html.find(_ARTICLE)  # str.find: a regular expression takes 10× as long on a page
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return []
    return plain_words(strip_headerlinks(html[start + len(_ARTICLE):end]))
