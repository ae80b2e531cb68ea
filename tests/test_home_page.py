"""The home page's part from the sources: in the officers' edition, the sections an
officer most often needs; in the public edition, the program, its policy, and how to
give feedback or complain (the district's own contact, from sop/manual.yml)."""

from __future__ import annotations

import pytest

from conftest import AS_OF, ProjectFolder
from sitebuild import build_site, write_site
from sopkit import check_project
from sopkit.diagnostics import Severity
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.project import Layout, load_project

MANUAL = "sop/manual.yml"
HOME_PART = """\
start_here: [student-interviews, student-searches]
contact:
  name: Office of School Safety
  phone: (502) 555-0142
  email: safety@district.example
  web: https://district.example/feedback
  feedback: Tell us what works. To complain about an officer, call or write to us.
"""


@pytest.fixture
def home(project: ProjectFolder) -> ProjectFolder:
    project.write(MANUAL, project.read(MANUAL) + HOME_PART)
    return project


def start_here(project: ProjectFolder, edition: str) -> str:
    options = BuildOptions(as_of=AS_OF, edition=edition)  # type: ignore[arg-type]
    done = build(load_project(Layout(project.root)), options)
    assert done.site is not None, done.diagnostics
    return done.site.start_here


def test_the_officers_edition_starts_with_the_sections_officers_need(home: ProjectFolder) -> None:
    part = start_here(home, "internal")
    assert part.startswith("## Start here { #start-here }")
    assert (
        "- [**4.2** Interviewing students](sop/student-interviews.md)<br>\n"
        "  When and how an SSO interviews a student.\n"
        "- [**4.3** Searches](sop/student-searches.md)<br>\n"
        "  Searches of students and property.\n"
    ) in part
    # How the public gives feedback or complains: officers are asked, so they have it too.
    assert part.index("## Feedback and complaints") > part.index("## Start here")


def test_the_public_edition_gives_the_program_the_policy_and_the_contact(
    home: ProjectFolder,
) -> None:
    part = start_here(home, "public")
    assert "Start here" not in part and "student-searches" not in part  # 4.3 is internal
    assert "[School Safety Officers](policy/school-safety-officers/index.md)" in part
    assert "[Test manual](sop/index.md)" in part
    assert "Tell us what works. To complain about an officer, call or write to us." in part
    # The sample's addresses are on hosts reserved for examples: shown, never linked.
    assert "Email: safety@district.example\n" in part
    assert "district.example/feedback" not in part  # an address that leads nowhere: left out
    assert "Phone: [(502) 555-0142](tel:5025550142)" in part  # a phone can call it
    assert "mailto:" not in part and "](https://district.example" not in part


def test_a_real_contact_is_linked(home: ProjectFolder) -> None:
    home.write(MANUAL, home.read(MANUAL).replace("district.example", "district.k12.ky.us"))
    part = start_here(home, "public")
    assert "[safety@district.k12.ky.us](mailto:safety@district.k12.ky.us)" in part
    assert "[https://district.k12.ky.us/feedback](https://district.k12.ky.us/feedback)" in part


def test_the_line_on_the_home_page_is_replaced_in_each_edition(
    home: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(home.root, index="# Home\n\n<!-- sopkit: start-here -->\n\nThe rest.\n")
    built = build_site(home.root)
    assert (built.error, built.warnings()) == ("", [])
    page = built.html("index.html")
    assert 'id="start-here"' in page and "sopkit: start-here" not in page
    assert 'href="sop/student-interviews/"' in page
    # The officers' edition also names itself in the header of every page.
    badge = '</div><span class="sopkit-header-edition">Internal edition</span>'
    assert badge in page and badge in built.html("404.html")
    monkeypatch.setenv("SOPKIT_EDITION", "public")
    public = build_site(home.root)
    assert (public.error, public.warnings()) == ("", [])
    page = public.html("index.html")
    assert 'id="feedback-and-complaints"' in page and 'id="start-here"' not in page
    assert "sopkit-header-edition" not in page


def test_a_misspelt_part_stops_the_build_and_its_hint_fixes_it(home: ProjectFolder) -> None:
    write_site(home.root, index="---\ntitle: Home\n---\n# Home\n\n<!-- sopkit: start_here -->\n")
    built = build_site(home.root)
    assert built.errors()[-1] == (
        "sopkit: docs/index.md:6:1: '<!-- sopkit: start_here -->' is not a part sopkit fills "
        "in; write <!-- sopkit: start-here -->"
    )
    write_site(home.root, index="---\ntitle: Home\n---\n# Home\n\n<!-- sopkit: start-here -->\n")
    assert build_site(home.root).errors() == []


def test_the_part_belongs_on_the_home_page(home: ProjectFolder) -> None:
    write_site(home.root)
    (home.root / "docs" / "about.md").write_text("# About\n\n<!-- sopkit: start-here -->\n")
    built = build_site(home.root)
    assert built.errors()[-1] == (
        "sopkit: docs/about.md:3:1: the start-here part belongs on the home page "
        "(docs/index.md); move the line there"
    )
    # The hint, applied: the line moved to the home page.
    (home.root / "docs" / "about.md").write_text("# About\n")
    write_site(home.root, index="# Home\n\n<!-- sopkit: start-here -->\n")
    assert build_site(home.root).errors() == []


def test_an_unknown_section_to_start_with_is_an_error_with_a_hint(home: ProjectFolder) -> None:
    home.replace(MANUAL, "start_here: [student-interviews,", "start_here: [student-interview,")
    (problem,) = [
        d
        for d in check_project(Layout(home.root), as_of=AS_OF).diagnostics
        if d.severity is Severity.ERROR
    ]
    assert str(problem.location) == "sop/manual.yml:24:14"
    assert problem.message == (
        "start_here: 'student-interview' is not a section id (did you mean 'student-interviews'?)"
    )
