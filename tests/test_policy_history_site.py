"""The policy's history in real builds: the history page, a page per version, the
comparison page, drafts in each edition, and the shipped policy's own comparison."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site

VERSIONS = "policy_data/policies/school-safety-officers/versions"
POLICY = "policy/school-safety-officers"


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    """Version 1 superseded by version 2, which rewords a clause and adds one."""
    v1 = project.read(f"{VERSIONS}/v1.yml")
    project.write(f"{VERSIONS}/v1.yml", v1.replace("status: in force", "status: superseded"))
    v2 = (
        v1.replace("number: 1", "number: 2", 1)
        .replace("The first version.", "Roles restated; a clause on reports added.")
        .replace(
            "An SSO has the authority described in KRS 61.902.",
            "An SSO has the law enforcement authority described in KRS 61.902.",
        )
        .replace(
            "  - id: manual-review\n",
            "  - id: reports\n"
            "    text: |\n"
            "      The SSO reports to the Board at least annually.\n"
            "  - id: manual-review\n",
        )
    )
    project.write(f"{VERSIONS}/v2.yml", v2)
    write_site(project.root)
    return project


def built_ok(project: ProjectFolder) -> Built:
    built = build_site(project.root)
    assert (built.error, built.warnings()) == ("", [])
    return built


def article(built: Built, page: str) -> str:
    html = built.html(page)
    return html[html.index("<article") : html.index("</article>")]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_every_version_has_its_own_page_and_the_history_lists_them(site: ProjectFolder) -> None:
    built = built_ok(site)
    history = text_of(article(built, f"{POLICY}/history/index.html"))
    assert "School Safety Officers has 2 versions." in history
    assert history.index("Version 2") < history.index("Version 1")
    assert "Status In force" in history and "Status Superseded" in history
    assert "Roles restated; a clause on reports added." in history
    for page in ("v1", "v2", "compare/v1-v2"):
        assert (built.site / POLICY / page / "index.html").exists(), page


def test_a_superseded_version_says_so_and_links_the_current_text(site: ProjectFolder) -> None:
    built = built_ok(site)
    page = article(built, f"{POLICY}/v1/index.html")
    assert '<p class="admonition-title">Not the current text</p>' in page
    assert (
        "This is version 1 of the policy, as adopted. It has been\nsuperseded by version 2: "
        '<a href="../" data-sopkit-cite="the board policy">read the version in force</a>.'
    ) in page
    assert "An SSO has the authority described in" in text_of(page)
    # The manual carries out the version in force; old versions have no backlinks.
    assert "Carried out in" not in page
    current = article(built, f"{POLICY}/v2/index.html")
    assert '<p class="admonition-title">The version in force</p>' in current


def test_the_main_page_links_its_history_and_latest_changes(site: ProjectFolder) -> None:
    page = article(built_ok(site), f"{POLICY}/index.html")
    assert (
        '<a href="history/">Every version of this policy</a>; '
        '<a href="compare/v1-v2/">what changed in version 2</a>; '
        '<a href="v2/">this version\'s permanent address</a>'
    ) in page
    assert "admonition" not in page.split("<h2", 1)[0]  # no version banner on the main page


def test_the_comparison_page_marks_each_change(site: ProjectFolder) -> None:
    page = article(built_ok(site), f"{POLICY}/compare/v1-v2/index.html")
    assert "<strong>2 of 7 parts of the policy changed (1 reworded, 1 added).</strong>" in page
    roles = page[page.index('id="roles-jurisdiction"') :].split("<h2", 1)[0]
    assert "Changed." in text_of(roles)
    assert (
        'has the <ins><span class="sopkit-visually-hidden">[inserted: </span>law enforcement'
        '<span class="sopkit-visually-hidden">]</span></ins> authority'
    ) in roles
    assert '<a href="../../v1/#roles-jurisdiction">In version 1</a>' in roles
    assert '<a href="../../v2/#roles-jurisdiction">In version 2</a>' in roles
    reports = page[page.index('id="reports"') :].split("<h2", 1)[0]
    assert "Added." in text_of(reports) and "sopkit-redline__block--added" in reports
    unchanged = text_of(page[page.index('<h2 id="unchanged"') :])
    assert unchanged.startswith("Unchanged Definition of “School safety officer”")


def test_version_pages_stay_out_of_search_and_navigation(site: ProjectFolder) -> None:
    built = built_ok(site)
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(loc.startswith((f"{POLICY}/v1/", f"{POLICY}/v2/")) for loc in locations)
    assert f"{POLICY}/compare/v1-v2/" in locations and f"{POLICY}/history/" in locations
    nav = built.html("index.html").split("md-nav--primary", 1)[1]
    assert "History and changes" in nav and "/v1/" not in nav


def test_a_draft_is_shown_in_the_officers_edition_only(site: ProjectFolder) -> None:
    v2 = site.read(f"{VERSIONS}/v2.yml")
    site.write(
        f"{VERSIONS}/v3.yml",
        v2.replace("number: 2", "number: 3", 1)
        .replace("status: in force", "status: draft")
        .replace("at least annually", "each semester"),
    )
    built = built_ok(site)
    draft = article(built, f"{POLICY}/v3/index.html")
    assert '<p class="admonition-title">Draft: not adopted</p>' in draft
    assert "each semester" in article(built, f"{POLICY}/compare/v2-v3/index.html")

    write_site(site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      edition: public\n"))
    public = built_ok(site)
    assert not (public.site / POLICY / "v3").exists()
    assert not (public.site / POLICY / "compare" / "v2-v3").exists()
    assert "Version 3" not in public.html(f"{POLICY}/history/index.html")
    assert "each semester" not in (public.site / "search" / "search_index.json").read_text()


def test_a_single_version_has_a_history_and_no_comparison(project: ProjectFolder) -> None:
    write_site(project.root)
    built = built_ok(project)
    assert "School Safety Officers has 1 version." in text_of(
        article(built, f"{POLICY}/history/index.html")
    )
    assert not (built.site / POLICY / "compare").exists()
    assert "what changed" not in article(built, f"{POLICY}/index.html")


# The shipped policy -----------------------------------------------------------------


SEED_CHANGES = [
    # SRO becomes SSO where the District means its own officers.
    ("roles-jurisdiction", "An [deleted: SRO][inserted: SSO] is vested with law enforcement"),
    # The purpose bullets are restated as actions.
    (
        "broader-effort",
        "[deleted: Students are actively engaged][inserted: Actively engage students] in",
    ),
    ("broader-effort", "[deleted: A school’s][inserted: Build a] culture and climate"),
    # The training paragraph.
    (
        "training-annual-in-service",
        "[deleted: Effective January 1, 2020, all School Resource Officers (SROs)]"
        "[inserted: All SSOs] shall successfully complete forty (40) hours",
    ),
    # At least annually.
    (
        "data-regular-reports",
        "shall be provided [deleted: on a regular basis][inserted: at least annually], as",
    ),
]


def test_the_shipped_site_has_the_policy_history(shipped_site: Path) -> None:
    for page in ("history.html", "v1.html", "v2.html", "compare/v1-v2.html"):
        assert (shipped_site / POLICY / page).exists(), page


@pytest.mark.parametrize(("clause", "expected"), SEED_CHANGES)
def test_the_shipped_comparison_shows_the_seed_s_changes(
    shipped_site: Path, clause: str, expected: str
) -> None:
    html = (shipped_site / POLICY / "compare" / "v1-v2.html").read_text(encoding="utf-8")
    part = html[html.index(f'id="{clause}"') :].split("<h2", 1)[0]
    assert expected in text_of(part)
