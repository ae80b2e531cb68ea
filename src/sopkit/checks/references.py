"""Checks of the references to sections ([[section:id]]) and of section numbers written
out in the manual's prose."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sopkit import model
from sopkit.diagnostics import Diagnostic, error, warning
from sopkit.sources.references import section_refs, written_numbers
from sopkit.sources.schema import did_you_mean


def section_ref_problems(project: model.Project) -> Iterator[Diagnostic]:
    """Each reference to a section that does not exist (an error, with the nearest id),
    and each section number written in the manual's prose that matches no section."""
    manual = project.manual
    if manual is None or project.incomplete & {"section", "chapter"}:
        return
    ids = [section.id for section in manual.sections]
    numbers = {section.number for section in manual.sections}
    chapters = {chapter.number for chapter in manual.chapters}
    for label, prose in model.iter_prose(project):
        for ref in section_refs(prose.text):
            if ref.id not in ids:
                close = difflib.get_close_matches(ref.id, ids, n=1, cutoff=0.6)
                yield error(
                    prose.locate(ref.start),
                    "unknown-section-reference",
                    f"{label}: [[section:{ref.id}]] names no section{did_you_mean(ref.id, ids)}",
                    "write the id of a section (its id: line), e.g. "
                    f"[[section:{close[0] if close else ids[0]}]]",
                )
    for label, prose in model.iter_prose(manual):
        yield from _stale_numbers(label, prose, numbers, chapters)


def _stale_numbers(
    label: str, prose: model.Prose, numbers: set[str], chapters: set[str]
) -> Iterator[Diagnostic]:
    for found in written_numbers(prose.text):
        if found.chapter in chapters and found.number not in numbers:
            yield warning(
                prose.locate(found.start),
                "stale-section-number",
                f"{label}: '{found.written}' names a section number the manual does not have",
                "refer to the section by its id, which shows its current number and links "
                "to it: [[section:ID]] (the id is on its id: line)",
            )
