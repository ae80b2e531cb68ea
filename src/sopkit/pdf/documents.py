"""The printable documents of one edition, as print HTML for WeasyPrint.

The documents are made from the model, not from the website: the manual (cover,
contents with page numbers, every chapter and section, the policy and the authorities
as appendices), one document per chapter and per section, the policy in force and each
of its versions, and a redline of every pair of versions (neighbours or not). Each is complete
HTML with its print stylesheet inside, so that the same HTML always makes the same PDF.

Ids inside a document carry a prefix by kind (`s-` a section, `c-` a chapter, `p-` a
clause of the policy, `a-` an authority), so that a section and a clause with the same
id never collide. A link to something inside the document jumps to its page; a link to
something outside goes to the website when its address is known, and is left as plain
text when it is not (a PDF has nowhere else to go).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from sopkit import model
from sopkit.compare.versions import UnitChange, VersionComparison, every_comparison
from sopkit.editions.select import Edition
from sopkit.law.citations import Citation
from sopkit.law.clauses import clause_numbers
from sopkit.render.environment import make_environment, render_template
from sopkit.render.imprint import file_mark, imprint_of
from sopkit.render.linking import Target, link_citations
from sopkit.render.markdown_html import markdown_html
from sopkit.render.paths import (
    authority_anchor,
    chapter_pdf,
    comparison_pdf,
    manual_page,
    manual_pdf,
    policy_page,
    policy_pdf,
    section_pdf,
    whats_new_pdf,
)
from sopkit.sources.references import expand_section_refs
from sopkit.sources.textrules import FOOTNOTE
from sopkit.views import ChapterContents, ReadsViews, Views, WithheldRun

STYLESHEET = Path(__file__).parent / "print.css"
DocumentKind = Literal[
    "manual", "chapter", "section", "policy", "policy-version", "policy-comparison", "whats-new"
]
PageUrl = Callable[[str], str | None]
"""The web address of a page of the site (by its path among the pages), if known."""


@dataclass(frozen=True)
class PrintDocument:
    path: str
    """Where the PDF goes in the site: pdf/sections/student-interviews.pdf."""
    title: str
    kind: DocumentKind
    html: str


@dataclass(frozen=True)
class WhatsNew:
    """What one edition of the manual changed since the one before, as the What's new
    page of the site shows it (sopkit.web.history_pages works it out; the pipeline hands
    it over, so the page and its PDF say the same)."""

    edition: str
    previous: str
    record: model.Edition | None
    """sop/editions.yml's entry for the edition: its approval."""
    chapters: Sequence[object]
    """sopkit.web.history_pages.ChapterNews, read by the template only."""
    clauses: Mapping[str, Sequence[object]]
    """Each clause reference whose procedures changed → the sections that changed it
    (sopkit.web.history_pages.NamedSection, read by the template only)."""


@dataclass(frozen=True)
class PrintOptions:
    edition: Edition = "internal"
    as_of: dt.date | None = None
    """The day review status is worked out for; None leaves review status out."""
    generated: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    """When the documents were made: printed in each footer and stored in the PDF."""
    page_url: PageUrl = field(default=lambda path: None)
    templates: Path | None = None
    sections: bool = True
    """Also one document per chapter and per section."""
    kinds: frozenset[DocumentKind] | None = None
    """Only documents of these kinds (None: all)."""
    in_force: str = ""
    """In a point-in-time build, what every document says at its top: which edition it
    is, as in force on which day."""
    whats_new: tuple[WhatsNew, ...] = ()
    """One document for each: what an edition changed, for the Board."""


def print_documents(views: Views, options: PrintOptions) -> list[PrintDocument]:
    """Every printable document of a published project (select the edition first), from
    its views, or those of the kinds `options.kinds` names."""
    return list(_Printer(views, options).documents())


@dataclass(frozen=True)
class SectionView:
    section: model.Section
    chapter: model.Chapter
    facts: list[tuple[str, Markup]]
    body: Markup
    steps: list[tuple[Markup, str | None]]
    definitions: list[tuple[model.Definition, Markup]]
    internal_notes: Markup | None
    see_also: list[tuple[str, str | None]]


