"""Real `mkdocs build --strict` runs of tiny fixture sites, with assertions on the HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ProjectFolder, build_fixture
from sitebuild import MKDOCS_YML, Built, build_site, write_site
from test_linking import well_formed

SECTION = "sop/04-students/interviews.yml"


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    write_site(project.root)
    return project


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture, unchanged, built once for the tests that only read the result."""
    return build_fixture(tmp_path_factory.mktemp("unchanged"))


def built_ok(project: ProjectFolder) -> Built:
    built = build_site(project.root)
    assert built.error == ""
    assert built.warnings() == []  # unexpected warnings fail the test
    return built


def test_pages_exist_at_id_based_urls(unchanged: Built) -> None:
    built = unchanged
    for rel in (
        "policy/school-safety-officers/index.html",
        "sop/index.html",
        "sop/students/index.html",
        "sop/student-interviews/index.html",
        "sop/student-searches/index.html",
        "glossary/index.html",
    ):
        assert (built.site / rel).is_file(), rel
    page = built.html("sop/student-interviews/index.html")
    assert "<title>4.2 Interviewing students - Fixture site</title>" in page
    assert '<h1 id="42-interviewing-students">4.2 Interviewing students</h1>' in page


def test_no_source_file_or_generated_page_lands_in_docs(unchanged: Built) -> None:
    assert sorted(p.name for p in (unchanged.site.parent / "docs").iterdir()) == ["index.md"]
    assert not list(unchanged.site.rglob("*.yml"))


def test_edit_links_open_the_yaml_source_and_line(unchanged: Built) -> None:
    built = unchanged
    edit = re.compile(r'<a href="([^"]+)" title="Edit this page"')
    expected = {
        "sop/student-interviews/index.html": f"{SECTION}#L1",
        "sop/students/index.html": "sop/04-students/chapter.yml#L1",
        "sop/index.html": "sop/manual.yml#L1",
        "policy/school-safety-officers/index.html": (
            "policy_data/policies/school-safety-officers/versions/v1.yml#L1"
        ),
        "index.html": "docs/index.md#L1",
    }
    for rel, target in expected.items():
        assert edit.findall(built.html(rel)) == [
            f"https://github.com/district/manual/edit/main/{target}"
        ], rel


def test_edit_link_points_at_the_line_where_the_section_starts(site: ProjectFolder) -> None:
    site.write(SECTION, "# A comment\n# and another\n\n" + site.read(SECTION))
    built = built_ok(site)
    assert f"edit/main/{SECTION}#L4" in built.html("sop/student-interviews/index.html")


def test_renumbering_a_section_keeps_its_url(site: ProjectFolder) -> None:
    built_ok(site)
    site.replace(SECTION, 'number: "4.2"', 'number: "4.7"')
    built = built_ok(site)
    page = built.html("sop/student-interviews/index.html")
    assert "<title>4.7 Interviewing students - Fixture site</title>" in page
    landing = built.html("sop/index.html")
    assert landing.index("4.3 Searches") < landing.index("4.7 Interviewing students")


