"""The citation grammar, on text written for these tests."""

from __future__ import annotations

import pytest

from sopkit.law.citations import Citation, find_citations


def found(text: str) -> list[tuple[str, str]]:
    """(text as written, normal form) of each citation."""
    return [(c.text, c.normalized) for c in find_citations(text)]


def one(text: str) -> Citation:
    (citation,) = find_citations(text)
    return citation


# -- Kentucky Revised Statutes -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("The board acts under KRS 160.290.", "KRS 160.290"),
        ("KRS 13A.270 sets the form", "KRS 13A.270"),
        ("see KRS 13a.270", "KRS 13A.270"),
        ("K.R.S. 158.441", "KRS 158.441"),
        ("KRS § 158.441", "KRS 158.441"),
        ("KRS Sec. 158.441", "KRS 158.441"),
        ("KRS Section 158.441", "KRS 158.441"),
        ("Ky. Rev. Stat. § 158.441", "KRS 158.441"),
        ("Ky. Rev. Stat. Ann. § 158.441", "KRS 158.441"),
        ("Kentucky Revised Statutes 158.441", "KRS 158.441"),
        ("Kentucky Revised Statute (KRS) 158.4414", "KRS 158.4414"),
        ("KRS 16.010", "KRS 16.010"),
        ("KRS 304.9-430", "KRS 304.9-430"),
    ],
)
def test_krs_sections_and_their_long_forms(text: str, normalized: str) -> None:
    assert one(text).normalized == normalized
    assert one(text).kind == "statute"


def test_pinpoints_are_kept_apart_from_the_normal_form() -> None:
    citation = one("Under KRS 160.340(4)(a)(ii) the board")
    assert (citation.text, citation.normalized, citation.pinpoint) == (
        "KRS 160.340(4)(a)(ii)",
        "KRS 160.340",
        "(4)(a)(ii)",
    )
    assert one("KRS 158.4414(2)(a)1. says").pinpoint == "(2)(a)1"


def test_a_year_in_parentheses_is_not_a_pinpoint() -> None:
    citation = one("KRS 527.070 (1996) makes it unlawful")
    assert (citation.text, citation.pinpoint) == ("KRS 527.070", None)


@pytest.mark.parametrize(
    "text",
    [
        "KRS 61.902 to KRS 61.930",
        "KRS 61.902 to 61.930",
        "KRS 61.902 through 61.930",
        "KRS 61.902-61.930",
        "KRS 61.902 – KRS 61.930",
        "KRS 61.902 — 61.930",
        "KRS 61.902 - KRS 61.930",
        "KRS 61.902 to 61.930, inclusive",
        "KRS 61.902 to .930",
    ],
)
def test_ranges_are_one_citation_with_both_ends(text: str) -> None:
    citation = one(f"as described in {text} and other law")
    assert citation.text == text
    assert (citation.normalized, citation.range_start, citation.range_end) == (
        "KRS 61.902-61.930",
        "KRS 61.902",
        "KRS 61.930",
    )


def test_a_subtitled_section_is_not_a_range() -> None:
    assert found("KRS 304.9-430 and KRS 237.138-237.142") == [
        ("KRS 304.9-430", "KRS 304.9-430"),
        ("KRS 237.138-237.142", "KRS 237.138-237.142"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KRS 158.148, 158.150", [("KRS 158.148", "KRS 158.148"), ("158.150", "KRS 158.150")]),
        ("KRS 158.148 and 158.150", [("KRS 158.148", "KRS 158.148"), ("158.150", "KRS 158.150")]),
        (
            "KRS 158.148 or 158.150(2)",
            [("KRS 158.148", "KRS 158.148"), ("158.150(2)", "KRS 158.150")],
        ),
        (
            "KRS 237.110; KRS 237.115, and 237.120",
            [
                ("KRS 237.110", "KRS 237.110"),
                ("KRS 237.115", "KRS 237.115"),
                ("237.120", "KRS 237.120"),
            ],
        ),
        (
            "KRS 61.870 to 61.884 and 61.878",
            [("KRS 61.870 to 61.884", "KRS 61.870-61.884"), ("61.878", "KRS 61.878")],
        ),
        (
            "Sections 158.441 and 158.4414 of the Kentucky Revised Statutes",
            [("158.441", "KRS 158.441"), ("158.4414", "KRS 158.4414")],
        ),
    ],
)
def test_lists_split_and_bare_elements_inherit_the_prefix(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text) == expected


