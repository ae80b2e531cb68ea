"""Published editions: `make publish` puts each edition of the manual in a folder of its
own on the gh-pages branch, moves `current` to the newest, and Material's edition selector
lists them all.

A temporary git repository holds the fixture project. The repository's own Makefile
target publishes it twice, as 2026-27 and then, changed, as 2027-28 (pushed to a bare
repository next to it), and once more as the public edition, with this environment's mike
and MkDocs and the shipped mkdocs-publish.yml. The branch is then served over HTTP, as
GitHub Pages or any static web server serves it. Nothing leaves this machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mkdocs.config import load_config

from browser import screenshot, serve, stop
from conftest import AS_OF, REPO, ProjectFolder
from sitebuild import MKDOCS_YML, write_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SECTION = "sop/04-students/interviews.yml"
PAGE = "sop/student-interviews.html"
OLD_TEXT = "<p>The principal, first.</p>"
NEW_TEXT = "<p>The principal, then a parent.</p>"
SELECTOR = {"alias": True, "default": "current", "provider": "mike"}

# Like the shipped mkdocs.yml, with the offline plugin, which turns directory URLs off:
# editions must work with page addresses that end in .html.
FIXTURE_MKDOCS_YML = MKDOCS_YML.replace("validation:", "  - offline\nvalidation:")
assert FIXTURE_MKDOCS_YML.count("  - offline\n") == 1

VENV = Path(sys.prefix)
# Variables (by prefix) that would change what `make publish` does or where git writes.
DROPPED_VARIABLES = ("SOPKIT_", "GIT_", "EDITION", "PUSH", "PUBLISH_BRANCH", "MAKEFLAGS", "MFLAGS")


def clean_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(DROPPED_VARIABLES)}
    when = "2026-12-01T12:00:00+00:00"
    env.update(
        # mike commits with `git fast-import`: it reads GIT_COMMITTER_*, not `git -c`.
        GIT_AUTHOR_NAME="SOP Manual Team",
        GIT_AUTHOR_EMAIL="sop-team@example.org",
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_NAME="SOP Manual Team",
        GIT_COMMITTER_EMAIL="sop-team@example.org",
        GIT_COMMITTER_DATE=when,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        SOPKIT_AS_OF=AS_OF.isoformat(),
        # Publishing is what is tested here; PDFs are tested elsewhere, and would triple
        # the time of each `make publish`.
        SOPKIT_PDF="0",
    )
    return env


def run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=clean_environment(), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def make(repo: Path, *arguments: str) -> str:
    """The repository's Makefile, run in `repo` with this environment; `-o` keeps make
    from installing the project into it again."""
    return run(
        [
            "make",
            "--no-print-directory",
            "-f",
            str(REPO / "Makefile"),
            f"VENV={VENV}",
            "-o",
            str(VENV / ".sopkit-installed"),
            *arguments,
        ],
        repo,
    )


@dataclass
class Published:
    repo: Path
    remote: Path
    """The repository's `origin`: a bare repository next to it."""
    branch: Path
    """The gh-pages branch, checked out: what a web server serves."""
    printed: list[str]
    """What each `make publish` printed."""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    folder = tmp_path_factory.mktemp("editions")
    remote = folder / "origin.git"
    run(["git", "init", "--quiet", "--bare", str(remote)], folder)
    repo = folder / "repo"
    project = ProjectFolder(repo)
    write_site(repo, FIXTURE_MKDOCS_YML)
    shutil.copy(REPO / "mkdocs-publish.yml", repo / "mkdocs-publish.yml")
    (repo / ".gitignore").write_text("/site/\n", encoding="utf-8")
    run(["git", "init", "--quiet", "--initial-branch", "main"], repo)
    run(["git", "remote", "add", "origin", str(remote)], repo)
    run(["git", "add", "--all"], repo)
    run(["git", "commit", "--quiet", "--message", "The 2026-27 edition"], repo)
    printed = [make(repo, "publish")]

    project.replace("sop/manual.yml", 'edition: "2026-27"', 'edition: "2027-28"')
    project.replace(SECTION, "The principal, first.", "The principal, then a parent.")
    run(["git", "commit", "--quiet", "--all", "--message", "The 2027-28 edition"], repo)
    printed.append(make(repo, "publish", "PUSH=1"))
    printed.append(make(repo, "publish", "SOPKIT_EDITION=public"))

    branch = folder / "gh-pages"
    run(["git", "worktree", "add", "--quiet", "--detach", str(branch), "gh-pages"], repo)
    return Published(repo, remote, branch, printed)


@pytest.fixture(scope="module")
def base_url(published: Published) -> Iterator[str]:
    url, server = serve(published.branch)
    yield url
    stop(server)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body.decode("utf-8")


