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
    "manual": "sop/index.html",
    "chapter": "sop/students.html",
    "section": "sop/student-interviews.html",
    "glossary": "glossary.html",
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


@pytest.mark.parametrize("name", ["home", "policy", "manual", "section", "glossary"])
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
