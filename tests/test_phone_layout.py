"""Section pages on a phone (390 × 844, the size of a common phone): what the section says
is on the first screen, and its procedure no more than one screen below that.

Every section of the shipped manual is measured in real Chromium, in both editions: where
its first sentence of content starts, and where the first step of its procedure starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser import screenshot, serve, stop
from conftest import REPO
from sopkit.render.paths import manual_page
from sopkit.sources.project import Layout, load_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTH, HEIGHT = 390, 844

# Where the first line of content starts, where the first step starts, and the first
# line's height: measured from the top of the page, in CSS pixels.
MEASURE = """() => {
  const article = document.querySelector("article");
  const first = article.querySelector(".sopkit-lead")
    || [...article.querySelectorAll(":scope > p, :scope > ul, :scope > ol")].find(
         e => !e.closest(".sopkit-about") && !e.matches(".sopkit-edition, .sopkit-sample"));
  const step = article.querySelector("#procedure ~ ol > li");
  const top = e => e ? e.getBoundingClientRect().top + window.scrollY : null;
  return {
    first: top(first),
    line: first ? parseFloat(getComputedStyle(first).lineHeight) : null,
    step: top(step),
    scroll: document.documentElement.scrollWidth,
  };
}"""


def section_pages(edition: str) -> list[tuple[str, str]]:
    """(number, built page) of every section the edition publishes."""
    project = load_project(Layout(REPO)).project
    assert project.manual is not None
    return [
        (section.number, manual_page(section.id).removesuffix(".md") + ".html")
        for section in project.manual.sections
        if edition == "internal" or section.visibility == "public"
    ]


@pytest.fixture(scope="module", params=["internal", "public"])
def edition_site(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    folder: Path = request.getfixturevalue(
        "shipped_site" if request.param == "internal" else "shipped_public_site"
    )
    url, server = serve(folder)
    yield request.param, url
    stop(server)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


def test_every_section_starts_on_the_first_screen_with_its_procedure_close_below(
    phone: Page, edition_site: tuple[str, str]
) -> None:
    edition, url = edition_site
    pages = section_pages(edition)
    assert len(pages) >= 10
    measured, too_low = {}, []
    for number, page in pages:
        phone.goto(url + page)
        phone.wait_for_load_state("load")
        found = phone.evaluate(MEASURE)
        measured[number] = found
        assert found["first"] is not None, f"{number}: no content found"
        assert found["scroll"] == WIDTH, f"{number} scrolls sideways"
        assert found["line"] > 0, f"{number}: no line height"  # NaN ("normal") fails too
        # The whole first line of content is on the first screen.
        if found["first"] + found["line"] > HEIGHT:
            too_low.append(f"{number}: first sentence at {found['first']:.0f} px")
        if found["step"] is not None and found["step"] - found["first"] > HEIGHT:
            too_low.append(
                f"{number}: first step {found['step'] - found['first']:.0f} px below the "
                "first sentence"
            )
    assert too_low == []
    with_steps = [n for n, f in measured.items() if f["step"] is not None]
    assert len(with_steps) >= 5  # the measure finds procedures, so it can fail
    deepest = max(measured, key=lambda n: measured[n]["first"])
    phone.goto(url + dict(pages)[deepest])
    screenshot(phone, f"phone-{edition}-section-{deepest}-first-screen")


TYPE = """() => {
  const cell = document.querySelector("article td");
  const row = cell.closest("tr").getBoundingClientRect();
  const style = e => getComputedStyle(document.querySelector(e));
  return {
    cell: parseFloat(getComputedStyle(cell).fontSize),
    label: getComputedStyle(cell.nextElementSibling, "::before").content,
    row: [row.left, row.right],
    h1: [parseFloat(style("article h1").fontSize), parseInt(style("article h1").fontWeight)],
    h2: [parseFloat(style("article h2").fontSize), parseInt(style("article h2").fontWeight)],
  };
}"""


def test_tables_stack_on_a_phone_in_readable_type_under_the_strongest_heading(
    phone: Page, edition_site: tuple[str, str]
) -> None:
    _, url = edition_site
    phone.goto(url + "sop/student-searches.html")  # a table of three columns
    found = phone.evaluate(TYPE)
    assert found["cell"] >= 14
    # Each cell under its column's name, shown but not read twice (empty alternative text).
    assert found["label"] == '"Search by school officials" / ""'
    assert found["row"][0] >= 0 and found["row"][1] <= WIDTH  # a card, not a wide row
    (h1_size, h1_weight), (h2_size, h2_weight) = found["h1"], found["h2"]
    assert h1_size > h2_size and h1_weight >= 700 and h1_weight > h2_weight
