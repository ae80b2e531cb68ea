"""The Board-ready PDF of each What's new page, read back: its title, the edition's
mark, the shipped 2026-27's changes, and no internal section in the public edition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import AS_OF, REPO, ProjectFolder
from golden import check_golden
from pdfread import outline, page_text
from sopkit.editions.leaks import restricted_markers, scan_folder
from sopkit.editions.select import Edition, hidden_pages
from sopkit.pdf.writer import write_pdfs
from sopkit.pipeline import BuildOptions, build, print_documents_of
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from sopkit.status.asof import generation_time
from test_edition_history import three_editions  # noqa: F401 (a fixture)

pytestmark = pytest.mark.pdf

TITLE = "What’s new in edition 2026-27"
GOLDEN = Path(__file__).parent / "golden" / "history" / "whats-new-pdf.txt"


def whats_new_pdfs(root: Path, edition: Edition, cache: Path) -> dict[str, PdfReader]:
    done = build(
        load_with_history(Layout(root)), BuildOptions(as_of=AS_OF, edition=edition, render=False)
    )
    assert done.ok, [str(d) for d in done.diagnostics]
    documents = [
        d
        for d in print_documents_of(done, generated=generation_time(AS_OF))
        if d.kind == "whats-new"
    ]
    written = write_pdfs(documents, cache)
    return {path: PdfReader(file) for path, file in written.files.items()}


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_shipped_2026_27_for_the_board(tmp_path: Path) -> None:
    internal = whats_new_pdfs(REPO, "internal", tmp_path / "internal")
    public = whats_new_pdfs(REPO, "public", tmp_path / "public")
    assert list(internal) == ["pdf/whats-new-2026-27-officers-edition.pdf"]
    assert list(public) == ["pdf/whats-new-2026-27.pdf"]
    officers, published = internal.popitem()[1], public.popitem()[1]
    for reader in (officers, published):
        assert reader.metadata is not None and reader.metadata.title == TITLE
        text = text_of(reader)
        assert "Approved 15 June 2026 by Chief of School Safety (sample)" in text
        assert "Added 4.6 Notifying parents and guardians" in text
        assert "Removed 7.4 Form of documentation" in text
        assert (
            "Policy clauses whose procedures changed" in text
            and "Data Reporting and Progress Monitoring, item 1: 7.3 Incident reports, their "
            "forms and corrections; 7.4 Form of documentation (removed)"
            in text
        )
    # Both PDFs side by side: the leak scan finds the officers' one only.
    scanned = tmp_path / "scanned"
    scanned.mkdir()
    for made in (tmp_path / "internal", tmp_path / "public"):
        for pdf in made.rglob("*.pdf"):
            shutil.copy(pdf, scanned / ("public.pdf" if made.name == "public" else "internal.pdf"))
    loaded = load_with_history(Layout(REPO))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    scan = scan_folder(scanned, markers, hidden_pages(loaded.project))
    assert scan.files == 2 and {leak.path for leak in scan.leaks} == {"internal.pdf"}
    officers_text, public_text = text_of(officers), text_of(published)
    assert "Officers' edition — not for public release" in officers_text
    assert "Public edition" in public_text and "not for public release" not in public_text
    # 6.3 is internal: it moved in 2026-27, and only the officers' PDF names it.
    assert "Uniforms, vehicles and radio communications" in officers_text
    assert "Uniforms" not in public_text
    assert [title for level, title, _ in outline(published) if level == 2][-1] == (
        "Policy clauses whose procedures changed"
    )


def test_the_public_pdf_names_no_internal_section(
    three_editions: tuple[ProjectFolder, str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project, _, _ = three_editions
    officers = whats_new_pdfs(project.root, "internal", tmp_path / "internal")
    public = whats_new_pdfs(project.root, "public", tmp_path / "public")
    assert sorted(officers) == [
        "pdf/whats-new-2025-26-internal-edition.pdf",
        "pdf/whats-new-2026-27-internal-edition.pdf",
    ]
    assert sorted(public) == ["pdf/whats-new-2025-26.pdf", "pdf/whats-new-2026-27.pdf"]
    assert "4.3 Searches" in text_of(officers["pdf/whats-new-2026-27-internal-edition.pdf"])
    for reader in public.values():
        assert "Searches" not in text_of(reader)
    # Both, exact: each page's text as it reads back, with the three editions' added,
    # removed (merged), renumbered, moved and changed sections.
    check_golden(
        GOLDEN,
        {
            f"{edition}-{path.removeprefix('pdf/')}": pages_text(reader)
            for edition, made in (("internal", officers), ("public", public))
            for path, reader in sorted(made.items())
        },
    )


def pages_text(reader: PdfReader) -> str:
    """Each page's text, its lines with their spacing made single, pages apart."""
    return "\n--- page break ---\n".join(
        "\n".join(" ".join(line.split()) for line in page_text(reader, i).splitlines())
        for i in range(len(reader.pages))
    )


def test_the_what_s_new_page_links_its_pdf() -> None:
    for edition, name in [
        ("internal", "whats-new-2026-27-officers-edition.pdf"),
        ("public", "whats-new-2026-27.pdf"),
    ]:
        done = build(
            load_with_history(Layout(REPO)),
            BuildOptions(as_of=AS_OF, edition=edition, pdf=True),  # type: ignore[arg-type]
        )
        assert done.site is not None
        page = next(p for p in done.site.pages if p.path == "sop/whats-new-2026-27.md")
        assert (
            '<p class="sopkit-pdf-link" data-search-exclude markdown>'
            f"[Download these changes as a PDF, for the Board](../pdf/{name})</p>"
        ) in page.markdown
