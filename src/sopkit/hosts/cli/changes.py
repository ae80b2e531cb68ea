"""`sopkit changes --between`: what changed between two editions of the manual, in words.

The report is the one `sopkit diff` prints; what differs is where the two sides come
from. `sopkit diff` compares two commits of a pull request; this compares two editions
listed in sop/editions.yml, each read back from git by the commit it was published
from (the current edition: the files as they are now), so nobody has to know or type
a commit to ask what an edition changed.
"""

from __future__ import annotations

import argparse
import difflib
import json

from sopkit.compare.changes import compare_projects
from sopkit.diagnostics import count_errors
from sopkit.hosts.cli.common import (
    Io,
    UsageError,
    add_edition,
    add_project,
    open_checked,
    run_pipeline,
)
from sopkit.hosts.cli.diff import REPORTS, add_report_format
from sopkit.model import Edition, Project
from sopkit.pipeline import Build
from sopkit.reports.changes import json_report
from sopkit.sources.schema import did_you_mean


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "changes",
        help="show what changed between two editions of the manual, in words",
        description=(
            "Show what changed in the policy and the manual between two editions listed in "
            "sop/editions.yml: the same report as `sopkit diff`, with each edition's sources "
            "read from git by the commit it was published from (the current edition: the "
            "files as they are now)."
        ),
    )
    parser.add_argument(
        "--between",
        nargs=2,
        required=True,
        metavar="EDITION",
        help="the two editions to compare, the earlier first (e.g. 2025-26 2026-27)",
    )
    add_report_format(parser)
    add_edition(parser, "whose changes to report: public lists public changes only")
    add_project(parser)
    parser.set_defaults(command=changes)


def changes(
    io: Io, *, project: str, between: list[str], format: str, edition: str | None = None
) -> int:
    opened = open_checked(project)
    # Both sides as that edition of the site shows them (sopkit.editions.select): the
    # public report names no internal section, as the public feed does not.
    done = run_pipeline(opened, None, edition)
    editions = done.project.editions
    if not editions:
        raise UsageError(
            f"the manual lists no editions, so there are none to compare\n"
            f"  hint: list the manual's published editions, oldest first, in "
            f"{opened.layout.sop}/editions.yml (or compare two commits with `sopkit diff`)"
        )
    base, head = between
    for asked in (base, head):
        _known(asked, editions)
    if base == head:
        raise UsageError(
            f"edition {base} is named twice, and an edition has no changes from itself\n"
            f"  hint: name two different editions, e.g. {_other_pair(base, editions)}"
        )
    before, after = (_sources(done, edition_id) for edition_id in (base, head))
    report = compare_projects(before, after)
    base_label, head_label = f"edition {base}", f"edition {head}"
    if format == "json":
        io.out.write(json.dumps(json_report(report, base_label, head_label), indent=2) + "\n")
    else:
        io.out.write(REPORTS[format](report, base_label, head_label))
    return 0


def _known(asked: str, editions: tuple[Edition, ...]) -> None:
    ids = [edition.id for edition in editions]
    if asked in ids:
        return
    close = difflib.get_close_matches(asked, ids, n=1, cutoff=0.6)
    guess = did_you_mean(asked, ids)
    raise UsageError(
        f"there is no edition '{asked}'{guess}: the editions are {', '.join(ids)}\n"
        f"  hint: name an edition listed in sop/editions.yml, e.g. {close[0] if close else ids[-1]}"
    )


def _other_pair(named: str, editions: tuple[Edition, ...]) -> str:
    others = [edition.id for edition in editions if edition.id != named]
    if not others:
        return f"{named} and an edition listed after it"
    first, second = sorted((named, others[-1]), key=[e.id for e in editions].index)
    return f"--between {first} {second}"


def _sources(done: Build, edition_id: str) -> Project:
    """An edition's sources: today's for the current edition, else read back from git."""
    if edition_id == done.project.editions[-1].id:
        errors = count_errors(done.diagnostics)
        if errors:
            raise UsageError(
                f"the files as they are now have {errors} error{'s' if errors != 1 else ''}; "
                "they cannot be compared until they are fixed (`sopkit check` lists them)"
            )
        assert done.published is not None  # made whenever the files have no error
        return done.published
    for earlier in done.history:  # selected for the edition, as the current one is
        if earlier.edition.id == edition_id:
            return earlier.project
    missing = [d for d in done.diagnostics if d.code == "history-missing"]
    if missing:
        why = missing[0].message.split(": ", 1)[1]
        raise UsageError(
            f"edition {edition_id} cannot be compared: its sources are read from git, and "
            f"{why}\n  hint: {missing[0].hint}"
        )
    raise UsageError(
        f"edition {edition_id} cannot be compared: its sources could not be read back from "
        "git\n  hint: run `sopkit check`, which says why, and fix what it lists"
    )


__all__ = ["changes", "register"]