def nav_titles(html: str) -> list[str]:
    """The titles of the primary navigation, in order."""
    primary = html.split("md-nav--primary", 1)[1]
    return re.findall(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', primary)


def test_navigation_follows_the_numbers(site: ProjectFolder) -> None:
    site.replace(SECTION, 'number: "4.2"', 'number: "4.10"')
    built = built_ok(site)
    titles = nav_titles(built.html("index.html"))
    assert titles.index("4.3 Searches") < titles.index("4.10 Interviewing students")


def test_policy_clauses_carry_their_ids_and_backlinks(unchanged: Built) -> None:
    built = unchanged
    policy = built.html("policy/school-safety-officers/index.html")
    # Every clause is numbered as it is cited ("Roles, paragraph 1"), has a permanent
    # link, and says how to cite it.
    assert (
        '<div class="sopkit-clause sopkit-has-marker" data-sopkit-cite="Test District '
        'Board Policy “School Safety Officers”, Roles, paragraph 1 (version 1)" '
        'id="roles-jurisdiction"><span class="sopkit-marker">¶ 1</span> '
        '<div class="sopkit-marked-body">\n<p>An SSO has'
    ) in policy
    assert (
        '<a aria-label="Permanent link to Roles, paragraph 1" class="sopkit-clause-link" '
        'data-search-exclude="" href="#roles-jurisdiction" '
        'title="Permanent link to Roles, paragraph 1">#</a></p>'
    ) in policy
    assert 'id="def-school-safety-officer"><span class="sopkit-marker">(1)</span>' in policy
    assert (
        '<li id="ref-1" value="1"><a class="sopkit-citation" '
        'href="https://law.justia.com/codes/kentucky/chapter-158/section-158-441/" '
        'title="Definitions for chapter">KRS 158.441</a></li>'
    ) in policy
    # the footnote in the definition links to its reference
    assert '<sup><a href="#ref-1" title="Reference 1">1</a></sup>' in policy
    assert 'href="../../sop/student-interviews/">4.2 Interviewing students</a>' in policy
    section = built.html("sop/student-interviews/index.html")
    assert (
        'href="../../policy/school-safety-officers/#roles-jurisdiction" '
        'data-sopkit-cite="the board policy">Roles, paragraph 1</a>'
    ) in section


def test_glossary_links_each_term_to_where_it_is_defined(unchanged: Built) -> None:
    built = unchanged
    glossary = built.html("glossary/index.html")
    assert '<h2 id="school-safety-officer">School safety officer (SSO)' in glossary
    assert 'href="../policy/school-safety-officers/#def-school-safety-officer"' in glossary


def test_a_hostile_title_is_escaped_even_if_it_got_past_check(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `sopkit check` refuses these; switch its text rules off to prove that rendering
    # alone keeps them harmless.
    monkeypatch.setattr("sopkit.sources.schema.check_plain_text", lambda *args: [])
    site.replace(
        SECTION, "title: Interviewing students", "title: '</title><script>alert(1)</script>'"
    )
    site.replace(
        SECTION,
        "summary: When and how an SSO interviews a student.",
        "summary: '\" onmouseover=\"alert(2)'",
    )
    built = built_ok(site)
    page = built.html("sop/student-interviews/index.html")
    assert "<script>alert(1)" not in page
    assert (
        "<title>4.2 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Fixture site</title>"
        in page
    )
    assert '<meta name="description" content="&quot; onmouseover=&quot;alert(2)">' in page
    for other in ("sop/index.html", "sop/students/index.html", "index.html"):
        assert "<script>alert(1)" not in built.html(other)
        # The words may stay, as text; never as an attribute of an element.
        assert not re.search(r"<[^>]*\sonmouseover=", built.html(other))


def test_source_errors_fail_the_build_with_their_location(site: ProjectFolder) -> None:
    site.replace(SECTION, 'number: "4.2"', "number: 4.2")
    built = build_site(site.root)
    assert built.error == "Aborted with a BuildError!"
    assert built.errors()[-1].startswith("sopkit: the sources have errors (listed above)")
    assert (
        "ERROR",
        "sopkit: sop/04-students/interviews.yml:2:9: number: section number 4.2 is written as a "
        "number, and YAML reads it as 4.2; codes must keep every digit\n"
        '  hint: put it in quotes: "4.2"',
    ) in built.logs


def test_source_warnings_follow_the_configured_level(site: ProjectFolder) -> None:
    site.replace(
        "policy_data/training.yml", "title: De-escalation strategies", "title: Verbal judo"
    )
    strict = build_site(site.root)
    assert "Aborted with 1 warnings in strict mode!" in strict.error
    assert strict.warnings()[0].startswith(
        "sopkit: policy_data/training.yml:9:16: the training topic"
    )
    write_site(
        site.root,
        MKDOCS_YML.replace(
            "#L{line}\n", "#L{line}\n      checks:\n        source_warnings: info\n"
        ),
    )
    relaxed = built_ok(site)
    assert any(level == "INFO" and "Verbal judo" in m for level, m in relaxed.logs)


def test_the_public_edition_leaves_out_internal_sections(site: ProjectFolder) -> None:
    write_site(site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      edition: public\n"))
    built = built_ok(site)
    assert not (built.site / "sop" / "student-searches").exists()
    assert "Searches" not in built.html("sop/index.html")
    assert "student-searches" not in built.html("sitemap.xml")


def test_an_explicit_nav_is_expanded_in_place(site: ProjectFolder) -> None:
    write_site(site.root, MKDOCS_YML + "nav:\n  - Start: index.md\n  - The manual: sop/index.md\n")
    built = built_ok(site)
    assert nav_titles(built.html("index.html")) == [
        "Start",
        # generated pages that the nav does not place follow the first entry
        "Board policies",
        "All policies",
        "School Safety Officers",
        "Current text",
        "History and changes",
        "Glossary",
        "Authorities",
        "Review dashboard",
        "Training coverage",
        "The manual",
        "Overview",
        "4 Student contacts",
        "Overview",
        "4.2 Interviewing students",
        "4.3 Searches",
    ]


def test_templates_can_be_overridden(site: ProjectFolder) -> None:
    (site.root / "overrides").mkdir()
    (site.root / "overrides" / "chapter.md.j2").write_text(
        "# {{ title|text }}\n\nOur own chapter page.\n"
    )
    write_site(
        site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      templates_dir: overrides\n")
    )
    built = built_ok(site)
    assert "Our own chapter page." in built.html("sop/students/index.html")
    assert "Our own chapter page." not in built.html("sop/student-interviews/index.html")


def test_a_docs_page_cannot_take_a_generated_address(site: ProjectFolder) -> None:
    (site.root / "docs" / "glossary.md").write_text("# Mine\n")
    built = build_site(site.root)
    assert built.error and built.errors() == [
        "sopkit: docs/glossary.md has the address of a generated page; rename it"
    ]


def test_the_build_reports_what_it_rendered(unchanged: Built) -> None:
    built = unchanged
    assert any(
        re.fullmatch(
            r"sopkit: rendered 12 pages from 9 sources in [0-9.]+ s \(as of 2026-12-01\)", m
        )
        for _, m in built.logs
    )


def test_no_page_refers_to_an_outside_host_for_assets(unchanged: Built) -> None:
    built = unchanged
    for page in Path(built.site).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert "fonts.g" not in src and "unpkg" not in src and "cdn" not in src, (page, src)


def article(page: str) -> str:
    end = page.index("</article>") + len("</article>")
    return page[page.index("<article") : end]


def test_citations_are_linked_in_generated_and_hand_written_pages(site: ProjectFolder) -> None:
    (site.root / "docs" / "index.md").write_text(
        "# Home\n\nOfficers act under KRS 61.902. `KRS 61.902` in code stays text, "
        "[KRS 158.441](https://example.org) keeps its link, and Policy 09.14 links to the "
        "Authorities page.\n\n## KRS 16.010 in a heading\n"
    )
    built = built_ok(site)
    home = article(built.html("index.html"))
    assert home.count('class="sopkit-citation"') == 2
    assert (
        '<a class="sopkit-citation" href="https://law.justia.com/codes/kentucky/chapter-61/section-61-902/" '
        'title="Special law enforcement officers">KRS 61.902</a>'
    ) in home
    assert "<code>KRS 61.902</code>" in home
    assert '<a href="https://example.org">KRS 158.441</a>' in home
    assert (
        'Policy <a class="sopkit-citation" href="authorities/#policy-09-14" title="Policy 09.14">09.14</a>'
        in home
    )
    section = article(built.html("sop/student-interviews/index.html"))
    assert 'title="Special law enforcement officers">KRS 61.902</a>' in section
    assert well_formed(section) and well_formed(home)


def test_the_authorities_page_lists_each_authority_with_backlinks(unchanged: Built) -> None:
    built = unchanged
    page = article(built.html("authorities/index.html"))
    headings = re.findall(r'<h3 id="([^"]+)">([^<]+)<', page)
    assert headings == [
        ("krs-61-902", "KRS 61.902"),
        ("krs-158-441", "KRS 158.441"),
        ("policy-09-14", "Policy 09.14"),
    ]
    krs = page[page.index('id="krs-61-902"') : page.index('id="krs-158-441"')]
    assert "Special law enforcement officers." in krs
    assert (
        'href="../policy/school-safety-officers/#roles-jurisdiction" '
        'data-sopkit-cite="the board policy">School Safety Officers: Roles, paragraph 1</a>' in krs
    )
    assert 'href="../sop/student-interviews/">4.2 Interviewing students</a>' in krs
    assert (
        'href="https://law.justia.com/codes/kentucky/chapter-61/section-61-902/">Read KRS 61.902</a>'
        in krs
    )
    policy = page[page.index('id="policy-09-14"') :]
    assert "Not published on this site." in policy and "Related policies" in policy
    assert "Title not recorded" not in page
    interviews = article(built.html("sop/student-interviews/index.html"))
    assert (
        '<a href="../../authorities/#krs-61-902">KRS 61.902</a>: Special law enforcement officers'
        in interviews
    )


def test_the_public_edition_lists_only_what_public_pages_cite(site: ProjectFolder) -> None:
    site.replace(
        "sop/04-students/searches.yml", "Searches follow the law.", "Searches follow KRS 161.011."
    )
    write_site(site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      edition: public\n"))
    built = built_ok(site)
    assert "161.011" not in built.html("authorities/index.html")


def test_an_edit_address_on_an_example_host_gives_no_edit_link(site: ProjectFolder) -> None:
    site.replace(
        "mkdocs.yml",
        "https://github.com/district/manual/edit/main/",
        "https://git.example/district/manual/edit/main/",
    )
    built = built_ok(site)
    for page in ("sop/student-interviews/index.html", "index.html"):
        assert 'title="Edit this page"' not in built.html(page)
        assert "git.example" not in built.html(page)
    assert (
        "INFO",
        "sopkit: edit_url https://git.example/district/manual/edit/main/{path}#L{line} is on "
        "a host reserved for examples: pages get no 'Edit this page' link until it names your "
        "repository",
    ) in built.logs
