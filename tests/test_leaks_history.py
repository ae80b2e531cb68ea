"""The leak scan remembers earlier editions: a section that was internal and has since
been removed from the sources is still restricted, so a site that shows history (its
change feed, its manifests) cannot bring it back unnoticed."""

from __future__ import annotations

from pathlib import Path

from conftest import ProjectFolder
from test_edition_history import three_editions  # noqa: F401  (a fixture)

SEARCHES_TITLE = "4.3 Searches"


def site_saying(root: Path, text: str) -> Path:
    site = root / "site-public"
    site.mkdir()
    (site / "index.html").write_text(f"<html><body><p>{text}</p></body></html>")
    return site


def test_an_internal_section_removed_since_is_still_a_leak(
    three_editions: tuple[ProjectFolder, str, str],  # noqa: F811
) -> None:
    project, _, _ = three_editions
    # 4.3 Searches was internal in 2025-26 and is gone from today's sources.
    assert not project.path("sop/04-students/searches.yml").exists()
    site = site_saying(project.root, "Searches of students and property.")
    code, out, _ = project.cli("scan-leaks", str(site))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{site}/index.html: text of the internal section {SEARCHES_TITLE}: "
        "“html body p searches of students and property p body html”"
    )


def test_without_that_section_the_site_is_clean(
    three_editions: tuple[ProjectFolder, str, str],  # noqa: F811
) -> None:
    project, _, _ = three_editions
    site = site_saying(project.root, "When and how an SSO interviews a student.")
    code, out, _ = project.cli("scan-leaks", str(site))
    assert (code, out.startswith("No restricted content in 1 file of ")) == (0, True)
