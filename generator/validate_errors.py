"""Pydantic's validation errors, reworded for editors.

Pydantic says "Extra inputs are not permitted"; an editor needs
"unknown field 'titel'. Did you mean 'title'?". This module turns one pydantic
error into our message voice: `field: what was found, what is allowed.`
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from .ids import slugify
from .problems import did_you_mean, format_loc

__all__ = ["describe_error"]

_KIND_NAMES = {bool: "yes/no", int: "a number", float: "a number", str: "text", list: "a list",
               dict: "fields (a mapping)", type(None): "nothing"}


def describe_error(item: dict, model: type[BaseModel], loc: tuple, base_loc: tuple) -> tuple[str, str]:
    """(message, hint) for one pydantic error dict at `loc` in its file."""
    kind = item["type"]
    where = format_loc(loc)
    value = item.get("input")
    relative = tuple(item["loc"])
    if kind == "extra_forbidden":
        parent = _model_at(model, relative[:-1])
        known = parent.model_fields.keys() if parent else ()
        return (f"{where}: unknown field '{relative[-1]}'",
                did_you_mean(str(relative[-1]), known) or _allowed(known))
    if kind == "missing":
        return f"{where}: required field is missing", ""
    if kind == "literal_error":
        expected = item["ctx"]["expected"].replace(" or ", ", ")
        options = [o.strip(" '") for o in expected.split(",")]
        return f"{where}: '{value}' is not one of {expected}", did_you_mean(str(value), options)
    if kind == "string_pattern_mismatch":
        proposal = slugify(str(value))
        hint = f"Write '{proposal}'." if proposal and proposal != value else ""
        return (f"{where}: '{value}' is not an id; ids are lowercase a-z, digits and "
                "single hyphens", hint)
    if kind == "value_error":
        return f"{where}: {item['msg'].removeprefix('Value error, ')}", ""
    if kind == "string_too_short":
        return f"{where}: must not be empty", ""
    if kind in ("string_type", "int_type", "int_parsing", "float_type", "float_parsing",
                "bool_type", "bool_parsing", "list_type", "model_type", "dict_type",
                "model_attributes_type", "int_from_float"):
        return f"{where}: expected {_expected(kind)}, found {_describe(value)}", ""
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{where}: {value!r} is out of range; {item['msg'].lower()}", ""
    return f"{where}: {item['msg']}", ""


def _expected(kind: str) -> str:
    if kind.startswith("string"):
        return "text"
    if kind.startswith("int"):
        return "a whole number"
    if kind.startswith("float"):
        return "a number"
    if kind.startswith("bool"):
        return "true or false"
    if kind.startswith("list"):
        return "a list"
    return "fields (a mapping)"


def _describe(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"'{value}'" if isinstance(value, str) else str(value)
    return _KIND_NAMES.get(type(value), type(value).__name__)


def _allowed(known) -> str:
    names = sorted(known)
    return f"Known fields: {', '.join(names)}." if names else ""


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the fields at `loc` (list indexes skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return None
        current = _inner_model(field.annotation)
        if current is None:
            return None
    return current if _is_model(current) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if _is_model(annotation):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
