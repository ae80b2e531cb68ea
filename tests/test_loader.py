"""The loader refuses YAML hazards before anything else looks at a file.

Each test writes a small file and asserts the exact message and position.
"""

from __future__ import annotations

import pytest

from conftest import ProjectFolder
from sopkit.sources.loader import MAX_FILE_BYTES, load_bytes
from sopkit.sources.tree import Mapping, Scalar, to_plain_data

SECTION = "sop/04-students/interviews.yml"


def problems(data: bytes, path: str = "x.yml") -> list[str]:
    return [str(d) for d in load_bytes(path, data).diagnostics]


def test_a_plain_file_loads_with_positions() -> None:
    loaded = load_bytes("x.yml", b"id: a\ntitle: 'Quoted'\nbody: |\n  One\n  Two\n")
    assert loaded.diagnostics == []
    assert isinstance(loaded.tree, Mapping)
    assert to_plain_data(loaded.tree) == {"id": "a", "title": "Quoted", "body": "One\nTwo\n"}
    title = loaded.tree.get("title")
    assert isinstance(title, Scalar)
    assert (title.line, title.column, title.style) == (2, 8, "single-quoted")


def test_syntax_error_is_explained() -> None:
    assert problems(b"title: Searches: when and how\n") == [
        "x.yml:1:16: error: a colon followed by a space starts a key, so this value cannot "
        "contain ': ' unless it is quoted\n"
        '  hint: put the whole value in double quotes, e.g. title: "Searches: when and how"'
    ]


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    assert problems(b'id: a\ntitle: "Interviews\nowner: chief\n') == [
        "x.yml:2:8: error: a quoted value is opened here but its closing quote is missing\n"
        "  hint: add the matching closing quote at the end of the value"
    ]


def test_bad_indentation_is_explained() -> None:
    assert problems(b"review:\n  outcome: revised\n reviewed_by: Team\n") == [
        "x.yml:3:2: error: this line is not lined up with the lines above it\n"
        "  hint: start it at column 3, lined up with the key on line 2"
    ]


def test_tab_indentation_is_refused_on_every_line() -> None:
    assert problems(b"review:\n\toutcome: revised\n\treviewed_by: Team\n") == [
        "x.yml:2:1: error: a tab is used for indentation; YAML indentation must be spaces\n"
        "  hint: replace the tab with spaces (most editors: 'Convert Indentation to Spaces')",
        "x.yml:3:1: error: a tab is used for indentation; YAML indentation must be spaces\n"
        "  hint: replace the tab with spaces (most editors: 'Convert Indentation to Spaces')",
    ]


def test_duplicate_keys_name_both_places() -> None:
    assert problems(b"id: a\ntitle: One\nowner: chief\ntitle: Two\n") == [
        "x.yml:4:1: error: the key 'title' appears twice in the same mapping: first at line 2, "
        "column 1, and again here\n"
        "  hint: keep one of them: delete the other, or merge the two values"
    ]


def test_duplicate_keys_in_nested_mappings() -> None:
    data = b"review:\n  outcome: revised\n  outcome: no-change\n"
    assert problems(data)[0].startswith(
        "x.yml:3:3: error: the key 'outcome' appears twice in the same mapping: first at line 2, "
        "column 3"
    )


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert problems(b"a:\n  id: 1\nb:\n  id: 2\n") == []


def test_anchors_and_aliases_are_refused() -> None:
    assert problems(b"owner: &who chief\nreviewed_by: *who\n") == [
        "x.yml:1:8: error: '&who' is a YAML anchor; anchors and aliases are not allowed\n"
        "  hint: delete &who and write each value out in full; if this is text that starts "
        "with &, put the whole value in double quotes",
        "x.yml:2:14: error: '*who' is a YAML alias (a copy of another value); aliases are not "
        "allowed\n"
        "  hint: write the value out in full; if this is text that starts with *, put the whole "
        "value in double quotes",
    ]


