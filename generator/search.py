"""search/search_index.json in the format Material's client-side search reads."""

from __future__ import annotations

import json


__all__ = ["render_search_index"]


def render_search_index(entries: list[bytes], language: str) -> list[bytes]:
    """Material's index: its lunr config (language pipeline) and one doc per page.

    `entries` are the pages' docs as JSON (made per page in render.py and kept in the
    cache, so an edit does not re-read every page), in the order the index lists them.
    The index comes back in pieces, to be written one after another: joined, it would
    be copied twice more (75 MB at 10,000 announcements).
    """
    # The worker indexes exactly the fields named here; the boosts are Material's defaults,
    # so a campaign's title ranks its own page first.
    # Each doc's `plain` holds title and text without diacritics, so a reader typing
    # "thi dua" on a keyboard without Vietnamese input finds what "thi đua" finds.
    config = {"lang": [language], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                         "tags": {"boost": 1000000.0}, "plain": {"boost": 0.5}}}
    head = json.dumps({"config": config}, ensure_ascii=False, separators=(",", ":"))
    pieces = [head[:-1].encode("utf-8") + b',"docs":[']
    for entry in entries:
        pieces += (entry, b",")
    pieces[-1] = b"]}" if entries else pieces[-1] + b"]}"
    return pieces
