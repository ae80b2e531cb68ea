"""The shipped site in real Chromium: no outside requests, search, phone layout, offline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser import screenshot, search, serve, stop

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAGES = {
    "home": "index.html",
    "policy": "policy/school-safety-officers/index.html",
    "policy-history": "policy/school-safety-officers/history.html",
    "policy-v1": "policy/school-safety-officers/v1.html",
    "policy-changes": "policy/school-safety-officers/compare/v1-v2.html",
    "manual": "sop/index.html",
    "chapter": "sop/students.html",
    "section": "sop/student-interviews.html",
    "glossary": "glossary.html",
    "reviews": "reviews.html",
    "training": "training.html",
    "editing-guide": "editing-guide.html",
}


@pytest.fixture(scope="module")
def site(shipped_site: Path) -> Path:
    return shipped_site


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    url, server = serve(site)
    yield url
    stop(server)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_load_with_no_request_leaving_localhost(page: Page, base_url: str, name: str) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"desktop-{name}")
    assert len(requests) > 3
    assert [url for url in requests if not url.startswith(base_url)] == []
    assert errors == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KRS 158.441", "policy/school-safety-officers/index.html#part-definition"),
        ("158.441", "policy/school-safety-officers/index.html#part-definition"),
        ("704 KAR 7:160", "sop/restraint-and-seclusion.html"),
        ("4.2", "sop/student-interviews.html"),
    ],
)
def test_search_finds_statute_and_section_numbers(
    page: Page, base_url: str, query: str, expected: str
) -> None:
    page.goto(base_url + "index.html")
    links = search(page, query)
    screenshot(page, f"search-{query.replace(' ', '-').replace(':', '-')}")
    assert base_url + expected in links, links


@pytest.mark.parametrize(
    "name", ["home", "policy", "policy-changes", "manual", "section", "glossary"]
)
def test_phone_width_shows_navigation_and_content_without_sideways_scrolling(
    phone: Page, base_url: str, name: str
) -> None:
    phone.goto(base_url + PAGES[name])
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width == [390, 390]
    heading = phone.locator("article h1")
    box = heading.bounding_box()
    assert heading.is_visible() and box is not None and box["width"] <= 390
    screenshot(phone, f"phone-{name}")
    phone.click('label.md-header__button[for="__drawer"]')
    link = phone.locator(".md-sidebar--primary .md-nav__link", has_text="Board policies").first
    link.wait_for(state="visible", timeout=5_000)
    # The drawer slides in: wait until it has arrived, then check it fits the screen.
    link.evaluate(
        "a => new Promise(done => { const check = () => a.getBoundingClientRect().left >= 0"
        " ? done() : requestAnimationFrame(check); check() })"
    )
    screenshot(phone, f"phone-{name}-navigation")
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_zipped_site_works_from_disk_with_search(
    page: Page, site: Path, tmp_path: Path
) -> None:
    # What an officer does: unzip the manual somewhere and open it without a network.
    archive = shutil.make_archive(str(tmp_path / "manual"), "zip", site)
    unzipped = tmp_path / "somewhere" / "else"
    shutil.unpack_archive(archive, unzipped)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((unzipped / "sop" / "student-interviews.html").as_uri())
    links = search(page, "KRS 158.441")
    screenshot(page, "offline-search")
    assert (
        unzipped / "policy/school-safety-officers/index.html"
    ).as_uri() + "#part-definition" in links
    assert [url for url in requests if not url.startswith("file://")] == []


def test_the_review_dashboard_puts_overdue_sections_first(page: Page, base_url: str) -> None:
    page.goto(base_url + "reviews.html")
    screenshot(page, "review-dashboard")
    counts = page.locator("article table").first.inner_text()
    assert counts.split("\n")[1:] == [
        "Overdue\t2",
        "Never reviewed\t1",
        "Due soon\t3",
        "Current\t34",
    ]
    rows = page.locator("article table").nth(1).locator("tbody tr")
    assert rows.count() == 40
    first = rows.first.locator("td")
    assert first.all_inner_texts()[:3] == ["Overdue", "17 June 2026", "5.2 Use of force"]
    first.locator("a").click()
    page.wait_for_load_state()
    assert page.url == base_url + "sop/use-of-force.html"
    banner = page.locator(".sopkit-review .admonition.danger")
    assert banner.is_visible()
    assert banner.locator(".admonition-title").inner_text() == "Overdue for review"
    screenshot(page, "section-overdue-banner")


def banner_when_viewed(
    browser: Browser, base_url: str, path: str, when: str, *, scripts: bool = True
) -> tuple[str | None, str]:
    """The review box of a page viewed at the instant `when`: (status, banner title)."""
    context = browser.new_context(java_script_enabled=scripts)
    try:
        page = context.new_page()
        if scripts:
            page.clock.set_fixed_time(when)
        page.goto(base_url + path)
        box = page.locator(".sopkit-review")
        titles = box.locator(".admonition-title").all_inner_texts()
        return box.get_attribute("data-sopkit-status"), " ".join(titles)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "when", "expected"),
    [
        # Built as of 1 December 2026; 4.2 is current then, due 10 March 2028.
        ("sop/student-interviews.html", "2026-12-01T12:00:00Z", ("current", "")),
        ("sop/student-interviews.html", "2028-01-15T12:00:00Z", ("due-soon", "Review due soon")),
        # Still 10 March in Louisville (UTC-5) at 03:00 UTC on the 11th: not yet overdue.
        ("sop/student-interviews.html", "2028-03-11T03:00:00Z", ("due-soon", "Review due soon")),
        ("sop/student-interviews.html", "2028-03-11T06:00:00Z", ("overdue", "Overdue for review")),
        # Read before the day it was built for, an overdue section shows what holds then.
        ("sop/use-of-force.html", "2026-05-01T12:00:00Z", ("due-soon", "Review due soon")),
    ],
)
def test_a_page_rechecks_its_review_status_when_it_is_read(
    browser: Browser, base_url: str, path: str, when: str, expected: tuple[str, str]
) -> None:
    assert banner_when_viewed(browser, base_url, path, when) == expected


def test_without_scripts_the_page_keeps_the_status_it_was_built_with(
    browser: Browser, base_url: str
) -> None:
    assert banner_when_viewed(
        browser, base_url, "sop/student-interviews.html", "", scripts=False
    ) == ("current", "")
    assert banner_when_viewed(browser, base_url, "sop/use-of-force.html", "", scripts=False) == (
        "overdue",
        "Overdue for review",
    )


def test_the_not_found_page_works_from_the_offline_copy(
    page: Page, site: Path, tmp_path: Path
) -> None:
    archive = shutil.make_archive(str(tmp_path / "manual"), "zip", site)
    unzipped = tmp_path / "unzipped"
    shutil.unpack_archive(archive, unzipped)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("requestfailed", lambda request: errors.append(request.url))
    page.goto((unzipped / "404.html").as_uri())
    page.wait_for_load_state("load")
    screenshot(page, "offline-404")
    assert errors == []
    # Styled (its stylesheet loaded), with the ways on.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    )
    links = page.locator("article a")
    assert links.all_inner_texts() == ["the home page", "the manual", "the board policies"]
    links.nth(1).click()
    page.wait_for_load_state("load")
    assert page.url == (unzipped / "sop" / "index.html").as_uri()
