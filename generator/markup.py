"""Markdown -> safe HTML, with Vietnamese anchors and links that resolve.

One configured `markdown.Markdown` per process, `reset()` between documents
(a new instance per page costs more than the rendering). Raw HTML is cleaned
with nh3 unless the site trusts its editors. Relative links to media and to
other content files are rewritten to site-root URLs (`/media/x.jpg`); each
output then makes them page-relative (HTML) or absolute (feeds).
"""

from __future__ import annotations

import html as _html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3

from .ids import markdown_slugify

__all__ = ["Rendered", "TocItem", "absolutize", "first_paragraph", "plain_text", "relativize",
           "render_markdown", "resolve_link", "strip_headerlinks"]

_EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "sane_lists", "def_list", "footnotes",
               "md_in_html"]
_EXTENSION_CONFIGS = {"toc": {"slugify": markdown_slugify, "permalink": "¶",
                              "permalink_title": "Liên kết đến mục này"}}

_ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"figure", "figcaption", "details", "summary", "mark",
                                     "section", "span", "div", "sup", "sub"}) - {"iframe"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in _ALLOWED_TAGS:
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "title", "lang"})
_ALLOWED_ATTRIBUTES["a"].update({"href", "rel"})
_ALLOWED_ATTRIBUTES["img"].update({"src", "alt", "width", "height", "loading"})
_ALLOWED_ATTRIBUTES["td"].update({"align"})
_ALLOWED_ATTRIBUTES["th"].update({"align"})

_processor: markdown.Markdown | None = None


@dataclass(frozen=True)
class TocItem:
    """One heading, shaped like MkDocs' AnchorLink for Material's toc partial."""

    title: str
    id: str
    level: int
    children: list[TocItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"#{self.id}"


@dataclass(frozen=True)
class Rendered:
    html: str
    """Sanitized HTML with site-root URLs."""
    toc: list[TocItem]


def _markdown() -> markdown.Markdown:
    global _processor
    if _processor is None:
        _processor = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS,
                                       output_format="html")
    return _processor


def render_markdown(text: str, source_path: str = "", links: dict[str, str] | None = None,
                    allow_raw_html: bool = False) -> Rendered:
    """Render `text` (from `source_path`, relative to content/) to safe HTML.

    `links` maps content paths (`announcements/2024/x.md`) to page URLs so editors can
    link files the way their editor previews them.
    """
    processor = _markdown()
    processor.reset()
    raw = processor.convert(text)
    toc = [_toc_item(token) for token in getattr(processor, "toc_tokens", [])]
    base = posixpath.dirname(source_path.split("/", 1)[1]) if "/" in source_path else ""

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return _rewrite_url(value, base, links or {})
        return value

    if allow_raw_html:
        html = _rewrite_all(raw, rewrite)
    else:
        html = nh3.clean(raw, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                         url_schemes={"http", "https", "mailto", "tel"},
                         attribute_filter=rewrite, link_rel=None)
    return Rendered(html, toc)


def resolve_link(value: str, base: str, links: dict[str, str]) -> str:
    """A link as written in Markdown at folder `base` of content/ -> the URL the site uses."""
    return _rewrite_url(value, base, links)


def _rewrite_url(value: str, base: str, links: dict[str, str]) -> str:
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith(("/", "#")) or not parts.path:
        return value
    target = posixpath.normpath(posixpath.join(base, parts.path))
    if target.startswith("../") or target == "..":
        return value  # leaves content/; the link checker reports it
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if target in links:
        return links[target] + fragment
    if target.startswith("media/"):
        return "/" + target + fragment
    return value


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def _rewrite_all(html: str, rewrite) -> str:
    return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + (rewrite("", "href", _html.unescape(m.group(2)))
                                                        or "") + m.group(3), html)


_ROOT_URL = re.compile(r'(\s(?:href|src)=")/(?!/)([^"]*)"')


def relativize(html: str, page_url: str) -> str:
    """Site-root URLs (`/media/x.jpg`) -> relative to `page_url`, so the site works anywhere."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    prefix = "../" * depth
    return _ROOT_URL.sub(lambda m: f'{m.group(1)}{prefix + m.group(2) or "./"}"', html)


def absolutize(html: str, base_url: str) -> str:
    """Site-root URLs -> absolute, for feeds (feed readers have no page to resolve against)."""
    base = base_url.rstrip("/") + "/"
    return _ROOT_URL.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', html)


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')


def strip_headerlinks(html: str) -> str:
    """Drop the ¶ anchors beside headings (noise in feeds and search)."""
    return _HEADERLINK.sub("", html)


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def plain_text(html: str) -> str:
    """Text of `html`, tags dropped and whitespace folded (search index, summaries)."""
    return " ".join(_html.unescape(_TAG.sub(" ", html)).split())


def first_paragraph(html: str) -> str:
    """The first paragraph's text: the default summary of an announcement."""
    for match in _PARAGRAPH.finditer(html):
        text = plain_text(match.group(1))
        if text:
            return text
    return ""


def _toc_item(token: dict) -> TocItem:
    return TocItem(plain_text(token["name"]), token["id"], token["level"],
                   [_toc_item(child) for child in token.get("children", [])])
