"""A hint is a promise: applied to the file, it makes the error go away.

Each case breaks a valid source in one way, takes the hint `sopkit check` gives, writes
the text the hint suggests into the file (as an editor following it would), checks again,
and asserts that no error of that class is left in that file. The appliers read the
suggested text out of the hint itself, so a hint that suggests something invalid
(`audiences: ssos` for a list, a quoting hint for an indentation mistake) fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from conftest import AS_OF, ProjectFolder
from sopkit import Layout, check_project
from sopkit.diagnostics import Diagnostic, Severity

SECTION = "sop/04-students/interviews.yml"
SEARCHES = "sop/04-students/searches.yml"
MANUAL = "sop/manual.yml"
VERSION = "policy_data/policies/school-safety-officers/versions/v1.yml"
OBLIGATIONS = "policy_data/obligations.yml"
TRAINING = "policy_data/training.yml"
AUTHORITIES = "policy_data/authorities.yml"
CHAPTER = "sop/04-students/chapter.yml"

Apply = Callable[[list[str], Diagnostic], list[str]]
"""The file's lines, and the diagnostic: the lines with the hint applied."""


def first(pattern: str, text: str) -> str:
    """The first group of the first match of `pattern` in `text` (which must match)."""
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in {text!r}"
    return found.group(1)


def _suggested(hint: str) -> str:
    """The text a hint suggests writing: what follows 'e.g.', 'write it as', ..."""
    for pattern in (
        r"e\.g\. (.+)$",
        r"(?:use straight quotes|put it in quotes): (.+)$",
        r"rename it to (\S+)$",
        r"e\.g\. (\[\[section:[^\]]+\]\])",
        r"^write (\S+) instead",
        r"write it as (\S+)$",
        r"write (?:it like|a value like) (\S+)$",
        r"^write (.+)$",
    ):
        match = re.search(pattern, hint)
        if match:
            return match.group(1)
    raise AssertionError(f"no suggested text in the hint: {hint}")


def key_line(lines: list[str], d: Diagnostic) -> list[str]:
    """Replace the line of the problem with `key: value` as the hint writes it."""
    suggestion = _suggested(d.hint)
    index = d.location.line - 1
    line = lines[index]
    key = suggestion.split(":", 1)[0]
    at = line.index(f"{key}:")
    return [*lines[:index], line[:at] + suggestion, *lines[index + 1 :]]


