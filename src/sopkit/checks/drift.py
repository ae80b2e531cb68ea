"""Citation drift: a section (or a clause of the policy in force) that cites a law whose
text changed after the section was last reviewed (or the policy version adopted).

The days come from policy_data/authorities.lock.yml, which only `sopkit authorities
refresh` writes; this check reads that file and nothing else, so it runs offline. An
authority the lock could not date (unverified, or a page that gave no date) is never
counted as changed: drift is only claimed from a date read at the publisher.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sopkit import model
from sopkit.diagnostics import Diagnostic, Location, warning
from sopkit.law.authorities import CitingPlace, citing_places
from sopkit.law.citations import Citation

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
    first_read_on: dt.date | None = None


def drifts(project: model.Project) -> Iterator[Drift]:
    """Each citation, in source order, of a law the lock dates after its reviewer saw it.
    A range (KRS 61.902-61.930) counts as citing each dated section inside it."""
    dated = {e.cite: e for e in project.locked if e.effective_on is not None}
    if not dated:
        return
    for place in citing_places(project):
        for entry in _entries_cited(place.citation, dated):
            drift = _drift(project, place, entry)
            if drift is not None:
                yield drift


def _entries_cited(
    citation: Citation, dated: dict[str, model.LockedAuthority]
) -> list[model.LockedAuthority]:
    if citation.normalized in dated:
        return [dated[citation.normalized]]
    if not (citation.range_start and citation.range_end):
        return []
    low, high = _krs_number(citation.range_start), _krs_number(citation.range_end)
    if low is None or high is None or low[0] != high[0]:
        return []
    return [
        entry
        for cite, entry in dated.items()
        if (number := _krs_number(cite)) is not None
        and number[0] == low[0]
        and low[1] <= number[1] <= high[1]
    ]


def _krs_number(cite: str) -> tuple[str, float] | None:
    """KRS 61.902 → ("61", 0.902): sections in a chapter are ordered as decimals
    (61.9021 comes after 61.902 and before 61.904)."""
    found = re.fullmatch(r"KRS (\d+[A-Z]?)\.(\d+)", cite)
    return (found[1], float(f"0.{found[2]}")) if found else None


def _drift(
    project: model.Project, place: CitingPlace, entry: model.LockedAuthority
) -> Drift | None:
    assert entry.effective_on is not None
    owner = place.owner
    if isinstance(owner, model.Section):
        if owner.review is None or owner.review.last_reviewed is None:
            return None  # never reviewed: the review check says so already
        looked_at = owner.review.last_reviewed
        who, section_id = f"section {owner.number} {owner.title}", owner.id
    elif place.version is not None and place.version.adopted_on is not None:
        policy = next((p.title for p in project.policies if place.version in p.versions), "")
        looked_at, section_id = place.version.adopted_on, None
        who = f"{policy or 'the policy'}, version {place.version.number}"
    else:
        return None
    # A text posted before the day it takes effect counts from the day it was read:
    # a review after that day has seen it.
    changed = min(d for d in (entry.effective_on, entry.first_read_on) if d is not None)
    if looked_at >= changed:
        return None
    return Drift(
        place.location,
        entry.cite,
        entry.effective_on,
        entry.previous_effective_on,
        who,
        looked_at,
        section_id,
        entry.checked_on,
        entry.first_read_on,
    )


def unique_drifts(found: Iterator[Drift]) -> list[Drift]:
    """One per thing that cites and law cited (a section may cite a law many times)."""
    seen: dict[tuple[str, str], Drift] = {}
    for drift in found:
        seen.setdefault((drift.who, drift.cite), drift)
    return list(seen.values())


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
        read = drift.first_read_on or drift.checked_on
        takes = "takes" if read is not None and drift.effective_on > read else "took"
        first = f", first read at its publisher on {long_date(read)}" if read is not None else ""
        message = (
            f"{drift.who} cites {drift.cite}, whose new text {takes} effect on "
            f"{long_date(drift.effective_on)}{before}{first}; it was last "
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


__all__ = ["Drift", "drift_problems", "drifts", "unique_drifts"]
