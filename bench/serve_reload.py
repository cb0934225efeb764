"""Measure save-to-reload of `thidua serve` on the example site, in Chromium.

Copies the example site to a temporary folder, starts the preview server,
opens an announcement in headless Chromium, then repeatedly rewrites that
announcement's title and times how long until the open tab shows the new
title (file saved -> watcher -> rebuild -> the waiting version request answers ->
reload -> rendered).
Prints each run and the median. Run: python3 bench/serve_reload.py [RUNS]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.serve import PreviewServer  # noqa: E402

ARTICLE = "content/announcements/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem.md"
URL = "/tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/"


def main(runs: int) -> None:
    root = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(REPO / "content", root / "content")
    source = root / ARTICLE
    original = source.read_text(encoding="utf-8")
    preview = PreviewServer(root, port=0)
    preview.start()
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{preview.port}{URL}")
        for run in range(runs):
            title = f"Tiêu đề thử số {run}"
            page.wait_for_timeout(400)
            started = time.perf_counter()
            source.write_text(original.replace(
                "title: Đảng ủy Khối các cơ quan tỉnh phát động hưởng ứng đợt thi đua cao điểm",
                f"title: {title}", 1), encoding="utf-8")
            page.wait_for_function("t => document.querySelector('article h1').textContent === t",
                                   arg=title, timeout=10_000, polling=10)
            elapsed = time.perf_counter() - started
            timings.append(elapsed)
            print(f"run {run + 1}: {elapsed * 1000:.0f} ms (build {preview.last_build_seconds * 1000:.0f} ms)")
        browser.close()
    preview.stop()
    print(f"save-to-reload median of {runs}: {statistics.median(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
