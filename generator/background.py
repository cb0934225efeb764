"""Work the build hands to a detached process, so that nobody waits for it.

Saving the plan for the next build (snapshot.py), copying the cache's log into
its file (cache.py) and deleting what a build replaced (write.py) need no
answer: the site is published before they start.
"""

from __future__ import annotations

import os
import select
import shutil
from collections.abc import Callable
from pathlib import Path

__all__ = ["dispose", "in_background", "spawn_detached"]


def in_background(work: Callable[[], object]) -> bool:
    """Run `work` in a detached process (a grandchild: nobody has to wait for it); False
    where the system cannot fork."""
    if not hasattr(os, "fork") or os.name != "posix":
        return False
    try:
        child = os.fork()
    except OSError:
        return False
    if child == 0:
        try:
            if os.fork() == 0:
                # Off the terminal and its pipes: whoever reads this build's output
                # (a CI log, a benchmark) sees it end when the build does.
                os.setsid()
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):
                    os.dup2(quiet, stream)
                work()
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return True


def dispose(folders: list[Path]) -> None:
    """Delete `folders` (what a build replaced), in the background where it can.

    Freeing a file costs the kernel time in proportion to its size and a folder's in
    proportion to its files: 0.06 s for an edit's old 75 MB search index at 10,000
    pages, about half a second for a whole old site. `rm` does it."""
    folders = [folder for folder in folders if os.path.lexists(folder)]
    if not folders:
        return
    rm = shutil.which("rm")
    if rm is None or not spawn_detached([rm, "-rf", "--", *map(str, folders)]):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def spawn_detached(argv: list[str], ready_within: float = 0.0) -> bool:
    """Start the program `argv` on its own, off the terminal and its pipes (like the
    workers of `in_background`); False if it could not be started.

    With `ready_within`, return only once it has closed its standard output (it has
    taken what it needs before this process goes on), has ended, or that many seconds
    have passed. Started by posix_spawn: forking this process instead would copy its
    page tables, 25-45 ms for a preview holding 10,000 documents."""
    if not hasattr(os, "posix_spawn"):
        return False
    read_end, write_end = os.pipe() if ready_within else (None, None)
    actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    if write_end is not None:
        actions[1] = (os.POSIX_SPAWN_DUP2, write_end, 1)
    try:
        # sh leaves the program running on its own and exits: nobody has to wait for it.
        shell = os.posix_spawn("/bin/sh", ["sh", "-c", 'exec "$0" "$@" &', *argv], os.environ,
                               file_actions=actions, setsid=True)
        os.waitpid(shell, 0)
        if write_end is not None:
            os.close(write_end)  # then the program holds the only write end
            write_end = None
            select.select([read_end], [], [], ready_within)  # readable at the end of the pipe
        return True
    except OSError:
        return False
    finally:
        for end in (read_end, write_end):
            if end is not None:
                os.close(end)
