"""The pages of the site, rendered as Markdown from the checked model.

One page per policy (its version in force, clause by clause), a landing page for the
manual, one page per chapter and per section, and a glossary. Every page's address is
made from permanent ids, so renumbering a section never changes its URL; every page
knows the source file and line it was made from, for its "edit this page" link.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from sopkit import model
from sopkit.checks.drift import drifts, unique_drifts
from sopkit.diagnostics import Location
from sopkit.editions.select import Edition
from sopkit.law.citations import Citation
from sopkit.render.environment import Link, make_environment, render_template
from sopkit.render.imprint import file_mark
from sopkit.render.paths import (
    AUTHORITIES,
    GLOSSARY,
    HOME,
    MANUAL_INDEX,
    POLICY_INDEX,
    REVIEWS,
    TRAINING,
    authority_anchor,
    chapter_pdf,
    comparison_pdf,
    manual_page,
    manual_pdf,
    policy_comparison_page,
    policy_history_page,
    policy_page,
    policy_pdf,
    policy_version_page,
    section_pdf,
    whats_new_pdf,
)
from sopkit.render.text import front_matter, relative_link
from sopkit.sources.references import expand_section_refs
from sopkit.sources.textrules import is_placeholder_address, long_date
from sopkit.status.obligations import OBLIGATION_LABELS
from sopkit.status.reviews import (
    STATUS_LABELS,
    ReviewState,
    counts,
    subtract_period,
    urgency,
)
from sopkit.views import (
    ChapterContents,
    CitedAuthority,
    PolicyGroup,
    ReadsViews,
    Views,
    WithheldRun,
    policy_groups,
    review_history,
    review_line,
)
from sopkit.web.history_pages import (
    EditionHistory,
    EditionSources,
    whats_new_editions,
    whats_new_page,
    whats_new_pages,
)
from sopkit.web.policy_pages import PolicyPages, link_footnotes
from sopkit.web.rendered import NavEntry, RenderedPage, RenderedSite

_LEFT_OUT_OF_SEARCH = ("authorities", "reviews", "training")
"""Pages that list what other pages say (every authority with where it is cited; each
section's review date; each topic's sections): a citation finds the clause or section
that states the rule, a topic its section."""
_SEARCH_BOOST = {
    "policy": 3.0,  # the policy states the rules its sections carry out
    "policy-history": 0.3,  # pages that sum up others rank below them
    "policy-comparison": 0.3,
    "policy-index": 0.5,
    "manual": 0.5,
    "chapter": 0.5,
    "glossary": 0.7,
}
_INDEXED_BY_WHAT_IT_RESTS_ON = ("policy", "section")
"""The pages that state rules: search finds them by the authorities they cite."""
_SEARCH_WEIGHT: dict[str, Mapping[str, object]] = {
    **{kind: {"boost": weight} for kind, weight in _SEARCH_BOOST.items()},
    **{kind: {"exclude": True} for kind in _LEFT_OUT_OF_SEARCH},
}
"""Search weights by kind of page (Material's search boost); sections and the policy
itself keep the full weight."""


@dataclass(frozen=True)
class RenderOptions:
    edition: Edition = "internal"
    templates: Path | None = None
    """A folder of templates that replace the packaged ones of the same name."""
    as_of: dt.date | None = None
    """The day that counts as today for review status; None leaves review status out."""
    show_review_status: bool = True
    """Show review status (section banners, the dashboard, the feeds)."""
    pdf: bool = False
    """The site has PDFs of its documents: pages link theirs."""
    pdf_sections: bool = True
    """There is a PDF of each chapter and section, not only of the whole manual."""


@dataclass
class AuthorityView:
    """One authority as the Authorities page shows it."""

    citation: Citation
    title: str | None
    url: str | None
    cited_in: dict[str, str] = field(default_factory=dict)
    """Where it is cited: label → link, in order of first citation."""
    locked: model.LockedAuthority | None = None
    """What the last `sopkit authorities refresh` read of it, if it was listed."""

    @property
    def anchor(self) -> str:
        return authority_anchor(self.citation.normalized)

    @classmethod
    def of(
        cls, cited: CitedAuthority, locked: Mapping[str, model.LockedAuthority] | None = None
    ) -> AuthorityView:
        links = {p.label: relative_link(AUTHORITIES, p.page, p.anchor) for p in cited.places}
        entry = (locked or {}).get(cited.citation.normalized)
        return cls(cited.citation, cited.title, cited.url, links, entry)


@dataclass(frozen=True)
class ReviewBanner:
    """What a section page needs to show its review status, and to re-check it later."""

    state: ReviewState
    soon: dt.date | None
    """The day the review becomes due soon."""
    time_zone: str
    team: str
    """The name of the team that reviews sections (manual.yml's team)."""


# -- the renderer ---------------------------------------------------------------------


class SiteRenderer(ReadsViews):
    """Renders every page of one edition of a project."""

    def __init__(
        self, views: Views, options: RenderOptions, earlier: Sequence[EditionSources] = ()
    ) -> None:
        self.views = views
        self.options = options
        self.env = make_environment(options.templates)
        self.roles = views.roles
        self.topics = {t.id: (t, c) for c in self.project.curricula for t in c.topics}
        locked = {entry.cite: entry for entry in self.project.locked}
        self.cited = {
            cited.citation.normalized: AuthorityView.of(cited, locked) for cited in views.cited
        }
        self.pdf_links = self._pdf_links() if options.pdf else {}
        self.reviews = dict(views.reviews) if options.show_review_status else {}
        self.cited_at: dict[str, list[CitedAuthority]] = {}
        """Page → the authorities its text rests on (not those it only lists)."""
        for cited in views.cited:
            for page in dict.fromkeys(p.page for p in cited.places if not p.listed):
                self.cited_at.setdefault(page, []).append(cited)
        self._section_at = {manual_page(s.id): s for s in views.sections.values()}
        self.duties = list(views.duties) if options.show_review_status else []
        current = [(self.manual.edition, self.project)] if self.manual is not None else []
        self.edition_history = EditionHistory([*earlier, *current], self.project.editions)
        """The sections' changes across the earlier editions read and this one."""
        if options.pdf and self.manual is not None:
            mark = file_mark(options.edition, self.manual)
            for edition in whats_new_editions(self.edition_history):
                page = whats_new_page(edition)
                self.pdf_links[page] = Link(
                    "Download these changes as a PDF, for the Board",
                    relative_link(page, whats_new_pdf(edition, mark)),
                )

    def _pdf_links(self) -> dict[str, Link]:
        """For each page that has a PDF, a link to it (see sopkit.pdf.documents)."""
        wanted: dict[str, tuple[str, str]] = {}
        manual = self.manual
        mark = file_mark(self.options.edition, manual)
        if manual is not None:
            wanted[MANUAL_INDEX] = (
                manual_pdf(manual.id, manual.edition, mark),
                "Download the whole manual as a PDF",
            )
            if self.options.pdf_sections:
                for chapter in manual.chapters:
                    wanted[manual_page(chapter.id)] = (
                        chapter_pdf(chapter.id, mark),
                        "Download this chapter as a PDF",
                    )
                    for section in chapter.sections:
                        wanted[manual_page(section.id)] = (
                            section_pdf(section.id, mark),
                            "Download this section as a PDF",
                        )
        for policy in self.project.policies:
            if policy.current is not None:
                wanted[policy_page(policy.id)] = (
                    policy_pdf(policy.id, mark),
                    "Download this policy as a PDF",
                )
            numbers = sorted(v.number for v in policy.versions)
            for number in numbers:
                wanted[policy_version_page(policy.id, number)] = (
                    policy_pdf(policy.id, mark, number),
                    f"Download version {number} as a PDF",
                )
            for old, new in itertools.pairwise(numbers):
                wanted[policy_comparison_page(policy.id, old, new)] = (
                    comparison_pdf(policy.id, old, new, mark),
                    "Download these changes as a redline PDF, for printing",
                )
        return {
            page: Link(label, relative_link(page, pdf)) for page, (pdf, label) in wanted.items()
        }

    def render(self) -> RenderedSite:
        pages: list[RenderedPage] = []
        nav: list[NavEntry] = []
        if self.project.policies:
            policy_pages, entry = self.policy_manual()
            pages += policy_pages
            nav.append(entry)
        if self.manual is not None:
            pages.append(self.manual_page(self.manual))
            chapters = []
            for chapter in self.manual.chapters:
                pages.append(self.chapter_page(chapter))
                pages += [self.section_page(chapter, s) for s in chapter.sections]
                chapters.append(
                    NavEntry(
                        f"{chapter.number} {chapter.title}",
                        children=(
                            NavEntry("Overview", manual_page(chapter.id)),
                            *(
                                NavEntry(f"{s.number} {s.title}", manual_page(s.id))
                                for s in chapter.sections
                            ),
                        ),
                    )
                )
            overview = NavEntry("Overview", MANUAL_INDEX)
            chapters = chapter_blocks(chapters, [c.number for c in self.manual.chapters])
            news, news_entries = whats_new_pages(
                self.edition_history,
                self._page,
                self.manual,
                self.sections,
                self.project.editions,
                self.views if self.policy else None,
            )
            pages += news
            nav.append(
                NavEntry(
                    self.manual.title,
                    children=(overview, *news_entries, *chapters),
                    slot="manual",
                )
            )
        glossary = self.glossary_page()
        if glossary is not None:
            pages.append(glossary)
            nav.append(NavEntry("Glossary", GLOSSARY, slot="reference"))
        if self.cited:
            pages.append(self.authorities_page())
            nav.append(NavEntry("Authorities", AUTHORITIES, slot="reference"))
        if self.reviews:
            pages.append(self.reviews_page())
            nav.append(NavEntry("Review dashboard", REVIEWS, slot="keeping-current"))
        if self.manual is not None and self.project.curricula:
            pages.append(self.training_page())
            nav.append(NavEntry("Training coverage", TRAINING, slot="keeping-current"))
        return RenderedSite(
            tuple(pages),
            tuple(nav),
            tuple(self.cited),
            tuple(sorted(self.reviews.values(), key=urgency)),
            tuple(self.duties),
            self.start_here(),
        )

    def start_here(self) -> str:
        """The part of the home page made from the sources, for this edition's readers."""
        manual = self.manual
        if manual is None:
            return ""
        tasks = [
            (self.sections[ref.id], relative_link(HOME, manual_page(ref.id)))
            for ref in manual.start_here
            if ref.id in self.sections
        ]
        contact = manual.contact
        return render_template(
            self.env,
            "start_here.md.j2",
            page_path=HOME,
            edition=self.options.edition,
            manual=manual,
            manual_link=relative_link(HOME, MANUAL_INDEX),
            policy=self.policy,
            policy_link=relative_link(HOME, policy_page(self.policy.id)) if self.policy else None,
            tasks=tasks,
            contact=contact,
            email_link=bool(contact and contact.email and linkable_email(contact.email)),
            # A phone number a phone can call: its digits (and a leading +) only.
            phone_link=re.sub(r"[^0-9+]", "", contact.phone) if contact and contact.phone else "",
            web_link=bool(contact and contact.web and not is_placeholder_address(contact.web)),
        ).strip()

    # -- the policy manual -----------------------------------------------------------

    def policy_manual(self) -> tuple[list[RenderedPage], NavEntry]:
        """Every policy's pages, and the index of all of them, grouped by series."""
        pages: list[RenderedPage] = []
        entries: dict[str, NavEntry] = {}
        for policy in self.project.policies:
            backlinks = self.backlinks(policy)
            policy_pages, entry = PolicyPages(
                policy, self._page, backlinks, self.expand_refs
            ).render()
            pages += policy_pages
            entries[policy.id] = entry
        groups = policy_groups(self.project.policies)
        pages.insert(0, self.policy_index_page(groups))
        children = [NavEntry("All policies", POLICY_INDEX)]
        for group in groups:
            listed = tuple(entries[p.id] for p in group.policies)
            if group.series is None or len(groups) == 1:
                children += listed
            else:
                children.append(NavEntry(group.heading, children=listed))
        return pages, NavEntry("Board policies", children=tuple(children), slot="policies")

    def policy_index_page(self, groups: tuple[PolicyGroup, ...]) -> RenderedPage:
        first = self.project.policies[0]
        rows = [
            (group.heading, [self._policy_row(policy) for policy in group.policies])
            for group in groups
        ]
        return self._page(
            "policies.md.j2",
            POLICY_INDEX,
            "Board policies",
            first.location,
            "policy-index",
            description="Every board policy and administrative procedure, by code.",
            groups=rows,
        )

    def _policy_row(self, policy: model.Policy) -> dict[str, object]:
        current = policy.current
        since = current.effective_on or current.adopted_on if current else None
        page = policy_page(policy.id) if current else policy_history_page(policy.id)
        return {
            "code": policy.code,
            "title": policy.title,
            "kind": policy.kind,
            "status": policy.status,
            "version": current.number if current else None,
            "since": long_date(since) if since else None,
            "link": relative_link(POLICY_INDEX, page),
        }

    # -- authorities ------------------------------------------------------------------

    def authorities_page(self) -> RenderedPage:
        groups: dict[str, list[AuthorityView]] = {}
        for view in self.cited.values():
            groups.setdefault(self.views.authorities.heading(view.citation), []).append(view)
        source = self.version.location if self.version else Location("policy_data/authorities.yml")
        registry = next((a.location for a in self.project.authorities), source)
        return self._page(
            "authorities.md.j2",
            AUTHORITIES,
            "Authorities",
            registry,
            "authorities",
            description="Every statute, regulation and policy the policy and the manual cite.",
            groups=groups,
            checked=sum(1 for v in self.cited.values() if v.locked and v.locked.checked_on),
            locked=bool(self.project.locked),
        )

    def section_authorities(
        self, section: model.Section, path: str
    ) -> list[tuple[str, str, str | None]]:
        return [
            (cited.citation.normalized, relative_link(path, AUTHORITIES, cited.anchor), cited.title)
            for cited in self.views.cited_by(section)
        ]

    # -- helpers --------------------------------------------------------------------

    def _page(
        self, template: str, path: str, title: str, source: Location, kind: str, **context: object
    ) -> RenderedPage:
        description = context.pop("description", None)
        search = context.pop("search", None) or _SEARCH_WEIGHT.get(kind)
        meta: dict[str, str | list[str] | Mapping[str, object]] = {"title": title}
        if description:
            meta["description"] = str(description)
        if isinstance(search, Mapping):
            meta["search"] = search
        if kind in _INDEXED_BY_WHAT_IT_RESTS_ON and (terms := self.search_terms(path)):
            meta["tags"] = terms
        context.setdefault("pdf", self.pdf_links.get(path))
        context.setdefault("section_refs", self.expand_refs)
        body = render_template(self.env, template, page_path=path, title=title, **context)
        return RenderedPage(path, title, front_matter(meta) + body, source, kind)

    def search_terms(self, path: str) -> list[str]:
        """What search should find a page by above all: the authorities it cites and the
        words its editors listed (`search_terms`). Material's search indexes a page's
        tags as a field of their own, weighted far above its title and its text, so a
        citation finds the pages that rest on it before those that only mention its
        number, and the policy (weighted higher) before the sections that carry it out."""
        cited = [c.citation.normalized for c in self.cited_at.get(path, ())]
        section = self._section_at.get(path)
        return [*cited, *(section.search_terms if section is not None else ())]

    def expand_refs(self, text: str, from_page: str) -> str:
        """Prose with its [[section:id]] written out as links from `from_page`. (The
        public edition has already written out those to sections it withholds.)"""

        def resolve(section_id: str) -> tuple[str, str | None] | None:
            section = self.sections.get(section_id)
            if section is None:
                return None
            return self.section_label(section), relative_link(from_page, manual_page(section.id))

        return expand_section_refs(text, resolve, {})

    def clause_link(self, from_page: str, ref: str) -> Link | None:
        """The link to a clause a section carries out; None for a clause of a policy the
        edition leaves out (an internal policy, in the public edition)."""
        target = self.views.clause_target(ref)
        if target is None:
            return None
        policy, clause = target
        return Link(
            self.views.clause_label(ref),
            relative_link(from_page, policy_page(policy.id), clause),
        )

    def section_label(self, section: model.Section) -> str:
        return self.views.section_label(section)

    def sample_notice(self) -> Markup | None:
        manual = self.manual
        if manual is None or not manual.sample or manual.sample_notice is None:
            return None
        return Markup(manual.sample_notice.text.strip())

    # -- pages ----------------------------------------------------------------------

    def backlinks(self, policy: model.Policy) -> dict[str, list[tuple[str, str]]]:
        """For each clause of `policy`, the sections that carry it out."""
        path = policy_page(policy.id)
        return {
            clause: [
                (self.section_label(s), relative_link(path, manual_page(s.id))) for s in sections
            ]
            for clause, sections in self._implementing.get(policy.id, {}).items()
        }

    @functools.cached_property
    def _implementing(self) -> dict[str, dict[str, list[model.Section]]]:
        """Policy id → clause → the sections that carry it out, in one pass over the
        sections: once per policy, it grew with policies × sections."""
        found: dict[str, dict[str, list[model.Section]]] = {}
        for section in self.sections.values():
            for ref in section.implements:
                target = self.views.clause_target(ref.id)
                if target is not None:
                    clauses = found.setdefault(target[0].id, {})
                    clauses.setdefault(target[1], []).append(section)
        return found

    def manual_page(self, manual: model.Manual) -> RenderedPage:
        chapters = [
            (
                contents,
                relative_link(MANUAL_INDEX, manual_page(contents.chapter.id))
                if contents.chapter
                else None,
                self.entry_links(MANUAL_INDEX, contents),
            )
            for contents in self.views.contents()
        ]
        policy_link = (
            relative_link(MANUAL_INDEX, policy_page(self.policy.id)) if self.policy else None
        )
        return self._page(
            "manual.md.j2",
            MANUAL_INDEX,
            manual.title,
            manual.location,
            "manual",
            description=f"{manual.title}, {manual.organization}, edition {manual.edition}.",
            manual=manual,
            notice=self.sample_notice(),
            chapters=chapters,
            withheld=manual.withheld,
            policy=self.policy,
            policy_link=policy_link,
            review_clause=self.clause_link(MANUAL_INDEX, manual.review.required_by.id)
            if self.policy and manual.review.required_by
            else None,
            roles=self.roles,
            whats_new=Link(
                "What’s new in this edition",
                relative_link(MANUAL_INDEX, whats_new_page(manual.edition)),
            )
            if self.edition_history.shown
            else None,
        )

    def entry_links(
        self, from_page: str, contents: ChapterContents
    ) -> list[tuple[model.Section | WithheldRun, str | None]]:
        """A chapter's entries, each section with its link from `from_page`; a run of
        withheld sections has none (there is no page to go to)."""
        return [
            (entry, relative_link(from_page, manual_page(entry.id)))
            if isinstance(entry, model.Section)
            else (entry, None)
            for entry in contents.entries
        ]

    def chapter_page(self, chapter: model.Chapter) -> RenderedPage:
        path = manual_page(chapter.id)
        return self._page(
            "chapter.md.j2",
            path,
            f"{chapter.number} {chapter.title}",
            chapter.location,
            "chapter",
            description=chapter.summary or chapter.title,
            chapter=chapter,
            **self.notice_line(path),
            entries=self.entry_links(path, self.views.chapter_contents(chapter)),
            # What templates written before `entries` read: the published sections alone.
            sections=[(s, relative_link(path, manual_page(s.id))) for s in chapter.sections],
            manual_link=relative_link(path, MANUAL_INDEX),
        )

    def section_page(self, chapter: model.Chapter, section: model.Section) -> RenderedPage:
        path = manual_page(section.id)
        staff = self.options.edition == "internal"
        see_also = [
            (self.section_label(self.sections[ref.id]), relative_link(path, manual_page(ref.id)))
            for ref in section.see_also
            if ref.id in self.sections
        ]
        topics = [
            self.topics[ref.id][0].title for ref in section.training_topics if ref.id in self.topics
        ]
        return self._page(
            "section.md.j2",
            path,
            self.section_label(section),
            section.location,
            "section",
            description=section.summary,
            section=section,
            chapter=chapter,
            chapter_link=relative_link(path, manual_page(chapter.id)),
            **self.notice_line(path),
            owner=self.views.role(section.owner),
            review_short=short_review_line(section.review),
            audiences=self.views.audience_names(section),
            clauses=[link for ref in section.implements if (link := self.clause_link(path, ref.id))]
            if self.policy
            else [],
            topics=topics,
            **self.procedure(section),
            body_starts_with_heading=section.body is not None
            and section.body.text.lstrip().startswith("#"),
            see_also=see_also,
            internal=self.options.edition == "internal",
            review=Markup(
                review_line(section.review, self.reviews.get(section.id), for_staff=staff)
            ),
            history=[Markup(line) for line in review_history(section.review, for_staff=staff)],
            banner=self.review_banner(self.reviews.get(section.id)),
            internal_edition=self.manual.internal_edition if self.manual else "internal edition",
            authorities=self.section_authorities(section, path),
            edition_history=self.edition_history.of_section(section.id),
        )

    def procedure(self, section: model.Section) -> dict[str, object]:
        """A section's steps, each with the short name of who does it; when one role does
        every step, that role once (`steps_actor`) and no name before each step."""
        actors = {step.actor.id if step.actor else None for step in section.steps}
        if len(actors) == 1 and None not in actors:
            return {
                "steps": [(step, None) for step in section.steps],
                "steps_actor": self.views.role(section.steps[0].actor),
            }
        steps = [(step, self.views.short_role(step.actor)) for step in section.steps]
        return {"steps": steps, "steps_actor": None}

    def notice_line(self, from_page: str) -> dict[str, object]:
        """What a page needs for the one-line sample notice, which links to the whole
        notice on the manual's landing page."""
        return {
            "notice": self.sample_notice(),
            "notice_link": relative_link(from_page, MANUAL_INDEX),
            "organization": self.manual.organization if self.manual else "",
        }

    def review_banner(self, state: ReviewState | None) -> ReviewBanner | None:
        if state is None or self.manual is None:
            return None
        soon = subtract_period(state.due, self.manual.review.warning) if state.due else None
        return ReviewBanner(state, soon, self.manual.time_zone, self.manual.team.name)

    def reviews_page(self) -> RenderedPage:
        assert self.manual is not None and self.options.as_of is not None
        states = sorted(self.reviews.values(), key=urgency)
        rows = [
            (
                state,
                self.roles.get(state.section.owner.id, state.section.owner.id),
                relative_link(REVIEWS, manual_page(state.section.id)),
            )
            for state in states
        ]
        duties = [
            (duty, self.roles.get(duty.obligation.responsible.id, duty.obligation.responsible.id))
            for duty in self.duties
        ]
        return self._page(
            "reviews.md.j2",
            REVIEWS,
            "Review dashboard",
            self.manual.location,
            "reviews",
            description="Which sections are due for review, and the duties the policy sets.",
            manual=self.manual,
            as_of=self.options.as_of,
            totals=counts(states),
            rows=rows,
            duties=duties,
            labels=STATUS_LABELS,
            duty_labels=OBLIGATION_LABELS,
            drifts=[
                (
                    drift,
                    relative_link(REVIEWS, manual_page(drift.section_id))
                    if drift.section_id
                    else None,
                    relative_link(REVIEWS, AUTHORITIES, authority_anchor(drift.cite)),
                )
                for drift in unique_drifts(drifts(self.project))
            ],
            laws_checked=sum(1 for e in self.project.locked if e.checked_on is not None),
            laws_listed=len(self.project.locked),
        )

    def training_page(self) -> RenderedPage:
        covering: dict[str, list[tuple[str, str]]] = {}
        for section in self.sections.values():
            for ref in section.training_topics:
                covering.setdefault(ref.id, []).append(
                    (self.section_label(section), relative_link(TRAINING, manual_page(section.id)))
                )
        curricula = [
            (curriculum, [(topic, covering.get(topic.id, [])) for topic in curriculum.topics])
            for curriculum in self.project.curricula
        ]
        return self._page(
            "training.md.j2",
            TRAINING,
            "Training coverage",
            self.project.curricula[0].location,
            "training",
            description="The training the policy requires, and the sections that cover each topic.",
            curricula=curricula,
        )

    def glossary_page(self) -> RenderedPage | None:
        entries = list(self._glossary_entries())
        if not entries:
            return None
        entries.sort(key=lambda entry: entry[0].term.lower())
        source = self.version.location if self.version else Location("")
        return self._page(
            "glossary.md.j2",
            GLOSSARY,
            "Glossary",
            source,
            "glossary",
            description="The terms the policy and the manual define, and where each is defined.",
            entries=entries,
        )

    def _glossary_entries(self) -> Iterator[tuple[model.Definition, str, str, model.Prose]]:
        if self.policy is not None and self.version is not None:
            for clause in self.version.clauses:
                page = relative_link(GLOSSARY, policy_page(self.policy.id))
                for definition in clause.definitions:
                    where = f"{self.policy.title}: {self.views.clause_label(clause.id)}"
                    yield (
                        definition,
                        where,
                        relative_link(
                            GLOSSARY, policy_page(self.policy.id), f"def-{definition.id}"
                        ),
                        # Its footnotes link to the policy's References, not to nothing.
                        dataclasses.replace(
                            definition.text, text=link_footnotes(definition.text.text, page)
                        ),
                    )
        for section in self.sections.values():
            for definition in section.definitions:
                yield (
                    definition,
                    self.section_label(section),
                    relative_link(GLOSSARY, manual_page(section.id), f"def-{definition.id}"),
                    definition.text,
                )


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def linkable_email(address: str) -> bool:
    """Whether an email address may be a mailto: link: plainly an address, on a domain
    that is not reserved for examples."""
    match = _EMAIL.fullmatch(address)
    return match is not None and not is_placeholder_address(f"mailto://{match.group(1)}")


def short_review_line(review: model.Review | None) -> str:
    """A section's last review in a few words, for the line of facts at the top."""
    if review is None:
        return "Not yet reviewed"
    return f"Reviewed {long_date(review.last_reviewed)}"


NAV_CHAPTERS = 20
"""The most chapters the navigation lists one under another; a manual with more lists
them in blocks of ten ("Chapters 1–10", ...)."""


def chapter_blocks(chapters: list[NavEntry], numbers: list[str]) -> list[NavEntry]:
    """The chapters' navigation entries, in blocks of ten when there are more than
    NAV_CHAPTERS: on a phone a list of a hundred chapters is scrolled, not read, and
    every page carries the list (Material renders the open part of the navigation into
    each page), so a long one makes a large manual's build grow with the square of its
    size. A block is titled with its first and last chapters' numbers."""
    if len(chapters) <= NAV_CHAPTERS:
        return chapters
    blocks = []
    for start in range(0, len(chapters), 10):
        first, last = numbers[start], numbers[min(start + 10, len(chapters)) - 1]
        title = f"Chapter {first}" if first == last else f"Chapters {first}–{last}"
        blocks.append(NavEntry(title, children=tuple(chapters[start : start + 10])))
    return blocks


def render_site(
    views: Views, options: RenderOptions | None = None, earlier: Sequence[EditionSources] = ()
) -> RenderedSite:
    """Every page of a published project (select the edition first), from its views;
    `earlier`: the manual's earlier editions, oldest first, selected for the same
    edition, for the sections' history and each edition's What's new page."""
    return SiteRenderer(views, options or RenderOptions(), earlier).render()
