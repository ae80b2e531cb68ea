"""`sopkit review` and `sopkit review mark`: the report, its exit codes, and recording a
review in place without disturbing anything else in the file."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
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
        "source": "sop/04-students/searches.yml:11:3",
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
        "2026 by SOP Manual Team (revised). The review of 1 September 2024 is kept in its "
        "history. Next review due 30 November 2028.\n",
        "",
    )
    assert (
        "review:\n"
        "  last_reviewed: 2026-11-30\n"
        "  reviewed_by: SOP Manual Team\n"
        "  outcome: revised\n"
        "  record: https://example.org/minutes/2026-11-30\n"
        "  history:\n"
        "    - date: 2024-09-01\n"
        "      reviewed_by: SOP Manual Team\n"
        "      outcome: no-change\n"
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


def test_a_new_review_keeps_the_old_one_with_its_record_and_notes(project: ProjectFolder) -> None:
    # On the previous main the old review's record and notes were deleted.
    project.replace(
        SEARCHES,
        "  outcome: no-change\n",
        "  outcome: no-change\n  record: https://example.org/old\n  notes: Old notes.\n",
    )
    project.cli("review", "mark", "student-searches", "--date", "2026-11-02")
    project.cli("review", "mark", "student-searches", "--outcome", "revised")
    assert project.read(SEARCHES).endswith(
        "review:\n"
        "  last_reviewed: 2026-12-01\n"
        "  reviewed_by: SOP Manual Team\n"
        "  outcome: revised\n"
        "  history:\n"
        "    - date: 2026-11-02\n"
        "      reviewed_by: SOP Manual Team\n"
        "      outcome: no-change\n"
        "    - date: 2025-09-01\n"
        "      reviewed_by: SOP Manual Team\n"
        "      outcome: no-change\n"
        "      record: https://example.org/old\n"
        "      notes: Old notes.\n"
        "body: |\n"
        "  Searches follow the law.\n"
    )
    assert project.check() == []


def test_a_second_mark_on_the_same_day_asks_for_replace(project: ProjectFolder) -> None:
    # On the previous main the second mark overwrote the first review's outcome and
    # deleted its record link.
    args = ("review", "mark", "student-searches", "--record", "https://example.org/first")
    assert project.cli(*args)[0] == 0
    before = project.path(SEARCHES).read_bytes()
    code, out, err = project.cli("review", "mark", "student-searches", "--outcome", "revised")
    assert (code, out) == (2, "")
    assert err == (
        "sopkit: a review dated 2026-12-01 is already recorded (no-change, by SOP Manual Team); "
        "to replace it, run the command again with --replace\n"
    )
    assert project.path(SEARCHES).read_bytes() == before
    code, out, _ = project.cli(
        "review", "mark", "student-searches", "--outcome", "revised", "--replace"
    )
    assert code == 0
    assert out.startswith("Replaced the review of the same day of 4.3 Searches")
    text = project.read(SEARCHES)
    assert "  outcome: revised\n" in text and "example.org/first" not in text
    assert "    - date: 2025-09-01\n" in text  # the earlier review is still there


def test_the_outcome_option_documents_its_default(
    project: ProjectFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert project.cli("review", "mark", "--help")[0] == 0
    assert "no-change (the default) or revised" in " ".join(capsys.readouterr().out.split())


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
        "+  history:",
        "+    - date: 2024-09-30",
        "+      reviewed_by: SOP Manual Team",
        "+      outcome: no-change",
    ]
    assert git(repo, "status", "--porcelain") == " M sop/07-records/delivery-retention.yml\n"


def test_a_section_s_own_cycle_stays_and_sets_the_next_due_date(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "  outcome: no-change\n", "  outcome: no-change\n  cycle: 1 year\n")
    code, out, _ = project.cli("review", "mark", "student-searches", "--date", "2026-11-30")
    assert code == 0 and out.endswith("Next review due 30 November 2027.\n")
    assert "  outcome: no-change\n  cycle: 1 year\n" in project.read(SEARCHES)


# The file stays as it was written, except for the review ---------------------------------
# On the previous main `review mark` rewrote CRLF files with LF, dropped a byte order
# mark, added a missing final newline, replaced a link with a regular file (leaving the
# file it pointed at unchanged), and lost an edit saved between its read and its write.


def mark(project: ProjectFolder, *extra: str) -> tuple[int, str, str]:
    return project.cli("review", "mark", "student-searches", "--date", "2026-11-30", *extra)


def review_lines_changed(before: bytes, after: bytes) -> list[str]:
    old, new = before.decode("utf-8-sig").splitlines(), after.decode("utf-8-sig").splitlines()
    import difflib

    return [
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("CRLF line endings", lambda data: data.replace(b"\n", b"\r\n")),
        ("a byte order mark", lambda data: b"\xef\xbb\xbf" + data),
        ("no final newline", lambda data: data.rstrip(b"\n")),
        ("all three", lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n").rstrip(b"\r\n")),
    ],
)
def test_mark_keeps_the_file_s_form(
    project: ProjectFolder, name: str, transform: Callable[[bytes], bytes]
) -> None:
    plain = project.path(SEARCHES).read_bytes()
    project.write(SEARCHES, transform(plain))
    assert mark(project)[0] == 0, name
    after = project.path(SEARCHES).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == transform(plain).startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in after) == (b"\r\n" in transform(plain))
    assert after.count(b"\n") == after.count(b"\r\n") or b"\r\n" not in after  # no mixed endings
    assert after.endswith(b"\n") == transform(plain).endswith(b"\n")
    assert len(review_lines_changed(transform(plain), after)) == 6  # only the review's lines


def test_mark_writes_through_a_link_to_the_file_it_points_at(project: ProjectFolder) -> None:
    target = project.path("shared/searches.yml")
    target.parent.mkdir()
    project.path(SEARCHES).rename(target)
    project.path(SEARCHES).symlink_to("../../shared/searches.yml")
    assert mark(project)[0] == 0
    assert project.path(SEARCHES).is_symlink()
    assert "last_reviewed: 2026-11-30" in target.read_text()


def test_mark_refuses_when_the_file_changed_while_it_worked(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sopkit.sources.roundtrip import dump_text as real_dump

    saved = "# saved in an editor meanwhile\n"

    def dump_while_someone_saves(data: object) -> str:
        path = project.path(SEARCHES)
        path.write_text(path.read_text() + saved)
        return real_dump(data)

    # Where the editing module looks it up.
    monkeypatch.setattr("sopkit.sources.edit.dump_text", dump_while_someone_saves)
    code, out, err = mark(project)
    assert (code, out) == (2, "")
    assert err == (
        "sopkit: searches.yml changed on disk while sopkit was editing it (was it saved in an "
        "editor?); nothing was written: run the command again\n"
    )
    assert project.read(SEARCHES).endswith(saved)  # the other edit is kept
    assert sorted(p.name for p in project.path(SEARCHES).parent.iterdir()) == [
        "chapter.yml",
        "interviews.yml",
        "searches.yml",
    ]
