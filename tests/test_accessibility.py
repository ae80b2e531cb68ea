"""WCAG 2.1 AA, proven in real Chromium with axe-core: one page of every type, in both
editions, at phone and desktop widths; the keyboard; and every PDF the build makes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser import axe_violations, screenshot, search, serve, stop
from conftest import ProjectFolder
from sitebuild import build_site, write_site

PAGE_TYPES = {
    "home": "index.html",
    "policy": "policy/school-safety-officers/index.html",
    "policy-version": "policy/school-safety-officers/v1.html",
    "policy-history": "policy/school-safety-officers/history.html",
    "comparison": "policy/school-safety-officers/compare/v1-v2.html",
    "sop-landing": "sop/index.html",
    "chapter": "sop/students.html",
    "section": "sop/student-interviews.html",
    "section-overdue": "sop/use-of-force.html",
    "glossary": "glossary.html",
    "authorities": "authorities.html",
    "review-dashboard": "reviews.html",
    "training": "training.html",
    "404": "404.html",
}
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def editions(shipped_site: Path, shipped_public_site: Path) -> Iterator[dict[str, str]]:
    """Each edition served on localhost: edition → base URL."""
    servers = {"internal": serve(shipped_site), "public": serve(shipped_public_site)}
    yield {edition: url for edition, (url, _) in servers.items()}
    for _, server in servers.values():
        stop(server)


def open_page(browser: object, width: str) -> object:
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[attr-defined]
    return context.new_page()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_type_has_no_wcag_violation(
    browser: object, editions: dict[str, str], edition: str, kind: str, width: str
) -> None:
    page = open_page(browser, width)
    try:
        page.goto(editions[edition] + PAGE_TYPES[kind])  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        screenshot(page, f"a11y-{edition}-{kind}-{WIDTHS[width]['width']}")
        assert axe_violations(page) == []
    finally:
        page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_search_results_have_no_wcag_violation(
    browser: object, editions: dict[str, str], edition: str
) -> None:
    page = open_page(browser, "desktop")
    try:
        page.goto(editions[edition] + "index.html")  # type: ignore[attr-defined]
        assert search(page, "KRS 158.441")
        screenshot(page, f"a11y-{edition}-search-1280")
        assert axe_violations(page) == []
    finally:
        page.context.close()  # type: ignore[attr-defined]


def test_a_violation_fails_the_check(browser: object, project: ProjectFolder) -> None:
    """The same check on a page with an image without alt text and faint text."""
    write_site(
        project.root,
        index=(
            "# Home\n\n"
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">\n\n'
            '<p style="color: #c8c8c8">Faint text that few can read.</p>\n'
        ),
    )
    built = build_site(project.root, strict=False)
    url, server = serve(built.site)
    page = open_page(browser, "desktop")
    try:
        page.goto(url + "index.html")  # type: ignore[attr-defined]
        found = axe_violations(page)
    finally:
        page.context.close()  # type: ignore[attr-defined]
        stop(server)
    assert [line.split(" ")[0] for line in found] == ["color-contrast", "image-alt"]


# The keyboard ------------------------------------------------------------------------


def focused(page: object) -> dict[str, object]:
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          const box = e.getBoundingClientRect();
          return {
            tag: e.tagName.toLowerCase(),
            text: (e.innerText || '').trim(),
            label: e.getAttribute('aria-label') || e.getAttribute('title') || '',
            classes: e.className || '',
            visible: box.width > 0 && box.height > 0,
            indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                       || style.boxShadow !== 'none',
          };
        }"""
    )


def test_the_keyboard_reaches_search_navigation_pdf_and_edit(
    browser: object, editions: dict[str, str]
) -> None:
    page = open_page(browser, "desktop")
    try:
        page.goto(editions["internal"] + "sop/use-of-force.html")  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        skip = focused(page)
        assert skip["text"] == "Skip to content" and skip["visible"] and skip["indicator"]
        screenshot(page, "keyboard-skip-link")
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        assert page.url.endswith("#52-use-of-force")  # type: ignore[attr-defined]

        page.goto(editions["internal"] + "sop/use-of-force.html")  # type: ignore[attr-defined]
        reached: dict[str, dict[str, object]] = {}
        for _ in range(150):
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
            element = focused(page)
            for name, found in (
                ("search", element["label"] == "Search" and element["tag"] == "input"),
                ("navigation", "md-nav__link" in str(element["classes"])
                 and element["text"] == "5.1 De-escalation"),
                ("pdf", element["text"] == "Download this section as a PDF"),
                ("edit", element["label"] == "Edit this page"),
            ):  # fmt: skip
                if found and name not in reached:
                    reached[name] = element
                    if name == "pdf":
                        screenshot(page, "keyboard-pdf-link")
        assert sorted(reached) == ["edit", "navigation", "pdf", "search"]
        for name, element in reached.items():
            assert element["visible"] and element["indicator"], name
    finally:
        page.context.close()  # type: ignore[attr-defined]


# PDFs ----------------------------------------------------------------------------------


def all_pdfs(*sites: Path) -> list[Path]:
    return sorted(pdf for site in sites for pdf in site.rglob("*.pdf"))


def test_every_pdf_is_tagged_titled_in_english_and_has_an_outline(
    shipped_site: Path, shipped_public_site: Path
) -> None:
    pdfs = all_pdfs(shipped_site, shipped_public_site)
    assert len(pdfs) == 105
    for path in pdfs:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, path
        assert root["/MarkInfo"]["/Marked"], path
        assert root["/Lang"] == "en", path
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], path
        assert reader.metadata is not None and reader.metadata.title, path
        assert reader.outline, path