def test_a_list_ends_where_the_numbers_stop_being_sections() -> None:
    assert found("KRS 158.441, 2 weeks later, and 3.5 hours") == [("KRS 158.441", "KRS 158.441")]
    assert found("KRS 158.441, 502.485.3000 (the hotline)") == [("KRS 158.441", "KRS 158.441")]
    assert found("Policy 10.14.2019 was revised; 34 CFR 99.3, 99.31.5") == [
        ("34 CFR 99.3", "34 C.F.R. § 99.3")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "KRS Chapters 15, 61, and 158",
            [
                ("KRS Chapters 15", "KRS Chapter 15"),
                ("61", "KRS Chapter 61"),
                ("158", "KRS Chapter 158"),
            ],
        ),
        ("KRS Chapter 160", [("KRS Chapter 160", "KRS Chapter 160")]),
        ("KRS chapter 13B", [("KRS chapter 13B", "KRS Chapter 13B")]),
        ("KRS Chapters 600-645", [("KRS Chapters 600-645", "KRS Chapters 600-645")]),
        ("Chapter 158 of the Kentucky Revised Statutes", [("158", "KRS Chapter 158")]),
    ],
)
def test_chapters(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_citation_may_wrap_onto_the_next_line() -> None:
    assert found("described in KRS\n61.902 to\nKRS 61.930 and 20 U.S.C.\n§ 1232g") == [
        ("KRS\n61.902 to\nKRS 61.930", "KRS 61.902-61.930"),
        ("20 U.S.C.\n§ 1232g", "20 U.S.C. § 1232g"),
    ]


# -- Kentucky Administrative Regulations ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized", "pinpoint"),
    [
        ("704 KAR 7:160", "704 KAR 7:160", None),
        ("704 Ky. Admin. Regs. 7:160", "704 KAR 7:160", None),
        ("702 KAR 7:065E", "702 KAR 7:065E", None),
        ("707 KAR Chapter 1", "707 KAR Chapter 1", None),
        ("704 KAR 7:160, Section 3", "704 KAR 7:160", "Section 3"),
        ("704 KAR 7:160 Section 3(2)", "704 KAR 7:160", "Section 3(2)"),
        ("Title 101 of the Kentucky Administrative Regulations", "101 KAR", None),
    ],
)
def test_kar(text: str, normalized: str, pinpoint: str | None) -> None:
    citation = one(f"under {text}.")
    assert (citation.text, citation.normalized, citation.kind, citation.pinpoint) == (
        text,
        normalized,
        "regulation",
        pinpoint,
    )


def test_kar_lists_and_ranges() -> None:
    assert found("702 KAR 5:080 and 5:090; 702 KAR 1:115 to 1:120") == [
        ("702 KAR 5:080", "702 KAR 5:080"),
        ("5:090", "702 KAR 5:090"),
        ("702 KAR 1:115 to 1:120", "702 KAR 1:115-1:120"),
    ]


# -- federal law -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized", "pinpoint"),
    [
        ("20 U.S.C. § 1232g", "20 U.S.C. § 1232g", None),
        ("20 U.S.C. 1232g", "20 U.S.C. § 1232g", None),
        ("20 USC 1232g(b)(1)", "20 U.S.C. § 1232g", "(b)(1)"),
        ("20 U.S.C.A. § 1232g", "20 U.S.C. § 1232g", None),
        ("42 U.S.C. § 2000d et seq.", "42 U.S.C. § 2000d", None),
        ("42 U.S.C. § 2000e-2", "42 U.S.C. § 2000e-2", None),
        ("18 U.S.C. § 926C", "18 U.S.C. § 926C", None),
        ("29 U.S.C. Sec. 794", "29 U.S.C. § 794", None),
        ("20 U.S.C. § 1415(k)(6)", "20 U.S.C. § 1415", "(k)(6)"),
    ],
)
def test_us_code(text: str, normalized: str, pinpoint: str | None) -> None:
    citation = one(f"see {text} for more")
    assert (
        citation.text,
        citation.normalized,
        citation.kind,
        citation.pinpoint,
        citation.problem,
    ) == (
        text,
        normalized,
        "federal statute",
        pinpoint,
        None,
    )


def test_us_code_ranges_and_lists() -> None:
    assert found("20 U.S.C. §§ 1411-1420 and 20 U.S.C. 6777, 9134") == [
        ("20 U.S.C. §§ 1411-1420", "20 U.S.C. §§ 1411-1420"),
        ("20 U.S.C. 6777", "20 U.S.C. § 6777"),
        ("9134", "20 U.S.C. § 9134"),
    ]


