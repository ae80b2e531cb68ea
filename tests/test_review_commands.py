"""`sopkit review` and `sopkit review mark`: the report, its exit codes, and recording a
review in place without disturbing anything else in the file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, ProjectFolder

SEARCHES = "sop/04-students/searches.yml"

TABLE_HEAD = (
    "Reviews as of 1 December 2026: each section every 2 years, due soon 90 days before.\n"
    "\n"
    "Status          Due          Section                                              Owner\n"
)


def make_overdue(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "last_reviewed: 2025-09-01", "last_reviewed: 2024-09-01")


def test_review_table_and_exit_0_when_nothing_is_overdue(project: ProjectFolder) -> None:
    assert project.cli("review") == (
        0,
        TABLE_HEAD
        + "Current         2027-09-01   4.3 Searches                                         Chief\n"
        "Current         2028-03-10   4.2 Interviewing students                            Chief\n"
        "\n"
        "2 current.\n"
        "\n"
        "Status          Next due     Duty                                                 "
        "Responsible\n"
        "Not recorded    -            Review the manual                                    Chief\n",
        "",
    )


def test_review_exits_1_when_a_section_is_overdue(project: ProjectFolder) -> None:
    make_overdue(project)
    code, out, err = project.cli("review")
    assert (code, err) == (1, "")
    assert "Overdue         2026-09-01   4.3 Searches" in out
    assert "\n1 overdue, 1 current.\n" in out


def test_review_as_of_option(project: ProjectFolder) -> None:
    code, out, _ = project.cli("review", "--as-of", "2027-09-02")
    assert code == 1
    assert out.startswith("Reviews as of 2 September 2027:")
    assert "Overdue         2027-09-01   4.3 Searches" in out
    # The due date itself is not overdue.
    assert project.cli("review", "--as-of", "2027-09-01")[0] == 0


def test_review_json(project: ProjectFolder) -> None:
    make_overdue(project)
    code, out, _ = project.cli("review", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["as_of"] == "2026-12-01"
    assert report["counts"] == {"overdue": 1, "never-reviewed": 0, "due-soon": 0, "current": 1}
    assert report["sections"][0] == {
        "id": "student-searches",
        "number": "4.3",
        "title": "Searches",
        "owner": "Chief",
        "status": "overdue",
        "last_reviewed": "2024-09-01",
        "due": "2026-09-01",
        "days_left": -91,
        "source": "sop/04-students/searches.yml:10:3",
    }
    assert [duty["id"] for duty in report["obligations"]] == ["manual-review"]


def test_review_refuses_sources_with_errors(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "owner: chief", "owner: nobody")
    code, out, err = project.cli("review")
    assert code == 2
    assert out.startswith("sop/04-students/searches.yml:5:8: error:")
    assert err == "sopkit: the sources have errors; fix them first (see `sopkit check`)\n"


# Recording a review -------------------------------------------------------------------


def test_mark_records_the_review_and_says_when_the_next_is_due(project: ProjectFolder) -> None:
    make_overdue(project)
    assert project.cli(
        "review",
        "mark",
        "student-searches",
        "--date",
        "2026-11-30",
        "--outcome",
        "revised",
        "--record",
        "https://example.org/minutes/2026-11-30",
    ) == (
        0,
        "Recorded the review of 4.3 Searches in sop/04-students/searches.yml: 30 November "
        "2026 by SOP Manual Team (revised). Next review due 30 November 2028.\n",
        "",
    )
    assert (
        "review:\n"
        "  last_reviewed: 2026-11-30\n"
        "  reviewed_by: SOP Manual Team\n"
        "  outcome: revised\n"
        "  record: https://example.org/minutes/2026-11-30\n"
        "body: |\n"
    ) in project.read(SEARCHES)
    assert project.cli("review")[0] == 0
    assert project.check() == []


def test_mark_defaults_to_today_and_the_team(project: ProjectFolder) -> None:
    project.cli("review", "mark", "student-searches", "--by", "Chief and two SSOs")
    text = project.read(SEARCHES)
    assert "  last_reviewed: 2026-12-01\n  reviewed_by: Chief and two SSOs\n" in text


def test_mark_adds_a_review_record_where_the_guide_puts_it(project: ProjectFolder) -> None:
    project.replace(
        SEARCHES,
        "review:\n  last_reviewed: 2025-09-01\n  reviewed_by: SOP Manual Team\n"
        "  outcome: no-change\n",
        "",
    )
    assert project.cli("review", "mark", "student-searches", "--date", "2026-11-02")[0] == 0
    assert project.read(SEARCHES).endswith(
        "implements: [roles-jurisdiction]\n"
        "review:\n"
        "  last_reviewed: 2026-11-02\n"
        "  reviewed_by: SOP Manual Team\n"
        "  outcome: no-change\n"
        "body: |\n"
        "  Searches follow the law.\n"
    )


def test_a_new_review_drops_the_old_review_s_record_and_notes(project: ProjectFolder) -> None:
    project.replace(
        SEARCHES,
        "  outcome: no-change\n",
        "  outcome: no-change\n  record: https://example.org/old\n  notes: Old notes.\n",
    )
    project.cli("review", "mark", "student-searches")
    text = project.read(SEARCHES)
    assert "example.org/old" not in text and "Old notes" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch"], "there is no section 'nosuch'"),
        (
            ["student-serches"],
            "there is no section 'student-serches' (did you mean 'student-searches'?)",
        ),
        (
            ["student-searches", "--date", "2026-12-02"],
            "--date 2026-12-02 is in the future (today is 2026-12-01)",
        ),
        (
            ["student-searches", "--date", "2025-08-31"],
            "--date 2025-08-31 is before the last recorded review (2025-09-01)",
        ),
        (
            ["student-searches", "--date", "1 Dec"],
            "--date: '1 Dec' is not a date; write a real day as YYYY-MM-DD, e.g. 2026-12-01",
        ),
        (
            ["student-searches", "--record", "minutes.pdf"],
            "--record 'minutes.pdf' is not a web address (write it with https://)",
        ),
        (["student-searches", "--by", "Team\nB"], "the edited section would not pass"),
    ],
)
def test_mark_refuses_with_a_plain_reason_and_changes_nothing(
    project: ProjectFolder, args: list[str], message: str
) -> None:
    before = project.path(SEARCHES).read_bytes()
    code, out, err = project.cli("review", "mark", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"sopkit: {message}"), err
    assert project.path(SEARCHES).read_bytes() == before


def test_mark_refuses_an_unknown_outcome(
    project: ProjectFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = project.cli("review", "mark", "student-searches", "--outcome", "done")
    assert code == 2
    assert "argument --outcome: invalid choice: 'done'" in capsys.readouterr().err


def test_a_failed_final_replace_leaves_the_source_byte_identical(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = project.path(SEARCHES).read_bytes()

    def fail(self: Path, target: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    code, out, err = project.cli("review", "mark", "student-searches")
    assert (code, out) == (2, "")
    assert err == (
        "sopkit: could not write sop/04-students/searches.yml (No space left on device); "
        "the file is unchanged\n"
    )
    assert project.path(SEARCHES).read_bytes() == before
    assert sorted(p.name for p in project.path(SEARCHES).parent.iterdir()) == [
        "chapter.yml",
        "interviews.yml",
        "searches.yml",
    ]


def test_mark_keeps_the_file_s_permissions(project: ProjectFolder) -> None:
    project.path(SEARCHES).chmod(0o640)
    project.cli("review", "mark", "student-searches")
    assert project.path(SEARCHES).stat().st_mode & 0o777 == 0o640


# On a commented sample section, in a real git repository -----------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_marking_a_commented_sample_section_changes_only_its_review_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "manual"
    for folder in ("sop", "policy_data"):
        shutil.copytree(REPO / folder, repo / folder)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "sources")
    section = repo / "sop/07-records/delivery-retention.yml"
    assert "# the full team, not the records subcommittee" in section.read_text()

    project = ProjectFolder.__new__(ProjectFolder)
    project.root = repo
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SOPKIT_AS_OF", "2026-12-01")
    code, out, err = project.cli(
        "review",
        "mark",
        "report-delivery-and-retention",
        "--date",
        "2026-11-30",
        "--record",
        "https://example.org/sop-team/minutes/2026-11-30",
    )
    assert (code, err) == (0, "")
    assert out.endswith("Next review due 30 November 2028.\n")

    diff = git(repo, "diff", "--unified=0", "--no-color")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == [
        "-  last_reviewed: 2024-09-30",
        "+  last_reviewed: 2026-11-30",
        "+  record: https://example.org/sop-team/minutes/2026-11-30",
    ]
    assert git(repo, "status", "--porcelain") == " M sop/07-records/delivery-retention.yml\n"


def test_a_section_s_own_cycle_stays_and_sets_the_next_due_date(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "  outcome: no-change\n", "  outcome: no-change\n  cycle: 1 year\n")
    code, out, _ = project.cli("review", "mark", "student-searches", "--date", "2026-11-30")
    assert code == 0 and out.endswith("Next review due 30 November 2027.\n")
    assert "  outcome: no-change\n  cycle: 1 year\n" in project.read(SEARCHES)
