"""What the manual's editions changed: each section's history on its page, and one
"What's new" page for each edition after the first.

Both come from the section timelines of sopkit.compare.timeline (the comparison that
`sopkit diff` prints), edition by edition, and show each change as the word-level
redline that the policy comparison pages use.

Two kinds of change are not counted as a section changing: its list of related
sections (a section loses an entry there when the section it named is removed, and the
removal is listed on its own), and its review record (the section's facts list every
review). A section whose only changes were those is unchanged.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from sopkit import model
from sopkit.compare.changes import FieldChange, TextChange
from sopkit.compare.editions import merges_shown
from sopkit.compare.redline import compare
from sopkit.compare.timeline import EventKind, SectionEvent, section_timelines
from sopkit.render.environment import Link
from sopkit.render.paths import MANUAL_INDEX, manual_page, policy_page
from sopkit.render.text import relative_link
from sopkit.sources.references import SECTION_REF
from sopkit.views import Views
from sopkit.web.rendered import NavEntry, RenderedPage

EditionSources = tuple[str, model.Project]
"""An edition's id and its sources, as the edition being built may show them."""

_NOT_A_CHANGE = ("see_also", "review")
"""Keys (and their dotted children) whose change does not count: see the module's doc."""

_LABELS = {
    "body": "Text",
    "steps": "Procedure",
    "summary": "Summary",
    "title": "Title",
    "definitions": "Definitions",
    "internal_notes": "Internal notes",
    "implements": "Policy clauses it carries out",
    "audiences": "For",
    "owner": "Owner",
    "training_topics": "Training topics",
}


def whats_new_editions(history: EditionHistory) -> list[str]:
    """The editions that have a What's new page: each after the first read, newest first."""
    return [history.editions[i][0] for i in range(len(history.editions) - 1, 0, -1)]


def whats_new_page(edition: str) -> str:
    """The address of an edition's "What's new" page, beside the manual's pages."""
    return f"sop/whats-new-{edition}.md"


@dataclass(frozen=True)
class Redlined:
    """One value that changed, as a labelled redline (HTML, its text escaped)."""

    label: str
    html: Markup


@dataclass(frozen=True)
class Change:
    """What one edition did to one section, as its page and the What's new page say."""

    edition: str
    summary: str
    """In a few words: "text changed; renumbered from 3.5"."""
    kinds: tuple[EventKind, ...]
    number: str
    title: str
    redlines: tuple[Redlined, ...] = ()


@dataclass(frozen=True)
class SectionHistory:
    """A section's history across the editions this build can read."""

    changes: tuple[Change, ...]
    """Newest edition first."""
    first_edition: str
    """The oldest edition read (the first listed, when the clone holds every one)."""


@dataclass(frozen=True)
class NamedSection:
    """A section as a list names it: its number and title, and a link where it has one."""

    number: str
    title: str
    link: str | None = None
    removed: bool = False
    """Removed by the edition: its number and title are those it had before."""


@dataclass(frozen=True)
class Removed:
    number: str
    title: str
    into: NamedSection | None = None
    """The section that took in what it said, when the edition merged it into one."""


@dataclass(frozen=True)
class ClauseNews:
    """A policy clause whose procedures an edition changed: the sections carrying it out
    that the edition added, removed or changed."""

    clause: Link
    sections: tuple[NamedSection, ...]


@dataclass(frozen=True)
class ChapterNews:
    """One chapter's part of a What's new page: its sections, by what happened."""

    number: str
    title: str
    link: str | None
    added: tuple[tuple[Change, str | None], ...] = ()
    removed: tuple[Removed, ...] = ()
    renumbered: tuple[tuple[Change, str | None], ...] = ()
    moved: tuple[tuple[Change, str | None], ...] = ()
    changed: tuple[tuple[Change, str | None], ...] = ()


# -- what counts, and how it reads --------------------------------------------------------


def _counts(key: str) -> bool:
    return not any(key == k or key.startswith(k + ".") for k in _NOT_A_CHANGE)


def _label(key: str) -> str:
    first = key.split(".")[0]
    return _LABELS.get(first, key.replace("_", " ").replace(".", ": ").capitalize())


