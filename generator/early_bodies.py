"""Markdown bodies rendered while a first build validates, models and plans.

Those stages run on one core (a second at 10,000 announcements) while the others
wait for the render stage. A body depends only on its own file, unless it links
other Markdown files by name (then on every page's URL, known once planned): so
right after loading, workers render the bodies that link none, and the render stage
takes them instead of rendering them itself. Keyed as the render stage keys bodies
(`render.named_body_key`), so one rendered under other settings is never taken.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from .load import Kind, SourceDocument
from .markup import render_markdown
from .render import named_body_key
from .stored_text import text_of

__all__ = ["EarlyBodies"]

_MIN_DOCUMENTS = 1000
"""Fewer Markdown files read than this, and they are rendered with the rest."""
_BATCH = 32
"""Bodies sent to the parent in one message."""


class EarlyBodies:
    """Workers rendering bodies in the background (`start`) until `finish` or `stop`."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        """named_body_key -> the Rendered body, pickled as the cache keeps it."""
        self._processes: list[Any] = []
        self._reader: threading.Thread | None = None
        self._stop: Any = None

    def start(self, documents: Sequence[SourceDocument], allow_raw: bool) -> None:
        """Render the bodies of `documents` that link no Markdown file, if there are many
        and a core to spare; `allow_raw` as site.yml asks (the key names it)."""
        workers = min(os.cpu_count() or 1, 8) - 1  # the parent plans on the last one
        texts = [d for d in documents if d.kind in (Kind.ANNOUNCEMENT, Kind.PAGE)]
        if len(texts) < _MIN_DOCUMENTS or workers < 1 or "fork" not in mp.get_all_start_methods():
            return
        context = mp.get_context("fork")
        self._stop = context.Value("b", 0, lock=False)  # one writer, read between bodies
        readers = []
        for number in range(workers):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_render_share, daemon=True,
                                      args=(texts[number::workers], allow_raw, self._stop, writer))
            process.start()
            writer.close()
            self._processes.append(process)
            readers.append(reader)
        self._reader = threading.Thread(target=self._collect, args=(readers,), daemon=True)
        self._reader.start()

    def finish(self) -> dict[str, bytes]:
        """The bodies rendered so far; the workers stop at the body they are on."""
        self.stop()
        return self.bodies

    def stop(self) -> None:
        if self._stop is None:
            return
        self._stop.value = 1
        self._reader.join()
        for process in self._processes:
            process.join()
        self._processes, self._stop = [], None

    def _collect(self, readers: list[Connection]) -> None:
        """Read what the workers send until each is done (its pipe closed)."""
        while readers:
            for reader in wait(readers):
                try:
                    self.bodies.update(reader.recv())
                except EOFError:  # done, or died: what it sent is kept, the rest rendered later
                    readers.remove(reader)
                    reader.close()


def _render_share(documents: list[SourceDocument], allow_raw: bool, stop: Any,
                  writer: Connection) -> None:
    batch: dict[str, bytes] = {}
    for document in documents:
        if stop.value:
            break
        text = text_of(document.body)
        # A link to another Markdown file makes the body depend on that file's URL; an
        # entity could spell such a link without '.md' showing in the text.
        if ".md" in text or "&" in text:
            continue
        rendered = render_markdown(text, document.source_path, None, allow_raw)
        batch[named_body_key(document.digest, document.source_path, allow_raw)] = pickle.dumps(
            rendered, protocol=pickle.HIGHEST_PROTOCOL)
        if len(batch) == _BATCH:
            writer.send(batch)
            batch = {}
    if batch:
        writer.send(batch)
    writer.close()
