"""The PDFs, read back with pypdf: pages, outline, contents page numbers, text, tags,
links; the redline; the public edition; the cache; and pictures of the first pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser import missing_tool
from conftest import AS_OF, REPO, SHIPPED_EDITION, ProjectFolder
from pdfread import catalog, dictionary, links, outline, page_text, shipped_document_paths
from sitebuild import build_site, write_site
from sopkit import Layout, model
from sopkit.checks import check_loaded
from sopkit.pdf.documents import PrintDocument, PrintOptions, print_documents
from sopkit.pdf.writer import write_pdfs
from sopkit.sources.project import load_project
from sopkit.status.asof import generation_time
from sopkit.views import views_of

# Nearly every test here makes or reads PDFs.
pytestmark = pytest.mark.pdf

ARTIFACTS = REPO / "test-artifacts" / "pdf"
# The officers' edition's PDFs carry the edition in their names; the public ones do not.
OFFICERS = "-officers-edition"
MANUAL_PDF = f"pdf/sso-sop-manual-{SHIPPED_EDITION}{OFFICERS}.pdf"


@pytest.fixture(scope="module")
def shipped() -> model.Project:
    return check_loaded(load_project(Layout(REPO)), as_of=AS_OF).project


@pytest.fixture(scope="module")
def manual_pdf(shipped_site: Path) -> PdfReader:
    return PdfReader(shipped_site / MANUAL_PDF)


def test_the_manual_has_every_page_it_says_it_has(manual_pdf: PdfReader) -> None:
    pages = len(manual_pdf.pages)
    assert f"Page 1 of {pages}" in page_text(manual_pdf, 0)
    assert f"Page {pages} of {pages}" in page_text(manual_pdf, pages - 1)
    # The last bookmark (the authorities) starts on a page the document has.
    assert outline(manual_pdf)[-1][2] < pages


def test_the_outline_is_the_chapters_and_sections_in_order(
    manual_pdf: PdfReader, shipped: model.Project
) -> None:
    assert shipped.manual is not None
    expected: list[tuple[int, str]] = []
    for chapter in shipped.manual.chapters:
        expected.append((1, f"{chapter.number} {chapter.title}"))
        expected += [(2, f"{s.number} {s.title}") for s in chapter.sections]
    expected += [
        (1, "Appendix A. School Safety Resource Officers (SSOs/SROs)"),
        (1, "Appendix B. Authorities"),
    ]
    assert [(level, title) for level, title, _ in outline(manual_pdf)] == expected


def test_contents_page_numbers_are_where_the_sections_start(
    manual_pdf: PdfReader, shipped: model.Project
) -> None:
    contents = page_text(manual_pdf, 1) + "\n" + page_text(manual_pdf, 2)
    checked = 0
    for level, title, index in outline(manual_pdf):
        if level != 2:
            continue
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, f"{title} is not in the contents"
        assert int(match.group(1)) == index + 1, title
        assert title in page_text(manual_pdf, index)
        checked += 1
    assert shipped.manual is not None
    assert checked == len(shipped.manual.sections)


def test_a_clause_of_the_policy_is_extractable_text(manual_pdf: PdfReader) -> None:
    (appendix,) = [i for _, t, i in outline(manual_pdf) if t.startswith("Appendix A.")]
    text = " ".join(page_text(manual_pdf, i) for i in range(appendix, appendix + 4))
    assert re.search(r"An SSO is vested with law enforcement\s+jurisdiction and authority", text)


def test_the_pdf_is_tagged_with_its_language_and_title(manual_pdf: PdfReader) -> None:
    root = catalog(manual_pdf)
    assert "/StructTreeRoot" in root
    assert bool(dictionary(root["/MarkInfo"])["/Marked"]) is True
    assert str(root["/Lang"]) == "en"
    assert bool(dictionary(root["/ViewerPreferences"])["/DisplayDocTitle"]) is True
    assert manual_pdf.metadata is not None
    assert manual_pdf.metadata.title == (
        "School Safety Officer Standard Operating Procedures Manual"
    )
    xmp = manual_pdf.xmp_metadata
    assert xmp is not None and "pdfuaid" in xmp.rdf_root.toxml()


def test_contents_entries_jump_inside_and_statutes_link_out(manual_pdf: PdfReader) -> None:
    # The contents fill the two pages after the cover: one entry per bookmark, each a
    # link (title, leader and page number) to where that bookmark starts.
    contents = links(manual_pdf, 1) + links(manual_pdf, 2)
    assert all("/Dest" in link for link in contents)
    assert len({str(link["/Dest"]) for link in contents}) == len(outline(manual_pdf))
    outward = [
        str(dictionary(link["/A"])["/URI"])
        for index in range(len(manual_pdf.pages))
        for link in links(manual_pdf, index)
        if "/A" in link and str(dictionary(link["/A"])["/S"]) == "/URI"
    ]
    assert "https://law.justia.com/codes/kentucky/chapter-61/section-61-902/" in outward


def test_a_section_alone(shipped_site: Path) -> None:
    reader = PdfReader(shipped_site / f"pdf/sections/student-interviews{OFFICERS}.pdf")
    assert reader.metadata is not None and reader.metadata.title == "4.2 Interviewing students"
    assert [t for _, t, _ in outline(reader)] == ["4.2 Interviewing students"]
    text = page_text(reader, 0)
    assert "Last reviewed" in text and "Printed copies are uncontrolled" in text


def test_the_policy_and_its_versions(shipped_site: Path) -> None:
    current = PdfReader(shipped_site / f"pdf/policy/school-safety-officers{OFFICERS}.pdf")
    assert current.metadata is not None
    assert current.metadata.title == "School Safety Resource Officers (SSOs/SROs)"
    old = PdfReader(shipped_site / f"pdf/policy/school-safety-officers-v1{OFFICERS}.pdf")
    first = page_text(old, 0)
    assert "Not the current text" in first and "superseded by version 2" in first


def test_the_redline_shows_the_changed_clauses(shipped_site: Path) -> None:
    reader = PdfReader(
        shipped_site / f"pdf/policy/school-safety-officers-changes-v1-v2{OFFICERS}.pdf"
    )
    text = " ".join(page.extract_text() for page in reader.pages)
    assert [t for level, t, _ in outline(reader) if level == 2] == [
        "Purpose and Goal: Safer Schools and Safer Students, paragraph 6",
        "Roles and Expectations, item 1",
        "Roles and Expectations, item 3",
        "Roles and Expectations, item 4",
        "Roles and Expectations, item 5",
        "Roles and Expectations, item 6",
        "Nature of Employment",
        "Training Requirements, paragraph 1",
        "Data Reporting and Progress Monitoring, item 3",
        "Other references",
    ]
    flat = " ".join(text.split())
    assert "on a regular basis" in flat and "at least annually" in flat
    assert "Effective January 1, 2020" in flat


def test_pages_link_their_pdfs(shipped_site: Path) -> None:
    for page, pdf in [
        ("sop/index.html", f"../pdf/sso-sop-manual-{SHIPPED_EDITION}{OFFICERS}.pdf"),
        ("sop/students.html", f"../pdf/chapters/students{OFFICERS}.pdf"),
        ("sop/student-interviews.html", f"../pdf/sections/student-interviews{OFFICERS}.pdf"),
        (
            "policy/school-safety-officers/index.html",
            f"../../pdf/policy/school-safety-officers{OFFICERS}.pdf",
        ),
        (
            "policy/school-safety-officers/compare/v1-v2.html",
            f"../../../pdf/policy/school-safety-officers-changes-v1-v2{OFFICERS}.pdf",
        ),
    ]:
        html = (shipped_site / page).read_text(encoding="utf-8")
        # A paragraph of its own, or (on a section page) part of the line of facts.
        assert f'class="sopkit-pdf-link"><a href="{pdf}">' in html, page


def test_the_first_pages_as_pictures(shipped_site: Path) -> None:
    """Kept in test-artifacts/pdf for a person to look at."""
    if shutil.which("pdftoppm") is None:
        missing_tool("pdftoppm is not installed (make test installs Debian's poppler-utils)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("manual-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(shipped_site / MANUAL_PDF),
         str(ARTIFACTS / "manual")],
        check=True,
    )  # fmt: skip
    pictures = sorted(ARTIFACTS.glob("manual-*.png"))
    assert [p.name for p in pictures] == [f"manual-{n}.png" for n in ("01", "02", "03", "04")]
    assert all(p.stat().st_size > 5_000 for p in pictures)  # not blank pages


# Which edition, and of when: on the cover and on every page ---------------------------

OFFICERS_MARK = "Officers' edition — not for public release"
# The shipped site is built as of 1 December 2026 from sources dated midnight UTC that
# day, which is still 30 November in Louisville, where the manual is.
DATES = "Text as of 30 November 2026 · review status as of 1 December 2026"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_officers_manual_is_marked_on_its_cover_and_every_later_page(
    manual_pdf: PdfReader,
) -> None:
    cover = flat(page_text(manual_pdf, 0))
    assert f"Edition {SHIPPED_EDITION} {OFFICERS_MARK} {DATES}" in cover
    for index in (1, len(manual_pdf.pages) // 2, len(manual_pdf.pages) - 1):
        page = flat(page_text(manual_pdf, index))
        assert f"{OFFICERS_MARK} · Edition {SHIPPED_EDITION} {DATES}" in page, index
    assert "Generated" not in flat(page_text(manual_pdf, 3))


def test_every_officers_pdf_is_marked_and_named_for_its_edition(shipped_site: Path) -> None:
    made = sorted((shipped_site / "pdf").rglob("*.pdf"))
    assert made and all(p.stem.endswith(OFFICERS) for p in made)
    section = PdfReader(shipped_site / f"pdf/sections/student-interviews{OFFICERS}.pdf")
    assert f"{OFFICERS_MARK} · Edition {SHIPPED_EDITION} {DATES}" in flat(page_text(section, 0))
    policy = PdfReader(shipped_site / f"pdf/policy/school-safety-officers{OFFICERS}.pdf")
    assert f"{OFFICERS_MARK} · Version 2, in force {DATES}" in flat(
        page_text(policy, len(policy.pages) - 1)
    )


def test_the_public_pdfs_say_public_and_never_not_for_public_release(
    shipped_public_site: Path,
) -> None:
    reader = PdfReader(shipped_public_site / "pdf" / f"sso-sop-manual-{SHIPPED_EDITION}.pdf")
    assert f"Edition {SHIPPED_EDITION} Public edition {DATES}" in flat(page_text(reader, 0))
    later = flat(page_text(reader, len(reader.pages) - 1))
    assert f"Public edition · Edition {SHIPPED_EDITION} {DATES}" in later
    for pdf in sorted((shipped_public_site / "pdf").rglob("*.pdf")):
        assert not pdf.stem.endswith(OFFICERS), pdf
        for index, page in enumerate(PdfReader(pdf).pages):
            text = flat(page.extract_text())
            assert "not for public release" not in text, (pdf.name, index)
            assert "Public edition" in text, (pdf.name, index)


def test_a_starter_manual_names_its_own_edition(project: ProjectFolder) -> None:
    project.replace("sop/manual.yml", "policy: school-safety-officers\n",
                    "policy: school-safety-officers\ninternal_edition: staff edition\n")  # fmt: skip
    loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
    documents = print_documents(views_of(loaded, as_of=AS_OF), PrintOptions(as_of=AS_OF))
    assert documents[0].path == "pdf/test-manual-2026-27-staff-edition.pdf"
    assert "Staff edition — not for public release" in documents[0].html


# The public edition, and the core on its own -----------------------------------------


def test_the_public_edition_has_no_internal_section(
    shipped: model.Project, shipped_public_site: Path
) -> None:
    # The public site's own PDFs, as `make build` makes them.
    reader = PdfReader(shipped_public_site / "pdf" / f"sso-sop-manual-{SHIPPED_EDITION}.pdf")
    titles = [t for level, t, _ in outline(reader) if level == 2]
    assert shipped.manual is not None
    internal = [s for s in shipped.manual.sections if s.visibility == "internal"]
    assert internal and not {f"{s.number} {s.title}" for s in internal} & set(titles)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Internal notes" not in text
    assert "Public edition" in page_text(reader, 0)
    made = {p.name for p in (shipped_public_site / "pdf" / "sections").glob("*.pdf")}
    assert made == {
        Path(path).name
        for path in shipped_document_paths("public")
        if path.startswith("pdf/sections/")
    }
    assert not made & {f"{s.id}.pdf" for s in internal}


def test_only_changed_documents_are_made_again(project: ProjectFolder, tmp_path: Path) -> None:
    def documents() -> list[PrintDocument]:
        loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
        return print_documents(views_of(loaded, as_of=AS_OF), PrintOptions(as_of=AS_OF))

    first = write_pdfs(documents(), tmp_path)
    assert first.made == len(first.files) == 6
    assert write_pdfs(documents(), tmp_path).made == 0
    project.replace(
        "sop/04-students/searches.yml",
        "Searches follow the law.",
        "Searches follow the law and policy.",
    )
    again = write_pdfs(documents(), tmp_path)
    # The manual, the chapter and the section: nothing else mentions the words.
    assert again.made == 3
    assert {path for path in again.files if again.files[path] != first.files[path]} == {
        "pdf/test-manual-2026-27-internal-edition.pdf",
        "pdf/chapters/students-internal-edition.pdf",
        "pdf/sections/student-searches-internal-edition.pdf",
    }


_CACHED_WRITE = """
import json, sys
from pathlib import Path
from sopkit.pdf.documents import PrintDocument
from sopkit.pdf.writer import write_pdfs
listed = json.loads(Path(sys.argv[1]).read_text())
documents = [PrintDocument(**fields) for fields in listed]
written = write_pdfs(documents, Path(sys.argv[2]))
print(written.made, "weasyprint" in sys.modules, "pikepdf" in sys.modules)
"""


def test_a_build_whose_pdfs_are_all_kept_does_not_load_weasyprint(
    project: ProjectFolder, tmp_path: Path
) -> None:
    # Importing WeasyPrint takes about a second: a build that lays nothing out (an edit
    # of a page no PDF shows) must not pay for it, nor for the join's pikepdf.
    import dataclasses
    import json
    import subprocess
    import sys

    loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
    documents = print_documents(views_of(loaded, as_of=AS_OF), PrintOptions(as_of=AS_OF))
    assert write_pdfs(documents, tmp_path / "cache").made == len(documents)
    listed = tmp_path / "documents.json"
    listed.write_text(json.dumps([dataclasses.asdict(d) for d in documents]), encoding="utf-8")
    again = [sys.executable, "-c", _CACHED_WRITE, str(listed), str(tmp_path / "cache")]
    done = subprocess.run(again, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False", "False"]


def test_the_same_html_makes_the_same_pdf(project: ProjectFolder, tmp_path: Path) -> None:
    loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
    (section,) = [
        d
        for d in print_documents(views_of(loaded, as_of=AS_OF), PrintOptions(as_of=AS_OF))
        if d.kind == "section"
    ][:1]
    from sopkit.pdf.writer import render_pdf

    assert render_pdf(section.html) == render_pdf(section.html)


def test_generation_time_follows_source_date_epoch() -> None:
    assert generation_time(AS_OF, {}) == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert generation_time(AS_OF, {"SOURCE_DATE_EPOCH": "1764547200"}) == dt.datetime(
        2025, 12, 1, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH is 'soon'"):
        generation_time(AS_OF, {"SOURCE_DATE_EPOCH": "soon"})
    # Without it, the start of the as-of day where the manual is, not in London.
    louisville = generation_time(AS_OF, {}, time_zone="America/Kentucky/Louisville")
    assert louisville == dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC)


def test_a_fixture_site_with_pdfs_switched_on(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_PDF", "1")
    write_site(project.root)
    built = build_site(project.root)
    assert (built.error, built.warnings()) == ("", [])
    assert (built.site / "pdf/sections/student-interviews-internal-edition.pdf").exists()
    assert "Download this section as a PDF" in built.html("sop/student-interviews/index.html")
    assert any(re.search(r"; 6 PDFs \(\d+ made, \d+ unchanged\)", m) for _, m in built.logs)


def test_pdfs_off_leaves_no_links(project: ProjectFolder) -> None:
    write_site(project.root)
    built = build_site(project.root)
    assert not (built.site / "pdf").exists()
    assert "Download" not in built.html("sop/student-interviews/index.html")


def test_a_bad_switch_is_a_plain_error(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_PDF", "yes")
    write_site(project.root)
    assert build_site(project.root).errors() == [
        "sopkit: SOPKIT_PDF is 'yes'; use 1 (make PDFs) or 0 (do not)"
    ]


def test_pdfs_stay_out_of_mkdocs_serve_unless_asked() -> None:
    from sopkit.hosts.mkdocs_plugin.config import PdfConfig
    from sopkit.hosts.mkdocs_plugin.pdfs import pdfs_wanted

    options = PdfConfig()
    options.load_dict({})
    options.validate()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOPKIT_PDF", raising=False)
        assert pdfs_wanted(options, serving=False) is True
        assert pdfs_wanted(options, serving=True) is False
        options["on_serve"] = True
        assert pdfs_wanted(options, serving=True) is True


def test_sopkit_pdf_writes_the_documents(project: ProjectFolder, tmp_path: Path) -> None:
    code, out, err = project.cli("pdf", "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert re.fullmatch(
        rf"Wrote 6 PDFs to {re.escape(str(tmp_path / 'out'))} \(\d+ made, \d+ unchanged\) "
        r"in [0-9.]+ s\.\n",
        out,
    )
    assert (tmp_path / "out" / "test-manual-2026-27-internal-edition.pdf").exists()
    assert (tmp_path / "out" / "sections" / "student-searches-internal-edition.pdf").exists()
    code, out, _ = project.cli("pdf", "--out", str(tmp_path / "public"), "--edition", "public")
    assert not (tmp_path / "public" / "sections" / "student-searches.pdf").exists()


def test_the_redline_pdf_shows_footnote_numbers_not_markers(shipped_site: Path) -> None:
    reader = PdfReader(
        shipped_site / f"pdf/policy/school-safety-officers-changes-v1-v2{OFFICERS}.pdf"
    )
    text = "".join(page_text(reader, index) for index in range(len(reader.pages)))
    assert "FERPA" in text and "[^" not in text


def test_no_pdf_shows_a_raw_footnote_marker(shipped_site: Path, shipped_public_site: Path) -> None:
    for site in (shipped_site, shipped_public_site):
        for path in sorted((site / "pdf").rglob("*.pdf")):
            reader = PdfReader(path)
            text = "".join(page_text(reader, index) for index in range(len(reader.pages)))
            assert not re.search(r"\[\^\d+\]", text), path


def test_the_policy_pdf_prints_the_numbers_clauses_are_cited_by(shipped_site: Path) -> None:
    # Read back in order: each number before its words, never a bullet before "(1)".
    reader = PdfReader(shipped_site / f"pdf/policy/school-safety-officers{OFFICERS}.pdf")
    text = "\n".join(page_text(reader, index) for index in range(len(reader.pages)))
    flat = " ".join(text.split())
    for expected in (
        '(1) "School resource officer" or "SRO"',
        "(a) 1. A sworn law enforcement officer; or 2. A special law enforcement officer",
        "(b) Employed: 1. Through a contract between",
        "3. Directly by a local Board of Education.1",
        "¶ 2 Also critical to school safety",
        "5. An SSO is vested with law enforcement jurisdiction",
        "(1) Foundations of school-based law enforcement; (2) Threat assessment",
    ):
        assert expected in flat, expected
    assert "• (" not in flat
