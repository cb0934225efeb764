"""Which template files a page template reads, hashed: a template edit re-renders only
the pages that use it.

A page's template extends, includes and imports others, found along the theme's
folders in order (the site's `theme/`, ours, Material's, MkDocs'). The files of
the first two can change at any time and are hashed by their bytes; Material's
and MkDocs' change only with their versions, which the build hashes already.

The references are read from the tags themselves (`{% extends "main.html" %}`),
not by parsing the templates with Jinja: that would cost a tenth of a second on
every build. Erring on the side of too much only costs a render, so a name
built at render time (`{% include ".icons/" ~ icon ~ ".svg" %}`) stands for
every file whose name starts and ends with its quoted parts, and a name with no
quoted start for every file of the editable folders.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["TemplateDigests"]

_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b(.*?)[-+]?%\}", re.S)
_STRING = re.compile(r"""\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*""")
_SUFFIX = re.compile(r"""[~+]\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*(?:ignore\s+missing\s*)?"""
                     r"""(?:as\s+\w+\s*)?(?:(?:with|without)\s+context\s*)?$""")

Pattern = tuple[str, str]
"""(prefix, suffix): every name that starts and ends so; ("", "") is any name at all."""


def references(source: str) -> tuple[set[str], set[Pattern]]:
    """The names a template's tags refer to, and the patterns of names built at render time."""
    names: set[str] = set()
    patterns: set[Pattern] = set()
    for match in _TAG.finditer(source):
        expression = match.group(1).strip()
        if expression[:1] in ("[", "("):  # a list of names, the first found wins
            inner = expression[1:].split("]" if expression[0] == "[" else ")")[0]
            literals = list(_STRING.finditer(inner))
            if literals and not _STRING.sub("", inner).replace(",", "").strip():
                names.update(map(_text, literals))
            else:
                patterns.add(("", ""))
            continue
        literal = _STRING.match(expression)
        rest = expression[literal.end():] if literal else ""
        if literal is None:
            patterns.add(("", ""))
        elif rest.startswith("if") and not rest[2:3].isidentifier():
            # `"a.html" if x else "b.html"`: either (any other string in the condition only
            # adds a name that is not there, costing nothing)
            names.add(_text(literal))
            names.update(_text(m) for m in _STRING.finditer(rest))
        elif rest.startswith(("~", "+")):
            suffix = _SUFFIX.search(rest)
            patterns.add((_text(literal), _text(suffix) if suffix else ""))
        else:
            names.add(_text(literal))
    return names, patterns


def _text(literal: re.Match) -> str:
    return literal.group(1) if literal.group(1) is not None else literal.group(2)


@lru_cache(maxsize=None)
def _installed_references(path: str) -> tuple[frozenset[str], frozenset[Pattern]]:
    """An installed (Material's or MkDocs') template's references: read once a process."""
    names, patterns = references(Path(path).read_text(encoding="utf-8"))
    return frozenset(names), frozenset(patterns)


@lru_cache(maxsize=None)
def _installed_templates(folder: str, prefix: str) -> tuple[str, ...]:
    """Names of the installed templates (.html) that start with `prefix`, looked for only
    in the subfolder the prefix names (Material's icons alone are 14,000 files)."""
    subfolder = prefix.rpartition("/")[0]
    return tuple(n for n in _names_under(folder, subfolder)
                 if n.startswith(prefix) and n.endswith(".html"))


def _names_under(folder: str, subfolder: str = "") -> list[str]:
    """Template names (paths relative to `folder`, with /) of every file under
    `folder/subfolder`."""
    names, start = [], len(folder) + 1
    for root, _dirs, files in os.walk(os.path.join(folder, subfolder) if subfolder else folder):
        names.extend(os.path.join(root, f)[start:].replace(os.sep, "/") for f in files)
    return sorted(names)


class TemplateDigests:
    """Hash of everything a page template reads, for one build."""

    def __init__(self, dirs: list[Path], editable: int, installed: str) -> None:
        """`dirs` in the order the theme searches them; the first `editable` are hashed by
        their files' bytes, the rest by `installed` (their packages' versions)."""
        self._dirs = [str(d) for d in dirs]
        self._installed = installed
        self._editable = self._dirs[:editable]
        self._editable_names = {d: _names_under(d) for d in self._editable if os.path.isdir(d)}
        self._digests: dict[str, str] = {}
        self._files: dict[str, tuple[str, frozenset[str], frozenset[Pattern]]] = {}

    def digest(self, template: str) -> str:
        if template not in self._digests:
            h = hashlib.blake2b(self._installed.encode(), digest_size=16)
            for part in sorted(self._reads(template)):
                h.update(part.encode("utf-8", "surrogatepass"))
                h.update(b"\0")
            self._digests[template] = h.hexdigest()
        return self._digests[template]

    def _reads(self, template: str) -> set[str]:
        """One line per file `template` reads, directly or not (see `_file`)."""
        parts: set[str] = set()
        seen_names: set[str] = set()
        seen_patterns: set[Pattern] = set()
        pending = [template]
        while pending:
            name = pending.pop()
            if name in seen_names:
                continue
            seen_names.add(name)
            part, names, patterns = self._file(name)
            parts.add(part)
            pending.extend(names)
            for pattern in patterns - seen_patterns:
                seen_patterns.add(pattern)
                pending.extend(self._names_like(*pattern))
        return parts

    def _file(self, name: str) -> tuple[str, frozenset[str], frozenset[Pattern]]:
        """The line `name` adds to a digest (its name, where it was found, its bytes' hash if
        that folder is editable) and what it refers to; looked up once for all templates."""
        if name in self._files:
            return self._files[name]
        found = self._resolve(name)
        nothing: frozenset = frozenset()
        if found is None:
            entry = (f"{name} missing", nothing, nothing)
        elif found[0] in self._editable:
            folder, path = found
            # Which folder by its place from ours (1), the site's before it (2): not by
            # path, so a checkout elsewhere with the same files has the same digests.
            place = len(self._editable) - self._editable.index(folder)
            source = Path(path).read_bytes()
            part = f"{name} {place} {hashlib.blake2b(source, digest_size=16).hexdigest()}"
            names, patterns = (references(source.decode("utf-8", "replace"))
                               if name.endswith(".html") else (nothing, nothing))
            entry = (part, frozenset(names), frozenset(patterns))
        else:
            refs = _installed_references(found[1]) if name.endswith(".html") else (nothing, nothing)
            entry = (f"{name} installed", *refs)
        self._files[name] = entry
        return entry

    def _resolve(self, name: str) -> tuple[str, str] | None:
        for folder in self._dirs:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return folder, path
        return None

    def _names_like(self, prefix: str, suffix: str) -> list[str]:
        """Every name that starts with `prefix` and ends with `suffix`: in the editable
        folders, any file; in the installed ones, only templates (.html), whose own
        references may name an editable file."""
        names = [n for listing in self._editable_names.values() for n in listing
                 if n.startswith(prefix) and n.endswith(suffix)]
        # ("", "") already covers every editable file; installed ones follow the version.
        if prefix and (suffix == "" or suffix.endswith(".html")):
            for folder in self._dirs[len(self._editable):]:
                names.extend(n for n in _installed_templates(folder, prefix) if n.endswith(suffix))
        return names