def value(lines: list[str], d: Diagnostic) -> list[str]:
    """Replace the value at the problem's column (to the end of the line, or of a flow
    item) with the suggested text."""
    suggestion = _suggested(d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    end = len(line)
    for stop in (", ", "]"):
        found = line.find(stop, column)
        if found >= 0:
            end = min(end, found)
    return [*lines[:index], line[:column] + suggestion + line[end:], *lines[index + 1 :]]


def rename_key(lines: list[str], d: Diagnostic) -> list[str]:
    """Rename the key at the problem's place to the name the hint gives."""
    suggestion = _suggested(d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    end = line.index(":", column)
    return [*lines[:index], line[:column] + suggestion + line[end:], *lines[index + 1 :]]


def insert_key(lines: list[str], d: Diagnostic) -> list[str]:
    """Add the suggested `key: value` as a new line of the mapping the problem names."""
    index, column = d.location.line - 1, d.location.column - 1
    return [*lines[: index + 1], " " * column + _suggested(d.hint), *lines[index + 1 :]]


def to_column(lines: list[str], d: Diagnostic) -> list[str]:
    """Re-indent the problem's line so that it starts at the column the hint names."""
    column = int(first(r"column (\d+)", d.hint))
    index = d.location.line - 1
    return [*lines[:index], " " * (column - 1) + lines[index].lstrip(" "), *lines[index + 1 :]]


def delete_escape(lines: list[str], d: Diagnostic) -> list[str]:
    """Delete the escape (or character) the hint names, where the problem is."""
    named = re.match(r"delete (\S+?)[;:]?(?: |$)", d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    length = len(named.group(1)) if named and named.group(1).startswith("\\") else 1
    return [*lines[:index], line[:column] + line[column + length :], *lines[index + 1 :]]


def delete_line(lines: list[str], d: Diagnostic) -> list[str]:
    index = d.location.line - 1
    return [*lines[:index], *lines[index + 1 :]]


def quote_value(lines: list[str], d: Diagnostic) -> list[str]:
    """Put the value that starts at the problem's line in double quotes, as the hint says."""
    assert "double quotes" in d.hint
    index = d.location.line - 1
    key, _, rest = lines[index].partition(": ")
    return [*lines[:index], f'{key}: "{rest}"', *lines[index + 1 :]]


def close_quote(lines: list[str], d: Diagnostic) -> list[str]:
    assert "closing quote" in d.hint
    index = d.location.line - 1
    quote = lines[index][d.location.column - 1]
    return [*lines[:index], lines[index] + quote, *lines[index + 1 :]]


def delete_named(lines: list[str], d: Diagnostic) -> list[str]:
    """Delete, at the problem's place, the text the hint says to delete ("delete <b>")."""
    named = re.match(r"delete (\S+?)[;:,]? ", d.hint + " ")
    assert named, d.hint
    text = named.group(1)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    at = line.find(text, max(0, column - len(text)))
    assert at >= 0, (text, line)
    return [*lines[:index], line[:at] + line[at + len(text) :], *lines[index + 1 :]]


def remove_link(lines: list[str], d: Diagnostic) -> list[str]:
    """Remove the link target the problem points at, keeping its text."""
    assert "remove the link" in d.hint
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    start = line.rfind("(", 0, column + 1)
    end = line.find(")", column)
    return [*lines[:index], line[:start] + line[end + 1 :], *lines[index + 1 :]]


def alt_text(lines: list[str], d: Diagnostic) -> list[str]:
    words = first(r"!\[([^\]]+)\]", d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    return [*lines[:index], line[: column + 2] + words + line[column + 2 :], *lines[index + 1 :]]


def heading(lines: list[str], d: Diagnostic) -> list[str]:
    """Write the heading as the hint shows it."""
    index = d.location.line - 1
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" "))]
    return [*lines[:index], indent + _suggested(d.hint), *lines[index + 1 :]]


def tabs_to_spaces(lines: list[str], d: Diagnostic) -> list[str]:
    assert "replace the tab with spaces" in d.hint
    index = d.location.line - 1
    return [*lines[:index], lines[index].replace("\t", "  "), *lines[index + 1 :]]


def keep_first_document(lines: list[str], d: Diagnostic) -> list[str]:
    assert "move the second document to its own file" in d.hint
    return lines[: d.location.line - 1]


def replace_footnote(lines: list[str], d: Diagnostic) -> list[str]:
    suggestion = first(r"e\.g\. (\[\^\d+\])", d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    end = line.index("]", column) + 1
    return [*lines[:index], line[:column] + suggestion + line[end:], *lines[index + 1 :]]


def replace_ref(lines: list[str], d: Diagnostic) -> list[str]:
    """Write the [[section:id]] the hint gives in place of the one at the problem."""
    suggestion = first(r"e\.g\. (\[\[section:[^\]]+\]\])", d.hint)
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    end = line.index("]]", column) + 2
    return [*lines[:index], line[:column] + suggestion + line[end:], *lines[index + 1 :]]


def quote_from_column(lines: list[str], d: Diagnostic) -> list[str]:
    """Put the value that starts at the problem's column in double quotes."""
    assert "double quotes" in d.hint
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    return [*lines[:index], line[:column] + '"' + line[column:] + '"', *lines[index + 1 :]]


def flow_item(lines: list[str], d: Diagnostic) -> list[str]:
    """Delete the repeated item of a [flow, list]."""
    assert "delete the second one" in d.hint
    index, column = d.location.line - 1, d.location.column - 1
    line = lines[index]
    start = line.rfind(", ", 0, column)
    end = column + len(first(r"^([^,\]]+)", line[column:]))
    return [*lines[:index], line[:start] + line[end:], *lines[index + 1 :]]


@dataclass(frozen=True)
class Case:
    code: str
    path: str
    old: str
    new: str
    apply: Apply
    allowed: frozenset[str] = frozenset()
    """Errors the fixed file may still have: a hint's example id ('owner: sso-supervisor')
    is an example, which the project may not have; the next error says which ids it has."""

    @property
    def id(self) -> str:
        return f"{self.code}: {self.new.strip()[:30]}"


CASES = [
    # -- YAML itself ---------------------------------------------------------------------
    Case(
        "yaml-syntax",
        SECTION,
        "title: Interviewing students",
        "title: Interviews: how",
        quote_value,
    ),
    Case(
        "yaml-syntax",
        SECTION,
        "title: Interviewing students",
        'title: "Interviewing students',
        close_quote,
    ),
    Case("yaml-indentation", SECTION, 'number: "4.2"', '  number: "4.2"', to_column),
    Case("yaml-indentation", SECTION, "    actor: sso", "      actor: sso", to_column),
    Case("yaml-indentation", MANUAL, "  - id: sso\n", "   - id: sso\n", to_column),
    Case(
        "yaml-indentation",
        SECTION,
        "implements: [roles-jurisdiction]",
        "implements:\n  - roles-jurisdiction\n   - manual-review",
        to_column,
    ),
    Case("duplicate-key", SECTION, "owner: chief", "owner: chief\nowner: sso", delete_line),
    Case(
        "invisible-character",
        SECTION,
        "title: Interviewing students",
        "title: Interviewing\u202e students",
        delete_escape,
    ),
    Case(
        "invisible-character",
        SECTION,
        "title: Interviewing students",
        'title: "Interviewing\\u202e students"',
        delete_escape,
    ),
    Case(
        "control-character",
        SECTION,
        "title: Interviewing students",
        'title: "Interviewing\\e students"',
        delete_escape,
    ),
    Case(
        "not-a-character",
        SECTION,
        "title: Interviewing students",
        "title: Interviewing\ufffe students",
        delete_escape,
    ),
    Case(
        "not-a-character",
        SECTION,
        "title: Interviewing students",
        'title: "Interviewing\\ud800 students"',
        delete_escape,
    ),
    # -- keys ----------------------------------------------------------------------------
    Case(
        "unknown-key",
        SECTION,
        "title: Interviewing students",
        "titel: Interviewing students",
        rename_key,
    ),
    Case("missing-key", SECTION, "audiences: [ssos]\n", "", insert_key),
    Case(
        "withheld-reason-missing", SEARCHES, "withheld_reason: methods of search\n", "", insert_key
    ),
    Case(
        "missing-key", SECTION, "owner: chief\n", "", insert_key, frozenset({"unknown-reference"})
    ),
    Case(
        "missing-key",
        MANUAL,
        "team:\n  name: SOP Manual Team\n  members:\n    - role: chief\n      group: district\n      department: Office of School Safety\n",
        "",
        insert_key,
        frozenset({"unknown-reference"}),
    ),
    Case(
        "missing-key", OBLIGATIONS, "    schedule:\n      repeats: every 2 years\n", "", insert_key
    ),
    Case(
        "missing-key",
        SECTION,
        "summary: When and how an SSO interviews a student.\nowner: chief\n",
        "summary: |\n  When and how an SSO interviews a student.\n  owner: chief\n",
        to_column,
    ),
    Case(
        "empty-value", SECTION, "owner: chief", "owner:", key_line, frozenset({"unknown-reference"})
    ),
    # -- values --------------------------------------------------------------------------
    Case("wrong-type", SECTION, "audiences: [ssos]", "audiences: ssos", key_line),
    Case(
        "wrong-type",
        SECTION,
        "title: Interviewing students",
        "title: [Interviewing, students]",
        key_line,
    ),
    Case(
        "unquoted-value",
        "policy_data/policies/school-safety-officers/policy.yml",
        "kind: board policy",
        "kind: 2024",
        key_line,
    ),
    Case("unquoted-code", SECTION, 'number: "4.2"', "number: 4.2", value),
    Case("curly-quotes", SECTION, 'number: "4.2"', "number: \u201c4.2\u201d", key_line),
    Case("bad-code", SECTION, 'number: "4.2"', 'number: "4.2a"', value),
    Case("bad-id", SECTION, "id: student-interviews", "id: Student Interviews", value),
    Case("bad-choice", SECTION, "visibility: public", "visibility: publik", key_line),
    Case("bad-period", MANUAL, "cycle: 2 years", "cycle: biennial", key_line),
    Case("bad-period", MANUAL, "cycle: 2 years", "cycle: 200 years", key_line),
    Case("bad-schedule", OBLIGATIONS, "repeats: every 2 years", "repeats: biennially", key_line),
    Case(
        "bad-date", SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 10 March 2026", key_line
    ),
    Case("bad-date", SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-02-30", key_line),
    Case(
        "bad-url",
        SECTION,
        "  outcome: no-change",
        "  outcome: no-change\n  record: minutes of March",
        key_line,
    ),
    Case("out-of-range", TRAINING, "hours_per_year: 40", "hours_per_year: 99999", key_line),
    Case("too-few", SECTION, "audiences: [ssos]", "audiences: []", key_line),
    Case(
        "multi-line",
        SECTION,
        "title: Interviewing students",
        "title: |\n  Interviewing\n  students",
        key_line,
    ),
    Case(
        "bad-day",
        OBLIGATIONS,
        "repeats: every 2 years",
        "repeats: every year\n      by: February 29",
        key_line,
    ),
    # -- text rules ----------------------------------------------------------------------
    Case(
        "raw-html", SECTION, "  The principal, first.", "  The principal,<br> first.", delete_named
    ),
    Case(
        "template-syntax",
        SECTION,
        "  The principal, first.",
        "  The principal, {{ who }} first.",
        delete_named,
    ),
    Case(
        "event-handler",
        SECTION,
        "  The principal, first.",
        "  The principal, onclick=run first.",
        delete_named,
    ),
    Case(
        "unsafe-link",
        SECTION,
        "  The principal, first.",
        "  The [principal](javascript:alert(1)), first.",
        remove_link,
    ),
    Case(
        "image-without-alt",
        SECTION,
        "  The principal, first.",
        "  The principal, first.\n\n  ![](map.png)",
        alt_text,
    ),
    Case("heading-level", SECTION, "  ## Who must be told", "  #### Who must be told", heading),
    Case("heading-level", SECTION, "  ## Who must be told", "  # Who must be told", heading),
    Case(
        "table-header",
        SECTION,
        "  The principal, first.",
        "  The principal, first.\n\n  | | |\n  | --- | --- |\n  | a | b |",
        heading,
    ),
    # -- records ---------------------------------------------------------------------------
    Case("section-content", SEARCHES, "body: |\n  Searches follow the law.\n", "", insert_key),
    Case(
        "clause-content",
        VERSION,
        "    text: |\n      The manual is reviewed every two years.\n",
        "",
        insert_key,
    ),
    Case("repeated-item", SECTION, "audiences: [ssos]", "audiences: [ssos, ssos]", flow_item),
    Case(
        "too-long", SECTION, "id: student-interviews", "id: " + "-".join(["interviews"] * 10), value
    ),
    # -- meaning ---------------------------------------------------------------------------
    Case("unknown-reference", SECTION, "owner: chief", "owner: chef", value),
    Case(
        "unknown-reference",
        MANUAL,
        "audiences:\n",
        "start_here: [student-interview]\naudiences:\n",
        value,
    ),
    Case(
        "unknown-reference",
        SECTION,
        "implements: [roles-jurisdiction]",
        "implements: [roles-jurisdicton]",
        value,
    ),
    Case("duplicate-id", SEARCHES, "id: student-searches", "id: student-interviews", key_line),
    Case("duplicate-number", SEARCHES, 'number: "4.3"', 'number: "4.2"', key_line),
    Case("number-outside-chapter", SEARCHES, 'number: "4.3"', 'number: "5.1"', key_line),
    Case(
        "future-date", SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-12-15", key_line
    ),
    Case(
        "unknown-footnote",
        VERSION,
        "An SSO has the authority described in KRS 61.902.",
        "An SSO has authority.[^2]",
        replace_footnote,
    ),
    Case(
        "unknown-section-reference",
        SECTION,
        "  The principal, first.",
        "  The principal, first; see [[section:student-serches]].",
        replace_ref,
    ),
    Case(
        "reference-first",
        SECTION,
        "  - Record the interview.",
        "  - [[Section:student-searches]] comes next.",
        quote_from_column,
    ),
    Case(
        "reference-first",
        SECTION,
        "  - Record the interview.",
        "  - [[section:student-searches]]",
        quote_from_column,
    ),
    Case(
        "unknown-time-zone",
        MANUAL,
        "time_zone: America/Kentucky/Louisville",
        "time_zone: America/Louisvile",
        key_line,
    ),
    Case(
        "unknown-time-zone",
        MANUAL,
        "time_zone: America/Kentucky/Louisville",
        "time_zone: ../../etc/passwd",
        key_line,
    ),
    # -- YAML features that are refused ----------------------------------------------------
    Case("yaml-tab", SECTION, "  outcome: no-change", "\toutcome: no-change", tabs_to_spaces),
    Case("yaml-anchor", SECTION, "owner: chief", "owner: &who chief", delete_named),
    Case(
        "yaml-alias", SECTION, "title: Interviewing students", "title: *Interviewing", quote_value
    ),
    Case("yaml-tag", SECTION, 'number: "4.2"', 'number: !!str "4.2"', delete_named),
    Case(
        "yaml-directive",
        SECTION,
        "id: student-interviews",
        "%YAML 1.2\n---\nid: student-interviews",
        delete_line,
    ),
    Case(
        "yaml-multiple-documents",
        SECTION,
        "    actor: sso\n",
        "    actor: sso\n---\nid: other\n",
        keep_first_document,
    ),
]


def _errors(project: ProjectFolder, path: str, code: str | None = None) -> list[Diagnostic]:
    """The errors in one file: of one class, or (with no code) of any class."""
    result = check_project(Layout(project.root), as_of=AS_OF)
    return [
        d
        for d in result.diagnostics
        if d.location.path == path
        and (code is None or d.code == code)
        and d.severity is Severity.ERROR
    ]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_applying_the_hint_fixes_the_error(project: ProjectFolder, case: Case) -> None:
    project.replace(case.path, case.old, case.new)
    found = _errors(project, case.path, case.code)
    assert found, f"the mutation should cause a {case.code} error"
    lines = project.read(case.path).split("\n")
    fixed = case.apply(lines, found[0])
    project.write(case.path, "\n".join(fixed))
    left = [d for d in _errors(project, case.path) if d.code not in case.allowed]
    assert left == [], "\n".join(str(d) for d in [found[0], *left])


# -- problems with whole files ------------------------------------------------------------


def test_a_missing_chapter_file_is_fixed_by_the_file_the_hint_gives(project: ProjectFolder) -> None:
    project.path(CHAPTER).unlink()
    (found,) = _errors(project, CHAPTER, "missing-file")
    project.write(CHAPTER, _suggested(found.hint) + "\n")
    assert _errors(project, CHAPTER, "missing-file") == []
    assert project.cli("check")[0] == 0


def test_a_section_outside_a_chapter_is_fixed_by_moving_it_where_the_hint_says(
    project: ProjectFolder,
) -> None:
    project.path(SEARCHES).rename(project.path("sop/searches.yml"))
    (found,) = _errors(project, "sop/searches.yml", "misplaced-file")
    target = _suggested(found.hint)
    project.path("sop/searches.yml").rename(project.path(target))
    assert project.cli("check")[0] == 0


def test_a_file_that_is_not_utf8_is_fixed_by_saving_it_as_utf8(project: ProjectFolder) -> None:
    text = project.read(SECTION).replace("Interviewing students", "Caf\u00e9 interviews")
    project.write(SECTION, text.encode("latin-1"))
    (found,) = _errors(project, SECTION, "not-utf8")
    assert "save the file as UTF-8" in found.hint
    project.write(SECTION, project.path(SECTION).read_bytes().decode("latin-1").encode("utf-8"))
    assert _errors(project, SECTION, "not-utf8") == []


# Classes left out above, and why: their hints cannot name the text to write, because
# only the editor knows it: too-long text ("shorten it"), unknown-cite (which law was
# meant), yaml-complex-key, yaml-too-deep and file-too-large (the structure must change),
# cannot-read, link-outside-project (the file system must change), and
# no-version-in-force (the fix is in another file, the version now in effect).
