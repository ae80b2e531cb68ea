"""The manual's published editions (sop/editions.yml): their checks, each hint applied,
and each earlier edition's sources read back from git by commit, in a full clone, a
shallow clone and a copy without .git."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AS_OF, ProjectFolder
from sopkit.checks.editions import edition_problems
from sopkit.diagnostics import Severity
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from test_policy_version_ranges import VERSIONS, dated_versions

EDITIONS = "sop/editions.yml"
MANUAL = "sop/manual.yml"
INTERVIEWS = "sop/04-students/interviews.yml"
SEARCHES = "sop/04-students/searches.yml"

CURRENT = """\
editions:
  - id: "2025-26"
    approved_by: Chief of School Safety
    approved_on: 2025-06-10
    commit: 0123456789abcdef0123456789abcdef01234567
    in_force_from: 2025-07-01
  - id: "2026-27"
    approved_by: Chief of School Safety
    approved_on: 2026-06-15
    record: https://example.org/minutes/2026-06-15
    in_force_from: 2026-07-01
"""


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def errors(project: ProjectFolder) -> list[str]:
    return [m for m in project.messages() if ": error: " in m or ": warning: " in m]


def edit(project: ProjectFolder, old: str, new: str) -> None:
    project.replace(EDITIONS, old, new)


@pytest.fixture
def editions(project: ProjectFolder) -> ProjectFolder:
    project.write(EDITIONS, CURRENT)
    return project


def test_a_valid_list_checks_clean_and_is_in_the_model(editions: ProjectFolder) -> None:
    assert errors(editions) == []
    result = load_with_history(Layout(editions.root))
    [earlier, current] = result.project.editions
    assert (current.id, current.approved_by, current.record, current.commit) == (
        "2026-27",
        "Chief of School Safety",
        "https://example.org/minutes/2026-06-15",
        None,
    )
    assert str(earlier.in_force_from) == "2025-07-01"


def test_without_the_file_the_manual_has_no_listed_editions(project: ProjectFolder) -> None:
    result = load_with_history(Layout(project.root))
    assert result.project.editions == ()
    assert result.history == ()
    assert [d for d in result.diagnostics if d.code == "history-missing"] == []


def test_a_repeated_id_and_its_hint(editions: ProjectFolder) -> None:
    edit(editions, 'id: "2025-26"', 'id: "2026-27"')
    assert editions.check() == [
        "sop/editions.yml:7:9: error: edition id '2026-27' is already used at "
        "sop/editions.yml:2:9\n"
        '  hint: each edition id must be unique: change one of them, e.g. id: "2026-27-2"',
    ]
    edit(editions, '  - id: "2026-27"\n    approved_by: Chief of School Safety\n    '
         "approved_on: 2026", '  - id: "2026-27-2"\n    approved_by: Chief of School Safety\n'
         "    approved_on: 2026")  # fmt: skip
    assert [m for m in errors(editions) if "already used" in m] == []


def test_editions_out_of_order_and_the_hint(editions: ProjectFolder) -> None:
    edit(editions, "in_force_from: 2025-07-01", "in_force_from: 2026-07-01")
    assert editions.check() == [
        "sop/editions.yml:11:20: error: edition 2026-27 comes into force on 2026-07-01, "
        "not after edition 2025-26 (2026-07-01) listed before it: editions are listed "
        "oldest first, each in force from a later day\n"
        "  hint: list the editions oldest first, or correct the date, e.g. "
        "in_force_from: 2026-07-02",
    ]
    edit(
        editions,
        "2026-06-15\n    in_force_from: 2026-07-01",
        "2026-06-15\n    in_force_from: 2026-07-02",
    )
    assert errors(editions) == []


def test_an_edition_approved_after_it_came_into_force_and_the_hint(
    editions: ProjectFolder,
) -> None:
    edit(editions, "approved_on: 2026-06-15", "approved_on: 2026-08-01")
    assert editions.check() == [
        "sop/editions.yml:9:18: error: edition 2026-27 was approved on 2026-08-01, after "
        "the day it came into force (2026-07-01): an edition is in force only once it is "
        "approved\n"
        "  hint: correct the date of approval, or, if the approval came later, write the "
        "day it was approved as the day it came into force: in_force_from: 2026-08-01",
    ]
    edit(editions, "in_force_from: 2026-07-01", "in_force_from: 2026-08-01")
    assert errors(editions) == []


def test_an_earlier_edition_needs_its_commit_and_the_hint(editions: ProjectFolder) -> None:
    edit(editions, "    commit: 0123456789abcdef0123456789abcdef01234567\n", "")
    assert editions.check() == [
        "sop/editions.yml:2:5: error: edition 2025-26 is an earlier edition, so it needs "
        "the commit it was published from: its sources are read back from git by that "
        "commit\n"
        "  hint: add the full commit under its id, as git log --format=%H -- sop/ lists "
        "them, e.g. commit: 0123456789abcdef0123456789abcdef01234567",
    ]
    edit(editions, 'id: "2025-26"\n', 'id: "2025-26"\n    commit: ' + "ab" * 20 + "\n")
    assert errors(editions) == []


def test_the_last_edition_must_be_the_manuals_and_the_hint(editions: ProjectFolder) -> None:
    editions.replace(MANUAL, 'edition: "2026-27"', 'edition: "2027-28"')
    assert editions.check() == [
        "sop/editions.yml:7:9: error: the last edition listed is '2026-27', but "
        "sop/manual.yml names the current edition '2027-28': the last edition in the list "
        "is the current one\n"
        "  hint: add the current edition at the end of the list, or correct the last one's "
        'id, e.g. id: "2027-28"',
    ]
    edit(editions, '  - id: "2026-27"', '  - id: "2027-28"')
    assert errors(editions) == []


def test_a_short_commit_and_the_hint_applied_with_git(editions: ProjectFolder) -> None:
    git(editions.root, "init", "-q", "-b", "main")
    git(editions.root, "add", ".")
    git(editions.root, "commit", "-q", "-m", "The sources")
    # A short commit of digits only, or digits around one e (689e357, a float), is read
    # by YAML as a number, which is another error (tested on its own): take as many
    # digits as it needs to hold a letter other than e.
    short = next(
        written
        for length in range(7, 41)
        if re.search(
            "[a-df]", written := git(editions.root, "rev-parse", f"--short={length}", "HEAD")
        )
    )
    edit(editions, "0123456789abcdef0123456789abcdef01234567", short)
    [problem] = editions.check()
    assert problem == (
        f"sop/editions.yml:5:5: error: editions → 2025-26: commit: '{short}' is "
        "not a full commit (40 digits and letters a to f)\n"
        f"  hint: write the whole commit, as git rev-parse {short} prints it"
    )
    edit(editions, short, git(editions.root, "rev-parse", short))
    assert errors(editions) == []


def test_a_branch_name_or_capitals_are_not_a_commit(editions: ProjectFolder) -> None:
    edit(editions, "0123456789abcdef0123456789abcdef01234567", "main")
    assert [line for m in editions.check() for line in m.splitlines()] == [
        "sop/editions.yml:5:5: error: editions → 2025-26: commit: 'main' is not a "
        "full commit (40 digits and letters a to f)",
        "  hint: write the commit the edition was published from, as git log -- sop/ lists "
        "it (40 digits and letters a to f), not a branch or tag",
    ]
    edit(editions, "commit: main", "commit: 0123456789ABCDEF0123456789ABCDEF01234567")
    [problem] = editions.check()
    assert problem.endswith(
        "hint: write it in lower case: commit: 0123456789abcdef0123456789abcdef01234567"
    )
    edit(editions, "0123456789ABCDEF0123456789ABCDEF01234567", problem.rsplit(" ", 1)[1])
    assert errors(editions) == []


# -- history read back from git ---------------------------------------------------------


def editions_yml(*entries: tuple[str, str | None]) -> str:
    """An editions list: each (id, commit) in force from 1 July of its first year."""
    lines = ["editions:"]
    for edition, commit in entries:
        year = edition[:4]
        lines += [
            f'  - id: "{edition}"',
            "    approved_by: Chief of School Safety",
            f"    approved_on: {year}-06-15",
            f"    in_force_from: {year}-07-01",
        ]
        if commit is not None:
            lines.append(f"    commit: {commit}")
    return "\n".join(lines) + "\n"


NOTES = "sop/04-students/notes.yml"
PARENTS = "sop/04-students/parents.yml"
RECORDS = "sop/07-records"
POLICY_DAYS = (
    ("2024-05-21", "2024-07-01"),
    ("2025-05-20", "2025-07-01"),
    ("2026-05-19", "2026-07-01"),
)

MERGED = """\
    merged:
      - section: student-searches
        into: student-interviews
