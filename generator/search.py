"""search/search_index.json in the format Material's client-side search reads."""

from __future__ import annotations

import json


__all__ = ["render_search_index"]


def render_search_index(docs: list[dict[str, str]], language: str) -> bytes:
    """Material's index: its lunr config (language pipeline) and one doc per page."""
    # The worker indexes exactly the fields named here; the boosts are Material's defaults,
    # so a campaign's title ranks its own page first.
    # Each doc's `plain` (made in render.py) holds title and text without diacritics, so a
    # reader typing "thi dua" on a keyboard without Vietnamese input finds what "thi đua" finds.
    config = {"lang": [language], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                         "tags": {"boost": 1000000.0}, "plain": {"boost": 0.5}}}
    ordered = sorted(docs, key=lambda d: d["location"])
    return json.dumps({"config": config, "docs": ordered}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
