"""New source files: a section, a chapter or a policy, complete, commented and valid.

Each function returns the text of the file(s) to write; the command line writes them
(refusing to replace a file) and checks the project again. A new file passes `sopkit
check` as written: every required field is filled from the project (the next free
number, the manual's first role and audience, a clause of its policy), with a comment
saying what to change. A new section is internal until its author makes it public, so
that an unfinished draft cannot reach the public edition.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from sopkit import model
from sopkit.sources.schema import slugify

SCHEMA_FOLDERS = ("src/sopkit/schemas", "schemas")
"""Where a project keeps the JSON Schemas its files name (this repository keeps them
with the code; a project made by `sopkit init` in schemas/)."""

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.'()/&-]*")
_YAML_WORDS = ("null", "true", "false", "yes", "no", "on", "off", "y", "n")
"""Words YAML 1.1 (which editors may use) reads as something other than text."""


def yaml_text(value: str) -> str:
    """A one-line value as YAML reads it back unchanged: plain when it can be, else a
    double-quoted (JSON) string."""
    plain = _PLAIN.fullmatch(value) and not value.endswith(" ") and ": " not in value
    if plain and value.lower() not in _YAML_WORDS and not re.fullmatch(r"[0-9.]+", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def modeline(root: Path, file: str, kind: str) -> str:
    """The editor's schema line for a new file at `file` (relative to `root`)."""
    for folder in SCHEMA_FOLDERS:
        if (root / folder / f"{kind}.schema.json").is_file():
            target = posixpath.relpath(f"{folder}/{kind}.schema.json", posixpath.dirname(file))
            return f"# yaml-language-server: $schema={target}\n"
    return ""


# -- numbers ------------------------------------------------------------------------------


def _last_part(number: str) -> int:
    return int(number.rsplit(".", 1)[-1])


def next_section_number(chapter: model.Chapter) -> str:
    """The number after the chapter's last section: 4.7 after 4.6 (4.1 in an empty one)."""
    last = max((_last_part(s.number) for s in chapter.sections), default=0)
    return f"{chapter.number}.{last + 1}"


def next_chapter_number(manual: model.Manual) -> str:
    return str(max((int(c.number.split(".")[0]) for c in manual.chapters), default=0) + 1)


# -- files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewFile:
    path: str
    """Relative to the project folder."""
    text: str


def new_section(
    root: Path, manual: model.Manual, policy: model.PolicyVersion | None, chapter: model.Chapter,
    folder: str, section_id: str, title: str,
) -> NewFile:  # fmt: skip
    path = f"{folder}/{section_id}.yml"
    owner = manual.team.members[0].role.id if manual.team.members else manual.roles[0].id
    audience = manual.audiences[0].id if manual.audiences else "staff"
    clause = policy.clauses[0].id if policy and policy.clauses else "purpose"
    number = next_section_number(chapter)
    text = f"""{modeline(root, path, "section")}#
# Section {number}, in chapter {chapter.number}: {chapter.title}
#
# Replace each value below; `sopkit check` says what is wrong, with the line. The
# editing guide describes every field.
id: {section_id}  # permanent: the page's address; never change it
number: "{number}"  # the number shown; quoted
title: {yaml_text(title)}
summary: >-
  One or two sentences that say what this section is for (the page's description).
# The role that keeps this section current (an id from the roles in manual.yml).
owner: {owner}
# internal: the internal (staff) edition only. Make it public when it is ready.
visibility: internal
# What the public edition says in its place (public words, not the title): why it is
# not published there. Delete it when the section is made public.
withheld_reason: in preparation
audiences: [{audience}]  # who it is for (ids from the audiences in manual.yml)
# The clauses of the policy this section carries out (their ids).
implements:
  - {clause}
# After the {manual.team.name}'s first review: sopkit review mark {section_id}
body: |
  What the section says, in Markdown: paragraphs, lists and "## Headings".
steps:
  - text: The first thing to do.
    actor: {owner}
"""
    return NewFile(path, text)


def new_chapter(root: Path, manual: model.Manual, sop: str, chapter_id: str, title: str) -> NewFile:
    number = next_chapter_number(manual)
    path = f"{sop}/{int(number):02d}-{chapter_id}/chapter.yml"
    text = f"""{modeline(root, path, "chapter")}#
# Chapter {number} of the manual. Its sections are the other .yml files of this folder:
# add one with  sopkit new section {posixpath.dirname(path)} --id ID --title TITLE
id: {chapter_id}  # permanent: the page's address; never change it
number: "{number}"
title: {yaml_text(title)}
summary: >-
  One sentence that says what the chapter covers.
"""
    return NewFile(path, text)


def new_policy(
    root: Path, policy_data: str, policy_id: str, title: str, code: str | None,
    organization: str, adopting_body: str,
) -> tuple[NewFile, NewFile]:  # fmt: skip
    folder = f"{policy_data}/policies/{policy_id}"
    code_value = json.dumps(code) if code else "null"
    policy = f"""{modeline(root, f"{folder}/policy.yml", "policy")}#
# A board policy (or an administrative procedure). Its text is in versions/: one file
# per version, each a complete copy. This one starts as a draft, which no edition
# publishes until the board adopts it (set its status to "in force").
id: {policy_id}  # permanent: the page's address; never change it
title: {yaml_text(title)}
code: {code_value}  # the board's code, quoted ("09.2211", "09.2211 AP.1"); null if none
kind: board policy  # or: administrative procedure
organization: {yaml_text(organization)}
adopting_body: {yaml_text(adopting_body)}
status: draft  # draft, in force, or repealed
visibility: public
"""
    version = f"""{modeline(root, f"{folder}/versions/v1.yml", "policy-version")}#
# Version 1, as the board is asked to adopt it. When it is adopted: status "in force",
# and the day in adopted_on (YYYY-MM-DD).
number: 1
status: draft
adopted_by: {yaml_text(adopting_body)}
adopted_on: null
summary: The first version.
clauses:
  - id: purpose  # permanent: sections name the clauses they carry out by this id
    heading: Purpose
    text: |
      What the policy is for.
"""
    return NewFile(f"{folder}/policy.yml", policy), NewFile(f"{folder}/versions/v1.yml", version)


def suggested_id(title: str) -> str:
    return slugify(title)[:64].strip("-")
