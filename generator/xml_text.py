"""Strings made safe for XML: text between tags, attribute values, CDATA sections.

Feeds, the sitemap and the OPML list are written as text around these (see
feeds.py for why). Characters XML 1.0 cannot hold at all (control characters
other than tab and line breaks) are dropped rather than failing the build.
"""

from __future__ import annotations

import re

__all__ = ["attribute", "cdata", "text"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """`value` as the text of an element."""
    # str.replace, not str.translate: this runs on every title and summary of every feed
    return (_NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\r", "&#13;"))


def attribute(value: str) -> str:
    """`value` inside a double-quoted attribute."""
    return (text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def cdata(value: str) -> str:
    """`value` as one or more CDATA sections (HTML kept readable in the file)."""
    return "<![CDATA[" + _NOT_XML.sub("", value).replace("]]>", "]]]]><![CDATA[>") + "]]>"
