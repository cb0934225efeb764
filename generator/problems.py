"""Problems found in content, and the one place that formats them.

Every stage reports what is wrong with the editors' files as a `Problem`
(`path:line: message hint`). Problems are collected in a `ProblemLog` so a
build reports everything at once, and `ContentError` carries them out of the
pipeline. The exception tree:

    GeneratorError          anything the generator reports to a user
      ContentError          the content has problems (carries them all)
      ThemeError            a template is broken
      OutputError           the output folder cannot be written

Internal bugs stay ordinary exceptions.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "ContentError",
    "GeneratorError",
    "OutputError",
    "Problem",
    "ProblemLog",
    "Severity",
    "ThemeError",
    "did_you_mean",
    "format_loc",
]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of one file."""

    path: str
    """Where, as the editor sees it: `content/campaigns/x.yml` (POSIX)."""
    line: int
    """1-based line: the key's line, or its parent mapping's if the key is missing."""
    message: str
    """What was found and what is allowed: `phases[1].end: '31/13/2024' is not a date; ...`."""
    hint: str = ""
    """The fix, when there is one: `Did you mean 'lam-dong'?`."""
    code: str = ""
    """A stable name for the kind of problem (`unknown-id`, `bad-date`)."""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        warning = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{self.path}:{self.line}: {warning}{self.message}"
        return f"{text} {self.hint}" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class GeneratorError(Exception):
    """Base of every error the generator reports to a user."""


class ContentError(GeneratorError):
    """The content has problems; `problems` holds all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        errors = [p for p in self.problems if p.is_error]
        files = len({p.path for p in errors})
        noun = "error" if len(errors) == 1 else "errors"
        file_noun = "file" if files == 1 else "files"
        return f"{len(errors)} {noun} in {files} {file_noun}; nothing was written."


class ThemeError(GeneratorError):
    """A template could not be loaded or rendered."""


class OutputError(GeneratorError):
    """The output folder could not be written."""


class ProblemLog:
    """Collects problems from every stage; `raise_if_errors` ends a stage."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, path: str, line: int, message: str, hint: str = "", code: str = "",
            severity: Severity = Severity.ERROR) -> None:
        self._problems.append(Problem(path, max(line, 1), message, hint, code, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    @property
    def problems(self) -> list[Problem]:
        return sorted(set(self._problems))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def has_errors(self) -> bool:
        return any(p.is_error for p in self._problems)

    def raise_if_errors(self) -> None:
        if self.has_errors():
            raise ContentError(self._problems)


def did_you_mean(value: str, known: Iterable[str], what: str = "") -> str:
    """The hint for an unknown name: the nearest known ones, click-style."""
    matches = difflib.get_close_matches(str(value), sorted(known), n=3, cutoff=0.6)
    if not matches:
        return ""
    if len(matches) == 1:
        return f"Did you mean '{matches[0]}'?"
    listed = ", ".join(f"'{m}'" for m in matches)
    return f"Did you mean one of {listed}?"


def format_loc(loc: Iterable[str | int]) -> str:
    """`("phases", 1, "end")` -> `phases[1].end`, as messages name fields."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
