"""Fixtures for the browser tests.

The example site is built once (as of 15/11/2024) into a temporary folder and
served over HTTP on 127.0.0.1; one Debian Chromium is driven by Playwright.
Missing paths are answered with the site's 404.html (status 404), as a real
host would.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2024, 11, 15)
VIETNAM = dt.timezone(dt.timedelta(hours=7))
AS_OF_NOON = dt.datetime(2024, 11, 15, 12, 0, tzinfo=VIETNAM)
SCREENSHOTS = REPO / "tests" / ".output" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the built site; 404.html for anything missing; no logging."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


# One URL of every page kind of the example site.
PAGE_KINDS = {
    "home": "/", "campaigns": "/dot-thi-dua/", "campaign": "/dot-thi-dua/lam-dong-cao-diem-2024-2025/",
    "timeline": "/lich-trinh/", "news": "/tin-tuc/", "year": "/tin-tuc/2024/",
    "announcement": "/tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/",
    "page": "/gioi-thieu/", "blocs": "/khoi-thi-dua/",
    "bloc": "/khoi-thi-dua/khoi-thi-dua-cac-co-quan-dang-tinh-lam-dong/",
    "organizations": "/don-vi/", "organization": "/don-vi/van-phong-tinh-uy-lam-dong/",
    "movements": "/phong-trao/", "movement": "/phong-trao/hoc-tap-va-lam-theo-hcm/",
    "provinces": "/tinh/", "province": "/tinh/hau-giang/", "subscribe": "/theo-doi/",
    "not-found": "/404.html",
}


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The example site (content/ of the repository), built as of 15/11/2024."""
    output = tmp_path_factory.mktemp("browser-site") / "site"
    build(BuildOptions(site_dir=REPO, output_dir=output, as_of=AS_OF))
    return output


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:<port> serving the built site in `folder`, as a host would."""
    handler = functools.partial(_SiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    """http://127.0.0.1:<port> serving the built example site."""
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, base_url):
    """`new_page(viewport=DESKTOP, clock=AS_OF_NOON, timezone_id=...)`: a page in a
    fresh context, watched (see `Watch`). `clock=None` leaves the real clock."""
    contexts = []

    def make(viewport=DESKTOP, clock: dt.datetime | None = AS_OF_NOON,
             timezone_id: str = "Asia/Ho_Chi_Minh", color_scheme: str = "light"):
        context = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN",
                                      timezone_id=timezone_id, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        if clock is not None:
            page.clock.set_fixed_time(clock)
        page.watch = Watch.attach(page)
        return page

    yield make
    for context in contexts:
        context.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, requests, failures."""

    console_errors: list[tuple[str, str]] = field(default_factory=list)
    """(text, url of the resource or script it is about)"""
    page_errors: list[str] = field(default_factory=list)
    """Uncaught exceptions, with their stack (web workers' too)."""
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def attach(cls, page) -> "Watch":
        watch = cls()
        page.on("console", lambda msg: watch.console_errors.append(
            (msg.text, msg.location.get("url", ""))) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: watch.page_errors.append(exc.stack or str(exc)))
        page.on("request", lambda request: watch.requests.append(request.url))
        page.on("requestfailed", lambda request: watch.failed.append(
            f"{request.url} ({request.failure})"))
        page.on("response", lambda response: watch.bad_status.append(
            (response.status, response.url)) if response.status >= 400 else None)
        return watch

    def foreign_hosts(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname != "127.0.0.1"]
