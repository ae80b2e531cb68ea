"""`sopkit diff`: what changed between two commits of a real git repository, in words."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import ProjectFolder

SEARCHES = "sop/04-students/searches.yml"
VERSIONS = "policy_data/policies/school-safety-officers/versions"


def git(project: ProjectFolder, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project.root, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def diff(project: ProjectFolder, *args: str) -> tuple[int, str, str]:
    """`sopkit diff`, with commit hashes (which differ on every run) taken out."""
    code, out, err = project.cli("diff", *args)
    return code, re.sub(r" \([0-9a-f]{7}\)", "", out), err


@pytest.fixture
def repo(project: ProjectFolder) -> ProjectFolder:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "The sources")
    return project


def commit(project: ProjectFolder, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


# Quoted in docs/policy-versions.md (tests/test_docs.py checks that it still is).
PUBLISH_SEARCHES = """\
## Changes from main to HEAD

> **Made public.** The public edition will publish what was internal:
>
> - 4.3 Searches (`sop/04-students/student-searches.yml`): the section was internal

1 section changed.

### Section 4.3 Searches (changed)

File: `sop/04-students/student-searches.yml` (moved from `sop/04-students/searches.yml`)

| Key | Before | After |
| --- | --- | --- |
| visibility | internal | public |
| review.last_reviewed | 2025-09-01 | 2026-11-30 |

**body**

Searches follow the law **and District policy**.
"""


def test_a_renamed_section_made_public_with_new_words(repo: ProjectFolder) -> None:
    git(repo, "switch", "-q", "-c", "publish-searches")
    renamed = "sop/04-students/student-searches.yml"
    git(repo, "mv", SEARCHES, renamed)
    repo.replace(renamed, "visibility: internal\n", "visibility: public\n")
    repo.replace(renamed, "  last_reviewed: 2025-09-01\n", "  last_reviewed: 2026-11-30\n")
    repo.replace(
        renamed, "  Searches follow the law.\n", "  Searches follow the law and District policy.\n"
    )
    commit(repo, "Publish the searches section")
    assert diff(repo, "main", "HEAD") == (0, PUBLISH_SEARCHES, "")


def test_head_defaults_to_the_files_as_they_are_now(repo: ProjectFolder) -> None:
    repo.replace(SEARCHES, "owner: chief", "owner: sso")
    code, out, _ = diff(repo, "main", "--format", "text")
    assert code == 0
    assert out.startswith("Changes from main to the working tree\n\n1 section changed.\n")
    assert "  owner: chief -> sso\n" in out


def test_a_new_policy_version_is_compared_with_the_one_before(repo: ProjectFolder) -> None:
    v1 = repo.read(f"{VERSIONS}/v1.yml")
    repo.write(f"{VERSIONS}/v1.yml", v1.replace("status: in force", "status: superseded"))
    repo.write(
        f"{VERSIONS}/v2.yml",
        v1.replace("number: 1", "number: 2", 1).replace(
            "An SSO has the authority", "An SSO has the law enforcement authority"
        ),
    )
    commit(repo, "Version 2")
    code, out, _ = diff(repo, "HEAD~1")
    assert code == 0
    assert "1 policy version changed and 1 policy version added." in out
    assert (
        "### School Safety Officers, version 2 (added)\n\n"
        f"File: `{VERSIONS}/v2.yml`\n\n"
        "Compared with version 1.\n\n"
        "#### Roles: Changed\n\n"
        "An SSO has the **law enforcement** authority described in KRS 61.902.\n"
    ) in out
    assert "| status | in force | superseded |" in out


def test_json_lists_each_change_with_its_redline(repo: ProjectFolder) -> None:
    repo.replace(SEARCHES, "visibility: internal", "visibility: public")
    repo.replace(SEARCHES, "  Searches follow the law.", "  Searches follow the law.\n\n  Always.")
    code, out, _ = diff(repo, "main", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["made_public"] == [
        {
            "title": "4.3 Searches",
            "path": SEARCHES,
            "detail": "the section was internal",
        }
    ]
    (change,) = report["changes"]
    assert (change["what"], change["kind"], change["key"]) == (
        "section",
        "changed",
        "student-searches",
    )
    assert change["fields"] == [{"key": "visibility", "old": "internal", "new": "public"}]
    assert change["texts"] == [
        {
            "key": "body",
            "redline": [
                {"kind": "same", "marker": "", "depth": 0,
                 "pieces": [{"kind": "same", "text": "Searches follow the law."}]},
                {"kind": "added", "marker": "", "depth": 0,
                 "pieces": [{"kind": "added", "text": "Always."}]},
            ],
        }
    ]  # fmt: skip


def test_html_escapes_what_the_sources_say(repo: ProjectFolder) -> None:
    repo.replace(SEARCHES, "title: Searches", 'title: "Searches & seizures"')
    code, out, _ = diff(repo, "main", "--format", "html")
    assert code == 0
    assert "<h3>Section 4.3 Searches &amp; seizures (changed)</h3>" in out
    assert (
        "<tr><td><code>title</code></td><td>Searches</td><td>Searches &amp; seizures</td></tr>"
    ) in out


def test_a_step_made_public_is_called_out(repo: ProjectFolder) -> None:
    interviews = "sop/04-students/interviews.yml"
    repo.replace(
        interviews,
        "  - Record the interview.\n",
        "  - text: Record the interview.\n    visibility: internal\n",
    )
    commit(repo, "An internal step")
    repo.replace(interviews, "    visibility: internal\n", "")
    out = diff(repo, "main")[1]
    assert (
        "> - 4.2 Interviewing students (`sop/04-students/interviews.yml`): the step "
        "“Record the interview.” was internal"
    ) in out


def test_no_changes(repo: ProjectFolder) -> None:
    assert diff(repo, "main", "--format", "text") == (
        0,
        "Changes from main to the working tree\n\nNo changes to the sources.\n",
        "",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch"], "sopkit: 'nosuch' is not a commit, branch or tag of this repository\n"),
        (["--", "-x"], "sopkit: '-x' is not a commit, branch or tag\n"),
    ],
)
def test_a_bad_ref_is_a_plain_error(repo: ProjectFolder, args: list[str], message: str) -> None:
    assert diff(repo, *args) == (2, "", message)


def test_outside_a_git_repository(project: ProjectFolder) -> None:
    code, _, err = project.cli("diff", "main")
    assert code == 2
    assert err == "sopkit: '.' is not in a git repository\n"


def test_sources_with_errors_cannot_be_compared(repo: ProjectFolder) -> None:
    repo.replace(SEARCHES, "owner: chief", "owner: nobody")
    assert diff(repo, "main") == (
        2,
        "",
        "sopkit: the files as they are now have 1 error; they cannot be compared until they "
        "are fixed (`sopkit check` lists them)\n",
    )
