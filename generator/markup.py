"""Markdown -> safe HTML, with Vietnamese anchors and links that resolve.

GitHub-Flavored Markdown (tables, footnotes, strikethrough, bare links) through
cmark-gfm, the C library GitHub and PyPI render Markdown with: about 0.05 ms a
page where Python-Markdown took 1.3 ms, the largest share of a cold build. What
Python-Markdown's extensions gave the theme is added to cmark's output here:
heading anchors with Vietnamese ids, the ¶ links and the table of contents, and
footnotes in the markup Material styles. Raw HTML is cleaned with nh3 unless
the site trusts its editors. Relative links to media and to other content files
are rewritten to site-root URLs (`/media/x.jpg`); each output then makes them
page-relative (HTML) or absolute (feeds).
"""

from __future__ import annotations

import html as _html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from .ids import markdown_slugify

__all__ = ["Rendered", "TocItem", "WrittenLinks", "absolutize", "first_paragraph", "plain_text",
           "plain_words", "relativize", "render_markdown", "resolve_link", "strip_headerlinks", "written_links"]

_EXTENSIONS = ["table", "strikethrough", "autolink"]
# Raw HTML is kept by cmark and cleaned by nh3 below (cmark's safe mode would drop
# every tag, even the harmless ones editors use, such as <figure> or <mark>).
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_PERMALINK_TITLE = "Liên kết đến mục này"
_BACKREF_TITLE = "Quay lại chỗ dẫn chú thích"

_ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"figure", "figcaption", "details", "summary", "mark",
                                     "section", "span", "div", "sup", "sub"}) - {"iframe"}
_ALLOWED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in _ALLOWED_TAGS:
    _ALLOWED_ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "title", "lang"})
_ALLOWED_ATTRIBUTES["a"].update({"href", "rel"})
_ALLOWED_ATTRIBUTES["img"].update({"src", "alt", "width", "height", "loading"})
_ALLOWED_ATTRIBUTES["td"].update({"align"})
_ALLOWED_ATTRIBUTES["th"].update({"align"})
# Built once: nh3.clean() converts the tag and attribute sets on every call.
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CLEANER = nh3.Cleaner(tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                       url_schemes=set(_URL_SCHEMES), link_rel=None)


@dataclass(frozen=True)
class TocItem:
    """One heading, shaped like MkDocs' AnchorLink for Material's toc partial."""

    title: str
    id: str
    level: int
    children: list[TocItem] = field(default_factory=list)

    typeset = None
    """Material asks every heading for it (a plain attribute: no AttributeError a heading)."""

    @property
    def url(self) -> str:
        return f"#{self.id}"


@dataclass(frozen=True)
class Rendered:
    html: str
    """Sanitized HTML with site-root URLs."""
    toc: list[TocItem]


def render_markdown(text: str, source_path: str = "", links: dict[str, str] | None = None,
                    allow_raw_html: bool = False) -> Rendered:
    """Render `text` (from `source_path`, relative to content/) to safe HTML.

    `links` maps content paths (`announcements/2024/x.md`) to page URLs so editors can
    link files the way their editor previews them.
    """
    raw = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=_EXTENSIONS)
    raw = raw.rstrip("\n")
    raw, toc = _anchor_headings(raw)
    if "data-footnote" in raw:
        raw = _material_footnotes(raw)
    schemes = None  # the URL schemes left to check here: none where nh3 checked or trusted
    if allow_raw_html:  # trusted HTML as written, but for cmark's XHTML `<img ... />`
        html = _XHTML_VOID.sub(r"<\1\2>", raw)
    elif _needs_cleaner(text):
        html = _CLEANER.clean(raw)
    else:
        html, schemes = _as_nh3_writes(raw), _URL_SCHEMES
    base = posixpath.dirname(source_path.split("/", 1)[1]) if "/" in source_path else ""
    links = links or {}
    return Rendered(_rewrite_all(html, lambda value: _rewrite_url(value, base, links),
                                 allowed_schemes=schemes), toc)


def _needs_cleaner(text: str) -> bool:
    """Could cmark make HTML of `text` that nh3 would change beyond what `_as_nh3_writes`
    and the scheme check of `_rewrite_all` do? Markdown without "<" makes no tag of its
    own, and most announcements are such (nh3 is most of rendering a body); footnotes
    carry attributes nh3 drops."""
    return "<" in text or "[^" in text


def _as_nh3_writes(html: str) -> str:
    """cmark's HTML written as nh3 writes it: void elements without `/>`, no-break spaces
    as `&nbsp;`, and quotes plain in text (the same page to the byte either way)."""
    html = _XHTML_VOID.sub(r"<\1\2>", html).replace("\xa0", "&nbsp;")
    if "&quot;" in html:
        html = _TEXT.sub(lambda m: m.group(0).replace("&quot;", '"'), html)
    return html


_TEXT = re.compile(r">[^<]+<")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_XHTML_VOID = re.compile(r"<(img|br|hr)(\s[^>]*?)??\s*/>")  # cmark escapes > in attributes
_NUMBERED_ID = re.compile(r"^(.*)_([0-9]+)$")


