"""Measure how long a reader waits for the first search result on a built site.

The browser downloads search/search_index.json whole and indexes it before it can
answer (Material's worker all of it at once; the site's own search-worker.js a first
chunk, then the rest), so this time can grow with the site, unlike a page's. The
clock starts once the page and its index have loaded. Serves SITE_OUTPUT (a built `site/` folder, e.g. a generated benchmark site's)
on 127.0.0.1, opens the home page in headless Chromium with an empty cache, types a
query into the search box and times from the first key until a result shows.
Prints each run and the median.

Run: python3 bench/search_ready.py SITE_OUTPUT [--runs N] [--query TEXT]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def first_result_seconds(browser, url: str, query: str) -> float:
    context = browser.new_context()  # its own cache: the index is downloaded every run
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    search = page.locator(".md-search__input")
    if search.is_visible():
        search.click()
    else:  # a narrow window: the box opens from the header's button
        page.locator("label[for=__search]").first.click()
    started = time.perf_counter()
    search.press_sequentially(query, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=300_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_output", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="thi dua")
    args = parser.parse_args()
    index = args.site_output / "search" / "search_index.json"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        _Quiet, directory=str(args.site_output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for run in range(args.runs):
            timings.append(first_result_seconds(browser, url, args.query))
            print(f"run {run + 1}: {timings[-1]:.1f} s")
        browser.close()
    server.shutdown()
    print(f"first search result, median of {args.runs}: {statistics.median(timings):.1f} s "
          f"(search index {index.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
