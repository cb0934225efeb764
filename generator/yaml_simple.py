"""The YAML most files hold, parsed line by line: a quicker road to what
`yaml_positions.parse_yaml` makes of it.

A front matter is mostly `key: text` lines and lists of ids; composing it with
PyYAML (C events, then a Python call per node) is half of what reading 10,000
announcements costs. The lines here take a small part of YAML: keys of letters,
digits and underscores at the margin, each with a one-line quoted value, a plain
value (its lines folded), a block value (`|`, `>-`...), nothing, a list of
one-line values (a block list, or `[a, b]` on one line), or a mapping of those on
one line (`{name: ..., url: "..."}`). Plain values are typed by PyYAML's own resolver and
constructors (dates, numbers, booleans), so they come out the same. Anything else
(comments, nested collections, anchors, block scalars, escapes, tabs, duplicate
keys, blank lines inside a value, characters YAML refuses) makes `parse_simple`
return None, and the full parser takes the text, problems and all.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["parse_simple"]

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,100}")
_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Characters outside YAML's printable set, and those the lines here do not split on
as YAML does (tabs, carriage returns, the other line breaks) or that YAML reads as a
byte order mark: the full parser takes those. (Named, not as the complement of what
is allowed: that class takes 0.009 s to compile, in every process that reads YAML.)"""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""A plain value cannot start with these: they begin other YAML."""
_BLOCKS = frozenset({"|", "|-", ">", ">-"})
"""Block values read here: literal or folded, clipped or stripped, indented as found."""
_FLOW_SIGNS = frozenset("[]{}:#'\"")
"""Signs that end or change a plain item of a flow list (`[a, b]`)."""
_FLOW_ENTRY = re.compile(
    r""" *([A-Za-z_][A-Za-z0-9_]{0,100}): +("[^"\\]*"|'(?:[^']|'')*'"""
    r"""|[^ ,\[\]{}:#'"!&*|>%@`?-][^,\[\]{}:#'"]*?) *(,|$)""")
"""One `key: value` of a mapping in braces, and the comma after it."""
_STR = "tag:yaml.org,2002:str"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
"""First character -> [(tag, pattern)]: how PyYAML types a plain value (its resolver
with none of the path resolvers, which the safe loader has none of)."""
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_KNOWN: dict[str, Any] = {}
"""One-line plain values met before (ids, tags, keys, dates) -> what they are: strings,
numbers, dates, booleans, all immutable, so one value may stand in many documents."""
_KNOWN_MAX = 100_000


class _NotSimple(Exception):
    pass


def parse_simple(text: str) -> tuple[dict[str, Any], dict[tuple, int]] | None:
    """(data, line of every key and item) of `text`, if it is simple YAML (see above);
    None to leave it to the full parser."""
    if _REFUSED.search(text):
        return None
    try:
        return _parse(text.split("\n"))
    except _NotSimple:
        return None


def _parse(lines: list[str]) -> tuple[dict[str, Any], dict[tuple, int]]:
    data: dict[str, Any] = {}
    positions: dict[tuple, int] = {}
    key = ""
    segments: list[str] | None = None  # the lines of `key`'s value; None while a list
    items: list[Any] = []
    indent = -1  # of the list's items
    blank = False  # the line before was blank
    for number, line in enumerate(lines, 1):
        if segments and segments[0] in _BLOCKS and (not line or line[0] == " " or line.isspace()):
            segments.append(line)  # a line of a block value (`|` or `>`), kept as it is
            continue
        if not line or line.isspace():
            blank = True
            continue
        if line[0] == " " or line[0] == "-":
            text = line.strip(" ")
            if text[0] == "-" and (len(text) == 1 or text[1] == " "):  # an item
                if segments is not None or not key or text == "-":
                    raise _NotSimple
                if indent != len(line) - len(line.lstrip(" ")):
                    if items:
                        raise _NotSimple
                    indent = len(line) - len(line.lstrip(" "))
                positions[(key, len(items))] = number
                items.append(_plain(text[1:].lstrip(" ")))
            elif segments is None or blank or line[0] == "-":
                raise _NotSimple  # an indented value, or one going on past a blank line
            else:
                segments.append(text)  # a plain value folded over lines
        else:
            if key:
                _settle(data, key, segments, items, positions)
            key, segments = _key_line(line, data)
            items, indent = [], -1
            if not positions:
                positions[()] = number
            positions[(key,)] = number
        blank = False
    if not key:
        raise _NotSimple  # nothing, or only blank lines
    _settle(data, key, segments, items, positions, last=True)
    return data, positions


def _key_line(line: str, data: dict[str, Any]) -> tuple[str, list[str] | None]:
    """The key of a `key: value` line and the value's first line (None if none)."""
    colon = line.find(":")
    key, rest = line[:colon], line[colon + 1:]
    if colon < 1 or (rest and rest[0] != " ") or key in data or _plain(key) != key \
            or _KEY.fullmatch(key) is None:
        raise _NotSimple
    value = rest.strip(" ")
    return key, [value] if value else None


