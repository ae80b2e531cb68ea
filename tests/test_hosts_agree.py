"""Every host decides the same things, because every host runs the one pipeline with the
same options: the plugin (a real `mkdocs build`) and each command of the command line,
on one fixture whose mkdocs.yml sets an as-of day, a check level, and hides review
status in the public edition."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site

# Both hosts make PDFs here, to compare them.
pytestmark = pytest.mark.pdf

INTERVIEWS = "sop/04-students/interviews.yml"
OPTIONS = """\
      as_of: 2027-09-02
      public_review_status: false
      checks:
        unused_authorities: info
        overdue_reviews: info
"""


@pytest.fixture
def agreed(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> ProjectFolder:
    monkeypatch.delenv("SOPKIT_AS_OF")  # the day comes from mkdocs.yml
    monkeypatch.setenv("SOPKIT_PDF", "1")
    # A registry entry nothing cites: a warning by default, a note here.
    project.replace(
        "policy_data/authorities.yml",
        "  - cite: Policy 09.14",
        "  - cite: Policy 09.14\n  - cite: KRS 1.010",
    )
    configure(project)
    return project


def configure(project: ProjectFolder, edition: str = "internal") -> None:
    options = OPTIONS + f"      edition: {edition}\n"
    write_site(project.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n" + options))


def site(project: ProjectFolder, edition: str = "internal") -> Built:
    configure(project, edition)
    return build_site(project.root, site_dir=project.root / f"site-{edition}")


def test_the_day_the_levels_and_the_review_states_agree(agreed: ProjectFolder) -> None:
    built = site(agreed)
    assert (built.error, built.warnings()) == ("", [])
    code, out, _ = agreed.cli("check", "--format", "json")
    checked = json.loads(out)
    assert code == 0 and checked["as_of"] == "2027-09-02"
    unused = [d for d in checked["diagnostics"] if d["code"] == "unused-authority"]
    assert [d["severity"] for d in unused] == ["info"]
    logged = [m for level, m in built.logs if "KRS 1.010 is in the authorities registry" in m]
    assert [level for level, m in built.logs if m in logged] == ["INFO"]
    assert any("(as of 2027-09-02)" in m for _, m in built.logs)
    code, out, _ = agreed.cli("review", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["as_of"] == "2027-09-02"
    feed = json.loads(built.html("reviews.json"))
    statuses = {s["id"]: s["status"] for s in report["sections"]}
    assert statuses == {s["id"]: s["status"] for s in feed["sections"]}
    assert statuses["student-searches"] == "overdue"


def test_hidden_review_status_is_hidden_in_every_output(agreed: ProjectFolder) -> None:
    built = site(agreed, "public")
    assert (built.error, built.warnings()) == ("", [])
    page = built.html("sop/student-interviews/index.html")
    assert "next review due" not in page and not (built.site / "reviews.json").exists()
    code, out, _ = agreed.cli("pdf", "--out", "pdf-cli")
    assert code == 0, out
    made_by_cli = agreed.path("pdf-cli/sections/student-interviews.pdf").read_bytes()
    made_by_site = (built.site / "pdf/sections/student-interviews.pdf").read_bytes()
    # Not alike: the same file, byte for byte, from the same pipeline and options.
    assert made_by_cli == made_by_site


def test_a_link_to_an_internal_page_is_refused_by_every_host_in_the_same_words(
    agreed: ProjectFolder,
) -> None:
    agreed.replace(
        INTERVIEWS,
        "  The principal, first.\n",
        "  The principal, first ([how](student-searches.md)).\n",
    )
    expected = (
        f"{INTERVIEWS}:19:31: error: body: links to 'student-searches.md', the internal "
        "section 4.3 Searches, which the public edition does not have"
    )
    _, checked, _ = agreed.cli("check", "--edition", "public")
    code, printed, _ = agreed.cli("pdf", "--edition", "public", "--out", "pdf-cli")
    built = site(agreed, "public")
    assert expected in checked.splitlines()
    assert code == 2 and expected in printed.splitlines()
    assert "sopkit: " + re.sub(r" error: ", " ", expected, count=1) in [
        m.split("\n")[0] for m in built.errors()
    ]
    assert not agreed.path("pdf-cli").exists()
