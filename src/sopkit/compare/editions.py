"""What each edition of the manual changed, compared with the edition before it.

The editions come from sop/editions.yml; each earlier edition's sources were read back
from git (sources/history.py) and selected for the edition being built, so that what is
compared here is what that edition of the site shows: the public edition's changes are
public changes only. The comparison itself is `compare_projects`, the one `sopkit diff`
prints; this module only pairs each edition with the one before it and words what
happened to a section in one sentence, for the feeds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sopkit import model
from sopkit.compare.changes import EntryChange, ProjectChanges, compare_projects
from sopkit.sources.history import listed as _listed


@dataclass(frozen=True)
class EditionChanges:
    """One edition, and what it changed since the edition before it."""

    edition: model.Edition
    previous: model.Edition | None
    """The edition before it (None for the first edition listed)."""
    changes: ProjectChanges | None
    """None for the first edition, or when this clone lacks either edition's sources."""
    merged: Mapping[str, str] = field(default_factory=dict)
    """Each removed section merged into another, by id: the number and title of the
    section that took it in (only where both are in the sources compared)."""

    @property
    def sections(self) -> tuple[EntryChange, ...]:
        """The sections it added, removed or changed, in reading order."""
        if self.changes is None:
            return ()
        return tuple(entry for entry in self.changes.entries if entry.what == "section")


def edition_changes(
    editions: Sequence[model.Edition], sources: Mapping[str, model.Project]
) -> tuple[EditionChanges, ...]:
    """Each edition, oldest first, with its changes; `sources` holds each edition's
    project by edition id (those this clone could read)."""
    paired: list[EditionChanges] = []
    for index, edition in enumerate(editions):
        previous = editions[index - 1] if index else None
        before = sources.get(previous.id) if previous is not None else None
        after = sources.get(edition.id)
        changes = None
        merged: dict[str, str] = {}
        if before is not None and after is not None:
            changes = compare_projects(before, after)
            merged = merged_titles(edition, before, after)
        paired.append(EditionChanges(edition, previous, changes, merged))
    return tuple(paired)


def merges_shown(
    edition: model.Edition, before: model.Project, after: model.Project
) -> dict[str, str]:
    """The sections `edition` merged into another, by id → the other's id. A merge is
    shown only where both sections are in the sources compared (so a public edition
    never names an internal one): the removed one in the edition before, and not in
    this one, and the other in this one."""
    had = {s.id for s in before.manual.sections} if before.manual else set()
    now = {s.id for s in after.manual.sections} if after.manual else set()
    return {
        merge.section: merge.into
        for merge in edition.merged
        if merge.section in had and merge.section not in now and merge.into in now
    }


def merged_titles(
    edition: model.Edition, before: model.Project, after: model.Project
) -> dict[str, str]:
    """The sections `edition` merged, by id → the number and title of the section that
    took each in."""
    now = {s.id: s for s in after.manual.sections} if after.manual else {}
    return {
        removed: f"{now[into].number} {now[into].title}"
        for removed, into in merges_shown(edition, before, after).items()
    }


def section_change_sentence(
    entry: EntryChange, edition: str, merged_into: str | None = None
) -> str:
    """What happened to a section in an edition, in one sentence (`merged_into`: the
    number and title of the section that took in a removed one)."""
    if entry.kind == "added":
        return f"Added in edition {edition} as {entry.title}."
    if entry.kind == "removed" and merged_into is not None:
        return f"Merged into {merged_into} in edition {edition} (it was {entry.title})."
    if entry.kind == "removed":
        return f"Removed in edition {edition} (it was {entry.title})."
    fields = {change.key: change for change in entry.fields}
    parts: list[str] = []
    number = fields.pop("number", None)
    if _moved(entry):
        was = f" (was {number.old}, now {number.new})" if number is not None else ""
        parts.append(f"moved to another chapter{was}")
    elif number is not None:
        parts.append(f"renumbered from {number.old} to {number.new}")
    if "title" in fields:
        title = fields.pop("title")
        parts.append(f"retitled from “{title.old}” to “{title.new}”")
    texts = sorted({text.key.split(".")[0] for text in entry.texts})
    if texts:
        parts.append(f"its text changed ({', '.join(texts)})")
    others = sorted({key.split(".")[0] for key in fields})
    if others:
        parts.append(f"its {_listed(others)} changed")
    if not parts:
        parts.append("its source file was renamed")
    sentence = "; ".join(parts)
    return f"Changed in edition {edition}: {sentence}."


def section_change_kind(entry: EntryChange) -> str:
    """added, removed, changed, or, for a section whose only change is its place (its
    number, its chapter's folder), renumbered or moved."""
    if entry.kind != "changed" or entry.texts or any(f.key != "number" for f in entry.fields):
        return entry.kind
    return "moved" if _moved(entry) else "renumbered"


def _moved(entry: EntryChange) -> bool:
    return entry.old_path is not None and _folder(entry.old_path) != _folder(entry.path)


def _folder(path: str) -> PurePosixPath:
    return PurePosixPath(path).parent


__all__ = [
    "EditionChanges",
    "edition_changes",
    "merged_titles",
    "merges_shown",
    "section_change_kind",
    "section_change_sentence",
]
