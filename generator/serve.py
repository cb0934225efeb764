"""`thidua serve`: build, serve on 127.0.0.1, rebuild on save, reload open tabs.

The preview includes drafts and future announcements (marked as such). When
an edit breaks the build, the last good site stays served and every page shows
the problems (file, line, message) until they are fixed. Open pages keep one
request open to a version endpoint (a long poll) and reload the moment a
rebuild finishes.
"""

from __future__ import annotations

import functools
import gc
import html
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .build import BuildResult, WarmState, build, warm_up
from .problems import ContentError, GeneratorError
from .settings import BuildOptions

__all__ = ["PreviewServer"]

_VERSION_PATH = "/__thidua/version"
_CLIENT = """<script>
(function () {
  var seen = null;
  function poll() {  // answered at once, then each time only when the version moves on
    var url = "%s" + (seen === null ? "" : "?after=" + seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); return; }
      seen = v; poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>""" % _VERSION_PATH
_LONG_POLL_SECONDS = 20
"""How long a version request waits for a rebuild before answering the same version."""
_TIDY_PAUSE = 3.0
"""Seconds without a save after which what a save that kept the plan left is collected."""


class PreviewServer:
    """A build folder, a watcher and an HTTP server; `start()` runs them in threads."""

    def __init__(self, site_dir: Path, port: int = 8000, as_of=None):
        self.site_dir = site_dir.resolve()
        self.port = port
        self.output_dir = self._output_for(port)
        self.as_of = as_of
        self.version = 0
        self.problems: list[str] = []
        self.last_build_seconds = 0.0
        self.last_result: BuildResult | None = None
        """What the last successful build did."""
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        """Notified when `version` moves on (or the server stops): wakes waiting tabs."""
        self._tidy_at: float | None = None
        """time.monotonic() from which an idle moment should collect what the builds left
        (see `_tidy`); None when there is nothing to collect."""
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._warm = WarmState()
        """The documents read so far: a rebuild reads only the files saved since."""
        self._httpd: http.server.ThreadingHTTPServer | None = None

    # --- building -----------------------------------------------------------

    def _output_for(self, port: int) -> Path:
        """The preview's own output folder, with its build cache beside the site's: the same
        one every time the site is previewed on this port, so a restart builds only what
        changed meanwhile, and previews leave no folders behind."""
        return self.site_dir / ".cache" / f"preview-{port}"

    def _options(self) -> BuildOptions:
        return BuildOptions(self.site_dir, self.output_dir, self.as_of, drafts=True,
                            base_url=f"http://127.0.0.1:{self.port}/")

    def rebuild(self) -> None:
        """Build once; on failure keep the last good output and remember the problems."""
        started = time.perf_counter()
        options = self._options()
        model = self._model()
        try:
            result = build(options, warm=self._warm)
            problems: list[str] = []
        except ContentError as error:
            problems = [str(p) for p in error.problems] + [error.summary()]
        except GeneratorError as error:
            problems = [f"error: {error}"]
        with self._lock:
            if not problems:
                self.last_result = result
            self.problems = problems
            self.version += 1
            self.last_build_seconds = time.perf_counter() - started
            self._changed.notify_all()
        # A save that kept the site's model (patched, see reuse.py) leaves at most the
        # entries it replaced: collected once the editor pauses, not between saves, as
        # collecting walks the whole preview (0.7 s at 20,000 documents) and a save made
        # meanwhile would wait for it. A model replaced is collected at the next idle moment.
        kept = model is not None and self._model() is model
        self._tidy_soon(_TIDY_PAUSE if kept else 0.0)
        status = "ok" if not problems else f"{len(problems) - 1} problem(s)"
        print(f"rebuilt in {self.last_build_seconds:.2f} s: {status}", flush=True)
        for line in problems:
            print(line, flush=True)

    def _tidy_soon(self, after: float) -> None:
        """Collect once `after` seconds have passed; a collection already due stays due,
        one still waiting for a pause waits from now."""
        now = time.monotonic()
        if self._tidy_at is None or self._tidy_at > now:
            self._tidy_at = now + after

    def _model(self) -> object | None:
        """The site model the last build planned or took up, None after a failed one."""
        plan = self._warm.plan
        return plan.planned.site if plan is not None else None

    def _watch(self) -> None:
        from watchfiles import watch

        paths = [p for p in (self.site_dir / "content", self.site_dir / "theme") if p.exists()]
        # yield_on_timeout: the first (empty) yield says the watcher is live, so start()
        # can return only once no save can slip past it.
        warmed = False
        for changes in watch(*paths, debounce=30, step=20, stop_event=self._stop,
                             raise_interrupt=False, yield_on_timeout=True, rust_timeout=200):
            self._ready.set()
            if changes:
                self.rebuild()
            elif not warmed and not self._warm.documents:
                # Idle, and the first build had nothing to do: read the site now, not at the
                # first save (saves made meanwhile wait in the watcher).
                warm_up(self._options(), self._warm)
                self._tidy_soon(0.0)
            elif self._tidy_at is not None and time.monotonic() >= self._tidy_at:
                self._tidy()
            warmed = True

    def _tidy(self) -> None:
        """Collect what the last build left, once idle (never while tabs wait for it).

        A build's site model is full of cycles (a campaign lists its announcements, each
        names its campaigns), so only the cycle collector frees it, and a preview holding
        10,000 documents rarely runs a full collection by itself: unhelped, it grew by
        10 MB a save. The survivors (the documents kept for the next build) are then
        frozen, so that collections until the next build do not walk them again."""
        self._tidy_at = None
        gc.collect()
        gc.freeze()

    def wait_for_change(self, seen: str | None, timeout: float = _LONG_POLL_SECONDS) -> int:
        """The version, once it differs from `seen` (at once if `seen` is None) or at the
        timeout: a tab's request waits here instead of asking again and again."""
        with self._changed:
            self._changed.wait_for(lambda: seen is None or str(self.version) != seen
                                   or self._stop.is_set(), timeout)
            return self.version

    # --- serving ------------------------------------------------------------

    def page_extras(self) -> bytes:
        """The reload script, and the problems overlay while the build is broken."""
        with self._lock:
            problems = list(self.problems)
        overlay = ""
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            overlay = ('<div id="thidua-problems" role="alert" style="position:fixed;inset:auto 0 0 0;'
                       "max-height:50vh;overflow:auto;z-index:1000;background:#fff3f3;color:#7f0000;"
                       'border-top:4px solid #b71c1c;padding:1rem 1.5rem;font:14px/1.5 monospace">'
                       "<strong>Bản dựng lỗi — trang đang hiển thị bản tốt gần nhất.</strong>"
                       f"<ul>{items}</ul></div>")
        return (overlay + _CLIENT).encode("utf-8")

    def start(self) -> None:
        handler = functools.partial(_Handler, preview=self)
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.port = self._httpd.server_address[1]  # port 0: the one the system chose
        self.output_dir = self._output_for(self.port)
        self.rebuild()
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        self._ready.wait(timeout=10)

    def stop(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, preview: PreviewServer, **kwargs):
        self.preview = preview
        super().__init__(*args, directory=str(preview.output_dir), **kwargs)

    def log_message(self, *args) -> None:  # the terminal shows rebuilds, not every request
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == _VERSION_PATH:
            seen = parse_qs(url.query).get("after", [None])[0]
            return self._send(200, "text/plain", str(self.preview.wait_for_change(seen)).encode())
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" or not target.exists():
            if not target.is_file():
                missing = self.preview.output_dir / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"<h1>404</h1></body>"
                return self._send(404, "text/html; charset=utf-8", self._inject(body))
            return self._send(200, "text/html; charset=utf-8", self._inject(target.read_bytes()))
        return super().do_GET()

    def _inject(self, body: bytes) -> bytes:
        extras = self.preview.page_extras()
        return body.replace(b"</body>", extras + b"</body>", 1) if b"</body>" in body else body + extras

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded mid-answer: nobody is left to tell
