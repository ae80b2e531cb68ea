"""The manual's published editions (sop/editions.yml) agree with each other and with
sop/manual.yml."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterator, Mapping, Sequence

from sopkit import model
from sopkit.checks.meaning import unique
from sopkit.diagnostics import Diagnostic, error
from sopkit.sources.project import EarlierEdition
from sopkit.sources.schema import did_you_mean


def edition_problems(
    project: model.Project, history: Sequence[EarlierEdition] = ()
) -> Iterator[Diagnostic]:
    """Every problem of the editions list, once the file itself could be read; its
    merges are checked against each edition's sources this clone holds (`history`)."""
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
    # An edition whose sections could not all be read back is not checked against:
    # a section left out of it (today's rules refuse its file) would look missing.
    sources = {
        earlier.edition.id: earlier.project
        for earlier in history
        if "section" not in earlier.project.incomplete
    }
    if project.manual is not None and "section" not in project.incomplete:
        sources[editions[-1].id] = project
    for index, edition in enumerate(editions):
        previous = editions[index - 1] if index else None
        yield from _merged_twice(edition)
        for merge in edition.merged:
            yield from _merge_problems(merge, edition, previous, sources)


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


def _merge_problems(
    merge: model.Merge,
    edition: model.Edition,
    previous: model.Edition | None,
    sources: Mapping[str, model.Project],
) -> Iterator[Diagnostic]:
    """A merge names a section the edition before had and this one removed, and a
    section this edition has; each is checked where this clone holds those sources."""
    if previous is None:
        yield error(
            merge.location,
            "merge-without-edition-before",
            f"edition {edition.id} is the first edition listed, so no section was merged "
            "away in it: a merge names a section the edition before it had",
            "delete this merge, or list the edition it was merged from before this one",
        )
        return
    now = _section_ids(sources.get(edition.id))
    before = _section_ids(sources.get(previous.id))
    if now is not None and merge.into not in now:
        yield error(
            merge.span("into"),
            "merge-into-unknown",
            f"into: '{merge.into}' is not a section of edition {edition.id}"
            f"{did_you_mean(merge.into, now)}",
            "write the id of the section that took in what it said"
            + _example("into", merge.into, now),
        )
    if now is not None and merge.section in now:
        yield error(
            merge.span("section"),
            "merged-section-kept",
            f"section: '{merge.section}' is still a section of edition {edition.id}: a "
            "merged section is one the edition removed",
            f"delete this merge, or remove the section {merge.section} from the manual",
        )
    elif before is not None and merge.section not in before:
        removed = [id_ for id_ in before if now is None or id_ not in now]
        yield error(
            merge.span("section"),
            "merged-section-unknown",
            f"section: '{merge.section}' is not a section of edition {previous.id}, the "
            f"edition before {edition.id}{did_you_mean(merge.section, removed)}",
            "write the id of a section that edition had and this one removed"
            + _example("section", merge.section, removed),
        )


def _merged_twice(edition: model.Edition) -> Iterator[Diagnostic]:
    seen: dict[str, model.Merge] = {}
    for merge in edition.merged:
        first = seen.setdefault(merge.section, merge)
        if first is not merge:
            yield error(
                merge.span("section"),
                "merged-twice",
                f"section: '{merge.section}' is merged twice in edition {edition.id} (first "
                f"at line {first.span('section').line}): a section is merged into one other",
                "delete one of the two merges",
            )


def _section_ids(project: model.Project | None) -> list[str] | None:
    if project is None or project.manual is None:
        return None
    return [section.id for section in project.manual.sections]


def _example(key: str, value: str, options: list[str]) -> str:
    """ ", e.g. key: the-closest-id", or the ids to choose from when none is close (never
    an arbitrary id, which would pass the check and say something false)."""
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if close:
        return f", e.g. {key}: {close[0]}"
    if not options:
        return " (that edition removed none), or delete this merge"
    shown = ", ".join(options[:6]) + (", …" if len(options) > 6 else "")
    return f": one of {shown}"
