"""Citation drift: a section (or a clause of the policy in force) that cites a law whose
text changed after the section was last reviewed (or the policy version adopted).

The days come from policy_data/authorities.lock.yml, which only `sopkit authorities
refresh` writes; this check reads that file and nothing else, so it runs offline. An
authority the lock could not date (unverified, or a page that gave no date) is never
counted as changed: drift is only claimed from a date read at the publisher.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sopkit import model
from sopkit.diagnostics import Diagnostic, Location, warning
from sopkit.law.authorities import citing_places

LOCK = "policy_data/authorities.lock.yml"


@dataclass(frozen=True)
class Drift:
    """One citation of a law whose text changed after what cites it was last looked at."""

    location: Location
    cite: str
    effective_on: dt.date
    previous_effective_on: dt.date | None
    who: str
    """What cites it: "section 4.4 Use of force" or "the policy School Safety Officers,
    version 2"."""
    looked_at: dt.date
    """The day it was last reviewed (a section) or adopted (a policy version)."""
    section_id: str | None
    checked_on: dt.date | None


def drifts(project: model.Project) -> Iterator[Drift]:
    """Each citation, in source order, of a law the lock dates after its reviewer saw it."""
    dated = {e.cite: e for e in project.locked if e.effective_on is not None}
    if not dated:
        return
    for place in citing_places(project):
        entry = dated.get(place.citation.normalized)
        if entry is None or entry.effective_on is None:
            continue
        owner = place.owner
        if isinstance(owner, model.Section):
            if owner.review is None or owner.review.last_reviewed is None:
                continue  # never reviewed: the review check says so already
            looked_at, who, section_id = (
                owner.review.last_reviewed,
                f"section {owner.number} {owner.title}",
                owner.id,
            )
        elif place.version is not None and place.version.adopted_on is not None:
            policy_title = next(
                (p.title for p in project.policies if place.version in p.versions), "the policy"
            )
            looked_at, who, section_id = (
                place.version.adopted_on,
                f"{policy_title}, version {place.version.number}",
                None,
            )
        else:
            continue
        if looked_at < entry.effective_on:
            yield Drift(
                place.location,
                entry.cite,
                entry.effective_on,
                entry.previous_effective_on,
                who,
                looked_at,
                section_id,
                entry.checked_on,
            )


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def drift_problems(project: model.Project) -> Iterator[Diagnostic]:
    """Each drift as a warning at the citation, with what to do; and each lock entry
    that the registry no longer lists."""
    registered = {authority.cite for authority in project.authorities}
    if "authorities" not in project.incomplete:
        for entry in project.locked:
            if entry.cite not in registered:
                yield warning(
                    entry.span("cite"),
                    "lock-entry-unregistered",
                    f"{entry.cite} is in the lock file but not in policy_data/authorities.yml, "
                    "so nothing is checked against it",
                    "read the laws again, which writes the lock file from the registry: "
                    "sopkit authorities refresh",
                )
    for drift in drifts(project):
        before = (
            f" (the text before it took effect on {long_date(drift.previous_effective_on)})"
            if drift.previous_effective_on is not None
            else ""
        )
        checked = (
            f", as read on {long_date(drift.checked_on)}" if drift.checked_on is not None else ""
        )
        message = (
            f"{drift.who} cites {drift.cite}, whose current text took effect on "
            f"{long_date(drift.effective_on)}{before}{checked}; it was last "
            f"{'reviewed' if drift.section_id else 'adopted'} on "
            f"{long_date(drift.looked_at)}, before that"
        )
        if drift.section_id is not None:
            hint = (
                f"read {drift.cite} as it now reads (its history line is in {LOCK}), "
                "correct the section if it must change, then record the review: "
                f"sopkit review mark {drift.section_id}"
            )
        else:
            hint = (
                f"read {drift.cite} as it now reads (its history line is in {LOCK}) and "
                "bring the policy to the Board if it must change; the finding ends when a "
                "version adopted after that day is in force"
            )
        yield warning(drift.location, "citation-drift", message, hint)


__all__ = ["Drift", "drift_problems", "drifts"]
