"""Each section's history across editions: the editions in which it was added, changed,
renumbered or moved, each with the redline of what changed, read back from git."""

from __future__ import annotations

import dataclasses

from conftest import ProjectFolder
from sopkit import model
from sopkit.compare.timeline import section_timelines
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from test_edition_history import three_editions  # noqa: F401  (a fixture)


def editions_of(project: ProjectFolder) -> list[tuple[str, model.Project]]:
    loaded = load_with_history(Layout(project.root))
    current = loaded.project
    assert current.manual is not None
    return [(e.edition.id, e.project) for e in loaded.history] + [(current.manual.edition, current)]


def test_a_retitled_section_changed_in_the_edition_that_retitled_it(
    three_editions: tuple[ProjectFolder, str, str],  # noqa: F811
) -> None:
    project, _, _ = three_editions
    timelines = section_timelines(editions_of(project))
    # Searches lost its withheld_reason in 2025-26 (and was removed in 2026-27, which
    # leaves it no page to show a history on).
    assert sorted(timelines) == [
        "interview-notes", "student-interviews", "student-searches", "telling-parents"
    ]  # fmt: skip
    [searches] = timelines["student-searches"]
    assert (searches.edition, searches.kinds) == ("2025-26", ("changed",))
    [event] = timelines["student-interviews"]
    assert (event.edition, event.kinds, event.number, event.title) == (
        "2025-26",
        ("changed",),
        "4.2",
        "Student interviews",
    )
    # Added as 4.5 in 2025-26, renumbered 4.3 in 2026-27.
    added, renumbered = timelines["telling-parents"]
    assert (added.edition, added.kinds, added.number) == ("2025-26", ("added",), "4.5")
    assert (renumbered.edition, renumbered.kinds, renumbered.old_number) == (
        "2026-27",
        ("renumbered",),
        "4.5",
    )
    # Moved to another chapter, its number with it.
    [moved] = timelines["interview-notes"]
    assert (moved.kinds, moved.number, moved.old_number, moved.old_chapter) == (
        ("moved",),
        "7.1",
        "4.4",
        "Student contacts",
    )


def renumbered(project: model.Project, section_id: str, number: str) -> model.Project:
    assert project.manual is not None
    chapters = tuple(
        dataclasses.replace(
            chapter,
            sections=tuple(
                dataclasses.replace(s, number=number) if s.id == section_id else s
                for s in chapter.sections
            ),
        )
        for chapter in project.manual.chapters
    )
    return dataclasses.replace(
        project, manual=dataclasses.replace(project.manual, chapters=chapters)
    )


def test_a_section_renumbered_and_one_added_say_so(project: ProjectFolder) -> None:
    first = load_with_history(Layout(project.root)).project
    assert first.manual is not None
    later = renumbered(first, "student-searches", "4.4")
    timelines = section_timelines([("2025-26", first), ("2026-27", later)])
    [event] = timelines["student-searches"]
    assert (event.kinds, event.number, event.old_number, event.texts) == (
        ("renumbered",),
        "4.4",
        "4.3",
        (),
    )
    added = section_timelines([("2025-26", renumbered(first, "x", "9")), ("2026-27", first)])
    assert added == {}
    # A section the first edition did not have is added in the next, with its text.
    without = dataclasses.replace(
        first,
        manual=dataclasses.replace(
            first.manual,
            chapters=tuple(
                dataclasses.replace(
                    c, sections=tuple(s for s in c.sections if s.id != "student-searches")
                )
                for c in first.manual.chapters
            ),
        ),
    )
    [new] = section_timelines([("2025-26", without), ("2026-27", first)])["student-searches"]
    assert (new.kinds, new.number, new.title) == (("added",), "4.3", "Searches")
    assert [t.key for t in new.texts] == ["body"]
    assert new.texts[0].redline.explain("text") == "{+Searches follow the law.+}"