def page_config(html: str) -> dict[str, object]:
    """Material's configuration of a page: what its scripts read."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    assert found is not None
    config: dict[str, object] = json.loads(found.group(1))
    return config


def test_make_publish_names_each_edition_from_the_manual(published: Published) -> None:
    assert [printed.splitlines()[-1] for printed in published.printed] == [
        "Published edition 2026-27 as current on the gh-pages branch",
        "Published edition 2027-28 as current on the gh-pages branch",
        "Published edition 2027-28 as current on the gh-pages-public branch",
    ]


def test_push_sends_the_published_branch_and_nothing_else(published: Published) -> None:
    pushed = run(["git", "--git-dir", str(published.remote), "show-ref"], published.repo)
    local = run(["git", "rev-parse", "gh-pages"], published.repo).strip()
    assert pushed.splitlines() == [f"{local} refs/heads/gh-pages"]


def test_the_public_edition_has_its_own_branch_without_internal_sections(
    published: Published,
) -> None:
    def pages(branch: str) -> list[str]:
        listing = run(
            ["git", "ls-tree", "-r", "--name-only", branch, "2027-28/sop/"], published.repo
        )
        return listing.splitlines()

    assert pages("gh-pages-public") == [
        "2027-28/sop/index.html",
        "2027-28/sop/student-interviews.html",
        "2027-28/sop/students.html",
    ]
    assert "2027-28/sop/student-searches.html" in pages("gh-pages")
    versions = run(["git", "show", "gh-pages-public:versions.json"], published.repo)
    assert json.loads(versions) == [
        {"version": "2027-28", "title": "2027-28", "aliases": ["current"]}
    ]


def test_the_branch_keeps_each_edition_in_a_folder_and_current_as_a_copy(
    published: Published,
) -> None:
    listing = run(["git", "ls-tree", "--name-only", "gh-pages"], published.repo)
    assert listing.splitlines() == [
        ".nojekyll",
        "2026-27",
        "2027-28",
        "current",
        "index.html",
        "versions.json",
    ]
    # A copy, not a symbolic link (GitHub Pages refuses those), and as git stores the
    # same folder once, a copy that takes no room.
    modes = {
        line.split()[0]
        for line in run(["git", "ls-tree", "-r", "gh-pages"], published.repo).splitlines()
    }
    assert modes == {"100644"}
    trees = run(["git", "rev-parse", "gh-pages:current", "gh-pages:2027-28"], published.repo)
    assert len(set(trees.split())) == 1


def test_each_edition_is_served_with_its_own_text(base_url: str) -> None:
    older = fetch(base_url + "2026-27/" + PAGE)
    newer = fetch(base_url + "2027-28/" + PAGE)
    assert OLD_TEXT in older and NEW_TEXT not in older
    assert NEW_TEXT in newer and OLD_TEXT not in newer
    assert 'content="Test manual, Test District, edition 2026-27."' in fetch(
        base_url + "2026-27/sop/index.html"
    )
    assert 'content="Test manual, Test District, edition 2027-28."' in fetch(
        base_url + "2027-28/sop/index.html"
    )


def test_current_is_the_newest_edition_and_the_site_opens_on_it(base_url: str) -> None:
    assert fetch(base_url + "current/" + PAGE) == fetch(base_url + "2027-28/" + PAGE)
    root = fetch(base_url)
    assert '<meta http-equiv="refresh" content="1; url=current/" />' in root
    assert 'Redirecting to <a href="current/">current/</a>...' in root


def test_versions_json_lists_both_editions_newest_first(base_url: str) -> None:
    assert json.loads(fetch(base_url + "versions.json")) == [
        {"version": "2027-28", "title": "2027-28", "aliases": ["current"]},
        {"version": "2026-27", "title": "2026-27", "aliases": []},
    ]


def test_every_edition_turns_the_edition_selector_on(base_url: str) -> None:
    for edition in ("2026-27", "2027-28", "current"):
        assert page_config(fetch(f"{base_url}{edition}/{PAGE}"))["version"] == SELECTOR


def test_only_the_published_build_has_the_edition_selector() -> None:
    # The selector asks for ../versions.json, outside the site: the ordinary build, which
    # also works from disk, must not have it.
    ordinary = load_config(str(REPO / "mkdocs.yml"))
    publishing = load_config(str(REPO / "mkdocs-publish.yml"))
    assert "version" not in ordinary.extra
    assert publishing.extra["version"] == SELECTOR
    # Everything else is inherited: a list in mkdocs-publish.yml would replace it.
    assert list(publishing.plugins) == list(ordinary.plugins)
    assert publishing.nav == ordinary.nav
    assert publishing.strict is True


def test_edition_names_the_edition_instead_of_the_manual(published: Published) -> None:
    dry_run = make(published.repo, "--dry-run", "publish", "EDITION=2026-27.1")
    mike = f'PATH="{VENV}/bin:$PATH" SOPKIT_REVIEW_WARNINGS=info {VENV}/bin/mike'
    flags = "--config-file mkdocs-publish.yml --branch gh-pages"
    commands = [" ".join(line.split()) for line in dry_run.splitlines() if "/bin/mike " in line]
    assert commands == [
        f"{mike} deploy {flags} --alias-type copy --update-aliases 2026-27.1 current",
        f"{mike} --quiet set-default {flags} current",
    ]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_edition_selector_lists_both_editions_and_switches_between_them(
    page: Page, base_url: str
) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(base_url + "2026-27/" + PAGE)
    selector = page.locator(".md-version")
    selector.locator(".md-version__current").focus()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-version__list')).opacity === '1'"
    )
    screenshot(page, "editions-selector")
    assert selector.locator(".md-version__current").inner_text() == "2026-27"
    links = selector.locator(".md-version__link")
    assert links.all_inner_texts() == ["2027-28current", "2026-27"]
    assert selector.locator(".md-version__alias").all_inner_texts() == ["current"]
    assert page.locator("article").inner_text().count("The principal, first.") == 1

    # Without a site_url the sitemap lists no pages: choosing an edition opens its home.
    links.filter(has_text="2027-28").click()
    page.wait_for_url(base_url + "2027-28/")
    assert page.locator(".md-version__current").inner_text() == "2027-28current"

    page.goto(base_url)
    page.wait_for_url(base_url + "current/")
    page.goto(base_url + "current/" + PAGE)
    page.locator(".md-version").wait_for()
    assert page.locator("article").inner_text().count("The principal, then a parent.") == 1
    assert page.locator(".md-version__current").inner_text() == "2027-28current"
    page.wait_for_load_state("networkidle")

    assert base_url + "versions.json" in requests
    assert [url for url in requests if not url.startswith(base_url)] == []
    assert errors == []
