"""PagePlan -> HTML bytes, through the theme adapter.

Markdown bodies are rendered once per content digest; small Markdown strings
from YAML (a phase's focus, an objective) go through the `md` filter. Every
page is written with site-root URLs and made relative at the end, so the site
works under any base path and from a folder on disk.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .markup import (Rendered, absolutize, plain_text, relativize, render_markdown,
                     strip_headerlinks)
from .cache import BuildCache, digest_of
from .ids import strip_diacritics
from .model import Site
from .pages import PageKind, PagePlan, Plan
from .theme import NavItem, PageView, ThemeAdapter

__all__ = ["RenderedSite", "render_pages"]


@dataclass
class RenderedSite:
    files: dict[str, bytes] = field(default_factory=dict)
    """output_path -> bytes of every page rendered in this build."""
    reused_files: dict[str, Path] = field(default_factory=dict)
    """output_path -> the previous build's file, for pages whose fingerprint is unchanged."""
    cache_pages: dict[str, tuple[str, dict | None]] = field(default_factory=dict)
    """What to remember for the next build: output_path -> (fingerprint, search entry)."""
    markdown_keys: set[str] = field(default_factory=set)
    search_docs: list[dict[str, str]] = field(default_factory=list)
    bodies: dict[str, Rendered] = field(default_factory=dict)
    """source_path -> rendered Markdown body (feeds reuse it)."""
    rendered: int = 0
    reused: int = 0


def render_pages(plan: Plan, site: Site, adapter: ThemeAdapter, cache: BuildCache,
                 previous_output: Path, global_digest: str) -> RenderedSite:
    """Render every page of `plan` whose fingerprint changed; reuse the others' files."""
    links = {p.source_path.split("/", 1)[1]: p.url for p in plan.pages if p.source_path.endswith(".md")}
    links_digest = digest_of(*sorted(f"{k}={v}" for k, v in links.items()))
    allow_raw = site.settings.allow_raw_html
    adapter.env.filters["md"] = lambda text: Markup(_markdown_string(str(text or ""), allow_raw))
    adapter.env.filters["md_inline"] = lambda text: Markup(_strip_paragraph(
        _markdown_string(str(text or ""), allow_raw)))
    result = RenderedSite()
    body_keys = {page.output_path: digest_of(page.markdown, page.source_path, str(allow_raw),
                                             # links to .md files depend on every file's URL
                                             links_digest if ".md" in page.markdown else "")
                 for page in plan.pages if page.markdown is not None}
    stale = []
    for page in plan.pages:
        fingerprint = _fingerprint(page, global_digest, body_keys.get(page.output_path, ""))
        remembered = cache.pages.get(page.output_path)
        previous = previous_output / page.output_path
        if remembered and remembered[0] == fingerprint and previous.is_file():
            result.reused_files[page.output_path] = previous
            result.cache_pages[page.output_path] = remembered
            result.reused += 1
        else:
            result.cache_pages[page.output_path] = (fingerprint, None)
            stale.append(page)
    job = _Job(site, adapter, links, allow_raw, cache.markdown, body_keys, stale)
    for index, html, new_body in _render_all(job):
        page = stale[index]
        if new_body is not None:
            cache.markdown[body_keys[page.output_path]] = new_body
        result.files[page.output_path] = html
        result.rendered += 1
        if page.in_search:
            text = _article_text(html.decode("utf-8"))
            # Kept with the page in the cache, so unchanged pages cost nothing here next time.
            search = {"location": page.url.lstrip("/"), "title": page.title, "text": text,
                      "plain": strip_diacritics(f"{page.title} {text}")}
            result.cache_pages[page.output_path] = (result.cache_pages[page.output_path][0], search)
    for page in plan.pages:
        key = body_keys.get(page.output_path)
        if key is not None:  # feeds need every body, rendered now or earlier
            if key not in cache.markdown:
                cache.markdown[key] = render_markdown(page.markdown, page.source_path, links, allow_raw)
            result.bodies[page.source_path] = cache.markdown[key]
            result.markdown_keys.add(key)
        search = result.cache_pages[page.output_path][1]
        if search:
            result.search_docs.append(search)
    return result


@dataclass
class _Job:
    """What workers need to render stale pages (inherited by fork, never pickled)."""

    site: Site
    adapter: ThemeAdapter
    links: dict[str, str]
    allow_raw: bool
    markdown: dict
    body_keys: dict[str, str]
    pages: list[PagePlan]


_JOB: _Job | None = None
_PARALLEL_MIN = 150
"""Fewer stale pages than this render in-process: starting workers would cost more."""


def _render_all(job: _Job) -> Iterator[tuple[int, bytes, Rendered | None]]:
    """(index, html, newly rendered body) for every page of the job, on every core if worth it."""
    global _JOB
    _JOB = job
    workers = min(os.cpu_count() or 1, 8)
    if len(job.pages) < _PARALLEL_MIN or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(_render_one, range(len(job.pages)))
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_render_one, range(len(job.pages)), chunksize=16)


def _render_one(index: int) -> tuple[int, bytes, Rendered | None]:
    job = _JOB
    page = job.pages[index]
    key = job.body_keys.get(page.output_path)
    body = new_body = None
    if key is not None:
        body = job.markdown.get(key)
        if body is None:
            body = new_body = render_markdown(page.markdown, page.source_path, job.links, job.allow_raw)
    return index, _render_page(page, body, job.site, job.adapter).encode("utf-8"), new_body


def _fingerprint(page: PagePlan, global_digest: str, body_key: str) -> str:
    """Everything a page's bytes depend on: theme and settings, its body, what it shows."""
    shown = sorted(d.digest for d in page.depends if hasattr(d, "digest"))
    feeds = [f"{f.url} {f.title}" for f in page.feeds]
    return digest_of(global_digest, page.template, page.url, page.title, page.description,
                     page.dynamic, body_key, *shown, *feeds)


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
    meta: dict[str, Any] = {"hide": hide}
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


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def _article_text(html: str) -> str:
    match = _ARTICLE.search(html)
    return plain_text(strip_headerlinks(match.group(1))) if match else ""
