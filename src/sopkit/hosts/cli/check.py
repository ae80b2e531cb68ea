"""`sopkit check`: every problem of the sources, each with its file, line and column."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence

from sopkit.diagnostics import Diagnostic, Severity
from sopkit.hosts.cli.common import (
    Io,
    add_as_of,
    add_edition,
    add_format,
    open_project,
    plural,
    relative_to_cwd,
    run_pipeline,
)
from sopkit.sources.settings import REVIEW_OVERRIDE, at_levels


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="check every source file and report all problems",
        description=(
            "Check every source and report all problems, each with its file, line and column, "
            "at the levels mkdocs.yml sets for the build."
        ),
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="the project folder (default: this folder)"
    )
    add_format(parser, ("text", "json"))
    add_as_of(parser)
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    add_edition(
        parser,
        "also check what only matters to this edition (public: no links to internal pages)",
    )
    parser.set_defaults(command=check)


def check(
    io: Io, *, path: str, format: str, as_of: str | None, strict: bool, edition: str | None
) -> int:
    """Report every problem; 1 when there are errors (or, with `strict`, warnings)."""
    opened = open_project(path)
    done = run_pipeline(opened, as_of, edition)
    # At the levels the build reports them (the checks: options in mkdocs.yml), so that
    # a clean build is a clean check.
    found = at_levels(
        [*opened.problems, *done.diagnostics],
        opened.settings.checks,
        os.environ.get(REVIEW_OVERRIDE),
    )
    shown = [relative_to_cwd(d, opened.layout.root) for d in found]
    files = len(done.project.files)
    if format == "json":
        report = {
            "as_of": done.as_of.isoformat(),
            "files": files,
            "diagnostics": [d.as_json() for d in shown],
        }
        io.out.write(json.dumps(report, indent=2) + "\n")
    else:
        for diagnostic in shown:
            print(diagnostic, file=io.out)
        print(summary(shown, files), file=io.out)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in shown) else 0


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One closing line: how many problems of each kind, in how many files."""
    checked = plural(files, "source file")
    if not diagnostics:
        return f"No problems found in {checked}."
    counts = [
        plural(sum(1 for d in diagnostics if d.severity is severity), noun)
        for severity, noun in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "note"),
        )
        if any(d.severity is severity for d in diagnostics)
    ]
    affected = plural(len({d.location.path for d in diagnostics}), "file")
    return f"{' and '.join(counts)} in {affected} ({checked} checked)."