def _anchor_headings(html: str) -> tuple[str, list[TocItem]]:
    """Give each heading an id from its Vietnamese text and a ¶ link; nest them into a toc.

    Ids repeat Python-Markdown's toc extension (`thi-dua`, then `thi-dua_1`), so
    anchors readers have shared stay valid.
    """
    used: set[str] = set()
    toc: list[TocItem] = []
    open_items: list[TocItem] = []  # the last item at each depth still open

    def anchor(match: re.Match) -> str:
        level, inner = int(match.group(1)), match.group(2)
        title = plain_text(inner)
        anchor_id = _unique(markdown_slugify(title, "-"), used)
        item = TocItem(title, anchor_id, level)
        while open_items and open_items[-1].level >= level:
            open_items.pop()
        (open_items[-1].children if open_items else toc).append(item)
        open_items.append(item)
        return (f'<h{level} id="{anchor_id}">{inner}<a class="headerlink" href="#{anchor_id}" '
                f'title="{_PERMALINK_TITLE}">¶</a></h{level}>')

    return _HEADING.sub(anchor, html), toc


def _unique(anchor_id: str, used: set[str]) -> str:
    while anchor_id in used:
        numbered = _NUMBERED_ID.match(anchor_id)
        anchor_id = (f"{numbered.group(1)}_{int(numbered.group(2)) + 1}" if numbered
                     else f"{anchor_id}_1")
    used.add(anchor_id)
    return anchor_id


_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref"><a href="#fn-([^"]*)" id="fnref-([^"]*)" '
                           r'data-footnote-ref>')
_FOOTNOTE_BACKREF = re.compile(r'<a href="#fnref-([^"]*)" class="footnote-backref"[^>]*>')
_FOOTNOTE_ITEM = re.compile(r'<li id="fn-([^"]*)">')


def _material_footnotes(html: str) -> str:
    """cmark's footnote markup -> the markup Material's stylesheet is written for."""
    html = _FOOTNOTE_REF.sub(r'<sup id="fnref:\2"><a class="footnote-ref" href="#fn:\1">', html)
    html = _FOOTNOTE_BACKREF.sub(
        rf'<a class="footnote-backref" href="#fnref:\1" title="{_BACKREF_TITLE}">', html)
    html = _FOOTNOTE_ITEM.sub(r'<li id="fn:\1">', html)
    # cmark puts the notes last: only that section closes as a div, not an editor's own
    body, _, notes = html.rpartition('<section class="footnotes" data-footnotes>')
    notes, _, after = notes.rpartition("</section>")
    return f'{body}<div class="footnote">\n<hr>{notes}</div>{after}'


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


def _rewrite_all(html: str, rewrite, allowed_schemes: frozenset[str] | None = None) -> str:
    """Every href and src through `rewrite`; with `allowed_schemes`, an attribute whose URL
    has another scheme is dropped, as nh3 drops it."""
    def one(match: re.Match) -> str:
        value = _html.unescape(match.group(2))
        if allowed_schemes is not None and (scheme := _SCHEME.match(value)) \
                and scheme.group(1).lower() not in allowed_schemes:
            return ""
        return match.group(1) + _html.escape(rewrite(value)) + match.group(3)
    return _URL_ATTRIBUTE.sub(one, html)


_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):")  # as urlsplit finds a scheme



def relativize(html: str, page_url: str) -> str:
    """Site-root URLs (`/media/x.jpg`) -> relative to `page_url`, so the site works anywhere."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return _rebase(html, "../" * depth)


def absolutize(html: str, base_url: str) -> str:
    """Site-root URLs -> absolute, for feeds (feed readers have no page to resolve against)."""
    return _rebase(html, base_url.rstrip("/") + "/")


def _rebase(html: str, prefix: str) -> str:
    """Every `href="/x"` and `src="/x"` (not `//host`) -> `prefix` + `x` (`./` for the root
    seen from the root).

    Split on `="/` rather than matched with a regular expression: a page has tens of
    kilobytes and dozens of links, and a pattern that must start at every space is 4×
    slower, a fifth of rendering a page.
    """
    parts = html.split('="/')
    out = [parts[0]]
    for before, after in zip(parts, parts[1:]):
        attribute = before[-5:] if before.endswith("href") else before[-4:] if before.endswith("src") else ""
        if attribute[:1].isspace() and not after.startswith("/"):
            out.append('="' + (prefix or ("./" if after.startswith('"') else "")) + after)
        else:
            out.append('="/' + after)
    return "".join(out)


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>')


def strip_headerlinks(html: str) -> str:
    """Drop the ¶ anchors beside headings (noise in feeds and search)."""
    return _HEADERLINK.sub("", html)


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def plain_text(html: str) -> str:
    """Text of `html`, tags dropped and whitespace folded (search index, summaries)."""
    return " ".join(plain_words(html))


def plain_words(html: str) -> list[str]:
    """The words of `plain_text(html)`."""
    return _html.unescape(_TAG.sub(" ", html)).split()


def first_paragraph(html: str) -> str:
    """The first paragraph's text: the default summary of an announcement."""
    for match in _PARAGRAPH.finditer(html):
        text = plain_text(match.group(1))
        if text:
            return text
    return ""


WrittenLinks = list[tuple[int, str]]
"""(line, target as written) of each link in a Markdown text."""

_INLINE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LINK_PATTERNS = ((_INLINE, "]("), (_REFERENCE, "]:"), (_HTML, "="))
"""Each pattern with text it cannot match without: most lines of prose hold none."""


def written_links(markdown: str, first_line: int) -> WrittenLinks:
    """The links of `markdown` (which starts at line `first_line` of its file) as written,
    outside code: what the link check resolves and looks up (links.py)."""
    found = []
    fenced = False
    for offset, text in enumerate(markdown.split("\n")):
        if ("`" in text or "~" in text) and _FENCE.match(text):
            fenced = not fenced
            continue
        if fenced or text.startswith(("    ", "\t")):
            continue
        for pattern, needed in _LINK_PATTERNS:
            if needed in text:
                found.extend((first_line + offset, match.group(1)) for match in pattern.finditer(text))
    return found
