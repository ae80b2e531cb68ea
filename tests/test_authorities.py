"""What citations link to, and the checks of citations against the registry."""

from __future__ import annotations

import pytest

from conftest import ProjectFolder
from sopkit import model
from sopkit.law.authorities import DEFAULT_TEMPLATES, Authorities, derived_url, natural_key
from sopkit.law.citations import find_citations

SECTION = "sop/04-students/interviews.yml"
VERSION = "policy_data/policies/school-safety-officers/versions/v1.yml"
REGISTRY = "policy_data/authorities.yml"


def url(text: str) -> str | None:
    (citation,) = find_citations(text)
    return derived_url(citation, DEFAULT_TEMPLATES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KRS 158.441", "https://law.justia.com/codes/kentucky/chapter-158/section-158-441/"),
        ("KRS 13A.270", "https://law.justia.com/codes/kentucky/chapter-13a/section-13a-270/"),
        ("KRS Chapter 158", "https://law.justia.com/codes/kentucky/chapter-158/"),
        ("KRS 304.9-430", "https://law.justia.com/codes/kentucky/chapter-304/"),
        (
            "KRS 61.902 to 61.930",
            "https://law.justia.com/codes/kentucky/chapter-61/section-61-902/",
        ),
        ("704 KAR 7:160", "https://apps.legislature.ky.gov/law/kar/titles/704/007/160/"),
        ("702 KAR 7:065E", "https://apps.legislature.ky.gov/law/kar/titles/702/007/065/"),
        ("707 KAR Chapter 1", "https://apps.legislature.ky.gov/law/kar/titles/707/001/"),
        (
            "Title 101 of the Kentucky Administrative Regulations",
            "https://apps.legislature.ky.gov/law/kar/titles/101/",
        ),
        ("20 U.S.C. § 1232g(a)", "https://www.law.cornell.edu/uscode/text/20/1232g"),
        ("20 U.S.C. §§ 1411-1420", "https://www.law.cornell.edu/uscode/text/20/1411"),
        ("34 C.F.R. § 99.8", "https://www.ecfr.gov/current/title-34/section-99.8"),
        ("34 C.F.R. Part 99", "https://www.ecfr.gov/current/title-34/part-99"),
        ("Pub. L. 107-110", "https://www.govinfo.gov/link/plaw/107/public/110"),
        ("Section 504 of the Rehabilitation Act", "https://www.law.cornell.edu/uscode/text/29/794"),
    ],
)
def test_web_addresses_are_derived_by_kind(text: str, expected: str) -> None:
    assert url(text) == expected


def test_a_policy_code_has_no_address_of_its_own() -> None:
    assert url("Policy 09.14") is None


def test_the_registry_and_its_templates_come_first() -> None:
    project = model.Project(
        manual=None,
        authorities=(
            model.Authority(cite="KRS 158.441", title="Definitions", url="https://lrc/1"),
        ),
        url_templates=model.UrlTemplates(krs_section="https://lrc/{chapter}/{section}"),
    )
    authorities = Authorities(project, {"09.14": "policy/x/index.md"})
    (defined, other, policy) = find_citations("KRS 158.441, KRS 158.4414 and Policy 09.14")
    assert authorities.link(defined) == ("https://lrc/1", "Definitions")
    assert authorities.link(other) == ("https://lrc/158/4414", "KRS 158.4414")
    assert authorities.url(policy) == "policy/x/index.md"


def test_natural_order() -> None:
    cites = [
        "KRS 158.442",
        "704 KAR 7:160",
        "KRS 158.4414",
        "KRS 61.902",
        "KRS Chapter 158",
        "KRS 158.441",
        "20 U.S.C. § 1232g",
        "Policy 09.14",
        "34 C.F.R. § 99.8",
        "KRS 13A.270",
    ]
    citations = [find_citations(c)[0] for c in cites]
    assert [c.normalized for c in sorted(citations, key=natural_key)] == [
        "KRS 13A.270",
        "KRS 61.902",
        "KRS Chapter 158",
        "KRS 158.441",
        "KRS 158.4414",
        "KRS 158.442",
        "704 KAR 7:160",
        "20 U.S.C. § 1232g",
        "34 C.F.R. § 99.8",
        "Policy 09.14",
    ]


