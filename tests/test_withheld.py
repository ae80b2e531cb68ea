"""What the public edition says of the sections it leaves out: each internal section's
`withheld_reason`, shown by number in its place (chapter page, landing page, PDFs), and
the checks that keep public text from pointing at what its readers cannot see."""

from __future__ import annotations

import textwrap

from conftest import AS_OF, ProjectFolder
from sopkit import Layout, model
from sopkit.editions.select import select_edition
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.project import load_project
from sopkit.views import WithheldRun, manual_contents

SEARCHES = "sop/04-students/searches.yml"
INTERVIEWS = "sop/04-students/interviews.yml"

# Two more internal sections after 4.3, one with the same reason: 4.3 and 4.4 make one
# run, 4.6 stands alone after the public 4.5.
TACTICS = """\
    id: search-tactics
    number: "4.4"
    title: Locker sweeps with dogs
    summary: How locker sweeps are planned.
    owner: chief
    visibility: internal
    withheld_reason: methods of search
    audiences: [ssos]
    implements: [roles-jurisdiction]
    body: |
      Sweeps are planned with the principal.
    """
PUBLIC_45 = """\
    id: parents
    number: "4.5"
    title: Telling parents
    summary: When parents are told.
    owner: chief
    visibility: public
    audiences: [ssos]
    implements: [roles-jurisdiction]
    body: |
      Parents are told the same day.
    """
RADIO = """\
    id: radio-codes
    number: "4.6"
    title: Radio codes for schools
    summary: The codes used on the radio.
    owner: chief
    visibility: internal
    withheld_reason: security of police radio communications
    audiences: [ssos]
    implements: [roles-jurisdiction]
    body: |
      Codes change each term.
    """


def with_more_sections(project: ProjectFolder) -> ProjectFolder:
    project.write("sop/04-students/tactics.yml", textwrap.dedent(TACTICS))
    project.write("sop/04-students/parents.yml", textwrap.dedent(PUBLIC_45))
    project.write("sop/04-students/radio.yml", textwrap.dedent(RADIO))
    return project


def public_pages(project: ProjectFolder) -> dict[str, str]:
    done = build(load_project(Layout(project.root)), BuildOptions(as_of=AS_OF, edition="public"))
    assert done.site is not None, [str(d) for d in done.diagnostics]
    return {page.path: page.markdown for page in done.site.pages}


def public_messages(project: ProjectFolder) -> list[str]:
    done = build(
        load_project(Layout(project.root)),
        BuildOptions(as_of=AS_OF, edition="public", render=False),
    )
    return [str(d) for d in done.diagnostics if d.code.startswith("withheld")]


# -- the source -------------------------------------------------------------------------


def test_an_internal_section_without_a_reason_is_an_error(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "withheld_reason: methods of search\n", "")
    assert project.check() == [
        f"{SEARCHES}:6:1: error: an internal section needs a 'withheld_reason': the public "
        "edition lists it by its number with that reason, so that readers know why it is not "
        "there\n"
        "  hint: add a line under visibility saying, in public words and without the "
        "section's title, why it is withheld, e.g. withheld_reason: tactical procedures"
    ]
    # The hint, applied: the line it gives, under visibility.
    project.replace(
        SEARCHES,
        "visibility: internal\n",
        "visibility: internal\nwithheld_reason: tactical procedures\n",
    )
    assert project.check() == []


def test_a_public_section_needs_no_reason(project: ProjectFolder) -> None:
    project.replace(SEARCHES, "visibility: internal\nwithheld_reason: methods of search\n", (
        "visibility: public\n"
    ))  # fmt: skip
    assert project.check() == []


def test_a_reason_is_plain_text_and_sanitized(project: ProjectFolder) -> None:
    project.replace(
        SEARCHES, "withheld_reason: methods of search", "withheld_reason: methods <b>of</b> search"
    )
    assert project.messages() == [
        f"{SEARCHES}:7:26: error: withheld_reason: raw HTML '<b>' is not allowed",
        f"{SEARCHES}:7:31: error: withheld_reason: raw HTML '</b>' is not allowed",
    ]


