"""What each citation points to: its registry entry, its title and its web address.

The registry (`policy_data/authorities.yml`) gives an authority its title and, where
known, its official address. Where the registry has no address, one is made from a
template: the Legislative Research Commission's pages for regulations, Cornell LII for
the U.S. Code, eCFR for the Code of Federal Regulations, govinfo for public laws. KRS
sections have opaque ids on the official site, so the default template for them points
at an unofficial mirror; record the official page in the registry, or change the
template, to link elsewhere.

This module also finds every citation in a project's sources, with where it was written
and which page and clause it belongs to, for the checks, the backlinks and the
Authorities page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import NamedTuple

from sopkit import model
from sopkit.diagnostics import Location
from sopkit.law.citations import Citation, Kind, find_citations
from sopkit.law.jurisdictions import CodeGrammar, grammar_for

DEFAULT_TEMPLATES: dict[str, str] = {
    "krs_section": "https://law.justia.com/codes/kentucky/chapter-{chapter}/section-{chapter}-{section}/",
    "krs_chapter": "https://law.justia.com/codes/kentucky/chapter-{chapter}/",
    "kar_regulation": "https://apps.legislature.ky.gov/law/kar/titles/{title}/{chapter:03}/{regulation:03}/",
    "kar_chapter": "https://apps.legislature.ky.gov/law/kar/titles/{title}/{chapter:03}/",
    "kar_title": "https://apps.legislature.ky.gov/law/kar/titles/{title}/",
    "usc_section": "https://www.law.cornell.edu/uscode/text/{title}/{section}",
    "cfr_section": "https://www.ecfr.gov/current/title-{title}/section-{part}.{section}",
    "cfr_part": "https://www.ecfr.gov/current/title-{title}/part-{part}",
    "public_law": "https://www.govinfo.gov/link/plaw/{congress}/public/{number}",
}

# Named provisions and the U.S. Code section each one is.
_REHABILITATION_ACT_TITLE = "29"
_REHABILITATION_ACT_SECTIONS = {"504": "794", "508": "794d"}

KIND_HEADINGS: dict[Kind, str] = {
    "statute": "Kentucky Revised Statutes",
    "regulation": "Kentucky Administrative Regulations",
    "federal statute": "United States Code",
    "federal regulation": "Code of Federal Regulations",
    "public law": "Public laws",
    "policy reference": "Board policies",
    "state statute": "Other states' laws",
}
"""How the Authorities page heads each kind; another state's statutes are headed by
their code's name (Authorities.heading)."""


def templates_from(project: model.Project) -> dict[str, str]:
    """The default templates, with those the registry sets in their place."""
    chosen = dict(DEFAULT_TEMPLATES)
    if project.url_templates is not None:
        for spec in fields(model.UrlTemplates):
            value = getattr(project.url_templates, spec.name, None)
            if spec.name in chosen and isinstance(value, str):
                chosen[spec.name] = value
    return chosen


def derived_url(citation: Citation, templates: Mapping[str, str]) -> str | None:
    """The web address a template gives a citation, if any template applies."""
    parts = citation.parts
    if not parts:
        return None
    try:
        return _derive(citation.kind, parts, templates)
    except (KeyError, ValueError, IndexError):
        return None  # a template with placeholders this citation cannot fill


def _derive(kind: Kind, parts: tuple[str, ...], templates: Mapping[str, str]) -> str | None:
    level = parts[0]
    if kind == "statute":
        chapter = parts[1].lower()
        if level == "chapter" or "-" in parts[2]:  # a chapter, or a subtitled section
            return templates["krs_chapter"].format(chapter=chapter)
        return templates["krs_section"].format(chapter=chapter, section=parts[2])
    if kind == "regulation":
        numbers = [int(part) for part in parts[1:]]
        if level == "title":
            return templates["kar_title"].format(title=numbers[0])
        if level == "chapter":
            return templates["kar_chapter"].format(title=numbers[0], chapter=numbers[1])
        return templates["kar_regulation"].format(
            title=numbers[0], chapter=numbers[1], regulation=numbers[2]
        )
    if kind == "federal statute":
        if level == "rehabilitation act":
            section = _REHABILITATION_ACT_SECTIONS.get(parts[1])
            if section is None:
                return None
            return templates["usc_section"].format(title=_REHABILITATION_ACT_TITLE, section=section)
        return templates["usc_section"].format(title=parts[1], section=parts[2])
    if kind == "federal regulation":
        if level == "part":
            return templates["cfr_part"].format(title=parts[1], part=parts[2])
        part, section = parts[2].split(".", 1)
        return templates["cfr_section"].format(title=parts[1], part=part, section=section)
    if kind == "public law":
        return templates["public_law"].format(congress=parts[1], number=parts[2])
    return None


class AuthorityLink(NamedTuple):
    url: str
    title: str


