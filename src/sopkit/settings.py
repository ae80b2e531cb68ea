"""The project's options (the `sopkit` entry of mkdocs.yml's plugins), checked once.

Both hosts read the same options and check them with the same rules, here: the MkDocs
plugin through its config classes, and the command line by reading mkdocs.yml itself
(`sopkit check` reports at the levels the build uses). Each rule returns a problem in
plain words, naming the option, or None; nothing here knows MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from sopkit.diagnostics import Diagnostic, Severity
from sopkit.schema import EARLIEST_YEAR, LATEST_YEAR, did_you_mean
from sopkit.textrules import time_zone_problem

LEVELS = ("warn", "info", "ignore")
"""How loud a kind of finding is: a warning (which fails a strict build), a note, or
nothing."""

CHECK_OPTIONS: dict[str, tuple[str, str]] = {
    "source_warnings": ("warn", "Warnings from the checks of the sources."),
    "malformed_citations": ("warn", "A citation written in a malformed way."),
    "unregistered_citations": ("warn", "A citation with no registry entry and no address."),
    "unused_authorities": ("warn", "A registry entry that nothing cites."),
    "overdue_reviews": ("warn", "A section overdue for review, or never reviewed."),
    "overdue_obligations": ("warn", "A duty of the policy that is overdue."),
    "due_soon": ("info", "A section or duty due within the warning window."),
}
"""Each option under `checks:`, with its default level and what it sets."""

LEVEL_OPTIONS = {
    "malformed-citation": "malformed_citations",
    "unregistered-citation": "unregistered_citations",
    "unused-authority": "unused_authorities",
    "overdue-review": "overdue_reviews",
    "never-reviewed": "overdue_reviews",
    "overdue-obligation": "overdue_obligations",
    "due-soon-review": "due_soon",
    "due-soon-obligation": "due_soon",
}
"""Which option sets how loud each kind of finding is; any other: source_warnings."""

REVIEW_OVERRIDE = "SOPKIT_REVIEW_WARNINGS"
OVERRIDDEN = frozenset({"overdue_reviews", "overdue_obligations"})
"""The options that SOPKIT_REVIEW_WARNINGS overrides (for CI builds that must not fail
because a review fell due)."""

EDIT_URL_PLACEHOLDERS = frozenset({"path", "line"})


def level_problem(value: object) -> str | None:
    if value in LEVELS:
        return None
    return f"'{value}' is not a level{did_you_mean(str(value), LEVELS)}; use warn, info or ignore"


def checks_problems(checks: Mapping[str, object]) -> list[str]:
    """What is wrong with the `checks:` options (unknown names and levels), each naming
    the option."""
    problems = []
    for name, value in checks.items():
        if name not in CHECK_OPTIONS:
            problems.append(
                f"'{name}' is not one of its options{did_you_mean(name, list(CHECK_OPTIONS))}; "
                f"they are {', '.join(CHECK_OPTIONS)}"
            )
        elif (problem := level_problem(value)) is not None:
            problems.append(f"{name}: {problem}")
    return problems


def level_of(diagnostic: Diagnostic, checks: Mapping[str, str], override: str | None) -> str:
    """How loud a finding is under the options (errors are always errors)."""
    if diagnostic.severity is Severity.ERROR:
        return "error"
    option = LEVEL_OPTIONS.get(diagnostic.code, "source_warnings")
    if override and option in OVERRIDDEN:
        return override
    return checks.get(option, CHECK_OPTIONS[option][0])


def at_levels(
    diagnostics: Iterable[Diagnostic], checks: Mapping[str, str], override: str | None = None
) -> list[Diagnostic]:
    """The diagnostics as the options want them reported: each finding at the level its
    option sets (a warning set to `info` becomes a note), those set to `ignore` left out.
    Errors are always errors."""
    shown = []
    for diagnostic in diagnostics:
        level = level_of(diagnostic, checks, override)
        if level == "ignore":
            continue
        severity = _SEVERITIES.get(level, diagnostic.severity)
        if severity is not diagnostic.severity:
            diagnostic = dataclasses.replace(diagnostic, severity=severity)
        shown.append(diagnostic)
    return shown


_SEVERITIES = {"warn": Severity.WARNING, "info": Severity.INFO}


def edit_url_problem(value: object) -> str | None:
    """An edit address is a web address with only the {path} and {line} placeholders."""
    if not isinstance(value, str):
        return f"expected a web address, found {type(value).__name__}"
    if not re.fullmatch(r"https?://[^\s<>\"'\\]+", value, re.IGNORECASE):
        return (
            f"'{value}' is not a web address; write it with https://, e.g. "
            "https://github.com/district/manual/edit/main/{path}#L{line}"
        )
    try:
        fields = list(string.Formatter().parse(value))
    except ValueError as exc:
        return (
            f"'{value}' has braces that do not pair up ({exc}); the placeholders are "
            "{path} and {line}"
        )
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in EDIT_URL_PLACEHOLDERS or spec or conversion:
            written = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            return (
                f"'{written}' is not a placeholder sopkit fills in; the placeholders "
                "are {path} (the source file) and {line} (its line)"
            )
    return None


def folder_problem(name: str, value: object) -> str | None:
    """A source folder is a non-empty path inside the project folder."""
    if value is None or (isinstance(value, str) and not value.strip()):
        example = "sop" if "sop" in name else "policy_data"
        return f"it is empty; write the folder's name, e.g. {name}: {example}"
    if not isinstance(value, str):
        return f"expected a folder name, found {type(value).__name__}"
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", value):
        return f"'{value}' is outside the project folder; write a folder inside it"
    return None


def time_zone_option_problem(name: str, value: object) -> str | None:
    if not isinstance(value, str):
        return f"expected a time zone name, found {type(value).__name__}"
    problem = time_zone_problem(value)
    if problem is None:
        return None
    message, suggestion = problem
    return f"{message}; e.g. {name}: {suggestion}"


def as_of_option(name: str, value: object) -> dt.date | str:
    """The as-of day an option gives (a date, or YYYY-MM-DD text), or what is wrong."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        written = value
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        try:
            value = dt.date(*(int(p) for p in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:
            return f"'{written}' is not a real day written as YYYY-MM-DD, e.g. {name}: 2026-12-01"
    if not isinstance(value, dt.date):
        return f"expected a day written as YYYY-MM-DD, e.g. {name}: 2026-12-01"
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return (
            f"{value.isoformat()} is outside the years sopkit accepts "
            f"({EARLIEST_YEAR} to {LATEST_YEAR})"
        )
    return value
