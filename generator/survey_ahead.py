"""The first build of a new process surveys in a forked child while the process imports
the pipeline.

`thidua build` after an edit of a site of 10,000 announcements spends a third of a
second importing the pipeline (schemas, Jinja, MkDocs) and a seventh of one on
stats: every input's for the survey, every output's to find files changed by hand.
Neither needs the other. Where there are two cores, a child surveys while a thread
of this process imports; this process waits for the child's answer alone. If the
child found nothing changed, the build is over there and then, the imports left to
go on unwaited (the command exits without them); else the build takes them up.

The importing thread runs at a lower priority: when something else keeps a core
busy (the last build's plan being saved in the background), it takes only what the
survey leaves, and a build with nothing to do is no slower than one that surveys alone.
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import tempfile
import threading
import time
from typing import BinaryIO

from .cache import BuildCache
from .settings import BuildOptions
from .survey import BuildResult, Survey, outputs_changed

__all__ = ["survey_ahead"]

_UNCHANGED, _CHANGED = b"U", b"C"
_NICER = 10
"""How much lower the importing thread's priority is (a nice value)."""


def survey_ahead(options: BuildOptions) -> tuple[Survey, BuildResult | None] | None:
    """The survey of a build, and the last build's result if nothing changed since (the
    pipeline being imported meanwhile); None if this process has the pipeline already,
    or has one core, or cannot fork (survey here then)."""
    if "generator.pipeline" in sys.modules or _cores() < 2 or not hasattr(os, "fork"):
        return None
    started = time.perf_counter()
    cache = BuildCache.open(options.cache_path)  # here, before the fork: the child only reads
    try:
        # The answer goes into a file, and its kind through a pipe once it is written:
        # read from a pipe in pieces, it would wait for the importing thread at each one.
        answer_file = tempfile.TemporaryFile()
        read_end, write_end = os.pipe()
        child = os.fork()
    except OSError:
        cache.close()
        return None
    if child == 0:  # never back into the caller: it would build twice
        try:
            os.close(read_end)
            _answer(answer_file, write_end, options, cache, started)
        finally:
            os._exit(0)
    os.close(write_end)
    # Whoever imports the pipeline next waits for this thread's import (Python's module
    # lock), and meets its error if it failed.
    threading.Thread(target=_import_pipeline, name="thidua-import", daemon=True).start()
    with answer_file:
        try:
            kind = os.read(read_end, 1)
        finally:
            os.close(read_end)
            os.waitpid(child, 0)
        try:
            answer = pickle.loads(answer_file.read()) if kind in (_UNCHANGED, _CHANGED) else None
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


def _answer(answer_file: BinaryIO, write_end: int, options: BuildOptions, cache: BuildCache,
            started: float) -> None:
    """In the child: the survey, into `answer_file`, then its kind to `write_end`. The
    cache is read from the parent's memory; its connection is the parent's, never used
    here."""
    survey = Survey.take(options, cache, started)
    unchanged = survey.unchanged(options)
    if unchanged is not None:
        kind, answer = _UNCHANGED, unchanged
    else:
        changed = outputs_changed(options.resolved_output_dir, cache.stamps)
        kind, answer = _CHANGED, (survey.scan_ns, survey.inputs, changed)
    pickle.dump(answer, answer_file, pickle.HIGHEST_PROTOCOL)
    answer_file.flush()
    answer_file.seek(0)  # the parent shares the file's position
    os.write(write_end, kind)


def _import_pipeline() -> None:
    if sys.platform.startswith("linux"):  # where a thread's id names it to setpriority
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICER)
        except OSError:
            pass
    try:
        importlib.import_module("generator.pipeline")
    except BaseException:  # noqa: BLE001 - the build's own import meets it again
        pass
