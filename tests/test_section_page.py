"""A section page, phone first: one line of facts, a collapsed box with the rest, the
section's summary, its procedure, then its guidance. (The layout's effect on a phone is
measured in Chromium by test_phone_layout.py.)"""

from __future__ import annotations

import re

import pytest

from conftest import AS_OF, ProjectFolder
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.project import Layout, load_project

INTERVIEWS = "sop/04-students/interviews.yml"


def section_markdown(project: ProjectFolder) -> str:
    done = build(load_project(Layout(project.root)), BuildOptions(as_of=AS_OF))
    assert done.site is not None
    (page,) = [p for p in done.site.pages if p.path == "sop/student-interviews.md"]
    return page.markdown


def procedure(markdown: str) -> str:
    return markdown.split("## Procedure { #procedure }\n\n", 1)[1].split("\n## ", 1)[0].strip()


def test_the_page_reads_title_facts_summary_procedure_then_guidance(
    project: ProjectFolder,
) -> None:
    markdown = section_markdown(project)
    order = [
        "# 4.2 Interviewing students",
        '<p class="sopkit-about__line" markdown><span>Owner: Chief</span> <span>Reviewed 10 '
        "March 2026</span></p>",
        "<summary>About this section</summary>",
        '<p class="sopkit-lead" markdown>When and how an SSO interviews a student.</p>',
        "## Procedure { #procedure }",
        "## Guidance { #guidance }",
        "An SSO interviews a student only about a possible offense",
    ]
    places = [markdown.find(text) for text in order]
    assert -1 not in places, [t for t, p in zip(order, places, strict=True) if p < 0]
    assert places == sorted(places)


def test_a_body_that_starts_with_its_own_heading_gets_no_guidance_heading(
    project: ProjectFolder,
) -> None:
    project.replace(INTERVIEWS, "body: |\n  An SSO", "body: |\n  ## When\n\n  An SSO")
    assert "## Guidance" not in section_markdown(project)


def test_steps_by_different_roles_name_each_actor_by_its_short_title(
    project: ProjectFolder,
) -> None:
    assert procedure(section_markdown(project)) == (
        "1.  **School Safety Officer:** Tell the principal.\n2.  Record the interview."
    )
    project.replace(
        "sop/manual.yml",
        "    title: School Safety Officer\n",
        "    title: School Safety Officer\n    short_title: SSO\n",
    )
    assert procedure(section_markdown(project)).startswith("1.  **SSO:** Tell the principal.")


def test_steps_all_by_one_role_name_it_once(project: ProjectFolder) -> None:
    project.replace(INTERVIEWS, "  - Record the interview.", "  - text: Record it.\n    actor: sso")
    assert procedure(section_markdown(project)) == (
        '<p class="sopkit-steps-actor">Every step: School Safety Officer.</p>\n\n'
        "1.  Tell the principal.\n2.  Record it."
    )


@pytest.mark.parametrize("sample", [True, False])
def test_the_sample_notice_is_one_line_linking_to_the_whole_notice(
    project: ProjectFolder, sample: bool
) -> None:
    if sample:
        project.replace(
            "sop/manual.yml",
            'edition: "2026-27"\n',
            'edition: "2026-27"\nsample: true\nsample_notice: An example, not adopted.\n',
        )
    markdown = section_markdown(project)
    line = re.findall(r'<p class="sopkit-sample".*', markdown)
    assert line == (
        [
            '<p class="sopkit-sample" data-search-exclude markdown>**Sample content**, not '
            "the adopted procedures of Test District. [About this sample](index.md"
            "#sample-content)</p>"
        ]
        if sample
        else []
    )
    assert "An example, not adopted." not in markdown


def front_matter_of(project: ProjectFolder, path: str) -> str:
    done = build(load_project(Layout(project.root)), BuildOptions(as_of=AS_OF))
    assert done.site is not None
    (page,) = [p for p in done.site.pages if p.path == path]
    return page.markdown.split("\n---\n", 1)[0]


def test_search_finds_a_section_by_what_it_cites_and_by_its_search_terms(
    project: ProjectFolder,
) -> None:
    project.replace(
        INTERVIEWS, "training_topics:", "search_terms: [questioning, Miranda]\ntraining_topics:"
    )
    assert 'tags: ["KRS 61.902", "questioning", "Miranda"]' in front_matter_of(
        project, "sop/student-interviews.md"
    )


def test_a_policy_is_found_by_what_its_text_rests_on_not_by_its_reference_list(
    project: ProjectFolder,
) -> None:
    # The fixture's policy cites KRS 61.902 in a clause, KRS 158.441 only in its
    # references, and Policy 09.14 only among its related policies.
    tags = front_matter_of(project, "policy/school-safety-officers/index.md")
    assert 'tags: ["KRS 61.902"]' in tags


def test_the_officers_edition_names_itself_in_the_header() -> None:
    from sopkit.web.marks import with_header_badge

    page = (
        '<header><div class="md-header__title" data-md-component="header-title">'
        '<div class="md-header__ellipsis"><div>Site</div><div>Page</div></div></div>'
        "<form></form></header>"
    )
    badge = '<span class="sopkit-header-edition">Officers&#x27; edition</span>'
    assert with_header_badge(page, badge) == page.replace(
        "</div></div></div>", "</div></div></div>" + badge
    )
    assert with_header_badge(page, "") == page
    assert with_header_badge("<p>No header</p>", badge) == "<p>No header</p>"
