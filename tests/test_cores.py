"""Work on every core: results, order, and what the caller sees when a worker fails."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cores import WorkerFailed, on_every_core

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2,
    reason="one core: on_every_core works in-process there, and forks no worker to test")


def _pid_and_square(index: int) -> tuple[int, int]:
    return os.getpid(), index * index


def test_ordered_results_come_in_order_from_worker_processes():
    results = list(on_every_core(_pid_and_square, 1000, 10, chunksize=7))
    assert [square for _, square in results] == [i * i for i in range(1000)]
    assert os.getpid() not in {pid for pid, _ in results}
    assert multiprocessing.active_children() == []


def test_unordered_results_hold_every_item_once():
    results = list(on_every_core(_pid_and_square, 1000, 10, chunksize=3, ordered=False))
    assert sorted(square for _, square in results) == [i * i for i in range(1000)]


def test_few_items_are_worked_on_here():
    assert {pid for pid, _ in on_every_core(_pid_and_square, 5, 10, chunksize=1)} == {os.getpid()}


def _fails_at_500(index: int) -> int:
    if index == 500:
        raise ValueError(f"item {index} is bad")
    return index


def test_an_error_in_a_worker_is_raised_in_the_caller_and_stops_the_workers():
    with pytest.raises(ValueError, match="item 500 is bad"):
        list(on_every_core(_fails_at_500, 1000, 10, chunksize=10))
    assert multiprocessing.active_children() == []


class _Unpicklable(Exception):
    def __init__(self, handle):
        super().__init__("cannot travel")
        self.handle = handle

    def __reduce__(self):
        raise TypeError("not picklable")


def _fails_unpicklably(index: int) -> int:
    if index == 3:
        raise _Unpicklable(lambda: None)
    return index


def test_an_error_that_does_not_pickle_arrives_as_its_traceback():
    with pytest.raises(WorkerFailed, match="_Unpicklable: cannot travel"):
        list(on_every_core(_fails_unpicklably, 100, 10, chunksize=1))


def _dies_at_7(index: int) -> int:
    if index == 7:
        os._exit(9)  # as the kernel's out-of-memory killer would stop it
    return index


def test_a_worker_that_dies_is_reported_not_waited_for():
    with pytest.raises(WorkerFailed, match="stopped before its work was done"):
        list(on_every_core(_dies_at_7, 100, 10, chunksize=1))
    assert multiprocessing.active_children() == []


def test_a_caller_that_stops_early_leaves_no_worker_behind():
    results = on_every_core(_pid_and_square, 100_000, 10, chunksize=1)
    assert next(results)[1] == 0
    results.close()
    assert multiprocessing.active_children() == []


_KILLED_CALLER = """
import sys, time
from generator.cores import on_every_core

def megabyte(index):
    return b"x" * 1_000_000  # a pipe holds less: a worker waits in send until it is read

results = on_every_core(megabyte, 1000, 2, chunksize=1)
next(results)
print("reading no more", flush=True)
time.sleep(120)
"""


def _children_of(pid: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            children.add(int(stat.parent.name))
    return children


def _running(pid: int) -> bool:
    try:  # a zombie is dead: its parent (init, now) has not reaped it yet
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find workers")
def test_workers_of_a_killed_caller_exit_instead_of_waiting_forever():
    caller = subprocess.Popen([sys.executable, "-c", _KILLED_CALLER], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    workers: set[int] = set()
    try:
        assert caller.stdout.readline().strip() == "reading no more"
        workers = _children_of(caller.pid)
        assert len(workers) >= 2
        time.sleep(0.5)  # every worker blocked on its full pipe by now
        assert all(_running(pid) for pid in workers)
        caller.send_signal(signal.SIGKILL)  # as the OOM killer or a CI timeout does
        caller.wait()
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _running(pid)], "workers outlived their caller"
    finally:
        caller.kill()
        for pid in workers | _children_of(caller.pid):
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
