"""The pull-request workflow, run here: no GitHub runner is available, so the workflows
call only `make` targets (and .ci/run), and this test runs those targets' commands."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, shipped_check_summary, shipped_source_count

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
VENV = Path(sys.prefix)


def make(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The repository's Makefile with this environment's .venv (`-o` keeps make from
    installing the project again)."""
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", "-o", str(VENV / ".sopkit-installed"),
         *arguments],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, **(env or {})},
    )  # fmt: skip


def run_steps(path: Path) -> list[str]:
    workflow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.stem for p in WORKFLOWS])
def test_workflows_run_only_make_targets_that_exist(path: Path) -> None:
    targets = makefile_targets()
    for command in run_steps(path):
        words = shlex.split(command.split(">>")[0])
        if words[0] == "git":
            assert words[1] in ("config", "fetch"), command
            continue
        if words[0] == ".ci/run":
            continue
        assert words[0] == "make", command
        named = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        assert named and set(named) <= targets, command


def test_every_workflow_is_there() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "authorities.yml",
        "publish.yml",
        "pull-request.yml",
        "reviews.yml",
        "tests.yml",
    ]
    steps = run_steps(REPO / ".github" / "workflows" / "pull-request.yml")
    assert "make check" in steps and "make build" in steps
    assert 'make --silent changes BASE="origin/$GITHUB_BASE_REF" >> "$GITHUB_STEP_SUMMARY"' in steps


def test_ci_env_pins_the_day_and_the_build_date_to_the_commit() -> None:
    done = make("--silent", "ci-env")
    assert done.returncode == 0
    day, epoch = done.stdout.splitlines()
    assert re.fullmatch(r"SOPKIT_AS_OF=\d{4}-\d\d-\d\d", day)
    assert re.fullmatch(r"SOURCE_DATE_EPOCH=\d+", epoch)


def test_make_check_passes_on_the_shipped_sources() -> None:
    done = make("check", env={"SOPKIT_AS_OF": "2026-12-01"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert shipped_check_summary() in done.stdout
    assert f"All {shipped_source_count()} source files are formatted." in done.stdout


def test_make_changes_writes_the_redline_as_markdown() -> None:
    done = make("--silent", "changes", "BASE=HEAD", env={"SOPKIT_AS_OF": "2026-12-01"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## Changes from HEAD (")


def test_make_reviews_fails_when_a_review_is_overdue() -> None:
    done = make("reviews", env={"SOPKIT_AS_OF": "2026-12-01"})
    assert done.returncode != 0
    assert "Overdue         2026-06-17   5.2 Use of force" in done.stdout


def test_pre_commit_runs_sopkit_on_the_sources() -> None:
    config = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["sopkit-fmt"]["entry"] == ".venv/bin/sopkit fmt"
    assert hooks["sopkit-check"]["entry"] == ".venv/bin/sopkit check --edition public"
    for hook in hooks.values():
        assert re.match(hook["files"], "sop/04-students/interviews.yml")
        assert not re.match(hook["files"], "src/sopkit/cli.py")


def test_codeowners_give_code_to_developers_and_content_to_the_team() -> None:
    lines = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {pattern: rest for pattern, *rest in lines}
    assert owners["*"] == ["@example-district/sopkit-developers"]
    assert owners["/sop/"] == ["@example-district/sop-manual-team"]
    assert owners["/.github/"] == ["@example-district/sopkit-developers"]
    # The last matching line wins: workflows come after the content lines.
    patterns = [pattern for pattern, *_ in lines]
    assert patterns.index("/.github/") > patterns.index("/docs/*.md")


def zizmor_findings(folder: Path) -> str:
    """What zizmor, the GitHub Actions security audit, finds in a folder of workflows
    (offline: it reads the files only); '' when it finds nothing."""
    done = subprocess.run(
        [str(VENV / "bin" / "zizmor"), "--offline", "--no-progress", "--format", "plain",
         str(folder)],
        capture_output=True, text=True,
    )  # fmt: skip
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_the_workflows_pass_the_security_audit() -> None:
    assert zizmor_findings(REPO / ".github" / "workflows") == ""


def test_only_the_publish_job_may_push() -> None:
    """And the laws' job, which opens a pull request: its token goes to that step only,
    never to the checkout (so no other step can push)."""
    for path in WORKFLOWS:
        workflow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            pushes = path.stem == "publish"
            expected = {"contents": "write" if pushes else "read"}
            if path.stem == "authorities":
                expected = {"contents": "write", "pull-requests": "write"}
            assert job["permissions"] == expected, name
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is pushes, name


def test_the_laws_workflow_refreshes_monthly_and_opens_a_pull_request() -> None:
    path = REPO / ".github" / "workflows" / "authorities.yml"
    flow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert flow["on"]["schedule"] == [{"cron": "0 13 1 * *"}]
    steps = flow["jobs"]["refresh"]["steps"]
    assert [s["run"] for s in steps if "run" in s][1:] == [
        'make --silent authorities >> "$GITHUB_STEP_SUMMARY"',
        "make --silent authorities-report >> authorities-report.md",
        'make --silent authorities-news >> "$GITHUB_OUTPUT"',
    ]
    [opener] = [s for s in steps if s.get("uses", "").startswith("peter-evans/")]
    assert re.fullmatch(r"peter-evans/create-pull-request@[0-9a-f]{40}", opener["uses"])
    assert opener["with"]["body-path"] == "authorities-report.md"
    assert opener["if"] == "steps.news.outputs.news == 'true'"
    assert "policy_data/authorities.lock.yml" in opener["with"]["add-paths"]


def test_make_authorities_report_reads_the_shipped_lock_file_offline() -> None:
    done = make("--silent", "authorities-report", env={"SOPKIT_AS_OF": "2026-12-01"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## Laws read at their publishers\n\n0 of 37 authorities read")
    assert done.stdout.endswith("### Cited after a change, not reviewed since\n\nNone.\n")
