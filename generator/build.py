"""Run the stages in order: load, validate, model, plan, render, write.

Everything is gathered and checked before anything is written; only a build
with no errors reaches the output folder, and it does so atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__

from .calendars import render_calendar
from .cache import BuildCache, digest_of
from .feeds import render_feed, render_opml
from .load import load_sources
from .model import build_model
from .pages import plan_site
from .links import check_links
from .problems import Problem, ProblemLog, Severity
from .render import render_pages
from .search import render_search_index
from .settings import BuildOptions
from .sitemap import render_robots, render_sitemap
from .theme import builtin_theme_dir, material_version, theme_adapter
from .validate import validate_content
from .write import write_site

__all__ = ["BuildResult", "CheckResult", "build", "check"]


@dataclass
class BuildResult:
    output_dir: Path
    rendered: int = 0
    """Pages rendered in this build."""
    reused: int = 0
    """Pages taken unchanged from the previous build."""
    rendered_paths: list[str] = field(default_factory=list)
    """output_path of every page rendered in this build."""
    files: int = 0
    """Files written (pages, feeds, assets, media)."""
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    next_due: dt.datetime | None = None
    """When the next future announcement becomes due (rebuild then)."""


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


@dataclass
class CheckResult:
    """What `check` found valid (it raises ContentError otherwise)."""

    counts: dict[str, int]
    warnings: list[Problem]
    next_due: dt.datetime | None


def _plan(options: BuildOptions, clock: _Clock):
    """Load, validate, model and plan: everything a build checks before it renders."""
    log = ProblemLog()
    sources = load_sources(options.content_dir, log)
    clock.lap("load")
    content = validate_content(sources, log)
    if options.base_url:
        content.settings = content.settings.model_copy(update={"base_url": options.base_url})
    clock.lap("validate")
    as_of = options.as_of_moment(content.zone)
    site = build_model(content, as_of, drafts=options.drafts)
    plan = plan_site(site, log)
    log.raise_if_errors()
    clock.lap("plan")
    future = [a.moment for a in content.announcements if a.moment > as_of and not a.data.draft]
    return content, site, plan, log, min(future) if future else None


def check(options: BuildOptions) -> CheckResult:
    """Validate like a build, write nothing; raise ContentError with every problem."""
    content, site, plan, log, next_due = _plan(options, _Clock())
    counts = {"campaigns": len(content.campaigns), "blocs": len(content.blocs),
              "announcements": len(content.announcements), "pages": len(plan.pages)}
    return CheckResult(counts, log.warnings, next_due)


def _inputs_digest(options: BuildOptions) -> str:
    """Hash of everything a build reads: every file of content/ and theme/, and the options."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((__version__, material_version, options.drafts, options.base_url, options.strict,
                   str(options.as_of), str(options.resolved_output_dir.resolve()))).encode())
    for folder in (options.content_dir, options.theme_dir, builtin_theme_dir()):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    h.update(path.as_posix().encode() + b"\0")
                    h.update(path.read_bytes())
    return h.hexdigest()


def _output_stamp(output_dir: Path) -> str:
    """Names, sizes and times of every output file: a changed or missing file is noticed."""
    h = hashlib.blake2b(digest_size=16)
    for folder, _dirs, names in sorted(os.walk(output_dir)):
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            h.update(f"{folder}/{name} {stat.st_size} {stat.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _unchanged(last: dict, inputs: str, options: BuildOptions) -> bool:
    """Did nothing change since the last build, not even the day, a due announcement or
    a file of the output?"""
    if last.get("inputs") != inputs or not options.resolved_output_dir.is_dir():
        return False
    if _output_stamp(options.resolved_output_dir) != last["output"]:
        return False
    now = options.as_of_moment(ZoneInfo(last["timezone"]))
    return now.date() == last["day"] and (last["next_due"] is None or now < last["next_due"])


def build(options: BuildOptions) -> BuildResult:
    """Build the site of `options`; raise ContentError (nothing written) on any problem."""
    clock = _Clock()
    cache = BuildCache.load(options.cache_path)
    inputs = _inputs_digest(options)
    if _unchanged(cache.last_build, inputs, options):
        # Nothing read by the build changed: the output on disk is exactly what it would write.
        last = cache.last_build
        clock.lap("check inputs")
        return BuildResult(options.resolved_output_dir, reused=last["pages"], files=last["files"],
                           timings=clock.laps, warnings=last["warnings"], next_due=last["next_due"])
    content, site, plan, log, next_due = _plan(options, clock)
    adapter = theme_adapter(content.settings, options.theme_dir, plan.nav)
    global_digest = digest_of(content.settings.model_dump_json(), repr(plan.nav), adapter.digest())
    rendered = render_pages(plan, site, adapter, cache, options.resolved_output_dir, global_digest)
    files = dict(rendered.files)
    for feed in plan.feeds:
        files.update(render_feed(feed, site, rendered.bodies))
    files["theo-doi/thidua.opml"] = render_opml(plan.feeds, content.settings)
    for calendar in plan.calendars:
        files[calendar.url.lstrip("/")] = render_calendar(calendar, site)
    files["search/search_index.json"] = render_search_index(rendered.search_docs,
                                                            content.settings.language)
    files["sitemap.xml"] = render_sitemap(plan.pages, content.settings.base_url)
    files["robots.txt"] = render_robots(content.settings.base_url)
    assets = list(adapter.static_files())
    media = [(m.abs_source_path, m.output_path) for m in content.media]
    reused = [(path, output_path) for output_path, path in rendered.reused_files.items()]
    severity = Severity.ERROR if options.strict else Severity.WARNING
    log.extend(check_links(plan.pages, files, rendered.reused_files,
                           {path for _, path in assets + media}, severity))
    log.raise_if_errors()
    clock.lap("render")
    count = write_site(files, media, options.resolved_output_dir, links=assets + reused)
    cache.save(rendered.cache_pages, rendered.markdown_keys, {
        "inputs": inputs, "timezone": content.settings.timezone, "day": site.today,
        "next_due": next_due, "pages": len(plan.pages), "files": count, "warnings": log.warnings,
        "output": _output_stamp(options.resolved_output_dir)})
    clock.lap("write")
    return BuildResult(options.resolved_output_dir, rendered=rendered.rendered,
                       reused=rendered.reused, rendered_paths=sorted(rendered.files), files=count,
                       timings=clock.laps, warnings=log.warnings, next_due=next_due)
