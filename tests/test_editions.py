"""The public edition holds nothing internal, anywhere: pages, navigation, search index,
sitemap (and its gzip), feeds, PDFs. Proved from the outside with the leak scanner, on a
fixture whose every piece of internal content carries a unique marker."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import AS_OF, ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site
from sopkit.editions.leaks import Marker, restricted_markers, scan_folder
from sopkit.editions.select import remove_internal_blocks

# The fixture site builds with PDFs on: the public checks cover them too.
pytestmark = pytest.mark.pdf

MARKER = "qxzmarker"
INTERVIEWS = "sop/04-students/interviews.yml"
SEARCHES = "sop/04-students/searches.yml"

# With a site_url, so that the sitemap lists every page (without one it lists none).
INTERNAL_EDITION = "site_url: https://manual.example.org/\n" + MKDOCS_YML
PUBLIC_EDITION = INTERNAL_EDITION.replace("#L{line}\n", "#L{line}\n      edition: public\n")

TACTICS = f"""\
    id: {MARKER}-tactics
    number: "4.4"
    title: Tactics {MARKER} for searches
    summary: Internal tactics {MARKER}.
    owner: chief
    visibility: internal
    withheld_reason: methods of search
    audiences: [ssos]
    implements: [roles-jurisdiction]
    review:
      last_reviewed: 2026-03-10
      reviewed_by: SOP Manual Team
      outcome: no-change
    body: |
      The {MARKER} approach is used for locker searches (KRS 158.441).
    steps:
      - Brief the team on {MARKER} before any search.
    internal_notes: |
      Radio code {MARKER} means the search is stopped.
    """


@pytest.fixture
def site(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> ProjectFolder:
    """Internal content with the marker everywhere it can be: an internal section (id,
    title, summary, body, step, notes), an internal step, internal notes and an internal
    block in a public section."""
    monkeypatch.setenv("SOPKIT_PDF", "1")
    project.write("sop/04-students/tactics.yml", textwrap.dedent(TACTICS))
    project.replace(INTERVIEWS, "  - Record the interview.\n", (
        "  - Record the interview.\n"
        f"  - text: Use the {MARKER} form for notes.\n"
        "    visibility: internal\n"
    ))  # fmt: skip
    project.replace(INTERVIEWS, "  The principal, first.\n", (
        "  The principal, first.\n\n"
        '  !!! internal "Radio"\n'
        f"      Use channel {MARKER} for interviews.\n\n"
        "  Then the family.\n"
    ))  # fmt: skip
    project.replace(INTERVIEWS, "body: |", f"internal_notes: |\n  Notes {MARKER}.\nbody: |")
    return project


def build(site: ProjectFolder, mkdocs_yml: str, folder: str) -> Built:
    write_site(site.root, mkdocs_yml)
    built = build_site(site.root, site_dir=site.root / folder)
    assert (built.error, built.warnings()) == ("", [])
    return built


def leaks(folder: Path) -> list[str]:
    result = scan_folder(folder, [Marker(MARKER, "the marker")])
    return sorted({leak.path for leak in result.leaks})


def test_the_public_build_holds_the_marker_nowhere(site: ProjectFolder) -> None:
    public = build(site, PUBLIC_EDITION, "site-public")
    assert leaks(public.site) == []
    # The scan really read the files that matter: the search index, the sitemap, its
    # gzip, the feeds and the PDFs.
    read = scan_folder(
        public.site,
        [Marker("interviewing students", "a title"), Marker("student-interviews", "an id", True)],
    )
    found = {leak.path for leak in read.leaks}
    for name in (
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz!sitemap.xml",
        "reviews.json",
        "pdf/sections/student-interviews.pdf",
        "pdf/test-manual-2026-27.pdf",
    ):
        assert name in found, name
    page = public.html("sop/student-interviews/index.html")
    assert "Then the family." in page and "Radio" not in page


def test_the_internal_build_holds_it_everywhere(site: ProjectFolder) -> None:
    internal = build(site, INTERNAL_EDITION, "site")
    found = leaks(internal.site)
    for name in (
        f"sop/{MARKER}-tactics/index.html",
        "sop/student-interviews/index.html",
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz!sitemap.xml",
        "reviews.json",
        # The internal edition's PDFs say which edition they are in their names.
        f"pdf/sections/{MARKER}-tactics-internal-edition.pdf",
        "pdf/test-manual-2026-27-internal-edition.pdf",
    ):
        assert name in found, name
    page = internal.html("sop/student-interviews/index.html")
    assert '<div class="admonition internal">\n<p class="admonition-title">Radio</p>' in page


def test_the_scanner_catches_a_page_that_is_only_hidden(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the public edition only left internal pages out of the navigation (as MkDocs'
    own ways of hiding do), the search index and sitemap would still name them."""
    monkeypatch.setattr("sopkit.pipeline.select_edition", lambda project, edition: project)
    write_site(site.root, PUBLIC_EDITION)
    # The last check of each page before it is written refuses the links first...
    refused = build_site(site.root, site_dir=site.root / "site-public")
    assert any(m.startswith("sopkit: the page ") and "links to '" in m for m in refused.errors())
    # ... and without it, the scanner finds what got out.
    monkeypatch.setattr(
        "sopkit.hosts.mkdocs_plugin.links.refuse_html_links_to_hidden", lambda *args: None
    )
    built = build_site(site.root, site_dir=site.root / "site-public")
    found = leaks(built.site)
    assert "search/search_index.json" in found
    assert "sitemap.xml" in found and "sitemap.xml.gz!sitemap.xml" in found


