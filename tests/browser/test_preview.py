"""The preview as an editor sees it: an open tab follows each save by itself."""

from __future__ import annotations

import datetime as dt

from generator.serve import PreviewServer
from test_build import announcement


def test_an_open_tab_reloads_on_save_and_waits_quietly_in_between(make_site, browser):
    site = make_site({"announcements/2024/a.md": announcement("Tin đầu", "2024-10-10")})
    preview = PreviewServer(site.root, port=0, as_of=dt.date(2024, 11, 15))
    preview.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if "/__thidua/version" in r.url else None)
        page.goto(f"http://127.0.0.1:{preview.port}/tin-tuc/2024/a/")
        assert page.locator("article h1").inner_text() == "Tin đầu"
        page.wait_for_timeout(1500)
        # One request asks for the version, one more waits for it to change: no polling.
        assert 1 <= len(asked) <= 2, asked
        site.write({"announcements/2024/a.md": announcement("Tin đã sửa", "2024-10-10")})
        page.wait_for_function(
            "() => document.querySelector('article h1')?.textContent.includes('Tin đã sửa')",
            timeout=20_000)
    finally:
        context.close()
        preview.stop()
