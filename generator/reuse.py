"""A shortcut: a save that changes only announcement bodies keeps the last plan.

Reading, checking, modelling and planning 10,000 announcements is most of an
edit's rebuild, and an editor's typical save changes nothing they depend on: the
front matter is as it was, only the Markdown under it moved on. Such a save
patches the new bodies into the last plan's model and pages, and the build goes on
from there (the fingerprints of what shows those bodies are made again, see
`outputs.patch_outputs`). The last plan is the preview's, kept in memory
(`reuse_plan`), or the one the last build that planned saved on disk
(`reuse_saved_plan`, see snapshot.py). Anything else plans the site anew: a
changed front matter, YAML or theme file, a file added or removed, other options,
a new day, an announcement coming due, or a problem not seen before.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import changed_inputs
from .load import Kind, SourceDocument, Sources, read_announcements
from .model import announcement_digest
from .pages import PageKind
from .problems import Problem, ProblemLog
from .settings import BuildOptions

if TYPE_CHECKING:
    from .snapshot import SavedPlan

__all__ = ["ReusablePlan", "Reused", "reuse_plan", "reuse_saved_plan"]


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
    """Source paths of the announcements whose bodies were patched in."""
    read: list[tuple[str, SourceDocument]]
    """(input path, document) of the files read from disk to do it (a saved plan's)."""


def reuse_plan(last: ReusablePlan | None, sources: Sources, inputs: dict[str, str],
               load_log: ProblemLog, options: BuildOptions) -> Reused | None:
    """The last plan with this build's announcement bodies, or None to plan anew."""
    if last is None or _only_announcements(last.inputs, inputs, sources.content_dir) is None:
        return None
    before = {d.source_path: d for d in last.planned.sources.documents}
    documents = {d.source_path: d for d in sources.documents}
    if documents.keys() != before.keys():
        return None
    edited = [d for path, d in documents.items() if d is not before[path]]
    if not all(_same_but_body(d, before[d.source_path]) for d in edited):
        return None
    planned = _patched(last, edited, sources, load_log, options)
    return None if planned is None else Reused(planned, last.outputs,
                                               {d.source_path for d in edited}, [])


_SAVED_EDITS_MAX = 200
"""More files changed since a saved plan than this, and reading them costs more than
planning anew (which saves a plan for the next build)."""


def reuse_saved_plan(saved: SavedPlan | None, inputs: dict[str, str], content_dir: Path,
                     options: BuildOptions) -> Reused | None:
    """A plan saved by an earlier process, with the bodies of the announcements changed
    since; None to load and plan anew."""
    if saved is None:
        return None
    changed = _only_announcements(saved.inputs, inputs, content_dir)
    if changed is None or len(changed) > _SAVED_EDITS_MAX:
        return None
    log = ProblemLog()
    read = read_announcements(content_dir, changed, log)
    # The same path is the same kind, id and year folder: only the front matter can differ.
    if read is None or any(saved.heads.get(d.source_path) != d.head_digest for _, d in read):
        return None  # a front matter changed, or a file is not an announcement
    last = saved.plan()
    if last is None:
        return None
    # A saved plan keeps no documents (see snapshot.py): this build's are the ones it read.
    documents = [d for _, d in read]
    sources = dataclasses.replace(last.planned.sources, documents=documents)
    planned = _patched(last, documents, sources, log, options)
    if planned is None:
        return None
    return Reused(planned, last.outputs, {d.source_path for d in documents}, read)


def _patched(last: ReusablePlan, edited: list[SourceDocument], sources: Sources,
             load_log: ProblemLog, options: BuildOptions) -> Any | None:
    """`last` with the bodies of `edited` (announcements whose front matter is as before)."""
    planned = last.planned
    now = options.as_of_moment(planned.content.zone)
    if now.date() != planned.site.today or (planned.flips is not None and now >= planned.flips):
        return None
    if set(load_log.problems) - set(last.problems):
        return None
    _patch_bodies(planned, edited)
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


def _same_but_body(new: SourceDocument, old: SourceDocument) -> bool:
    # The same front matter text parses to the same data and line positions.
    return (new.kind is Kind.ANNOUNCEMENT and old.kind is Kind.ANNOUNCEMENT and new.id == old.id
            and new.folder == old.folder and new.head_digest == old.head_digest)


def _patch_bodies(planned: Any, documents: list[SourceDocument]) -> None:
    """Put each document's body and hash where the last build put its file's."""
    entries = {e.source_path: e for e in planned.content.announcements}
    pages = {p.source_path: p for p in planned.plan.pages if p.kind is PageKind.ANNOUNCEMENT}
    for document in documents:
        entry = entries[document.source_path]
        entry.body, entry.body_line, entry.digest = document.body, document.body_line, document.digest
        page = pages.get(document.source_path)
        if page is None:  # not on this site (a draft in a build without drafts)
            continue
        item = page.context["item"]
        item.body, item.body_line = entry.body, entry.body_line
        item.digest = announcement_digest(entry.digest, item.is_future)
        page.markdown, page.body_line, page.source_digest = item.body, item.body_line, item.digest
