"""Each section's history across the manual's published editions.

`section_timelines(editions)` takes the editions oldest first, each as its id and its
Project, and compares each edition with the one before it (with compare_projects, the
comparison `sopkit diff` prints), so that a section page can list the editions in which
that section was added, changed, renumbered or moved to another chapter, each with the
word-level redline of what changed. A section that was in the first edition and never
changed since has no events.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sopkit import model
from sopkit.compare.changes import EntryChange, FieldChange, TextChange, compare_projects

EventKind = Literal["added", "changed", "renumbered", "moved"]

# Values a reader sees as the section's place, reported as renumbered or moved rather
# than as changed text.
_PLACE = frozenset({"number"})


@dataclass(frozen=True)
class SectionEvent:
    """What one edition did to one section, compared with the edition before it."""

    edition: str
    kinds: tuple[EventKind, ...]
    """In reading order: added; or any of renumbered, moved, changed."""
    number: str
    title: str
    old_number: str | None = None
    """Its number in the edition before, when it was renumbered or moved."""
    old_chapter: str | None = None
    """The title of the chapter it was in before, when it moved."""
    texts: tuple[TextChange, ...] = ()
    """Its prose and steps that changed, each as a redline (for an added section: all
    of them, against nothing)."""
    fields: tuple[FieldChange, ...] = ()
    """Its other values that changed (its title, owner, ...), its number aside."""


def section_timelines(
    editions: Sequence[tuple[str, model.Project]],
) -> dict[str, tuple[SectionEvent, ...]]:
    """Every section's events, by section id, oldest edition first."""
    timelines: dict[str, list[SectionEvent]] = {}
    for (_, before), (edition, after) in itertools.pairwise(editions):
        for event_id, event in _edition_events(edition, before, after):
            timelines.setdefault(event_id, []).append(event)
    return {key: tuple(events) for key, events in timelines.items()}


def _edition_events(
    edition: str, before: model.Project, after: model.Project
) -> list[tuple[str, SectionEvent]]:
    old_chapters = _chapters_of(before)
    new_chapters = _chapters_of(after)
    old_sections = {s.id: s for s in before.manual.sections} if before.manual else {}
    new_sections = {s.id: s for s in after.manual.sections} if after.manual else {}
    events: list[tuple[str, SectionEvent]] = []
    for entry in compare_projects(before, after).entries:
        if entry.what != "section" or entry.kind == "removed":
            continue
        section = new_sections[entry.key]
        if entry.kind == "added":
            added = SectionEvent(
                edition, ("added",), section.number, section.title, texts=entry.texts
            )
            events.append((entry.key, added))
            continue
        was = old_sections[entry.key]
        events.append(
            (entry.key, _changed(edition, entry, section, was, old_chapters, new_chapters))
        )
    return [(key, event) for key, event in events if event.kinds]


def _changed(
    edition: str,
    entry: EntryChange,
    section: model.Section,
    was: model.Section,
    old_chapters: dict[str, model.Chapter],
    new_chapters: dict[str, model.Chapter],
) -> SectionEvent:
    kinds: list[EventKind] = []
    old_chapter = old_chapters[was.id]
    moved = old_chapter.id != new_chapters[section.id].id
    if was.number != section.number and not moved:
        kinds.append("renumbered")
    if moved:
        kinds.append("moved")
    other = [f for f in entry.fields if f.key not in _PLACE]
    if entry.texts or other:
        kinds.append("changed")
    return SectionEvent(
        edition,
        tuple(kinds),
        section.number,
        section.title,
        old_number=was.number if was.number != section.number else None,
        old_chapter=old_chapter.title if moved else None,
        texts=entry.texts,
        fields=tuple(other),
    )


def _chapters_of(project: model.Project) -> dict[str, model.Chapter]:
    if project.manual is None:
        return {}
    return {s.id: chapter for chapter in project.manual.chapters for s in chapter.sections}


__all__ = ["EventKind", "SectionEvent", "section_timelines"]
