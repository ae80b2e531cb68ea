"""References to sections by id: [[section:id]] shows the section's current number,
linked; a written number that matches no section is a located warning.

On the previous main, renumbering left prose like "training in section 2.3" pointing at
nothing, without a word.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import AS_OF, ProjectFolder
from sitebuild import MKDOCS_YML, build_site, write_site
from sopkit import Layout, load_project
from sopkit.editions.select import public_text
from sopkit.model import Prose
from sopkit.pipeline import BuildOptions, build, print_documents_of
from sopkit.sources.references import expand_section_refs

SECTION = "sop/04-students/interviews.yml"
BODY = "  The principal, first.\n"


def test_a_reference_is_written_out_as_a_link_with_the_current_number() -> None:
    def resolve(section_id: str) -> tuple[str, str | None] | None:
        return ("4.3 Searches", "student-searches.md") if section_id == "student-searches" else None

    text = (
        "As [[section:student-searches]] says. [[Section:student-searches]] first. `[[section:x]]`"
    )
    assert expand_section_refs(text, resolve, {}) == (
        'As [section 4.3](student-searches.md "4.3 Searches") says. '
        '[Section 4.3](student-searches.md "4.3 Searches") first. `[[section:x]]`'
    )


def test_the_public_edition_names_a_withheld_section_by_its_number_only() -> None:
    prose = Prose("See [[section:tactics]] and [[section:student-interviews]].")
    public = public_text(prose, {"tactics": "8.2"})
    assert public.text == "See section 8.2 (not published) and [[section:student-interviews]]."
    assert public.edits == ((4, 23, len("section 8.2 (not published)")),)


def test_an_unknown_reference_is_an_error_where_it_is_written(project: ProjectFolder) -> None:
    project.replace(SECTION, BODY, "  The principal, first; see [[section:student-serches]].\n")
    assert project.check() == [
        f"{SECTION}:19:29: error: body: [[section:student-serches]] names no section (did you "
        "mean 'student-searches'?)\n"
        "  hint: write the id of a section (its id: line), e.g. [[section:student-searches]]"
    ]


def test_a_written_number_that_matches_no_section_is_a_warning(project: ProjectFolder) -> None:
    project.replace(SECTION, BODY, "  The principal, first (see section 4.9).\n")
    assert project.check() == [
        f"{SECTION}:19:29: warning: body: 'section 4.9' names a section number the manual does "
        "not have\n"
        "  hint: refer to the section by its id, which shows its current number and links to "
        "it: [[section:ID]] (the id is on its id: line)"
    ]


def test_numbers_of_other_things_are_left_alone(project: ProjectFolder) -> None:
    # 504 and 61.902 are a federal section and a statute, not sections of the manual: the
    # manual has no chapter 61. Numbers that exist are fine.
    project.replace(
        SECTION, BODY, "  Section 504 applies; see section 61.902 and section 4.3 too.\n"
    )
    assert project.check() == []


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    project.replace(SECTION, BODY, "  The principal, first; then [[section:student-searches]].\n")
    return project


def test_the_officers_edition_links_the_reference(site: ProjectFolder) -> None:
    write_site(site.root)
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    page = built.html("sop/student-interviews/index.html")
    assert '<a href="../student-searches/" title="4.3 Searches">section 4.3</a>' in page


def test_the_public_edition_says_the_section_is_not_published(site: ProjectFolder) -> None:
    write_site(site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      edition: public\n"))
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    page = built.html("sop/student-interviews/index.html")
    assert "then section 4.3 (not published)." in page
    assert "student-searches" not in page


def test_a_renumbered_section_is_shown_with_its_new_number(site: ProjectFolder) -> None:
    site.replace("sop/04-students/searches.yml", 'number: "4.3"', 'number: "4.7"')
    write_site(site.root)
    page = build_site(site.root).html("sop/student-interviews/index.html")
    assert ">section 4.7</a>" in page


def test_the_pdf_jumps_to_the_section_or_links_its_page(site: ProjectFolder) -> None:
    done = build(load_project(Layout(site.root)), BuildOptions(as_of=AS_OF, pdf=True))
    documents = {
        d.path: d.html
        for d in print_documents_of(
            done,
            generated=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
            page_url=lambda path: "https://manual.example.org/" + path.removesuffix(".md") + "/",
        )
    }
    manual = documents["pdf/test-manual-2026-27-internal-edition.pdf"]
    assert '<a href="#s-student-searches" title="4.3 Searches">section 4.3</a>' in manual
    alone = documents["pdf/sections/student-interviews-internal-edition.pdf"]
    assert (
        '<a href="https://manual.example.org/sop/student-searches/" title="4.3 Searches">'
        "section 4.3</a>"
    ) in alone