def test_a_reason_that_gives_away_what_is_withheld_is_refused(project: ProjectFolder) -> None:
    with_more_sections(project)
    tactics = "sop/04-students/tactics.yml"
    project.replace(
        tactics, "withheld_reason: methods of search", "withheld_reason: locker sweeps with dogs"
    )
    assert project.check() == []  # only the public edition shows it
    assert public_messages(project) == [
        f"{tactics}:7:18: error: withheld_reason: 'locker sweeps with dogs' holds the title "
        "of the internal section 4.4 Locker sweeps with dogs; the public edition publishes "
        "the reason, so it must not say what is withheld\n"
        "  hint: say why in general words, without the section's title or text, e.g. "
        "withheld_reason: tactical procedures"
    ]
    # The hint, applied.
    project.replace(
        tactics, "withheld_reason: locker sweeps with dogs", "withheld_reason: tactical procedures"
    )
    assert public_messages(project) == []


# -- what the public edition keeps --------------------------------------------------------


def test_the_public_edition_keeps_only_the_number_and_the_reason(project: ProjectFolder) -> None:
    loaded = load_project(Layout(project.root)).project
    public = select_edition(loaded, "public")
    assert public.manual is not None
    assert [s.id for s in public.manual.sections] == ["student-interviews"]
    assert public.manual.withheld == (
        model.Withheld(number="4.3", chapter="4", reason="methods of search"),
    )
    # The officers' edition has every section, and nothing withheld.
    assert loaded.manual is not None and loaded.manual.withheld == ()


def test_neighbours_withheld_for_one_reason_make_one_line(project: ProjectFolder) -> None:
    with_more_sections(project)
    public = select_edition(load_project(Layout(project.root)).project, "public")
    assert public.manual is not None
    (chapter,) = manual_contents(public.manual)
    assert [e.number if isinstance(e, model.Section) else e for e in chapter.entries] == [
        "4.2",
        WithheldRun(("4.3", "4.4"), "methods of search"),
        "4.5",
        WithheldRun(("4.6",), "security of police radio communications"),
    ]
    assert [run.line for run in chapter.withheld] == [
        "Sections 4.3 and 4.4 are not published: methods of search.",
        "Section 4.6 is not published: security of police radio communications.",
    ]
    three = WithheldRun(("8.2", "8.3", "8.4"), "tactical procedures.")
    assert three.line == "Sections 8.2, 8.3 and 8.4 are not published: tactical procedures."
    assert three.heading == "Sections 8.2, 8.3 and 8.4 are not published: tactical procedures"
    assert three.anchor == "withheld-8-2"


def test_a_chapter_withheld_whole_is_listed_by_its_number(project: ProjectFolder) -> None:
    project.write("sop/05-force/chapter.yml", 'id: force\nnumber: "5"\ntitle: Use of force\n')
    project.write(
        "sop/05-force/tactics.yml",
        textwrap.dedent(TACTICS).replace('"4.4"', '"5.1"'),
    )
    pages = public_pages(project)
    assert "sop/force.md" not in pages
    landing = pages["sop/index.md"]
    assert "### Chapter 5 is not published\n\n" in landing
    assert "- Section 5.1 is not published: methods of search.\n" in landing
    assert "Use of force" not in landing and "Locker sweeps" not in landing


# -- the pages ------------------------------------------------------------------------------


