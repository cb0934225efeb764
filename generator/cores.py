"""Work spread over every core by forked worker processes.

Fork, not spawn: workers inherit what the parent has built (the planned site, the
compiled templates, the list of files to read) instead of having it pickled to them.
The work itself is a function of an index into state the caller set up before.

Not multiprocessing.Pool: its worker-handler thread waits on the pipe the results come
back through, so while a result sits unread it wakes again and again, taking the GIL
from the threads that read results and from the build (0.6 s of a 10,000-announcement
build's parent on two cores, where every parent's second is a worker's). Here each
worker takes the next chunk from a shared counter and sends its results down its own
pipe, and the caller's thread reads them: no helper threads, no task queue.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

__all__ = ["WorkerFailed", "on_every_core"]

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A worker process died, or raised something that does not pickle."""


def on_every_core(work: Callable[[int], T], count: int, minimum: int, *, chunksize: int,
                  ordered: bool = True) -> Iterator[T]:
    """`work(i)` for every i in range(count): in forked workers when there are at least
    `minimum` items and more than one core, else here (starting workers costs more).
    Unordered results come as soon as each chunk of them is done; an exception raised by
    `work` is raised here."""
    workers = min(os.cpu_count() or 1, 8, -(-count // chunksize))
    if count < minimum or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(work, range(count))
        return
    yield from _forked(work, count, chunksize, workers, ordered)


def _forked(work: Callable[[int], T], count: int, chunksize: int, workers: int,
            ordered: bool) -> Iterator[T]:
    context = mp.get_context("fork")
    next_chunk = context.Value("q", 0)  # the number of the next chunk a worker takes
    processes, readers = [], []
    try:
        for _ in range(workers):
            reader, writer = context.Pipe(duplex=False)
            readers.append(reader)
            process = context.Process(target=_worker, daemon=True,
                                      args=(work, count, chunksize, next_chunk, writer, readers))
            process.start()
            writer.close()  # the worker's copy is the only one: its exit ends the pipe
            processes.append(process)
        yield from _results(readers, ordered)
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.exitcode is None:  # the caller stopped early, or a worker failed
                process.terminate()
                process.join()
        for reader in readers:
            reader.close()


def _results(readers: list[Connection], ordered: bool) -> Iterator[Any]:
    """Every result the workers send down `readers`, by chunk number if `ordered`."""
    waiting, next_chunk, pending = list(readers), 0, {}
    while waiting:
        for reader in wait(waiting):
            try:
                message = reader.recv()
            except EOFError:
                raise WorkerFailed("a worker process stopped before its work was done "
                                   "(out of memory?); run the build again") from None
            if message is None:  # that worker found no chunk left
                waiting.remove(reader)
            elif message[0] == "failed":
                raise message[1]
            elif not ordered:
                yield from message[1]
            else:
                pending[message[0]] = message[1]
                while next_chunk in pending:
                    yield from pending.pop(next_chunk)
                    next_chunk += 1


def _worker(work: Callable[[int], Any], count: int, chunksize: int, next_chunk: Any,
            writer: Connection, inherited: list[Connection]) -> None:
    """Take chunks until none is left, sending each one's results as (number, results)."""
    # The read ends forked along, its own among them: held here, they would keep a pipe
    # open after the caller is killed, and this worker blocked forever on a full one.
    for reader in inherited:
        reader.close()
    try:
        while True:
            with next_chunk.get_lock():
                chunk = next_chunk.value
                next_chunk.value = chunk + 1
            start = chunk * chunksize
            if start >= count:
                break
            writer.send((chunk, [work(i) for i in range(start, min(start + chunksize, count))]))
        writer.send(None)
    except BrokenPipeError:
        pass  # the caller is gone (killed, or stopped reading): nobody to send anything to
    except BaseException as error:  # noqa: BLE001 - handed to the parent, raised there
        try:
            writer.send(("failed", error))
        except BrokenPipeError:
            pass
        except Exception:  # noqa: BLE001 - the error itself does not pickle
            writer.send(("failed", WorkerFailed("".join(traceback.format_exception(error)))))
