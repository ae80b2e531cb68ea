# ruff: noqa: F811 (the three-edition fixture is imported, then asked for by name)
"""The manual as in force on a day (or as of an edition): the edition chosen from
sop/editions.yml, its sources as they were at its commit, and the banner on every page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import AS_OF, ProjectFolder
from golden import check_golden
from pdfread import page_text
from sitebuild import build_site, write_site
from sopkit.diagnostics import Severity
from sopkit.editions.in_force import choose
from sopkit.editions.leaks import restricted_markers, scan_folder
from sopkit.editions.select import hidden_pages
from sopkit.pipeline import Build, BuildOptions, build
from sopkit.sources.git import export_sources
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout, load_project
from sopkit.web.in_force_pages import without_in_force_banner
from test_edition_history import EDITIONS, editions_yml, three_editions  # noqa: F401

GOLDEN = Path(__file__).parent / "golden" / "history" / "in-force-banner.txt"
IN_THE_SECOND = dt.date(2026, 5, 4)
BANNER = (
    "This is the manual as in force on 4 May 2026 (edition 2025-26); the current "
    "edition is 2026-27."
)

Three = tuple[ProjectFolder, str, str]


def in_force(project: ProjectFolder, **asked: object) -> Build:
    options = BuildOptions(as_of=AS_OF, **asked)  # type: ignore[arg-type]
    return build(load_with_history(Layout(project.root)), options)


def errors_of(done: Build) -> list[str]:
    return [str(d) for d in done.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_says_it_is_the_second_edition_and_matches_its_sources_byte_for_byte(
    three_editions: Three, tmp_path: Path, edition: str
) -> None:
    project, _, second = three_editions
    done = in_force(project, in_force_on=IN_THE_SECOND, edition=edition)
    assert errors_of(done) == []
    assert done.in_force is not None and done.in_force.banner == BANNER
    assert done.site is not None and done.as_of == IN_THE_SECOND
    # That edition's sources, checked out at its commit and built on their own (read as
    # the history reads them: leniently, today's checks of them kept apart).
    checkout = tmp_path / "checkout"
    export_sources(project.root, second, ("sop", "policy_data"), checkout)
    alone = load_project(Layout(checkout), lenient=True)
    alone.diagnostics = []
    # With the history that edition had: the editions before it (its section history and
    # its What's new page come from them).
    alone.history = tuple(
        e for e in load_with_history(Layout(project.root)).history if e.edition.id < "2025-26"
    )
    reference = build(alone, BuildOptions(as_of=IN_THE_SECOND, edition=edition))  # type: ignore[arg-type]
    assert reference.site is not None
    expected = {page.path: page.markdown for page in reference.site.pages}
    pages = {page.path: page.markdown for page in done.site.pages}
    assert sorted(pages) == sorted(expected)
    for path, markdown in pages.items():
        assert BANNER in markdown, path
        title = re.search(r"^# .*$", markdown, re.MULTILINE)
        assert title is not None, path
        below = markdown[title.end() :]
        assert below.startswith('\n\n<div class="sopkit-in-force"'), path
        assert without_in_force_banner(markdown, done.in_force) == expected[path], path
    # The second edition's title, not today's sources (which no longer have searches).
    searches = [p for p in pages if p.endswith("student-searches.md")]
    assert len(searches) == (1 if edition == "internal" else 0)


def test_the_second_editions_problems_under_todays_checks_are_notes(three_editions: Three) -> None:
    project, _, _ = three_editions
    done = in_force(project, in_force_on=IN_THE_SECOND)
    [note] = [d for d in done.diagnostics if d.code == "earlier-edition-problem"]
    assert note.severity is Severity.INFO
    assert note.message.startswith("in edition 2025-26, as in force: ")


def test_an_edition_named_by_its_id_is_as_in_force_from_its_first_day(
    three_editions: Three,
) -> None:
    project, _, _ = three_editions
    done = in_force(project, as_of_edition="2024-25")
    assert done.in_force is not None and done.as_of == dt.date(2024, 7, 1)
    assert done.in_force.banner == (
        "This is the manual as in force from 1 July 2024 to 30 June 2025 (edition "
        "2024-25); the current edition is 2026-27."
    )
    assert done.site is not None
    [interviews] = [p for p in done.site.pages if p.path.endswith("student-interviews.md")]
    assert '\n# 4.2 Interviewing students\n\n<div class="sopkit-in-force"' in interviews.markdown


def test_a_day_in_the_current_edition_says_it_is_the_current_one(three_editions: Three) -> None:
    project, _, _ = three_editions
    done = in_force(project, in_force_on=dt.date(2026, 7, 1))
    assert done.in_force is not None
    assert done.in_force.banner == (
        "This is the manual as in force on 1 July 2026 (edition 2026-27, the current edition)."
    )
    assert done.site is not None
    assert all(done.in_force.banner in page.markdown for page in done.site.pages)


def test_a_day_before_the_first_edition_and_its_hint(three_editions: Three) -> None:
    project, _, _ = three_editions
    done = in_force(project, in_force_on=dt.date(2020, 3, 1))
    assert errors_of(done) == [
        "sop/editions.yml:5:20: error: no edition was in force on 1 March 2020: the first "
        "edition, 2024-25, came into force on 1 July 2024\n"
        "  hint: choose a day on or after it: in_force_on: 2024-07-01"
    ]
    assert done.site is None
    fixed = in_force(project, in_force_on=dt.date(2024, 7, 1))
    assert errors_of(fixed) == []
    assert fixed.in_force is not None and fixed.in_force.edition.id == "2024-25"


def test_an_unknown_edition_and_its_hint(three_editions: Three) -> None:
    project, _, _ = three_editions
    done = in_force(project, as_of_edition="2023-24")
    assert errors_of(done) == [
        "sop/editions.yml:1:1: error: there is no edition '2023-24' to build: "
        "sop/editions.yml lists 2024-25, 2025-26, 2026-27\n"
        "  hint: name one of them: as_of_edition: 2026-27"
    ]
    fixed = in_force(project, as_of_edition="2026-27")
    assert errors_of(fixed) == []
    assert fixed.in_force is not None and fixed.in_force.edition.id == "2026-27"


def test_a_manual_without_editions_and_its_hint(project: ProjectFolder) -> None:
    done = in_force(project, as_of_edition="2026-27")
    assert errors_of(done) == [
        "sop/editions.yml:1:1: error: the site cannot be built as edition 2026-27: the "
        "manual lists no editions\n"
        "  hint: list the manual's published editions in sop/editions.yml, or build "
        "without in_force_on and as_of_edition"
    ]
    project.write(EDITIONS, editions_yml(("2026-27", None)))
    assert errors_of(in_force(project, as_of_edition="2026-27")) == []


def test_an_earlier_edition_this_clone_lacks_and_its_hint(three_editions: Three) -> None:
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    without = type(loaded)(loaded.project, [], loaded.history[:1])
    chosen = choose(without, day=IN_THE_SECOND)
    assert [str(d) for d in chosen.problems] == [
        "sop/editions.yml:11:13: error: edition 2025-26 cannot be built as in force: this "
        "clone does not hold its sources (the commit it was published from)"
        "\n"
        "  hint: build from a clone with the whole history: git fetch --unshallow (and give "
        "each earlier edition its commit:)"
    ]
    assert choose(loaded, day=IN_THE_SECOND).problems == ()


def test_sopkit_pdf_in_force_on_a_day_prints_the_banner_atop_each_pdf(
    three_editions: Three, tmp_path: Path
) -> None:
    project, _, _ = three_editions
    out = tmp_path / "pdfs"
    code, printed, _ = project.cli(
        "pdf", "--in-force-on", IN_THE_SECOND.isoformat(), "--no-sections", "--out", str(out)
    )
    assert code == 0, printed
    documents = sorted(out.rglob("*.pdf"))
    assert documents
    for document in documents:
        first = " ".join(page_text(PdfReader(document), 0).split())
        assert BANNER in first, document.name


def test_sopkit_pdf_refuses_a_day_before_the_first_edition(three_editions: Three) -> None:
    project, _, _ = three_editions
    code, printed, _ = project.cli("pdf", "--in-force-on", "2020-03-01")
    assert code == 2
    assert "no edition was in force on 1 March 2020" in printed


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_site_built_as_in_force_says_so_on_every_page(
    three_editions: Three, monkeypatch: pytest.MonkeyPatch, edition: str
) -> None:
    project, _, _ = three_editions
    monkeypatch.setenv("SOPKIT_IN_FORCE_ON", IN_THE_SECOND.isoformat())
    monkeypatch.setenv("SOPKIT_EDITION", edition)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    write_site(project.root)
    built = build_site(project.root)
    assert (built.error, built.warnings()) == ("", [])
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        if page.name == "404.html":
            continue
        assert BANNER in built.html(page.relative_to(built.site).as_posix()), page
    # The leak scanner over the whole site, with the markers of every edition's internal
    # content: the officers' site holds some (it must, or the scan proves nothing); the
    # public one none, neither the second edition's nor today's.
    loaded = load_with_history(Layout(project.root))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    scan = scan_folder(built.site, markers, hidden_pages(loaded.project))
    if edition == "public":
        assert [str(leak) for leak in scan.leaks] == []
    else:
        assert any("student-searches" in leak.path for leak in scan.leaks)


def in_force_banner(markdown: str) -> str:
    start = markdown.index('<div class="sopkit-in-force"')
    return markdown[start : markdown.index("</div>", start) + len("</div>")]


def test_the_banner_is_exact_on_each_kind_of_page(three_editions: Three) -> None:
    project, _, _ = three_editions
    found: dict[str, str] = {}
    for edition in ("internal", "public"):
        done = in_force(project, in_force_on=IN_THE_SECOND, edition=edition)
        assert done.site is not None
        pages = {page.path: page.markdown for page in done.site.pages}
        for kind, path in (
            ("manual", "sop/index.md"),
            ("section", "sop/student-interviews.md"),
            ("whats-new", "sop/whats-new-2025-26.md"),
        ):
            found[f"{edition}-{kind}"] = in_force_banner(pages[path])
    check_golden(GOLDEN, found)