def test_an_alias_bomb_is_refused_without_being_expanded() -> None:
    # Each level would multiply the previous one by nine: expanded, it would be 9**9 items.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    loaded = load_bytes("bomb.yml", "\n".join(lines).encode())
    assert loaded.tree is None
    assert loaded.diagnostics[0].code == "yaml-anchor"
    assert len(loaded.diagnostics) == 10 + 81  # every anchor and every alias, each once


@pytest.mark.parametrize(
    ("data", "tag"),
    [
        (b"title: !!python/object/apply:os.system ['ls']\n", "!!python/object/apply:os.system"),
        (b"body: !include other.yml\n", "!include"),
        (b"number: !!str 4.2\n", "!!str"),
    ],
)
def test_tags_are_refused(data: bytes, tag: str) -> None:
    assert problems(data) == [
        f"x.yml:1:{data.index(b'!') + 1}: error: '{tag}' is a YAML tag; tags are not allowed in "
        "sources\n"
        f"  hint: delete {tag} and write the value itself; to include text from another file, "
        "copy it in"
    ]


def test_a_yaml_directive_is_refused() -> None:
    assert problems(b"%YAML 1.1\n---\nid: a\n") == [
        "x.yml:1:1: error: a %YAML or %TAG directive is not allowed\n"
        "  hint: delete the line that starts with %"
    ]


def test_several_documents_in_one_file_are_refused() -> None:
    assert problems(b"id: a\n---\nid: b\n") == [
        "x.yml:2:1: error: this file holds more than one YAML document ('---' starts a new one)\n"
        "  hint: keep one section per file: move the second document to its own file"
    ]


def test_a_leading_document_marker_is_fine() -> None:
    assert problems(b"---\nid: a\n") == []


def test_text_that_is_not_utf8_is_located() -> None:
    data = "id: a\ntitle: Caf\u00e9 policy\n".encode("latin-1")
    assert problems(data) == [
        "x.yml:2:11: error: this file is not UTF-8 text: byte 0xE9 cannot be read\n"
        "  hint: save the file as UTF-8 (in most editors: File → Save with Encoding → UTF-8)"
    ]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    loaded = load_bytes("x.yml", b"\xef\xbb\xbfid: a\n")
    assert loaded.diagnostics == []
    assert loaded.tree is not None and to_plain_data(loaded.tree) == {"id": "a"}


def test_windows_line_endings_are_accepted() -> None:
    loaded = load_bytes("x.yml", b"id: a\r\ntitle: b\r\n")
    assert loaded.diagnostics == []


def test_oversized_files_are_refused() -> None:
    data = b"body: |\n" + b"  words words words\n" * (MAX_FILE_BYTES // 10)
    assert problems(data) == [
        f"x.yml: error: this file is {len(data) / 1024:.0f} KB; source files may be at most "
        f"{MAX_FILE_BYTES // 1024} KB\n"
        "  hint: split it: a long section is easier to read and review as several sections"
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
    ],
)
def test_invisible_characters_are_refused_where_they_are(char: str, name: str) -> None:
    data = f"id: a\ntitle: Use of {char}force\n".encode()
    assert problems(data) == [
        f"x.yml:2:15: error: invisible character U+{ord(char):04X} ({name}); it can make text "
        "display differently from what it says\n"
        "  hint: delete it: put the cursor at this line and column and press Delete once"
    ]


def test_control_characters_are_refused() -> None:
    assert problems(b"id: a\ntitle: bell\x07\n") == [
        "x.yml:2:12: error: control character U+0007 is not allowed in a source file\n"
        "  hint: delete it; it usually comes from pasting text out of another program"
    ]


def test_deep_nesting_is_refused() -> None:
    data = ("a: " + "[" * 40 + "]" * 40 + "\n").encode()
    assert "nested more than 32 levels" in problems(data)[0]


def test_hazards_are_reported_through_check_with_the_project_path(project: ProjectFolder) -> None:
    project.replace(SECTION, "owner: chief", "owner: &o chief")
    assert project.messages() == [
        f"{SECTION}:5:8: error: '&o' is a YAML anchor; anchors and aliases are not allowed"
    ]