@dataclass
class Scope:
    """What one document holds, so that links know whether they stay inside it."""

    sections: set[str] = field(default_factory=set)
    chapters: set[str] = field(default_factory=set)
    policy: bool = False
    authorities: bool = False


class _Printer(ReadsViews):
    def __init__(self, views: Views, options: PrintOptions) -> None:
        self.views = views
        self.options = options
        self.env = make_environment(options.templates)
        self.authorities = views.authorities
        self.stylesheet = STYLESHEET.read_text(encoding="utf-8")
        self.imprint = imprint_of(
            options.edition,
            views.manual,
            generated=options.generated,
            review_day=options.as_of,
            in_force=options.in_force,
        )
        self.imprint_mark = file_mark(options.edition, views.manual)

    # -- the documents --------------------------------------------------------------

    def documents(self) -> Iterator[PrintDocument]:
        wanted = self.options.kinds

        def want(kind: DocumentKind) -> bool:
            return wanted is None or kind in wanted

        if self.manual is not None:
            if want("manual"):
                yield self.manual_document(self.manual)
            if self.options.sections:
                for chapter in self.manual.chapters:
                    if want("chapter"):
                        yield self.chapter_document(chapter)
                    for section in chapter.sections:
                        if want("section"):
                            yield self.section_document(chapter, section)
        for policy in self.project.policies:
            if policy.current is not None and want("policy"):
                yield self.policy_document(policy, policy.current, current=True)
            for version in policy.versions:
                if want("policy-version"):
                    yield self.policy_document(policy, version)
            if want("policy-comparison"):
                for comparison in every_comparison(policy):
                    yield self.comparison_document(comparison)
        if self.manual is not None and want("whats-new"):
            for news in self.options.whats_new:
                yield self.whats_new_document(news)

    def manual_document(self, manual: model.Manual) -> PrintDocument:
        scope = Scope(
            sections=set(self.sections),
            chapters={c.id for c in manual.chapters},
            policy=self.version is not None,
            authorities=True,
        )
        chapters = [(contents, self.entries(contents, scope)) for contents in self.views.contents()]
        return self._document(
            "manual.html.j2",
            manual_pdf(manual.id, manual.edition, self.imprint_mark),
            manual.title,
            "manual",
            scope,
            manual=manual,
            chapters=chapters,
            policy=self.policy,
            policy_text=self.policy_text(self.version, scope) if self.version else None,
            authorities=self.authority_entries(),
        )

    def chapter_document(self, chapter: model.Chapter) -> PrintDocument:
        scope = Scope(sections={s.id for s in chapter.sections}, chapters={chapter.id})
        assert self.manual is not None
        return self._document(
            "chapter.html.j2",
            chapter_pdf(chapter.id, self.imprint_mark),
            f"{chapter.number} {chapter.title}",
            "chapter",
            scope,
            manual=self.manual,
            chapter=chapter,
            entries=self.entries(self.views.chapter_contents(chapter), scope),
        )

    def section_document(self, chapter: model.Chapter, section: model.Section) -> PrintDocument:
        scope = Scope(sections={section.id})
        assert self.manual is not None
        return self._document(
            "section.html.j2",
            section_pdf(section.id, self.imprint_mark),
            f"{section.number} {section.title}",
            "section",
            scope,
            manual=self.manual,
            chapter=chapter,
            view=self.section_view(chapter, section, scope, level=1),
        )

    def policy_document(
        self, policy: model.Policy, version: model.PolicyVersion, *, current: bool = False
    ) -> PrintDocument:
        """The policy in force (`current`), or one version as adopted, for good."""
        title = policy.title if current else f"{policy.title}, version {version.number}"
        return self._document(
            "policy.html.j2",
            policy_pdf(policy.id, self.imprint_mark, None if current else version.number),
            title,
            "policy" if current else "policy-version",
            Scope(policy=True),
            policy=policy,
            version=version,
            point_in_time=not current,
            current=policy.current,
            policy_text=self.policy_text(version, Scope(policy=True)),
        )

    def comparison_document(self, comparison: VersionComparison) -> PrintDocument:
        policy = comparison.policy
        changes = [c for c in comparison.changes if c.is_change]
        return self._document(
            "comparison.html.j2",
            comparison_pdf(
                policy.id, comparison.old.number, comparison.new.number, self.imprint_mark
            ),
            f"{policy.title}: {comparison.what}",
            "policy-comparison",
            Scope(),
            policy=policy,
            comparison=comparison,
            changes=[
                (c, _footnote_numbers(Markup(c.redline.explain("html"))), self._heading(c))
                for c in changes
            ],
            unchanged=[c.label for c in comparison.changes if not c.is_change],
        )

    def whats_new_document(self, news: WhatsNew) -> PrintDocument:
        """What an edition changed: its approval, the chapters' changes with their
        redlines, and the policy clauses whose procedures changed (in the policy's order,
        another policy's after it; each linked to the policy's page where it is known)."""
        assert self.manual is not None
        order = {clause: i for i, clause in enumerate(self.views.labels)}

        def place(ref: str) -> tuple[int, str]:
            target = self.views.clause_target(ref)
            inside = target is not None and target[0] is self.policy
            position = order.get(target[1], len(order)) if inside and target else len(order)
            return position, self.views.clause_label(ref)

        return self._document(
            "whats_new.html.j2",
            whats_new_pdf(news.edition, self.imprint_mark),
            f"What’s new in edition {news.edition}",
            "whats-new",
            Scope(),
            news=news,
            clauses=[
                (self.clause_link(ref, Scope()), news.clauses[ref])
                for ref in sorted(news.clauses, key=place)
                if self.views.clause_target(ref) is not None
            ],
        )

    def _heading(self, change: UnitChange) -> Markup | None:
        return Markup(change.heading.explain("html")) if change.heading is not None else None

    def _document(
        self,
        template: str,
        path: str,
        title: str,
        kind: DocumentKind,
        scope: Scope,
        **context: object,
    ) -> PrintDocument:
        body = render_template(
            self.env,
            f"print/{template}",
            title=title,
            stylesheet=Markup(self.stylesheet),
            generated=self.options.generated,
            edition=self.options.edition,
            as_of=self.options.as_of,
            imprint=self.imprint,
            manual=context.pop("manual", self.manual),
            **context,
        )
        html = link_citations(
            body,
            lambda citation: self._citation_target(citation, scope),
            self.views.authorities.grammar,
        )
        return PrintDocument(path, title, kind, html)

    # -- parts ----------------------------------------------------------------------

    def entries(
        self, contents: ChapterContents, scope: Scope
    ) -> list[tuple[SectionView | None, WithheldRun | None]]:
        """A chapter's sections, each as a view, and the runs of those the edition leaves
        out, each in its place (one of the pair is None)."""
        chapter = contents.chapter
        return [
            (self.section_view(chapter, entry, scope), None)
            if isinstance(entry, model.Section) and chapter is not None
            else (None, entry if isinstance(entry, WithheldRun) else None)
            for entry in contents.entries
        ]

    def section_view(
        self, chapter: model.Chapter, section: model.Section, scope: Scope, level: int = 2
    ) -> SectionView:
        """The section, its title at heading `level` and its own headings below it."""
        facts: list[tuple[str, Markup]] = [
            ("Owner", _text(self.views.role(section.owner) or "")),
            ("For", _text("; ".join(self.views.audience_names(section)))),
        ]
        if section.implements and self.version is not None:
            links = [self.clause_link(ref.id, scope) for ref in section.implements]
            facts.append(("Carries out", Markup("; ").join(links)))
        if self.options.as_of is not None:
            facts.append(("Review", _inline(markdown_html(self.views.review_line(section)))))
        history = self.views.review_history(section)
        if history:
            facts.append(("Earlier reviews", _inline(markdown_html("; ".join(history)))))
        return SectionView(
            section,
            chapter,
            facts,
            markdown_html(self.refs(section.body.text, scope), top_heading=level + 1)
            if section.body
            else Markup(""),
            [
                (
                    _inline(markdown_html(self.refs(step.text.text, scope))),
                    self.views.role(step.actor),
                )
                for step in section.steps
            ],
            [
                (d, _inline(markdown_html(self.refs(d.text.text, scope))))
                for d in section.definitions
            ],
            markdown_html(self.refs(section.internal_notes.text, scope), top_heading=level + 2)
            if section.internal_notes and self.options.edition == "internal"
            else None,
            [
                (
                    f"{self.sections[ref.id].number} {self.sections[ref.id].title}",
                    self.section_href(ref.id, scope),
                )
                for ref in section.see_also
                if ref.id in self.sections
            ],
        )

    def policy_text(
        self, version: model.PolicyVersion | None, scope: Scope
    ) -> list[tuple[str | None, list[tuple[model.Clause, Markup]]]]:
        """The version's clauses by headed part, each clause's text as HTML."""
        parts: list[tuple[str | None, list[tuple[model.Clause, Markup]]]] = []
        if version is None:
            return parts
        numbers = clause_numbers(version)
        for clause in version.clauses:
            if not parts or clause.heading:
                parts.append((clause.heading, []))
            if clause.definitions:
                html = Markup("").join(
                    Markup('<div class="definition clause-marked" id="p-def-{}">{}</div>').format(
                        d.id, self._policy_prose(d.text.text, scope, f"({i})")
                    )
                    for i, d in enumerate(clause.definitions, start=1)
                )
            else:
                marker = numbers[clause.id].marker
                html = self._policy_prose(clause.text.text if clause.text else "", scope, marker)
                if marker:
                    html = Markup('<div class="clause-marked">{}</div>').format(html)
            parts[-1][1].append((clause, html))
        return parts

    def _policy_prose(self, text: str, scope: Scope, marker: str | None) -> Markup:
        """A clause's words as HTML: the numbers it is cited by as text, footnotes linked."""
        return _footnotes(markdown_html(self.refs(text, scope), numbering=True, marker=marker))

    def refs(self, text: str, scope: Scope) -> str:
        """Prose with its [[section:id]] written out: a jump inside the document when the
        section is in it, the section's web page when its address is known, else the
        number alone."""

        def resolve(section_id: str) -> tuple[str, str | None] | None:
            section = self.sections.get(section_id)
            if section is None:
                return None
            return f"{section.number} {section.title}", self.section_href(section_id, scope)

        return expand_section_refs(text, resolve, {})

    def clause_link(self, ref: str, scope: Scope) -> Markup:
        label = self.views.clause_label(ref)
        target = self.views.clause_target(ref)
        if target is None:
            return _text(label)
        policy, clause = target
        if scope.policy and policy is self.policy:  # the policy is in this document
            return Markup('<a href="#p-{}">{}</a>').format(clause, label)
        url = self.options.page_url(policy_page(policy.id))
        if url:
            return Markup('<a href="{}#{}">{}</a>').format(url, clause, label)
        return _text(label)

    def section_href(self, section_id: str, scope: Scope) -> str | None:
        if section_id in scope.sections:
            return f"#s-{section_id}"
        return self.options.page_url(manual_page(section_id))

    def authority_entries(self) -> list[tuple[str, Citation, str | None, str | None, list[str]]]:
        """(anchor, citation, title, url, where cited) for the Authorities appendix."""
        return [
            (cited.anchor, cited.citation, cited.title, cited.url, [p.label for p in cited.places])
            for cited in self.views.cited
        ]

    def _citation_target(self, citation: Citation, scope: Scope) -> Target | None:
        title = self.authorities.title(citation) or citation.normalized
        url = self.authorities.url(citation)
        if url is not None and "://" in url:
            return Target(url, title)
        if scope.authorities:
            return Target(f"#a-{authority_anchor(citation.normalized)}", title)
        return None


def _text(value: str) -> Markup:
    return Markup("{}").format(value)


def _inline(html: Markup) -> Markup:
    """A one-paragraph HTML fragment without its paragraph."""
    text = str(html).strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        text = text[3:-4]
    return Markup(text)


def _footnote_numbers(html: Markup) -> Markup:
    """[^3] in a redline as the superscript number it stands for (the redline document
    has no References list to link to)."""
    return Markup(FOOTNOTE.sub(lambda m: f"<sup>{m.group(1)}</sup>", str(html)))


def _footnotes(html: Markup) -> Markup:
    """[^3] as a superscript link to reference 3 of the policy."""
    return Markup(
        FOOTNOTE.sub(
            lambda m: (
                f'<sup><a href="#p-ref-{m.group(1)}" '
                f'aria-label="Reference {m.group(1)}">{m.group(1)}</a></sup>'
            ),
            str(html),
        )
    )
