"""WCAG 2.1 AA, proven in real Chromium with axe-core: one page of every type, in both
editions, at phone and desktop widths; the keyboard; and every PDF the build makes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from browser import axe_violations, screenshot, search, serve, stop
from conftest import ProjectFolder
from pdfread import catalog, dictionary, outline, shipped_document_paths
from sitebuild import build_site, write_site
from sopkit.editions.select import Edition
from test_edition_history import three_editions  # noqa: F401 (a fixture)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

PAGE_TYPES = {
    "home": "index.html",
    "policy-index": "policy/index.html",
    "policy": "policy/school-safety-officers/index.html",
    "policy-version": "policy/school-safety-officers/v1.html",
    "policy-history": "policy/school-safety-officers/history.html",
    "comparison": "policy/school-safety-officers/compare/v1-v2.html",
    "sop-landing": "sop/index.html",
    "chapter": "sop/students.html",
    # In the public edition, with the line that stands for the sections it withholds.
    "chapter-with-withheld": "sop/emergencies.html",
    "section": "sop/student-interviews.html",
    "section-overdue": "sop/use-of-force.html",
    "glossary": "glossary.html",
    "authorities": "authorities.html",
    "review-dashboard": "reviews.html",
    "training": "training.html",
    "whats-new": "sop/whats-new-2026-27.html",
    "404": "404.html",
}
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.fixture(scope="module")
def editions(shipped_site: Path, shipped_public_site: Path) -> Iterator[dict[str, str]]:
    """Each edition served on localhost: edition → base URL."""
    servers = {"internal": serve(shipped_site), "public": serve(shipped_public_site)}
    yield {edition: url for edition, (url, _) in servers.items()}
    for _, server in servers.values():
        stop(server)


def open_page(browser: Browser, width: str) -> Page:
    context = browser.new_context(viewport=WIDTHS[width])
    return context.new_page()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_type_has_no_wcag_violation(
    browser: Browser, editions: dict[str, str], edition: str, kind: str
) -> None:
    """At each width in turn, on one loaded page (the layout follows the viewport)."""
    page = open_page(browser, "phone")
    found: dict[str, list[str]] = {}
    try:
        page.goto(editions[edition] + PAGE_TYPES[kind])  # waits for the load event
        page.evaluate("document.fonts.ready.then(() => true)")
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(100)
            screenshot(page, f"a11y-{edition}-{kind}-{size['width']}")
            found[width] = axe_violations(page)
    finally:
        page.context.close()
    assert found == {width: [] for width in WIDTHS}


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_search_results_have_no_wcag_violation(
    browser: Browser, editions: dict[str, str], edition: str
) -> None:
    page = open_page(browser, "desktop")
    try:
        page.goto(editions[edition] + "index.html")
        assert search(page, "KRS 158.441")
        screenshot(page, f"a11y-{edition}-search-1280")
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_a_violation_fails_the_check(browser: Browser, project: ProjectFolder) -> None:
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
        page.goto(url + "index.html")
        found = axe_violations(page)
    finally:
        page.context.close()
        stop(server)
    assert [line.split(" ")[0] for line in found] == ["color-contrast", "image-alt"]


# The keyboard ------------------------------------------------------------------------


def focused(page: Page) -> dict[str, object]:
    element: dict[str, object] = page.evaluate(
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
    return element


def test_the_keyboard_reaches_search_navigation_the_facts_and_the_pdf(
    browser: Browser, editions: dict[str, str]
) -> None:
    page = open_page(browser, "desktop")
    try:
        page.goto(editions["internal"] + "sop/use-of-force.html")
        page.keyboard.press("Tab")
        skip = focused(page)
        assert skip["text"] == "Skip to content" and skip["visible"] and skip["indicator"]
        screenshot(page, "keyboard-skip-link")
        page.keyboard.press("Enter")
        # The jump is a same-page navigation: wait for it (under load it is not instant).
        page.wait_for_url("**/sop/use-of-force.html#52-use-of-force", timeout=5_000)

        page.goto(editions["internal"] + "sop/use-of-force.html")
        reached: dict[str, dict[str, object]] = {}
        for _ in range(150):
            page.keyboard.press("Tab")
            element = focused(page)
            for name, found in (
                ("search", element["label"] == "Search" and element["tag"] == "input"),
                ("navigation", "md-nav__link" in str(element["classes"])
                 and element["text"] == "5.1 De-escalation"),
                ("pdf", element["text"] == "Download this section as a PDF"),
                ("facts", element["tag"] == "summary" and element["text"] == "About this section"),
            ):  # fmt: skip
                if found and name not in reached:
                    reached[name] = element
                    if name == "pdf":
                        screenshot(page, "keyboard-pdf-link")
                    if name == "facts":  # the collapsed box opens from the keyboard
                        page.keyboard.press("Enter")
                        assert page.eval_on_selector("details.sopkit-facts", "d => d.open")
                        screenshot(page, "keyboard-section-facts-open")
        assert sorted(reached) == ["facts", "navigation", "pdf", "search"]
        for name, element in reached.items():
            assert element["visible"] and element["indicator"], name
        # The shipped edit_url is a placeholder (git.example): no edit link, not a dead one.
        assert page.locator('a[title="Edit this page"]').count() == 0
    finally:
        page.context.close()


POLICY = "policy/school-safety-officers/index.html"
ITEM_5 = (
    "Jefferson County Public Schools Board Policy “School Safety Resource Officers "
    "(SSOs/SROs)”, Roles and Expectations, item 5 (version 2)"
)


def test_the_keyboard_copies_a_clause_s_citation(
    browser: Browser, editions: dict[str, str]
) -> None:
    # Tab reaches each clause's permanent link and then its "copy citation" button,
    # both visible when focused; Enter copies the citation with the clause's address,
    # and a polite live region says so.
    context = browser.new_context(
        viewport=WIDTHS["desktop"], permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        page.goto(editions["internal"] + POLICY)
        wanted = "Copy citation of Roles and Expectations, item 5"
        element: dict[str, object] = {}
        for _ in range(400):
            page.keyboard.press("Tab")
            element = focused(page)
            if element["label"] == wanted:
                break
        assert element["label"] == wanted, "Tab never reached the copy citation button"
        assert element["tag"] == "button" and element["visible"] and element["indicator"]
        # Shown when focused (it fades in, as a heading's permanent link does).
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        screenshot(page, "keyboard-copy-citation-1280")
        page.keyboard.press("Enter")
        status = page.locator("#sopkit-cite-status")
        status.wait_for(state="attached")
        page.wait_for_function(
            "() => document.getElementById('sopkit-cite-status').textContent !== ''"
        )
        assert status.get_attribute("role") == "status"
        assert status.get_attribute("aria-live") == "polite"
        assert status.text_content() == "Citation copied"
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{ITEM_5} — {editions['internal']}{POLICY}#roles-jurisdiction"
    finally:
        context.close()


def test_without_the_clipboard_api_the_citation_is_copied_through_a_selection(
    browser: Browser, editions: dict[str, str]
) -> None:
    # A page opened from disk may have no Clipboard API: the citation is then copied
    # from a selected text field.
    context = browser.new_context(viewport=WIDTHS["phone"])
    context.add_init_script(
        """
        Object.defineProperty(navigator, 'clipboard', {value: undefined});
        window.copiedText = null;
        document.execCommand = (command) => {
          window.copiedText = command === 'copy' ? document.activeElement.value : null;
          return true;
        };
        """
    )
    page = context.new_page()
    try:
        page.goto(editions["public"] + POLICY)
        page.click('button[aria-label="Copy citation of Roles and Expectations, item 5"]')
        page.wait_for_function(
            "() => document.getElementById('sopkit-cite-status').textContent !== ''"
        )
        assert page.locator("#sopkit-cite-status").text_content() == "Citation copied"
        copied = page.evaluate("window.copiedText")
        assert copied == f"{ITEM_5} — {editions['public']}{POLICY}#roles-jurisdiction"
    finally:
        context.close()


def test_without_scripts_there_is_no_copy_button_but_the_permanent_links_work(
    browser: Browser, editions: dict[str, str]
) -> None:
    context = browser.new_context(viewport=WIDTHS["desktop"], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(editions["internal"] + POLICY)
        assert page.locator(".sopkit-cite-button").count() == 0
        links = page.locator("a.sopkit-clause-link")
        assert links.count() == 26
        page.goto(editions["internal"] + POLICY + "#roles-jurisdiction")
        link = page.locator('#roles-jurisdiction a.sopkit-clause-link[href="#roles-jurisdiction"]')
        assert (
            link.get_attribute("aria-label") == "Permanent link to Roles and Expectations, item 5"
        )
    finally:
        context.close()


# PDFs ----------------------------------------------------------------------------------


def test_every_pdf_is_tagged_titled_in_english_and_has_an_outline(
    shipped_site: Path, shipped_public_site: Path
) -> None:
    sites: dict[Edition, Path] = {"internal": shipped_site, "public": shipped_public_site}
    for edition, site in sites.items():
        made = sorted(pdf.relative_to(site).as_posix() for pdf in site.rglob("*.pdf"))
        assert made == sorted(shipped_document_paths(edition)), edition
        for path in made:
            reader = PdfReader(site / path)
            root = catalog(reader)
            where = f"{edition}: {path}"
            assert "/StructTreeRoot" in root, where
            assert bool(dictionary(root["/MarkInfo"])["/Marked"]), where
            assert str(root["/Lang"]) == "en", where
            assert bool(dictionary(root["/ViewerPreferences"])["/DisplayDocTitle"]), where
            assert reader.metadata is not None and reader.metadata.title, where
            assert outline(reader), where


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_manual_as_in_force_on_a_day_has_no_wcag_violation(
    browser: Browser,
    three_editions: tuple[ProjectFolder, str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    edition: str,
) -> None:
    """A point-in-time site (its banner on every page), with a section's history and a
    What's new page of that day's edition, at both widths."""
    project, _, _ = three_editions
    monkeypatch.setenv("SOPKIT_IN_FORCE_ON", "2026-05-04")
    monkeypatch.setenv("SOPKIT_EDITION", edition)
    write_site(project.root)
    built = build_site(project.root)
    assert built.error == ""
    url, server = serve(built.site)
    page = open_page(browser, "phone")
    found: dict[str, list[str]] = {}
    try:
        for kind, path in (
            ("section", "sop/student-interviews/index.html"),
            ("whats-new", "sop/whats-new-2025-26/index.html"),
        ):
            page.goto(url + path)
            assert "as in force on 4 May 2026" in page.inner_text("main")
            for width, size in WIDTHS.items():
                page.set_viewport_size(size)
                page.wait_for_timeout(100)
                screenshot(page, f"a11y-in-force-{edition}-{kind}-{size['width']}")
                found[f"{kind} {width}"] = axe_violations(page)
    finally:
        page.context.close()
        stop(server)
    assert found == {key: [] for key in found} and len(found) == 4
