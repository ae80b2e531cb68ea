"""The district's site as a whole: navigation made from the sources, the policy manual
(an index of every policy, by code), staff-only hand-written pages, and pages MkDocs
leaves out. Real `mkdocs build --strict` runs of the tiny fixture site."""

from __future__ import annotations

import re
import textwrap

import pytest

from conftest import AS_OF, OUTSIDE_SETTINGS, ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site

POLICY = """\
    id: {id}
    title: {title}
    code: {code}
    kind: {kind}
    organization: Test District
    adopting_body: Test Board of Education
    status: in force
    visibility: public
    """
VERSION = """\
    number: 1
    status: in force
    adopted_by: Test Board of Education
    adopted_on: 2025-03-12
    summary: The first version.
    clauses:
      - id: purpose
        text: |
          {title}.
    """


def add_policy(site: ProjectFolder, policy_id: str, title: str, code: str, kind: str) -> None:
    folder = f"policy_data/policies/{policy_id}"
    site.write(
        f"{folder}/policy.yml", POLICY.format(id=policy_id, title=title, code=code, kind=kind)
    )
    site.write(f"{folder}/versions/v1.yml", textwrap.dedent(VERSION.format(title=title)))


def build(site: ProjectFolder, monkeypatch: pytest.MonkeyPatch, edition: str = "internal") -> Built:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
    monkeypatch.setenv("SOPKIT_PDF", "0")
    monkeypatch.setenv("SOPKIT_EDITION", edition)
    return build_site(site.root)


def nav_titles(built: Built, page: str = "index.html") -> list[str]:
    html = built.html(page)
    primary = html[html.index("md-nav--primary") :]
    return [
        t.strip()
        for t in re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', primary, re.S)
    ]


def with_nav(nav: str, extra: str = "") -> str:
    return MKDOCS_YML + extra + "nav:\n" + textwrap.dedent(nav)


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    write_site(project.root)
    return project


# -- navigation made from the sources ---------------------------------------------------


