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
import tempfile
from collections.abc import Sequence
from typing import IO, Any

from .load import Kind, SourceDocument
from .markup import render_markdown
from .render import named_body_key
from .stored_text import text_of

__all__ = ["EarlyBodies"]

_MIN_DOCUMENTS = 1000
"""Fewer Markdown files read than this, and they are rendered with the rest."""
_BATCH = 32
"""Bodies pickled together into a worker's file."""


class EarlyBodies:
    """Workers rendering bodies in the background (`start`) until `finish` or `stop`.

    Each writes what it renders into a file of its own, read once it has stopped: sent
    down a pipe, every message would wait for a thread of the parent to get the GIL
    from the planning, and the worker with it."""

    def __init__(self) -> None:
        self._workers: list[tuple[Any, IO[bytes]]] = []
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
        for number in range(workers):
            output = tempfile.TemporaryFile()  # no name: gone with the last handle
            process = context.Process(target=_render_share, daemon=True,
                                      args=(texts[number::workers], allow_raw, self._stop, output,
                                            os.getpid()))
            process.start()
            self._workers.append((process, output))

    def finish(self) -> dict[str, bytes]:
        """named_body_key -> the Rendered body, pickled as the cache keeps it, of every
        body rendered so far; the workers stop at the body they are on."""
        bodies: dict[str, bytes] = {}
        for output in self.stop():
            with output:
                output.seek(0)
                try:
                    while True:
                        bodies.update(pickle.load(output))
                except (EOFError, pickle.UnpicklingError):  # the end, or where a worker died
                    pass
        return bodies

    def stop(self) -> list[IO[bytes]]:
        """Stop the workers; their files, to read."""
        if self._stop is not None:
            self._stop.value = 1
        for process, _ in self._workers:
            process.join()
        outputs = [output for _, output in self._workers]
        self._workers, self._stop = [], None
        return outputs


def _render_share(documents: list[SourceDocument], allow_raw: bool, stop: Any,
                  output: IO[bytes], parent: int) -> None:
    batch: dict[str, bytes] = {}
    try:
        for document in documents:
            if stop.value or os.getppid() != parent:  # stopped, or the build was killed
                break
            text = text_of(document.body)
            # A link to another Markdown file makes the body depend on that file's URL; an
            # entity could spell such a link without '.md' showing in the text.
            if ".md" in text or "&" in text:
                continue
            rendered = render_markdown(text, document.source_path, None, allow_raw)
            batch[named_body_key(document.digest, document.source_path, allow_raw)] = \
                pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)
            if len(batch) == _BATCH:
                pickle.dump(batch, output, protocol=pickle.HIGHEST_PROTOCOL)
                batch = {}
    except Exception:  # noqa: BLE001 - the render stage meets it again, and reports it
        pass
    pickle.dump(batch, output, protocol=pickle.HIGHEST_PROTOCOL)
    output.flush()
