"""Run the stages in order: load, validate, model, plan, fingerprint, render, publish.

Everything is gathered and checked before anything is published; only a build
with no errors reaches the output folder, and it does so all at once. Each stage
reuses what the cache holds from the last build: files unchanged since are not
parsed again, outputs whose fingerprint is unchanged are not made again.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from collections.abc import Callable

from .cache import BuildCache
from .links import LinkCheck, check_links
from .inputs import changed_inputs, files_under, input_keys
from .load import KnownSources, SourceDocument, Sources, load_sources
from .model import Site, build_model
from .outputs import SEARCH_INDEX, SiteOutputs, StoredBodies, feed_paths, patch_outputs, plan_outputs
from .pages import Plan, plan_site
from .problems import ContentError, Problem, ProblemLog, Severity
from .render import RenderedPages, render_pages, search_entry
from .reuse import ReusablePlan, Reused, reuse_plan, reuse_saved_plan, reuse_warm_plan
from .search import SearchLayout, layout_of, render_search_index, splice_search_index
from .settings import BuildOptions
from .snapshot import load_plan, save_plan
from .syndication import write_feeds_and_calendars
from .theme import theme_adapter
from .validate import Checked, Content, validate_content
from .write import Publication

__all__ = ["BuildResult", "CheckResult", "WarmState", "build", "check", "warm_up"]


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


@dataclass
class _Planned:
    content: Content
    site: Site
    plan: Plan
    log: ProblemLog
    next_due: dt.datetime | None
    sources: Sources
    flips: dt.datetime | None
    """When the next announcement comes due, drafts included (see reuse.py)."""


def _plan(options: BuildOptions, clock: _Clock, known: KnownSources | None = None,
          checked: Checked | None = None) -> _Planned:
    """Load, validate, model and plan: everything a build checks before it renders."""
    sources, log = _load(options, clock, known)
    return _plan_loaded(options, clock, sources, log, checked)


def _load(options: BuildOptions, clock: _Clock,
          known: KnownSources | None) -> tuple[Sources, ProblemLog]:
    log = ProblemLog()
    sources = load_sources(options.content_dir, log, known)
    clock.lap("load")
    return sources, log


def _plan_loaded(options: BuildOptions, clock: _Clock, sources: Sources, log: ProblemLog,
                 checked: Checked | None) -> _Planned:
    content = validate_content(sources, log, checked)
    if options.base_url:
        content.settings = content.settings.model_copy(update={"base_url": options.base_url})
    clock.lap("validate")
    as_of = options.as_of_moment(content.zone)
    site = build_model(content, as_of, drafts=options.drafts)
    plan = plan_site(site, log)
    log.raise_if_errors()
    clock.lap("plan")
    future = [a for a in content.announcements if a.moment > as_of]
    return _Planned(content, site, plan, log,
                    min((a.moment for a in future if not a.data.draft), default=None),
                    sources, min((a.moment for a in future), default=None))


def check(options: BuildOptions) -> CheckResult:
    """Validate like a build, write nothing; raise ContentError with every problem."""
    with _collector_paused():
        planned = _plan(options, _Clock())
    content = planned.content
    counts = {"campaigns": len(content.campaigns), "blocs": len(content.blocs),
              "announcements": len(content.announcements), "pages": len(planned.plan.pages)}
    return CheckResult(counts, planned.log.warnings, planned.next_due)


def _output_stamp(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _output_intact(output_dir: Path, stamps: dict[str, str]) -> bool:
    """Is every file the last build published still there, as it left it? (Files it did not
    publish are no concern of a build: it neither reads nor removes them.)"""
    prefix, found = len(str(output_dir)) + 1, 0
    for path, stat in files_under(str(output_dir)):
        stamp = stamps.get(path[prefix:])
        if stamp is not None:
            if stat is None or _output_stamp(stat) != stamp:
                return False
            found += 1
    return found == len(stamps)


def _kept(path: str, stamp: str | None) -> bool:
    """Is the file at `path` as the last build left it (not removed, not edited by hand)?"""
    try:
        return _output_stamp(os.stat(path)) == stamp
    except OSError:
        return False


def _unchanged(cache: BuildCache, inputs: dict[str, str], options: BuildOptions) -> bool:
    """Did nothing change since the last build, not even the day, a due announcement or
    a file of the output?"""
    last = cache.last_build
    if changed_inputs(last.get("inputs", {}), inputs) or not options.resolved_output_dir.is_dir():
        return False
    if not _output_intact(options.resolved_output_dir, cache.stamps):
        return False
    now = options.as_of_moment(ZoneInfo(last["timezone"]))
    return now.date() == last["day"] and (last["next_due"] is None or now < last["next_due"])


Progress = Callable[[str, int, int], None]
"""Called with (stage, items done, items in the stage) as a long build goes."""


@dataclass
class WarmState:
    """What a process that builds again and again (the preview server) keeps in memory
    between builds, so that an edit does not unpickle every document from the cache."""

    documents: dict[str, tuple[str, SourceDocument]] = field(default_factory=dict)
    """source_path -> (stat key, document) of every settled file the last build read."""
    checked: Checked = field(default_factory=dict)
    """What validating each of those documents found (see `validate_content`)."""
    plan: ReusablePlan | None = None
    """The last build's plan, for a save that changes only announcements, none of them
    moved (see reuse.py)."""


def build(options: BuildOptions, progress: Progress | None = None,
          warm: WarmState | None = None) -> BuildResult:
    """Build the site of `options`; raise ContentError (nothing written) on any problem."""
    _KEPT.clear()
    scan_ns = time.time_ns()
    cache = BuildCache.open(options.cache_path)
    try:
        with _collector_paused():
            return _build(options, cache, scan_ns, progress, warm)
    finally:
        cache.close()


def warm_up(options: BuildOptions, warm: WarmState) -> None:
    """Read and check every document into `warm`, building nothing: for a preview whose
    first build had nothing to do, so that the first save is as quick as the next ones."""
    cache = BuildCache.open(options.cache_path)
    scan_ns = time.time_ns()
    inputs = input_keys(options, scan_ns)
    known = KnownSources(cache.sources(), scan_ns, inputs)
    try:
        with _collector_paused():
            planned = _plan(options, _Clock(), known, warm.checked)
        warm.plan = _reusable(planned, inputs)
    except ContentError:
        pass  # the next build reports it
    finally:
        cache.close()
        warm.documents = known.warm


def _reusable(planned: _Planned, inputs: dict[str, str],
              outputs: SiteOutputs | None = None) -> ReusablePlan:
    # The problems now, before rendering adds those of links to them.
    return ReusablePlan(planned, inputs, planned.log.problems, outputs)


@contextmanager
def _collector_paused():
    """Python's cycle collector off while the build reads and plans the site.

    Loading 10,000 documents allocates millions of objects that all live until the
    end, and no cycles worth collecting: every collection would walk them in vain
    (a third of an edit's rebuild). `_settle()` turns it back on for rendering.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # a long-running preview server must get them collectable again
        if was_enabled:
            gc.enable()


def _settle() -> None:
    """The site is planned: exempt it from collections (forked workers inherit that),
    and collect again the garbage rendering makes."""
    gc.freeze()
    gc.enable()


def _saved_plan(options: BuildOptions, inputs: dict[str, str], scan_ns: int,
                clock: _Clock) -> tuple[_Planned, Reused, KnownSources] | None:
    """The plan an earlier process saved, if only announcements changed since, none of
    them moved (see reuse.py)."""
    saved = load_plan(_plan_path(options))
    reused = reuse_saved_plan(saved, inputs, options.content_dir, options)
    if reused is None:
        if saved is not None:
            saved.close()
        return None
    known = KnownSources({}, scan_ns, inputs)
    known.fresh = [(d.source_path, known.key_of(path), d) for path, d in reused.read]
    clock.lap("plan (saved, announcements patched)")
    return reused.planned, reused, known


def _plan_path(options: BuildOptions) -> Path:
    return options.cache_path.with_suffix(".plan")


def _planned(options: BuildOptions, inputs: dict[str, str], scan_ns: int, clock: _Clock,
             cache: BuildCache, warm: WarmState | None
             ) -> tuple[_Planned, Reused | None, KnownSources]:
    """Load (files unchanged since the last build from the cache or memory) and plan, or
    take up the preview's last plan."""
    if warm is not None:
        last, warm.plan = warm.plan, None  # a build that fails to plan leaves none
        reused = reuse_warm_plan(last, inputs, options.content_dir, options)
        if reused is not None:
            clock.lap("plan (announcements patched)")
            warm.plan = _reusable(reused.planned, inputs)
            return reused.planned, reused, _known_after(warm, reused, scan_ns, inputs)
        warm.plan = last  # untouched: `reuse_plan` may take it up once every file is read
    known = KnownSources(warm.documents if warm and warm.documents else cache.sources(),
                         scan_ns, inputs)
    try:
        sources, log = _load(options, clock, known)
        if warm is None:
            return _plan_loaded(options, clock, sources, log, None), None, known
        last, warm.plan = warm.plan, None
        reused = reuse_plan(last, sources, inputs, log, options)
        if reused is None:
            planned = _plan_loaded(options, clock, sources, log, warm.checked)
        else:
            planned = reused.planned
            clock.lap("plan (announcements patched)")
        warm.plan = _reusable(planned, inputs)
        return planned, reused, known
    finally:  # files read by a build that failed are as good as any: keep them too
        if warm is not None:
            warm.documents = known.warm


def _known_after(warm: WarmState, reused: Reused, scan_ns: int,
                 inputs: dict[str, str]) -> KnownSources:
    """What a preview build that read only the announcements changed since the last one
    knows of the files: the documents in memory, those it read in place of theirs."""
    known = KnownSources(warm.documents, scan_ns, inputs, warm=warm.documents)
    for path, document in reused.read:
        key = known.key_of(path)
        known.fresh.append((document.source_path, key, document))
        if key is None:  # changed just now: read again next time
            warm.documents.pop(document.source_path, None)
        else:
            warm.documents[document.source_path] = (key, document)
    return known


def _build(options: BuildOptions, cache: BuildCache, scan_ns: int,
           progress: Progress | None, warm: WarmState | None) -> BuildResult:
    clock = _Clock()
    inputs = input_keys(options, scan_ns)
    if _unchanged(cache, inputs, options):
        # Nothing read by the build changed: the output on disk is exactly what it would write.
        last = cache.last_build
        clock.lap("check inputs")
        return BuildResult(options.resolved_output_dir, reused=last["pages"], files=last["files"],
                           timings=clock.laps, warnings=last["warnings"], next_due=last["next_due"])
    saved = _saved_plan(options, inputs, scan_ns, clock) if warm is None else None
    planned, reused, known = saved or _planned(options, inputs, scan_ns, clock, cache, warm)
    content, site, plan, log = planned.content, planned.site, planned.plan, planned.log
    adapter = theme_adapter(content.settings, options.theme_dir, plan.nav,
                            options.cache_path.parent / "templates")
    if reused is not None and reused.outputs is not None:
        outputs = patch_outputs(reused.outputs, planned, reused.edited)
    else:
        outputs = plan_outputs(planned, adapter, scan_ns)
    if warm is not None and warm.plan is not None:
        warm.plan.outputs = outputs
    # A new process that planned anew leaves its plan for the next one (see snapshot.py).
    saving = _reusable(planned, inputs, outputs) if warm is None and saved is None else None
    output_dir = options.resolved_output_dir
    previous, folder = cache.outputs, f"{output_dir}/"
    stale = {path for path, fingerprint in outputs.fingerprints.items()
             if previous.get(path) != fingerprint or not _kept(folder + path, cache.stamps.get(path))}
    deletions = sorted(set(cache.outputs) - set(outputs.fingerprints))
    changes = len(stale) + len(deletions)
    publication = Publication(output_dir, whole=not cache.outputs or changes > max(
        _UPDATE_MAX, len(outputs.fingerprints) // 4))
    clock.lap("fingerprints")
    _settle()
    try:
        stale_pages = [page for page in plan.pages if page.output_path in stale]
        rendered = render_pages(stale_pages, plan, site, adapter, cache, outputs.body_keys,
                                publication.folder, progress)
        clock.lap("render pages")
        _write_side_files(outputs, stale, publication, site, cache, rendered, progress)
        clock.lap("feeds, calendars, search")
        checked = cache.link_results()
        links = check_links(plan.pages, set(outputs.fingerprints), publication.read,
                            outputs.body_keys, checked, stale,
                            Severity.ERROR if options.strict else Severity.WARNING)
        log.extend(links.problems)
        log.raise_if_errors()
        clock.lap("check links")
        publication.publish(sorted(set(outputs.fingerprints) - stale), deletions)
    except BaseException:
        publication.abandon()
        raise
    clock.lap("publish")
    _remember(cache, planned, known, outputs, stale, deletions, rendered, links, set(checked),
              publication)
    cache.commit({
        "inputs": inputs, "timezone": content.settings.timezone, "day": site.today,
        "next_due": planned.next_due, "pages": len(plan.pages), "files": len(outputs.fingerprints),
        "warnings": log.warnings})
    if saving is not None:
        save_plan(_plan_path(options), saving)
    clock.lap("save cache")
    _keep(planned, known, outputs, rendered, checked, links)
    return BuildResult(output_dir, rendered=len(rendered.rendered),
                       reused=len(plan.pages) - len(rendered.rendered),
                       rendered_paths=sorted(rendered.rendered), files=len(outputs.fingerprints),
                       timings=clock.laps, warnings=log.warnings, next_due=planned.next_due)


_KEPT: list = []
"""What the last build read and made, until the next build begins (see `_keep`)."""


def _keep(*made) -> None:
    """Keep what a build read and made past its end: freeing a site of 10,000 pages object
    by object takes a sixth of a second of CPU, which the `thidua` command, exiting right
    after its build without tearing anything down (see `cli.run`), need not spend. A
    process that builds again frees it as its next build begins (a preview keeps most of
    it in its `WarmState` anyway)."""
    _KEPT[:] = made


_UPDATE_MAX = 200
"""Up to this many changed files (or a quarter of the site) are published as an update;
more, and the whole output folder is swapped."""


def _write_side_files(outputs: SiteOutputs, stale: set[str], publication: Publication, site: Site,
                      cache: BuildCache, rendered: RenderedPages, progress: Progress | None) -> None:
    """Everything but pages whose fingerprint changed: feeds, calendars, search, assets."""
    write_feeds_and_calendars(
        [feed for feed in outputs.feeds if stale.intersection(feed_paths(feed))],
        [c for c in outputs.calendars if c.url.lstrip("/") in stale], site,
        StoredBodies(cache, outputs, site.settings.allow_raw_html), publication, progress)
    for output_path, data in outputs.small_files.items():
        if output_path in stale:
            publication.write(output_path, data)
    if SEARCH_INDEX in stale:
        _write_search_index(outputs, publication, site.settings.language, cache, rendered)
    for output_path, source in outputs.assets.items():
        if output_path in stale:
            publication.link(source, output_path)
    for output_path, source in outputs.media.items():
        if output_path in stale:
            publication.copy(source, output_path)


def _write_search_index(outputs: SiteOutputs, publication: Publication, language: str,
                        cache: BuildCache, rendered: RenderedPages) -> None:
    """Write the search index: the unchanged entries copied from the published index (a
    preview's too: holding 20,000 entries in memory to write them all out again cost more
    than the copy), or, if that index is gone or was changed by hand, made again from the
    published pages."""
    paths = [page.output_path for page in outputs.searchable]
    last = cache.search_layout()
    if isinstance(last, SearchLayout) and _kept(f"{publication.output_dir}/{SEARCH_INDEX}",
                                                cache.stamps.get(SEARCH_INDEX)):
        spliced = splice_search_index(last, language, paths, rendered.search)
        if spliced is not None:
            publication.splice(SEARCH_INDEX, spliced[0])
            cache.put_search_layout(spliced[1])
            return
    entries = [rendered.search.get(page.output_path)
               or search_entry(page, publication.read(page.output_path).decode("utf-8"))
               for page in outputs.searchable]
    publication.write(SEARCH_INDEX, render_search_index(entries, language))
    cache.put_search_layout(layout_of(language, paths, entries))


def _remember(cache: BuildCache, planned: _Planned, known: KnownSources, outputs: SiteOutputs,
              stale: set[str], deletions: list[str], rendered: RenderedPages, links: LinkCheck,
              checked_before: set[str], publication: Publication) -> None:
    """Write what this build read and made into the cache (committed by the caller).

    Each published file's stamp is taken now: only the files written, unless the whole
    output folder was replaced (then files kept from the last build may be copies)."""
    cache.put_sources(known.fresh)
    cache.forget("sources", set(known.previous) - {d.source_path for d in planned.sources.documents})
    folder = f"{publication.output_dir}/"
    cache.put_outputs([(path, outputs.fingerprints[path], _output_stamp(os.stat(folder + path)))
                       for path in sorted(stale)])
    if publication.whole:
        cache.put_stamps({path: _output_stamp(os.stat(folder + path))
                          for path in outputs.fingerprints if path not in stale})
    cache.forget("outputs", set(deletions))
    cache.forget("bodies", cache.body_keys() - set(outputs.body_keys.values()))
    cache.put_links(links.remember)
    cache.forget("links", checked_before - set(outputs.body_keys))
