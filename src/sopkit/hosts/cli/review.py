"""`sopkit review`: which sections and duties are due; `sopkit review mark`: record a
section's review in its source file, keeping the reviews before it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from sopkit.hosts.cli.common import (
    Io,
    UsageError,
    add_as_of,
    add_format,
    add_project,
    built_without_errors,
    open_checked,
    run_pipeline,
)
from sopkit.model import Manual, Section
from sopkit.sources.edit import EditError, RecordedReview, ReviewEntry, record_review
from sopkit.sources.schema import did_you_mean
from sopkit.sources.textrules import WEB_ADDRESS, long_date
from sopkit.status.asof import AsOfError, parse_as_of
from sopkit.status.report import review_report, review_table
from sopkit.status.reviews import add_period


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "review",
        help="report which sections and duties are due for review (exit 1 if any is overdue)",
        description=(
            "Report every section's review status and every duty's next due date, as of today "
            "or --as-of. Exits with 1 when something is overdue, so a scheduled job can act on it."
        ),
    )
    add_as_of(parser)
    add_format(parser, ("table", "json"))
    add_project(parser)
    parser.set_defaults(command=review)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    mark = actions.add_parser(
        "mark",
        help="record a section's review in its source file",
        description=(
            "Record that a section was reviewed: the new review becomes the section's latest, "
            "the one before it moves to the review's history (nothing is lost), and nothing "
            "else in the file changes."
        ),
    )
    mark.add_argument("section", metavar="SECTION_ID", help="the id of the section")
    mark.add_argument("--date", help="the day of the review (default: today)")
    mark.add_argument("--by", help="who reviewed it (default: the SOP Manual Team's name)")
    mark.add_argument(
        "--outcome",
        choices=("no-change", "revised"),
        default="no-change",
        help="what the review decided: no-change (the default) or revised",
    )
    mark.add_argument("--record", metavar="URL", help="a link to the minutes or pull request")
    mark.add_argument(
        "--replace",
        action="store_true",
        help="replace a review already recorded on the same day (without it, that is refused)",
    )
    mark.set_defaults(command=mark_review)


def review(io: Io, *, project: str, as_of: str | None, format: str) -> int:
    """The report; 1 when a section is overdue."""
    opened = open_checked(project)
    done = built_without_errors(io, opened, run_pipeline(opened, as_of, "internal"))
    views = done.views
    assert views is not None and views.manual is not None
    manual = views.manual
    states = list(views.reviews.values())
    duties = list(views.duties)
    if format == "json":
        report = review_report(states, duties, views.roles, done.as_of)
        io.out.write(json.dumps(report, indent=2) + "\n")
    else:
        for line in review_table(states, duties, views.roles, manual, done.as_of):
            print(line, file=io.out)
    return 1 if any(state.status == "overdue" for state in states) else 0


def mark_review(
    io: Io,
    *,
    project: str,
    as_of: str | None,
    section: str,
    date: str | None,
    by: str | None,
    outcome: str,
    record: str | None,
    replace: bool,
) -> int:
    """Record a review (today, unless --date; --as-of says which day is today)."""
    opened = open_checked(project)
    done = built_without_errors(io, opened, run_pipeline(opened, as_of, "internal"))
    manual = done.project.manual
    assert manual is not None
    found = _section(manual, section)
    day = _review_day(date, done.as_of, found)
    if record and not WEB_ADDRESS.fullmatch(record):
        raise UsageError(f"--record '{record}' is not a web address (write it with https://)")
    entry = ReviewEntry(day, by or manual.team.name, outcome, record)
    recorded = _record(opened.layout.root / found.path, found, entry, replace)
    print(_recorded(found, manual, entry, recorded), file=io.out)
    return 0


def _section(manual: Manual, wanted: str) -> Section:
    sections = {section.id: section for section in manual.sections}
    if wanted not in sections:
        raise UsageError(f"there is no section '{wanted}'{did_you_mean(wanted, list(sections))}")
    return sections[wanted]


def _review_day(date: str | None, today: dt.date, section: Section) -> dt.date:
    try:
        day = parse_as_of(date, "--date") if date else today
    except AsOfError as exc:
        raise UsageError(str(exc)) from None
    if day > today:
        raise UsageError(
            f"--date {day.isoformat()} is in the future (today is {today.isoformat()})"
        )
    if section.review is not None and day < section.review.last_reviewed:
        raise UsageError(
            f"--date {day.isoformat()} is before the last recorded review "
            f"({section.review.last_reviewed.isoformat()})"
        )
    return day


def _record(path: Path, section: Section, entry: ReviewEntry, replace: bool) -> RecordedReview:
    try:
        return record_review(path, entry, replace=replace)
    except EditError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(
            f"could not write {section.path} ({exc.strerror or exc}); the file is unchanged"
        ) from None


def _recorded(
    section: Section, manual: Manual, entry: ReviewEntry, recorded: RecordedReview
) -> str:
    """What was recorded, and when the next review is due, in one sentence or two."""
    cycle = section.review.cycle if section.review and section.review.cycle else None
    due = add_period(entry.last_reviewed, cycle or manual.review.cycle)
    outcome = "revised" if entry.outcome == "revised" else "no change"
    done = "Replaced the review of the same day" if recorded.replaced else "Recorded the review"
    kept = ""
    if section.review is not None and not recorded.replaced:
        kept = f" The review of {long_date(section.review.last_reviewed)} is kept in its history."
    return (
        f"{done} of {section.number} {section.title} in {section.path}: "
        f"{long_date(entry.last_reviewed)} by {entry.reviewed_by} ({outcome}).{kept} "
        f"Next review due {long_date(due)}."
    )
