"""The shipped content in both editions: the public build holds nothing internal, and two
builds of the same sources on different days, in different folders, are identical."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from browser import missing_tool
from conftest import AS_OF, REPO, SHIPPED_EDITION, build_shipped
from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.editions.leaks import Marker, restricted_markers, scan_folder, scan_project_site
from sopkit.model import Project
from sopkit.sources.project import load_project

SOURCES = ("mkdocs.yml", "docs", "sop", "policy_data", "src")
"""What a build reads (src: the API reference page documents the package)."""


@pytest.fixture(scope="module")
def shipped() -> Project:
    return check_loaded(load_project(Layout(REPO)), as_of=AS_OF).project


@pytest.fixture(scope="module")
def markers(shipped: Project) -> list[Marker]:
    return restricted_markers(shipped)


def test_the_public_edition_holds_nothing_internal(
    shipped_public_site: Path, markers: list[Marker], shipped: Project
) -> None:
    # Every internal section is looked for by its id and by its title.
    assert shipped.manual is not None
    internal = [s for s in shipped.manual.sections if s.visibility == "internal"]
    what = {marker.what for marker in markers}
    for section in internal:
        label = f"the internal section {section.number} {section.title}"
        assert {f"the id of {label}", f"the title of {label}"} <= what, label
    # Text and addresses both: no page, index entry, sitemap line or PDF link leads to an
    # internal page.
    result = scan_project_site(shipped, shipped_public_site)
    assert result.leaks == ()
    # Every file of the site is read (the one archive, sitemap.xml.gz, holds one file).
    assert result.files == sum(1 for p in shipped_public_site.rglob("*") if p.is_file())
    assert (shipped_public_site / "pdf" / f"sso-sop-manual-{SHIPPED_EDITION}.pdf").exists()


def test_the_officers_edition_holds_what_the_public_one_leaves_out(
    shipped_site: Path, shipped: Project
) -> None:
    found = {leak.marker.what for leak in scan_project_site(shipped, shipped_site).leaks}
    assert "the id of the internal section 5.4 Reporting and review of force" in found
    assert "a link to the internal section 5.4 Reporting and review of force" in found
    assert "the title of the internal section 5.4 Reporting and review of force" in found


def test_the_scanner_reads_pdfs_alike_with_pdftotext_and_without_it(
    shipped_site: Path, markers: list[Marker], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scanner reads PDF pages with poppler's pdftotext where the machine has it (it is
    much faster) and with pypdf where it does not: on the officers' PDF of chapter 5,
    which holds the internal section 5.4, both find the same restricted things."""
    if shutil.which("pdftotext") is None:
        missing_tool("pdftotext (poppler-utils) is not installed (make test installs it)")
    folder = tmp_path / "pdf"
    folder.mkdir()
    shutil.copy(shipped_site / "pdf" / "chapters" / "force-officers-edition.pdf", folder)
    found: dict[str, set[str]] = {}
    for reader in ("pdftotext", "pypdf"):
        with monkeypatch.context() as patch:
            if reader == "pypdf":
                patch.setattr("sopkit.editions.leaks.shutil.which", lambda _name: None)
            found[reader] = {leak.marker.what for leak in scan_folder(folder, markers).leaks}
    assert found["pdftotext"] == found["pypdf"]
    assert "the title of the internal section 5.4 Reporting and review of force" in found["pypdf"]


def copy_sources(into: Path) -> Path:
    into.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, into / name)
    return into


