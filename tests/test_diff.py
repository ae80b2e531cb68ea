"""`sopkit diff`: what changed between two commits of a real git repository, in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import types
import typing
from collections.abc import Iterator

import pytest

from conftest import AS_OF, REPO, ProjectFolder
from sopkit import Layout, check_project, model
from sopkit.compare.changes import compare_projects

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
        "#### Roles, paragraph 1: Changed\n\n"
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


# Every field of every kind is compared ----------------------------------------------------
# On the previous main a curriculum that gained a required topic gave an empty diff: the
# comparison skipped fields by name ("topics"), for every kind at once.


Path_ = tuple[str | int, ...]
NOT_CONTENT = {("Project", "files"), ("Project", "incomplete"), ("Project", "with_errors")}
"""What the loader records about the files, not what they say: nothing to compare."""


def instances(value: object, path: Path_ = ()) -> Iterator[tuple[Path_, object]]:
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from instances(item, (*path, index))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield path, value
        for spec in dataclasses.fields(value):
            if spec.compare:  # not where it was written, nor its raw text
                yield from instances(getattr(value, spec.name), (*path, spec.name))


def set_at(root: object, path: Path_, new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        assert isinstance(root, tuple)
        return (*root[:head], set_at(root[head], rest, new), *root[head + 1 :])
    return dataclasses.replace(root, **{head: set_at(getattr(root, head), rest, new)})  # type: ignore[type-var]


def changed(value: object) -> object:
    """A different value of the same kind, or None when there is none to make."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + " changed"
    if isinstance(value, dt.date):
        return value - dt.timedelta(days=1)
    if isinstance(value, model.Prose):
        return model.Prose(value.text + " Changed.")
    if isinstance(value, model.Ref):
        return model.Ref(value.id + "-changed")
    if isinstance(value, model.Period):
        return model.Period(days=value.days + 1)
    if isinstance(value, model.MonthDay):
        return model.MonthDay(value.month, value.day % 28 + 1)
    if isinstance(value, model.Repeats):
        return model.Repeats(kind="as needed" if value.kind != "as needed" else "once")
    if isinstance(value, tuple):
        return value[:-1] if value else None
    if isinstance(value, frozenset):
        return value | {"changed"}
    return None  # a nested record: its own fields are changed one by one


def hints_of(kind: type) -> dict[str, object]:
    from sopkit.sources.tree import Scalar

    return typing.get_type_hints(kind, localns={"Scalar": Scalar})


def sample(hint: object) -> object:
    """A value of a field's declared type, for a field the shipped content leaves empty."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)))
    if typing.get_origin(hint) is tuple:
        return (sample(args[0]),)
    if typing.get_origin(hint) is typing.Literal:
        return args[0]
    if hint is str:
        return "added"
    if hint is int:
        return 1
    if hint is bool:
        return True
    if hint is model.Period:
        return model.Period(days=30)
    if hint is dt.date:
        return dt.date(2020, 1, 1)
    if dataclasses.is_dataclass(hint):
        hints = hints_of(hint)  # type: ignore[arg-type]
        required = {
            f.name: sample(hints[f.name])
            for f in dataclasses.fields(hint)
            if f.init
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        }
        return hint(**required)  # type: ignore[operator]
    raise AssertionError(f"no sample for {hint}")


def test_every_field_of_every_kind_is_compared() -> None:
    project = check_project(Layout(REPO), as_of=AS_OF).project
    fields: dict[tuple[str, str], list[tuple[Path_, object]]] = {}
    for path, value in instances(project):
        hints = hints_of(type(value))
        for spec in dataclasses.fields(value):  # type: ignore[arg-type]
            if not spec.compare:
                continue
            key = (type(value).__name__, spec.name)
            current = getattr(value, spec.name)
            new = changed(current)
            if new is None and current in (None, ()):
                new = sample(hints[spec.name])  # filled in where the content has nothing
            if new is not None:
                fields.setdefault(key, []).append(((*path, spec.name), new))
            else:
                fields.setdefault(key, [])
    unreported, untried = [], []
    for key, paths in sorted(fields.items()):
        if key in NOT_CONTENT:
            continue
        if not paths:
            untried.append(".".join(key))
            continue
        path, new = paths[0]
        after = set_at(project, path, new)
        if compare_projects(project, after).empty:  # type: ignore[arg-type]
            unreported.append(".".join(key))
    assert unreported == []
    # Fields that hold one nested record are tried through that record's own fields.
    assert untried == [
        "Manual.contact",
        "Manual.review",
        "Manual.team",
        "Obligation.schedule",
        "Project.manual",
    ]


def test_a_curriculum_that_gains_a_required_topic_is_a_change(repo: ProjectFolder) -> None:
    repo.replace(
        "policy_data/training.yml",
        "        title: De-escalation strategies\n",
        "        title: De-escalation strategies\n      - id: first-aid\n        title: First aid\n",
    )
    code, out, _ = diff(repo, "main")
    assert code == 0
    assert "### Training curriculum: Statutory training (changed)" in out
    assert "First aid" in out