def test_markers_come_from_the_sources(site: ProjectFolder) -> None:
    from sopkit import Layout
    from sopkit.checks import check_loaded
    from sopkit.sources.project import load_project

    project = check_loaded(load_project(Layout(site.root)), as_of=AS_OF)
    markers = {(m.text, m.what) for m in restricted_markers(project.project)}
    assert (
        f"{MARKER}-tactics",
        "the id of the internal section 4.4 Tactics qxzmarker for searches",
    ) in markers
    assert (
        "brief the team on qxzmarker before any search",
        "text of the internal section 4.4 Tactics qxzmarker for searches",
    ) in markers
    assert (
        "use channel qxzmarker for interviews",
        "an internal block of 4.2 Interviewing students",
    ) in markers
    assert (
        "use the qxzmarker form for notes",
        "an internal step of 4.2 Interviewing students",
    ) in markers
    assert (
        "notes qxzmarker",
        "the internal notes of 4.2 Interviewing students",
    ) not in markers  # too short
    assert (
        "radio code qxzmarker means the search is stopped",
        "the internal notes of 4.4 Tactics qxzmarker for searches",
    ) in markers


def test_sopkit_scan_leaks(site: ProjectFolder) -> None:
    public = build(site, PUBLIC_EDITION, "site-public")
    code, out, _ = site.cli("scan-leaks", str(public.site), "--marker", MARKER)
    assert code == 0
    assert out.startswith("No restricted content in ") and "markers;" in out
    internal = build(site, INTERNAL_EDITION, "site")
    code, out, _ = site.cli("scan-leaks", str(internal.site))
    assert code == 1
    assert (
        f"{internal.site}/sop/{MARKER}-tactics/index.html: the id of the internal section "
        f"4.4 Tactics {MARKER} for searches: “"
    ) in out
    assert site.cli("scan-leaks", "nowhere") == (
        2,
        "",
        "sopkit: 'nowhere' is not a folder (build the site first)\n",
    )


# Links into what the public edition leaves out -----------------------------------------


def test_a_public_section_linking_to_an_internal_one_fails_the_public_build(
    site: ProjectFolder,
) -> None:
    site.replace(
        INTERVIEWS,
        "  Then the family.\n",
        f"  Then the family; see [tactics]({MARKER}-tactics.md).\n",
    )
    write_site(site.root, PUBLIC_EDITION)
    built = build_site(site.root)
    assert built.errors()[0].startswith(
        f"sopkit: {INTERVIEWS}:26:34: body: links to '{MARKER}-tactics.md', the internal "
        f"section 4.4 Tactics {MARKER} for searches, which the public edition does not have"
    )
    assert not built.site.joinpath("sop").exists()
    # The officers' edition has the page, so the link is fine there.
    build(site, INTERNAL_EDITION, "site")
    code, out, _ = site.cli("check", "--edition", "public")
    assert code == 1 and f"{INTERVIEWS}:26:34: error: body: links to" in out


