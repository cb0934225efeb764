"""Link checking at build time: links in Markdown that lead nowhere.

Links are read from the Markdown source (so each problem names the line the
editor wrote), resolved the way the renderer resolves them, and looked up in
what the build is about to write: pages, feeds, media, and the ids of headings
for `#anchors`. Broken links are warnings; `--strict` makes them errors.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
import re
from collections.abc import Iterator
from urllib.parse import unquote, urljoin, urlsplit

from .markup import resolve_link
from .pages import PagePlan
from .problems import Problem, Severity, did_you_mean
from .urls import output_path_of

__all__ = ["check_links"]

_INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_ID = re.compile(r'\sid="([^"]+)"')
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def check_links(pages: list[PagePlan], files: dict[str, bytes], reused: dict[str, Path],
                other_paths: set[str], severity: Severity = Severity.WARNING) -> list[Problem]:
    """Problems for every Markdown link of `pages` that the pages (`files` rendered now,
    `reused` from the last build) and `other_paths` cannot satisfy."""
    links = {p.source_path.split("/", 1)[1]: p.url for p in pages if p.source_path.endswith(".md")}
    ids: dict[str, set[str]] = {}
    problems = []
    for page in pages:
        if page.markdown is None or not page.source_path:
            continue
        base = posixpath.dirname(page.source_path.split("/", 1)[1])
        for line, written in _iter_links(page.markdown, page.body_line):
            resolved = resolve_link(written, base, links)
            parts = urlsplit(resolved)
            if parts.scheme or parts.netloc:
                continue
            target_url = urljoin(page.url, parts.path) if parts.path else page.url
            output_path = output_path_of(unquote(target_url))
            if output_path not in files and output_path not in reused and output_path not in other_paths:
                problems.append(Problem(page.source_path, line, f"link to '{written}' leads nowhere: "
                                        f"the site has no {target_url}", code="broken-link",
                                        severity=severity))
            elif parts.fragment and output_path not in other_paths:
                if output_path not in ids:
                    data = files.get(output_path) or reused[output_path].read_bytes()
                    ids[output_path] = set(_ID.findall(data.decode("utf-8")))
                known = ids[output_path]
                if parts.fragment not in known:
                    problems.append(Problem(
                        page.source_path, line, f"link to '{written}': {target_url} has no "
                        f"heading or anchor '#{parts.fragment}'", did_you_mean(parts.fragment, known),
                        code="broken-anchor", severity=severity))
    return problems


def _iter_links(markdown: str, first_line: int) -> Iterator[tuple[int, str]]:
    fenced = False
    for offset, text in enumerate(markdown.split("\n")):
        if _FENCE.match(text):
            fenced = not fenced
            continue
        if fenced or text.startswith(("    ", "\t")):
            continue
        for pattern in (_INLINE, _REFERENCE, _HTML):
            for match in pattern.finditer(text):
                yield first_line + offset, match.group(1)
