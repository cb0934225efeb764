"""The URL scheme: the address of every page kind, and where its file goes.

URLs are site-relative and start with `/` (`/dot-thi-dua/x/`); `output_path`
is the file under the output folder (`dot-thi-dua/x/index.html`). Changing a
section name here changes it everywhere.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

__all__ = ["SECTIONS", "output_path_of", "is_inside", "url_of"]

SECTIONS = {
    "campaign": "dot-thi-dua",
    "timeline": "lich-trinh",
    "bloc": "khoi-thi-dua",
    "movement": "phong-trao",
    "organization": "don-vi",
    "province": "tinh",
    "news": "tin-tuc",
    "subscribe": "theo-doi",
}


def url_of(kind: str, *parts: str | int) -> str:
    """`url_of("campaign", "x")` -> `/dot-thi-dua/x/`; `url_of("campaign")` -> the index."""
    if kind == "home":
        return "/"
    if kind == "page":
        return f"/{parts[0]}/"
    if kind == "news-page":
        return f"/{SECTIONS['news']}/" if parts[0] == 1 else f"/{SECTIONS['news']}/trang/{parts[0]}/"
    return "/" + "/".join([SECTIONS[kind], *map(str, parts)]) + "/"


def output_path_of(url: str) -> str:
    """`/a/b/` -> `a/b/index.html`; `/feed.xml` -> `feed.xml`."""
    relative = url.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


def is_inside(root: Path, output_path: str) -> bool:
    """Would `output_path` stay inside `root`? (`..`, absolute and empty paths would not.)

    A pure check: `root` is a staging folder the build just made, so it holds no links
    that a resolve() would have to follow.
    """
    pure = PurePosixPath(output_path)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts \
        and "\\" not in output_path and output_path not in (".", "")
