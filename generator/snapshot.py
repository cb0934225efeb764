"""The last plan on disk, for a new `thidua build` after a save that moved no announcement.

The preview keeps its plan in memory between saves (see reuse.py). A new process
has only the cache, and reading, checking, modelling and planning 10,000 files
from it takes most of a second. So a build that planned anew also leaves its
plan beside the cache; the next build whose only changes are announcements that
stay where they were (new bodies, titles, summaries: see front_matter.py) reads it
back (a third of that time) and patches them in.

The file holds a small header (the inputs the plan was made from, the time zone,
each announcement's front matter hash and what of it places the announcement)
before the plan itself, so a build that cannot use it finds out without reading
the rest. A file that is missing, unreadable, or written by other code is
ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

import pydantic

from .background import in_background
from .front_matter import placement_of
from .pages import Bodies, DeferredBodies
from .reuse import ReusablePlan
from .stored_text import StoredText
from .yaml_positions import Positions

try:
    import fcntl
except ImportError:  # not on Windows: plans are written in the build's own process
    fcntl = None

__all__ = ["SavedPlan", "load_plan", "save_plan"]

_FORMAT = 3


@dataclass
class SavedPlan:
    """The header of a saved plan, and a way to read the plan behind it."""

    file: BinaryIO
    """The file, open: a plan saved meanwhile replaces it, this one reads on from it."""
    offset: int
    """Where the plan starts in the file."""
    inputs: dict[str, str]
    """The input keys the plan was made from (see `inputs.input_keys`)."""
    zone: ZoneInfo
    """The site's time zone (announcements changed since are checked in it)."""
    announcements: dict[str, tuple[str, str]]
    """source_path -> (front matter hash, `front_matter.frame_of`) of every announcement
    it holds."""

    def plan(self) -> ReusablePlan | None:
        try:
            self.file.seek(self.offset)
            plan, deferred = pickle.load(self.file)
            bodies_at = self.file.tell()
        except Exception:  # noqa: BLE001 - anything unreadable: plan anew
            return None
        if not isinstance(plan, ReusablePlan) or not isinstance(deferred, DeferredBodies):
            return None
        plan.planned.site.link_announcements()  # left out of the file (see model._Owner)
        deferred.attach(lambda: self._bodies(bodies_at))
        return plan

    def close(self) -> None:
        self.file.close()

    def _bodies(self, offset: int) -> Bodies:
        # pread, not seek and read: forked render workers share the file's position.
        size = os.fstat(self.file.fileno()).st_size
        return pickle.loads(os.pread(self.file.fileno(), size - offset, offset))


def save_plan(path: Path, plan: ReusablePlan) -> None:
    """Write `plan` to `path`, whole or not at all (a failed write leaves no file).

    Where the system can fork, a process of its own writes it: the build does not wait
    (pickling 10,000 pages' plan takes a third of a second), and a build that reads
    the plan waits until it is written (a lock beside it, taken before the fork).
    Save a plan when the build is done with it."""
    lock = _open_lock(path)
    try:
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not in_background(lambda: _write(path, plan)):
            _write(path, plan)
    finally:
        if lock is not None:
            os.close(lock)  # the writer in the background holds it on until it is done


