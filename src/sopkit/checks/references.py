"""Checks of the references to sections ([[section:id]]) and of section numbers written
out in the manual's prose."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from sopkit import model
from sopkit.diagnostics import Diagnostic, error, warning
from sopkit.sources.references import SECTION_REF, section_refs
from sopkit.sources.schema import did_you_mean
from sopkit.sources.textrules import mask_code

_WRITTEN_NUMBER = re.compile(r"\b([Ss]ections?)[ \u00a0]+([0-9]+)\.([0-9]+)\b(?!\.[0-9])")


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
    masked = SECTION_REF.sub(lambda m: " " * len(m.group(0)), mask_code(prose.text))
    for match in _WRITTEN_NUMBER.finditer(masked):
        chapter, number = match.group(2), f"{match.group(2)}.{match.group(3)}"
        if chapter in chapters and number not in numbers:
            yield warning(
                prose.locate(match.start()),
                "stale-section-number",
                f"{label}: '{match.group(0)}' names a section number the manual does not have",
                "refer to the section by its id, which shows its current number and links "
                "to it: [[section:ID]] (the id is on its id: line)",
            )
