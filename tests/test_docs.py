"""The editing guide quotes the checker exactly, and documents every key.

If a message changes, this test fails until the guide is updated: the guide can
never show a message that sopkit no longer prints.
"""

from __future__ import annotations

import pytest

from conftest import AS_OF, REPO, ProjectFolder
from sopkit.sources.kinds import KINDS
from sopkit.sources.schema import Either, ListOf, Record

GUIDE = (REPO / "docs" / "editing-guide.md").read_text(encoding="utf-8")
SECTION = "sop/04-students/interviews.yml"
REGISTRY = "policy_data/authorities.yml"

CASES: dict[str, list[tuple[str, str, str | bytes]]] = {
    "unquoted number": [(SECTION, 'number: "4.2"', "number: 4.10")],
    "misspelled key": [(SECTION, "outcome: no-change", "outcom: no-change")],
    "missing key": [(SECTION, "  reviewed_by: SOP Manual Team\n", "")],
    "impossible date": [(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2025-02-29")],
    "date format": [(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 03/10/2026")],
    "future review": [(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-12-15")],
    "unknown clause": [
        (SECTION, "implements: [roles-jurisdiction]", "implements: [roles-jurisdicton]")
    ],
    "not a list": [(SECTION, "audiences: [ssos]", "audiences: ssos")],
    "duplicate id": [
        ("sop/04-students/searches.yml", "id: student-searches", "id: student-interviews")
    ],
    "colon": [(SECTION, "title: Interviewing students", "title: Interviews: when and how")],
    "tab": [(SECTION, "  outcome: no-change", "\toutcome: no-change")],
    "duplicate key": [(SECTION, "visibility: public", "visibility: public\nvisibility: internal")],
    "raw html": [(SECTION, "  The principal, first.", "  The principal, <b>first.")],
    "image": [(SECTION, "  The principal, first.", "  The principal, first.\n\n  ![](map.png)")],
    "template": [(SECTION, "  The principal, first.", "  The principal, {{ principal }}.")],
    "javascript": [
        (SECTION, "  The principal, first.", "  The [principal](javascript:alert(1)), first.")
    ],
    "invisible": [(SECTION, "title: Interviewing students", "title: Interviewing \u202estudents")],
    "encoding": [(SECTION, "title: Interviewing students", b"title: Caf\xe9 interviews")],
    "malformed citation": [
        (SECTION, "(KRS 61.902).", "(KRS 61.902), as FERPA says (20 U.S.C. 1232(g)).")
    ],
    "unregistered citation": [(SECTION, "(KRS 61.902).", "(KRS 61.902; see Policy 09.99).")],
    "unused authority": [
        (REGISTRY, "  - cite: Policy 09.14", "  - cite: KRS 1.010\n  - cite: Policy 09.14")
    ],
    "cite not in normal form": [
        (REGISTRY, "  - cite: KRS 61.902\n", "  - cite: Ky. Rev. Stat. § 61.902\n")
    ],
}


def apply(project: ProjectFolder, rel: str, old: str, new: str | bytes) -> None:
    if isinstance(new, bytes):
        data = project.path(rel).read_bytes().replace(old.encode(), new)
        project.write(rel, data)
    else:
        project.replace(rel, old, new)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_guide_quotes_the_checker_exactly(project: ProjectFolder, case: str) -> None:
    for rel, old, new in CASES[case]:
        apply(project, rel, old, new)
    found = project.check()
    assert found, "the mistake should be reported"
    for diagnostic in found:
        assert diagnostic in GUIDE, f"the editing guide should show:\n{diagnostic}"


def keys(record: Record) -> set[str]:
    names = {field.name for field in record.fields}
    for field in record.fields:
        kind = field.type.item if isinstance(field.type, ListOf) else field.type
        if isinstance(kind, Either):
            kind = kind.long
        if isinstance(kind, Record):
            names |= keys(kind)
    return names


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_guide_documents_every_key(kind: str) -> None:
    missing = sorted(name for name in keys(KINDS[kind].record) if f"`{name}`" not in GUIDE)
    assert missing == []


def test_the_guide_shows_a_file_that_checks_clean(project: ProjectFolder) -> None:
    example = GUIDE.split("Here is a complete section file.\n\n```yaml\n", 1)[1].split("```", 1)[0]
    project.write(SECTION, example.replace("[ssos, school-administrators, families]", "[ssos]"))
    found = [m for m in project.messages() if "is not a" not in m]
    assert found == []


REVIEW_DOC = (REPO / "docs" / "review-tracking.md").read_text(encoding="utf-8")


def fenced(text: str, language: str) -> list[str]:
    """The contents of each ```language block of a Markdown text."""
    return [block.split("\n```", 1)[0] for block in text.split(f"```{language}\n")[1:]]


def test_review_tracking_quotes_sopkit_review_exactly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sopkit.hosts.cli import main

    monkeypatch.chdir(REPO)
    quoted = fenced(REVIEW_DOC, "console")[0].splitlines()
    assert quoted[0] == "$ .venv/bin/sopkit review --as-of 2026-12-01" and quoted[-1] == "..."
    assert main(["review", "--as-of", "2026-12-01"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[: len(quoted) - 2] == quoted[1:-1]


def test_review_tracking_quotes_the_build_warning_exactly() -> None:
    from sopkit import Layout, check_project
    from sopkit.status.reviews import review_diagnostics, review_states

    result = check_project(Layout(REPO), as_of=AS_OF)
    assert result.project.manual is not None
    states = review_states(result.project.manual, AS_OF)
    first = next(iter(review_diagnostics(states)))
    quoted = fenced(REVIEW_DOC, "text")[0]
    assert quoted == (f"WARNING -  sopkit: {first.location}: {first.message}\n  hint: {first.hint}")


def test_policy_versions_quotes_sopkit_diff_exactly() -> None:
    from test_diff import PUBLISH_SEARCHES

    page = (REPO / "docs" / "policy-versions.md").read_text(encoding="utf-8")
    assert f"```markdown\n{PUBLISH_SEARCHES}```" in page