def _write(path: Path, plan: ReusablePlan) -> None:
    """The plan is pared down first, so that reading it back is quick: its documents, its
    announcements' entries and the other entries' line positions are left out (only
    loading, checking and modelling read those, and a saved plan is taken up only when
    no announcement moved: the header keeps what tells, and the announcements changed
    since are checked anew), and the pages' Markdown goes last, read only if a page
    asks (see `pages.DeferredBodies`)."""
    content = plan.planned.content
    announcements = {e.source_path: placement_of(e) for e in content.announcements}
    deferred = DeferredBodies()
    bodies = _pare_down(plan.planned, deferred)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with temporary.open("wb") as handle:
            pickle.dump((_code_key(), plan.inputs, content.zone, announcements), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
            _dump_deep((plan, deferred), handle)
            pickle.dump(bodies, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - the build succeeded; without a plan the next one plans
        temporary.unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def _open_lock(path: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        return os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


_WAIT_MAX = 60.0
"""Seconds a build waits for a plan being written before it goes on without."""


def _wait_for_writer(path: Path) -> bool:
    """Wait until no process is writing the plan at `path`; False if one still is."""
    lock = _open_lock(path)
    if lock is None:
        return True
    try:
        deadline = time.monotonic() + _WAIT_MAX
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.005)
    finally:
        os.close(lock)


_DEEP_LIMIT, _DEEP_STACK = 200_000, 512 << 20
"""Pickle recurses once per object it goes into: organizations that name their
successors, the campaigns they issued, the blocs of those campaigns and their members
go on for thousands of levels on a national site. This many levels, on a stack of
this size (reserved, only touched pages are used) in a thread of their own."""


def _dump_deep(value, handle) -> None:
    """pickle.dump on a stack deep enough for the site graph."""
    failure: list[BaseException] = []

    def dump() -> None:
        try:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            failure.append(error)

    limit, stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        sys.setrecursionlimit(max(limit, _DEEP_LIMIT))
        threading.stack_size(_DEEP_STACK)
        worker = threading.Thread(target=dump, name="thidua-save-plan")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(stack)
        sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]


def _pare_down(planned, deferred: DeferredBodies) -> Bodies:
    """Leave out of `planned` what a build that takes it up does not read, and its pages'
    Markdown, which `deferred` stands for; return that by output path. (Once planned,
    bodies are read from the pages alone.)"""
    content, site, nowhere = planned.content, planned.site, Positions()
    planned.sources = dataclasses.replace(planned.sources, documents=[])
    for entries in (content.provinces, content.organizations, content.movements,
                    content.campaigns, content.blocs):
        for entry in entries.values():
            entry.positions = nowhere
    # Nor its announcements' entries: a build takes up the plan only if none moved (the
    # header tells), and patches the changed ones into the model and pages alone.
    content.announcements = []
    for entry in content.pages:
        entry.positions, entry.body = nowhere, ""
    for item in (*site.announcements, *site.pages):
        item.body = ""
    _share_strings(site.announcements)
    bodies = {}
    for page in planned.plan.pages:
        if isinstance(page.markdown, (str, StoredText)):
            bodies[page.output_path], page.markdown = page.markdown, deferred
    return bodies


def _share_strings(announcements) -> None:
    """One string object for each value the announcements' front matters repeat (their
    author, tags, and the ids they name), which pickle then writes once: documents read
    by worker processes came back each with its own copies, and at 10,000 announcements
    a third of the plan's strings were such copies (65,000 to unpickle at every build
    that reads it). Done in the process writing the plan, whose memory is its own."""
    shared: dict[str, str] = {}
    for item in announcements:
        fields = item.data.__dict__  # frozen models: their fields set as the pickle will
        for name, value in fields.items():
            if isinstance(value, str):
                fields[name] = shared.setdefault(value, value)
            elif isinstance(value, list):
                value[:] = [shared.setdefault(v, v) if isinstance(v, str) else v for v in value]


def load_plan(path: Path) -> SavedPlan | None:
    """The header of the plan saved at `path` (once written, if it is being), or None."""
    if not _wait_for_writer(path):
        return None
    try:
        handle = path.open("rb")
    except OSError:
        return None
    try:
        key, inputs, zone, announcements = pickle.load(handle)
    except Exception:  # noqa: BLE001 - truncated, from other code: no plan
        handle.close()
        return None
    if key != _code_key() or not isinstance(inputs, dict) or not isinstance(zone, ZoneInfo) \
            or not isinstance(announcements, dict):
        handle.close()
        return None
    return SavedPlan(handle, handle.tell(), inputs, zone, announcements)


def _code_key() -> tuple:
    """This generator's code, by the size and time of its modules, and the Python and
    pydantic it runs on: a plan pickled by other code may not fit the classes of this."""
    folder = Path(__file__).parent
    stamps = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                    for entry in os.scandir(folder) if entry.name.endswith(".py"))
    code = hashlib.blake2b(repr(stamps).encode(), digest_size=16).hexdigest()
    return _FORMAT, code, sys.version_info[:3], pydantic.VERSION
