"""The shape of each kind of source file, declared once.

`sopkit check` validates against these declarations, the model is built from them, and
`sopkit schema` exports them as JSON Schema for editors. Each field's doc string is what
an editor shows when hovering over the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sopkit import model
from sopkit.sources.schema import (
    Boolean,
    Choice,
    ClauseRefType,
    Code,
    Context,
    Date,
    Either,
    Field,
    Identifier,
    Integer,
    ListOf,
    Markdown,
    MonthDayType,
    PeriodType,
    Record,
    RepeatsType,
    Text,
    Url,
    UrlTemplate,
)
from sopkit.sources.tree import Mapping as MappingNode

VISIBILITY = Choice(("public", "internal"), "visibility (public or internal)")

# Shown in the public edition beside the number of the section it explains: a few words.
WITHHELD_REASON = Text("reason", example_value="tactical procedures", max_length=120)
SECTION_NUMBER = Code("section number", r"[0-9]+(?:\.[0-9]+)*", "4.2")
CHAPTER_NUMBER = Code("chapter number", r"[0-9]+", "4")
# An edition names files and folders (the manual's PDF, the published site's folder) and
# reaches a shell in `make publish`: only letters, digits, dots and hyphens, kept short.
EDITION = Code(
    "edition", r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,38}[A-Za-z0-9])?", "2026-27", max_length=40
)
POLICY_CODE = Code("board policy code", r"[0-9]{2}\.[0-9]+(?: AP\.[0-9]+)?", "09.14")
RELATED_POLICY = Code(
    "board policy code", r"[0-9]{2}\.[0-9]+(?: AP\.[0-9]+)?", "09.14", make_ref=True
)
# Any text: whether it is a citation, in normal form, is checked with the citation
# grammar (citation_checks.py), which can say what the normal form is.
CITE = Code("citation", r".*\S.*", "KRS 158.441")
CITE_REF = Code(CITE.description, CITE.pattern, CITE.example_value, make_ref=True)


def ref(description: str, example: str) -> Identifier:
    return Identifier(description, make_ref=True, example_value=example)


CLAUSE_REF = ClauseRefType()
"""A clause of the manual's policy (roles-jurisdiction), or of another policy of the
project, named by its id or code (student-records#purpose, "09.14#purpose")."""


def _one_of_text_or_definitions(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    has_text, has_definitions = "text" in values, "definitions" in values
    if has_text and has_definitions:
        ctx.fail(
            node.key_node("definitions") or node,
            "clause-content",
            "a clause has either 'text' or 'definitions', not both",
            "move the definitions into a clause of their own (a new '- id: ...' item with "
            "definitions:), or delete them from this one",
        )
    elif not has_text and not has_definitions:
        ctx.fail(
            node,
            "clause-content",
            "a clause needs its words under 'text' (or its defined terms under 'definitions')",
            "add the clause's words (for several paragraphs write text: | and indent them "
            "below it), e.g. text: The words of the clause.",
        )


def _body_or_steps(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    if "body" not in values and "steps" not in values:
        ctx.fail(
            node,
            "section-content",
            "a section needs a 'body' or 'steps' (or both)",
            "add the section's text (for several paragraphs write body: | and indent the text "
            "below it), e.g. body: The section's text.",
        )


def _internal_says_why(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    """The public edition lists an internal section by its number and this reason, so
    that a gap in the numbering is explained rather than silent."""
    if values.get("visibility") == "internal" and "withheld_reason" not in values:
        ctx.fail(
            node.key_node("visibility") or node,
            "withheld-reason-missing",
            "an internal section needs a 'withheld_reason': the public edition lists it by "
            "its number with that reason, so that readers know why it is not there",
            "add a line under visibility saying, in public words and without the section's "
            "title, why it is withheld, e.g. withheld_reason: tactical procedures",
        )


DEFINITION = Record(
    model.Definition,
    (
        Field("id", Identifier("definition id"), "Permanent id of the term, used in links.", True),
        Field(
            "term",
            Text("term"),
            "The term as it is written, e.g. School resource officer.",
            True,
            "School resource officer",
        ),
        Field("abbreviation", Text("abbreviation"), "Its short form, e.g. SRO."),
        Field("text", Markdown(), "The definition, as the source words it (Markdown).", True),
    ),
    "a definition",
)

CLAUSE = Record(
    model.Clause,
    (
        Field(
            "id",
            Identifier("clause id", example_value="roles-jurisdiction"),
            "Permanent id; SOP sections refer to it.",
            True,
        ),
        Field("heading", Text("heading"), "Set on the first clause of each headed part."),
        Field(
            "form",
            Choice(("paragraph", "bullet", "numbered"), "clause form"),
            "How the clause is printed: a paragraph (default), a bullet or a numbered item.",
        ),
        Field("text", Markdown(), "The clause's words (Markdown). Footnotes: [^1]."),
        Field("definitions", ListOf(DEFINITION, "a list of definitions", 1), "Defined terms."),
    ),
    "a clause",
    rules=(_one_of_text_or_definitions,),
)

REFERENCE = Record(
    model.Reference,
    (
        Field(
            "number",
            Integer("footnote number", 1, 999),
            "Footnote number, if the text refers to it.",
        ),
        Field(
            "text",
            Text("reference"),
            "The reference as printed, e.g. KRS 158.441.",
            True,
            "KRS 158.441",
        ),
    ),
    "a reference",
)

POLICY = Record(
    model.Policy,
    (
        Field("id", Identifier("policy id"), "Permanent id of the policy, used in its URL.", True),
        Field("title", Text("title"), "The policy's title.", True, "School Safety Officers"),
        Field(
            "code", POLICY_CODE, 'The board\'s policy number, quoted ("09.14"); null if not known.'
        ),
        Field(
            "kind",
            Text("kind"),
            "What kind of document it is, e.g. board policy.",
            True,
            "board policy",
        ),
        Field(
            "organization",
            Text("organization"),
            "The district or organization.",
            True,
            "Jefferson County Public Schools",
        ),
        Field(
            "adopting_body",
            Text("adopting body"),
            "Who adopts it, e.g. the Board.",
            True,
            "Board of Education",
        ),
        Field(
            "status",
            Choice(("draft", "in force", "repealed"), "policy status"),
            "draft, in force or repealed.",
            True,
        ),
        Field("visibility", VISIBILITY, "public or internal.", True),
    ),
    "a policy",
    "A board policy. Its text is in versions/, one file per adopted version.",
)

POLICY_VERSION = Record(
    model.PolicyVersion,
    (
        Field(
            "number",
            Integer("version number", 1, 999),
            "1 for the oldest version, then 2, 3...",
            True,
        ),
        Field(
            "status",
            Choice(("draft", "in force", "superseded"), "version status"),
            "Exactly one version is in force.",
            True,
        ),
        Field("adopted_by", Text("adopting body"), "Who adopted this version."),
        Field("adopted_on", Date(), "When it was adopted; null if the source does not say."),
        Field("effective_on", Date(), "When it took effect; null if the source does not say."),
        Field(
            "summary",
            Text("summary"),
            "What this version changed, in a sentence or two.",
            True,
            "Renames the officers and restates the training.",
        ),
        Field("source", Text("source"), "Where the text was taken from."),
        Field(
            "transcription_notes",
            ListOf(Text("note"), "a list of notes"),
            "Every reading the transcriber had to make.",
        ),
        Field("clauses", ListOf(CLAUSE, "a list of clauses", 1), "The clauses, in order.", True),
        Field("references", ListOf(REFERENCE, "a list of references"), "The REFERENCES list."),
        Field(
            "related_policies",
            ListOf(RELATED_POLICY, "a list of board policy codes", unique=True),
            'The RELATED POLICIES list, each quoted: ["09.14", "09.2211"].',
        ),
    ),
    "a policy version",
    "One adopted version of a policy, with its complete text.",
)

AUTHORITY = Record(
    model.Authority,
    (
        Field("cite", CITE, "The normalized citation, quoted if it could read as a number.", True),
        Field("title", Text("title"), "The authority's title; null if not known."),
        Field("url", Url(), "Its official web address; null to let sopkit derive one."),
    ),
    "an authority",
)

_SHA256 = Text("sha256", example_value="0" * 64, max_length=64)


def _checked_entry_complete(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    """A law recorded as read names where and when: the drift check trusts its date."""
    if values.get("status") != "checked":
        return
    missing = [key for key in ("url", "checked_on") if values.get(key) is None]
    if not missing:
        return
    cite = values.get("cite", "CITE")
    ctx.fail(
        node.key_node("status") or node,
        "lock-entry-incomplete",
        f"{cite} is recorded as checked, but its {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing: a law read at its publisher names "
        "the address and the day",
        f"delete this entry (its lines, from - cite: to the next entry), then read it again, "
        f'which writes it whole: sopkit authorities refresh --only "{cite}"',
    )


LOCKED_AUTHORITY = Record(
    model.LockedAuthority,
    (
        Field("cite", CITE, "The authority, as authorities.yml names it.", True),
        Field(
            "status",
            Choice(("checked", "unverified", "failed"), "lock status"),
            "checked (read at url on checked_on), unverified (never read there: note "
            "says why) or failed (the last refresh could not read it).",
            True,
        ),
        Field("url", Url(), "The official address it is read from."),
        Field("checked_on", Date(), "The last day it was read there."),
        Field("effective_on", Date(), "The day its current text took effect, as read."),
        Field(
            "previous_effective_on",
            Date(),
            "The day the text before it took effect, when a refresh saw it change.",
        ),
        Field(
            "first_read_on",
            Date(),
            "The day a refresh first read this text (its effective_on).",
        ),
        Field("history", Text("history line", max_length=4000), "Its history line, as read."),
        Field("text_sha256", _SHA256, "The sha256 of its normalized text."),
        Field("snapshot", Text("file"), "The file under policy_data/ that keeps its text."),
        Field("note", Text("note", max_length=1000), "Why a value is missing, in words."),
    ),
    "a locked authority",
    rules=(_checked_entry_complete,),
)

AUTHORITIES_LOCK = Record(
    dict,
    (
        Field(
            "authorities",
            ListOf(LOCKED_AUTHORITY, "a list of locked authorities"),
            "What `sopkit authorities refresh` last read of each authority.",
            True,
        ),
    ),
    "the authorities lock file",
    "What sopkit last read of each authority at its official address: "
    "policy_data/authorities.lock.yml, written by `sopkit authorities refresh`.",
)

URL_TEMPLATES = Record(
    model.UrlTemplates,
    tuple(
        Field(name, UrlTemplate(frozenset(placeholders.split())), doc)
        for name, placeholders, doc in (
            ("krs_section", "chapter section", "A KRS section; {chapter}, {section}."),
            ("krs_chapter", "chapter", "A KRS chapter; {chapter}."),
            (
                "kar_regulation",
                "title chapter regulation",
                "A KAR regulation; {title}, {chapter}, {regulation} (numbers).",
            ),
            ("kar_chapter", "title chapter", "A KAR chapter; {title}, {chapter} (numbers)."),
            ("kar_title", "title", "A KAR title; {title} (a number)."),
            ("usc_section", "title section", "A U.S. Code section; {title}, {section}."),
            ("cfr_section", "title part section", "A C.F.R. section; {title}, {part}, {section}."),
            ("cfr_part", "title part", "A C.F.R. part; {title}, {part}."),
            ("public_law", "congress number", "A public law; {congress}, {number}."),
        )
    ),
    "the web address templates",
)

AUTHORITIES = Record(
    dict,
    (
        Field(
            "authorities",
            ListOf(AUTHORITY, "a list of authorities"),
            "Every cited authority.",
            True,
        ),
        Field(
            "url_templates",
            URL_TEMPLATES,
            "Web addresses for citations that have no url in the registry.",
        ),
    ),
    "the authorities registry",
    "Every statute, regulation and board policy that the sources cite.",
)

_WRITTEN = Text("prefix", example_value="Ohio Rev. Code")

STATE_CODE = Record(
    model.StateCode,
    (
        Field(
            "id", Identifier("code id", example_value="ohio-revised-code"), "Permanent id.", True
        ),
        Field("name", Text("name"), "The code's name: Ohio Revised Code.", True),
        Field("jurisdiction", Text("jurisdiction"), "Whose code it is: Ohio.", True),
        Field("cite_as", Text("prefix"), 'The normal form\'s prefix: "R.C.".', True),
        Field(
            "written",
            ListOf(_WRITTEN, "a list of prefixes", 1, unique=True),
            "Every way texts write the prefix, as words (not patterns).",
            True,
        ),
        Field(
            "sections",
            Choice(("dotted", "plain"), "section shape"),
            "dotted (3313.20, 37.0811) or plain (12022, 626a).",
        ),
        Field(
            "url",
            UrlTemplate(frozenset({"section", "chapter"})),
            "A section's address: {section}, and {chapter} (the part before the dot).",
        ),
    ),
    "a code of laws",
)

JURISDICTIONS = Record(
    dict,
    (
        Field(
            "codes",
            ListOf(STATE_CODE, "a list of codes of laws", unique=False),
            "The codes of laws (besides Kentucky's and the federal ones) that texts cite.",
            True,
        ),
    ),
    "the jurisdictions file",
    "The codes of laws of other states that the sources cite, and how they are written.",
)

SCHEDULE = Record(
    model.Schedule,
    (
        Field(
            "repeats",
            RepeatsType(),
            "every year, every 2 years, every 6 months, once, as needed.",
            True,
        ),
        Field("by", MonthDayType(), "A fixed day of the year it is due by, e.g. November 1."),
        Field("before", Text("event"), "With 'once': the event it must come before."),
    ),
    "a schedule",
)

OBLIGATION = Record(
    model.Obligation,
    (
        Field("id", Identifier("obligation id"), "Permanent id.", True),
        Field("title", Text("title"), "What must be done.", True, "Report the number of SROs"),
        Field(
            "clause",
            ref("clause id", "roles-jurisdiction"),
            "The policy clause that creates the duty.",
            True,
        ),
        Field("authority", CITE_REF, "The statute behind it, if any (from the registry)."),
        Field(
            "responsible",
            ref("role id", "sso-supervisor"),
            "Who must do it: a role from sop/manual.yml.",
            True,
        ),
        Field("recipient", Text("recipient"), "Who receives it.", True, "Center for School Safety"),
        Field("schedule", SCHEDULE, "When it is due.", True),
        Field("deliverable", Text("deliverable"), "What is delivered."),
        Field("last_done", Date(), "When it was last carried out, if recorded."),
        Field("record", Url(), "A link to the record of it."),
        Field(
            "measured_by",
            Choice(("section-reviews",), "source of dates"),
            "section-reviews: its dates come from the reviews of the manual's sections.",
        ),
    ),
    "an obligation",
)

OBLIGATIONS = Record(
    dict,
    (
        Field(
            "obligations",
            ListOf(OBLIGATION, "a list of obligations"),
            "The recurring duties.",
            True,
        ),
    ),
    "the obligations list",
    "The recurring duties that the policy creates.",
)

TOPIC = Record(
    model.TrainingTopic,
    (
        Field(
            "id", Identifier("topic id"), "Permanent id; sections list it in training_topics.", True
        ),
        Field(
            "title",
            Text("title"),
            "The topic as the policy words it.",
            True,
            "De-escalation strategies",
        ),
    ),
    "a training topic",
)

CURRICULUM = Record(
    model.Curriculum,
    (
        Field("id", Identifier("curriculum id"), "Permanent id.", True),
        Field("title", Text("title"), "The curriculum's name.", True, "Annual in-service training"),
        Field("authority", CITE_REF, "The statute that sets it, if any."),
        Field(
            "clause",
            ref("clause id", "roles-jurisdiction"),
            "The policy clause that lists the topics.",
            True,
        ),
        Field("hours_per_year", Integer("hours", 1, 2000), "Hours required each year."),
        Field("topics", ListOf(TOPIC, "a list of topics", 1), "The required topics.", True),
    ),
    "a curriculum",
)

TRAINING = Record(
    dict,
    (Field("curricula", ListOf(CURRICULUM, "a list of curricula", 1), "The curricula.", True),),
    "the training curricula",
    "The training that the policy requires.",
)

ROLE = Record(
    model.Role,
    (
        Field(
            "id", Identifier("role id"), "Permanent id; sections name it as owner or actor.", True
        ),
        Field("title", Text("title"), "The role's title.", True, "SSO supervisor"),
        Field(
            "short_title",
            Text("short title"),
            "A shorter name where space is tight: before each step of a procedure (SSO).",
        ),
    ),
    "a role",
)

AUDIENCE = Record(
    model.Audience,
    (
        Field(
            "id", Identifier("audience id"), "Permanent id; sections list it in audiences.", True
        ),
        Field("title", Text("title"), "Who the audience is.", True, "School Safety Officers"),
    ),
    "an audience",
)

TEAM_MEMBER = Record(
    model.TeamMember,
    (
        Field(
            "role", ref("role id", "sso-supervisor"), "The member's role, from roles below.", True
        ),
        Field(
            "group",
            Choice(("district", "community"), "group (district or community)"),
            "district (a District department) or community.",
            True,
        ),
        Field(
            "department",
            Text("department"),
            "The department or organization.",
            True,
            "Office of School Safety",
        ),
        Field("chair", Boolean(), "true for the member who chairs the team."),
    ),
    "a team member",
)

TEAM = Record(
    model.Team,
    (
        Field("name", Text("name"), "The team's name.", True, "SOP Manual Team"),
        Field(
            "required_by",
            ref("clause id", "roles-jurisdiction"),
            "The policy clause that creates the team.",
        ),
        Field("members", ListOf(TEAM_MEMBER, "a list of members", 1), "Members, by role.", True),
    ),
    "the team",
)

REVIEW_RULE = Record(
    model.ReviewRule,
    (
        Field("cycle", PeriodType(), "How often each section is reviewed, e.g. 2 years.", True),
        Field(
            "required_by",
            ref("clause id", "roles-jurisdiction"),
            "The policy clause that sets the cycle.",
        ),
        Field(
            "warning",
            PeriodType(),
            "How long before its due date a review counts as due soon (default 90 days).",
        ),
    ),
    "the review rule",
)

CONTACT = Record(
    model.Contact,
    (
        Field(
            "name",
            Text("name"),
            "Who to contact: an office, not a person.",
            True,
            "Office of School Safety",
        ),
        Field("phone", Text("phone number"), "A phone number."),
        Field("email", Text("email address"), "An email address."),
        Field("web", Url(), "A web page, for example the complaint form."),
        Field("address", Text("postal address"), "A postal address."),
        Field(
            "feedback",
            Markdown(),
            "How to give feedback on the program or make a complaint about an officer.",
        ),
    ),
    "a contact",
    "Who the public contacts about the program; shown on the public edition's home page.",
)

MANUAL = Record(
    model.Manual,
    (
        Field("id", Identifier("manual id"), "Permanent id of the manual.", True),
        Field(
            "title",
            Text("title"),
            "The manual's full title.",
            True,
            "School Safety Officer SOP Manual",
        ),
        Field("short_title", Text("short title"), "A short title for headers."),
        Field(
            "organization",
            Text("organization"),
            "The district.",
            True,
            "Jefferson County Public Schools",
        ),
        Field(
            "policy",
            ref("policy id", "school-safety-officers"),
            "The id of the policy the manual implements.",
            True,
        ),
        Field(
            "edition",
            EDITION,
            'The edition, quoted: "2026-27". It names the PDFs and the published folder, so '
            "it is letters, digits, dots and hyphens.",
            True,
        ),
        Field(
            "internal_edition",
            Text("edition name", example_value="officers' edition"),
            "What the edition with everything is called (default: internal edition).",
        ),
        Field(
            "time_zone",
            Text("time zone"),
            "e.g. America/Kentucky/Louisville.",
            True,
            "America/Kentucky/Louisville",
        ),
        Field("sample", Boolean(), "true while the manual is sample content."),
        Field("sample_notice", Markdown(), "The notice shown on every page while sample is true."),
        Field("review", REVIEW_RULE, "How often sections are reviewed.", True),
        Field("team", TEAM, "The SOP Manual Team.", True),
        Field("roles", ListOf(ROLE, "a list of roles", 1), "Roles that sections refer to.", True),
        Field(
            "audiences", ListOf(AUDIENCE, "a list of audiences", 1), "Who sections are for.", True
        ),
        Field(
            "start_here",
            ListOf(ref("section id", "student-arrest"), "a list of section ids", unique=True),
            "The sections an officer most often needs, first on the home page (a page of "
            "the site that holds the line <!-- sopkit: start-here -->).",
        ),
        Field("contact", CONTACT, "Who the public contacts about the program."),
    ),
    "the manual",
    "The SOP manual's settings: sop/manual.yml.",
)

_HEX = re.compile(r"[0-9a-f]+")


def _full_commit(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    """An edition's sources are read back by commit, and only a full commit names one
    for ever: a short one can become ambiguous as the history grows, and a branch or tag
    can move or be missing from a clone."""
    commit = values.get("commit")
    if commit is None or re.fullmatch(r"[0-9a-f]{40}", commit):
        return
    if _HEX.fullmatch(commit.lower()) and len(commit) == 40:
        hint = f"write it in lower case: commit: {commit.lower()}"
    elif _HEX.fullmatch(commit.lower()):
        hint = f"write the whole commit, as git rev-parse {commit} prints it"
    else:
        hint = (
            "write the commit the edition was published from, as git log -- sop/ lists "
            "it (40 digits and letters a to f), not a branch or tag"
        )
    ctx.fail(
        node.key_node("commit") or node,
        "bad-commit",
        f"commit: '{commit}' is not a full commit (40 digits and letters a to f)",
        hint,
    )


MERGE_RECORD = Record(
    model.Merge,
    (
        Field(
            "section",
            Identifier("section id", example_value="report-form"),
            "The id of the section the edition removed, as the edition before named it.",
            True,
        ),
        Field(
            "into",
            Identifier("section id", example_value="incident-report-contents"),
            "The id of the section of this edition that now says what it said.",
            True,
        ),
    ),
    "a merge",
)

EDITION_RECORD = Record(
    model.Edition,
    (
        Field("id", EDITION, 'The edition, quoted, as manual.yml names it: "2026-27".', True),
        Field(
            "approved_by",
            Text("approver"),
            "Who approved the edition.",
            True,
            "Board of Education",
        ),
        Field("approved_on", Date(), "When it was approved.", True),
        Field("record", Url(), "A link to the record of the approval (minutes, a resolution)."),
        Field(
            "in_force_from",
            Date(),
            "The day it took effect (not before it was approved); it stays in force until "
            "the next edition's day.",
            True,
        ),
        Field(
            "commit",
            Text("commit", example_value="0123456789abcdef0123456789abcdef01234567"),
            "The full commit it was published from (git log -- sop/ lists them); the "
            "current, last edition may leave it out.",
        ),
        Field(
            "merged",
            ListOf(MERGE_RECORD, "a list of merges"),
            "Sections the edition removed because another took in what they said: each "
            "the removed section's id and the section it was merged into. What's new and "
            "the feeds then say 'merged into' instead of 'removed'.",
        ),
    ),
    "an edition",
    rules=(_full_commit,),
)

EDITIONS = Record(
    dict,
    (
        Field(
            "editions",
            ListOf(EDITION_RECORD, "a list of editions", 1),
            "The manual's published editions, oldest first; the last is the current one.",
            True,
        ),
    ),
    "the editions list",
    "The manual's published editions: sop/editions.yml.",
)

CHAPTER = Record(
    model.Chapter,
    (
        Field(
            "id",
            Identifier("chapter id", example_value="students"),
            "Permanent id, used in the chapter's URL.",
            True,
        ),
        Field("number", CHAPTER_NUMBER, 'The chapter number, quoted: "4".', True),
        Field("title", Text("title"), "The chapter's title.", True, "Student contacts"),
        Field("summary", Text("summary"), "One sentence on what the chapter covers."),
    ),
    "a chapter",
    "A chapter of the manual: chapter.yml in the chapter's folder.",
)

OUTCOME = Choice(("no-change", "revised"), "review outcome (no-change or revised)")


def _history_in_order(values: dict[str, Any], node: MappingNode, ctx: Context) -> None:
    later = values["last_reviewed"]
    for past in values.get("history", ()):
        if past.date > later:
            ctx.fail(
                past.span("date"),
                "review-history-order",
                f"history: the review of {past.date.isoformat()} is listed after a later one "
                f"({later.isoformat()}); the latest review is last_reviewed, and history lists "
                "the earlier ones, latest first",
                f"move it up, or correct its date, e.g. date: {later.isoformat()}",
            )
            return
        later = past.date


PAST_REVIEW = Record(
    model.PastReview,
    (
        Field("date", Date(), "The date of that review.", True),
        Field("reviewed_by", Text("reviewer"), "Who reviewed it.", True, "SOP Manual Team"),
        Field("outcome", OUTCOME, "no-change or revised.", True),
        Field("record", Url(), "A link to the minutes or pull request of that review."),
        Field("notes", Text("notes"), "What the reviewers recorded."),
    ),
    "an earlier review",
)

REVIEW = Record(
    model.Review,
    (
        Field("last_reviewed", Date(), "The date of the last review.", True),
        Field("reviewed_by", Text("reviewer"), "Who reviewed it.", True, "SOP Manual Team"),
        Field(
            "outcome",
            Choice(("no-change", "revised"), "review outcome (no-change or revised)"),
            "no-change or revised.",
            True,
        ),
        Field("record", Url(), "A link to the minutes or pull request of the review."),
        Field("cycle", PeriodType(), "This section's own review cycle, if not the manual's."),
        Field("notes", Text("notes"), "Anything the reviewers want to record."),
        Field(
            "history",
            ListOf(PAST_REVIEW, "a list of earlier reviews"),
            "The earlier reviews, latest first (sopkit review mark keeps them here).",
        ),
    ),
    "a review record",
    rules=(_history_in_order,),
)

STEP_RECORD = Record(
    model.Step,
    (
        Field("text", Markdown(), "What to do (Markdown).", True, "Tell the principal."),
        Field(
            "actor", ref("role id", "sso-supervisor"), "Who does it: a role from sop/manual.yml."
        ),
        Field("visibility", VISIBILITY, "internal hides the step from the public edition."),
    ),
    "a step",
)

STEP = Either(Markdown(), STEP_RECORD, lambda text: model.Step(text=text), "a step")

SECTION = Record(
    model.Section,
    (
        Field(
            "id",
            Identifier("section id", example_value="student-interviews"),
            "Permanent id; the page URL. Never change it.",
            True,
        ),
        Field("number", SECTION_NUMBER, 'The display number, quoted: "4.2".', True),
        Field("title", Text("title"), "The section's title.", True, "Interviewing students"),
        Field(
            "summary",
            Text("summary"),
            "One or two sentences; the page description.",
            True,
            "When and how an SSO interviews a student.",
        ),
        Field(
            "owner",
            ref("role id", "sso-supervisor"),
            "The role that keeps this section current.",
            True,
        ),
        Field(
            "visibility", VISIBILITY, "public, or internal for the officers' edition only.", True
        ),
        Field(
            "withheld_reason",
            WITHHELD_REASON,
            "Internal sections: why the public edition does not publish it, in public words "
            "(it is shown there with the section's number), e.g. tactical procedures.",
        ),
        Field(
            "audiences",
            ListOf(ref("audience id", "ssos"), "a list of audience ids", 1, unique=True),
            "Who the section is for.",
            True,
        ),
        Field(
            "implements",
            ListOf(CLAUSE_REF, "a list of clause ids", 1, unique=True),
            "The policy clauses this section carries out: a clause id of the manual's policy, "
            'or POLICY#CLAUSE for another policy of the project ("09.14#purpose").',
            True,
        ),
        Field(
            "training_topics",
            ListOf(ref("topic id", "state-de-escalation"), "a list of topic ids", unique=True),
            "Training topics the section supports.",
        ),
        Field(
            "see_also",
            ListOf(ref("section id", "student-searches"), "a list of section ids", unique=True),
            "Related sections.",
        ),
        Field(
            "search_terms",
            ListOf(
                Text("search term", example_value="field trip", max_length=80),
                "a list of words",
                unique=True,
            ),
            "Words readers search for that the text may not use (field trip, cuffs): search "
            "finds the section by them first.",
        ),
        Field("review", REVIEW, "The last review; leave out if never reviewed."),
        Field(
            "definitions",
            ListOf(DEFINITION, "a list of definitions"),
            "Terms this section defines.",
        ),
        Field("body", Markdown(), "The section's text (Markdown; headings start at ##)."),
        Field("steps", ListOf(STEP, "a list of steps"), "The procedure, step by step."),
        Field("internal_notes", Markdown(), "Notes for the officers' edition only."),
    ),
    "a section",
    "One section of the SOP manual.",
    rules=(_body_or_steps, _internal_says_why),
)


@dataclass(frozen=True)
class SourceKind:
    """A kind of source file: its name, its shape, and a line on what it is."""

    name: str
    record: Record
    title: str


KINDS: dict[str, SourceKind] = {
    kind.name: kind
    for kind in (
        SourceKind("manual", MANUAL, "sopkit manual settings (sop/manual.yml)"),
        SourceKind("editions", EDITIONS, "sopkit editions of the manual (sop/editions.yml)"),
        SourceKind("chapter", CHAPTER, "sopkit chapter (sop/<chapter>/chapter.yml)"),
        SourceKind("section", SECTION, "sopkit SOP section (sop/<chapter>/<section>.yml)"),
        SourceKind("policy", POLICY, "sopkit policy (policy_data/policies/<id>/policy.yml)"),
        SourceKind(
            "policy-version",
            POLICY_VERSION,
            "sopkit policy version (policy_data/policies/<id>/versions/<n>.yml)",
        ),
        SourceKind("authorities", AUTHORITIES, "sopkit authorities registry"),
        SourceKind(
            "authorities-lock",
            AUTHORITIES_LOCK,
            "sopkit authorities lock file (written by sopkit authorities refresh)",
        ),
        SourceKind("obligations", OBLIGATIONS, "sopkit obligations"),
        SourceKind("training", TRAINING, "sopkit training curricula"),
        SourceKind("jurisdictions", JURISDICTIONS, "sopkit codes of laws of other states"),
    )
}
