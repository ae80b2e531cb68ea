"""The review report: the same facts for the terminal (a table) and for tools (JSON)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sopkit import model
from sopkit.sources.textrules import long_date
from sopkit.status.obligations import OBLIGATION_LABELS, ObligationState
from sopkit.status.reviews import STATUS_LABELS, ReviewState, counts

_STATUS_WIDTH = 15
_DATE_WIDTH = 12
_NAME_WIDTH = 52


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def review_table(
    states: Sequence[ReviewState],
    duties: Sequence[ObligationState],
    roles: Mapping[str, str],
    manual: model.Manual,
    as_of: dt.date,
) -> list[str]:
    """The report as lines of text for a terminal."""
    rule = manual.review
    lines = [
        f"Reviews as of {long_date(as_of)}: each section every {rule.cycle}, "
        f"due soon {rule.warning} before.",
        "",
        _row("Status", "Due", "Section", "Owner"),
    ]
    for state in states:
        section = state.section
        due = state.due.isoformat() if state.due else "-"
        owner = roles.get(section.owner.id, section.owner.id)
        lines.append(
            _row(STATUS_LABELS[state.status], due, f"{section.number} {section.title}", owner)
        )
    totals = counts(states)
    summary = ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in totals.items() if n)
    lines += ["", f"{summary}.", "", _row("Status", "Next due", "Duty", "Responsible")]
    for duty in duties:
        obligation = duty.obligation
        due = duty.next_due.isoformat() if duty.next_due else "-"
        who = roles.get(obligation.responsible.id, obligation.responsible.id)
        lines.append(_row(OBLIGATION_LABELS[duty.status], due, obligation.title, who))
    return lines


def _row(status: str, due: str, name: str, who: str) -> str:
    name = _clip(name, _NAME_WIDTH)
    return f"{status:<{_STATUS_WIDTH}} {due:<{_DATE_WIDTH}} {name:<{_NAME_WIDTH}} {who}".rstrip()


def review_report(
    states: Sequence[ReviewState],
    duties: Sequence[ObligationState],
    roles: Mapping[str, str],
    as_of: dt.date,
) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "as_of": as_of.isoformat(),
        "counts": counts(states),
        "sections": [
            {
                "id": state.section.id,
                "number": state.section.number,
                "title": state.section.title,
                "owner": roles.get(state.section.owner.id, state.section.owner.id),
                "status": state.status,
                "last_reviewed": _iso(state.last_reviewed),
                "due": _iso(state.due),
                "days_left": state.days_left,
                "source": str(
                    state.section.review.location
                    if state.section.review
                    else state.section.location
                ),
            }
            for state in states
        ],
        "obligations": [
            {
                "id": duty.obligation.id,
                "title": duty.obligation.title,
                "responsible": roles.get(
                    duty.obligation.responsible.id, duty.obligation.responsible.id
                ),
                "recipient": duty.obligation.recipient,
                "status": duty.status,
                "last_done": _iso(duty.obligation.last_done),
                "next_due": _iso(duty.next_due),
                "note": duty.note,
                "source": str(duty.obligation.location),
            }
            for duty in duties
        ],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
