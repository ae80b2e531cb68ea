"""The redline: golden files of small texts in all three styles, and the typed result."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden import check_golden, read_golden
from sopkit.compare.redline import Piece, Token, compare, read_blocks

GOLDEN = Path(__file__).parent / "golden" / "redline"
CASES = sorted(GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_redline_golden(path: Path) -> None:
    case = read_golden(path)
    redline = compare(case["old"], case["new"])
    check_golden(
        path,
        {
            "text": redline.explain("text"),
            "markdown": redline.explain("markdown"),
            "html": redline.explain("html"),
        },
    )


def test_reflowed_text_is_not_a_change() -> None:
    case = read_golden(GOLDEN / "reflow-only.txt")
    assert not compare(case["old"], case["new"]).changed
    assert not compare("a  b\n c", "a b c").changed


def test_a_replacement_is_a_removed_then_an_added_piece() -> None:
    redline = compare("An SRO will", "An SSO will")
    (block,) = redline.blocks
    assert block.kind == "same"
    assert [(p.kind, p.text) for p in block.pieces] == [
        ("same", "An"),
        ("removed", "SRO"),
        ("added", "SSO"),
        ("same", "will"),
    ]
    assert redline.counts() == {"removed": 1, "added": 1}


def test_a_paragraph_split_in_two_is_one_added_break() -> None:
    redline = compare("One. Two.", "One.\n\nTwo.")
    assert [(b.kind, [p.text for p in b.pieces]) for b in redline.blocks] == [
        ("same", ["One."]),
        ("added", ["Two."]),
    ]
    assert all(p.kind == "same" for b in redline.blocks for p in b.pieces)


def test_words_keep_their_inner_punctuation() -> None:
    (block,) = read_blocks("KRS 158.4414, 704 KAR 7:160, his/her and the school’s")
    assert [t.text for t in block.tokens] == [
        "KRS", "158.4414", ",", "704", "KAR", "7:160", ",", "his/her", "and", "the", "school’s"
    ]  # fmt: skip


def test_blocks_know_list_markers_and_depth() -> None:
    blocks = read_blocks(
        "Intro\nwrapped.\n\n- one\n    1. nested\n  wrapped\n- two\n\n## Head\nText"
    )
    assert [(b.marker, b.depth, " ".join(t.text for t in b.tokens)) for b in blocks] == [
        ("", 0, "Intro wrapped ."),
        ("-", 0, "one"),
        ("1.", 1, "nested wrapped"),
        ("-", 0, "two"),
        ("##", 0, "Head"),
        ("", 0, "Text"),
    ]


def test_html_marks_changes_with_words_not_only_colour() -> None:
    html = compare("an SRO", "an SSO").explain("html")
    assert (
        '<del><span class="sopkit-visually-hidden">[deleted: </span>SRO'
        '<span class="sopkit-visually-hidden">]</span></del>'
    ) in html
    assert '<ins><span class="sopkit-visually-hidden">[inserted: </span>SSO' in html


def test_html_escapes_the_text() -> None:
    html = compare("a <b>", 'a <script>alert("x")</script>').explain("html")
    assert "<script" not in html and "</script" not in html and "&lt;/script&gt;" in html


def test_markdown_escapes_the_text() -> None:
    assert compare("a", "a *b* [c](d)").explain("markdown") == r"a **\*b\* \[c\](d)**"


def test_piece_text_joins_tokens_as_written() -> None:
    piece = Piece("same", (Token("Per", False), Token("KRS", True), Token("(", True)))
    assert piece.text == "Per KRS ("