# -- checks of citations against the registry ------------------------------------------


def test_a_malformed_citation_is_a_warning_where_it_stands(project: ProjectFolder) -> None:
    project.replace(SECTION, "(KRS 61.902).", "(KRS 61.902), as FERPA says (20 U.S.C. 1232(g)).")
    project.replace(
        "policy_data/authorities.yml",
        "  - cite: Policy 09.14",
        "  - cite: 20 U.S.C. § 1232g\n  - cite: Policy 09.14",
    )
    assert project.check() == [
        f"{SECTION}:15:90: warning: '20 U.S.C. 1232(g)' writes the section letter as a subsection; "
        "the section is 1232g\n"
        "  hint: write 20 U.S.C. § 1232g"
    ]


def test_a_citation_with_no_entry_and_no_address_is_a_warning(project: ProjectFolder) -> None:
    project.replace(SECTION, "(KRS 61.902).", "(KRS 61.902; see Policy 09.99).")
    assert project.check() == [
        f"{SECTION}:15:85: warning: Policy 09.99 is not in the authorities registry, and no web "
        "address can be made for it\n"
        "  hint: add it to policy_data/authorities.yml: - cite: Policy 09.99, with its title and url"
    ]


def test_an_unregistered_citation_with_an_address_is_fine(project: ProjectFolder) -> None:
    project.replace(SECTION, "(KRS 61.902).", "(KRS 61.902; KRS 161.011).")
    assert project.check() == []


def test_a_registry_entry_nothing_cites_is_a_warning(project: ProjectFolder) -> None:
    project.replace(
        REGISTRY, "  - cite: Policy 09.14", "  - cite: KRS 1.010\n  - cite: Policy 09.14"
    )
    assert project.check() == [
        f"{REGISTRY}:6:11: warning: KRS 1.010 is in the authorities registry, but nothing cites it\n"
        "  hint: remove it from the registry, or cite it where the policy or manual relies on it"
    ]


def test_registry_cites_must_be_in_normal_form(project: ProjectFolder) -> None:
    project.replace(REGISTRY, "  - cite: KRS 61.902\n", "  - cite: Ky. Rev. Stat. § 61.902\n")
    project.replace(
        REGISTRY, "  - cite: Policy 09.14", "  - cite: Statute 12\n  - cite: Policy 09.14"
    )
    messages = project.messages()
    assert messages[:2] == [
        f"{REGISTRY}:2:11: warning: cite: 'Ky. Rev. Stat. § 61.902' is not written in normal form, "
        "so citations of it are not found in the registry",
        f"{REGISTRY}:6:11: error: cite: 'Statute 12' is not a citation sopkit recognizes",
    ]


def test_nothing_is_called_unused_while_a_source_has_errors(project: ProjectFolder) -> None:
    project.replace(VERSION, 'related_policies: ["09.14"]', "related_policies: [09.14]")
    assert [m.split(": error: ")[0] for m in project.messages()] == [f"{VERSION}:27:20"]


def test_board_policies_sort_in_the_board_s_order_not_as_whole_numbers() -> None:
    cites = ["Policy 09.4361", "Policy 09.227", "Procedure 09.14 AP.1", "Policy 09.2211",
             "Policy 03.1161", "Policy 09.14"]  # fmt: skip
    citations = [find_citations(c)[0] for c in cites]
    assert [c.normalized for c in sorted(citations, key=natural_key)] == [
        "Policy 03.1161",
        "Policy 09.14",
        "Procedure 09.14 AP.1",
        "Policy 09.2211",
        "Policy 09.227",
        "Policy 09.4361",
    ]
