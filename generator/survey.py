"""Before a build: the last build's cache, the key of every file the build reads, and
whether anything changed since. If nothing did, the output on disk is exactly what
the build would write, and the build is over.

Light on purpose: this module and what it imports are all a build with nothing to
do needs. The pipeline (schemas, Markdown, templates) is two thirds of the time
`thidua build` takes to find that out, so it is imported only after (see build.py).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from .cache import BuildCache
from .inputs import changed_inputs, files_under, input_keys
from .problems import Problem
from .settings import BuildOptions

__all__ = ["BuildResult", "Survey", "kept", "output_stamp", "outputs_changed"]


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


@dataclass
class Survey:
    """What one build starts from."""

    cache: BuildCache
    scan_ns: int
    """When the build started (time.time_ns()): files changed after are 'changed just now'."""
    inputs: dict[str, str]
    """The key of every file the build reads (see `inputs.input_keys`)."""
    started: float
    """time.perf_counter() when the survey began, for the build's timings."""
    outputs_changed: set[str] | None = None
    """`outputs_changed` of the last build's output, if the survey looked (survey_ahead.py)."""

    @classmethod
    def take(cls, options: BuildOptions, cache: BuildCache | None = None,
             started: float | None = None) -> Survey:
        started = time.perf_counter() if started is None else started
        cache = BuildCache.open(options.cache_path) if cache is None else cache
        scan_ns = time.time_ns()
        return cls(cache, scan_ns, input_keys(options, scan_ns), started)

    def unchanged(self, options: BuildOptions) -> BuildResult | None:
        """The last build's result, if nothing it read changed since, not even the day, a
        due announcement or a file of the output; else None."""
        last = self.cache.last_build
        if changed_inputs(last.get("inputs", {}), self.inputs) or not options.resolved_output_dir.is_dir():
            return None
        if not _output_intact(options.resolved_output_dir, self.cache.stamps):
            return None
        now = options.as_of_moment(ZoneInfo(last["timezone"]))
        if now.date() != last["day"] or (last["next_due"] is not None and now >= last["next_due"]):
            return None
        return BuildResult(options.resolved_output_dir, reused=last["pages"], files=last["files"],
                           timings={"check inputs": time.perf_counter() - self.started},
                           warnings=last["warnings"], next_due=last["next_due"])

    def close(self) -> None:
        self.cache.close()


def output_stamp(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def kept(path: str, stamp: str | None) -> bool:
    """Is the file at `path` as the last build left it (not removed, not edited by hand)?"""
    try:
        return output_stamp(os.stat(path)) == stamp
    except OSError:
        return False


def outputs_changed(output_dir: Path, stamps: dict[str, str]) -> set[str]:
    """The files the last build published (output path -> stamp) that are not as it left
    them: edited or removed by hand since."""
    folder = f"{output_dir}/"
    return {path for path, stamp in stamps.items() if not kept(folder + path, stamp)}


def _output_intact(output_dir: Path, stamps: dict[str, str]) -> bool:
    """Is every file the last build published still there, as it left it? (Files it did not
    publish are no concern of a build: it neither reads nor removes them.)"""
    prefix, found = len(str(output_dir)) + 1, 0
    for path, stat in files_under(str(output_dir)):
        stamp = stamps.get(path[prefix:])
        if stamp is not None:
            if stat is None or output_stamp(stat) != stamp:
                return False
            found += 1
    return found == len(stamps)
