"""References to sections by id, so that a renumbering never leaves prose pointing at
nothing.

In any Markdown of the sources, `[[section:student-interviews]]` stands for "section
4.2", linked to the section, whatever its number is now (`[[Section:...]]` at the start
of a sentence gives "Section 4.2"). A section the edition does not publish is named by
its number only, "section 8.2 (not published)", never by its title or address.

Prose that writes a number itself ("as section 2.3 requires") goes stale when sections
are renumbered; the checks warn, where it is written, about such a number that matches
no section of the manual.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from sopkit.sources.textrules import mask_code

SECTION_REF = re.compile(r"\[\[([Ss]ection):([^\]\s]*)\]\]")
_WRITTEN_NUMBER = re.compile(r"\b([Ss]ections?)[ \u00a0]+([0-9]+)\.([0-9]+)\b(?!\.[0-9])")


@dataclass(frozen=True)
class WrittenNumber:
    """A section number written out in prose ("as section 2.3 requires")."""

    start: int
    end: int
    written: str
    """As written: "section 2.3"."""
    chapter: str
    number: str


def written_numbers(text: str) -> Iterator[WrittenNumber]:
    """Every "section N.N" written out in `text`, outside code and outside references."""
    masked = SECTION_REF.sub(lambda m: " " * len(m.group(0)), mask_code(text))
    for match in _WRITTEN_NUMBER.finditer(masked):
        chapter, number = match.group(2), f"{match.group(2)}.{match.group(3)}"
        yield WrittenNumber(match.start(), match.end(), match.group(0), chapter, number)


@dataclass(frozen=True)
class SectionRef:
    start: int
    end: int
    id: str
    capital: bool


def section_refs(text: str) -> Iterator[SectionRef]:
    """Every `[[section:id]]` in `text`, outside code."""
    for match in SECTION_REF.finditer(mask_code(text)):
        yield SectionRef(match.start(), match.end(), match.group(2), match.group(1) == "Section")


Resolve = Callable[[str], tuple[str, str | None] | None]
"""A section id → (its label, such as "4.2 Interviewing students", and the address to
link it to, or None where there is nowhere to link), or None if the edition does not
publish it."""


def expand_section_refs(text: str, resolve: Resolve, withheld: Mapping[str, str]) -> str:
    """`text` with each reference written out as Markdown: a link "section 4.2" (titled
    with the section's label), or "section 8.2 (not published)" for a section the edition
    withholds (`withheld`: id → number)."""
    pieces, last = [], 0
    for ref in section_refs(text):
        word = "Section" if ref.capital else "section"
        found = resolve(ref.id)
        if found is not None:
            label, link = found
            number = label.split(" ", 1)[0]
            written = (
                f'[{word} {number}]({link} "{html.escape(label, quote=True)}")'
                if link is not None
                else f"{word} {number}"
            )
        elif ref.id in withheld:
            written = f"{word} {withheld[ref.id]} (not published)"
        else:
            written = f"{word} {ref.id}"  # the checks refuse this; nothing to link
        pieces += [text[last : ref.start], written]
        last = ref.end
    return "".join(pieces) + text[last:]
