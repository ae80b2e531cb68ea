"""The site that `make build` makes from the shipped content."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO
from sopkit import Layout
from sopkit.project import discover
from sopkit.render.linking import link_citations


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


def test_every_citation_of_the_policy_is_linked(shipped_site: Path) -> None:
    page = (shipped_site / "policy/school-safety-officers/index.html").read_text()
    body = page[page.index("<article") : page.index("</article>")]
    left: list[str] = []
    link_citations(body, lambda citation: left.append(citation.normalized))  # type: ignore[func-returns-value]
    assert left == []  # no citation outside a link
    linked = re.findall(r'class="sopkit-citation" href="([^"]+)" title="[^"]*">([^<]+)</a>', body)
    assert len(linked) == 24
    texts = {text for _, text in linked}
    for text in (
        "KRS 158.441",
        "KRS 61.902 to KRS 61.930",
        "704 KAR 7:160",
        "20 U.S.C. 1232(g)(a)(4)(ii)",
        "34 C.F.R. § 99.8",
        "KRS Chapters 15",
        "09.14",
        "KRS 158.440 – KRS 158.4461",
    ):
        assert text in texts, text


def test_the_authorities_page_lists_every_authority_the_policy_cites(shipped_site: Path) -> None:
    page = (shipped_site / "authorities.html").read_text()
    anchors = set(re.findall(r'<h3 id="([^"]+)"', page))
    for anchor in (
        "krs-158-441",
        "krs-61-902-61-930",
        "704-kar-7-160",
        "20-u-s-c-1232g",
        "34-c-f-r-99-8",
        "krs-chapter-15",
        "krs-158-440-158-4461",
        "policy-09-4361",
        "rehabilitation-act-of-1973-504",
    ):
        assert anchor in anchors, anchor
    ferpa = page[page.index('id="20-u-s-c-1232g"') :].split("<h3", 1)[0]
    assert "Family educational and privacy rights (FERPA)" in ferpa
    assert "References</a>" in ferpa and "7.1 The law enforcement unit and FERPA</a>" in ferpa
