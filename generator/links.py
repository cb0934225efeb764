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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from .cache import digest_of
from .markup import resolve_link
from .pages import PagePlan
from .problems import Problem, Severity, did_you_mean
from .render import content_links
from .urls import output_path_of

__all__ = ["LinkCheck", "check_links"]

_INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_ID = re.compile(r'\sid="([^"]+)"')
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_PATTERNS = ((_INLINE, "]("), (_REFERENCE, "]:"), (_HTML, "="))
"""Each pattern with text it cannot match without: most lines of prose hold none."""


@dataclass
class LinkCheck:
    problems: list[Problem] = field(default_factory=list)
    remember: list[tuple[str, str, tuple]] = field(default_factory=list)
    """(output_path, key, (problems, anchored targets)) of pages checked now, for the cache."""
    checked: int = 0


def check_links(pages: list[PagePlan], published: set[str], read: Callable[[str], bytes],
                body_keys: dict[str, str], previous: dict[str, tuple[str, bytes | None]],
                changed: set[str], severity: Severity = Severity.WARNING) -> LinkCheck:
    """Problems for every Markdown link of `pages` that `published` (every output path)
    cannot satisfy; `read` gives a published file's bytes, for its anchors.

    `previous` holds the last build's results by output path; one is reused when the
    page's body and the published paths are the same and none of the pages its anchors
    point into is in `changed`.
    """
    links = content_links(pages)
    paths_digest = digest_of(*sorted(published))
    ids: dict[str, set[str]] = {}
    result = LinkCheck()
    for page in pages:
        if page.markdown is None or not page.source_path:
            continue
        # Joined, not hashed again: 20,000 hashes cost an edit's build 40 ms.
        key = f"{body_keys[page.output_path]} {paths_digest}"
        found = _remembered(previous.get(page.output_path), key, changed)
        if found is None:
            found = _check_page(page, links, published, read, ids)
            result.remember.append((page.output_path, key, found))
            result.checked += 1
        result.problems += [Problem(*fields, severity=severity) for fields in found[0]]
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


def _check_page(page: PagePlan, links: dict[str, str], published: set[str],
                read: Callable[[str], bytes], ids: dict[str, set[str]]) -> tuple[list, list]:
    """(problem fields, output paths whose anchors were looked at) of one page."""
    problems = []
    anchored = set()
    base = posixpath.dirname(page.source_path.split("/", 1)[1])
    for line, written in _iter_links(page.body(), page.body_line):
        resolved = resolve_link(written, base, links)
        parts = urlsplit(resolved)
        if parts.scheme or parts.netloc:
            continue
        target_url = urljoin(page.url, parts.path) if parts.path else page.url
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


def _iter_links(markdown: str, first_line: int) -> Iterator[tuple[int, str]]:
    fenced = False
    for offset, text in enumerate(markdown.split("\n")):
        if ("`" in text or "~" in text) and _FENCE.match(text):
            fenced = not fenced
            continue
        if fenced or text.startswith(("    ", "\t")):
            continue
        for pattern, needed in _PATTERNS:
            if needed in text:
                for match in pattern.finditer(text):
                    yield first_line + offset, match.group(1)
