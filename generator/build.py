"""Build a site, or check it: the entry points of the command, the preview and the API.

A build first surveys what changed since the last one (survey.py); only if
something did does it run the pipeline (pipeline.py). The pipeline's modules
(schemas, YAML, Markdown, Jinja and MkDocs) take longer to import than a build with
nothing to do takes to find that out: a new process imports them while a child
surveys (survey_ahead.py), and stops as soon as it learns there is nothing to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .problems import Problem
from .settings import BuildOptions
from .survey import BuildResult, Survey
from .survey_ahead import survey_ahead

if TYPE_CHECKING:
    from .load import SourceDocument
    from .reuse import ReusablePlan
    from .validate import Checked

__all__ = ["BuildResult", "CheckResult", "Progress", "WarmState", "build", "check", "warm_up"]

Progress = Callable[[str, int, int], None]
"""Called with (stage, items done, items in the stage) as a long build goes."""


@dataclass
class CheckResult:
    """What `check` found valid (it raises ContentError otherwise)."""

    counts: dict[str, int]
    warnings: list[Problem]
    next_due: dt.datetime | None


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
    ahead = survey_ahead(options)
    survey = ahead[0] if ahead else Survey.take(options)
    try:
        unchanged = ahead[1] if ahead else survey.unchanged(options)
        if unchanged is not None:  # the output on disk is exactly what the build would write
            return unchanged
        from . import pipeline
        return pipeline.run(options, survey, progress, warm)
    finally:
        survey.close()


def check(options: BuildOptions) -> CheckResult:
    """Validate like a build, write nothing; raise ContentError with every problem."""
    from . import pipeline
    return pipeline.check(options)


def warm_up(options: BuildOptions, warm: WarmState) -> None:
    """Read and check every document into `warm`, building nothing: for a preview whose
    first build had nothing to do, so that the first save is as quick as the next ones."""
    from . import pipeline
    pipeline.warm_up(options, warm)
