"""What a build reads, file by file, and which of those files changed since another build.

Every file of content/ and of the theme folders is keyed by its size and time, or
by its content if it changed just now (file system clocks tick coarsely: a file
written in the same tick as the scan could change again unseen). The options a
build runs with are one more key. Comparing two builds' keys tells whether a
build has anything to do, and whether a plan made earlier still fits.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

from . import __version__
from .installed import builtin_theme_dir, material_version
from .settings import BuildOptions

__all__ = ["RACY_NS", "changed_inputs", "files_under", "input_keys", "settled_keys", "stat_key"]

RACY_NS = 2_000_000_000
"""A file modified this close to a scan may change again without its time changing
(file system clocks tick coarsely), so its size and time do not vouch for it."""


def stat_key(stat: os.stat_result, scan_ns: int) -> str | None:
    """`size:mtime` of a file that has settled, or None for one changed just now."""
    if stat.st_mtime_ns >= scan_ns - RACY_NS:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def input_keys(options: BuildOptions, scan_ns: int) -> dict[str, str]:
    """Absolute path -> key of every file the build reads, and "" -> the options."""
    keys = {"": repr((__version__, material_version, options.drafts, options.base_url,
                      options.strict, str(options.as_of), str(options.resolved_output_dir.resolve())))}
    for folder in (options.content_dir.resolve(), options.theme_dir, builtin_theme_dir()):
        for path, stat in files_under(str(folder)):
            keys[path] = "no file" if stat is None else stat_key(stat, scan_ns) or _content_key(path)
    return keys


def files_under(folder: str) -> Iterator[tuple[str, os.stat_result | None]]:
    """(path, stat) of every file under `folder`, links followed; None for a link to nothing.

    scandir, not os.walk + os.stat: one directory read and one stat per file (3x faster at
    10,000 files, and every build, even one with nothing to do, runs this)."""
    pending = [folder] if os.path.isdir(folder) else []
    while pending:
        with os.scandir(pending.pop()) as listing:
            for entry in listing:
                if entry.is_dir():
                    pending.append(entry.path)
                    continue
                try:
                    yield entry.path, entry.stat()
                except OSError:
                    yield entry.path, None


def changed_inputs(before: dict[str, str], now: dict[str, str]) -> set[str]:
    """Paths added, removed or changed between two builds' keys (and "" if the options
    changed). A file the earlier build saw just after a change was keyed by its content:
    that is compared now, so a file that merely settled is not taken as changed."""
    changed = before.keys() ^ now.keys()
    for path, key in now.items():
        earlier = before.get(path)
        if earlier is not None and key != earlier and not (
                earlier.startswith("content ") and os.path.isfile(path)
                and _content_key(path) == earlier):
            changed.add(path)
    return changed


def settled_keys(keys: dict[str, str], now_ns: int) -> dict[str, str]:
    """`keys`, where each file keyed by its content has settled since with the same bytes,
    keyed by its size and time instead.

    A build started right after a checkout keys every file by its content. Kept so,
    every later build would read them all again to compare (a third of a second at
    10,000 files), as would every build that takes up the plan saved with them. A file
    whose bytes are still those the scan hashed, and whose time is now settled, is
    the same file as long as its size and time stay the same."""
    settled = dict(keys)
    for path, key in keys.items():
        if not key.startswith("content "):
            continue
        try:
            before = os.stat(path)
            if stat_key(before, now_ns) is None or _content_key(path) != key:
                continue  # not settled yet, or changed since the scan: keep what the build read
            after = os.stat(path)
        except OSError:
            continue
        if (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            settled[path] = stat_key(after, now_ns)
    return settled


def _content_key(path: str) -> str:
    with open(path, "rb") as handle:
        return "content " + hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