def _settle(data: dict[str, Any], key: str, segments: list[str] | None, items: list[Any],
            positions: dict[tuple, int], last: bool = False) -> None:
    """Put the value read for `key` (the `last` in the text) in `data`."""
    if segments is None:
        data[key] = items or None
        return
    first = segments[0]
    if first in _BLOCKS:
        # Clipping keeps the line break after the last line: there is none at the text's end.
        data[key] = _block(first, segments[1:], ended=not (last and segments[-1].strip(" ")))
    elif len(segments) == 1:
        if first[0] == "[" and first[-1] == "]":
            data[key] = _flow_list(first[1:-1])
            positions.update(((key, item), positions[(key,)]) for item in range(len(data[key])))
        elif first[0] == "{" and first[-1] == "}":
            data[key] = _flow_mapping(first[1:-1])
            positions.update(((key, name), positions[(key,)]) for name in data[key])
        else:
            data[key] = _plain(first)
    else:
        for segment in segments:
            _check_plain(segment)
        data[key] = _typed(" ".join(segments))


def _block(style: str, lines: list[str], ended: bool) -> str:
    """A literal (`|`) or folded (`>`) value, clipped (the line break after its last line
    kept, if `ended` by one) or with `-` stripped (none), if its lines are indented alike
    (a folded value's none more)."""
    if not lines or lines[0].isspace() or not lines[0]:
        raise _NotSimple  # YAML finds the indentation past blank lines in ways not followed here
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    texts = []
    for line in lines:
        if not line or line.isspace():
            if len(line) > indent:
                raise _NotSimple  # spaces past the indentation: text in a literal value
            texts.append("")
            continue
        more = len(line) - len(line.lstrip(" ")) - indent
        if more < 0 or (more and style[0] == ">"):
            raise _NotSimple
        texts.append(line[indent:])
    while not texts[-1]:
        texts.pop()
    if style[0] == "|":
        value = "\n".join(texts)
    else:  # a line break between lines is a space; each blank line, a line break
        value, blanks = texts[0], 0
        for text in texts[1:]:
            if not text:
                blanks += 1
                continue
            value += "\n" * blanks if blanks else " "
            value, blanks = value + text, 0
    return value if style.endswith("-") or not ended else value + "\n"


def _flow_list(inner: str) -> list[Any]:
    """`[a, b]` (one line, plain items that need no quotes), as PyYAML makes it."""
    if not inner.strip(" "):
        return []
    items = []
    for part in inner.split(","):
        item = part.strip(" ")
        if not item or _FLOW_SIGNS.intersection(item):
            raise _NotSimple
        items.append(_plain(item))
    return items


def _flow_mapping(inner: str) -> dict[str, Any]:
    """`{name: Báo Lâm Đồng, url: "https://baolamdong.vn/"}` (one line, keys as at the
    margin, values plain or quoted), as PyYAML makes it."""
    mapping: dict[str, Any] = {}
    at, end = 0, len(inner)
    if not inner.strip(" "):
        return mapping
    while at < end:
        entry = _FLOW_ENTRY.match(inner, at)
        if entry is None:
            raise _NotSimple
        name, value = entry.group(1), entry.group(2)
        if name in mapping or _plain(name) != name:
            raise _NotSimple
        mapping[name] = _plain(value)
        at = entry.end()
        if at == end and entry.group(3):
            raise _NotSimple  # a comma after the last entry
    return mapping


def _quoted(text: str) -> str:
    quote = text[0]
    if len(text) < 2 or text[-1] != quote:
        raise _NotSimple
    inner = text[1:-1]
    if quote == "'":
        if "'" in inner.replace("''", ""):
            raise _NotSimple
        return inner.replace("''", "'")
    if '"' in inner or "\\" in inner:
        raise _NotSimple
    return inner


def _plain(text: str) -> Any:
    """A one-line plain value, as PyYAML makes it (a quoted one: read as quoted)."""
    known = _KNOWN.get(text, _NotSimple)
    if known is not _NotSimple:
        return known
    if text[0] == "'" or text[0] == '"':
        return _quoted(text)
    _check_plain(text)
    value = _typed(text)
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[text] = value
    return value


def _check_plain(text: str) -> None:
    if text[0] in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
        raise _NotSimple


def _typed(value: str) -> Any:
    """`value`, a plain value, typed as PyYAML types it: a date, a number, a boolean..."""
    for tag, pattern in _IMPLICIT.get(value[0], ()):
        if pattern.match(value):
            break
    else:
        return value
    constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
    if constructor is None:
        raise _NotSimple
    try:
        return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except Exception as error:  # a date that is none (2024-13-01): the full parser keeps the text
        raise _NotSimple from error
