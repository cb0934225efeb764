"""Progress of a long build on the terminal: shown only once a build has run a while.

On a terminal one line is redrawn in place; in a log (CI) a line is printed at
every quarter, so a slow build is visibly alive without flooding the log.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["ProgressLine"]


class ProgressLine:
    """A `build(progress=...)` callback: `(stage, done, total)`."""

    def __init__(self, stream: TextIO | None = None, delay: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._clock = clock
        self._show_from = clock() + delay
        self._drawn_at = 0.0
        self._quarter: dict[str, int] = {}
        self._open = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if now < self._show_from or total <= 0:
            return
        text = f"{stage}: {done:,}/{total:,} ({done * 100 // total}%)"
        if self._tty:
            if done < total and now - self._drawn_at < 0.1:
                return  # redraw at most ten times a second
            self._drawn_at = now
            self._stream.write(f"\r\x1b[K{text}")
            self._open = True
        else:
            quarter = done * 4 // total
            if quarter > self._quarter.get(stage, 0):
                self._quarter[stage] = quarter
                self._stream.write(text + "\n")
        self._stream.flush()

    def finish(self) -> None:
        """Clear the line, so the summary prints on a clean one."""
        if self._open:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._open = False
