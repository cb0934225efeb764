"""A preview's shortcut: a save that changes only announcement bodies keeps the last plan.

Modelling and planning 10,000 announcements is a fifth of a preview's rebuild, and
an editor's typical save changes nothing they depend on: the front matter is as it
was, only the Markdown under it moved on. Such a save patches the new bodies into
the last build's model and pages, and the build goes on from there (fingerprints
tell which pages show the changed files, as always). Anything else plans the site
anew: a changed front matter, YAML or theme file, a file added or removed, other
options, a new day, an announcement coming due, or a problem not seen before.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from .load import Kind, SourceDocument, Sources
from .model import announcement_digest
from .pages import PageKind
from .problems import Problem, ProblemLog
from .settings import BuildOptions

__all__ = ["ReusablePlan", "reuse_plan"]


@dataclass
class ReusablePlan:
    """What a warm build planned, kept for the next one."""

    planned: Any
    """The build's `_Planned` (sources, content, model, pages, when the next announcement
    comes due), patched by each reuse."""
    inputs: dict[str, str]
    """The build's input keys (see `build._input_keys`)."""
    problems: list[Problem]
    """What loading, validating and planning found (warnings: errors stop a build)."""


def reuse_plan(last: ReusablePlan | None, sources: Sources, inputs: dict[str, str],
               load_log: ProblemLog, options: BuildOptions) -> Any | None:
    """The last plan with this build's announcement bodies, or None to plan anew."""
    if last is None or not _only_announcements_changed(last.inputs, inputs, sources):
        return None
    planned = last.planned
    now = options.as_of_moment(planned.content.zone)
    if now.date() != planned.site.today or (planned.flips is not None and now >= planned.flips):
        return None
    if set(load_log.problems) - set(last.problems):
        return None
    before = {d.source_path: d for d in planned.sources.documents}
    documents = {d.source_path: d for d in sources.documents}
    if documents.keys() != before.keys():
        return None
    edited = [d for path, d in documents.items() if d is not before[path]]
    if not all(_same_but_body(d, before[d.source_path]) for d in edited):
        return None
    _patch_bodies(planned, edited)
    log = ProblemLog()
    log.extend(last.problems)
    return dataclasses.replace(planned, log=log, sources=sources)


def _only_announcements_changed(before: dict[str, str], now: dict[str, str], sources: Sources) -> bool:
    changed = {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}
    folder = f"{sources.content_dir / 'announcements'}{os.sep}"
    return bool(changed) and all(path.startswith(folder) and path.endswith(".md")
                                 and path in before and path in now for path in changed)


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
