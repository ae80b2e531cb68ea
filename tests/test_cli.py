"""The command line: output, exit codes, JSON, and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO, ProjectFolder

SECTION = "sop/04-students/interviews.yml"


def test_check_clean_project(project: ProjectFolder) -> None:
    assert project.cli("check") == (0, "No problems found in 9 source files.\n", "")


def test_check_reports_errors_with_a_summary_and_exit_1(project: ProjectFolder) -> None:
    project.replace(SECTION, 'number: "4.2"', "number: 4.2")
    project.replace("sop/04-students/searches.yml", "owner: chief", "owner: nobody")
    code, out, err = project.cli("check")
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == "2 errors in 2 files (9 source files checked)."
    assert out.splitlines()[0] == (
        f"{SECTION}:2:9: error: number: section number 4.2 is written as a number, and YAML "
        "reads it as 4.2; codes must keep every digit"
    )
    assert out.splitlines()[1] == '  hint: put it in quotes: "4.2"'


def test_warnings_do_not_fail_unless_strict(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/training.yml", "title: De-escalation strategies", "title: Verbal judo"
    )
    code, out, _ = project.cli("check")
    assert code == 0 and out.splitlines()[-1] == "1 warning in 1 file (9 source files checked)."
    assert project.cli("check", "--strict")[0] == 1


def test_check_json(project: ProjectFolder) -> None:
    project.replace(SECTION, "visibility: public", "visibility: pubic")
    code, out, _ = project.cli("check", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["as_of"] == "2026-12-01" and report["files"] == 9
    assert report["diagnostics"] == [
        {
            "path": SECTION,
            "line": 6,
            "column": 13,
            "severity": "error",
            "code": "bad-choice",
            "message": "visibility: 'pubic' is not a visibility (public or internal) "
            "(did you mean 'public'?)",
            "hint": "use one of: public, internal",
        }
    ]


def test_as_of_option_overrides_the_environment(project: ProjectFolder) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-11-30")
    assert project.cli("check")[0] == 0
    code, out, _ = project.cli("check", "--as-of", "2026-11-29")
    assert code == 1 and "is in the future (today is 2026-11-29)" in out


def test_check_another_folder_prints_paths_from_here(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.root / "elsewhere").mkdir()
    monkeypatch.chdir(project.root / "elsewhere")
    project.replace(SECTION, "visibility: public", "visibility: pubic")
    code, out, _ = project.cli("check", "..")
    assert code == 1 and out.startswith(f"../{SECTION}:6:13: error:")


def test_usage_errors_exit_2(project: ProjectFolder) -> None:
    assert project.cli("check", "--as-of", "tomorrow") == (
        2,
        "",
        "sopkit: --as-of: 'tomorrow' is not a date; write it as YYYY-MM-DD\n",
    )
    code, _, err = project.cli("check", "no-such-folder")
    assert code == 2 and err == "sopkit: 'no-such-folder' is not a folder\n"
    (project.root / "empty").mkdir()
    code, _, err = project.cli("check", "empty")
    assert code == 2 and "is not a sopkit project" in err
    assert project.cli("frobnicate")[0] == 2


def test_bad_environment_as_of_is_a_usage_error(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_AS_OF", "2026-02-30")
    assert project.cli("check") == (
        2,
        "",
        "sopkit: SOPKIT_AS_OF: '2026-02-30' is not a date; write it as YYYY-MM-DD\n",
    )


def test_never_a_traceback_for_bad_input(project: ProjectFolder) -> None:
    # Garbage of every kind in every file: the command reports, it does not crash.
    for rel, data in {
        SECTION: b"\x00\xff\xfe garbage",
        "sop/manual.yml": b"- just\n- a list\n",
        "sop/04-students/chapter.yml": b"",
        "policy_data/authorities.yml": b"authorities: {a: [b, {c: d}]}\n",
        "policy_data/training.yml": b"curricula:\n  - 42\n",
        "policy_data/obligations.yml": b"obligations: [[[]]]\n",
        "policy_data/policies/school-safety-officers/policy.yml": b"? [complex]\n: key\n",
    }.items():
        project.write(rel, data)
    code, out, err = project.cli("check")
    assert code == 1 and err == "" and "Traceback" not in out


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sopkit", "check", str(REPO), "--as-of", "2026-12-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("No problems found in 57 source files.\n")
