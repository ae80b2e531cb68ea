"""A policy's versions: the dates each was in force on its history page, and a
comparison page for every pair of versions, neighbours or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, ProjectFolder
from golden import check_golden
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from sopkit.web.rendered import RenderedPage

VERSIONS = "policy_data/policies/school-safety-officers/versions"
POLICY = "policy/school-safety-officers"
GOLDEN = Path(__file__).parent / "golden" / "policy-v1-v3.txt"


def dated_versions(project: ProjectFolder, days: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Three versions of the fixture's policy, each adopted and in force on its (adopted,
    effective) days: 2 rewords a clause, 3 adds one. Only the newest is in force."""
    v1 = project.read(f"{VERSIONS}/v1.yml").replace(
        "adopted_on: null", "adopted_on: ADOPTED\neffective_on: EFFECTIVE"
    )
    v2 = (
        v1.replace("number: 1", "number: 2", 1)
        .replace("The first version.", "Roles restated.")
        .replace("the authority described", "the law enforcement authority described")
    )
    v3 = (
        v2.replace("number: 2", "number: 3", 1)
        .replace("Roles restated.", "A clause on reports added.")
        .replace(
            "  - id: manual-review\n",
            "  - id: reports\n"
            "    text: |\n"
            "      The SSO reports to the Board at least annually.\n"
            "  - id: manual-review\n",
        )
    )
    texts = {}
    for index, (text, (adopted, effective)) in enumerate(zip((v1, v2, v3), days, strict=True)):
        dated = text.replace("ADOPTED", adopted).replace("EFFECTIVE", effective)
        if index < len(days) - 1:
            dated = dated.replace("status: in force", "status: superseded")
        texts[f"{VERSIONS}/v{index + 1}.yml"] = dated
    return texts


@pytest.fixture
def three_versions(project: ProjectFolder) -> ProjectFolder:
    """Version 1 (in force from 1 July 2020), version 2 (1 July 2022: a clause reworded)
    and version 3 (1 July 2024: a clause added), each with its dates."""
    days = (
        ("2020-06-15", "2020-07-01"),
        ("2022-06-14", "2022-07-01"),
        ("2024-06-11", "2024-07-01"),
    )
    for path, text in dated_versions(project, days).items():
        project.write(path, text)
    return project


def pages(project: ProjectFolder, edition: str = "internal") -> dict[str, RenderedPage]:
    loaded = load_with_history(Layout(project.root))
    done = build(loaded, BuildOptions(as_of=AS_OF, edition=edition))  # type: ignore[arg-type]
    assert [str(d) for d in done.diagnostics if d.severity.name == "ERROR"] == []
    assert done.site is not None
    return {page.path: page for page in done.site.pages}


def facts(markdown: str, key: str) -> list[str]:
    lines = markdown.splitlines()
    return [lines[i + 1].removeprefix(":   ") for i, line in enumerate(lines) if line == key]


def test_the_history_page_gives_each_version_its_days_in_force(
    three_versions: ProjectFolder,
) -> None:
    history = pages(three_versions)[f"{POLICY}/history.md"].markdown
    # Newest first, as the page lists them.
    assert facts(history, "In force") == [
        "from 1 July 2024",
        "1 July 2022 – 30 June 2024",
        "1 July 2020 – 30 June 2022",
    ]


def test_a_range_is_never_guessed_where_the_sources_give_no_date(
    three_versions: ProjectFolder,
) -> None:
    three_versions.replace(f"{VERSIONS}/v2.yml", "effective_on: 2022-07-01\n", "")
    history = pages(three_versions)[f"{POLICY}/history.md"].markdown
    assert facts(history, "In force") == [
        "from 1 July 2024",
        "not recorded",
        "from 1 July 2020; the day it ended is not recorded",
    ]


def test_every_pair_of_versions_has_a_comparison_listed_on_the_history_page(
    three_versions: ProjectFolder,
) -> None:
    site = pages(three_versions)
    compared = sorted(path for path in site if path.startswith(f"{POLICY}/compare/"))
    assert compared == [
        f"{POLICY}/compare/v1-v2.md",
        f"{POLICY}/compare/v1-v3.md",
        f"{POLICY}/compare/v2-v3.md",
    ]
    history = site[f"{POLICY}/history.md"].markdown
    listed = history[history.index("## Compare any two versions") :]
    assert listed == (
        "## Compare any two versions { #compare }\n\n"
        "- [Version 1 and version 2](compare/v1-v2.md)\n"
        "- [Version 1 and version 3](compare/v1-v3.md)\n"
        "- [Version 2 and version 3](compare/v2-v3.md)\n"
    )
    assert site[f"{POLICY}/compare/v1-v3.md"].title == (
        "School Safety Officers: changes from version 1 to version 3"
    )
    assert site[f"{POLICY}/compare/v2-v3.md"].title == (
        "School Safety Officers: changes in version 3"
    )


def test_the_comparison_of_the_first_and_last_versions_is_exact(
    three_versions: ProjectFolder,
) -> None:
    site = pages(three_versions)
    check_golden(GOLDEN, {"markdown": site[f"{POLICY}/compare/v1-v3.md"].markdown})
