"""Editions: which content each published site keeps.

The officers' edition (`internal`) keeps everything. The `public` edition removes, here,
before anything is rendered:

- internal sections (and a chapter left with no section), of which it keeps only the
  number and the `withheld_reason`, to say where each one would be and why it is not;
- inside public sections: internal steps, internal notes, and internal blocks of text
  (a `!!! internal` block in a body, step or definition);
- draft versions of policies, and internal policies.

So no page, search entry, sitemap line, feed item or PDF page of the public edition can
ever be made from them: hiding after rendering is not access control. A public text that
links to an internal page would still name it, so that is an error of the public build
(`public_edition_problems`), found here with the place it was written.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Literal

from sopkit import model
from sopkit.diagnostics import Diagnostic, Location, error, warning
from sopkit.sources.references import section_refs, written_numbers
from sopkit.sources.textrules import link_targets, mask_code

Edition = Literal["internal", "public"]
EDITIONS: tuple[Edition, ...] = ("internal", "public")

_INTERNAL_BLOCK = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+internal\b[^\n]*\n?", re.M)
_INDENTED_OR_BLANK = re.compile(r"(?:[ ]{4}|\t)[^\n]*\n?|[ \t]*\n")


def select_edition(project: model.Project, edition: Edition) -> model.Project:
    """The project as the given edition may show it."""
    if edition == "internal" or project.manual is None:
        return project
    manual = project.manual
    public = {s.id for s in manual.sections if s.visibility == "public"}
    chapters = tuple(
        dataclasses.replace(chapter, sections=sections)
        for chapter in manual.chapters
        if (
            sections := tuple(
                _public_section(s, public) for s in chapter.sections if s.id in public
            )
        )
    )
    # A policy the Board has not adopted (no version but drafts) is not published at all.
    policies = tuple(
        adopted
        for p in project.policies
        if p.visibility == "public" and (adopted := _adopted(p)).versions
    )
    selected = dataclasses.replace(
        project,
        manual=dataclasses.replace(
            manual,
            chapters=chapters,
            withheld=withheld_sections(manual),
            start_here=tuple(ref for ref in manual.start_here if ref.id in public),
        ),
        policies=policies,
    )
    # Every text the edition publishes, wherever it is (a body, a step, a clause, the
    # sample notice): without its internal blocks, and naming a withheld section by its
    # number only, so that not even its id reaches the renderer.
    withheld = {s.id: s.number for s in manual.sections if s.visibility != "public"}
    return model.map_prose(selected, lambda prose: public_text(prose, withheld))


def withheld_sections(manual: model.Manual) -> tuple[model.Withheld, ...]:
    """What the public edition says of each section it leaves out: its number and the
    reason the source gives, so that the numbering's gaps are explained. Nothing else of
    the section (not its title, id or text) is kept."""
    return tuple(
        model.Withheld(
            number=section.number,
            chapter=chapter.number,
            reason=section.withheld_reason or "",
            location=section.span("withheld_reason"),
        )
        for chapter in manual.chapters
        for section in chapter.sections
        if section.visibility != "public"
    )


def _public_section(section: model.Section, public: set[str]) -> model.Section:
    return dataclasses.replace(
        section,
        steps=tuple(step for step in section.steps if step.visibility == "public"),
        internal_notes=None,
        withheld_reason=None,
        see_also=tuple(ref for ref in section.see_also if ref.id in public),
    )


def _adopted(policy: model.Policy) -> model.Policy:
    """A policy without its drafts: a draft is not policy until the Board adopts it."""
    versions = tuple(v for v in policy.versions if v.status != "draft")
    return dataclasses.replace(policy, versions=versions)


# -- internal blocks ------------------------------------------------------------------


def internal_blocks(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each `!!! internal` block: its first line and the indented
    lines (and blank lines) that follow it. Blocks inside code do not count."""
    masked = mask_code(text)
    for match in _INTERNAL_BLOCK.finditer(masked):
        end = match.end()
        while end < len(text):
            line = _INDENTED_OR_BLANK.match(text, end)
            if line is None or line.end() == end:
                break
            end = line.end()
        yield match.start(), end