def test_two_builds_on_different_days_in_different_folders_are_identical(
    shipped_site: Path, pdf_cache: Path, tmp_path: Path
) -> None:
    """The run's own build of the shipped site (today, in this machine's zone, in one
    folder) and another one, years later, on the other side of the world, in another
    folder: the same files, byte for byte. The PDFs come from the run's cache, which is
    named by each document's print HTML, so print HTML that differed would make PDFs that
    differ; that the same HTML makes the same PDF on any day is the test below."""
    root = copy_sources(tmp_path / "elsewhere")
    with time_machine.travel(
        dt.datetime(2028, 7, 19, 4, 0, tzinfo=ZoneInfo("Pacific/Kiritimati")), tick=False
    ):
        again = build_shipped(root / "site", "internal", pdf_cache)
    files = sorted(
        p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("*") if p.is_file()
    )
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert f"pdf/sso-sop-manual-{SHIPPED_EDITION}-officers-edition.pdf" in files
    different = [f for f in files if (shipped_site / f).read_bytes() != (again / f).read_bytes()]
    assert different == []


@pytest.mark.pdf
def test_the_same_print_html_makes_the_same_pdf_on_any_day_in_any_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sopkit.pdf.writer import render_pdf
    from sopkit.pipeline import BuildOptions, build, print_documents_of

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    done = build(load_project(Layout(REPO)), BuildOptions(as_of=AS_OF))
    generated = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    (section,) = [d for d in print_documents_of(done, generated=generated) if d.kind == "section"][
        :1
    ]
    made = []
    for when, zone in (
        (dt.datetime(2027, 3, 5, 23, 30), "Pacific/Kiritimati"),
        (dt.datetime(2028, 7, 19, 4, 0), "America/Kentucky/Louisville"),
    ):
        with time_machine.travel(when.replace(tzinfo=ZoneInfo(zone)), tick=False):
            made.append(render_pdf(section.html))
    assert made[0] == made[1]


# -- what the public edition says of what it leaves out -----------------------------------


def public_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Each text file of a built site (tags removed, entities undone), and the text of
    the manual's and the chapters' PDFs: what a reader of the public edition reads."""
    from pypdf import PdfReader

    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".json", ".ics", ".xml") and not name.startswith("assets/"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        elif path.suffix == ".pdf" and "/sections/" not in name and "/policy/" not in name:
            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            continue
        yield name, " ".join(text.split())


def test_the_public_edition_says_which_sections_it_leaves_out_and_why(
    shipped_public_site: Path, shipped: Project
) -> None:
    assert shipped.manual is not None
    withheld = [s for s in shipped.manual.sections if s.visibility == "internal"]
    assert [(s.number, s.withheld_reason) for s in withheld] == [
        ("5.4", "personnel and supervisory review procedures"),
        ("6.2", "security of weapons in school buildings"),
        ("6.3", "security of police radio communications"),
        ("8.2", "tactical procedures"),
        ("8.3", "tactical procedures"),
    ]
    texts = dict(public_texts(shipped_public_site))
    line = "Sections 8.2 and 8.3 are not published: tactical procedures"
    # In chapter 8's place on its page, in its PDF, and on the manual's landing page.
    assert line in texts["sop/emergencies.html"]
    assert line in texts["pdf/chapters/emergencies.pdf"]
    assert f"{line}." in texts["sop/index.html"]
    assert f"{line}." in texts[f"pdf/sso-sop-manual-{SHIPPED_EDITION}.pdf"]
    landing = texts["sop/index.html"]
    listed = landing[landing.index("What this edition leaves out") :]
    for section in withheld:
        assert f"{section.number} {section.withheld_reason}" in listed
    # A withheld section is named by its number and reason only: never its title.
    for name, text in texts.items():
        for section in withheld:
            assert section.title.lower() not in text.lower(), (name, section.title)
    # No public text names a withheld section by number without saying it is not there.
    numbers = "|".join(re.escape(s.number) for s in withheld)
    bare = re.compile(rf"\b[Ss]ections? ({numbers})\b(?! \(not published\)| and | is not| are not)")
    found = [(name, m.group(0)) for name, text in texts.items() for m in bare.finditer(text)]
    assert found == []
    # The leak scan still passes, with the reasons in every page that lists them.
    assert scan_project_site(shipped, shipped_public_site).leaks == ()
