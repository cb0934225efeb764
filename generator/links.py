"""Link checking at build time: links in Markdown that lead nowhere.

Links are read from the Markdown source (so each problem names the line the
editor wrote), resolved the way the renderer resolves them, and looked up in
what the build is about to publish: pages, feeds, media, and the ids of
headings for `#anchors`. Broken links are warnings; `--strict` makes them
errors. A page's result is kept in the cache and reused while its body, the set
of published paths and the pages its anchors point into are unchanged.
"""

from __future__ import annotations

import pickle
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from .cache import digest_of
from .markup import WrittenLinks, resolve_link, written_links
from .pages import PagePlan
from .problems import Problem, Severity, did_you_mean
from .urls import output_path_of

__all__ = ["LinkCheck", "check_links"]

_ID = re.compile(r'\sid="([^"]+)"')


@dataclass
class LinkCheck:
    problems: list[Problem] = field(default_factory=list)
    remember: list[tuple[str, str, tuple]] = field(default_factory=list)
    """(output_path, key, (problems, anchored targets)) of pages checked now, for the cache."""
    checked: int = 0


def check_links(pages: list[PagePlan], links: dict[str, str], published: set[str],
                read: Callable[[str], bytes], body_keys: dict[str, str],
                previous: dict[str, tuple[str, bytes | None]],
                changed: set[str], severity: Severity = Severity.WARNING,
                found: dict[str, WrittenLinks] | None = None) -> LinkCheck:
    """Problems for every Markdown link of `pages` that `published` (every output path)
    cannot satisfy; `links` are the site's `render.content_links`, `read` gives a
    published file's bytes, for its anchors.

    `previous` holds the last build's results by output path; one is reused when the
    page's body and the published paths are the same and none of the pages its anchors
    point into is in `changed`. `found` holds the links of pages whose Markdown was read
    already (by the render workers), by output path; the others' Markdown is read here.
    """
    paths_digest = digest_of(*sorted(published))
    ids: dict[str, set[str]] = {}
    result = LinkCheck()
    for page in pages:
        if page.markdown is None or not page.source_path:
            continue
        # Joined, not hashed again: 20,000 hashes cost an edit's build 40 ms.
        key = f"{body_keys[page.output_path]} {paths_digest}"
        remembered = _remembered(previous.get(page.output_path), key, changed)
        if remembered is None:
            written = found.get(page.output_path) if found else None
            if written is None:
                written = written_links(page.body(), page.body_line)
            checked = _check_page(page, written, links, published, read, ids)
            result.remember.append((page.output_path, key, checked))
            result.checked += 1
        else:
            checked = remembered
        result.problems += [Problem(*fields, severity=severity) for fields in checked[0]]
    return result


def _remembered(stored: tuple[str, bytes | None] | None, key: str, changed: set[str]) -> tuple | None:
    if stored is None or stored[0] != key:
        return None
    if stored[1] is None:  # nothing broken, no anchors
        return [], []
    try:
        problems, anchored = pickle.loads(stored[1])
    except Exception:  # an unreadable row: check the page again
        return None
    return None if changed.intersection(anchored) else (problems, anchored)


def _check_page(page: PagePlan, found: WrittenLinks, links: dict[str, str], published: set[str],
                read: Callable[[str], bytes], ids: dict[str, set[str]]) -> tuple[list, list]:
    """(problem fields, output paths whose anchors were looked at) of one page, whose
    Markdown holds the links `found`."""
    problems = []
    anchored = set()
    base = posixpath.dirname(page.source_path.split("/", 1)[1])
    for line, written in found:
        resolved = resolve_link(written, base, links)
        parts = urlsplit(resolved)
        if parts.scheme or parts.netloc:
            continue
        target_url = _joined(page.url, parts.path)
        output_path = output_path_of(unquote(target_url))
        if output_path not in published:
            problems.append((page.source_path, line, f"link to '{written}' leads nowhere: "
                             f"the site has no {target_url}", "", "broken-link"))
        elif parts.fragment and output_path.endswith(".html"):
            anchored.add(output_path)
            if output_path not in ids:
                ids[output_path] = set(_ID.findall(read(output_path).decode("utf-8")))
            known = ids[output_path]
            if parts.fragment not in known:
                problems.append((page.source_path, line, f"link to '{written}': {target_url} has "
                                 f"no heading or anchor '#{parts.fragment}'",
                                 did_you_mean(parts.fragment, known), "broken-anchor"))
    return problems, sorted(anchored)


def _joined(page_url: str, path: str) -> str:
    """The URL `path` leads to from the page at `page_url`, as urljoin finds it; a path from
    the site root without dot segments (a media file, most links) is that already, and
    urljoin would take 10 µs a link to find so."""
    if path.startswith("/") and "/." not in path:
        return path
    return urljoin(page_url, path) if path else page_url