def remove_internal_blocks(text: str) -> str:
    pieces, last = [], 0
    for start, end in internal_blocks(text):
        pieces.append(text[last:start])
        last = end
    return "".join(pieces) + text[last:]


def public_text(prose: model.Prose, withheld: Mapping[str, str]) -> model.Prose:
    """The prose as the public edition publishes it: internal blocks left out, and each
    reference to a withheld section written as "section 8.2 (not published)". The text
    keeps its source and what changed in it, so that a problem found in what is
    published is still located in the file."""
    text = prose.text
    changes = [(start, end, "") for start, end in internal_blocks(text)]
    for ref in section_refs(text):
        if ref.id in withheld and not any(s <= ref.start < e for s, e, _ in changes):
            word = "Section" if ref.capital else "section"
            changes.append((ref.start, ref.end, f"{word} {withheld[ref.id]} (not published)"))
    if not changes:
        return prose
    pieces, last, edits = [], 0, []
    for start, end, replacement in sorted(changes):
        pieces += [text[last:start], replacement]
        edits.append((start, end, len(replacement)))
        last = end
    return model.Prose("".join(pieces) + text[last:], prose.scalar, tuple(edits))


# -- links into what the public edition leaves out ------------------------------------


def hidden_pages(project: model.Project) -> dict[str, str]:
    """The ids of the pages the public edition leaves out, each with what it is."""
    if project.manual is None:
        return {}
    hidden = {
        s.id: f"the internal section {s.number} {s.title}"
        for s in project.manual.sections
        if s.visibility != "public"
    }
    for chapter in project.manual.chapters:
        if all(s.id in hidden for s in chapter.sections):
            hidden[chapter.id] = f"the chapter {chapter.number} {chapter.title}, all internal"
    return hidden


def hidden_target(target: str, hidden: dict[str, str]) -> str | None:
    """What the page a link target leads to is, if the public edition leaves it out:
    any target whose path has such a page's id as a part (sop/tactical-plan/,
    ../tactical-plan.md, pdf/sections/tactical-plan.pdf)."""
    if not hidden:
        return None
    # The path only: an anchor on a public page (#incident-reports) names a heading, and
    # a clause may share its id with a section.
    path = html.unescape(target).split("#", 1)[0].split("?", 1)[0]
    if "://" in path:
        # Another site's pages have paths of their own: only an address shaped like one
        # of the manual's own pages (…/sop/<id>/, …/pdf/sections/<id>.pdf) is the
        # address of a page here, on another copy of the site.
        own = _OWN_ADDRESS.search(path)
        return hidden.get(own.group(1)) if own else None
    for part in path.split("/"):
        name = re.sub(r"\.(md|html|pdf)$", "", part)
        if name in hidden:
            return hidden[name]
    return None


_OWN_ADDRESS = re.compile(r"/(?:sop|pdf/sections|pdf/chapters)/([a-z0-9-]+)(?:[./]|$)")


def links_to_hidden(text: str, hidden: dict[str, str]) -> Iterator[tuple[int, str, str]]:
    """(offset, target, what it is) of each link in `text` (Markdown, or an HTML
    attribute such as href or src) to a page the public edition leaves out. Links inside
    code or inside `!!! internal` blocks do not count."""
    if not hidden:
        return
    removed = list(internal_blocks(text))
    for offset, target in link_targets(mask_code(text)):
        if any(start <= offset < end for start, end in removed):
            continue
        what = hidden_target(target, hidden)
        if what is not None:
            yield offset, target, what