def test_a_section_letter_written_as_a_subsection_is_normalized_and_flagged() -> None:
    citation = one("law enforcement records (20 U.S.C. 1232(g)(a)(4)(ii)).")
    assert (citation.text, citation.normalized, citation.pinpoint) == (
        "20 U.S.C. 1232(g)(a)(4)(ii)",
        "20 U.S.C. § 1232g",
        "(a)(4)(ii)",
    )
    assert citation.problem == (
        "'20 U.S.C. 1232(g)(a)(4)(ii)' writes the section letter as a subsection; "
        "the section is 1232g"
    )
    assert one("20 U.S.C. 1232(g)").normalized == "20 U.S.C. § 1232g"
    # A real subsection letter stays a subsection.
    assert one("20 U.S.C. 1415(k)(6)").problem is None


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("34 C.F.R. § 99.8", "34 C.F.R. § 99.8"),
        ("34 CFR 99.3", "34 C.F.R. § 99.3"),
        ("34 C.F.R. 300.535(a)", "34 C.F.R. § 300.535"),
        ("34 C.F.R. Part 99", "34 C.F.R. Part 99"),
        ("34 CFR Part 300", "34 C.F.R. Part 300"),
        ("Title 34, Part 104 of the Code of Federal Regulations", "34 C.F.R. Part 104"),
        ("34 CFR §§ 300.530-300.536", "34 C.F.R. §§ 300.530-300.536"),
    ],
)
def test_cfr(text: str, normalized: str) -> None:
    citation = one(f"see {text} here")
    assert (citation.text, citation.normalized, citation.kind) == (
        text,
        normalized,
        "federal regulation",
    )


def test_cfr_lists_inherit_title_and_form() -> None:
    assert found("34 CFR 99.31, 99.34 and 34 C.F.R. Parts 99 and 300") == [
        ("34 CFR 99.31", "34 C.F.R. § 99.31"),
        ("99.34", "34 C.F.R. § 99.34"),
        ("34 C.F.R. Parts 99", "34 C.F.R. Part 99"),
        ("300", "34 C.F.R. Part 300"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Pub. L. 107-110", "P.L. 107-110", "PL 107-110", "Public Law 107-110", "Pub. L. No. 107-110"],
)
def test_public_laws(text: str) -> None:
    citation = one(f"enacted as {text} in 2002")
    assert (citation.text, citation.normalized, citation.kind) == (
        text,
        "Pub. L. 107-110",
        "public law",
    )


def test_section_504_of_the_rehabilitation_act_even_across_a_line() -> None:
    assert found("Section 504 of the\nRehabilitation Act of 1973 protects") == [
        ("Section 504 of the\nRehabilitation Act of 1973", "Rehabilitation Act of 1973 § 504")
    ]
    assert (
        one("Section 504 of the Rehabilitation Act").normalized
        == "Rehabilitation Act of 1973 § 504"
    )


# -- board policies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see Policy 09.14 for", [("09.14", "Policy 09.14")]),
        ("Board Policy 09.2211", [("09.2211", "Policy 09.2211")]),
        ("Policy Reference 09.227", [("09.227", "Policy 09.227")]),
        ("Policies 09.14 and 09.2211", [("09.14", "Policy 09.14"), ("09.2211", "Policy 09.2211")]),
        ("the procedure (09.14 AP.111) applies", [("09.14 AP.111", "Procedure 09.14 AP.111")]),
        ("Procedure 09.14 AP.1", [("09.14 AP.1", "Procedure 09.14 AP.1")]),
        (
            "RELATED POLICIES:\n\n09.14; 09.2211\n03.1321/03.2321",
            [
                ("09.14", "Policy 09.14"),
                ("09.2211", "Policy 09.2211"),
                ("03.1321", "Policy 03.1321"),
                ("03.2321", "Policy 03.2321"),
            ],
        ),
        (
            "**RELATED POLICIES:**\n\n09.422; 09.425",
            [("09.422", "Policy 09.422"), ("09.425", "Policy 09.425")],
        ),
    ],
)
def test_cued_policy_codes(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
    assert all(c.kind == "policy reference" for c in find_citations(text))


def test_policy_codes_keep_their_digits() -> None:
    assert one("Policy 09.10").normalized == "Policy 09.10"


# -- what is not a citation -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Reports are due by January 31, 2017 and 11/01/2026.",
        "The meeting starts at 10:30 a.m. or 7:00 p.m.",
        "Call (502) 485-3000 or 502.485.3000.",
        "The fee is $1,000.50, or 12.5 percent.",
        "Louisville, KY 40218",
        "SB 1, House Bill 522 and HB 1 passed.",
        "The student has a 504 plan, or a Section 504 plan.",
        "as provided in subsection (2) of this section and Section 3 of this Act",
        "The steps are (1) call, (2) write, (3) file.",
        "Kentucky Revised Statutes and the Kentucky Administrative Regulation (KAR) apply.",
        "See https://apps.legislature.ky.gov/law/statutes/KRS/158.441 and www.example.org/KRS-61.902",
        "Write to records@example.org about KRS-61",
        # A code of a state sopkit does not know (the Texas Family Code is not shipped).
        "Section 52.03 or 52.031, Family Code; Chapter 52, Family Code",
        "Policy 5126 and Policy 3.1 of another district",
        "Version 2.1 of the form, and 9.4 per cent",
    ],
)
def test_not_citations(text: str) -> None:
    assert found(text) == []


