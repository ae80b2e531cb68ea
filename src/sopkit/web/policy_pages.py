"""The pages of a board policy: the version in force, its history, every version at its
own permanent address, and what changed between any two versions.

The policy's main page always shows the version in force, clause by clause, with links
from each clause to the manual sections that carry it out. Each version also has its
own page (`policy/<id>/v1/`) that keeps showing that version after the next one is
adopted, with a banner saying whether it is the version in force. A comparison page
for every pair of versions (`policy/<id>/compare/v1-v3/`), neighbours or not, shows each
clause's words struck through and inserted; the history page lists them all, with the
dates each version was in force where the sources record them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from sopkit import model
from sopkit.compare.versions import (
    UnitChange,
    VersionComparison,
    consecutive_comparisons,
    every_comparison,
)
from sopkit.law.clauses import ClauseNumber, citation, clause_numbers
from sopkit.render.paths import (
    policy_comparison_page,
    policy_history_page,
    policy_page,
    policy_version_page,
)
from sopkit.render.text import relative_link
from sopkit.sources.textrules import FOOTNOTE, long_date, mask_code
from sopkit.web.rendered import NavEntry, RenderedPage

PageMaker = Callable[..., RenderedPage]
"""Renders a template into a page: (template, path, title, source, kind, **context)."""

Backlinks = Mapping[str, Sequence[tuple[str, str]]]
ExpandRefs = Callable[[str, str], str]
"""Prose and the page it is on → the prose with its [[section:id]] written out."""
"""Clause id → (label, link) of each manual section that carries the clause out."""


# -- what templates are given ---------------------------------------------------------


@dataclass(frozen=True)
class DefinitionView:
    definition: model.Definition
    text: Markup
    """Its Markdown, footnotes linked."""
    marker: str
    """Its number in the clause, printed beside it: "(1)"."""
    label: str
    """What its permanent link is called: "the definition of “School resource officer”"."""
    citation: str
    """How a reader cites it (copied by the page's "copy citation" button)."""


@dataclass(frozen=True)
class ClauseView:
    clause: model.Clause
    text: Markup
    """The clause's Markdown, with footnote markers turned into links to References."""
    implemented_by: tuple[tuple[str, str], ...]
    """(label, url) of each manual section that carries the clause out."""
    definitions: tuple[DefinitionView, ...] = ()
    """Each definition of a definitions clause."""
    number: ClauseNumber | None = None
    """Where it sits in its part: its label ("Roles and Expectations, item 5") and the
    marker printed beside it ("5.")."""
    citation: str = ""
    """How a reader cites it (copied by the page's "copy citation" button)."""

    @property
    def marker(self) -> str:
        return (self.number.marker or "") if self.number else ""

    @property
    def label(self) -> str:
        return self.number.label if self.number else self.clause.id


@dataclass(frozen=True)
class Block:
    """Consecutive clauses printed together: a paragraph, or a bulleted or numbered list."""

    form: str
    clauses: list[ClauseView] = field(default_factory=list)


@dataclass(frozen=True)
class Part:
    """A headed part of a policy: its heading and its blocks of clauses."""

    heading: str | None
    anchor: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class VersionView:
    """A version as the history and comparison pages show it, with its links."""

    version: model.PolicyVersion
    link: str
    """Its own page."""
    changes_link: str | None = None
    """The comparison with the version before it, if there is one."""
    in_force: str = ""
    """When it was in force, in words: "1 July 2020 – 30 June 2024"."""

    @property
    def name(self) -> str:
        return f"Version {self.version.number}"


@dataclass(frozen=True)
class ChangeView:
    change: UnitChange
    html: Markup
    """The redline of the clause's words, as HTML."""
    heading_html: Markup | None
    old_link: str | None
    new_link: str | None


# -- pages ------------------------------------------------------------------------------


class PolicyPages:
    """Renders the pages of one policy."""

    def __init__(
        self,
        policy: model.Policy,
        make_page: PageMaker,
        backlinks: Backlinks,
        expand_refs: ExpandRefs = lambda text, _page: text,
    ) -> None:
        self.policy = policy
        self.make_page = make_page
        self.backlinks = backlinks
        self.expand_refs = expand_refs
        self.versions = sorted(policy.versions, key=lambda v: v.number)
        self.comparisons = {c.new.number: c for c in consecutive_comparisons(policy)}
        """The comparison of each version with the one before it, by the later number."""
        self.pairs = every_comparison(policy)

    def render(self) -> tuple[list[RenderedPage], NavEntry]:
        pages = [self.history_page()]
        pages += [self.version_page(version) for version in self.versions]
        pages += [self.comparison_page(c) for c in self.pairs]
        history = NavEntry("History and changes", policy_history_page(self.policy.id))
        current = self.policy.current
        if current is None:
            return pages, NavEntry(self.policy.title, children=(history,))
        pages.insert(0, self.current_page(current))
        main = NavEntry("Current text", policy_page(self.policy.id))
        return pages, NavEntry(self.policy.title, children=(main, history))

    def current_page(self, version: model.PolicyVersion) -> RenderedPage:
        path = policy_page(self.policy.id)
        comparison = self.comparisons.get(version.number)
        return self._version_page(
            path,
            self.policy.title,
            version,
            self.backlinks,
            "policy",
            in_nav=True,
            history_link=relative_link(path, policy_history_page(self.policy.id)),
            changes_link=relative_link(path, self._comparison_path(comparison))
            if comparison
            else None,
            version_link=relative_link(path, policy_version_page(self.policy.id, version.number)),
        )

    def version_page(self, version: model.PolicyVersion) -> RenderedPage:
        path = policy_version_page(self.policy.id, version.number)
        comparison = self.comparisons.get(version.number)
        return self._version_page(
            path,
            f"{self.policy.title}: version {version.number}",
            version,
            {},  # the manual carries out the version in force, not this one
            "policy-version",
            in_nav=False,
            history_link=relative_link(path, policy_history_page(self.policy.id)),
            changes_link=relative_link(path, self._comparison_path(comparison))
            if comparison
            else None,
            current_link=relative_link(path, policy_page(self.policy.id))
            if self.policy.current is not None
            else None,
            point_in_time=True,
        )

    def _version_page(
        self,
        path: str,
        title: str,
        version: model.PolicyVersion,
        backlinks: Backlinks,
        kind: str,
        in_nav: bool,
        **links: object,
    ) -> RenderedPage:
        context: dict[str, object] = {
            "version_link": None,
            "current_link": None,
            "point_in_time": False,
            **links,
        }
        page = self.make_page(
            "policy.md.j2",
            path,
            title,
            version.location,
            kind,
            description=version.summary,
            # Search finds the version in force on the policy's main page; the same words
            # again on each version's page would only crowd the results.
            search={"exclude": True} if kind == "policy-version" else None,
            policy=self.policy,
            version=version,
            current=self.policy.current,
            parts=list(
                policy_parts(
                    version, backlinks, lambda text: self.expand_refs(text, path), self.policy
                )
            ),
            numbered_references=[r for r in version.references if r.number is not None],
            other_references=[r for r in version.references if r.number is None],
            **context,
        )
        return _with_nav(page, in_nav)

    def history_page(self) -> RenderedPage:
        path = policy_history_page(self.policy.id)
        views = [self._version_view(path, version) for version in reversed(self.versions)]
        return self.make_page(
            "policy_history.md.j2",
            path,
            f"{self.policy.title}: history and changes",
            self.policy.location,
            "policy-history",
            description=f"Every version of {self.policy.title}, and what changed in each.",
            policy=self.policy,
            versions=views,
            comparisons=[
                (
                    f"Version {c.old.number} and version {c.new.number}",
                    relative_link(path, self._comparison_path(c)),
                )
                for c in self.pairs
            ],
            current_link=relative_link(path, policy_page(self.policy.id))
            if self.policy.current is not None
            else None,
        )

    def comparison_page(self, comparison: VersionComparison) -> RenderedPage:
        path = self._comparison_path(comparison)
        old_path = policy_version_page(self.policy.id, comparison.old.number)
        new_path = policy_version_page(self.policy.id, comparison.new.number)
        changes = [
            ChangeView(
                change,
                html_footnotes(change.redline.explain("html"), relative_link(path, new_path)),
                Markup(change.heading.explain("html")) if change.heading else None,
                relative_link(path, old_path, change.old.id) if change.old else None,
                relative_link(path, new_path, change.new.id) if change.new else None,
            )
            for change in comparison.changes
        ]
        return _with_nav(
            self.make_page(
                "policy_comparison.md.j2",
                path,
                f"{self.policy.title}: {comparison.what}",
                comparison.new.location,
                "policy-comparison",
                description=f"What changed from version {comparison.old.number} to version "
                f"{comparison.new.number} of {self.policy.title}.",
                policy=self.policy,
                old=self._version_view(path, comparison.old),
                new=self._version_view(path, comparison.new),
                summary=comparison_summary(comparison),
                changes=[view for view in changes if view.change.is_change],
                unchanged=[view for view in changes if not view.change.is_change],
                history_link=relative_link(path, policy_history_page(self.policy.id)),
            ),
            in_nav=False,
        )

    def _version_view(self, from_page: str, version: model.PolicyVersion) -> VersionView:
        comparison = self.comparisons.get(version.number)
        return VersionView(
            version,
            relative_link(from_page, policy_version_page(self.policy.id, version.number)),
            relative_link(from_page, self._comparison_path(comparison)) if comparison else None,
            in_force_range(self.versions, version),
        )

    def _comparison_path(self, comparison: VersionComparison) -> str:
        return policy_comparison_page(self.policy.id, comparison.old.number, comparison.new.number)


def in_force_range(versions: Sequence[model.PolicyVersion], version: model.PolicyVersion) -> str:
    """When `version` was in force, in words, from its effective date to the day before
    the next version's: "1 July 2020 – 30 June 2024", "from 1 July 2024" while it is
    in force; "not recorded" when the sources give no effective date. A date the
    sources do not give is never guessed: the end is "not recorded" when the next
    version's effective date is not."""
    if version.status == "draft":
        return "not yet in force (a draft)"
    if version.effective_on is None:
        return "not recorded"
    start = long_date(version.effective_on)
    if version.status == "in force":
        return f"from {start}"
    later = [v for v in versions if v.number > version.number and v.status != "draft"]
    following = min(later, key=lambda v: v.number) if later else None
    if following is None or following.effective_on is None:
        return f"from {start}; the day it ended is not recorded"
    return f"{start} – {long_date(following.effective_on - dt.timedelta(days=1))}"


def comparison_summary(comparison: VersionComparison) -> str:
    """ "10 of 33 parts of the policy changed (10 reworded)." """
    counts = comparison.counts()
    total = len(comparison.changes)
    changed = total - counts["unchanged"]
    details = [
        f"{counts[kind]} {word}"
        for kind, word in (
            ("changed", "reworded"),
            ("added", "added"),
            ("removed", "removed"),
            ("split", "split"),
            ("merged", "merged"),
            ("moved", "moved"),
        )
        if counts[kind]
    ]
    detail = f" ({', '.join(details)})" if details else ""
    return f"{changed} of {total} parts of the policy changed{detail}."


def _with_nav(page: RenderedPage, in_nav: bool) -> RenderedPage:
    return page if page.in_nav == in_nav else replace(page, in_nav=in_nav)


# -- the text of a version ----------------------------------------------------------


def policy_parts(
    version: model.PolicyVersion,
    backlinks: Backlinks,
    expand: Callable[[str], str] = lambda text: text,
    policy: model.Policy | None = None,
) -> Iterator[Part]:
    """The version's clauses grouped as printed: headed parts, then paragraphs and lists.
    With the `policy`, each clause knows how a reader cites it."""
    numbers = clause_numbers(version)
    part: Part | None = None
    for clause in version.clauses:
        if part is None or clause.heading:
            if part is not None:
                yield part
            anchor = "part-" + (
                re.sub(r"[^a-z0-9]+", "-", (clause.heading or "policy").lower()).strip("-")
            )
            part = Part(clause.heading, anchor)
        number = numbers[clause.id]
        view = ClauseView(
            clause,
            prose_with_footnotes(clause.text, expand),
            tuple(backlinks.get(clause.id, ())),
            tuple(_definition_views(clause, version, policy, expand)),
            number,
            citation(policy, version, number.label) if policy is not None else "",
        )
        if not part.blocks or part.blocks[-1].form != clause.form or clause.form == "paragraph":
            part.blocks.append(Block(clause.form))
        part.blocks[-1].clauses.append(view)
    if part is not None:
        yield part


def _definition_views(
    clause: model.Clause,
    version: model.PolicyVersion,
    policy: model.Policy | None,
    expand: Callable[[str], str],
) -> Iterator[DefinitionView]:
    for index, definition in enumerate(clause.definitions, start=1):
        label = f"Definition of “{definition.term}”"
        yield DefinitionView(
            definition,
            prose_with_footnotes(definition.text, expand),
            f"({index})",
            "the " + label[:1].lower() + label[1:],
            citation(policy, version, label) if policy is not None else "",
        )


def prose_with_footnotes(
    prose: model.Prose | None, expand: Callable[[str], str] = lambda text: text
) -> Markup:
    if prose is None:
        return Markup("")
    return Markup(link_footnotes(expand(prose.text.rstrip("\n"))))


def link_footnotes(text: str, page: str = "") -> str:
    """Turn `[^3]` into a superscript link to reference 3 in the References list of
    `page` (this page when empty)."""
    masked = mask_code(text)
    pieces, last = [], 0
    for match in FOOTNOTE.finditer(masked):
        number = match.group(1)
        pieces += [
            text[last : match.start()],
            f'<sup>[{number}]({page}#ref-{number} "Reference {number}")</sup>',
        ]
        last = match.end()
    return "".join(pieces) + text[last:]


def html_footnotes(html: str, page: str) -> Markup:
    """The same in HTML already made (a redline): each `[^3]` a superscript link."""
    return Markup(
        FOOTNOTE.sub(
            lambda m: (
                f'<sup><a href="{page}#ref-{m.group(1)}" title="Reference {m.group(1)}">'
                f"{m.group(1)}</a></sup>"
            ),
            html,
        )
    )