def public_edition_problems(project: model.Project) -> list[Diagnostic]:
    """Links to pages the public edition does not have, from any text it publishes: a
    section's body, steps or definitions, a clause of a policy, the sample notice; and
    section numbers written out that name a section it withholds. The text is the public
    edition's own (internal blocks and steps already removed), so what is checked is
    exactly what would be published."""
    hidden = hidden_pages(project)
    if not hidden:
        return []
    public = select_edition(project, "public")
    problems = list(_links_to_hidden(public, hidden))
    problems += _numbers_of_withheld(project, public)
    return problems


def _links_to_hidden(public: model.Project, hidden: dict[str, str]) -> Iterator[Diagnostic]:
    for label, prose in model.iter_prose(public):
        for offset, target, what in links_to_hidden(prose.text, hidden):
            yield error(
                prose.locate(offset),
                "link-to-internal",
                f"{label}: links to '{target}', {what}, which the public edition does not have",
                "link to a public section, or put the link in a `!!! internal` block "
                "(the officers' edition keeps it)",
            )


_NOT_PUBLISHED = " (not published)"


def _numbers_of_withheld(project: model.Project, public: model.Project) -> Iterator[Diagnostic]:
    """A section number written out ("as section 5.4 requires") in a public text, where
    the public edition withholds that section: its readers would look for it in vain. A
    reference by id is written "section 5.4 (not published)" there instead."""
    if project.manual is None:
        return
    withheld = {s.number: s.id for s in project.manual.sections if s.visibility != "public"}
    for label, text, locate in _public_texts(public):
        for found in written_numbers(text):
            said = text[found.end : found.end + len(_NOT_PUBLISHED)]
            if found.number in withheld and said != _NOT_PUBLISHED:
                yield warning(
                    locate(found.start),
                    "withheld-section-number",
                    f"{label}: '{found.written}' names a section the public edition does not "
                    "publish, so its readers cannot follow it",
                    f"write [[section:{withheld[found.number]}]] instead (the public edition "
                    f'shows it as "section {found.number} (not published)", the officers\' '
                    "edition as a link)",
                )


def _public_texts(
    public: model.Project,
) -> Iterator[tuple[str, str, Callable[[int], Location]]]:
    """Every text the public edition publishes, Markdown and plain (a summary), each with
    a way to place an offset of it in its file (plain text: where its value starts)."""
    for label, prose in model.iter_prose(public):
        yield label, prose.text, prose.locate
    if public.manual is None:
        return
    for chapter in public.manual.chapters:
        plain: list[tuple[model.Located, str, str | None]] = [
            (chapter, "summary", chapter.summary),
            *((section, "summary", section.summary) for section in chapter.sections),
        ]
        for value, key, text in plain:
            if text is not None:
                yield key, text, _always(value.span(key))


def _always(where: Location) -> Callable[[int], Location]:
    """A plain text keeps no positions of its characters: each is placed at its start."""
    return lambda _offset: where


def without_unshown_merges(
    project: model.Project, earlier: Mapping[str, model.Project]
) -> model.Project:
    """The project with each edition's merges cut to those its edition of the site may
    name (`compare.editions.merges_shown`, against `earlier`: each earlier edition's
    sources, already selected, by edition id). The editions list itself is a source
    that `sopkit changes` reports, so a merge of an internal section, or of an edition
    this clone cannot read, is taken out of it, not only out of the pages."""
    if not any(edition.merged for edition in project.editions):
        return project
    # Imported here: the MkDocs plugin needs this module's other functions in a build
    # that finds its result in the cache, and comparing editions costs more to import.
    from sopkit.compare.editions import merges_shown

    sources = dict(earlier)
    if project.manual is not None:
        sources[project.manual.edition] = project
    editions: list[model.Edition] = []
    for index, edition in enumerate(project.editions):
        before = sources.get(project.editions[index - 1].id) if index else None
        after = sources.get(edition.id)
        shown = merges_shown(edition, before, after) if before and after else {}
        merged = tuple(m for m in edition.merged if shown.get(m.section) == m.into)
        editions.append(dataclasses.replace(edition, merged=merged))
    return dataclasses.replace(project, editions=tuple(editions))
