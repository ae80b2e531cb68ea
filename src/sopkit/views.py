"""The facts every output shows, derived once from the published project.

The site and the printed documents both show which policy the manual carries out, the
names of roles and audiences, "4.2 Interviewing students" labels, the clause labels,
every authority with where it is cited, and each section's review line. Each of these
is derived here, once, and both renderers read it: two renderers that derive a fact
each in their own way end up disagreeing (they did: the PDF fell back to the first
policy, and listed where authorities are cited differently from the site).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sopkit import model
from sopkit.law.authorities import Authorities, natural_key, section_places, version_places
from sopkit.law.citations import Citation, find_citations
from sopkit.law.clauses import clause_labels
from sopkit.law.jurisdictions import grammar_for
from sopkit.model import policy_code_key, policy_series
from sopkit.render.paths import authority_anchor, manual_page, policy_history_page, policy_page
from sopkit.render.text import markdown_text
from sopkit.sources.textrules import is_placeholder_address, long_date
from sopkit.status.obligations import ObligationState, obligation_states
from sopkit.status.reviews import ReviewState, review_states


@dataclass(frozen=True)
class Place:
    """Where an authority is cited, as a reader is told it: a label, and the page (and
    anchor on it) where the citation stands."""

    label: str
    page: str
    anchor: str = ""
    section: str | None = None
    """The id of the section it is in, if it is in one (a document that holds the
    section can jump to it)."""
    listed: bool = False
    """The place only lists the authority (a policy's references, its related policies);
    its text does not rest on it."""


@dataclass(frozen=True)
class CitedAuthority:
    """An authority the published sources cite, with what the registry says of it."""

    citation: Citation
    title: str | None
    url: str | None
    places: tuple[Place, ...]

    @property
    def anchor(self) -> str:
        return authority_anchor(self.citation.normalized)


@dataclass(frozen=True)
class Views:
    """The derived facts of one published project (one edition, one as-of day)."""

    project: model.Project
    policy: model.Policy | None
    """The policy the manual carries out (without a manual: the only policy, if one)."""
    version: model.PolicyVersion | None
    """That policy's version in force."""
    labels: Mapping[str, str]
    """Clause id → its label ("Roles and Expectations, item 5"), for that version."""
    roles: Mapping[str, str]
    audiences: Mapping[str, str]
    sections: Mapping[str, model.Section]
    authorities: Authorities
    cited: tuple[CitedAuthority, ...]
    """Every authority cited, in natural order (KRS 61.902 before KRS 158.441)."""
    reviews: Mapping[str, ReviewState] = field(default_factory=dict)
    """Each section's review state, by id; empty when review status is not shown."""
    duties: tuple[ObligationState, ...] = ()
    short_roles: Mapping[str, str] = field(default_factory=dict)
    """Role id → its short title ("SSO"), for the roles that have one."""

    @property
    def manual(self) -> model.Manual | None:
        return self.project.manual

    def section_label(self, section: model.Section) -> str:
        return f"{section.number} {section.title}"

    def role(self, ref: model.Ref | None) -> str | None:
        return None if ref is None else self.roles.get(ref.id, ref.id)

    def short_role(self, ref: model.Ref | None) -> str | None:
        """What a procedure step calls its actor: the role's short title, else its title."""
        if ref is None:
            return None
        return self.short_roles.get(ref.id) or self.role(ref)

    def audience_names(self, section: model.Section) -> list[str]:
        return [self.audiences.get(ref.id, ref.id) for ref in section.audiences]

    def clause_target(self, ref: str) -> tuple[model.Policy, str] | None:
        """The policy and clause id a clause reference names: a clause of the manual's
        policy (roles-jurisdiction), or POLICY#CLAUSE of another policy, by id or code."""
        policy_key, clause = model.clause_ref_parts(ref)
        policy = self.policy if policy_key is None else self.project.policy_named(policy_key)
        return (policy, clause) if policy is not None else None

    def clause_label(self, ref: str) -> str:
        """ "Roles and Expectations, item 5"; for another policy's clause, with that policy's
        code (or title) first: "09.14: Purpose"."""
        target = self.clause_target(ref)
        if target is None:
            return ref
        policy, clause = target
        if policy is self.policy:
            return self.labels.get(clause, clause)
        current = policy.current
        label = clause_labels(current).get(clause, clause) if current else clause
        return f"{policy.code or policy.title}: {label}"

    def cited_by(self, section: model.Section) -> list[CitedAuthority]:
        """The authorities a section cites, in natural order."""
        return list(self._cited_by.get(section.id, ()))

    @functools.cached_property
    def _cited_by(self) -> dict[str, list[CitedAuthority]]:
        """Section id → the authorities it cites, in natural order: worked out once, not
        once per section (with 2000 sections, that was four million comparisons)."""
        found: dict[str, list[CitedAuthority]] = {}
        for cited in self.cited:
            for section in dict.fromkeys(p.section for p in cited.places if p.section):
                found.setdefault(section, []).append(cited)
        return found

    def review_line(self, section: model.Section) -> str:
        """The facts of a section's last review, and when the next is due, as Markdown."""
        return review_line(section.review, self.reviews.get(section.id))

    def review_history(self, section: model.Section) -> list[str]:
        return review_history(section.review)

    def contents(self) -> tuple[ChapterContents, ...]:
        """The manual's chapters as the edition lists them (the landing page, the PDF's
        contents): with what it leaves out, by number and reason, where it would be."""
        return self._contents

    @functools.cached_property
    def _contents(self) -> tuple[ChapterContents, ...]:
        return manual_contents(self.manual) if self.manual else ()

    def chapter_contents(self, chapter: model.Chapter) -> ChapterContents:
        """One chapter's sections as its page and its PDF list them."""
        return self._chapter_contents[chapter.number]

    @functools.cached_property
    def _chapter_contents(self) -> dict[str, ChapterContents]:
        return {contents.number: contents for contents in self._contents}


# -- what an edition leaves out --------------------------------------------------------


@dataclass(frozen=True)
class WithheldRun:
    """Sections an edition leaves out that stand next to each other and are left out for
    one reason: one line where they would be."""

    numbers: tuple[str, ...]
    reason: str

    @property
    def line(self) -> str:
        """ "Sections 8.2 and 8.3 are not published: tactical procedures." """
        end = "" if self.heading.endswith(("!", "?")) else "."
        return f"{self.heading}{end}"

    @property
    def heading(self) -> str:
        """The line as a heading, without its full stop."""
        if len(self.numbers) == 1:
            said = f"Section {self.numbers[0]} is"
        else:
            said = f"Sections {', '.join(self.numbers[:-1])} and {self.numbers[-1]} are"
        return f"{said} not published: {self.reason.rstrip('.')}"

    @property
    def anchor(self) -> str:
        """Where it stands on its chapter's page: withheld-8-2 (by its first number)."""
        return "withheld-" + self.numbers[0].replace(".", "-")


@dataclass(frozen=True)
class ChapterContents:
    """A chapter as an edition lists it: its sections and, in their places, the runs of
    those it leaves out. `chapter` is None for a chapter it leaves out whole (only its
    number is shown, with the runs)."""

    number: str
    chapter: model.Chapter | None
    entries: tuple[model.Section | WithheldRun, ...]

    @property
    def withheld(self) -> tuple[WithheldRun, ...]:
        return tuple(e for e in self.entries if isinstance(e, WithheldRun))


def manual_contents(manual: model.Manual) -> tuple[ChapterContents, ...]:
    """Every chapter, published or left out whole, in number order, each with its
    published sections and withheld runs in number order."""
    published = {chapter.number: chapter for chapter in manual.chapters}
    numbers = {*published, *(w.chapter for w in manual.withheld)}
    contents = []
    for number in sorted(numbers, key=model.number_key):
        chapter = published.get(number)
        sections = chapter.sections if chapter else ()
        withheld = [w for w in manual.withheld if w.chapter == number]
        contents.append(ChapterContents(number, chapter, _entries(sections, withheld)))
    return tuple(contents)


def _entries(
    sections: tuple[model.Section, ...], withheld: list[model.Withheld]
) -> tuple[model.Section | WithheldRun, ...]:
    items: list[model.Section | model.Withheld] = [*sections, *withheld]
    items.sort(key=lambda item: model.number_key(item.number))
    entries: list[model.Section | WithheldRun] = []
    for item in items:
        if isinstance(item, model.Section):
            entries.append(item)
        elif entries and isinstance(entries[-1], WithheldRun) and entries[-1].reason == item.reason:
            entries[-1] = WithheldRun((*entries[-1].numbers, item.number), item.reason)
        else:
            entries.append(WithheldRun((item.number,), item.reason))
    return tuple(entries)


# -- the policy manual -----------------------------------------------------------------


@dataclass(frozen=True)
class PolicyGroup:
    """The policies of one series, in code order (or those without a series)."""

    series: str | None
    heading: str
    policies: tuple[model.Policy, ...]


def policy_groups(policies: tuple[model.Policy, ...]) -> tuple[PolicyGroup, ...]:
    """Every policy, grouped by series in code order; policies without a series last."""
    groups: dict[str | None, list[model.Policy]] = {}
    for policy in sorted(policies, key=lambda p: (policy_code_key(p.code), p.title)):
        groups.setdefault(policy_series(policy.code), []).append(policy)
    return tuple(
        PolicyGroup(series, f"{series} series" if series else "Without a series code", tuple(ps))
        for series, ps in groups.items()
    )


class ReadsViews:
    """What a renderer reads of the views, by name: `self.manual`, `self.policy`, ...
    (a renderer sets `self.views`, and derives nothing of this itself)."""

    views: Views

    @property
    def project(self) -> model.Project:
        return self.views.project

    @property
    def manual(self) -> model.Manual | None:
        return self.views.manual

    @property
    def policy(self) -> model.Policy | None:
        return self.views.policy

    @property
    def version(self) -> model.PolicyVersion | None:
        return self.views.version

    @property
    def sections(self) -> Mapping[str, model.Section]:
        return self.views.sections


def views_of(project: model.Project, *, as_of: dt.date | None) -> Views:
    """The views of a published project; review states as of `as_of` (None: none)."""
    manual = project.manual
    policy = manual_policy(project)
    version = policy.current if policy else None
    authorities = Authorities(
        project, {p.code: _policy_address(p) for p in project.policies if p.code}
    )
    reviews: dict[str, ReviewState] = {}
    duties: tuple[ObligationState, ...] = ()
    if manual is not None and as_of is not None:
        states = review_states(manual, as_of)
        reviews = {state.section.id: state for state in states}
        duties = tuple(obligation_states(project.obligations, states, as_of, manual.review.warning))
    labels = clause_labels(version) if version else {}
    return Views(
        project=project,
        policy=policy,
        version=version,
        labels=labels,
        roles={r.id: r.title for r in manual.roles} if manual else {},
        audiences={a.id: a.title for a in manual.audiences} if manual else {},
        sections={s.id: s for s in manual.sections} if manual else {},
        authorities=authorities,
        cited=_cited(project, policy, authorities),
        reviews=reviews,
        duties=duties,
        short_roles={r.id: r.short_title for r in manual.roles if r.short_title} if manual else {},
    )


def _policy_address(policy: model.Policy) -> str:
    """A policy's page: its text in force, or (a draft, not yet adopted) its history."""
    return policy_page(policy.id) if policy.current is not None else policy_history_page(policy.id)


def manual_policy(project: model.Project) -> model.Policy | None:
    """The policy the manual carries out; without a manual, the only policy. Never a
    policy chosen because it comes first."""
    if project.manual is not None:
        wanted = project.manual.policy.id
        return next((p for p in project.policies if p.id == wanted), None)
    return project.policies[0] if len(project.policies) == 1 else None


def _cited(
    project: model.Project,
    policy: model.Policy | None,
    authorities: Authorities,
) -> tuple[CitedAuthority, ...]:
    places: dict[str, tuple[Citation, list[Place]]] = {}
    for citation, place in _places(project, policy):
        _, found = places.setdefault(citation.normalized, (citation, []))
        if all(p.label != place.label for p in found):
            found.append(place)
    ordered = sorted(places.values(), key=lambda item: natural_key(item[0]))
    return tuple(
        CitedAuthority(citation, authorities.title(citation), authorities.url(citation), tuple(p))
        for citation, p in ordered
    )


def _places(
    project: model.Project, manual_policy: model.Policy | None
) -> Iterator[tuple[Citation, Place]]:
    """Every citation of the published sources with its place: each policy's version in
    force (the related policies of the manual's policy too), then the sections."""
    grammar = grammar_for(project)
    for policy in project.policies:
        version = policy.current
        if version is None:
            continue
        labels = clause_labels(version)
        page = policy_page(policy.id)
        for place in version_places(version, grammar):
            if isinstance(place.owner, model.Clause):
                label = labels.get(place.owner.id, place.owner.id)
                yield place.citation, Place(f"{policy.title}: {label}", page, place.owner.id)
            else:
                label = f"{policy.title}: References"
                yield place.citation, Place(label, page, "references", listed=True)
        if policy is manual_policy:
            for code in version.related_policies:
                citation = find_citations(f"Policy {code.id}")[0]
                label = f"{policy.title}: Related policies"
                yield citation, Place(label, page, "related-policies", listed=True)
    for section in project.manual.sections if project.manual else ():
        for place in section_places(section, grammar):
            label = f"{section.number} {section.title}"
            yield place.citation, Place(label, manual_page(section.id), section=section.id)


# -- review lines ----------------------------------------------------------------------


def review_line(
    review: model.Review | None, state: ReviewState | None = None, *, for_staff: bool = True
) -> str:
    """The facts of a section's last review, and when the next is due, as Markdown. A
    record on a host reserved for examples is never linked; staff are told it is a
    placeholder, the public is not shown it (`for_staff` False)."""
    if review is None:
        return "Not yet reviewed."
    outcome = "revised" if review.outcome == "revised" else "no change"
    line = (
        f"Last reviewed {long_date(review.last_reviewed)} by "
        f"{markdown_text(review.reviewed_by)} ({outcome})"
    )
    if state is not None and state.due is not None:
        line += f"; next review due {long_date(state.due)}"
    line += "."
    if review.record and is_placeholder_address(review.record):
        if for_staff:
            line += " Record of the review: a placeholder address, not linked."
    elif review.record:
        line += f" [Record of the review]({review.record})"
    return line


def review_history(review: model.Review | None, *, for_staff: bool = True) -> list[str]:
    """Each earlier review, latest first, as Markdown: date, who, outcome, record (a
    placeholder record as `review_line` shows it)."""
    lines = []
    for past in review.history if review is not None else ():
        outcome = "revised" if past.outcome == "revised" else "no change"
        line = f"{long_date(past.date)} by {markdown_text(past.reviewed_by)} ({outcome})"
        if past.record and is_placeholder_address(past.record):
            if for_staff:
                line += " (record: a placeholder address, not linked)"
        elif past.record:
            line += f" ([record]({past.record}))"
        lines.append(line)
    return lines
