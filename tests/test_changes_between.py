"""`sopkit changes --between`: the report `sopkit diff` prints, for two editions listed
in sop/editions.yml, each read back from git by its commit; its errors, each hint
applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ProjectFolder
from golden import check_golden
from sopkit.editions.leaks import restricted_markers, scan_folder
from sopkit.editions.select import hidden_pages
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from test_edition_history import EDITIONS, MANUAL, editions_yml, git, three_editions

__all__ = ["three_editions"]

Editions = tuple[ProjectFolder, str, str]


def changes(project: ProjectFolder, *args: str) -> tuple[int, str, str]:
    return project.cli("changes", "--between", *args)


def without_commits(text: str, first: str, second: str) -> str:
    """The report with the fixture's commits (new on every run) named by edition."""
    return text.replace(first, "<commit of 2024-25>").replace(second, "<commit of 2025-26>")


GOLDEN = Path(__file__).parent / "golden" / "history" / "changes-between.txt"


def test_the_first_edition_to_the_current_one(three_editions: Editions) -> None:
    project, first, second = three_editions
    code, out, err = changes(project, "2024-25", "2026-27")
    assert (code, err) == (0, "")
    check_golden(GOLDEN, {"first-to-third": without_commits(out, first, second)})


def test_the_second_edition_to_the_current_one_as_text(three_editions: Editions) -> None:
    project, first, second = three_editions
    code, out, err = changes(project, "2025-26", "2026-27", "--format", "text")
    assert (code, err) == (0, "")
    check_golden(GOLDEN, {"second-to-third-text": without_commits(out, first, second)})


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
    # (project.cli runs sopkit in this process; a ProjectFolder of the clone would write
    # the fixture's files over it.)
    assert project.cli("changes", "--project", str(clone), "--between", "2024-25", "2026-27") == (
        2,
        "",
        "sopkit: edition 2024-25 cannot be compared: its sources are read from git, and "
        "this is a shallow clone, which lacks the commits they were published from\n"
        "  hint: fetch the whole history: git fetch --unshallow\n",
    )
    git(clone, "fetch", "-q", "--unshallow")
    code, _, err = project.cli(
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


def test_the_public_edition_s_report_names_no_internal_section(
    three_editions: Editions, tmp_path: Path
) -> None:
    project, first, second = three_editions
    code, internal, _ = changes(project, "2024-25", "2026-27", "--edition", "internal")
    assert code == 0 and "Section 4.3 Searches (removed)" in internal
    code, public, err = changes(project, "2024-25", "2026-27", "--edition", "public")
    assert (code, err) == (0, "")
    check_golden(GOLDEN, {"first-to-third-public": without_commits(public, first, second)})
    # The leak scanner's markers of every edition's internal content: none is in it.
    loaded = load_with_history(Layout(project.root))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    reports = tmp_path / "reports"  # (tmp_path is the project's folder)
    reports.mkdir()
    (reports / "internal.md").write_text(internal, encoding="utf-8")
    (reports / "public.md").write_text(public, encoding="utf-8")
    scan = scan_folder(reports, markers, hidden_pages(loaded.project))
    assert {leak.path for leak in scan.leaks} == {"internal.md"}
