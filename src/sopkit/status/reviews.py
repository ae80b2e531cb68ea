"""When each section of the manual is due for review, and how it stands, as of a date.

The policy requires the manual to be reviewed at least once every two years. A section is
due one cycle after its last review (the manual's cycle, or the section's own), counted
in calendar months: a review on 2024-02-29 is due on 2026-02-28. As of a given day a
section is:

- `overdue` when that day is after its due date (the due date itself is not overdue);
- `due-soon` when its due date is within the warning window (90 days by default);
- `current` otherwise;
- `never-reviewed` when it has no review on record.

Nothing here reads the clock: the caller says which day it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

from sopkit import model
from sopkit.diagnostics import Diagnostic, Severity
from sopkit.sources.textrules import long_date

ReviewStatus = Literal["overdue", "never-reviewed", "due-soon", "current"]
STATUS_ORDER: tuple[ReviewStatus, ...] = ("overdue", "never-reviewed", "due-soon", "current")
STATUS_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "never-reviewed": "Never reviewed",
    "due-soon": "Due soon",
    "current": "Current",
}


def add_period(date: dt.date, period: model.Period) -> dt.date:
    """`date` plus a period in calendar terms; a day that does not exist becomes the
    month's last day (2024-02-29 plus 2 years is 2026-02-28)."""
    result: dt.date = date + relativedelta(
        years=period.years, months=period.months, days=period.days
    )
    return result


def subtract_period(date: dt.date, period: model.Period) -> dt.date:
    result: dt.date = date - relativedelta(
        years=period.years, months=period.months, days=period.days
    )
    return result


@dataclass(frozen=True)
class ReviewState:
    """How one section stands for review, as of a day."""

    section: model.Section
    status: ReviewStatus
    last_reviewed: dt.date | None
    due: dt.date | None
    """The day by which the next review is due; None if never reviewed."""
    cycle: model.Period
    days_left: int | None
    """Days from the as-of day to the due date; negative when overdue."""


def review_state(section: model.Section, rule: model.ReviewRule, as_of: dt.date) -> ReviewState:
    review = section.review
    cycle = review.cycle if review is not None and review.cycle is not None else rule.cycle
    if review is None:
        return ReviewState(section, "never-reviewed", None, None, cycle, None)
    due = add_period(review.last_reviewed, cycle)
    status: ReviewStatus
    if as_of > due:
        status = "overdue"
    elif as_of >= subtract_period(due, rule.warning):
        status = "due-soon"
    else:
        status = "current"
    return ReviewState(section, status, review.last_reviewed, due, cycle, (due - as_of).days)


def review_states(manual: model.Manual, as_of: dt.date) -> list[ReviewState]:
    """Every section's state, most urgent first, then by due date and number."""
    states = [review_state(section, manual.review, as_of) for section in manual.sections]
    return sorted(states, key=urgency)


def urgency(state: ReviewState) -> tuple[int, dt.date, tuple[int, ...]]:
    return (
        STATUS_ORDER.index(state.status),
        state.due or dt.date.min,
        model.number_key(state.section.number),
    )


def counts(states: Iterable[ReviewState]) -> dict[ReviewStatus, int]:
    totals: dict[ReviewStatus, int] = dict.fromkeys(STATUS_ORDER, 0)
    for state in states:
        totals[state.status] += 1
    return totals


def review_diagnostics(states: Iterable[ReviewState]) -> Iterator[Diagnostic]:
    """Findings for the build log: overdue and never-reviewed sections are warnings,
    sections due soon are notes. Each points at the section's review record."""
    for state in states:
        section = state.section
        label = f"{section.number} {section.title}"
        where = section.review.location if section.review is not None else section.location
        if state.status == "overdue" and state.due and state.last_reviewed:
            yield Diagnostic(
                location=where,
                severity=Severity.WARNING,
                code="overdue-review",
                message=f"{label}: review overdue since {long_date(state.due)} (last reviewed "
                f"{long_date(state.last_reviewed)})",
                hint="review the section, then record it: sopkit review mark " + section.id,
            )
        elif state.status == "never-reviewed":
            yield Diagnostic(
                location=where,
                severity=Severity.WARNING,
                code="never-reviewed",
                message=f"{label}: never reviewed",
                hint="review the section, then record it: sopkit review mark " + section.id,
            )
        elif state.status == "due-soon" and state.due:
            yield Diagnostic(
                location=where,
                severity=Severity.INFO,
                code="due-soon-review",
                message=f"{label}: review due by {long_date(state.due)} ({state.days_left} days)",
            )
