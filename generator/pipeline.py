"""The stages of a build in order: load, validate, model, plan, fingerprint, render,
publish (build.py runs them when the survey finds something changed).

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
from dataclasses import dataclass
from pathlib import Path

from .build import CheckResult, Progress, WarmState
from .cache import BuildCache
from .early_bodies import EarlyBodies
from .inputs import settled_keys
from .links import LinkCheck, check_links
from .load import Kind, KnownSources, Sources, load_sources
from .model import Site, build_model
from .outputs import SEARCH_INDEX, SiteOutputs, StoredBodies, feed_paths, patch_outputs, plan_outputs
from .pages import Plan, plan_site
from .problems import ContentError, ProblemLog, Severity
from .render import RenderedPages, render_pages, search_entry
from .reuse import ReusablePlan, Reused, reuse_plan, reuse_saved_plan, reuse_warm_plan
from .search import SearchLayout, layout_of, render_search_index, splice_search_index
from .settings import BuildOptions
from .snapshot import load_plan, save_plan
from .survey import BuildResult, Survey, kept, output_stamp, outputs_changed
from .syndication import write_feeds_and_calendars
from .theme import theme_adapter
from .validate import Checked, Content, validate_content
from .write import Publication

__all__ = ["check", "run", "warm_up"]


class _Clock:
    def __init__(self, started: float | None = None) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter() if started is None else started

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


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
    with _collector_paused():
        planned = _plan(options, _Clock())
    content = planned.content
    counts = {"campaigns": len(content.campaigns), "blocs": len(content.blocs),
              "announcements": len(content.announcements), "pages": len(planned.plan.pages)}
    return CheckResult(counts, planned.log.warnings, planned.next_due)


def run(options: BuildOptions, survey: Survey, progress: Progress | None,
        warm: WarmState | None) -> BuildResult:
    """Build the site of `options`, in which `survey` found something changed."""
    _KEPT.clear()
    early = EarlyBodies()
    try:
        with _collector_paused():
            return _build(options, survey, progress, warm, early)
    finally:
        early.stop()  # a build that failed before rendering leaves no worker behind


def warm_up(options: BuildOptions, warm: WarmState) -> None:
    survey = Survey.take(options)
    known = KnownSources(survey.cache.sources(), survey.scan_ns, survey.inputs)
    try:
        with _collector_paused():
            planned = _plan(options, _Clock(), known, warm.checked)
        warm.plan = _reusable(planned, survey.inputs)
    except ContentError:
        pass  # the next build reports it
    finally:
        survey.close()
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
             cache: BuildCache, warm: WarmState | None, early: EarlyBodies
             ) -> tuple[_Planned, Reused | None, KnownSources]:
    """Load (files unchanged since the last build from the cache or memory) and plan, or
    take up the preview's last plan. A first build renders bodies `early` meanwhile."""
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
        if not cache.outputs:  # nothing built before: no body is in the cache
            early.start(sources.documents, _allows_raw_html(sources))
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


def _allows_raw_html(sources: Sources) -> bool:
    """Whether site.yml trusts raw HTML, as read before it is validated (a body rendered
    under the wrong guess is keyed so, and never taken)."""
    data = next((d.data for d in sources.of_kind(Kind.SITE)), None)
    return isinstance(data, dict) and data.get("allow_raw_html") is True


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


def _build(options: BuildOptions, survey: Survey, progress: Progress | None,
           warm: WarmState | None, early: EarlyBodies) -> BuildResult:
    clock = _Clock(survey.started)
    cache, scan_ns, inputs = survey.cache, survey.scan_ns, survey.inputs
    saved = _saved_plan(options, inputs, scan_ns, clock) if warm is None else None
    planned, reused, known = saved or _planned(options, inputs, scan_ns, clock, cache, warm, early)
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
    previous, by_hand = cache.outputs, survey.outputs_changed
    if by_hand is None:
        by_hand = outputs_changed(output_dir, cache.stamps)
    # A file the last build did not publish has no fingerprint in `previous`.
    stale = {path for path, fingerprint in outputs.fingerprints.items()
             if previous.get(path) != fingerprint or path in by_hand}
    deletions = sorted(set(cache.outputs) - set(outputs.fingerprints))
    changes = len(stale) + len(deletions)
    publication = Publication(output_dir, whole=not cache.outputs or changes > max(
        _UPDATE_MAX, len(outputs.fingerprints) // 4))
    clock.lap("fingerprints")
    _settle()
    try:
        stale_pages = [page for page in plan.pages if page.output_path in stale]
        rendered = render_pages(stale_pages, outputs.links, site, adapter, cache, outputs.body_keys,
                                publication.folder, progress, early.finish())
        clock.lap("render pages")
        _write_side_files(outputs, stale, publication, site, cache, rendered, progress)
        clock.lap("feeds, calendars, search")
        checked = cache.link_results()
        links = check_links(plan.pages, outputs.links, set(outputs.fingerprints), publication.read,
                            outputs.body_keys, checked, stale,
                            Severity.ERROR if options.strict else Severity.WARNING, rendered.links)
        log.extend(links.problems)
        log.raise_if_errors()
        clock.lap("check links")
        publication.publish(sorted(set(outputs.fingerprints) - stale), deletions)
    except OSError as error:  # writing the new files (a full disk, say): the old output stays
        raise publication.failed(error) from error
    except BaseException:
        publication.abandon()
        raise
    clock.lap("publish")
    _remember(cache, planned, known, outputs, stale, deletions, rendered, links, set(checked),
              publication)
    inputs = settled_keys(inputs, time.time_ns())  # later builds compare times, not bytes
    cache.commit({
        "inputs": inputs, "timezone": content.settings.timezone, "day": site.today,
        "next_due": planned.next_due, "pages": len(plan.pages), "files": len(outputs.fingerprints),
        "warnings": log.warnings})
    if saving is not None:
        saving.inputs = inputs
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
    process that builds again frees it as its next build that runs the pipeline begins (a
    preview keeps most of it in its `WarmState` anyway)."""
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
    if isinstance(last, SearchLayout) and kept(f"{publication.output_dir}/{SEARCH_INDEX}",
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
    stamps = rendered.stamps
    cache.put_outputs([(path, outputs.fingerprints[path],
                        stamps.get(path) or output_stamp(os.stat(folder + path)))
                       for path in sorted(stale)])
    if publication.whole:
        cache.put_stamps({path: output_stamp(os.stat(folder + path))
                          for path in outputs.fingerprints if path not in stale})
    cache.forget("outputs", set(deletions))
    cache.forget("bodies", cache.body_keys() - set(outputs.body_keys.values()))
    cache.put_links(links.remember)
    cache.forget("links", checked_before - set(outputs.body_keys))
