"""The numbers a policy's text is cited by: (a), 1., (1) and "item 5", printed as text."""

from __future__ import annotations

import dataclasses

import markdown

from sopkit import model
from sopkit.law.clauses import citation, clause_labels, clause_numbers
from sopkit.render.markdown_html import markdown_html

STATUTE = """\
An officer who is:

- (a)
    1. A sworn law enforcement officer; or
    2. A special law enforcement officer; and
- (b) Employed:
    1. Through a contract; or
    2. Directly by a local Board of Education.
"""


def test_a_statute_s_own_numbers_are_printed_as_text_never_re_lettered() -> None:
    assert str(markdown_html(STATUTE, numbering=True)) == (
        "<p>An officer who is:</p>\n"
        '<ol class="sopkit-marked" role="list">\n'
        '<li class="sopkit-has-marker"><span class="sopkit-marker">(a)</span> '
        '<div class="sopkit-marked-body">\n'
        '<ol class="sopkit-marked" role="list">\n'
        '<li class="sopkit-has-marker"><span class="sopkit-marker">1.</span> '
        '<div class="sopkit-marked-body">A sworn law enforcement officer; or</div>\n</li>\n'
        '<li class="sopkit-has-marker"><span class="sopkit-marker">2.</span> '
        '<div class="sopkit-marked-body">A special law enforcement officer; and</div>\n</li>\n'
        "</ol>\n</div>\n</li>\n"
        '<li class="sopkit-has-marker"><span class="sopkit-marker">(b)</span> '
        '<div class="sopkit-marked-body">Employed:<ol class="sopkit-marked" role="list">\n'
        '<li class="sopkit-has-marker"><span class="sopkit-marker">1.</span> '
        '<div class="sopkit-marked-body">Through a contract; or</div>\n</li>\n'
        '<li class="sopkit-has-marker"><span class="sopkit-marker">2.</span> '
        '<div class="sopkit-marked-body">Directly by a local Board of Education.</div>\n</li>\n'
        "</ol>\n</div>\n</li>\n</ol>"
    )


def test_parenthesised_numbers_and_a_clause_marker() -> None:
    html = str(
        markdown_html("Topics:\n\n- (1) Bullying;\n- (10) Weapons.\n", numbering=True, marker="¶ 2")
    )
    assert html.startswith(
        '<span class="sopkit-marker">¶ 2</span> <div class="sopkit-marked-body">'
    )
    assert (
        '<span class="sopkit-marker">(1)</span> <div class="sopkit-marked-body">Bullying;' in html
    )
    assert (
        '<span class="sopkit-marker">(10)</span> <div class="sopkit-marked-body">Weapons.' in html
    )


def test_plain_bullets_and_text_outside_the_policy_keep_their_lists() -> None:
    assert str(markdown_html("- Engage students;\n- (b) Build a culture.\n", numbering=True)) == (
        "<ul>\n<li>Engage students;</li>\n<li>(b) Build a culture.</li>\n</ul>"
    )
    # On the website only the policy's clauses are numbered: a section's steps are not.
    site = markdown.Markdown(extensions=["md_in_html", "sopkit.render.numbering"])
    assert site.convert("1. Call the administrator.\n2. Write the report.\n") == (
        "<ol>\n<li>Call the administrator.</li>\n<li>Write the report.</li>\n</ol>"
    )


def _version(*clauses: model.Clause) -> model.PolicyVersion:
    return model.PolicyVersion(number=3, status="in force", summary="", clauses=clauses)


def _clause(id: str, heading: str | None = None, form: str = "paragraph") -> model.Clause:
    return model.Clause(
        id=id, heading=heading, form=form,  # type: ignore[arg-type]
        text=model.Prose("Words."),
    )  # fmt: skip


def test_each_clause_s_label_and_printed_number_agree() -> None:
    version = _version(
        _clause("alone", "Nature of Employment"),
        _clause("first", "Training"),
        _clause("second"),
        _clause("roles", "Roles", "bullet"),
        _clause("roles-2", form="bullet"),
    )
    numbers = clause_numbers(version)
    assert [(numbers[c.id].label, numbers[c.id].marker) for c in version.clauses] == [
        ("Nature of Employment", None),
        ("Training, paragraph 1", "¶ 1"),
        ("Training, paragraph 2", "¶ 2"),
        ("Roles, item 1", "1."),
        ("Roles, item 2", "2."),
    ]
    assert clause_labels(version)["roles-2"] == "Roles, item 2"


def test_a_citation_names_the_policy_by_its_code_or_its_organization() -> None:
    policy = model.Policy(
        id="sso", title="School Safety Officers", code="03.1161",
        kind="board policy", organization="Jefferson County Public Schools",
        adopting_body="Board", status="in force", visibility="public",
    )  # fmt: skip
    version = _version()
    assert citation(policy, version, "Roles and Expectations, item 5") == (
        "Board Policy 03.1161 (School Safety Officers), Roles and Expectations, item 5 (version 3)"
    )
    uncoded = citation(dataclasses.replace(policy, code=None), version, "Purpose")
    assert uncoded == (
        "Jefferson County Public Schools Board Policy “School Safety Officers”, Purpose (version 3)"
    )