"""
"""What 2026-27 (the last edition listed) says it merged."""

_NOTES = """\
id: interview-notes
number: "4.4"
title: Interview notes
summary: What an SSO writes down after an interview.
owner: chief
visibility: public
audiences: [ssos]
implements: [roles-jurisdiction]
review:
  last_reviewed: 2026-03-10
  reviewed_by: SOP Manual Team
  outcome: no-change
body: |
  Notes are written the same day.
"""

_PARENTS = """\
id: telling-parents
number: "4.5"
title: Telling parents
summary: When an SSO tells a student's parents.
owner: chief
visibility: public
audiences: [ssos]
implements: [roles-jurisdiction]
review:
  last_reviewed: 2026-03-10
  reviewed_by: SOP Manual Team
  outcome: no-change
body: |
  The principal tells the parents the same day.
"""


@pytest.fixture
def three_editions(project: ProjectFolder) -> tuple[ProjectFolder, str, str]:
    """A repository with three editions, each committed, and a policy with three dated
    versions, one adopted before each edition.

    - 2024-25: 4.2 Interviewing students, 4.3 Searches (internal), 4.4 Interview notes,
      and chapter 7 Records (no section yet); policy version 1.
    - 2025-26: 4.2 retitled Student interviews; 4.3 internal without the withheld_reason
      that sopkit asks for today; 4.5 Telling parents added; policy version 2.
    - 2026-27: 4.3 merged into 4.2; 4.5 renumbered 4.3; 4.4 moved to chapter 7 as 7.1;
      policy version 3.
    """
    root = project.root
    versions = dated_versions(project, POLICY_DAYS)
    git(root, "init", "-q", "-b", "main")
    project.replace(MANUAL, 'edition: "2026-27"', 'edition: "2024-25"')
    project.write(EDITIONS, editions_yml(("2024-25", None)))
    project.write(NOTES, _NOTES)
    project.write(f"{RECORDS}/chapter.yml", 'id: records\nnumber: "7"\ntitle: Records\n')
    project.write(
        f"{VERSIONS}/v1.yml",
        versions[f"{VERSIONS}/v1.yml"].replace("status: superseded", "status: in force"),
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Edition 2024-25")
    first = git(root, "rev-parse", "HEAD")

    project.replace(MANUAL, 'edition: "2024-25"', 'edition: "2025-26"')
    project.replace(INTERVIEWS, "title: Interviewing students", "title: Student interviews")
    project.replace(SEARCHES, "withheld_reason: methods of search\n", "")
    project.write(PARENTS, _PARENTS)
    project.write(f"{VERSIONS}/v1.yml", versions[f"{VERSIONS}/v1.yml"])
    project.write(
        f"{VERSIONS}/v2.yml",
        versions[f"{VERSIONS}/v2.yml"].replace("status: superseded", "status: in force"),
    )
    project.write(EDITIONS, editions_yml(("2024-25", first), ("2025-26", None)))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Edition 2025-26")
    second = git(root, "rev-parse", "HEAD")

    project.replace(MANUAL, 'edition: "2025-26"', 'edition: "2026-27"')
    project.path(SEARCHES).unlink()
    project.replace(PARENTS, 'number: "4.5"', 'number: "4.3"')
    project.path(NOTES).unlink()
    project.write(f"{RECORDS}/notes.yml", _NOTES.replace('number: "4.4"', 'number: "7.1"'))
    for path, text in versions.items():
        project.write(path, text)
    project.write(
        EDITIONS,
        editions_yml(("2024-25", first), ("2025-26", second), ("2026-27", None)) + MERGED,
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Edition 2026-27")
    return project, first, second


Editions = tuple[ProjectFolder, str, str]


def sections(project: object) -> list[tuple[str, str, str]]:
    manual = project.manual  # type: ignore[attr-defined]
    return [(s.number, s.title, s.visibility) for s in manual.sections]


def test_each_earlier_edition_is_read_back_by_its_commit(
    three_editions: tuple[ProjectFolder, str, str],
) -> None:
    project, first, second = three_editions
    loaded = load_with_history(Layout(project.root))
    assert [d for d in loaded.diagnostics if d.severity != Severity.WARNING] == []
    assert [(e.edition.id, e.edition.commit) for e in loaded.history] == [
        ("2024-25", first),
        ("2025-26", second),
    ]
    assert [sections(e.project) for e in loaded.history] == [
        [
            ("4.2", "Interviewing students", "public"),
            ("4.3", "Searches", "internal"),
            ("4.4", "Interview notes", "public"),
        ],
        [
            ("4.2", "Student interviews", "public"),
            ("4.3", "Searches", "internal"),
            ("4.4", "Interview notes", "public"),
            ("4.5", "Telling parents", "public"),
        ],
    ]
    assert sections(loaded.project) == [
        ("4.2", "Student interviews", "public"),
        ("4.3", "Telling parents", "public"),
        ("7.1", "Interview notes", "public"),
    ]
    # Each earlier edition is read as its own sources were, editions list included.
    assert [e.project.manual.edition for e in loaded.history] == ["2024-25", "2025-26"]  # type: ignore[union-attr]


def test_an_earlier_edition_is_read_leniently_and_its_problems_kept_apart(
    three_editions: tuple[ProjectFolder, str, str],
) -> None:
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    second = loaded.history[1]
    [searches] = [s for s in second.project.manual.sections if s.id == "student-searches"]  # type: ignore[union-attr]
    assert (searches.withheld_reason, searches.body.text if searches.body else None) == (
        None,
        "Searches follow the law.\n",
    )
    assert [d.code for d in second.problems] == ["withheld-reason-missing"]
    # Today's sources are not blamed for what an earlier edition's say.
    done = build(loaded, BuildOptions(as_of=AS_OF, render=False))
    assert done.ok
    assert "withheld-reason-missing" not in {d.code for d in done.diagnostics}


def test_the_public_build_keeps_no_internal_section_of_an_earlier_edition(
    three_editions: tuple[ProjectFolder, str, str],
) -> None:
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    internal = build(loaded, BuildOptions(as_of=AS_OF, render=False))
    public = build(loaded, BuildOptions(as_of=AS_OF, edition="public", render=False))
    assert sections(internal.history[0].project)[1] == ("4.3", "Searches", "internal")
    assert [sections(e.project) for e in public.history] == [
        [("4.2", "Interviewing students", "public"), ("4.4", "Interview notes", "public")],
        [
            ("4.2", "Student interviews", "public"),
            ("4.4", "Interview notes", "public"),
            ("4.5", "Telling parents", "public"),
        ],
    ]


def notes(folder: Path) -> list[str]:
    loaded = load_with_history(Layout(folder))
    done = build(loaded, BuildOptions(as_of=AS_OF, render=False))
    assert done.ok
    return [str(d) for d in done.diagnostics if d.code == "history-missing"]


def test_a_shallow_clone_builds_with_one_note_until_it_fetches_the_history(
    three_editions: tuple[ProjectFolder, str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, _, _ = three_editions
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    git(project.root.parent, "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone))
    assert notes(clone) == [
        "sop/editions.yml:6:13: info: the history of editions 2024-25 and 2025-26 cannot be "
        "shown: this is a shallow clone, which lacks the commits they were published from\n"
        "  hint: fetch the whole history: git fetch --unshallow",
    ]
    git(clone, "fetch", "-q", "--unshallow")
    assert notes(clone) == []
    assert len(load_with_history(Layout(clone)).history) == 2


def test_a_copy_without_git_builds_with_one_note_until_it_is_a_clone(
    three_editions: tuple[ProjectFolder, str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, _, _ = three_editions
    copy = tmp_path_factory.mktemp("tarball") / "copy"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".git"))
    assert notes(copy) == [
        "sop/editions.yml:6:13: info: the history of editions 2024-25 and 2025-26 cannot be "
        "shown: this copy of the project is not a git clone (a tarball or a copy of the "
        "files), and their sources are read from the repository's history\n"
        "  hint: build from a clone of the repository: git clone followed by its address",
    ]
    clone = copy.parent / "clone"
    git(copy.parent, "clone", "-q", str(project.root), str(clone))
    assert notes(clone) == []


def test_a_commit_this_clone_never_had_gets_the_note(editions: ProjectFolder) -> None:
    git(editions.root, "init", "-q", "-b", "main")
    git(editions.root, "add", ".")
    git(editions.root, "commit", "-q", "-m", "The sources")
    assert notes(editions.root) == [
        "sop/editions.yml:5:13: info: the history of edition 2025-26 cannot be shown: this "
        "clone does not hold the commits they were published from\n"
        "  hint: fetch them: git fetch origin (or, if no branch of the repository holds a "
        "commit, correct that edition's commit: in sop/editions.yml)",
    ]
    edit(
        editions,
        "0123456789abcdef0123456789abcdef01234567",
        git(editions.root, "rev-parse", "HEAD"),
    )
    assert notes(editions.root) == []


def test_sopkit_check_reads_the_editions_and_reports_the_note(
    three_editions: tuple[ProjectFolder, str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, _, _ = three_editions
    copy = tmp_path_factory.mktemp("tarball") / "copy"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".git"))
    code, out, err = project.cli("check", str(copy))
    assert code == 0, out + err
    assert "copy/sop/editions.yml:6:13: info: the history of editions 2024-25 and 2025-26 " in out
    assert out.endswith("1 note in 1 file (14 source files checked).\n")


# -- merges -----------------------------------------------------------------------------


def history_errors(project: ProjectFolder) -> list[str]:
    """What `sopkit check` says, the earlier editions read from git."""
    _, out, _ = project.cli("check")
    lines = out.splitlines()
    return [
        line
        for at, line in enumerate(lines)
        if ": error: " in line or (line.startswith("  hint: ") and ": error: " in lines[at - 1])
    ]


def test_the_merges_of_the_three_editions_check_clean(three_editions: Editions) -> None:
    project, _, _ = three_editions
    assert history_errors(project) == []


def test_a_merge_into_no_section_and_its_hint(three_editions: Editions) -> None:
    project, _, _ = three_editions
    edit(project, "into: student-interviews", "into: student-interview")
    assert history_errors(project) == [
        "sop/editions.yml:18:15: error: into: 'student-interview' is not a "
        "section of edition 2026-27 (did you mean 'student-interviews'?)",
        "  hint: write the id of the section that took in what it said, e.g. into: "
        "student-interviews",
    ]
    edit(project, "into: student-interview", "into: student-interviews")
    assert history_errors(project) == []


def test_a_merged_section_the_edition_before_lacked_and_its_hint(
    three_editions: Editions,
) -> None:
    project, _, _ = three_editions
    edit(project, "section: student-searches", "section: student-search")
    assert history_errors(project) == [
        "sop/editions.yml:17:18: error: section: 'student-search' is not a "
        "section of edition 2025-26, the edition before 2026-27 (did you mean "
        "'student-searches'?)",
        "  hint: write the id of a section that edition had and this one removed, e.g. section: "
        "student-searches",
    ]
    edit(project, "section: student-search", "section: student-searches")
    assert history_errors(project) == []


def test_a_merged_section_still_in_the_manual_and_its_hint(three_editions: Editions) -> None:
    project, _, _ = three_editions
    edit(project, "section: student-searches", "section: telling-parents")
    assert history_errors(project) == [
        "sop/editions.yml:17:18: error: section: 'telling-parents' is still "
        "a section of edition 2026-27: a merged section is one the edition removed",
        "  hint: delete this merge, or remove the section telling-parents from the manual",
    ]
    # The hint applied: the merge deleted.
    edit(
        project,
        "    merged:\n      - section: telling-parents\n        into: student-interviews\n",
        "",
    )
    assert history_errors(project) == []


def test_a_merge_in_the_first_edition_and_its_hint(editions: ProjectFolder) -> None:
    editions.replace(
        EDITIONS,
        "    commit: 0123456789abcdef0123456789abcdef01234567\n",
        "    commit: 0123456789abcdef0123456789abcdef01234567\n"
        "    merged:\n      - section: old-interviews\n        into: student-interviews\n",
    )
    assert history_errors(editions) == [
        "sop/editions.yml:7:9: error: edition 2025-26 is the first edition listed, so no "
        "section was merged away in it: a merge names a section the edition before it had",
        "  hint: delete this merge, or list the edition it was merged from before this one",
    ]
    # The hint applied: the merge deleted.
    editions.replace(EDITIONS, "    merged:\n      - section: old-interviews\n", "")
    editions.replace(EDITIONS, "        into: student-interviews\n", "")
    assert history_errors(editions) == []


def test_whats_new_and_the_feed_say_merged_and_the_public_edition_does_not(
    three_editions: Editions,
) -> None:
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    for edition, said in (("internal", True), ("public", False)):
        done = build(loaded, BuildOptions(as_of=AS_OF, edition=edition))  # type: ignore[arg-type]
        assert done.site is not None
        page = {p.path: p.markdown for p in done.site.pages}["sop/whats-new-2026-27.md"]
        merged = "- 4.3 Searches: merged into [4.2 Student interviews](student-interviews.md)\n"
        assert (merged in page) is said
        assert ("Searches" in page) is said


def test_a_merge_named_twice_and_one_with_no_close_id_and_their_hints(
    three_editions: Editions,
) -> None:
    project, _, _ = three_editions
    twice = "      - section: student-searches\n        into: telling-parents\n"
    project.write(EDITIONS, project.read(EDITIONS) + twice)
    assert history_errors(project) == [
        "sop/editions.yml:19:18: error: section: 'student-searches' is merged twice in edition "
        "2026-27 (first at line 17): a section is merged into one other",
        "  hint: delete one of the two merges",
    ]
    project.replace(EDITIONS, twice, "")  # the hint applied
    assert history_errors(project) == []
    edit(project, "into: student-interviews", "into: zzz")
    assert history_errors(project)[1] == (
        "  hint: write the id of the section that took in what it said: one of "
        "student-interviews, telling-parents, interview-notes"
    )
    edit(project, "into: zzz", "into: interview-notes")  # one of those, as the hint says
    assert history_errors(project) == []


def test_an_earlier_edition_whose_sections_could_not_all_be_read_is_not_checked_against(
    three_editions: Editions,
) -> None:
    project, _, _ = three_editions
    edit(project, "section: student-searches", "section: student-search")
    loaded = load_with_history(Layout(project.root))
    second = loaded.history[1]
    incomplete = dataclasses.replace(
        second, project=dataclasses.replace(second.project, incomplete=frozenset({"section"}))
    )
    codes = {d.code for d in edition_problems(loaded.project, (loaded.history[0], incomplete))}
    assert "merged-section-unknown" not in codes
    assert "merged-section-unknown" in {
        d.code for d in edition_problems(loaded.project, loaded.history)
    }