def test_a_link_inside_an_internal_block_is_fine(site: ProjectFolder) -> None:
    site.replace(
        INTERVIEWS,
        f"      Use channel {MARKER} for interviews.\n",
        f"      Use channel {MARKER}; see [tactics]({MARKER}-tactics.md).\n",
    )
    build(site, PUBLIC_EDITION, "site-public")


def test_a_hand_written_page_linking_to_an_internal_one_fails(site: ProjectFolder) -> None:
    write_site(
        site.root, PUBLIC_EDITION, index=f"# Home\n\nSee [tactics](sop/{MARKER}-tactics.md).\n"
    )
    built = build_site(site.root)
    assert built.errors()[-1:] == [
        f"sopkit: docs/index.md:3:15: links to 'sop/{MARKER}-tactics.md', the internal "
        f"section 4.4 Tactics {MARKER} for searches, which the public edition does not have; "
        "link to a public page, or leave the link out of the public edition"
    ]


def test_a_nav_entry_to_an_internal_page_fails(site: ProjectFolder) -> None:
    write_site(
        site.root,
        PUBLIC_EDITION + f"nav:\n  - Home: index.md\n  - Tactics: sop/{MARKER}-tactics.md\n",
    )
    built = build_site(site.root)
    assert built.errors() == [
        f"sopkit: mkdocs.yml:20:14: the nav entry 'Tactics' goes to sop/{MARKER}-tactics.md, the "
        f"internal section 4.4 Tactics {MARKER} for searches, which the public edition does "
        "not have; remove it from nav (the officers' edition lists the manual's sections by "
        "itself)"
    ]


# Internal blocks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("A.\n\n!!! internal\n    Secret.\n\nB.\n", "A.\n\nB.\n"),
        ('A.\n\n!!! internal "Radio"\n    One.\n\n    Two.\n\nB.\n', "A.\n\nB.\n"),
        ("A.\n\n??? internal\n    Secret.\n", "A.\n\n"),
        (
            "A.\n\n```\n!!! internal\n    kept, as code\n```\n",
            "A.\n\n```\n!!! internal\n    kept, as code\n```\n",
        ),
        ("A.\n\n!!! note\n    Kept.\n", "A.\n\n!!! note\n    Kept.\n"),
        ("!!! internal\n    Secret.\n```\ncode after\n```\n", "```\ncode after\n```\n"),
    ],
)
def test_internal_blocks_are_removed_with_what_is_indented_under_them(
    text: str, public: str
) -> None:
    assert remove_internal_blocks(text) == public


# Every way out for an internal page's address --------------------------------------------
# On the previous main each of these built, or was not found by the scanner.


def test_sopkit_pdf_runs_the_public_checks_of_the_build(site: ProjectFolder) -> None:
    site.replace(
        INTERVIEWS,
        "  Then the family.\n",
        f"  Then the family; see [tactics]({MARKER}-tactics.md).\n",
    )
    code, out, err = site.cli("pdf", "--edition", "public", "--out", "pdf-out")
    assert code == 2
    assert out.startswith(
        f"{INTERVIEWS}:26:34: error: body: links to '{MARKER}-tactics.md', the internal "
        f"section 4.4 Tactics {MARKER} for searches, which the public edition does not have"
    )
    assert err == "sopkit: the sources have errors; fix them first (see `sopkit check`)\n"
    assert not site.path("pdf-out").exists()


VERSION = "policy_data/policies/school-safety-officers/versions/v1.yml"


def test_a_policy_clause_linking_to_an_internal_section_fails_the_public_build(
    site: ProjectFolder,
) -> None:
    site.replace(
        VERSION,
        "      The manual is reviewed every two years.\n",
        f"      The manual is reviewed every two years ([how](../../sop/{MARKER}-tactics.md)).\n",
    )
    message = (
        f"{VERSION}:23:53: error: clauses → manual-review → text: links to "
        f"'../../sop/{MARKER}-tactics.md', the internal section 4.4 Tactics {MARKER} for "
        "searches, which the public edition does not have"
    )
    code, out, _ = site.cli("check", "--edition", "public")
    assert code == 1 and message in out.splitlines()
    write_site(site.root, PUBLIC_EDITION)
    assert build_site(site.root).errors()[0].startswith("sopkit: " + message.replace("error: ", ""))
    assert site.cli("pdf", "--edition", "public", "--out", "pdf-out")[0] == 2


