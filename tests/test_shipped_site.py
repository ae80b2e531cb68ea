"""The site that `make build` makes from the shipped content."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO
from sopkit import Layout
from sopkit.project import discover


def test_one_page_per_section_source(shipped_site: Path) -> None:
    sources, _ = discover(Layout(REPO))
    section_files = [s for s in sources if s.kind == "section"]
    ids = {re.search(r"^id: (\S+)$", s.path.read_text(), re.M).group(1) for s in section_files}  # type: ignore[union-attr]
    chapter_files = [s for s in sources if s.kind == "chapter"]
    pages = {p.stem for p in (shipped_site / "sop").glob("*.html")} - {"index"}
    assert len(ids) == len(section_files) == 40
    assert pages == ids | {
        re.search(r"^id: (\S+)$", c.path.read_text(), re.M).group(1) for c in chapter_files
    }  # type: ignore[union-attr]


def test_the_policy_glossary_and_api_reference_are_built(shipped_site: Path) -> None:
    policy = (shipped_site / "policy/school-safety-officers/index.html").read_text()
    assert "School Safety Resource Officers (SSOs/SROs)" in policy
    assert policy.count('class="sopkit-clause"') == 25
    glossary = (shipped_site / "glossary.html").read_text()
    for term in ("School resource officer (SRO)", "School safety officer (SSO)", "Triad model"):
        assert term in glossary
    api = (shipped_site / "reference/api.html").read_text()
    assert 'id="sopkit.load_project"' in api and 'id="sopkit.diagnostics.Diagnostic"' in api


def test_internal_notes_are_in_the_officers_edition(shipped_site: Path) -> None:
    page = (shipped_site / "sop/student-interviews.html").read_text()
    assert "Officers&#39; edition only" in page or "Officers' edition only" in page
