"""`sopkit diff`: what changed in the sources between two commits, in words."""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from sopkit.compare.changes import compare_projects
from sopkit.diagnostics import count_errors
from sopkit.hosts.cli.common import Io, Opened, UsageError, add_project, open_checked, run_pipeline
from sopkit.model import Project
from sopkit.reports.changes import html_report, json_report, markdown_report, text_report
from sopkit.sources.git import GitError, export_sources, resolve
from sopkit.sources.project import Layout

REPORTS = {"markdown": markdown_report, "html": html_report, "text": text_report}


def add_report_format(parser: argparse.ArgumentParser) -> None:
    """The --format option of the change reports (sopkit diff, sopkit changes)."""
    parser.add_argument(
        "--format",
        choices=(*REPORTS, "json"),
        default="markdown",
        help="output format (default: markdown)",
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff",
        help="show what changed in the sources between two commits, in words",
        description=(
            "Show what changed in the policy and the manual between BASE and HEAD (git "
            "commits, branches or tags; HEAD defaults to the files as they are now): the "
            "redline of each changed text and the other values that changed, with anything "
            "made public listed first. Markdown is ready to paste into a pull request."
        ),
    )
    parser.add_argument("base", metavar="BASE", help="where to compare from, e.g. main")
    parser.add_argument(
        "head", metavar="HEAD", nargs="?", help="where to compare to (default: the files now)"
    )
    add_report_format(parser)
    add_project(parser)
    parser.set_defaults(command=diff)


def diff(io: Io, *, project: str, base: str, head: str | None, format: str) -> int:
    opened = open_checked(project)
    root = opened.layout.root
    try:
        base_commit = resolve(root, base)
        head_commit = resolve(root, head) if head else None
    except GitError as exc:
        raise UsageError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="sopkit-diff-") as folder:
        before = _at(opened, base_commit, base, Path(folder) / "base")
        if head is None or head_commit is None:
            after = _checked(opened, "the files as they are now")
        else:
            after = _at(opened, head_commit, head, Path(folder) / "head")
    changes = compare_projects(before, after)
    base_label = _label(base, base_commit)
    head_label = _label(head, head_commit) if head and head_commit else "the working tree"
    if format == "json":
        io.out.write(json.dumps(json_report(changes, base_label, head_label), indent=2) + "\n")
    else:
        io.out.write(REPORTS[format](changes, base_label, head_label))
    return 0


def _label(name: str, commit: str) -> str:
    return name if commit.startswith(name) else f"{name} ({commit[:7]})"


def _at(opened: Opened, commit: str, name: str, folder: Path) -> Project:
    """The sources as they are in `commit`, checked with the project's options."""
    layout = opened.layout
    try:
        export_sources(layout.root, commit, (layout.sop, layout.policy_data), folder)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    there = Opened(Layout(folder, layout.sop, layout.policy_data), opened.settings, [])
    return _checked(there, f"the sources at {name}")


def _checked(opened: Opened, name: str) -> Project:
    done = run_pipeline(opened, None, "internal")
    errors = count_errors(done.diagnostics)
    if errors:
        raise UsageError(
            f"{name} have {errors} error{'s' if errors != 1 else ''}; they cannot be compared "
            "until they are fixed (`sopkit check` lists them)"
        )
    return done.project
