"""Citations beyond Kentucky: other states' codes of laws as data (the ones sopkit ships,
and a project's own in policy_data/jurisdictions.yml)."""

from __future__ import annotations

import re

import pytest

from conftest import ProjectFolder
from sitebuild import build_site, write_site
from sopkit.law.citations import find_citations
from sopkit.law.jurisdictions import packaged_codes


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(c.normalized, text[c.start : c.end], c.pinpoint) for c in find_citations(text)]


def test_the_packaged_codes_are_valid_data() -> None:
    codes, problems = packaged_codes()
    assert problems == ()
    assert {code.jurisdiction for code in codes} == {"Ohio", "Texas", "California"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "under Ohio Rev. Code 3313.20 the board",
            [("R.C. 3313.20", "Ohio Rev. Code 3313.20", None)],
        ),
        ("R.C. 2907.03(A)(1) applies", [("R.C. 2907.03", "R.C. 2907.03(A)(1)", "(A)(1)")]),
        (
            "Ohio Revised Code Sections 3313.20, 3313.21 and 3313.22",
            [
                ("R.C. 3313.20", "Ohio Revised Code Sections 3313.20", None),
                ("R.C. 3313.21", "3313.21", None),
                ("R.C. 3313.22", "3313.22", None),
            ],
        ),
        (
            "Tex. Educ. Code § 37.081",
            [("Tex. Educ. Code § 37.081", "Tex. Educ. Code § 37.081", None)],
        ),
        (
            "Texas Education Code section 37.0811 through 37.0812",
            [
                (
                    "Tex. Educ. Code § 37.0811-37.0812",
                    "Texas Education Code section 37.0811 through 37.0812",
                    None,
                )
            ],
        ),
        (
            "Tex. Penal Code § 46.03(1)",
            [("Tex. Penal Code § 46.03", "Tex. Penal Code § 46.03(1)", "(1)")],
        ),
        (
            "Tex. Code Crim. Proc. art. 15.27",
            [("Tex. Code Crim. Proc. art. 15.27", "Tex. Code Crim. Proc. art. 15.27", None)],
        ),
        (
            "Cal. Penal Code § 830.32",
            [("Cal. Penal Code § 830.32", "Cal. Penal Code § 830.32", None)],
        ),
        (
            "California Penal Code section 12022",
            [("Cal. Penal Code § 12022", "California Penal Code section 12022", None)],
        ),
        ("the Ohio Revised\nCode 3313.20", [("R.C. 3313.20", "Ohio Revised\nCode 3313.20", None)]),
    ],
)
def test_other_states_statutes_are_found_in_their_normal_form(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "R.C. Smith wrote in 2020",
        "The Ohio Revised Code requires it.",
        "Texas Education Code, as amended",
        "See https://codes.ohio.gov/ohio-revised-code/section-3313.20 for R.C.",
        "CARE.C. 3313.20",
    ],
)
def test_what_only_looks_like_another_state_s_citation_is_not_one(text: str) -> None:
    assert found(text) == []


def test_kentucky_and_other_states_side_by_side() -> None:
    assert [n for n, _, _ in found("KRS 158.441 and R.C. 3313.20; 20 U.S.C. § 1232g")] == [
        "KRS 158.441",
        "R.C. 3313.20",
        "20 U.S.C. § 1232g",
    ]


def test_a_kentucky_section_broken_across_lines_after_its_dot() -> None:
    # Text copied from a PDF breaks lines anywhere; the section stays one citation (it
    # was read as the chapter, KRS Chapter 158).
    assert found("as KRS 158.\n441 requires") == [("KRS 158.441", "KRS 158.\n441", None)]
    assert found("KRS 158.\nThe next") == [("KRS Chapter 158", "KRS 158", None)]


# -- a project's own codes ----------------------------------------------------------------

MICHIGAN = """\
codes:
  - id: michigan-compiled-laws
    name: Michigan Compiled Laws
    jurisdiction: Michigan
    cite_as: MCL
    written: [Mich. Comp. Laws, MCL]
    sections: dotted
    url: https://legislature.mi.gov/Laws/MCL?objectName=mcl-{section}
"""


