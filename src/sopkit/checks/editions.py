"""The manual's published editions (sop/editions.yml) agree with each other and with
sop/manual.yml."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from sopkit import model
from sopkit.checks.meaning import unique
from sopkit.diagnostics import Diagnostic, error


def edition_problems(project: model.Project) -> Iterator[Diagnostic]:
    """Every problem of the editions list, once the file itself could be read."""
    if not project.editions or "editions" in project.with_errors:
        return
    editions = project.editions
    yield from unique(editions, "edition id")
    for edition in editions:
        yield from _approved_before_in_force(edition)
    for earlier, later in itertools.pairwise(editions):
        yield from _in_order(earlier, later)
    for edition in editions[:-1]:
        if edition.commit is None:
            yield _commit_missing(edition)
    if project.manual is not None:
        yield from _current_is_last(editions[-1], project.manual)


def _approved_before_in_force(edition: model.Edition) -> Iterator[Diagnostic]:
    """An edition is in force only once it is approved. When an approval is recorded
    after the day it was meant to apply from, the edition is in force from its
    approval: which procedure applied on a day must have one answer."""
    if edition.approved_on <= edition.in_force_from:
        return
    yield error(
        edition.span("approved_on"),
        "edition-approved-late",
        f"edition {edition.id} was approved on {edition.approved_on.isoformat()}, after the "
        f"day it came into force ({edition.in_force_from.isoformat()}): an edition is in "
        "force only once it is approved",
        "correct the date of approval, or, if the approval came later, write the day it was "
        f"approved as the day it came into force: in_force_from: {edition.approved_on.isoformat()}",
    )


def _in_order(earlier: model.Edition, later: model.Edition) -> Iterator[Diagnostic]:
    if later.in_force_from > earlier.in_force_from:
        return
    day = max(earlier.in_force_from + dt.timedelta(days=1), later.approved_on)
    yield error(
        later.span("in_force_from"),
        "edition-order",
        f"edition {later.id} comes into force on {later.in_force_from.isoformat()}, not after "
        f"edition {earlier.id} ({earlier.in_force_from.isoformat()}) listed before it: "
        "editions are listed oldest first, each in force from a later day",
        "list the editions oldest first, or correct the date, e.g. "
        f"in_force_from: {day.isoformat()}",
    )


def _commit_missing(edition: model.Edition) -> Diagnostic:
    return error(
        edition.location,
        "edition-commit-missing",
        f"edition {edition.id} is an earlier edition, so it needs the commit it was "
        "published from: its sources are read back from git by that commit",
        "add the full commit under its id, as git log --format=%H -- sop/ lists them, e.g. "
        "commit: 0123456789abcdef0123456789abcdef01234567",
    )


def _current_is_last(last: model.Edition, manual: model.Manual) -> Iterator[Diagnostic]:
    if last.id == manual.edition:
        return
    yield error(
        last.span("id"),
        "edition-not-current",
        f"the last edition listed is '{last.id}', but sop/manual.yml names the current "
        f"edition '{manual.edition}': the last edition in the list is the current one",
        "add the current edition at the end of the list, or correct the last one's id, e.g. "
        f'id: "{manual.edition}"',
    )
