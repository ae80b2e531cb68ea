"""The site that `make build` makes from the shipped content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import AS_OF, REPO
from sitebuild import build_site
from sopkit import Layout, check_project, model
from sopkit.law.authorities import version_places
from sopkit.law.citations import Citation
from sopkit.render.linking import link_citations
from sopkit.sources.project import discover


@pytest.fixture(scope="module")
def policy() -> model.PolicyVersion:
    """The version in force of the shipped policy, as the sources give it."""
    project = check_project(Layout(REPO), as_of=AS_OF).project
    (policy,) = project.policies
    assert policy.current is not None
    return policy.current


def test_one_page_per_section_source(shipped_site: Path) -> None:
    sources, _ = discover(Layout(REPO))
    section_files = [s for s in sources if s.kind == "section"]
    ids = {source_id(s.path) for s in section_files}
    chapter_ids = {source_id(s.path) for s in sources if s.kind == "chapter"}
    pages = {p.stem for p in (shipped_site / "sop").glob("*.html")} - {"index"}
    # And one What's new page for each edition after the first (sop/editions.yml).
    editions = re.findall(r'^  - id: "([^"]+)"$', (REPO / "sop/editions.yml").read_text(), re.M)
    whats_new = {f"whats-new-{edition}" for edition in editions[1:]}
    assert len(ids) == len(section_files) and whats_new == {"whats-new-2026-27"}
    assert pages == ids | chapter_ids | whats_new


def source_id(path: Path) -> str:
    found = re.search(r"^id: (\S+)$", path.read_text(), re.M)
    assert found is not None, path
    return found.group(1)


def test_the_policy_and_glossary_are_built(shipped_site: Path, policy: model.PolicyVersion) -> None:
    page = (shipped_site / "policy/school-safety-officers/index.html").read_text()
    assert "School Safety Resource Officers (SSOs/SROs)" in page
    assert len(re.findall(r'class="sopkit-clause[" ]', page)) == len(policy.clauses)
    glossary = (shipped_site / "glossary.html").read_text()
    for term in ("School resource officer (SRO)", "School safety officer (SSO)", "Triad model"):
        assert term in glossary


def handwritten_pages(visibility: str) -> set[str]:
    """The site pages made from docs/ whose front matter gives them `visibility`."""
    pages = set()
    for path in (REPO / "docs").rglob("*.md"):
        marked = re.search(r"^visibility:\s*(\w+)", path.read_text(encoding="utf-8"), re.M)
        if (marked.group(1) if marked else "public") == visibility:
            pages.add(path.relative_to(REPO / "docs").with_suffix(".html").as_posix())
    return pages


def site_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


GENERATED_FOLDERS = ("policy/", "sop/")
GENERATED_PAGES = {"glossary.html", "authorities.html", "reviews.html", "training.html"}


def test_the_public_edition_holds_only_the_district_s_pages(shipped_public_site: Path) -> None:
    handwritten = {
        page
        for page in site_pages(shipped_public_site)
        if not page.startswith(GENERATED_FOLDERS) and page not in GENERATED_PAGES
    }
    assert (
        handwritten
        == handwritten_pages("public")
        == {
            "index.html",
            "about-the-manual.html",
            "accessibility.html",
        }
    )


def test_the_officers_edition_adds_the_editors_guides_and_no_developer_page(
    shipped_site: Path,
) -> None:
    pages = site_pages(shipped_site)
    guides = handwritten_pages("internal")
    assert len(guides) == 8 and guides <= pages
    for developer_page in ("performance.html", "benchmark-report.html", "reference/api.html"):
        assert developer_page not in pages
    index = (shipped_site / "search/search_index.json").read_text()
    assert "mkdocstrings" not in index and "sopkit.pipeline" not in index


def test_internal_notes_are_in_the_officers_edition(shipped_site: Path) -> None:
    page = (shipped_site / "sop/student-interviews.html").read_text()
    assert "Officers&#39; edition only" in page or "Officers' edition only" in page


def test_every_citation_of_the_policy_is_linked(
    shipped_site: Path, policy: model.PolicyVersion
) -> None:
    page = (shipped_site / "policy/school-safety-officers/index.html").read_text()
    body = page[page.index("<article") : page.index("</article>")]
    left: list[str] = []

    def unlinked(citation: Citation) -> None:
        left.append(citation.normalized)

    link_citations(body, unlinked)
    assert left == []  # no citation outside a link
    linked = re.findall(r'class="sopkit-citation" href="([^"]+)" title="[^"]*">([^<]+)</a>', body)
    # Each citation the sources hold, and each related policy, exactly once per place.
    cited = [place.citation.text for place in version_places(policy)]
    assert sorted(text for _, text in linked) == sorted(
        cited + [ref.id for ref in policy.related_policies]
    )
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


def test_the_sample_s_only_warnings_are_its_review_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sample manual has two overdue sections and a new one, on purpose, to show what
    # review tracking does. With the default levels, those are the build's only warnings.
    monkeypatch.setenv("SOPKIT_AS_OF", "2026-12-01")
    monkeypatch.delenv("SOPKIT_REVIEW_WARNINGS", raising=False)
    built = build_site(REPO, strict=False, site_dir=tmp_path / "site")
    assert [w.split("\n")[0] for w in built.warnings()] == [
        "sopkit: sop/05-force/use-of-force.yml:21:3: 5.2 Use of force: review overdue since "
        "17 June 2026 (last reviewed 17 June 2024)",
        "sopkit: sop/07-records/delivery-retention.yml:18:3: 7.4 Delivery, storage and "
        "maintenance of reports: review overdue since 30 September 2026 (last reviewed 30 September 2024)",
        "sopkit: sop/10-maintenance/proposing-changes.yml:2:1: 10.3 Proposing a change to this "
        "manual: never reviewed",
    ]


def test_footnotes_are_footnotes_on_every_page_that_shows_policy_text(
    shipped_site: Path,
) -> None:
    # The glossary and the redline show clause text away from its References list: each
    # marker links to the reference on the page that has it, none is left raw.
    pages = ("glossary.html", "policy/school-safety-officers/compare/v1-v2.html")
    for rel in pages:
        html = (shipped_site / rel).read_text(encoding="utf-8")
        assert "[^" not in html, rel
    # Nowhere in the built site is a marker left raw, outside the editors' guides' code
    # (which shows how to write one) and the search index's copy of that code.
    for page in shipped_site.rglob("*.html"):
        text = re.sub(r"<(code|pre)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\[\^\d+\]", text), page
    redline = (shipped_site / pages[1]).read_text(encoding="utf-8")
    target = re.search(r'<sup><a href="\.\./v2\.html#(ref-\d+)"', redline)
    assert target is not None
    version = (shipped_site / "policy/school-safety-officers/v2.html").read_text(encoding="utf-8")
    assert f'id="{target.group(1)}"' in version


def test_placeholder_addresses_are_shown_not_linked(shipped_site: Path) -> None:
    # The sample's review records point at example.org, a name reserved for examples:
    # a reader is told so instead of following a link to nowhere.
    for page in shipped_site.rglob("*.html"):
        assert 'href="https://example.org' not in page.read_text(encoding="utf-8"), page
    mission = (shipped_site / "sop/mission-and-triad.html").read_text(encoding="utf-8")
    assert "Record of the review: a placeholder address, not linked." in mission


def test_the_public_is_not_shown_placeholder_addresses(shipped_public_site: Path) -> None:
    # Staff are told a record is a placeholder (above); the public edition leaves it out.
    for page in shipped_public_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "placeholder address" not in text, page
        assert "example.org" not in text and "district.example/" not in text, page


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://example.org/minutes", True),
        ("https://www.example.com/", True),
        ("https://minutes.district.example/", True),
        ("https://records.invalid/", True),
        ("http://localhost:8000/", True),
        ("https://notexample.org/", False),
        ("https://example.org.evil.com/", False),
        ("https://github.com/district/manual", False),
    ],
)
def test_which_addresses_are_placeholders(url: str, placeholder: bool) -> None:
    from sopkit.sources.textrules import is_placeholder_address

    assert is_placeholder_address(url) is placeholder


def test_policy_text_prints_the_numbers_it_is_cited_by(shipped_site: Path) -> None:
    # The statute's own (a), 1. and (1), never bullets or re-lettered; and the number
    # each clause's label cites ("item 5"), on the policy page and in the glossary.
    def marked(html: str) -> list[str]:
        return re.findall(r'<span class="sopkit-marker">([^<]+)</span>', html)

    policy = (shipped_site / "policy/school-safety-officers/index.html").read_text("utf-8")
    markers = marked(policy)
    assert markers[:10] == ["(1)", "(a)", "1.", "2.", "(b)", "1.", "2.", "3.", "(2)", "¶ 1"]
    assert markers[markers.index("(1)", 1) :][:11] == [f"({n})" for n in range(1, 11)] + ["¶ 3"]
    roles = policy[policy.index('id="part-roles-and-expectations"') :]
    assert marked(roles)[:6] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert (
        '<li class="sopkit-clause sopkit-has-marker" data-sopkit-cite="Jefferson County Public '
        "Schools Board Policy “School Safety Resource Officers (SSOs/SROs)”, Roles and "
        'Expectations, item 5 (version 2)" id="roles-jurisdiction">'
        '<span class="sopkit-marker">5.</span>'
    ) in policy
    glossary = (shipped_site / "glossary.html").read_text("utf-8")
    assert marked(glossary) == ["(a)", "1.", "2.", "(b)", "1.", "2.", "3."]