def test_the_chapter_page_says_where_sections_are_left_out(project: ProjectFolder) -> None:
    pages = public_pages(with_more_sections(project))
    chapter = pages["sop/students.md"]
    body = chapter[chapter.index("## [4.2") :]
    assert body == (
        "## [4.2 Interviewing students](student-interviews.md) { #student-interviews }\n\n"
        "When and how an SSO interviews a student.\n\n"
        "## Sections 4.3 and 4.4 are not published: methods of search "
        "{ #withheld-4-3 .sopkit-withheld }\n\n"
        "## [4.5 Telling parents](parents.md) { #parents }\n\n"
        "When parents are told.\n\n"
        "## Section 4.6 is not published: security of police radio communications "
        "{ #withheld-4-6 .sopkit-withheld }\n\n\n"
        "[All chapters of the manual](index.md)\n"
    )


def test_the_landing_page_lists_them_in_place_and_says_why(project: ProjectFolder) -> None:
    landing = public_pages(with_more_sections(project))["sop/index.md"]
    contents = landing[landing.index("### [4") : landing.index("## The SOP Manual Team")]
    assert contents == (
        "### [4 Student contacts](students.md)\n\n"
        "- [4.2 Interviewing students](student-interviews.md)\n"
        "- Sections 4.3 and 4.4 are not published: methods of search.\n"
        "{: .sopkit-withheld }\n"
        "- [4.5 Telling parents](parents.md)\n"
        "- Section 4.6 is not published: security of police radio communications.\n"
        "{: .sopkit-withheld }\n\n"
        "## What this edition leaves out { #withheld }\n\n"
        "This public edition does not publish 3 of the manual's sections; the internal "
        "edition has them. They keep their numbers, so the numbers of the others do not "
        "change, and each is listed where it would be, with the reason:\n\n"
        "| Section | Why it is not published |\n"
        "| --- | --- |\n"
        "| 4.3 | methods of search |\n"
        "| 4.4 | methods of search |\n"
        "| 4.6 | security of police radio communications |\n\n\n"
    )


def test_the_officers_edition_lists_every_section_and_nothing_withheld(
    project: ProjectFolder,
) -> None:
    done = build(load_project(Layout(project.root)), BuildOptions(as_of=AS_OF))
    assert done.site is not None
    pages = {page.path: page.markdown for page in done.site.pages}
    assert "not published" not in pages["sop/index.md"] + pages["sop/students.md"]
    assert "What this edition leaves out" not in pages["sop/index.md"]


# -- public text that names a withheld section -------------------------------------------


def test_a_withheld_section_named_by_its_number_is_a_warning(project: ProjectFolder) -> None:
    project.replace(INTERVIEWS, "  The principal, first.\n", (
        "  The principal, first, as section 4.3 requires.\n"
    ))  # fmt: skip
    assert public_messages(project) == [
        f"{INTERVIEWS}:19:28: warning: body: 'section 4.3' names a section the public "
        "edition does not publish, so its readers cannot follow it\n"
        "  hint: write [[section:student-searches]] instead (the public edition shows it as "
        '"section 4.3 (not published)", the officers\' edition as a link)'
    ]
    # The hint, applied: the reference is written out as the hint says.
    project.replace(
        INTERVIEWS, "as section 4.3 requires", "as [[section:student-searches]] requires"
    )
    assert public_messages(project) == []
    page = public_pages(project)["sop/student-interviews.md"]
    assert "The principal, first, as section 4.3 (not published) requires." in page


def test_a_summary_that_names_a_withheld_section_is_found_too(project: ProjectFolder) -> None:
    project.replace(
        INTERVIEWS,
        "summary: When and how an SSO interviews a student.",
        "summary: When an SSO interviews a student (searches are in section 4.3).",
    )
    (message,) = public_messages(project)
    assert message.startswith(
        f"{INTERVIEWS}:4:10: warning: summary: 'section 4.3' names a section the public "
        "edition does not publish"
    )


def test_a_number_already_marked_not_published_is_honest(project: ProjectFolder) -> None:
    project.replace(INTERVIEWS, "  The principal, first.\n", (
        "  The principal, first (section 4.3 (not published) has more).\n"
    ))  # fmt: skip
    assert public_messages(project) == []
