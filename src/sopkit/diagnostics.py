"""Problems found in the sources, as data.

The core never prints or logs. Every check returns `Diagnostic` values that carry the
place in a source file, a plain-words message, and a hint saying what to write instead.
Only the command line and the MkDocs adapter decide how loud each one is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file. Lines and columns count from 1, as editors show them."""

    path: str
    """The file's path, relative to the project folder, with `/` separators."""
    line: int = 0
    """Line number, or 0 when the problem concerns the whole file."""
    column: int = 0
    """Column number (in characters), or 0 when only the line is known."""

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.StrEnum):
    """How serious a problem is. Errors stop a build; warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One problem in the sources."""

    location: Location
    """Where the problem is."""
    severity: Severity
    """How serious it is."""
    code: str
    """A stable identifier of the kind of problem, such as `unknown-key`."""
    message: str
    """What is wrong, in plain words, quoting the bad value."""
    hint: str = ""
    """What to write instead."""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_json(self) -> dict[str, object]:
        """The diagnostic as a JSON-ready mapping, for tools."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def error(location: Location, code: str, message: str, hint: str = "") -> Diagnostic:
    """Make an error diagnostic."""
    return Diagnostic(
        location=location, severity=Severity.ERROR, code=code, message=message, hint=hint
    )


def warning(location: Location, code: str, message: str, hint: str = "") -> Diagnostic:
    """Make a warning diagnostic."""
    return Diagnostic(
        location=location, severity=Severity.WARNING, code=code, message=message, hint=hint
    )


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    """How many of the diagnostics are errors."""
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, then position, then message: the order editors expect."""
    loc = diagnostic.location
    return (loc.path, loc.line, loc.column, diagnostic.message)


SOURCES_HAVE_ERRORS = "sopkit: the sources have errors (listed above)"
"""How a build that the sources' errors stopped says so (the MkDocs plugin), so that
`sopkit build`, which has printed the check's list of them, need not show it again."""
