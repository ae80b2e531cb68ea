"""Real Chromium for the browser tests: Debian's package, driven by Playwright.

`make test` installs Chromium when it is missing and it can. Where it is absent the
browser tests are skipped, unless SOPKIT_REQUIRE_TOOLS is set (as CI sets it), in
which case they fail: CI must never pass without having run them.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("SOPKIT_CHROMIUM", "/usr/bin/chromium"))
# Without these, Chromium tries to reach Google's hosts on its own, which this
# machine's closed network refuses (and which would muddy the no-outside-request check).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def require_chromium() -> None:
    if not CHROMIUM.exists():
        missing_tool(f"Chromium is not installed at {CHROMIUM} (make test installs it)")


def missing_tool(message: str) -> None:
    """Skip the test, or fail it where SOPKIT_REQUIRE_TOOLS says every tool must be there
    (CI sets it: CI must never pass without having run every test)."""
    if os.environ.get("SOPKIT_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `folder` on localhost; returns the base URL and the server."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


def stop(server: http.server.ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def wait_for_search(page: Page) -> None:
    """Open the search box and wait until Material's search index is ready."""
    page.click(".md-search__input")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() === 'Type to start searching' }",
        timeout=15_000,
    )


def search(page: Page, query: str) -> list[str]:
    """Type a query as a person would; return the result links (page and section hrefs)."""
    wait_for_search(page)
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('matching')",
        timeout=10_000,
    )
    page.wait_for_timeout(300)
    links: list[str] = page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
    )
    # Material adds the query for highlighting (?h=...) before the anchor; drop it.
    return [re.sub(r"\?h=[^#]*", "", link) for link in links]


# axe-core, the accessibility engine, as the axe-playwright-python package bundles it.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds on the page against WCAG 2.0 and 2.1 A and AA, one line each:
    rule, impact, what it asks, and where (CSS selectors of up to three elements)."""
    from importlib.resources import files

    if not page.evaluate("typeof axe !== 'undefined'"):  # once per loaded page
        page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]
