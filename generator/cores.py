"""Work spread over every core by forked worker processes.

Fork, not spawn: workers inherit what the parent has built (the planned site, the
compiled templates, the list of files to read) instead of having it pickled to them.
The work itself is a function of an index into state the caller set up before.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from typing import TypeVar

__all__ = ["on_every_core"]

T = TypeVar("T")


def on_every_core(work: Callable[[int], T], count: int, minimum: int, *, chunksize: int,
                  ordered: bool = True) -> Iterator[T]:
    """`work(i)` for every i in range(count): in forked workers when there are at least
    `minimum` items and more than one core, else here (starting workers costs more).
    Unordered results come as soon as each is done."""
    workers = min(os.cpu_count() or 1, 8)
    if count < minimum or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(work, range(count))
        return
    with mp.get_context("fork").Pool(workers) as pool:
        each = pool.imap if ordered else pool.imap_unordered
        yield from each(work, range(count), chunksize=chunksize)
