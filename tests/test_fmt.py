"""`sopkit fmt`: sources in the house style, meaning unchanged, stable."""

from __future__ import annotations

import textwrap

import pytest

from conftest import REPO, ProjectFolder, shipped_source_count
from sopkit.sources.fmt import FormatError, format_text

MESSY = textwrap.dedent(
    """\
    # A messy section\x20\x20\x20
    id:    student-searches
    number: "4.3"
    title: Searches
    summary:   Searches of students and property.
    owner: chief
    visibility: internal
    withheld_reason:   methods of search
    audiences:   [ssos]
    implements:
    - roles-jurisdiction
    review:
        last_reviewed: 2025-09-01
        reviewed_by: 'SOP Manual Team'
        outcome: no-change   # kept
    body: |
        Searches follow the law.\x20\x20
        And District policy.

        ## Who decides
        The principal.
    steps:
        - text: Tell the principal.
          actor: sso
        -   Record it.


    """
)

TIDY = textwrap.dedent(
    """\
    # A messy section
    id: student-searches
    number: "4.3"
    title: Searches
    summary: Searches of students and property.
    owner: chief
    visibility: internal
    withheld_reason: methods of search
    audiences: [ssos]
    implements:
      - roles-jurisdiction
    review:
      last_reviewed: 2025-09-01
      reviewed_by: 'SOP Manual Team'
      outcome: no-change     # kept
    body: |
      Searches follow the law.\x20\x20
      And District policy.

      ## Who decides
      The principal.
    steps:
      - text: Tell the principal.
        actor: sso
      - Record it.
    """
)


def test_a_messy_file_is_tidied_and_a_second_run_changes_nothing() -> None:
    assert format_text(MESSY) == TIDY
    assert format_text(TIDY) == TIDY


def test_the_shipped_sources_are_formatted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sopkit.hosts.cli import main

    monkeypatch.chdir(REPO)
    assert main(["fmt", "--check"]) == 0
    assert capsys.readouterr().out == f"All {shipped_source_count()} source files are formatted.\n"


def test_fmt_check_changes_nothing_and_fmt_writes(project: ProjectFolder) -> None:
    searches = "sop/04-students/searches.yml"
    project.write(searches, MESSY)
    assert project.cli("fmt", "--check") == (
        1,
        f"{searches}: would be reformatted\n1 of 9 source files would be reformatted.\n",
        "",
    )
    assert project.read(searches) == MESSY
    assert project.cli("fmt") == (
        0,
        f"{searches}: reformatted\nReformatted 1 of 9 source files.\n",
        "",
    )
    assert project.read(searches) == TIDY
    assert project.cli("fmt", "--check")[0] == 0
    assert project.check() == []


def test_a_file_that_is_not_yaml_is_left_alone(project: ProjectFolder) -> None:
    searches = "sop/04-students/searches.yml"
    project.write(searches, "id: [unclosed\n")
    code, out, _ = project.cli("fmt", searches)
    assert code == 1
    assert out.startswith(f"{searches}: not formatted: it is not valid YAML (")
    assert project.read(searches) == "id: [unclosed\n"


def test_formatting_never_changes_a_value() -> None:
    with pytest.raises(FormatError, match="not valid YAML"):
        format_text("a: [b\n")


def test_fmt_keeps_line_endings_and_byte_order_mark(project: ProjectFolder) -> None:
    # On the previous main, formatting a CRLF file rewrote every line.
    rel = "sop/04-students/searches.yml"
    messy = project.read(rel).replace("owner: chief", "owner:    chief")
    project.write(rel, b"\xef\xbb\xbf" + messy.replace("\n", "\r\n").encode())
    code, out, _ = project.cli("fmt", rel)
    assert code == 0 and "reformatted" in out
    data = project.path(rel).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"owner: chief\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")
