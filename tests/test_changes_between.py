"""`sopkit changes --between`: the report `sopkit diff` prints, for two editions listed
in sop/editions.yml, each read back from git by its commit; its errors, each hint
applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ProjectFolder
from test_edition_history import EDITIONS, MANUAL, editions_yml, git, three_editions

__all__ = ["three_editions"]

Editions = tuple[ProjectFolder, str, str]


def changes(project: ProjectFolder, *args: str) -> tuple[int, str, str]:
    return project.cli("changes", "--between", *args)


def without_commits(text: str, first: str, second: str) -> str:
    """The report with the fixture's commits (new on every run) named by edition."""
    return text.replace(first, "<commit of 2024-25>").replace(second, "<commit of 2025-26>")


FIRST_TO_THIRD = """\
## Changes from edition 2024-25 to edition 2026-27

1 manual settings changed, 1 section changed, 1 section removed, 1 edition changed and \
2 editions added.

### Manual settings: Test manual (changed)

File: `sop/manual.yml`

| Key | Before | After |
| --- | --- | --- |
| edition | 2024-25 | 2026-27 |

### Section 4.2 Student interviews (changed)

File: `sop/04-students/interviews.yml`

| Key | Before | After |
| --- | --- | --- |
| title | Interviewing students | Student interviews |

### Section 4.3 Searches (removed)

File: `sop/04-students/searches.yml`

### Edition: Edition 2024-25 (changed)

File: `sop/editions.yml`

| Key | Before | After |
| --- | --- | --- |
| commit | (none) | <commit of 2024-25> |

### Edition: Edition 2025-26 (added)

File: `sop/editions.yml`

| Key | Before | After |
| --- | --- | --- |
| id | (none) | 2025-26 |
| approved_by | (none) | Chief of School Safety |
| approved_on | (none) | 2025-06-15 |
| in_force_from | (none) | 2025-07-01 |
| commit | (none) | <commit of 2025-26> |

### Edition: Edition 2026-27 (added)

File: `sop/editions.yml`

| Key | Before | After |
| --- | --- | --- |
| id | (none) | 2026-27 |
| approved_by | (none) | Chief of School Safety |
| approved_on | (none) | 2026-06-15 |
| in_force_from | (none) | 2026-07-01 |
"""

SECOND_TO_THIRD = """\
Changes from edition 2025-26 to edition 2026-27

1 manual settings changed, 1 section removed, 1 edition changed and 1 edition added.

Manual settings: Test manual (changed)
  file: sop/manual.yml
  edition: 2025-26 -> 2026-27

Section 4.3 Searches (removed)
  file: sop/04-students/searches.yml

Edition: Edition 2025-26 (changed)
  file: sop/editions.yml
  commit: (none) -> <commit of 2025-26>

Edition: Edition 2026-27 (added)
  file: sop/editions.yml
  id: (none) -> 2026-27
  approved_by: (none) -> Chief of School Safety
  approved_on: (none) -> 2026-06-15
  in_force_from: (none) -> 2026-07-01
"""


def test_the_first_edition_to_the_current_one(three_editions: Editions) -> None:
    project, first, second = three_editions
    code, out, err = changes(project, "2024-25", "2026-27")
    assert (code, err) == (0, "")
    assert without_commits(out, first, second) == FIRST_TO_THIRD


def test_the_second_edition_to_the_current_one_as_text(three_editions: Editions) -> None:
    project, first, second = three_editions
    code, out, err = changes(project, "2025-26", "2026-27", "--format", "text")
    assert (code, err) == (0, "")
    assert without_commits(out, first, second) == SECOND_TO_THIRD


def test_two_earlier_editions_are_both_read_from_git(three_editions: Editions) -> None:
    project, _, _ = three_editions
    # The working tree has moved on; neither side is read from it.
    project.replace(MANUAL, "title: Test manual", "title: Renamed manual")
    code, out, _ = changes(project, "2024-25", "2025-26", "--format", "text")
    assert code == 0
    assert "Section 4.2 Student interviews (changed)\n" in out
    assert "  title: Interviewing students -> Student interviews\n" in out
    assert "Renamed" not in out


def test_an_unknown_edition_and_the_hint(three_editions: Editions) -> None:
    project, _, _ = three_editions
    assert changes(project, "2025-25", "2026-27") == (
        2,
        "",
        "sopkit: there is no edition '2025-25' (did you mean '2025-26'?): the editions are "
        "2024-25, 2025-26, 2026-27\n"
        "  hint: name an edition listed in sop/editions.yml, e.g. 2025-26\n",
    )
    assert changes(project, "2025-26", "2026-27")[0] == 0


def test_the_same_edition_twice_and_the_hint(three_editions: Editions) -> None:
    project, _, _ = three_editions
    assert changes(project, "2026-27", "2026-27") == (
        2,
        "",
        "sopkit: edition 2026-27 is named twice, and an edition has no changes from itself\n"
        "  hint: name two different editions, e.g. --between 2025-26 2026-27\n",
    )
    assert changes(project, "2025-26", "2026-27")[0] == 0


def test_an_edition_a_shallow_clone_lacks_and_the_hint(
    three_editions: Editions, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, _, _ = three_editions
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    git(project.root.parent, "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone))
    shallow = ProjectFolder(clone)
    assert shallow.cli("changes", "--project", str(clone), "--between", "2024-25", "2026-27") == (
        2,
        "",
        "sopkit: edition 2024-25 cannot be compared: its sources are read from git, and "
        "this is a shallow clone, which lacks the commits they were published from\n"
        "  hint: fetch the whole history: git fetch --unshallow\n",
    )
    git(clone, "fetch", "-q", "--unshallow")
    code, _, err = shallow.cli(
        "changes", "--project", str(clone), "--between", "2024-25", "2026-27"
    )
    assert (code, err) == (0, "")


def test_a_manual_without_editions_and_the_hint(project: ProjectFolder) -> None:
    assert changes(project, "2025-26", "2026-27") == (
        2,
        "",
        "sopkit: the manual lists no editions, so there are none to compare\n"
        "  hint: list the manual's published editions, oldest first, in sop/editions.yml "
        "(or compare two commits with `sopkit diff`)\n",
    )
    root: Path = project.root
    git(root, "init", "-q", "-b", "main")
    project.replace(MANUAL, 'edition: "2026-27"', 'edition: "2025-26"')
    project.write(EDITIONS, editions_yml(("2025-26", None)))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Edition 2025-26")
    published = git(root, "rev-parse", "HEAD")
    project.replace(MANUAL, 'edition: "2025-26"', 'edition: "2026-27"')
    project.write(EDITIONS, editions_yml(("2025-26", published), ("2026-27", None)))
    code, out, err = changes(project, "2025-26", "2026-27")
    assert (code, err) == (0, "")
    assert out.startswith("## Changes from edition 2025-26 to edition 2026-27\n")
