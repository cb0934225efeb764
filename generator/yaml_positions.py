"""YAML text -> plain data plus the line of every key and item.

PyYAML's loaders forget where a value came from and silently keep the last of
two duplicate keys. We compose the node tree with the C loader instead, build
plain data ourselves, and record `loc -> line` so that any later stage can say
`path:line`. Duplicate keys are errors, and aliases are counted so that an
"alias bomb" fails fast instead of eating memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .yaml_simple import parse_simple

__all__ = ["Positions", "YamlProblem", "parse_full", "parse_yaml"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_NODES = 200_000  # far above any real content file; an alias bomb passes it quickly
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str


@dataclass
class Positions:
    """Line of every key and item, by its loc (`("phases", 1, "end")`)."""

    lines: dict[Loc, int] = field(default_factory=dict)
    offset: int = 0
    """Added to every line: the front matter's distance from the file's top."""
    text: str | bytes | None = field(default=None, compare=False)
    """The YAML the lines were found in (its UTF-8 bytes, once pickled). Pickled (a
    document on its way from a worker, or into the cache), the positions hold it in
    place of `lines`, found again from it only if asked: a line is wanted for a problem,
    and most documents have none (unpickling the lines of 10,000 front matters took 0.2
    s, their bytes take a fraction of that)."""

    def __getstate__(self) -> dict[str, Any]:
        if self.text is None:
            return self.__dict__
        text = self.text.encode("utf-8") if isinstance(self.text, str) else self.text
        return {"offset": self.offset, "text": text}

    def __getattr__(self, name: str) -> Any:
        if name != "lines":  # only `lines` is ever missing: left out by __getstate__
            raise AttributeError(name)
        text = self.text.decode("utf-8") if isinstance(self.text, bytes) else self.text
        self.lines = parse_yaml(text)[1].lines if text is not None else {}
        return self.lines

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest recorded parent (a missing key's mapping)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc] + self.offset
            loc = loc[:-1]
        return self.lines.get((), 1) + self.offset


class _TooBig(Exception):
    pass


class _Builder:
    def __init__(self, constructor: yaml.constructor.SafeConstructor):
        self.constructor = constructor
        self.positions = Positions()
        self.problems: list[YamlProblem] = []
        self.count = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooBig
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                self.positions.lines.setdefault(loc + (index,), item.start_mark.line + 1)
                result.append(self.build(item, loc + (index,)))
            return result
        try:
            return self._construct(node)
        except (ValueError, OverflowError):
            # Looks like a date, is none (2024-13-01): keep the text, so the field's own
            # check says what is wrong with it, where, instead of the build crashing.
            return node.value

    def _construct(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value  # most values and keys: what the constructor returns, sooner
        return self.constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.build(value_node, loc)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            result.setdefault(k, v)
                continue
            key = self._construct(key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.problems.append(YamlProblem(key_node.start_mark.line + 1,
                                                 "a key must be plain text"))
                continue
            key = str(key) if not isinstance(key, str) else key
            line = key_node.start_mark.line + 1
            if key in result:
                first = self.positions.lines.get(loc + (key,), line)
                self.problems.append(YamlProblem(
                    line, f"duplicate key '{key}' (first given on line {first}); "
                          "YAML keeps only one of them, so remove or rename the other"))
                continue
            self.positions.lines[loc + (key,)] = line
            result[key] = self.build(value_node, loc + (key,))
        return result


def parse_yaml(text: str) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; problems come back instead of exceptions."""
    simple = parse_simple(text)
    if simple is not None:  # most front matters: a quicker road to the same (yaml_simple.py)
        return simple[0], Positions(simple[1], text=text), []
    data, positions, problems = parse_full(text)
    positions.text = text
    return data, positions, problems


def parse_full(text: str) -> tuple[Any, Positions, list[YamlProblem]]:
    """`parse_yaml` by PyYAML's composer, whatever the text holds."""
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            return None, Positions(), [_syntax_problem(error, text)]
        except yaml.YAMLError as error:
            return None, Positions(), [YamlProblem(1, f"YAML syntax error: {error}")]
        if root is None:
            return None, Positions(), []
        builder = _Builder(yaml.constructor.SafeConstructor())
        builder.positions.lines[()] = root.start_mark.line + 1
        try:
            data = builder.build(root, ())
        except _TooBig:
            return None, Positions(), [YamlProblem(
                root.start_mark.line + 1,
                f"the YAML expands to more than {_MAX_NODES:,} values (aliases repeated "
                "inside aliases?); write the data out instead of nesting aliases")]
        except yaml.constructor.ConstructorError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            return None, Positions(), [YamlProblem(line, f"YAML value error: {error.problem}")]
        except RecursionError:
            return None, Positions(), [YamlProblem(1, "the YAML nests too deeply (a recursive alias?)")]
        return data, builder.positions, builder.problems
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line[: (mark.column + 1 if mark else len(source_line))]:
        return YamlProblem(line, "a tab character in the indentation; YAML allows only spaces there")
    problem = error.problem or "syntax error"
    context = f" {error.context}" if error.context else ""
    return YamlProblem(line, f"YAML syntax error: {problem}{context}; check the indentation "
                             "and quote values that contain ': ' or start with a special character")