def test_a_project_declares_its_own_state_s_code(project: ProjectFolder) -> None:
    project.write("policy_data/jurisdictions.yml", MICHIGAN)
    project.replace(
        "sop/04-students/interviews.yml",
        "The principal, first.",
        "The principal, first (Mich. Comp. Laws § 380.1308).",
    )
    assert project.cli("check") == (0, "No problems found in 10 source files.\n", "")
    code, out, _ = project.cli("cite", "--jurisdictions")
    assert code == 0 and out.splitlines()[-1] == "Michigan: Michigan Compiled Laws (MCL)"
    project.write("note.txt", "See MCL 380.1308(2).\n")
    assert project.cli("cite", "note.txt") == (
        0,
        "note.txt:1:5: MCL 380.1308 -> https://legislature.mi.gov/Laws/MCL?objectName=mcl-380.1308\n",
        "",
    )


def test_the_site_lists_another_state_s_law_under_its_code(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("policy_data/jurisdictions.yml", MICHIGAN)
    project.replace(
        "sop/04-students/interviews.yml",
        "The principal, first.",
        "The principal, first (Mich. Comp. Laws § 380.1308).",
    )
    write_site(project.root)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    built = build_site(project.root)
    assert built.error == ""
    page = built.html("authorities/index.html")
    assert '<h2 id="michigan-compiled-laws">Michigan Compiled Laws</h2>' in page
    section = built.html("sop/student-interviews/index.html")
    assert (
        '<a class="sopkit-citation" href="https://legislature.mi.gov/Laws/MCL?objectName=mcl-380.1308"'
        in section
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("sections: dotted", "sections: dashed"),
            "policy_data/jurisdictions.yml:7:15: error: codes → michigan-compiled-laws → "
            "sections: 'dashed' is not a section shape",
        ),
        (
            ("mcl-{section}", "mcl-{title}"),
            "policy_data/jurisdictions.yml:8:10: error: codes → michigan-compiled-laws → "
            "url: '{title}' is not a placeholder of this template",
        ),
        (
            ("    written: [Mich. Comp. Laws, MCL]\n", ""),
            "policy_data/jurisdictions.yml:2:5: error: codes → michigan-compiled-laws: the "
            "required key 'written' is missing",
        ),
    ],
)
def test_a_wrong_code_of_laws_is_an_error_with_its_place(
    project: ProjectFolder, change: tuple[str, str], message: str
) -> None:
    project.write("policy_data/jurisdictions.yml", MICHIGAN.replace(*change))
    code, out, _ = project.cli("check")
    assert code == 1
    assert out.splitlines()[0] == message
    assert out.splitlines()[1].startswith("  hint: ")  # and what to write instead


def test_cite_says_so_when_the_codes_of_laws_have_errors(project: ProjectFolder) -> None:
    project.write("policy_data/jurisdictions.yml", MICHIGAN.replace("written:", "writen:"))
    project.write("note.txt", "See MCL 380.1308.\n")
    code, out, err = project.cli("cite", "note.txt")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        "policy_data/jurisdictions.yml:6:5: error: codes → michigan-compiled-laws: unknown "
        "key 'writen' (did you mean 'written'?)"
    )
    assert err.splitlines()[-1] == (
        "sopkit: the registry or the codes of laws have errors (above); citations they "
        "describe are not found until they are fixed (see sopkit check)"
    )


@pytest.mark.parametrize(
    ("form", "taken"),
    [("R.C.", "Ohio Revised Code"), ("KRS", "Kentucky Revised Statutes")],
)
def test_a_code_may_not_be_written_as_another_is(
    project: ProjectFolder, form: str, taken: str
) -> None:
    project.write(
        "policy_data/jurisdictions.yml",
        MICHIGAN.replace("[Mich. Comp. Laws, MCL]", f"[MCL, {form}]"),
    )
    code, out, _ = project.cli("check")
    assert code == 1
    assert out.splitlines()[:2] == [
        f"policy_data/jurisdictions.yml:6:14: error: written: '{form}' is how {taken} is "
        "written, so citations written so would not be read as Michigan Compiled Laws",
        f"  hint: remove '{form}' from written, and keep the forms only Michigan Compiled Laws "
        "uses",
    ]


def test_the_hint_for_a_clashing_prefix_fixes_it(project: ProjectFolder) -> None:
    project.write(
        "policy_data/jurisdictions.yml", MICHIGAN.replace("[Mich. Comp. Laws, MCL]", "[MCL, R.C.]")
    )
    hint = project.cli("check")[1].splitlines()[1]
    removed = re.search(r"remove '([^']+)' from written", hint)
    assert removed is not None
    project.replace("policy_data/jurisdictions.yml", f", {removed.group(1)}]", "]")
    assert project.cli("check")[0] == 0
