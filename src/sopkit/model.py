"""The sources as typed, immutable values.

Each value made from a YAML mapping carries the `location` of that mapping and the
`spans` (locations) of its keys' values, so that later checks can point at the exact
place of, say, a duplicate id. Locations never take part in equality: two sources that
say the same thing are equal wherever they were written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Literal, Protocol, TypeVar

from sopkit.diagnostics import Location


class Locator(Protocol):
    """What a piece of prose needs of the text it was read from: where each of its
    characters was written (the loader's Scalar is one)."""

    def locate(self, offset: int) -> Location: ...


Visibility = Literal["public", "internal"]
_T = TypeVar("_T")

NOWHERE = Location("")


@dataclass(frozen=True, kw_only=True)
class Located:
    """Base of every value made from a YAML mapping."""

    location: Location = field(default=NOWHERE, compare=False, repr=False)
    """Where the mapping starts."""
    spans: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)
    """Where each key's value starts, by key."""

    def span(self, key: str) -> Location:
        """Where the value of `key` was written (the mapping itself if it was not)."""
        return self.spans.get(key, self.location)

    @property
    def path(self) -> str:
        """The source file this value was read from."""
        return self.location.path


@dataclass(frozen=True)
class Ref:
    """A reference by id to something defined elsewhere (a clause, a role, a topic)."""

    id: str
    location: Location = field(default=NOWHERE, compare=False, repr=False)

    def __str__(self) -> str:
        return self.id


_CODE = re.compile(r"^(\d+)\.(\d+)(.*)$")


def policy_code_key(code: str | None) -> tuple[int, int, str, str]:
    """The order of board policy codes, KSBA style: by series, then the digits after the
    point as a decimal (09.14 < 09.2211 < 09.227), then what follows (09.2211 AP.1 after
    09.2211). Codes of another shape follow, in text order; no code comes last."""
    if code is None:
        return (2, 0, "", "")
    match = _CODE.match(code.strip())
    if match is None:
        return (1, 0, code, "")
    series, digits, rest = match.groups()
    return (0, int(series), digits, rest.strip())


def policy_series(code: str | None) -> str | None:
    """The series a code belongs to ("09" for 09.2211 AP.1), if it has the KSBA shape."""
    match = _CODE.match(code.strip()) if code else None
    return match.group(1) if match else None


def clause_ref_parts(ref: str) -> tuple[str | None, str]:
    """A clause reference's policy (its id or code, when the reference names one, as in
    09.14#purpose or student-records#purpose) and its clause id."""
    policy, sep, clause = ref.rpartition("#")
    return (policy, clause) if sep else (None, ref)


@dataclass(frozen=True)
class Prose:
    """Markdown text from a source, able to say where any character of it was written."""

    text: str
    scalar: Locator | None = field(default=None, compare=False, repr=False)
    edits: tuple[tuple[int, int, int], ...] = field(default=(), compare=False, repr=False)
    """Where `text` differs from what the source wrote, in order: (start, end) of a span of
    the source's text and the length of what replaced it (0 when it was removed), such as
    the internal blocks the public edition leaves out. Offsets in `text` still locate."""

    def locate(self, offset: int) -> Location:
        """The file position of the character at `offset` in `text`."""
        if self.scalar is None:
            return NOWHERE
        shift = 0  # how much longer the text is than the source, up to here
        for start, end, length in self.edits:
            if offset < start + shift:
                break
            if offset < start + shift + length:
                return self.scalar.locate(start)  # inside a replacement: where it stands
            shift += length - (end - start)
        return self.scalar.locate(offset - shift)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Period:
    """A length of calendar time, such as two years or 90 days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = [
            f"{n} {unit}{'' if n == 1 else 's'}"
            for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if n
        ]
        return ", ".join(parts) or "0 days"


@dataclass(frozen=True)
class MonthDay:
    """A day of the year, such as November 1."""

    month: int
    day: int

    def __str__(self) -> str:
        return f"{dt.date(2000, self.month, self.day):%B} {self.day}"


# -- policy ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Definition(Located):
    """A defined term."""

    id: str
    term: str
    abbreviation: str | None = None
    text: Prose


@dataclass(frozen=True, kw_only=True)
class Clause(Located):
    """One clause of a policy version: a paragraph, a list item, or the definitions."""

    id: str
    heading: str | None = None
    """Set when the clause starts a new headed part of the policy."""
    form: Literal["paragraph", "bullet", "numbered"] = "paragraph"
    text: Prose | None = None
    definitions: tuple[Definition, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Reference(Located):
    """An entry of a policy's REFERENCES list; numbered ones are footnotes in the text."""

    number: int | None = None
    text: str