def test_placeholders_put_each_group_of_generated_pages_where_the_nav_says(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/contact.md", "# Contact\n")
    write_site(
        site.root,
        with_nav(
            """\
            - Home: index.md
            - sopkit: manual
            - Contact: contact.md
            - sopkit: policies
            - Keeping it current:
                - sopkit: keeping-current
            - sopkit: reference
            """
        ),
    )
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    titles = nav_titles(built, "contact/index.html")
    manual, contact = titles.index("Test manual"), titles.index("Contact")
    policies, current = titles.index("Board policies"), titles.index("Keeping it current")
    assert manual < contact < policies < current < titles.index("Glossary")
    assert titles[current + 1 : current + 3] == ["Review dashboard", "Training coverage"]
    assert "sopkit" not in titles


def test_without_a_placeholder_the_generated_pages_follow_the_home_page(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/contact.md", "# Contact\n")
    write_site(site.root, with_nav("- Home: index.md\n- Contact: contact.md\n"))
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    titles = nav_titles(built)
    assert titles[0] == "Home" and titles[-1] == "Contact"
    assert titles.index("Board policies") < titles.index("Test manual") < titles.index("Glossary")


def test_an_unknown_placeholder_is_an_error_with_its_line(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(site.root, with_nav("- Home: index.md\n- sopkit: polices\n"))
    built = build(site, monkeypatch)
    line = MKDOCS_YML.count("\n") + 3
    assert built.errors()[-1:] == [
        f"sopkit: mkdocs.yml:{line}:11: 'sopkit: polices' is not a group of generated pages"
        " (did you mean 'policies'?); the groups are policies, manual, reference,"
        " keeping-current, and all (every group not placed elsewhere)"
    ]


def test_a_policy_added_to_the_sources_is_in_the_nav_and_the_index_by_itself(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_policy(site, "student-records", "Student records", '"09.14"', "board policy")
    add_policy(
        site, "records-procedure", "Records requests", '"09.14 AP.1"', "administrative procedure"
    )
    add_policy(site, "personnel-conduct", "Personnel conduct", '"03.1161"', "board policy")
    add_policy(site, "interrogations", "Interrogations", '"09.2211"', "board policy")
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    index = built.html("policy/index.html")
    article = index[index.index("<article") : index.index("</article>")]
    listed = re.findall(r"<strong>([^<]+)</strong>", article)
    assert listed == ["03.1161", "09.14", "09.14 AP.1", "09.2211"]
    headings = re.findall(r"<h2 [^>]*>([^<]+)<", article)
    assert headings == ["03 series", "09 series", "Without a series code"]
    assert (
        '<a href="records-procedure/"><strong>09.14 AP.1</strong> Records requests</a> — '
        "administrative procedure, "
        "in force (version 1, since 12 March 2025)." in article
    )
    titles = nav_titles(built, "policy/index.html")
    board = titles.index("Board policies")
    assert board < titles.index("All policies") < titles.index("03 series")
    assert titles.index("03 series") < titles.index("Personnel conduct")
    assert (
        titles.index("09 series")
        < titles.index("Student records")
        < titles.index("Records requests")
        < titles.index("Interrogations")
        < titles.index("School Safety Officers")
    )


def test_a_related_policy_the_project_has_links_to_its_page(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_policy(site, "student-records", "Student records", '"09.14"', "board policy")
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    page = built.html("authorities/index.html")
    entry = page[page.index('id="policy-09-14"') :]
    entry = entry[: entry.index("Cited in")]
    assert "Student records." in entry and "Not published" not in entry
    policy = built.html("policy/school-safety-officers/index.html")
    assert (
        'Policy <a class="sopkit-citation" href="../student-records/" title="Student records">09.14</a>'
        in policy
    )


# -- staff-only pages, and pages MkDocs leaves out --------------------------------------

GUIDE = "---\nvisibility: internal\n---\n\n# Editing guide\n\nHow to edit the manual.\n"
STAFF_NAV = """\
- Home: index.md
- For editors:
    - Editing guide: editing-guide.md
"""


def test_the_public_edition_leaves_out_staff_only_pages_nav_entry_and_all(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/editing-guide.md", GUIDE)
    write_site(site.root, with_nav(STAFF_NAV))
    officers = build(site, monkeypatch)
    assert (officers.error, officers.warnings()) == ("", [])
    assert "Editing guide" in nav_titles(officers)
    assert "How to edit the manual." in officers.html("editing-guide/index.html")
    public = build(site, monkeypatch, "public")
    assert (public.error, public.warnings()) == ("", [])
    assert not (public.site / "editing-guide").exists()
    assert "For editors" not in nav_titles(public) and "Editing guide" not in nav_titles(public)
    assert "How to edit" not in (public.site / "search/search_index.json").read_text()


def test_a_public_page_that_links_to_a_staff_only_page_is_refused_with_its_place(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/editing-guide.md", GUIDE)
    write_site(
        site.root, with_nav(STAFF_NAV), index="# Home\n\nSee the [guide](editing-guide.md).\n"
    )
    public = build(site, monkeypatch, "public")
    assert public.errors()[-1:] == [
        "sopkit: docs/index.md:3:17: links to 'editing-guide.md', the staff-only page "
        "editing-guide.md, which the public edition does not have; link to a public page, "
        "or mark this page 'visibility: internal' too"
    ]


def test_a_visibility_that_is_neither_public_nor_internal_is_an_error_with_its_line(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/editing-guide.md", "---\ntitle: Guide\nvisibility: staff\n---\n\n# Guide\n")
    write_site(site.root, with_nav(STAFF_NAV))
    public = build(site, monkeypatch, "public")
    assert public.errors()[-1:] == [
        "sopkit: docs/editing-guide.md:3:1: visibility is 'staff'; write 'visibility: "
        "internal' (staff only: the public edition leaves the page out) or 'visibility: public'"
    ]


def test_an_excluded_page_is_neither_built_nor_in_the_nav(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("docs/old.md", "# Old page\n")
    site.write("docs/notes/draft.md", "# Draft notes\n")
    write_site(
        site.root,
        with_nav(
            "- Home: index.md\n- Old: old.md\n- Notes:\n    - Draft: notes/draft.md\n",
            extra="exclude_docs: old.md\ndraft_docs: notes/\n",
        ),
    )
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    assert not (built.site / "old").exists() and not (built.site / "notes").exists()
    titles = nav_titles(built)
    assert "Old" not in titles and "Notes" not in titles and "Draft" not in titles
    assert 'href="old/"' not in built.html("index.html")


# -- a manual that carries out clauses of several policies --------------------------------


def test_a_section_carries_out_clauses_of_another_policy_by_code_or_id(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_policy(site, "student-records", "Student records", '"09.14"', "board policy")
    add_policy(site, "visitors", "Visitors", '"10.3"', "board policy")
    site.replace(
        "sop/04-students/interviews.yml",
        "implements: [roles-jurisdiction]",
        'implements: [roles-jurisdiction, "09.14#purpose", visitors#purpose]',
    )
    assert site.cli("check") == (0, "No problems found in 13 source files.\n", "")
    built = build(site, monkeypatch)
    assert (built.error, built.warnings()) == ("", [])
    section = built.html("sop/student-interviews/index.html")
    assert (
        '<a href="../../policy/student-records/#purpose">09.14: Policy, paragraph 1</a>' in section
    )
    assert '<a href="../../policy/visitors/#purpose">10.3: Policy, paragraph 1</a>' in section
    records = built.html("policy/student-records/index.html")
    assert '<a href="../../sop/student-interviews/">4.2 Interviewing students</a>' in records


def check_implementing(site: ProjectFolder, written: str) -> tuple[int, str]:
    """`sopkit check` with a second policy (09.14) and a section that also implements
    `written`."""
    add_policy(site, "student-records", "Student records", '"09.14"', "board policy")
    site.replace(
        "sop/04-students/interviews.yml",
        "implements: [roles-jurisdiction]",
        f"implements: [roles-jurisdiction, {written}]",
    )
    code, out, _ = site.cli("check")
    return code, out


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            '"09.41#purpose"',
            "sop/04-students/interviews.yml:8:34: error: implements: '09.41' in "
            "'09.41#purpose' is not a policy of this project (did you mean '09.14'?)",
        ),
        (
            '"09.14#purpse"',
            "sop/04-students/interviews.yml:8:34: error: implements: 'purpse' is not a clause "
            "of the policy 'student-records' (version 1) (did you mean 'purpose'?)",
        ),
        (
            '"09.14 #purpose"',
            "sop/04-students/interviews.yml:8:34: error: implements → item 2: '09.14 #purpose' is not "
            "a clause reference: a clause id (lower-case letters, digits and hyphens), or "
            "POLICY#CLAUSE for a clause of another policy",
        ),
    ],
)
def test_a_reference_to_another_policy_s_clause_is_checked(
    site: ProjectFolder, written: str, message: str
) -> None:
    code, out = check_implementing(site, written)
    assert code == 1
    assert out.splitlines()[0] == message
    assert out.splitlines()[1].startswith("  hint: ")


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        (
            '"09.14"',
            "sop/04-students/interviews.yml:8:34: error: implements: '09.14' is the policy "
            "'Student records', not a clause",
            "  hint: name one of its clauses: 09.14#purpose (its id, #, the clause id)",
        ),
        (
            "student-records",
            "sop/04-students/interviews.yml:8:34: error: implements: 'student-records' is the "
            "policy 'Student records', not a clause",
            "  hint: name one of its clauses: student-records#purpose (its id, #, the clause id)",
        ),
    ],
)
def test_naming_a_policy_where_a_clause_belongs_says_how_to_name_the_clause(
    site: ProjectFolder, written: str, message: str, hint: str
) -> None:
    code, out = check_implementing(site, written)
    assert code == 1 and out.splitlines()[:2] == [message, hint]


def test_every_page_says_which_edition_it_belongs_to(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.replace(
        "sop/manual.yml",
        'edition: "2026-27"',
        'edition: "2026-27"\ninternal_edition: officers\' edition',
    )
    mark = (
        '<p class="sopkit-edition sopkit-edition--internal" data-search-exclude>'
        '<span class="sopkit-edition__name">Officers&#x27; edition</span> — not for public '
        "release</p>"
    )
    pages = ("index.html", "sop/student-interviews/index.html", "glossary/index.html")
    officers = build(site, monkeypatch)
    for page in pages:
        assert mark in officers.html(page), page
    public = build(site, monkeypatch, "public")  # into the same folder, after the first
    public_mark = 'class="sopkit-edition sopkit-edition--public" data-search-exclude>Public'
    for page in pages:
        assert public_mark in public.html(page), page
    for built_page in public.site.rglob("*.html"):
        assert "not for public release" not in built_page.read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ['"09.14"', "student-records"])
def test_the_hint_for_a_policy_named_where_a_clause_belongs_fixes_it(
    site: ProjectFolder, written: str
) -> None:
    code, out = check_implementing(site, written)
    suggested = re.search(r"clauses: (\S+) ", out.splitlines()[1])
    assert code == 1 and suggested is not None
    site.replace("sop/04-students/interviews.yml", written, f'"{suggested.group(1)}"')
    assert site.cli("check")[0] == 0


def test_the_hints_for_the_site_s_pages_and_menu_fix_them(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unknown group: its did-you-mean, written in.
    write_site(site.root, with_nav("- Home: index.md\n- sopkit: polices\n"))
    wrong = build(site, monkeypatch).errors()[-1]
    meant = re.search(r"did you mean '([^']+)'", wrong)
    assert meant is not None
    site.replace("mkdocs.yml", "sopkit: polices", f"sopkit: {meant.group(1)}")
    assert build(site, monkeypatch).error == ""
    # A visibility that is neither: the first value the hint writes.
    site.write("docs/editing-guide.md", "---\nvisibility: staff\n---\n\n# Guide\n")
    write_site(site.root, with_nav(STAFF_NAV))
    wrong = build(site, monkeypatch, "public").errors()[-1]
    written = re.search(r"write '(visibility: \w+)'", wrong)
    assert written is not None
    site.replace("docs/editing-guide.md", "visibility: staff", written.group(1))
    assert build(site, monkeypatch, "public").error == ""
    # A public page linking to a staff-only one: marked internal too, as the hint says.
    write_site(
        site.root, with_nav(STAFF_NAV), index="# Home\n\nSee the [guide](editing-guide.md).\n"
    )
    wrong = build(site, monkeypatch, "public").errors()[-1]
    assert wrong.endswith("or mark this page 'visibility: internal' too")
    site.write("docs/index.md", "---\nvisibility: internal\n---\n\n" + site.read("docs/index.md"))
    assert build(site, monkeypatch, "public").error == ""


def test_a_manual_of_more_than_twenty_chapters_lists_them_in_blocks_of_ten() -> None:
    from sopkit.web.pages import NAV_CHAPTERS, chapter_blocks
    from sopkit.web.rendered import NavEntry

    def chapters(count: int) -> list[NavEntry]:
        return [NavEntry(f"{n} Chapter {n}", f"sop/c{n}.md") for n in range(1, count + 1)]

    assert chapter_blocks(chapters(NAV_CHAPTERS), [str(n) for n in range(1, 21)]) == chapters(20)
    blocks = chapter_blocks(chapters(21), [str(n) for n in range(1, 22)])
    assert [(b.title, len(b.children)) for b in blocks] == [
        ("Chapters 1–10", 10),
        ("Chapters 11–20", 10),
        ("Chapter 21", 1),
    ]
    assert [c for b in blocks for c in b.children] == chapters(21)
    # Numbered as the chapters are, whatever their numbers.
    numbers = [f"A{n}" for n in range(1, 26)]
    assert [b.title for b in chapter_blocks(chapters(25), numbers)] == [
        "Chapters A1–A10",
        "Chapters A11–A20",
        "Chapters A21–A25",
    ]


def test_the_indexes_made_once_give_what_a_search_of_every_item_gives() -> None:
    # cited_by, chapter_contents and the policy pages' backlinks are worked out once
    # per build (each used to search everything for every section, chapter or policy).
    from conftest import AS_OF, REPO
    from sopkit.sources.history import load_with_history
    from sopkit.sources.project import Layout
    from sopkit.views import manual_contents, views_of
    from sopkit.web.pages import RenderOptions, SiteRenderer

    project = load_with_history(Layout(REPO)).project
    views = views_of(project, as_of=AS_OF)
    assert project.manual is not None
    for section in project.manual.sections:
        searched = [c for c in views.cited if any(p.section == section.id for p in c.places)]
        assert views.cited_by(section) == searched, section.id
    assert sum(len(views.cited_by(s)) for s in project.manual.sections) > 20
    for chapter in project.manual.chapters:
        (searched_contents,) = [
            c for c in manual_contents(project.manual) if c.number == chapter.number
        ]
        assert views.chapter_contents(chapter) == searched_contents
    renderer = SiteRenderer(views, RenderOptions())
    policy = views.policy
    assert policy is not None
    found = renderer.backlinks(policy)
    implementing = [s for s in project.manual.sections if s.implements]
    assert found and sum(map(len, found.values())) == sum(
        1
        for s in implementing
        for ref in s.implements
        if (t := views.clause_target(ref.id)) is not None and t[0] is policy
    )
