"""The shipped site in real Chromium: no outside requests, search, phone layout, offline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import screenshot, search, serve, stop

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
    "api": "reference/api.html",
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
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_load_with_no_request_leaving_localhost(
    page: object, base_url: str, name: str
) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: errors.append(str(error)))  # type: ignore[attr-defined]
    page.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
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
    page: object, base_url: str, query: str, expected: str
) -> None:
    page.goto(base_url + "index.html")  # type: ignore[attr-defined]
    links = search(page, query)
    screenshot(page, f"search-{query.replace(' ', '-').replace(':', '-')}")
    assert base_url + expected in links, links


@pytest.mark.parametrize(
    "name", ["home", "policy", "policy-changes", "manual", "section", "glossary"]
)
def test_phone_width_shows_navigation_and_content_without_sideways_scrolling(
    phone: object, base_url: str, name: str
) -> None:
    phone.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
    phone.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")  # type: ignore[attr-defined]
    assert width == [390, 390]
    heading = phone.locator("article h1")  # type: ignore[attr-defined]
    assert heading.is_visible() and heading.bounding_box()["width"] <= 390
    screenshot(phone, f"phone-{name}")
    phone.click('label.md-header__button[for="__drawer"]')  # type: ignore[attr-defined]
    link = phone.locator(".md-sidebar--primary .md-nav__link", has_text="Board policy").first  # type: ignore[attr-defined]
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
    page: object, site: Path, tmp_path: Path
) -> None:
    # What an officer does: unzip the manual somewhere and open it without a network.
    archive = shutil.make_archive(str(tmp_path / "manual"), "zip", site)
    unzipped = tmp_path / "somewhere" / "else"
    shutil.unpack_archive(archive, unzipped)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    page.goto((unzipped / "sop" / "student-interviews.html").as_uri())  # type: ignore[attr-defined]
    links = search(page, "KRS 158.441")
    screenshot(page, "offline-search")
    assert (
        unzipped / "policy/school-safety-officers/index.html"
    ).as_uri() + "#part-definition" in links
    assert [url for url in requests if not url.startswith("file://")] == []


def test_the_review_dashboard_puts_overdue_sections_first(page: object, base_url: str) -> None:
    page.goto(base_url + "reviews.html")  # type: ignore[attr-defined]
    screenshot(page, "review-dashboard")
    counts = page.locator("article table").first.inner_text()  # type: ignore[attr-defined]
    assert counts.split("\n")[1:] == [
        "Overdue\t2",
        "Never reviewed\t1",
        "Due soon\t3",
        "Current\t34",
    ]
    rows = page.locator("article table").nth(1).locator("tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 40
    first = rows.first.locator("td")
    assert first.all_inner_texts()[:3] == ["Overdue", "17 June 2026", "5.2 Use of force"]
    first.locator("a").click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url == base_url + "sop/use-of-force.html"  # type: ignore[attr-defined]
    banner = page.locator(".sopkit-review .admonition.danger")  # type: ignore[attr-defined]
    assert banner.is_visible()
    assert banner.locator(".admonition-title").inner_text() == "Overdue for review"
    screenshot(page, "section-overdue-banner")


def banner_when_viewed(
    browser: object, base_url: str, path: str, when: str, **options: object
) -> tuple[str, str]:
    """The review box of a page viewed at the instant `when`: (status, banner title)."""
    context = browser.new_context(**options)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        if options.get("java_script_enabled", True):
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
    browser: object, base_url: str, path: str, when: str, expected: tuple[str, str]
) -> None:
    assert banner_when_viewed(browser, base_url, path, when) == expected


def test_without_scripts_the_page_keeps_the_status_it_was_built_with(
    browser: object, base_url: str
) -> None:
    assert banner_when_viewed(
        browser, base_url, "sop/student-interviews.html", "", java_script_enabled=False
    ) == ("current", "")
    assert banner_when_viewed(
        browser, base_url, "sop/use-of-force.html", "", java_script_enabled=False
    ) == ("overdue", "Overdue for review")
