"""The recurring duties the policy creates, and where each one stands as of a date.

A duty's next due date comes from its schedule and, where it is recorded, from when it
was last done:

- `every year by November 1`: due on each November 1; done for that date if it was done
  after the previous one; overdue when a November 1 passed without it;
- `every year` (no fixed day): due a year after it was last done;
- `once before` an event, and `as needed`: no date to track;
- a duty `measured_by: section-reviews` (the review of the manual) stands as its sections
  do: overdue when any section is, due soon when any is.

Where nothing is recorded, sopkit says so rather than guessing: the status is
`not-recorded`, with the next date the schedule gives, if any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from sopkit import model
from sopkit.diagnostics import Diagnostic, Severity
from sopkit.sources.textrules import long_date
from sopkit.status.reviews import ReviewState, add_period, counts, subtract_period

ObligationStatus = Literal["overdue", "due-soon", "current", "not-recorded", "once", "as-needed"]
OBLIGATION_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "current": "Current",
    "not-recorded": "Not recorded",
    "once": "Once",
    "as-needed": "As needed",
}


@dataclass(frozen=True)
class ObligationState:
    obligation: model.Obligation
    status: ObligationStatus
    next_due: dt.date | None
    note: str
    """Where it stands, in words."""


def obligation_states(
    obligations: Iterable[model.Obligation],
    reviews: list[ReviewState],
    as_of: dt.date,
    window: model.Period,
) -> list[ObligationState]:
    states = [obligation_state(o, reviews, as_of, window) for o in obligations]
    return sorted(
        states, key=lambda s: (list(OBLIGATION_LABELS).index(s.status), s.next_due or dt.date.max)
    )


def obligation_state(
    obligation: model.Obligation,
    reviews: list[ReviewState],
    as_of: dt.date,
    window: model.Period,
) -> ObligationState:
    schedule = obligation.schedule
    if obligation.measured_by == "section-reviews":
        return _from_reviews(obligation, reviews)
    if schedule.repeats.kind == "as needed":
        return ObligationState(obligation, "as-needed", None, "As needed; no fixed date.")
    if schedule.repeats.kind == "once":
        before = f" before {schedule.before}" if schedule.before else ""
        if obligation.last_done:
            return ObligationState(
                obligation, "current", None, f"Done on {long_date(obligation.last_done)}."
            )
        return ObligationState(obligation, "once", None, f"Once{before}; completion not recorded.")
    period = schedule.repeats.period
    assert period is not None
    if schedule.by is not None:
        return _on_fixed_days(obligation, period, schedule.by, as_of, window)
    if obligation.last_done is None:
        return ObligationState(
            obligation, "not-recorded", None, f"Every {period}; no completion recorded yet."
        )
    due = add_period(obligation.last_done, period)
    return ObligationState(
        obligation,
        _status(due, as_of, window),
        due,
        f"Last done {long_date(obligation.last_done)}; next due {long_date(due)}.",
    )


def _status(due: dt.date, as_of: dt.date, window: model.Period) -> ObligationStatus:
    if as_of > due:
        return "overdue"
    if as_of >= subtract_period(due, window):
        return "due-soon"
    return "current"


def _on_fixed_days(
    obligation: model.Obligation,
    period: model.Period,
    by: model.MonthDay,
    as_of: dt.date,
    window: model.Period,
) -> ObligationState:
    # Occurrences of the fixed day: the next one (on or after today), the one before it,
    # and the one before that. Doing the duty within an occurrence's cycle meets it.
    upcoming = _occurrence_on_or_after(as_of, by)
    previous = subtract_period(upcoming, period)
    before_previous = subtract_period(previous, period)
    done = obligation.last_done
    if done is not None and done > previous:
        following = add_period(upcoming, period)
        note = f"Done on {long_date(done)}; next due by {long_date(following)}."
        return ObligationState(obligation, "current", following, note)
    if done is not None and done > before_previous:
        note = f"Done on {long_date(done)}; next due by {long_date(upcoming)}."
        return ObligationState(obligation, _status(upcoming, as_of, window), upcoming, note)
    if done is not None:
        note = f"Due by {long_date(previous)}; last done {long_date(done)}."
        return ObligationState(obligation, "overdue", previous, note)
    status: ObligationStatus = _status(upcoming, as_of, window)
    if status == "current":
        status = "not-recorded"
    note = f"Due by {long_date(upcoming)}; no completion recorded yet."
    return ObligationState(obligation, status, upcoming, note)


def _occurrence_on_or_after(day: dt.date, by: model.MonthDay) -> dt.date:
    this_year = dt.date(day.year, by.month, by.day)
    return this_year if this_year >= day else dt.date(day.year + 1, by.month, by.day)


def _from_reviews(obligation: model.Obligation, reviews: list[ReviewState]) -> ObligationState:
    totals = counts(reviews)
    dues = [state.due for state in reviews if state.due is not None]
    next_due = min(dues) if dues else None
    status: ObligationStatus
    if totals["overdue"]:
        status = "overdue"
    elif totals["due-soon"]:
        status = "due-soon"
    elif totals["current"]:
        status = "current"
    else:
        status = "not-recorded"
    parts = [
        f"{n} {label}"
        for label, n in (
            ("overdue", totals["overdue"]),
            ("due soon", totals["due-soon"]),
            ("current", totals["current"]),
            ("never reviewed", totals["never-reviewed"]),
        )
        if n
    ]
    return ObligationState(obligation, status, next_due, "Sections: " + ", ".join(parts) + ".")


def obligation_diagnostics(states: Iterable[ObligationState]) -> Iterator[Diagnostic]:
    """Overdue duties are warnings and duties due soon are notes, at the duty's entry.
    The review of the manual is reported section by section, not again here."""
    for state in states:
        obligation = state.obligation
        if obligation.measured_by is not None:
            continue
        where = obligation.span("last_done") if obligation.last_done else obligation.location
        if state.status == "overdue":
            yield Diagnostic(
                location=where,
                severity=Severity.WARNING,
                code="overdue-obligation",
                message=f"{obligation.title}: overdue. {state.note}",
                hint="record when it was done: last_done: YYYY-MM-DD under this obligation",
            )
        elif state.status == "due-soon":
            yield Diagnostic(
                location=where,
                severity=Severity.INFO,
                code="due-soon-obligation",
                message=f"{obligation.title}: {state.note}",
            )