@dataclass(frozen=True, kw_only=True)
class PolicyVersion(Located):
    """One adopted version of a policy, with its complete text."""

    number: int
    status: Literal["draft", "in force", "superseded"]
    adopted_by: str | None = None
    adopted_on: dt.date | None = None
    effective_on: dt.date | None = None
    summary: str
    source: str | None = None
    transcription_notes: tuple[str, ...] = ()
    clauses: tuple[Clause, ...]
    references: tuple[Reference, ...] = ()
    related_policies: tuple[Ref, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Policy(Located):
    """A board policy and all its versions, oldest first."""

    id: str
    title: str
    code: str | None = None
    kind: str
    organization: str
    adopting_body: str
    status: Literal["draft", "in force", "repealed"]
    visibility: Visibility
    versions: tuple[PolicyVersion, ...] = ()

    @property
    def current(self) -> PolicyVersion | None:
        """The version in force, if exactly one is."""
        in_force = [v for v in self.versions if v.status == "in force"]
        return in_force[0] if len(in_force) == 1 else None


# -- registries -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Authority(Located):
    """A statute, regulation or policy that the sources cite."""

    cite: str
    title: str | None = None
    url: str | None = None


LockStatus = Literal["checked", "unverified", "failed"]


@dataclass(frozen=True, kw_only=True)
class LockedAuthority(Located):
    """What `sopkit authorities refresh` last read of an authority at its official
    address (policy_data/authorities.lock.yml). Written only by that command."""

    cite: str
    status: LockStatus
    """checked: read at `url` on `checked_on`; unverified: never read there (the note
    says why); failed: the last refresh could not read it (the values are the last
    ones read, if any)."""
    url: str | None = None
    """The official address it is read from."""
    checked_on: dt.date | None = None
    """The last day it was read there."""
    effective_on: dt.date | None = None
    """The day its current text took effect (or was last amended), as read."""
    previous_effective_on: dt.date | None = None
    """The day the text before it took effect, when a refresh saw it change."""
    first_read_on: dt.date | None = None
    """The day a refresh first read this text (this effective_on): a text posted before
    the day it takes effect counts as changed from the day it was read."""
    history: str | None = None
    """Its history line as read (for KRS: the "History:" line)."""
    text_sha256: str | None = None
    """The sha256 of its text, normalized (sopkit.law.official.normalized_text)."""
    snapshot: str | None = None
    """The file under policy_data/ that keeps the text as read, if kept."""
    note: str | None = None
    """Why a value is missing, in words (an unverified or failed entry always says)."""


@dataclass(frozen=True, kw_only=True)
class StateCode(Located):
    """A code of laws (a state's statutes, one of its subject codes) that citations may
    name: how it is written, its normal form, and where its sections are read."""

    id: str
    name: str
    """Its name, which heads its group on the Authorities page: Ohio Revised Code."""
    jurisdiction: str
    """The state (or other lawmaker) whose code it is: Ohio."""
    cite_as: str
    """The normal form's prefix: "R.C." gives R.C. 3313.20."""
    written: tuple[str, ...]
    """Every way texts write the prefix ("Ohio Rev. Code", "R.C."), as literal words."""
    sections: Literal["dotted", "plain"] = "dotted"
    """dotted: 3313.20 or 37.0811; plain: 12022 or 626a."""
    url: str | None = None
    """A section's address, with {section} (and {chapter}, the part before the dot)."""


@dataclass(frozen=True, kw_only=True)
class UrlTemplates(Located):
    """Web addresses for citations that are not in the registry, by kind of citation.

    Each is a Python format string; the placeholders are listed in the editing guide."""

    krs_section: str | None = None
    krs_chapter: str | None = None
    kar_regulation: str | None = None
    kar_chapter: str | None = None
    kar_title: str | None = None
    usc_section: str | None = None
    cfr_section: str | None = None
    cfr_part: str | None = None
    public_law: str | None = None


@dataclass(frozen=True, kw_only=True)
class Repeats:
    """How often an obligation recurs: every period, once, or as needed."""

    kind: Literal["every", "once", "as needed"]
    period: Period | None = None


@dataclass(frozen=True, kw_only=True)
class Schedule(Located):
    repeats: Repeats
    by: MonthDay | None = None
    before: str | None = None


@dataclass(frozen=True, kw_only=True)
class Obligation(Located):
    """A duty the policy creates, with who owes it to whom and when."""

    id: str
    title: str
    clause: Ref
    authority: Ref | None = None
    responsible: Ref
    recipient: str
    schedule: Schedule
    deliverable: str | None = None
    last_done: dt.date | None = None
    """When the duty was last carried out, if that is recorded."""
    record: str | None = None
    """A link to the record of it (minutes, a submitted report)."""
    measured_by: Literal["section-reviews"] | None = None
    """The duty's dates come from elsewhere: the reviews of the manual's sections."""


@dataclass(frozen=True, kw_only=True)
class TrainingTopic(Located):
    id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Curriculum(Located):
    """A list of required training topics."""

    id: str
    title: str
    authority: Ref | None = None
    clause: Ref
    hours_per_year: int | None = None
    topics: tuple[TrainingTopic, ...]


# -- the manual -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Role(Located):
    id: str
    title: str
    short_title: str | None = None
    """What a procedure's steps call the role, where space is tight ("SSO")."""


@dataclass(frozen=True, kw_only=True)
class Contact(Located):
    """Who the public contacts about the program: for feedback, questions, complaints."""

    name: str
    phone: str | None = None
    email: str | None = None
    web: str | None = None
    address: str | None = None
    feedback: Prose | None = None
    """How to give feedback or make a complaint, in a few sentences."""


@dataclass(frozen=True, kw_only=True)
class Audience(Located):
    id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class TeamMember(Located):
    role: Ref
    group: Literal["district", "community"]
    department: str
    chair: bool = False


@dataclass(frozen=True, kw_only=True)
class Team(Located):
    name: str
    required_by: Ref | None = None
    members: tuple[TeamMember, ...]


@dataclass(frozen=True, kw_only=True)
class ReviewRule(Located):
    cycle: Period
    required_by: Ref | None = None
    warning: Period = Period(days=90)
    """How long before its due date a review counts as due soon."""


@dataclass(frozen=True, kw_only=True)
class PastReview(Located):
    """An earlier review of a section, kept when a later one is recorded."""

    date: dt.date
    reviewed_by: str
    outcome: Literal["no-change", "revised"]
    record: str | None = None
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class Review(Located):
    """The record of a section's reviews: the most recent one, and those before it."""

    last_reviewed: dt.date
    reviewed_by: str
    outcome: Literal["no-change", "revised"]
    record: str | None = None
    cycle: Period | None = None
    """Overrides the manual's review cycle for this section."""
    notes: str | None = None
    history: tuple[PastReview, ...] = ()
    """The earlier reviews, latest first."""

    @property
    def all(self) -> tuple[PastReview, ...]:
        """Every review, the most recent first."""
        latest = PastReview(
            date=self.last_reviewed,
            reviewed_by=self.reviewed_by,
            outcome=self.outcome,
            record=self.record,
            notes=self.notes,
            location=self.location,
        )
        return (latest, *self.history)


@dataclass(frozen=True, kw_only=True)
class Step(Located):
    text: Prose
    actor: Ref | None = None
    visibility: Visibility = "public"


@dataclass(frozen=True, kw_only=True)
class Section(Located):
    """One procedure of the manual, from one YAML file."""

    id: str
    number: str
    title: str
    summary: str
    owner: Ref
    visibility: Visibility
    withheld_reason: str | None = None
    """Why the public edition does not publish the section (required when it is internal):
    public words, such as "tactical procedures", shown there with its number."""
    audiences: tuple[Ref, ...]
    implements: tuple[Ref, ...]
    training_topics: tuple[Ref, ...] = ()
    see_also: tuple[Ref, ...] = ()
    review: Review | None = None
    definitions: tuple[Definition, ...] = ()
    body: Prose | None = None
    search_terms: tuple[str, ...] = ()
    """Words a reader searches for that the section's text may not use ("field trip")."""
    steps: tuple[Step, ...] = ()
    internal_notes: Prose | None = None


@dataclass(frozen=True, kw_only=True)
class Merge(Located):
    """A section an edition removed because another section took in what it said."""

    section: str
    """The id of the removed section, as the edition before named it."""
    into: str
    """The id of the section (of this edition) that now says it."""


@dataclass(frozen=True, kw_only=True)
class Edition(Located):
    """A published edition of the manual (sop/editions.yml): who approved it, when, and
    the commit its sources are kept at."""

    id: str
    """The edition's name, as manual.yml's `edition` names the current one: 2026-27."""
    approved_by: str
    approved_on: dt.date
    in_force_from: dt.date
    """The day it took effect; it stays in force until the next edition's day."""
    record: str | None = None
    """A link to the record of the approval (minutes, a resolution)."""
    commit: str | None = None
    """The full commit the edition was published from (lower case). The current edition
    may leave it out: its sources are the files as they are."""
    merged: tuple[Merge, ...] = ()
    """Sections it removed by merging them into another."""

    def merged_into(self, section_id: str) -> str | None:
        """The id of the section a removed section was merged into, if it was."""
        return next((m.into for m in self.merged if m.section == section_id), None)


@dataclass(frozen=True, kw_only=True)
class Withheld(Located):
    """A section an edition does not publish, as that edition names it: its number, its
    chapter's number and why, never its title, id or text. (Located where the reason
    was written.)"""

    number: str
    chapter: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Chapter(Located):
    """A folder of sections."""

    id: str
    number: str
    title: str
    summary: str | None = None
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Manual(Located):
    """The SOP manual's settings (manual.yml) and its chapters."""

    id: str
    title: str
    short_title: str | None = None
    organization: str
    policy: Ref
    edition: str
    internal_edition: str = "internal edition"
    """What the edition with everything is called: officers' edition, staff edition."""
    time_zone: str
    sample: bool = False
    sample_notice: Prose | None = None
    review: ReviewRule
    team: Team
    roles: tuple[Role, ...]
    audiences: tuple[Audience, ...]
    start_here: tuple[Ref, ...] = ()
    """The sections an officer most often looks for, first on the home page."""
    contact: Contact | None = None
    chapters: tuple[Chapter, ...] = ()
    withheld: tuple[Withheld, ...] = ()
    """The sections the edition leaves out, in the manual's order. Only the public
    edition has any: the sources and the officers' edition keep every section."""

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every section, chapter by chapter."""
        return tuple(section for chapter in self.chapters for section in chapter.sections)


def number_key(number: str) -> tuple[int, ...]:
    """Sort key for section and chapter numbers: 4.2 before 4.10. The one order of
    numbers everywhere (pages, PDFs, reviews, diffs)."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def map_prose(value: _T, change: Callable[[Prose], Prose]) -> _T:
    """`value` (a project, a section, ...) with every Markdown text in it passed through
    `change`; what holds no changed text is the same object as before."""
    if isinstance(value, Prose):
        return change(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(map_prose(item, change) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items  # type: ignore[return-value]
    if isinstance(value, Located | Project):
        changed = {}
        for spec in fields(value):
            if spec.compare:
                old = getattr(value, spec.name)
                new = map_prose(old, change)
                if new is not old:
                    changed[spec.name] = new
        return replace(value, **changed) if changed else value
    return value


def iter_prose(
    value: object, crumbs: tuple[str, ...] = (), path: str | None = None
) -> Iterator[tuple[str, Prose]]:
    """Every Markdown text in `value` (a project, a section, ...), each with the keys that
    lead to it in its own source file ("steps → item 2 → text"), the way messages name
    values. A check of all prose walks this, so a new field holding prose is never
    forgotten."""
    if isinstance(value, Prose):
        yield " → ".join(crumbs), value
    elif isinstance(value, Located) and value.path != path:
        yield from iter_prose(value, (), value.path)  # a value of its own file
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            name = getattr(item, "id", None)
            crumb = name if isinstance(name, str) else f"item {index + 1}"
            yield from iter_prose(
                item,
                crumbs if isinstance(item, Located) and item.path != path else (*crumbs, crumb),
                path,
            )
    elif isinstance(value, Located | Project):
        for spec in fields(value):
            if spec.name not in ("location", "spans"):
                yield from iter_prose(getattr(value, spec.name), (*crumbs, spec.name), path)


@dataclass(frozen=True, kw_only=True)
class Project:
    """Everything the sources say, loaded and checked."""

    manual: Manual | None
    policies: tuple[Policy, ...] = ()
    authorities: tuple[Authority, ...] = ()
    url_templates: UrlTemplates | None = None
    obligations: tuple[Obligation, ...] = ()
    curricula: tuple[Curriculum, ...] = ()
    codes: tuple[StateCode, ...] = ()
    """The codes of laws the project declares (policy_data/jurisdictions.yml), besides
    those sopkit knows."""
    locked: tuple[LockedAuthority, ...] = ()
    """What the last refresh read of each authority (policy_data/authorities.lock.yml)."""
    editions: tuple[Edition, ...] = ()
    """The manual's published editions, oldest first (sop/editions.yml); empty when the
    file is absent, and then the manual has one edition, its current one."""
    files: tuple[str, ...] = ()
    """Every source file that was read, relative to the project folder."""
    incomplete: frozenset[str] = frozenset()
    """Kinds of source (such as "section") of which some file could not be read; checks
    that depend on them stay quiet rather than report problems that are not there."""
    with_errors: frozenset[str] = frozenset()
    """Kinds of source of which some file has errors, even if it could be read; checks
    that need every value of a kind (such as "is this authority cited anywhere?") wait."""

    def policy_named(self, key: str) -> Policy | None:
        """The policy with that id, or else with that code (09.14)."""
        by_id = next((p for p in self.policies if p.id == key), None)
        return by_id or next((p for p in self.policies if p.code == key), None)
