"""Markdown kept as the UTF-8 bytes it was stored in, until something reads it.

A build that loads 10,000 documents from its cache renders a few of them, yet
unpickling their bodies as `str` decodes all 50 MB of them (a quarter of the
load). A document stores its body as `StoredText` instead (see
`load.SourceDocument`); it travels as is into the pages, and `PagePlan.body()`
decodes it when a page is rendered or its links are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StoredText", "text_of"]


@dataclass(frozen=True)
class StoredText:
    data: bytes
    """The text, UTF-8."""

    def __contains__(self, part: str) -> bool:
        # UTF-8 finds a text's parts in its bytes exactly where they are in the text:
        # no character's bytes start inside another character's.
        return part.encode("utf-8") in self.data


def text_of(value: str | StoredText) -> str:
    return value.data.decode("utf-8") if isinstance(value, StoredText) else value
