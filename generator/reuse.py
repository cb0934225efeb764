"""A shortcut: a save that changes only announcements, not where they are, keeps the last plan.

Reading, checking, modelling and planning 10,000 announcements is most of an
edit's rebuild, and an editor's typical save changes nothing they depend on: the
Markdown moved on, or a title or summary, but no date, campaign or bloc (see
front_matter.py for which fields place an announcement and which are only shown).
Such a save patches the new bodies and front matters into the last plan's model
and pages, and the build goes on from there (the fingerprints of what shows those
announcements are made again, see `outputs.patch_outputs`). The last plan is the
preview's, kept in memory (`reuse_warm_plan`, which reads only the changed files, or
`reuse_plan` after reading them all), or the one the last build that planned saved
on disk (`reuse_saved_plan`, see snapshot.py). Anything else plans the site
anew: a front matter that places an announcement elsewhere, or with a problem, a
YAML or theme file, a file added or removed, other options, a new day, an
announcement coming due, or a problem not seen before.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .front_matter import frame_of, placement_of
from .inputs import changed_inputs
from .load import Kind, SourceDocument, Sources, read_announcements
from .model import announcement_digest, listing_of
from .pages import PageKind, reshow_front_matter
from .problems import Problem, ProblemLog
from .settings import BuildOptions
from .validate import AnnouncementEntry, check_document

if TYPE_CHECKING:
    from .snapshot import SavedPlan

__all__ = ["ReusablePlan", "Reused", "reuse_plan", "reuse_saved_plan", "reuse_warm_plan"]


@dataclass
class ReusablePlan:
    """What a warm build planned, kept for the next one."""

    planned: Any
    """The build's `_Planned` (sources, content, model, pages, when the next announcement
    comes due), patched by each reuse."""
    inputs: dict[str, str]
    """The build's input keys (see `inputs.input_keys`)."""
    problems: list[Problem]
    """What loading, validating and planning found (warnings: errors stop a build)."""
    outputs: Any = None
    """The build's `outputs.SiteOutputs`, once it has them."""


@dataclass
class Reused:
    """A plan taken up again, with this build's bodies."""

    planned: Any
    outputs: Any
    """The outputs of the plan before the patch (patch them with `outputs.patch_outputs`)."""
    edited: set[str]
    """Source paths of the announcements patched in."""
    read: list[tuple[str, SourceDocument]]
    """(input path, document) of the files read from disk to do it (a saved plan's)."""


def reuse_plan(last: ReusablePlan | None, sources: Sources, inputs: dict[str, str],
               load_log: ProblemLog, options: BuildOptions) -> Reused | None:
    """The last plan with this build's announcements, or None to plan anew."""
    if last is None or _only_announcements(last.inputs, inputs, sources.content_dir) is None:
        return None
    before = {d.source_path: d for d in last.planned.sources.documents}
    documents = {d.source_path: d for d in sources.documents}
    if documents.keys() != before.keys():
        return None
    edited = [d for path, d in documents.items() if d is not before[path]]
    if not all(_same_file(d, before[d.source_path]) for d in edited):
        return None
    content = last.planned.content
    fronts = _front_matter_edits(edited, content.zone, _placements(content))
    if fronts is None:
        return None
    planned = _patched(last, edited, fronts, sources, load_log, options)
    return None if planned is None else Reused(planned, last.outputs,
                                               {d.source_path for d in edited}, [])


_EDITS_MAX = 200
"""More files changed since the last plan than this, and reading them one by one costs
more than loading the site (which a saved plan then has to be planned anew after)."""


def reuse_warm_plan(last: ReusablePlan | None, inputs: dict[str, str], content_dir: Path,
                    options: BuildOptions) -> Reused | None:
    """The preview's last plan with the announcements changed since read again, the
    other files not even listed (`reuse_plan` takes up more, after reading them all);
    None to load the site."""
    if last is None:
        return None
    content = last.planned.content
    changed = _changed_announcements(last.inputs, inputs, content_dir, content.zone,
                                     _placements(content))
    before = {d.source_path for d in last.planned.sources.documents}
    if changed is None or not {d.source_path for _, d in changed[0]} <= before:
        return None
    read, fronts, log = changed
    new = {d.source_path: d for _, d in read}
    sources = dataclasses.replace(last.planned.sources, documents=[
        new.get(d.source_path, d) for d in last.planned.sources.documents])
    planned = _patched(last, list(new.values()), fronts, sources, log, options)
    return None if planned is None else Reused(planned, last.outputs, set(new), read)


def reuse_saved_plan(saved: SavedPlan | None, inputs: dict[str, str], content_dir: Path,
                     options: BuildOptions) -> Reused | None:
    """A plan saved by an earlier process, with the announcements changed since; None to
    load and plan anew."""
    if saved is None:
        return None
    changed = _changed_announcements(saved.inputs, inputs, content_dir, saved.zone,
                                     saved.announcements.get)
    if changed is None:
        return None
    last = saved.plan()
    if last is None:
        return None
    read, fronts, log = changed
    # A saved plan keeps no documents (see snapshot.py): this build's are the ones it read.
    documents = [d for _, d in read]
    sources = dataclasses.replace(last.planned.sources, documents=documents)
    planned = _patched(last, documents, fronts, sources, log, options)
    if planned is None:
        return None
    return Reused(planned, last.outputs, {d.source_path for d in documents}, read)