def test_an_absolute_address_of_an_internal_page_is_a_link_to_it(site: ProjectFolder) -> None:
    site.replace(
        INTERVIEWS,
        "  Then the family.\n",
        f"  Then the [family](https://officers.example.org/sop/{MARKER}-tactics/).\n",
    )
    code, out, _ = site.cli("check", "--edition", "public")
    assert code == 1 and f"links to 'https://officers.example.org/sop/{MARKER}-tactics/'" in out


@pytest.mark.parametrize(
    "link",
    [
        f'<a href="sop/{MARKER}-tactics/">tactics</a>',
        f"<a href='sop/{MARKER}-tactics.md'>tactics</a>",
        f'<img alt="plan" src="pdf/sections/{MARKER}-tactics.pdf">',
    ],
)
def test_raw_html_in_a_hand_written_page_linking_to_an_internal_page_fails(
    site: ProjectFolder, link: str
) -> None:
    write_site(site.root, PUBLIC_EDITION, index=f"# Home\n\nSee {link}.\n")
    built = build_site(site.root)
    attribute = re.search(r"(?:href|src)=", link)
    assert attribute is not None
    column = 5 + attribute.end() + 1
    assert built.errors()[-1].startswith(f"sopkit: docs/index.md:3:{column}: links to '")
    assert not (built.site / "index.html").exists()


def test_a_refused_nav_entry_names_its_line_in_mkdocs_yml(site: ProjectFolder) -> None:
    write_site(
        site.root,
        PUBLIC_EDITION + f"nav:\n  - Home: index.md\n  - Tactics: sop/{MARKER}-tactics.md\n",
    )
    line = PUBLIC_EDITION.count("\n") + 3
    assert (
        build_site(site.root)
        .errors()[0]
        .startswith(f"sopkit: mkdocs.yml:{line}:14: the nav entry 'Tactics' goes to")
    )


def test_the_scanner_finds_addresses_of_internal_pages_that_hold_no_marker_text(
    site: ProjectFolder, tmp_path: Path
) -> None:
    # A built public site into which the addresses were slipped by hand: a relative link
    # in a page, an entry of the search index, a PDF whose link and named destination
    # point at the internal section. No text of it appears anywhere.
    from sopkit.pdf.writer import render_pdf

    folder = tmp_path / "forged"
    (folder / "sop").mkdir(parents=True)
    (folder / "sop" / "index.html").write_text('<a href="../x/../sop/qxzmarker-tactics/">a</a>')
    (folder / "search").mkdir()
    (folder / "search" / "search_index.json").write_text(
        '{"docs": [{"location": "sop/qxzmarker-tactics/", "text": "", "title": ""}]}'
    )
    pdf = render_pdf(
        '<html lang="en"><head><title>t</title></head><body>'
        '<p><a href="https://manual.example.org/sop/qxzmarker-tactics/">Read more</a></p>'
        '<h2 id="s-qxzmarker-tactics">Elsewhere</h2><p><a href="#s-qxzmarker-tactics">x</a></p>'
        "</body></html>"
    )
    (folder / "manual.pdf").write_bytes(pdf)
    code, out, _ = site.cli("scan-leaks", str(folder))
    assert code == 1
    what = f"a link to the internal section 4.4 Tactics {MARKER} for searches"
    assert [line for line in out.splitlines() if what in line] == [
        f"{folder}/manual.pdf: {what}: “s-{MARKER}-tactics”",
        f"{folder}/manual.pdf: {what}: “https://manual.example.org/sop/{MARKER}-tactics/”",
        f"{folder}/search/search_index.json: {what}: “sop/{MARKER}-tactics/”",
        f"{folder}/sop/index.html: {what}: “../x/../sop/{MARKER}-tactics/”",
    ]
