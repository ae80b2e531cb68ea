"""Each section's history on its page, and each edition's What's new page: exact for
the three editions of a fixture repository, and for the shipped manual's 2026-27."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, REPO, ProjectFolder
from golden import check_golden
from sopkit.editions.leaks import restricted_markers, scan_folder
from sopkit.editions.select import hidden_pages
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from test_edition_history import INTERVIEWS, three_editions  # noqa: F401 (a fixture)

GOLDEN = Path(__file__).parent / "golden" / "history"
Editions = tuple[ProjectFolder, str, str]


def pages_of(root: Path, edition: str) -> dict[str, str]:
    loaded = load_with_history(Layout(root))
    done = build(loaded, BuildOptions(as_of=AS_OF, edition=edition))  # type: ignore[arg-type]
    assert done.site is not None, [str(d) for d in done.diagnostics]
    return {page.path: page.markdown for page in done.site.pages}


def history_part(markdown: str) -> str:
    """A section page's history, from its heading to the end of its box."""
    start = markdown.index('<div class="sopkit-history"')
    return markdown[start : markdown.index("\n\n</div>\n", start) + len("\n\n</div>")]


def test_section_history_and_whats_new_are_exact(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    # The current edition (2026-27) is the files as they are: it revises interviews too,
    # so that its page has a redline to show as well as 2025-26's new title.
    project.replace(INTERVIEWS, "The principal, first.", "The principal, then a parent.")
    for edition in ("internal", "public"):
        pages = pages_of(project.root, edition)
        check_golden(
            GOLDEN / f"three-editions-{edition}.txt",
            {
                "section-history": history_part(pages["sop/student-interviews.md"]),
                "renumbered-history": history_part(pages["sop/telling-parents.md"]),
                "moved-history": history_part(pages["sop/interview-notes.md"]),
                "whats-new-2026-27": pages["sop/whats-new-2026-27.md"],
                "whats-new-2025-26": pages["sop/whats-new-2025-26.md"],
            },
        )


def test_a_project_without_earlier_editions_shows_no_history(project: ProjectFolder) -> None:
    pages = pages_of(project.root, "internal")
    assert "## History" not in pages["sop/student-interviews.md"]
    assert [p for p in pages if "whats-new" in p] == []
    assert "What’s new" not in pages["sop/index.md"]


@pytest.fixture(scope="module")
def shipped_whats_new() -> dict[str, str]:
    """The shipped manual's 2026-27 What's new page, in each edition."""
    return {e: pages_of(REPO, e)["sop/whats-new-2026-27.md"] for e in ("internal", "public")}


def test_the_shipped_2026_27_lists_what_it_changed(shipped_whats_new: dict[str, str]) -> None:
    internal, public = shipped_whats_new["internal"], shipped_whats_new["public"]
    added = "**Added**\n\n- [4.6 Notifying parents and guardians](family-notification.md)\n"
    removed = (
        "**Removed**\n\n- 7.4 Form of documentation: merged into "
        "[7.3 Incident reports, their forms and corrections](incident-report-contents.md)\n"
    )
    moved = (
        "**Moved here**\n\n- [6.3 Uniforms, vehicles and radio communications]"
        "(uniforms-vehicles-radio.md): moved from the chapter Daily operations (was 3.4)\n"
    )
    for page in (internal, public):
        assert added in page and removed in page
        # 7.3 took in what 7.4 said: its redline shows the forms it now lists.
        assert (
            "<summary>7.3 Incident reports, their forms and corrections: text changed; retitled; "
            "details changed; took in the former 7.4 Form of documentation</summary>"
        ) in page
    # 6.3 is internal: only the officers' edition names it.
    assert moved in internal
    assert "Uniforms" not in public and "uniforms-vehicles-radio" not in public


def test_the_public_whats_new_page_passes_the_leak_scan(
    shipped_whats_new: dict[str, str], tmp_path: Path
) -> None:
    for edition, markdown in shipped_whats_new.items():
        (tmp_path / f"whats-new-{edition}.md").write_text(markdown, encoding="utf-8")
    loaded = load_with_history(Layout(REPO))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    scan = scan_folder(tmp_path, markers, hidden_pages(loaded.project))
    assert {leak.path for leak in scan.leaks} == {"whats-new-internal.md"}


def test_the_shipped_2026_27_lists_the_policy_clauses_whose_procedures_changed(
    shipped_whats_new: dict[str, str],
) -> None:
    for page in shipped_whats_new.values():
        clauses = page[page.index("## Policy clauses whose procedures changed") :]
        assert (
            "- [Purpose and Goal: Safer Schools and Safer Students, paragraph 3]"
            "(../policy/school-safety-officers/index.md#purpose-desired-outcome): "
            "[4.6 Notifying parents and guardians](family-notification.md)\n"
        ) in clauses
        # A removed section is named as it was, without a link.
        assert (
            "(../policy/school-safety-officers/index.md#data-incident-reporting): "
            "[7.3 Incident reports, their forms and corrections](incident-report-contents.md); "
            "7.4 Form of documentation (removed)\n"
        ) in clauses
