"""Stand-ins for a page's own values, and the slots they leave in markup many pages share.

Most of a page is the same on every page of its kind: Material's layout, header,
footer, navigation, a table of contents of the same shape. theme.py renders such
markup once, for a page whose title, neighbours, headings ... are stand-ins
(`slot(name)`), and puts each page's own values, escaped, where the slots are.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

__all__ = ["Layout", "headings", "layout_stand_in", "plain", "slot", "stand_in", "toc_key",
           "toc_shape", "toc_stand_in"]

_SLOT = "\x1athidua-{}\x1a"
_SLOTS = re.compile("(/\x1athidua-(?:previous|next)-url\x1a|#\x1athidua-skip\x1a"
                    "|\x1athidua-[a-z_-]+\x1a)")
"""A slot in a layout. Links keep the '/' or '#' that makes the `url` filter pass them."""


def slot(name: str) -> str:
    """Stands for one of a page's own values. YAML, where titles and descriptions come
    from, cannot hold \\x1a (headings can: see `plain`), and unlike \\x1c-\\x1f it is not
    a space that `striptags` would take out."""
    return _SLOT.format(name)


def stand_in(page: Any) -> Any:
    """`page` (a PageView) with stand-ins for its title and its neighbours' titles and links.

    The links start with '/', so the `url` filter passes them through untouched.
    """
    def neighbour(item: Any, name: str) -> Any:
        return item and dataclasses.replace(item, title=slot(f"{name}-title"),
                                            url="/" + slot(f"{name}-url"))
    return dataclasses.replace(page, title=slot("title"),
                               meta=type(page.meta)(hide=page.meta.get("hide", [])),
                               previous_page=neighbour(page.previous_page, "previous"),
                               next_page=neighbour(page.next_page, "next"))


@dataclass(frozen=True)
class _SkipTarget:
    """Stands for a page's first heading, which Material's skip link points to."""

    url: str = "#" + slot("skip")  # '#': the `url` filter passes it


def layout_stand_in(page: Any) -> Any:
    """`page` with stand-ins for everything its layout shows of it (see `ThemeAdapter.render`)."""
    page_stand_in = stand_in(page)
    if "description" in page.meta:
        page_stand_in.meta["description"] = slot("description")
    return dataclasses.replace(page_stand_in, canonical_url=slot("canonical"),
                               toc=[_SkipTarget()] if page.toc else [], content=Markup(""))


def plain(title: str) -> bool:
    """Does Material's `striptags` leave `title` as it is (no tags, entities or runs of
    spaces), and can it hold no slot? A layout shows the same title in `<title>`
    (stripped) and the header (not), a table of contents in a link and a label."""
    return bool(title) and "<" not in title and "&" not in title and "\x1a" not in title \
        and " ".join(title.split()) == title


@dataclass(frozen=True)
class _HeadingStandIn:
    """Stands for a heading of a page's table of contents (the shape of `markup.TocItem`)."""

    title: str
    url: str
    level: int
    children: list
    typeset = None


def headings(toc: list) -> Iterator[Any]:
    """The headings of a table of contents, depth first."""
    for item in toc:
        yield item
        yield from headings(item.children)


def toc_shape(toc: list) -> tuple:
    """A table of contents' headings' levels, nested."""
    return tuple((item.level, toc_shape(item.children)) for item in toc)


def toc_key(toc: list) -> tuple:
    """A table of contents as a key: its headings' titles and links, nested."""
    return tuple((item.title, item.url, toc_key(item.children)) for item in toc)


def toc_stand_in(toc: list, numbers: Iterator[int]) -> list:
    """Stand-ins for `toc`'s headings, numbered depth first as `headings` goes: the
    title of the n-th is `slot("toc-n")`, its link '#' + `slot("toc-n-url")`."""
    stand_ins = []
    for item in toc:
        number = next(numbers)
        stand_ins.append(_HeadingStandIn(slot(f"toc-{number}"), "#" + slot(f"toc-{number}-url"),
                                         item.level, toc_stand_in(item.children, numbers)))
    return stand_ins


class Layout:
    """A page's layout, rendered once for every page of its shape: the text between the
    slots, and the slots, which each page's own values fill."""

    def __init__(self, html: str) -> None:
        self._pieces = _SLOTS.split(html)

    def fill(self, values: dict[str, str]) -> str:
        """The layout with `values` (slot text -> escaped value) in its slots."""
        pieces = self._pieces.copy()
        pieces[1::2] = [values[text] for text in pieces[1::2]]
        return "".join(pieces)
