"""The manual as it was in force on a day: which edition that was, and its sources.

A build "as in force on 3 March 2025" (or "as of edition 2025-26") renders the sources of
the edition in force then, read back from git (sopkit.sources.history), instead of
today's, and every page and PDF says so at its top. sop/editions.yml decides which
edition was in force: each one from its `in_force_from` day until the next one's.

Review status in such a build is worked out as of that day (for an edition named by id,
the day it came into force): the page shows what an officer reading the manual then
would have seen, overdue reviews included, never today's status of a text that is no
longer in force.

The earlier edition's sources were read leniently: what today's checks say of them
cannot be fixed without rewriting history, so the build reports it as notes about that
edition, never as errors of today's sources.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sopkit import model
from sopkit.diagnostics import Diagnostic, Location, Severity, error
from sopkit.sources.project import LoadResult
from sopkit.sources.textrules import long_date

EDITIONS_FILE = "editions.yml"


@dataclass(frozen=True)
class InForce:
    """The edition a point-in-time build shows, and what its pages say of it."""

    edition: model.Edition
    current: model.Edition
    """The manual's current edition (the last of sop/editions.yml)."""
    day: dt.date | None
    """The day asked for; None when the edition was named by its id."""
    until: dt.date | None = None
    """The last day it was in force (None for the current edition)."""

    @property
    def review_day(self) -> dt.date:
        """The day review status is worked out for: the day asked for, else the day the
        edition came into force."""
        return self.day or self.edition.in_force_from

    @property
    def banner(self) -> str:
        """ "This is the manual as in force on 3 March 2025 (edition 2025-26); the
        current edition is 2026-27." """
        if self.day is not None:
            opening = f"This is the manual as in force on {long_date(self.day)}"
        else:
            opening = f"This is the manual as in force from {long_date(self.edition.in_force_from)}"
            if self.until is not None:
                opening += f" to {long_date(self.until)}"
        if self.edition.id == self.current.id:
            return f"{opening} (edition {self.edition.id}, the current edition)."
        return f"{opening} (edition {self.edition.id}); the current edition is {self.current.id}."


@dataclass(frozen=True)
class Chosen:
    """What a point-in-time build renders: the chosen edition's sources (with the
    editions before it as their history), or the problems that prevent it."""

    loaded: LoadResult | None
    in_force: InForce | None
    problems: tuple[Diagnostic, ...] = ()


def choose(
    loaded: LoadResult, *, day: dt.date | None = None, edition_id: str | None = None
) -> Chosen:
    """The sources of the edition in force on `day`, or of the edition `edition_id`."""
    editions = loaded.project.editions
    where = _editions_location(loaded.project)
    if not editions:
        return Chosen(None, None, (_no_editions(where, day, edition_id),))
    if edition_id is not None:
        index = next((i for i, e in enumerate(editions) if e.id == edition_id), None)
        if index is None:
            return Chosen(None, None, (_unknown_edition(where, edition_id, editions),))
    else:
        assert day is not None
        index = _in_force_index(editions, day)
        if index is None:
            return Chosen(None, None, (_before_the_first(editions[0], day),))
    edition = editions[index]
    following = editions[index + 1] if index + 1 < len(editions) else None
    until = following.in_force_from - dt.timedelta(days=1) if following else None
    in_force = InForce(edition, editions[-1], day, until)
    if following is None:
        return Chosen(loaded, in_force)
    earlier = [e for e in loaded.history if e.edition.id == edition.id]
    if not earlier:
        return Chosen(None, None, (_not_in_this_clone(edition),))
    notes = tuple(_as_note(problem, edition.id) for problem in earlier[0].problems)
    before = tuple(e for e in loaded.history if e.edition.in_force_from < edition.in_force_from)
    chosen = LoadResult(project=earlier[0].project, diagnostics=list(notes), history=before)
    return Chosen(chosen, in_force)


def _in_force_index(editions: Sequence[model.Edition], day: dt.date) -> int | None:
    found = None
    for index, edition in enumerate(editions):
        if edition.in_force_from <= day:
            found = index
    return found


def _as_note(problem: Diagnostic, edition_id: str) -> Diagnostic:
    """A problem today's checks find in an earlier edition's sources, as a note: shown,
    never blocking the build of that edition (history is not rewritten to fix it)."""
    return dataclasses.replace(
        problem,
        severity=Severity.INFO,
        code="earlier-edition-problem",
        message=f"in edition {edition_id}, as in force: {problem.message}",
    )


def _editions_location(project: model.Project) -> Location:
    if project.editions:
        return Location(path=project.editions[0].location.path, line=1, column=1)
    manual = project.manual
    sop = manual.location.path.rsplit("/", 1)[0] if manual is not None else "sop"
    return Location(path=f"{sop}/{EDITIONS_FILE}", line=1, column=1)


def _no_editions(where: Location, day: dt.date | None, edition_id: str | None) -> Diagnostic:
    asked = f"edition {edition_id}" if edition_id else f"the edition in force on {day}"
    return error(
        where,
        "in-force-no-editions",
        f"the site cannot be built as {asked}: the manual lists no editions",
        f"list the manual's published editions in {where.path}, or build without "
        "in_force_on and as_of_edition",
    )


def _unknown_edition(
    where: Location, edition_id: str, editions: Sequence[model.Edition]
) -> Diagnostic:
    ids = ", ".join(e.id for e in editions)
    return error(
        where,
        "in-force-unknown-edition",
        f"there is no edition '{edition_id}' to build: {where.path} lists {ids}",
        f"name one of them: as_of_edition: {editions[-1].id}",
    )


def _before_the_first(first: model.Edition, day: dt.date) -> Diagnostic:
    return error(
        first.span("in_force_from"),
        "in-force-before-first-edition",
        f"no edition was in force on {long_date(day)}: the first edition, {first.id}, came "
        f"into force on {long_date(first.in_force_from)}",
        f"choose a day on or after it: in_force_on: {first.in_force_from.isoformat()}",
    )


def _not_in_this_clone(edition: model.Edition) -> Diagnostic:
    return error(
        edition.span("commit") if edition.commit else edition.span("id"),
        "in-force-history-missing",
        f"edition {edition.id} cannot be built as in force: this clone does not hold its "
        "sources (the commit it was published from)",
        "build from a clone with the whole history: git fetch --unshallow (and give each "
        "earlier edition its commit:)",
    )


__all__ = ["Chosen", "InForce", "choose"]