# -- characters written as escapes, and characters YAML cannot read ----------------------
# Each of these passed the loader before: the character scan looked only at the raw text,
# where an escape is a backslash and some letters.


@pytest.mark.parametrize(
    ("escape", "column", "message"),
    [
        (
            "\\u202e",
            16,
            "the escape \\u202e writes the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); "
            "it can make text display differently from what it says\n"
            "  hint: delete \\u202e",
        ),
        (
            "\\x00",
            16,
            "the escape \\x00 writes the control character U+0000, which is not allowed\n"
            "  hint: delete \\x00",
        ),
        (
            "\\e",
            16,
            "the escape \\e writes the control character U+001B, which is not allowed\n"
            "  hint: delete \\e",
        ),
        (
            "\\ud800",
            16,
            "the escape \\ud800 writes U+D800, which is not a character on its own\n"
            "  hint: delete \\ud800; to write a character, type the character itself (the file "
            "is UTF-8)",
        ),
        (
            "\\L",
            16,
            "the escape \\L writes the invisible character U+2028 (LINE SEPARATOR); it can make "
            "text display differently from what it says\n"
            "  hint: delete \\L",
        ),
    ],
)
def test_escapes_that_write_forbidden_characters_are_refused_where_they_are(
    escape: str, column: int, message: str
) -> None:
    data = f'id: a\ntitle: "Use of {escape}force"\n'.encode()
    loaded = load_bytes("x.yml", data)
    assert [str(d) for d in loaded.diagnostics] == [f"x.yml:2:{column}: error: {message}"]
    assert loaded.tree is None  # the value never reaches a message or a page


def test_ordinary_escapes_are_fine() -> None:
    loaded = load_bytes("x.yml", b'title: "Tab\\tand \\"quotes\\" and caf\\u00e9"\n')
    assert loaded.diagnostics == []
    assert loaded.tree is not None
    assert to_plain_data(loaded.tree) == {"title": 'Tab\tand "quotes" and caf\u00e9'}


def test_an_escaped_key_is_scanned_too() -> None:
    assert problems(b'"ti\\u200btle": a\n')[0].startswith(
        "x.yml:1:4: error: the escape \\u200b writes the invisible character U+200B"
    )


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_noncharacters_are_refused_where_they_are(char: str) -> None:
    # U+FFFE used to give a syntax error at line 0 with the parser's "position N".
    assert problems(f"id: a\ntitle: ab{char}c\n".encode()) == [
        f"x.yml:2:10: error: U+{ord(char):04X} is not a character (Unicode reserves it), and "
        "YAML cannot read a file that holds it\n"
        "  hint: delete it: put the cursor at this line and column and press Delete once"
    ]


@pytest.mark.parametrize(
    ("char", "name"), [("\u00ad", "SOFT HYPHEN"), ("\u2028", "LINE SEPARATOR")]
)
def test_soft_hyphens_and_separators_are_invisible_characters(char: str, name: str) -> None:
    assert problems(f"title: hand{char}cuffs\n".encode())[0].startswith(
        f"x.yml:1:12: error: invisible character U+{ord(char):04X} ({name})"
    )


# -- empty files ---------------------------------------------------------------------------

EMPTY = (
    "error: this file is empty: it holds no keys, only blank lines or comments\n"
    "  hint: write its keys (the editing guide has an example of every kind of file), or "
    "delete the file if it is not needed"
)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \n", b"# just a comment\n", b"---\n"])
def test_an_empty_file_is_an_error(data: bytes) -> None:
    assert problems(data) == [f"x.yml:1:1: {EMPTY}"]


@pytest.mark.parametrize(
    "rel",
    ["sop/04-students/chapter.yml", "sop/04-students/interviews.yml", "sop/manual.yml"],
)
def test_an_emptied_source_fails_the_check(project: ProjectFolder, rel: str) -> None:
    # An empty chapter.yml used to drop its chapter and both its sections without a word.
    project.write(rel, "\n")
    code, out, _ = project.cli("check")
    assert code == 1
    assert f"{rel}:1:1: {EMPTY}" in out
