"""The first build of a new process surveys in a forked child while the process imports
the pipeline.

`thidua build` after an edit of a site of 10,000 announcements spends a third of a
second importing the pipeline (schemas, Jinja, MkDocs) and a seventh of one on
stats: every input's for the survey, every output's to find files changed by hand.
Neither needs the other. Where there are two cores, a child surveys while this
process imports, one module at a time, looking between two whether the child has
answered. If it found nothing changed, the build is over there and then (the
modules imported by then go unused); else the build goes on with its survey.
"""

from __future__ import annotations

import importlib
import os
import pickle
import select
import sys
import time

from .cache import BuildCache
from .settings import BuildOptions
from .survey import BuildResult, Survey, outputs_changed

__all__ = ["survey_ahead"]

_PIPELINE = ("yaml", "pydantic", "generator.schema", "generator.model", "jinja2", "mkdocs.theme",
             "generator.render", "generator.pipeline")
"""The pipeline's slowest imports in the order it makes them, then the rest of it: none
takes much more than a survey at 10,000 files, so a build with nothing to do waits
for little more than its survey."""

_UNCHANGED, _CHANGED = b"U", b"C"


def survey_ahead(options: BuildOptions) -> tuple[Survey, BuildResult | None] | None:
    """The survey of a build, and the last build's result if nothing changed since (the
    pipeline imported meanwhile, unless nothing had); None if this process has the
    pipeline already, or has one core, or cannot fork (survey here then)."""
    if "generator.pipeline" in sys.modules or _cores() < 2 or not hasattr(os, "fork"):
        return None
    started = time.perf_counter()
    cache = BuildCache.open(options.cache_path)  # here, before the fork: the child only reads
    try:
        read_end, write_end = os.pipe()
        child = os.fork()
    except OSError:
        cache.close()
        return None
    if child == 0:  # never back into the caller: it would build twice
        try:
            os.close(read_end)
            _answer(write_end, options, cache, started)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        kind = _import_until_answered(read_end)
        message = _read_to_end(read_end) if kind else b""
    finally:
        os.close(read_end)
        os.waitpid(child, 0)
    try:
        answer = pickle.loads(message) if message else None
    except Exception:  # noqa: BLE001 - a child cut short: survey here
        answer = None
    if answer is None:
        return Survey.take(options, cache, started), None
    if kind == _UNCHANGED:
        return Survey(cache, time.time_ns(), {}, started), answer
    scan_ns, inputs, changed = answer
    return Survey(cache, scan_ns, inputs, started, changed), None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _answer(write_end: int, options: BuildOptions, cache: BuildCache, started: float) -> None:
    """In the child: the survey, written to `write_end`. The cache is read from the
    parent's memory; its connection is the parent's, never used here."""
    survey = Survey.take(options, cache, started)
    unchanged = survey.unchanged(options)
    if unchanged is not None:
        message = _UNCHANGED + pickle.dumps(unchanged, pickle.HIGHEST_PROTOCOL)
    else:
        changed = outputs_changed(options.resolved_output_dir, cache.stamps)
        message = _CHANGED + pickle.dumps((survey.scan_ns, survey.inputs, changed),
                                          pickle.HIGHEST_PROTOCOL)
    view = memoryview(message)
    while view:
        view = view[os.write(write_end, view):]


def _import_until_answered(read_end: int) -> bytes:
    """Import the pipeline until the child answers that nothing changed; the kind of
    answer (b"" if the child wrote none)."""
    for module in _PIPELINE:
        if select.select([read_end], [], [], 0)[0]:
            kind = os.read(read_end, 1)
            if kind == _CHANGED:
                importlib.import_module("generator.pipeline")
            return kind
        importlib.import_module(module)
    return os.read(read_end, 1)


def _read_to_end(read_end: int) -> bytes:
    chunks = []
    while chunk := os.read(read_end, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