def _reference_words(text: str, labels: Mapping[str, str]) -> str:
    """Redline HTML with each [[section:id]] as the section's label, in words."""

    def words(match: re.Match[str]) -> str:
        return html.escape(labels.get(match.group(2), "another section"), quote=False)

    return SECTION_REF.sub(words, text)


def _redline_of_text(change: TextChange, labels: Mapping[str, str]) -> Redlined:
    return Redlined(
        _label(change.key), Markup(_reference_words(change.redline.explain("html"), labels))
    )


def _redline_of_field(change: FieldChange) -> Redlined:
    return Redlined(_label(change.key), Markup(compare(change.old, change.new).explain("html")))


def counted(event: SectionEvent, labels: Mapping[str, str]) -> Change | None:
    """The event as a reader's change, or None when nothing in it counts."""
    texts = [t for t in event.texts if _counts(t.key)]
    fields = [f for f in event.fields if _counts(f.key)]
    kinds = tuple(k for k in event.kinds if k != "changed" or texts or fields)
    if not kinds:
        return None
    words: list[str] = []
    if "added" in kinds:
        words.append("added")
    elif "changed" in kinds:
        if texts:
            words.append("text changed")
        if any(f.key == "title" for f in fields):
            words.append("retitled")
        if any(f.key != "title" for f in fields):
            words.append("details changed")
    if "renumbered" in kinds:
        words.append(f"renumbered from {event.old_number}")
    if "moved" in kinds:
        was = f" (was {event.old_number})" if event.old_number else ""
        words.append(f"moved from the chapter {event.old_chapter}{was}")
    redlines = (
        ()
        if "added" in kinds
        else (
            *(_redline_of_field(f) for f in fields if f.key == "title"),
            *(_redline_of_text(t, labels) for t in texts),
            *(_redline_of_field(f) for f in fields if f.key != "title"),
        )
    )
    return Change(event.edition, "; ".join(words), kinds, event.number, event.title, redlines)


def _labels(editions: Sequence[EditionSources]) -> dict[str, str]:
    """Every section's label by id, the newest edition's where it has one."""
    labels: dict[str, str] = {}
    for _, project in editions:
        if project.manual is not None:
            labels |= {s.id: f"section {s.number} {s.title}" for s in project.manual.sections}
    return labels


# -- the whole history ------------------------------------------------------------------


