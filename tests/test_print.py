"""Printing a page from the browser: links that say where they go, the imprint (edition,
address, dates) on every sheet, and nothing of the screen's furniture on paper."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser import ARTIFACTS, serve, stop
from conftest import AS_OF, OUTSIDE_SETTINGS, ProjectFolder
from sitebuild import Built, build_site, write_site
from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.render.imprint import imprint_of
from sopkit.sources.project import load_project
from sopkit.views import views_of
from sopkit.web.printing import LinkCite, link_cites, with_link_cites

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# The sources are of 29 November 2026, 16:00 in Louisville; the build is as of 1 December.
SOURCES = dt.datetime(2026, 11, 29, 21, 0, tzinfo=dt.UTC)
DATES = "Text as of 29 November 2026 · review status as of 1 December 2026"
OFFICERS = "Internal edition — not for public release"
HOME = """\
# Home

Read [how to interview a student](sop/student-interviews.md), its
[steps](sop/student-interviews.md#procedure), [4.3 Searches](sop/student-searches.md),
[the officers' role](policy/school-safety-officers/index.md#roles-jurisdiction) and
[the law](https://example.org/law).
"""


# The wording, once for every output -----------------------------------------------------


def test_the_dates_say_what_each_one_is() -> None:
    def dates(text_day: dt.datetime, review_day: dt.date | None) -> str:
        return imprint_of("internal", None, generated=text_day, review_day=review_day).dates

    assert dates(SOURCES, AS_OF) == DATES
    # One day, one date.
    assert dates(dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC), AS_OF) == (
        "Text and review status as of 1 December 2026"
    )
    # A build that shows no review status says nothing of it.
    assert dates(SOURCES, None) == "Text as of 29 November 2026"


def test_the_edition_is_named_as_the_manual_names_it() -> None:
    internal = imprint_of("internal", None, generated=SOURCES, review_day=None)
    public = imprint_of("public", None, generated=SOURCES, review_day=None)
    assert (internal.label, public.label) == (OFFICERS, "Public edition")


def test_a_link_prints_the_number_it_does_not_already_show() -> None:
    section = LinkCite("section 4.2", "4.2")
    assert section.after("how to interview a student") == "section 4.2"
    assert section.after("4.2 Interviewing students") is None
    assert section.after("Section 4.2") is None
    assert section.after("4.21 Something else") == "section 4.2"
    clause = LinkCite("the board policy, Roles, item 5", None, "Roles, item 5", "the board policy")
    assert clause.after("the officers' role") == "the board policy, Roles, item 5"
    assert clause.after("Roles, item 5") == "the board policy"
    numbered = LinkCite("Policy 09.14, Purpose", "09.14", "Purpose", "Policy 09.14")
    assert numbered.after("Purpose") == "Policy 09.14"
    assert numbered.after("09.14: Purpose") is None


def test_links_are_marked_with_their_citation() -> None:
    cites = {"4-2": LinkCite("section 4.2", "4.2")}
    html = (
        '<p><a href="4-2" title="x">the <em>interview</em></a>, '
        '<a href="4-2">4.2 Interviews</a>, <a href="other">other</a>, <a name="n">n</a></p>'
    )
    assert with_link_cites(html, cites.get) == (
        '<p><a href="4-2" title="x" data-sopkit-cite="section 4.2">the <em>interview</em></a>, '
        '<a href="4-2">4.2 Interviews</a>, <a href="other">other</a>, <a name="n">n</a></p>'
    )


def test_every_section_chapter_and_clause_has_its_citation(project: ProjectFolder) -> None:
    loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
    cites = link_cites(views_of(loaded, as_of=AS_OF))
    assert cites["sop/student-interviews.md"] == LinkCite("section 4.2", "4.2")
    assert cites["sop/students.md"] == LinkCite("chapter 4", "4")
    # The policy has no number of its own: the manual's policy is "the board policy".
    assert cites["policy/school-safety-officers/index.md"] == LinkCite(
        "the board policy", None, "the board policy"
    )
    assert cites["policy/school-safety-officers/index.md#roles-jurisdiction"] == LinkCite(
        "the board policy, Roles, paragraph 1", None, "Roles, paragraph 1", "the board policy"
    )


# The built pages ----------------------------------------------------------------------------


def build_fixture_site(root: Path, edition: str, index: str = HOME) -> Built:
    write_site(root, index=index)
    with pytest.MonkeyPatch.context() as patch:
        for name in OUTSIDE_SETTINGS:
            patch.delenv(name, raising=False)
        patch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
        patch.setenv("SOURCE_DATE_EPOCH", str(int(SOURCES.timestamp())))
        patch.setenv("SOPKIT_EDITION", edition)
        patch.setenv("SOPKIT_PDF", "0")
        patch.chdir(root)
        built = build_site(root, site_dir=root / f"site-{edition}")
    assert (built.error, built.warnings()) == ("", [])
    return built


@pytest.fixture(scope="module")
def officers_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("print-site")
    ProjectFolder(root)
    return build_fixture_site(root, "internal")


def test_a_page_links_say_on_paper_where_they_go(officers_site: Built) -> None:
    html = officers_site.html("index.html")
    assert (
        '<a href="sop/student-interviews/" data-sopkit-cite="section 4.2">'
        "how to interview a student</a>"
    ) in html
    assert 'href="sop/student-interviews/#procedure" data-sopkit-cite="section 4.2">' in html
    assert '<a href="sop/student-searches/">4.3 Searches</a>' in html
    assert (
        'href="policy/school-safety-officers/#roles-jurisdiction" '
        'data-sopkit-cite="the board policy, Roles, paragraph 1">'
    ) in html
    assert '<a href="https://example.org/law">the law</a>' in html


def test_every_page_ends_with_its_imprint(officers_site: Built) -> None:
    html = officers_site.html("sop/student-interviews/index.html")
    assert (
        '<div class="sopkit-imprint" data-search-exclude>\n'
        f'<p class="sopkit-imprint__dates">{DATES}</p>\n'
        '<p class="sopkit-print-stamp" data-sopkit-address="path">Printed from '
        '<span class="sopkit-print-stamp__address">sop/student-interviews/</span> · '
        f'<span class="sopkit-print-stamp__text">{OFFICERS} · {DATES}</span></p>\n'
        "</div>"
    ) in html
    assert "sopkit-print.js" in html


def test_the_public_pages_say_public_and_never_not_for_public_release(
    tmp_path: Path,
) -> None:
    ProjectFolder(tmp_path)
    # (4.3 is internal: the public home page links only to 4.2.)
    public = build_fixture_site(tmp_path, "public", "# Home\n\n[4.2](sop/student-interviews.md)\n")
    for page in sorted(public.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "not for public release" not in html, page
    html = public.html("index.html")
    assert f'<span class="sopkit-print-stamp__text">Public edition · {DATES}</span>' in html


# In Chromium, printed ---------------------------------------------------------------------


@pytest.fixture
def printed(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def displayed(page: Page, selector: str) -> bool:
    return bool(page.eval_on_selector(selector, "el => getComputedStyle(el).display !== 'none'"))


@pytest.mark.browser
def test_a_printed_section_page_has_the_content_the_stamp_and_no_screen_furniture(
    printed: Page, shipped_site: Path
) -> None:
    base, server = serve(shipped_site)
    try:
        printed.goto(base + "sop/student-interviews.html")
        for hidden in (".sopkit-pdf-link", ".md-header", ".md-sidebar--primary"):
            assert not displayed(printed, hidden), hidden
        # Paper keeps the one line that says the page is sample content.
        assert displayed(printed, ".sopkit-sample")
        assert displayed(printed, ".sopkit-print-stamp")
        stamp = printed.inner_text(".sopkit-print-stamp")
        assert stamp == (
            f"Printed from {base}sop/student-interviews.html · Officers' edition — not for "
            "public release · Text as of 30 November 2026 · review status as of 1 December 2026"
        )
        clause = printed.eval_on_selector(
            ".sopkit-facts a[data-sopkit-cite]", "el => getComputedStyle(el, '::after').content"
        )
        assert clause == '" (the board policy)"'
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        printed.screenshot(path=str(ARTIFACTS / "print-section-1280.png"), full_page=True)
        pdf = printed.pdf(format="Letter")
    finally:
        stop(server)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 1
    for text in pages:  # the stamp is in every sheet's footer
        assert f"Printed from {base}sop/student-interviews.html" in text
        assert "Officers' edition — not for public release" in text
    assert not any("Download" in text for text in pages)
    assert "Sample content, not the adopted procedures of" in " ".join(pages[0].split())


@pytest.mark.browser
def test_a_printed_link_names_the_section_it_goes_to(printed: Page, officers_site: Built) -> None:
    base, server = serve(officers_site.site)
    try:
        printed.goto(base)
        after = printed.eval_on_selector(
            '.md-content a[href="sop/student-interviews/"]',
            "el => getComputedStyle(el, '::after').content",
        )
    finally:
        stop(server)
    assert after == '" (section 4.2)"'
