"""What rendering one page costs, part by part, in one process.

    python3 bench/page_costs.py SITE_DIR [--pages 2000]

Plans the site as a build does, then renders its first announcement pages one
after another, timing each part a render worker does for a page: the Markdown
body, the templates (with the links made relative), the search entry, the
body pickled for the cache and its links found, the folder and file written
(into a temporary folder). Then as many of the other pages (lists, campaigns,
blocs ...) whole. Prints milliseconds per page. Run by hand, like run.py; the
figures are one core's, without the pool, the cache or the parent's share.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import pickle
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from generator import pipeline, render  # noqa: E402 - after the path
from generator.markup import render_markdown, written_links  # noqa: E402
from generator.pages import PageKind  # noqa: E402
from generator.settings import BuildOptions  # noqa: E402
from generator.theme import theme_adapter  # noqa: E402
from run import AS_OF  # noqa: E402 - the benchmark's "today"

WARM_UP = 50
"""Pages rendered before timing: templates compiled, shared layouts and fragments made."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    options = BuildOptions(args.site_dir, as_of=dt.date.fromisoformat(AS_OF))
    gc.disable()  # as the build plans: with the collector paused
    planned = pipeline._plan(options, pipeline._Clock())
    site, plan = planned.site, planned.plan
    adapter = theme_adapter(site.settings, options.theme_dir, plan.nav, None)
    render._install_filters(adapter, site.settings.allow_raw_html)
    gc.freeze()  # as the build renders: the planned site exempt from collections
    gc.enable()
    render_body = functools.partial(_render_body, links=render.content_links(plan.pages),
                                    allow_raw=site.settings.allow_raw_html)
    items = [p for p in plan.pages if p.kind is PageKind.ANNOUNCEMENT][:args.pages + WARM_UP]
    _time_announcements(items, site, adapter, render_body)
    others = [p for p in plan.pages if p.kind is not PageKind.ANNOUNCEMENT][:args.pages]
    started = time.perf_counter()
    for page in others:
        render._render_page(page, render_body(page), site, adapter)
    print(f"other pages ({len(others)}): {(time.perf_counter() - started) / max(1, len(others)) * 1000:.2f} ms "
          "each, templates and Markdown")


def _render_body(page, links: dict[str, str], allow_raw: bool):
    body = page.body()
    return None if body is None else render_markdown(body, page.source_path, links, allow_raw)


def _time_announcements(items, site, adapter, render_body) -> None:
    """Print what each part of rendering `items` cost a page, the first WARM_UP not counted."""
    costs = dict.fromkeys(("Markdown", "templates", "search entry", "body kept", "file"), 0.0)
    with tempfile.TemporaryDirectory() as folder:
        for number, page in enumerate(items):
            marks = [time.perf_counter()]
            body = render_body(page)
            marks.append(time.perf_counter())
            html = render._render_page(page, body, site, adapter)
            marks.append(time.perf_counter())
            render.search_entry(page, html)
            marks.append(time.perf_counter())
            pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)
            written_links(page.body(), page.body_line)
            marks.append(time.perf_counter())
            target = Path(folder) / page.output_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html.encode("utf-8"))
            marks.append(time.perf_counter())
            if number >= WARM_UP:
                for part, start, end in zip(costs, marks, marks[1:]):
                    costs[part] += end - start
    timed = max(1, len(items) - WARM_UP)
    parts = ", ".join(f"{part} {seconds / timed * 1000:.2f}" for part, seconds in costs.items())
    print(f"announcement page ({timed} timed): {sum(costs.values()) / timed * 1000:.2f} ms = {parts}")


if __name__ == "__main__":
    main()