def test_a_link_s_address_is_not_searched_but_its_text_is() -> None:
    assert found("[KRS 158.441](https://example.org/KRS/161.011)") == [
        ("KRS 158.441", "KRS 158.441")
    ]


def test_offsets_are_python_string_offsets() -> None:
    text = "Café — naïve: KRS 158.441"
    citation = one(text)
    assert text[citation.start : citation.end] == "KRS 158.441"
    assert (citation.start, citation.end) == (14, 25)


def test_json_form() -> None:
    assert one("KRS 61.902 to 61.930").as_json() == {
        "start": 0,
        "end": 20,
        "text": "KRS 61.902 to 61.930",
        "normalized": "KRS 61.902-61.930",
        "kind": "statute",
        "pinpoint": None,
        "range": {"start": "KRS 61.902", "end": "KRS 61.930"},
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REFERENCES:\n1KRS 160.345; 2KRS 158.150(1)", ["KRS 160.345", "KRS 158.150"]),
        ("Title IX, 20 U.S.C. §§ 1681 et seq.", ["20 U.S.C. § 1681"]),
        ("Pub.L. 107-110 and P. L. 94-142", ["Pub. L. 107-110", "Pub. L. 94-142"]),
        ("45 CFR Parts 160 and 164", ["45 C.F.R. Part 160", "45 C.F.R. Part 164"]),
        (
            "Section 504 of the Rehabilitation Act of 1973, 29 U.S.C. § 794",
            ["Rehabilitation Act of 1973 § 504", "29 U.S.C. § 794"],
        ),
        ("Kentucky Revised Statutes (KRS) Chapter 158", ["KRS Chapter 158"]),
        ("KRS 18A.005 to 18A.200", ["KRS 18A.005-18A.200"]),
        ("Ky. Rev. Stat. Ann. § 160.340(4) (West 2020)", ["KRS 160.340"]),
        ("702 KAR 3:130 Sec. 2(1)", ["702 KAR 3:130"]),
        ("KRS 160.290(1), (2)", ["KRS 160.290"]),
    ],
)
def test_shapes_seen_in_real_policy_text(text: str, expected: list[str]) -> None:
    assert [c.normalized for c in find_citations(text)] == expected


def test_a_known_state_s_code_is_found_and_an_unknown_one_next_to_it_is_not() -> None:
    text = "Tex. Educ. Code § 37.081(g), Section 52.03 or 52.031, Family Code"
    assert [(c.normalized, c.pinpoint, c.kind) for c in find_citations(text)] == [
        ("Tex. Educ. Code § 37.081", "(g)", "state statute")
    ]


@pytest.mark.parametrize(
    ("text", "normalized", "span"),
    [
        ("KRS 158.441\u00ad4 applies", "KRS 158.4414", "KRS 158.441\u00ad4"),  # a soft hyphen
        ("under KRS\u200b 61.902", "KRS 61.902", "KRS\u200b 61.902"),  # a zero-width space
        ("20 U.S.C. § 1232\u00adg", "20 U.S.C. § 1232g", "20 U.S.C. § 1232\u00adg"),
    ],
)
def test_invisible_characters_from_pdfs_do_not_split_a_citation(
    text: str, normalized: str, span: str
) -> None:
    (citation,) = find_citations(text)
    assert (citation.normalized, text[citation.start : citation.end], citation.text) == (
        normalized,
        span,
        span,
    )
