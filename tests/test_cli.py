"""The command line: output, exit codes, JSON, and usage errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO, ProjectFolder, shipped_check_summary

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
            "hint": "write one of public, internal, e.g. visibility: public",
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
        "sopkit: --as-of: 'tomorrow' is not a date; write a real day as YYYY-MM-DD, e.g. 2026-12-01\n",
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
        "sopkit: SOPKIT_AS_OF: '2026-02-30' is not a date; write a real day as YYYY-MM-DD, e.g. 2026-12-01\n",
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
    # The shipped content is clean everywhere: `check --strict` reads the build's own
    # check levels from mkdocs.yml (the FERPA mis-citation, transcribed as adopted, is a
    # note there), so it passes where the strict build passes.
    result = subprocess.run(
        [sys.executable, "-m", "sopkit", "check", str(REPO), "--strict", "--as-of", "2026-12-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(shipped_check_summary() + "\n")


def test_cite_text_output(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write("notes.txt", "Policy 09.14 and\n  KRS 61.902 to KRS 61.930; 20 USC 1232g.\n")
    code, out, err = project.cli("cite", "notes.txt")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "notes.txt:1:8: Policy 09.14 -> (no address)",
        "notes.txt:2:3: KRS 61.902-61.930 -> https://law.justia.com/codes/kentucky/chapter-61/section-61-902/",
        "notes.txt:2:29: 20 U.S.C. § 1232g -> https://www.law.cornell.edu/uscode/text/20/1232g",
    ]


def test_cite_json_from_standard_input(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Per KRS 158.441(1) ...")))
    code, out, _ = project.cli("cite", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "path": "<stdin>",
            "citations": [
                {
                    "start": 4,
                    "end": 18,
                    "text": "KRS 158.441(1)",
                    "normalized": "KRS 158.441",
                    "kind": "statute",
                    "pinpoint": "(1)",
                    "url": "https://law.justia.com/codes/kentucky/chapter-158/section-158-441/",
                }
            ],
        }
    ]


def test_cite_uses_the_project_registry(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/authorities.yml",
        "    title: Definitions for chapter\n",
        "    title: Definitions for chapter\n    url: https://apps.legislature.ky.gov/law/statutes/statute.aspx?id=1\n",
    )
    project.write("a.md", "KRS 158.441")
    assert project.cli("cite", "a.md")[1] == (
        "a.md:1:1: KRS 158.441 -> https://apps.legislature.ky.gov/law/statutes/statute.aspx?id=1\n"
    )


def test_cite_refuses_unreadable_input(project: ProjectFolder) -> None:
    project.write("bad.txt", "caf\xe9".encode("latin-1"))
    code, _, err = project.cli("cite", "bad.txt", "missing.txt")
    assert code == 2
    assert err == (
        "sopkit: bad.txt:1:4: this file is not UTF-8 text: byte 0xE9 cannot be read; save the file "
        "as UTF-8 (in most editors: File → Save with Encoding → UTF-8)\n"
    )


# The options of mkdocs.yml --------------------------------------------------------------
# On the previous main `sopkit check` printed as warnings what mkdocs.yml sets to info,
# and read the sources from sop/ whatever sop_dir said.

MKDOCS_YML = """\
site_name: Fixture
theme:
  name: material
  icon:
    admonition:
      note: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - sopkit:
{options}
"""


def with_options(project: ProjectFolder, options: str) -> None:
    project.write("mkdocs.yml", MKDOCS_YML.format(options=textwrap.indent(options, "      ")))


def test_check_reports_at_the_levels_mkdocs_yml_sets(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/authorities.yml",
        "  - cite: Policy 09.14",
        "  - cite: Policy 09.14\n  - cite: KRS 1.010",
    )
    assert project.cli("check", "--strict")[0] == 1
    with_options(project, "checks:\n  unused_authorities: info\n")
    code, out, _ = project.cli("check", "--strict")
    assert code == 0
    assert "policy_data/authorities.yml:7:11: info: KRS 1.010 is in the authorities registry" in out
    with_options(project, "checks:\n  unused_authorities: ignore\n")
    assert project.cli("check", "--strict")[1] == "No problems found in 9 source files.\n"


def test_check_reads_the_sources_where_mkdocs_yml_says(project: ProjectFolder) -> None:
    project.path("sop").rename(project.path("manual"))
    with_options(project, "sop_dir: manual\n")
    assert project.cli("check") == (0, "No problems found in 9 source files.\n", "")


def test_a_wrong_option_in_mkdocs_yml_is_located(project: ProjectFolder) -> None:
    with_options(project, "checks:\n  overdue_review: info\nedit_urll: x\n")
    code, out, _ = project.cli("check")
    assert code == 1
    assert out.splitlines()[:2] == [
        "mkdocs.yml:11:9: error: plugins → sopkit → checks: 'overdue_review' is not one of its "
        "options (did you mean 'overdue_reviews'?); they are source_warnings, "
        "malformed_citations, unregistered_citations, unused_authorities, overdue_reviews, "
        "overdue_obligations, due_soon, citation_drift, missing_history",
        "mkdocs.yml:12:7: error: plugins → sopkit → edit_urll: 'edit_urll' is not an option "
        "(did you mean 'edit_url'?); the options are sop_dir, policy_data_dir, edition, as_of, "
        "time_zone, templates_dir, public_review_status, edit_url, checks, pdf",
    ]
    # The other commands refuse to run on options the build would refuse.
    code, _, err = project.cli("review")
    assert code == 2 and err.startswith("sopkit: mkdocs.yml:11:9: error: plugins → sopkit →")


def test_as_of_and_the_edition_come_from_mkdocs_yml_too(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOPKIT_AS_OF")
    with_options(project, "as_of: 2027-12-01\nedition: public\n")
    project.replace(
        "sop/04-students/interviews.yml",
        "  The principal, first.\n",
        "  The principal, first; see [the searches](student-searches.md).\n",
    )
    code, out, _ = project.cli("check", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["as_of"] == "2027-12-01"
    assert [d["code"] for d in report["diagnostics"]] == ["link-to-internal"]
