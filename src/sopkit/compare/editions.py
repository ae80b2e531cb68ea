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
from dataclasses import dataclass
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
        if before is not None and after is not None:
            changes = compare_projects(before, after)
        paired.append(EditionChanges(edition, previous, changes))
    return tuple(paired)


def section_change_sentence(entry: EntryChange, edition: str) -> str:
    """What happened to a section in an edition, in one sentence."""
    if entry.kind == "added":
        return f"Added in edition {edition} as {entry.title}."
    if entry.kind == "removed":
        return f"Removed in edition {edition} (it was {entry.title})."
    fields = {change.key: change for change in entry.fields}
    parts: list[str] = []
    if "number" in fields:
        number = fields.pop("number")
        parts.append(f"renumbered from {number.old} to {number.new}")
    if entry.old_path is not None and _folder(entry.old_path) != _folder(entry.path):
        parts.append("moved to another chapter")
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


def _folder(path: str) -> PurePosixPath:
    return PurePosixPath(path).parent


__all__ = ["EditionChanges", "edition_changes", "section_change_sentence"]
