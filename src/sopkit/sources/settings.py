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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sopkit.diagnostics import Diagnostic, Location, Severity, count_errors, error
from sopkit.sources.basics import EARLIEST_YEAR, LATEST_YEAR, did_you_mean, is_null
from sopkit.sources.textrules import WEB_ADDRESS, time_zone_problem
from sopkit.sources.tree import Mapping as MappingNode
from sopkit.sources.tree import Node, Scalar
from sopkit.sources.tree import Sequence as SequenceNode

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
    "citation_drift": (
        "warn",
        "A section or policy clause citing a law whose text changed after its last review "
        "(policy_data/authorities.lock.yml).",
    ),
    "missing_history": (
        "info",
        "An earlier edition whose sources this clone lacks (a shallow clone, or no git).",
    ),
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
    "history-missing": "missing_history",
    "citation-drift": "citation_drift",
    # What today's checks find in the sources of the edition a point-in-time build shows.
    "earlier-edition-problem": "missing_history",
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
    if not WEB_ADDRESS.fullmatch(value):
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


# -- reading the options from mkdocs.yml ----------------------------------------------------

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
"""Where a project's options are, in its folder: the build's own configuration."""


@dataclass(frozen=True)
class Settings:
    """The options of a project, as the plugin reads them from mkdocs.yml."""

    sop_dir: str = "sop"
    policy_data_dir: str = "policy_data"
    edition: str = "internal"
    as_of: dt.date | None = None
    time_zone: str | None = None
    templates_dir: str | None = None
    public_review_status: bool = True
    edit_url: str | None = None
    checks: Mapping[str, str] = field(
        default_factory=lambda: {name: level for name, (level, _) in CHECK_OPTIONS.items()}
    )
    pdf_enabled: bool = True
    pdf_sections: bool = True
    pdf_cache_dir: str = ".cache/sopkit-pdf"
    config_file: str | None = None
    """The file they were read from (relative to the project folder), if any."""


def read_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """The project's options from its mkdocs.yml (the defaults when it has none), and the
    problems with them, each located in the file."""
    path = next((root / name for name in CONFIG_FILES if (root / name).is_file()), None)
    if path is None:
        return Settings(), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        return Settings(), [error(Location(path.name), "bad-config", f"cannot be read ({reason})")]
    from sopkit.sources.loader import load_config_text  # (ruamel.yaml: only to read one)

    tree, problems = load_config_text(path.name, text)
    if count_errors(problems) or not isinstance(tree, MappingNode):
        return Settings(config_file=path.name), problems
    options = _plugin_options(tree)
    if options is None:
        return Settings(config_file=path.name), []
    return _settings_from(options, path.name)


def _plugin_options(tree: MappingNode) -> MappingNode | None:
    """The options under `plugins: - sopkit:`, if the site uses the plugin."""
    plugins = tree.get("plugins")
    items: Iterable[Node] = ()
    if isinstance(plugins, SequenceNode):
        items = plugins.items
    elif isinstance(plugins, MappingNode):
        items = [plugins]
    for item in items:
        if isinstance(item, MappingNode):
            options = item.get("sopkit")
            if isinstance(options, MappingNode):
                return options
    return None


def _settings_from(options: MappingNode, config_file: str) -> tuple[Settings, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    values: dict[str, Any] = {"config_file": config_file}
    crumb = "plugins → sopkit"

    def fail(node: Node, name: str, problem: str) -> None:
        problems.append(error(node.location, "bad-option", f"{crumb} → {name}: {problem}"))

    readers: dict[str, Callable[[Node], Any]] = {
        "sop_dir": _text,
        "policy_data_dir": _text,
        "edition": _text,
        "as_of": _text,
        "time_zone": _text,
        "templates_dir": _text,
        "public_review_status": _boolean,
        "edit_url": _text,
        "checks": _mapping,
        "pdf": _mapping,
    }
    for key, node in options.entries:
        name = key.value
        if name not in readers:
            close = did_you_mean(name, list(readers))
            fail(
                key, name, f"'{name}' is not an option{close}; the options are {', '.join(readers)}"
            )
            continue
        if name in ("checks", "pdf") and isinstance(node, MappingNode):
            # Each entry on its own, so that a problem points at the entry.
            for sub_key, sub_node in node.entries:
                one = _option_problem(name, _mapping(_one_entry(sub_key, sub_node)))
                if isinstance(one, str):
                    where = sub_key if "is not one of its options" in one else sub_node
                    fail(where, name, one)
        value = readers[name](node)
        if problems and name in ("checks", "pdf"):
            continue
        problem = _option_problem(name, value)
        if isinstance(problem, str):
            fail(node, name, problem)
        else:
            values.update(problem)
    return Settings(**values), problems


def _option_problem(name: str, value: Any) -> str | dict[str, Any]:
    """What is wrong with one option's value, or the settings it gives."""
    if value is _WRONG:
        return "this is not a value sopkit can read here"
    if name in ("sop_dir", "policy_data_dir"):
        return folder_problem(name, value) or {name: value}
    if name == "edition":
        return {name: value} if value in ("internal", "public") else "use internal or public"
    if name == "as_of":
        if value is None:
            return {}
        day = as_of_option("as_of", value)
        return day if isinstance(day, str) else {name: day}
    if name == "time_zone":
        return (time_zone_option_problem(name, value) if value is not None else None) or {
            name: value
        }
    if name == "edit_url":
        return (edit_url_problem(value) if value is not None else None) or {name: value}
    if name == "templates_dir" or name == "public_review_status":
        return {name: value}
    if name == "checks":
        found = checks_problems(value)
        return found[0] if found else {name: {**Settings().checks, **value}}
    return _pdf_options(value)


def _pdf_options(value: Mapping[str, Any]) -> str | dict[str, Any]:
    settings: dict[str, Any] = {}
    names = {
        "enabled": "pdf_enabled",
        "on_serve": "",
        "sections": "pdf_sections",
        "cache_dir": "pdf_cache_dir",
    }
    for key, item in value.items():
        if key not in names:
            close = did_you_mean(key, list(names))
            return f"'{key}' is not one of its options{close}; they are {', '.join(names)}"
        if key == "cache_dir":
            problem = folder_problem("cache_dir", item)
            if problem:
                return f"cache_dir: {problem}"
        elif item not in (True, False):
            return f"{key}: write true or false"
        if names[key]:
            settings[names[key]] = item
    return settings


def _one_entry(key: Scalar, value: Node) -> MappingNode:
    return MappingNode(source=key.source, line=key.line, column=key.column, entries=((key, value),))


class _Wrong:
    """A value of the wrong shape (a list where text belongs)."""


_WRONG = _Wrong()


def _text(node: Node) -> Any:
    if is_null(node):
        return None
    return node.value if isinstance(node, Scalar) else _WRONG


def _boolean(node: Node) -> Any:
    if isinstance(node, Scalar) and node.value in ("true", "True", "false", "False"):
        return node.value.lower() == "true"
    return _WRONG


def _mapping(node: Node) -> Any:
    if is_null(node):
        return {}
    if not isinstance(node, MappingNode):
        return _WRONG
    values: dict[str, Any] = {}
    for key, item in node.entries:
        scalar = _boolean(item)
        values[key.value] = scalar if scalar is not _WRONG else _text(item)
    return values