def _placements(content: Any) -> Callable[[str], tuple[str, str] | None]:
    """`placed` for `_front_matter_edits`, from the entries of a plan's content."""
    entries = {e.source_path: e for e in content.announcements}

    def placed(source_path: str) -> tuple[str, str] | None:
        entry = entries.get(source_path)
        return None if entry is None else placement_of(entry)
    return placed


def _changed_announcements(before: dict[str, str], now: dict[str, str], content_dir: Path,
                           zone: ZoneInfo, placed: Callable[[str], tuple[str, str] | None]
                           ) -> tuple[list[tuple[str, SourceDocument]],
                                      dict[str, AnnouncementEntry], ProblemLog] | None:
    """The files changed between two builds' input keys, read, if they are all
    announcements placed as they were (see `_front_matter_edits`): (input path,
    document) of each, the new entries of those whose front matter changed, and what
    reading them found. None if anything else changed, or too much."""
    changed = _only_announcements(before, now, content_dir)
    if changed is None or len(changed) > _EDITS_MAX:
        return None
    log = ProblemLog()
    read = read_announcements(content_dir, changed, log)
    if read is None:
        return None  # a file is not an announcement
    # The same path is the same kind, id and year folder: only the contents can differ.
    fronts = _front_matter_edits([d for _, d in read], zone, placed)
    return None if fronts is None else (read, fronts, log)


def _front_matter_edits(documents: list[SourceDocument], zone: ZoneInfo,
                        placed: Callable[[str], tuple[str, str] | None]
                        ) -> dict[str, AnnouncementEntry] | None:
    """Source path -> new entry of each of `documents` whose front matter changed but still
    places it where it was; None if one places it elsewhere or has a problem (planning
    anew reports it), or is not an announcement of the plan. `placed` gives the front
    matter hash and the `frame_of` the plan's entry of a path."""
    fronts = {}
    for document in documents:
        before = placed(document.source_path)
        if before is None:
            return None
        if document.head_digest == before[0]:
            continue  # only the body changed
        found, problems = check_document(document, zone)
        if problems or len(found) != 1 or frame_of(found[0][2].data) != before[1]:
            return None
        fronts[document.source_path] = found[0][2]
    return fronts


def _patched(last: ReusablePlan, edited: list[SourceDocument],
             fronts: dict[str, AnnouncementEntry], sources: Sources, load_log: ProblemLog,
             options: BuildOptions) -> Any | None:
    """`last` with the bodies of `edited` (announcements placed as before), and the
    entries of `fronts` for those whose front matter changed."""
    planned = last.planned
    now = options.as_of_moment(planned.content.zone)
    if now.date() != planned.site.today or (planned.flips is not None and now >= planned.flips):
        return None
    if set(load_log.problems) - set(last.problems):
        return None
    _patch_documents(planned, edited, fronts)
    log = ProblemLog()
    log.extend(last.problems)
    return dataclasses.replace(planned, log=log, sources=sources)


def _only_announcements(before: dict[str, str], now: dict[str, str],
                        content_dir: Path) -> list[str] | None:
    """The paths changed between two builds' input keys if they are all announcements
    (none added or removed), else None."""
    changed = sorted(changed_inputs(before, now))
    folder = f"{content_dir.resolve() / 'announcements'}{os.sep}"
    if all(path.startswith(folder) and path.endswith(".md") and path in before and path in now
           for path in changed):
        return changed
    return None


def _same_file(new: SourceDocument, old: SourceDocument) -> bool:
    return (new.kind is Kind.ANNOUNCEMENT and old.kind is Kind.ANNOUNCEMENT and new.id == old.id
            and new.folder == old.folder)


def _patch_documents(planned: Any, documents: list[SourceDocument],
                     fronts: dict[str, AnnouncementEntry]) -> None:
    """Put each document's body and hash where the last build put its file's, and the
    entries of `fronts` in place of the last ones (the same fields place them: only what
    is shown of them changes)."""
    content = planned.content
    at = {e.source_path: index for index, e in enumerate(content.announcements)}
    pages = {p.source_path: p for p in planned.plan.pages if p.kind is PageKind.ANNOUNCEMENT}
    shown = []
    for document in documents:
        path, front = document.source_path, fronts.get(document.source_path)
        index = at.get(path)
        if index is not None:  # a saved plan keeps no entries (see snapshot.py)
            entry = content.announcements[index] = front or content.announcements[index]
            entry.body, entry.body_line, entry.digest = document.body, document.body_line, document.digest
        page = pages.get(path)
        if page is None:  # not on this site (a draft in a build without drafts)
            continue
        item = page.context["item"]
        item.body, item.body_line = document.body, document.body_line
        item.digest = announcement_digest(document.digest, item.is_future)
        page.markdown, page.body_line, page.source_digest = item.body, item.body_line, item.digest
        if front is not None:
            item.data = front.data
            item.listing.digest = listing_of(front.head_digest, item.url, item.is_future).digest
            shown.append(item)
    if shown:
        reshow_front_matter(planned.plan, shown)