class EditionHistory:
    """Every section's changes across `editions` (oldest first, the current one last)."""

    def __init__(
        self, editions: Sequence[EditionSources], listed: Sequence[model.Edition] = ()
    ) -> None:
        """`listed`: sop/editions.yml's editions, for the sections each merged."""
        self.editions = tuple(editions)
        self.labels = _labels(self.editions)
        self.merged: dict[str, dict[str, str]] = {}
        """By edition id: each section it merged into another, by id → the other's id
        (only where the sources read hold both: see compare.editions.merged_titles)."""
        records = {e.id: e for e in listed}
        for (_, before), (edition, after) in itertools.pairwise(self.editions):
            if (record := records.get(edition)) is not None:
                self.merged[edition] = merges_shown(record, before, after)
        self.changes: dict[str, tuple[Change, ...]] = {}
        for section_id, events in section_timelines(self.editions).items():
            changes = tuple(c for e in events if (c := counted(e, self.labels)) is not None)
            if changes:
                self.changes[section_id] = changes
        for index in range(1, len(self.editions)):
            self._took_in(index)

    def _took_in(self, index: int) -> None:
        """Each section that took in another says so in that edition's change."""
        (_, before), (edition, after) = self.editions[index - 1], self.editions[index]
        merged = self.merged.get(edition, {})
        if not merged or before.manual is None or after.manual is None:
            return  # (merges_shown names none where either edition has no manual)
        old = {s.id: s for s in before.manual.sections}
        new = {s.id: s for s in after.manual.sections}
        for removed_id, into_id in merged.items():
            was, into = old[removed_id], new[into_id]
            # Its old number: in this edition another section may have it.
            words = f"took in the former {was.number} {was.title}"
            changes = list(self.changes.get(into_id, ()))
            at = next((i for i, c in enumerate(changes) if c.edition == edition), None)
            if at is None:
                changes.append(Change(edition, words, ("changed",), into.number, into.title))
            else:
                changes[at] = replace(changes[at], summary=f"{changes[at].summary}; {words}")
            self.changes[into_id] = tuple(changes)

    @property
    def shown(self) -> bool:
        """Whether there is any history to show: an earlier edition was read."""
        return len(self.editions) > 1

    def of_section(self, section_id: str) -> SectionHistory | None:
        if not self.shown:
            return None
        changes = self.changes.get(section_id, ())
        return SectionHistory(tuple(reversed(changes)), self.editions[0][0])

    def news(
        self, index: int, from_page: str, published: Mapping[str, object]
    ) -> list[ChapterNews]:
        """What edition `index` changed, by chapter; links go to the sections that the
        current edition publishes (`published`: their ids)."""
        (_, before), (edition, after) = self.editions[index - 1], self.editions[index]
        assert after.manual is not None
        chapters: dict[str, ChapterNews] = {}
        for chapter in after.manual.chapters:
            chapters[chapter.id] = ChapterNews(
                chapter.number,
                chapter.title,
                relative_link(from_page, manual_page(chapter.id))
                if chapter.id in published
                else None,
            )
        chapter_of = {s.id: c.id for c in after.manual.chapters for s in c.sections}
        for section_id, changes in self.changes.items():
            for change in changes:
                if change.edition != edition or section_id not in chapter_of:
                    continue
                news = chapters[chapter_of[section_id]]
                link = (
                    relative_link(from_page, manual_page(section_id))
                    if section_id in published
                    else None
                )
                listed = (change, link)
                if "added" in change.kinds:
                    news = replace(news, added=(*news.added, listed))
                else:
                    if "moved" in change.kinds:
                        news = replace(news, moved=(*news.moved, listed))
                    elif "renumbered" in change.kinds:
                        news = replace(news, renumbered=(*news.renumbered, listed))
                    if "changed" in change.kinds:
                        news = replace(news, changed=(*news.changed, listed))
                chapters[chapter_of[section_id]] = news
        old_chapters = {
            s.id: c for c in (before.manual.chapters if before.manual else ()) for s in c.sections
        }
        # Removed: a section of the edition before that this one does not have (what
        # compare_projects, run once already for the timelines, calls removed).
        kept = {s.id for s in after.manual.sections}
        removed = [s for s in before.manual.sections if s.id not in kept] if before.manual else []
        new_sections = {s.id: s for s in after.manual.sections}
        for section in removed:
            old_chapter = old_chapters[section.id]
            news = chapters.get(old_chapter.id) or ChapterNews(
                old_chapter.number, old_chapter.title, None
            )
            into = None
            if (into_id := self.merged.get(edition, {}).get(section.id)) is not None:
                target = new_sections[into_id]
                link = (
                    relative_link(from_page, manual_page(into_id)) if into_id in published else None
                )
                into = NamedSection(target.number, target.title, link)
            chapters[old_chapter.id] = replace(
                news, removed=(*news.removed, Removed(section.number, section.title, into))
            )
        ordered = sorted(chapters.values(), key=lambda c: model.number_key(c.number))
        return [_sorted(c) for c in ordered if _any(c)]

    def clause_sections(
        self, index: int, from_page: str, published: Mapping[str, object]
    ) -> dict[str, tuple[NamedSection, ...]]:
        """Each clause reference (as `implements` writes it) that a section edition
        `index` added, removed or changed carries out, with those sections in number
        order. A changed section counts for the clauses it carried out before and after:
        one that stopped carrying a clause out changed that clause's procedures too. A
        section only renumbered or moved is not counted: its procedure is the same."""
        (_, before), (edition, after) = self.editions[index - 1], self.editions[index]
        old = {s.id: s for s in before.manual.sections} if before.manual else {}
        new = {s.id: s for s in after.manual.sections} if after.manual else {}
        touched: list[tuple[model.Section, list[str], str | None, bool]] = []
        for section_id, changes in self.changes.items():
            section = new.get(section_id)
            if section is None or not any(
                c.edition == edition and ("added" in c.kinds or "changed" in c.kinds)
                for c in changes
            ):
                continue
            refs = [r.id for r in section.implements]
            if section_id in old:
                refs += [r.id for r in old[section_id].implements]
            link = (
                relative_link(from_page, manual_page(section_id))
                if section_id in published
                else None
            )
            touched.append((section, refs, link, False))
        for section_id, section in old.items():
            if section_id not in new:
                touched.append((section, [r.id for r in section.implements], None, True))
        clauses: dict[str, list[NamedSection]] = {}
        for section, refs, link, removed in sorted(
            touched, key=lambda t: model.number_key(t[0].number)
        ):
            named = NamedSection(section.number, section.title, link, removed)
            for ref in dict.fromkeys(refs):
                clauses.setdefault(ref, []).append(named)
        return {ref: tuple(sections) for ref, sections in clauses.items()}