class Authorities:
    """The registry and the templates: what to link a citation to, and under what title."""

    def __init__(
        self, project: model.Project, policy_pages: Mapping[str, str] | None = None
    ) -> None:
        self.entries = {authority.cite: authority for authority in project.authorities}
        self.templates = templates_from(project)
        self.policy_pages = dict(policy_pages or {})
        """Policy code → the site page of that policy, for policies the site has."""
        self.policy_titles = {p.code: p.title for p in project.policies if p.code}
        self.grammar = grammar_for(project)
        """The codes of laws citations are found in: sopkit's and the project's."""
        """Policy code → its title, for policies the project has."""

    def entry(self, citation: Citation) -> model.Authority | None:
        return self.entries.get(citation.normalized)

    def title(self, citation: Citation) -> str | None:
        """The registry's title; for a policy the project has, that policy's own."""
        entry = self.entry(citation)
        if entry is not None and entry.title:
            return entry.title
        if citation.kind == "policy reference":
            return self.policy_titles.get(citation.normalized.split(" ", 1)[1])
        return None

    def url(self, citation: Citation) -> str | None:
        """The registry's address, a page of this site, or a template's address."""
        entry = self.entry(citation)
        if entry is not None and entry.url:
            return entry.url
        if citation.kind == "policy reference":
            return self.policy_pages.get(citation.normalized.split(" ", 1)[1])
        if citation.kind == "state statute":
            return self._state_url(citation)
        return derived_url(citation, self.templates)

    def _state_url(self, citation: Citation) -> str | None:
        code = self.grammar.by_id().get(citation.code or "")
        if code is None or code.url is None or citation.range_start or not citation.parts:
            return None  # a range has no one address
        section = citation.parts[1]
        return code.url.format(section=section, chapter=section.split(".", 1)[0])

    def heading(self, citation: Citation) -> str:
        """The heading a citation is listed under on the Authorities page."""
        code = self.grammar.by_id().get(citation.code or "")
        return code.name if code is not None else KIND_HEADINGS[citation.kind]

    def link(self, citation: Citation) -> AuthorityLink | None:
        url = self.url(citation)
        if url is None:
            return None
        return AuthorityLink(url, self.title(citation) or citation.normalized)


# -- where citations are --------------------------------------------------------------


@dataclass(frozen=True)
class CitingPlace:
    """A citation as it stands in a source: where, and on which page and clause."""

    citation: Citation
    location: Location
    owner: model.Located
    """The clause, reference or section the citation is written in."""
    version: model.PolicyVersion | None = None
    """For a citation in a policy, the version it is in."""


def _prose_places(
    prose: model.Prose | None,
    owner: model.Located,
    version: model.PolicyVersion | None = None,
    grammar: CodeGrammar | None = None,
) -> Iterator[CitingPlace]:
    if prose is None:
        return
    for citation in find_citations(prose.text, grammar):
        yield CitingPlace(citation, prose.locate(citation.start), owner, version)


def _plain_places(
    text: str,
    where: Location,
    owner: model.Located,
    version: model.PolicyVersion | None = None,
    grammar: CodeGrammar | None = None,
) -> Iterator[CitingPlace]:
    # Plain one-line values: the citation is on the value's line, offset from its start.
    for citation in find_citations(text, grammar):
        yield CitingPlace(
            citation,
            Location(where.path, where.line, where.column + citation.start),
            owner,
            version,
        )


def version_places(
    version: model.PolicyVersion, grammar: CodeGrammar | None = None
) -> Iterator[CitingPlace]:
    for clause in version.clauses:
        yield from _prose_places(clause.text, clause, version, grammar)
        for definition in clause.definitions:
            yield from _prose_places(definition.text, clause, version, grammar)
    for reference in version.references:
        where = reference.span("text")
        yield from _plain_places(reference.text, where, reference, version, grammar)


def section_places(
    section: model.Section, grammar: CodeGrammar | None = None
) -> Iterator[CitingPlace]:
    yield from _plain_places(section.summary, section.span("summary"), section, None, grammar)
    for prose in (section.body, *(s.text for s in section.steps),
                  *(d.text for d in section.definitions), section.internal_notes):  # fmt: skip
        yield from _prose_places(prose, section, None, grammar)


def citing_places(project: model.Project, *, all_versions: bool = False) -> Iterator[CitingPlace]:
    """Every citation in the project's policies and manual, in source order.

    Policies contribute their version in force, or every version with `all_versions`."""
    grammar = grammar_for(project)
    for policy in project.policies:
        versions: Iterable[model.PolicyVersion] = (
            policy.versions if all_versions else ([policy.current] if policy.current else [])
        )
        for version in versions:
            yield from version_places(version, grammar)
    if project.manual is not None:
        for section in project.manual.sections:
            yield from section_places(section, grammar)


# -- ordering ------------------------------------------------------------------------

_KIND_ORDER = {kind: index for index, kind in enumerate(KIND_HEADINGS)}


def natural_key(citation: Citation) -> tuple[object, ...]:
    """Sort authorities as a reader expects: KRS 61.902 before KRS 158.441, chapters
    before their sections, 158.441 before 158.4414 before 158.442."""
    numbers: list[object] = []
    for piece in re.findall(r"\d+|[A-Za-z]+", citation.normalized):
        numbers.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece.lower()))
    if citation.kind == "statute" and citation.parts and citation.parts[0] == "section":
        chapter = re.match(r"(\d+)([A-Za-z]?)", citation.parts[1])
        assert chapter is not None
        # The section part orders like a decimal fraction: 441 < 4414 < 442.
        return (
            _KIND_ORDER[citation.kind],
            int(chapter.group(1)),
            chapter.group(2),
            1,
            citation.parts[2],
            numbers,
        )
    if citation.kind == "statute" and citation.parts:
        chapter = re.match(r"(\d+)([A-Za-z]?)", citation.parts[1])
        assert chapter is not None
        return (_KIND_ORDER[citation.kind], int(chapter.group(1)), chapter.group(2), 0, "", numbers)
    if citation.kind == "policy reference":  # the board's order: 09.14 < 09.2211 < 09.227
        code = citation.normalized.split(" ", 1)[1]
        return (_KIND_ORDER[citation.kind], 0, "", 0, "", [model.policy_code_key(code)])
    return (_KIND_ORDER[citation.kind], 0, "", 0, "", numbers)


def parse_cite(cite: str, grammar: CodeGrammar | None = None) -> Citation | None:
    """The citation a registry `cite` stands for, when it is exactly one citation."""
    found = find_citations(cite, grammar)
    return found[0] if len(found) == 1 else None
