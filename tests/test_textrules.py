"""Rules for Markdown text: raw HTML, unsafe links, images without alt, template syntax."""

from __future__ import annotations

import pytest

from conftest import ProjectFolder
from sopkit.diagnostics import Location
from sopkit.sources.textrules import check_markdown, check_plain_text, link_scheme, mask_code

SECTION = "sop/04-students/interviews.yml"


def messages(text: str) -> list[str]:
    """The first line of each problem, with line and column from the offset."""

    def locate(offset: int) -> Location:
        line = text.count("\n", 0, offset) + 1
        return Location("x", line, offset - (text.rfind("\n", 0, offset) + 1) + 1)

    return [str(d).split("\n")[0] for d in check_markdown(text, locate, "body")]


def codes(text: str) -> list[tuple[str, int]]:
    """(code, offset) of each problem; offsets count from 0."""
    return [
        (d.code, d.location.column)
        for d in check_markdown(text, lambda o: Location("t", 1, o), "body")
    ]


def test_clean_markdown_passes() -> None:
    text = (
        "## Heading\n\nSome **bold** and [a link](https://example.org) and "
        "<https://example.org> and mail <mailto:a@example.org>.\n\n"
        "| A | B |\n| --- | --- |\n| 1 < 2 | x |\n\n![A photo of the entrance](door.jpg)\n"
    )
    assert codes(text) == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<br>",
        "<sup>1</sup>",
        "<!-- hidden -->",
        "</div>",
    ],
)
def test_raw_html_is_refused(html: str) -> None:
    assert codes(f"Text {html} more")[0] == ("raw-html", 5)


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "java&#09;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_schemes_are_refused_however_disguised(target: str) -> None:
    assert ("unsafe-link", 9) in codes(f"A [link]({target}) here")


@pytest.mark.parametrize(
    "text",
    [
        "[x]: javascript:alert(1)\n\nSee [x].",
        "<javascript:alert(1)>",
        "[x](<javascript:alert(1)>)",
    ],
)
def test_reference_definitions_and_autolinks_are_checked_too(text: str) -> None:
    assert any(code == "unsafe-link" for code, _ in codes(text))


@pytest.mark.parametrize(
    ("target", "scheme"),
    [
        ("https://a", "https"),
        ("mailto:a@b", "mailto"),
        ("page.md", None),
        ("#anchor", None),
        (" JAVA\nSCRIPT:x", "javascript"),
    ],
)
def test_link_scheme(target: str, scheme: str | None) -> None:
    assert link_scheme(target) == scheme


def test_images_need_alt_text() -> None:
    assert codes("Look: ![](door.jpg) and ![  ](x.png)") == [
        ("image-without-alt", 6),
        ("image-without-alt", 24),
    ]


def test_template_syntax_is_refused_outside_code() -> None:
    assert codes("Result {{ 7*7 }} and {% if x %}") == [
        ("template-syntax", 7),
        ("template-syntax", 21),
    ]


def test_code_is_exempt_from_every_rule() -> None:
    text = "Use `{{ name }}` and `<br>`.\n\n```\n<script>{{ x }}</script>\n[a](javascript:x)\n```\n"
    assert codes(text) == []


def test_mask_code_keeps_offsets() -> None:
    text = "a `b` c\n```\nd\n```\ne"
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert masked.splitlines() == ["a     c", "   ", " ", "   ", "e"]


def test_plain_text_refuses_html_in_titles() -> None:
    found = check_plain_text("</title><script>x</script>", lambda o: Location("t", 1, o), "title")
    assert [d.message for d in found][:1] == ["title: raw HTML '</title>' is not allowed"]


def test_positions_inside_a_literal_block_are_exact(project: ProjectFolder) -> None:
    project.replace(SECTION, "  The principal, first.", "  The principal, <b>first</b>.")
    assert project.messages() == [
        f"{SECTION}:19:18: error: body: raw HTML '<b>' is not allowed",
        f"{SECTION}:19:26: error: body: raw HTML '</b>' is not allowed",
    ]


def test_positions_inside_a_folded_block_find_the_word(project: ProjectFolder) -> None:
    project.replace(
        SECTION,
        "  - Record the interview.",
        "  - >-\n    Record the interview\n    in [the log](javascript:void(0)).",
    )
    assert project.messages() == [
        f"{SECTION}:25:18: error: steps → item 2: a link to 'javascript:' is not allowed"
    ]


def test_a_title_that_closes_the_title_tag_is_refused(project: ProjectFolder) -> None:
    project.replace(
        SECTION, "title: Interviewing students", 'title: "</title><script>alert(1)</script>"'
    )
    assert project.messages() == [
        f"{SECTION}:3:9: error: title: raw HTML '</title>' is not allowed",
        f"{SECTION}:3:17: error: title: raw HTML '<script>' is not allowed",
        f"{SECTION}:3:33: error: title: raw HTML '</script>' is not allowed",
    ]


def test_headings_go_down_one_level_at_a_time() -> None:
    assert messages("## Who\n\nText.\n\n#### Detail\n") == [
        "x:5:1: error: body: the heading '#### Detail' skips a level (the heading before it is ##)"
    ]
    assert messages("### First\n") == [
        "x:1:1: error: body: the heading '### First' skips a level (the heading before it "
        "is the title)"
    ]
    assert messages("# Title again\n") == [
        "x:1:1: error: body: '#' makes a heading at the level of the page's own title"
    ]
    assert messages("## A\n\n### B\n\n## C\n\n```\n# not a heading\n```\n") == []


def test_a_table_needs_a_header_row() -> None:
    assert messages("|  |  |\n| --- | --- |\n| a | b |\n") == [
        "x:1:1: error: body: this table's header row is empty, so nothing says what its "
        "columns hold"
    ]
    assert messages("| When | What |\n| --- | --- |\n| a | b |\n") == []