def _any(news: ChapterNews) -> bool:
    return bool(news.added or news.removed or news.renumbered or news.moved or news.changed)


def _sorted(news: ChapterNews) -> ChapterNews:
    def by_number(
        entries: tuple[tuple[Change, str | None], ...],
    ) -> tuple[tuple[Change, str | None], ...]:
        return tuple(sorted(entries, key=lambda e: model.number_key(e[0].number)))

    return replace(
        news,
        added=by_number(news.added),
        removed=tuple(sorted(news.removed, key=lambda r: model.number_key(r.number))),
        renumbered=by_number(news.renumbered),
        moved=by_number(news.moved),
        changed=by_number(news.changed),
    )


# -- the pages ----------------------------------------------------------------------------

MakePage = Callable[..., RenderedPage]


def whats_new_pages(
    history: EditionHistory,
    make_page: MakePage,
    manual: model.Manual,
    published: Mapping[str, object],
    listed: Sequence[model.Edition],
    views: Views | None = None,
) -> tuple[list[RenderedPage], list[NavEntry]]:
    """One What's new page for each edition after the first, newest first, with their
    navigation entries (`listed`: sop/editions.yml's editions, for their approval;
    `views`: the edition's, to name and link the policy clauses whose procedures
    changed)."""
    pages: list[RenderedPage] = []
    entries: list[NavEntry] = []
    editions = {e.id: e for e in listed}
    for index in range(len(history.editions) - 1, 0, -1):
        edition = history.editions[index][0]
        previous = history.editions[index - 1][0]
        path = whats_new_page(edition)
        title = f"What’s new in edition {edition}"
        record = editions.get(edition)
        pages.append(
            make_page(
                "whats_new.md.j2",
                path,
                title,
                record.location if record is not None else manual.location,
                "whats-new",
                description=f"What edition {edition} of the {manual.title} changed since "
                f"edition {previous}.",
                # It sums up the sections' own changes: search finds the sections.
                search={"exclude": True},
                edition=edition,
                previous=previous,
                record=record,
                chapters=history.news(index, path, published),
                clauses=clause_news(history.clause_sections(index, path, published), views, path)
                if views is not None
                else [],
                manual_link=relative_link(path, MANUAL_INDEX),
            )
        )
        entries.append(NavEntry(title, path))
    return pages, entries


def clause_news(
    clauses: Mapping[str, Sequence[NamedSection]], views: Views, from_page: str
) -> list[ClauseNews]:
    """The clauses as a What's new page lists them: in the order of the manual's policy
    (another policy's after it, by label), each labelled and linked as a section page's
    "Carries out" does. A clause of a policy the edition leaves out is not listed."""
    order = {clause: i for i, clause in enumerate(views.labels)}
    found: list[tuple[tuple[int, str], ClauseNews]] = []
    for ref, sections in clauses.items():
        target = views.clause_target(ref)
        if target is None:
            continue
        policy, clause = target
        label = views.clause_label(ref)
        link = Link(label, relative_link(from_page, policy_page(policy.id), clause))
        key = (order.get(clause, len(order)) if policy is views.policy else len(order), label)
        found.append((key, ClauseNews(link, tuple(sections))))
    return [news for _, news in sorted(found, key=lambda f: f[0])]


__all__ = [
    "Change",
    "ChapterNews",
    "ClauseNews",
    "EditionHistory",
    "EditionSources",
    "NamedSection",
    "Redlined",
    "Removed",
    "SectionHistory",
    "clause_news",
    "counted",
    "whats_new_editions",
    "whats_new_page",
    "whats_new_pages",
]
