"""`sopkit new section | chapter | policy`: complete, valid files, and plain refusals."""

from __future__ import annotations

import re

import pytest

from conftest import ProjectFolder
from sitebuild import write_site

CHAPTER = "sop/04-students"


def files_of(project: ProjectFolder) -> set[str]:
    return {p.relative_to(project.root).as_posix() for p in project.root.rglob("*.yml")}


def test_a_new_section_takes_the_next_number_and_passes_check_and_fmt(
    project: ProjectFolder,
) -> None:
    code, out, err = project.cli("new", "section", CHAPTER, "--title", "Handcuffs: when and how")
    assert (code, err) == (0, "")
    assert out == (
        f"Wrote {CHAPTER}/handcuffs-when-and-how.yml\n"
        "Made section 4.4. Fill it in, then run: sopkit check\n"
    )
    text = project.read(f"{CHAPTER}/handcuffs-when-and-how.yml")
    assert 'number: "4.4"' in text and 'title: "Handcuffs: when and how"' in text
    assert "visibility: internal" in text  # a draft never reaches the public edition
    assert project.cli("check") == (0, "No problems found in 10 source files.\n", "")
    assert project.cli("fmt", "--check")[0] == 0


def test_a_new_section_is_built_into_the_site(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitebuild import build_site

    write_site(project.root)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    # Not yet reviewed: a note, as `make build` takes it, not a warning that fails it.
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", "info")
    assert project.cli("new", "section", CHAPTER, "--id", "cuffs", "--title", "Handcuffing")[0] == 0
    built = build_site(project.root)
    assert built.error == ""
    assert '<h1 id="44-handcuffing">4.4 Handcuffing</h1>' in built.html("sop/cuffs/index.html")


def test_a_new_chapter_and_a_section_in_it(project: ProjectFolder) -> None:
    code, out, _ = project.cli("new", "chapter", "--title", "Community engagement")
    assert code == 0 and "Made chapter 5." in out
    assert "sop/05-community-engagement/chapter.yml" in files_of(project)
    code, out, _ = project.cli(
        "new", "section", "sop/05-community-engagement", "--title", "School events"
    )
    assert code == 0 and "Made section 5.1." in out
    assert project.cli("check") == (0, "No problems found in 11 source files.\n", "")


def test_a_new_policy_is_a_draft_with_a_first_version(project: ProjectFolder) -> None:
    code, out, _ = project.cli("new", "policy", "--title", "Student records", "--code", "09.14")
    assert code == 0 and out.endswith("Made a draft policy. Fill it in, then run: sopkit check\n")
    folder = "policy_data/policies/student-records"
    assert {f"{folder}/policy.yml", f"{folder}/versions/v1.yml"} <= files_of(project)
    policy = project.read(f"{folder}/policy.yml")
    assert 'code: "09.14"' in policy and "status: draft" in policy
    assert "organization: Test District" in policy
    assert project.cli("check") == (0, "No problems found in 11 source files.\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["section", "sop/04-studnets", "--title", "X"],
            "'sop/04-studnets' is not a chapter folder (one with a chapter.yml) (did you mean "
            "'sop/04-students'?); the chapters are in sop/04-students",
        ),
        (
            ["section", CHAPTER, "--title", "X", "--id", "Student Interviews"],
            "'Student Interviews' is not a valid section id: ids use lower-case letters, digits "
            "and hyphens, at most 64 characters (write --id student-interviews)",
        ),
        (
            ["section", CHAPTER, "--title", "Interviewing students", "--id", "student-interviews"],
            "there is already a section with the id 'student-interviews'; choose another --id",
        ),
        (["chapter", "--title", "   "], "--title is empty; give the title the readers will see"),
        (
            ["chapter", "--title", "Bad\u0007title"],
            "--title holds a control character; write it as plain text",
        ),
        (
            ["policy", "--title", "Again", "--id", "school-safety-officers"],
            "there is already a policy with the id 'school-safety-officers'; choose another --id",
        ),
    ],
)
def test_new_refuses_in_plain_words_and_writes_nothing(
    project: ProjectFolder, args: list[str], message: str
) -> None:
    before = files_of(project)
    assert project.cli("new", *args) == (2, "", f"sopkit: {message}\n")
    assert files_of(project) == before


def test_new_never_replaces_a_file(project: ProjectFolder) -> None:
    kept = project.read(f"{CHAPTER}/searches.yml").replace("id: student-searches", "id: old")
    project.write(f"{CHAPTER}/handcuffing.yml", kept.replace('number: "4.3"', 'number: "4.9"'))
    before = project.read(f"{CHAPTER}/handcuffing.yml")
    code, _, err = project.cli("new", "section", CHAPTER, "--title", "Handcuffing")
    assert code == 2 and err == (
        f"sopkit: {CHAPTER}/handcuffing.yml exists already; nothing was written\n"
    )
    assert project.read(f"{CHAPTER}/handcuffing.yml") == before


def test_a_new_draft_policy_builds_and_only_the_internal_edition_has_it(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitebuild import build_site

    write_site(project.root)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    assert project.cli("new", "policy", "--title", "Student records", "--code", "09.14")[0] == 0
    internal = build_site(project.root, site_dir=project.root / "internal")
    assert (internal.error, internal.warnings()) == ("", [])
    index = internal.html("policy/index.html")
    assert '<a href="student-records/history/"><strong>09.14</strong> Student records</a>' in index
    monkeypatch.setenv("SOPKIT_EDITION", "public")
    public = build_site(project.root, site_dir=project.root / "public")
    assert (public.error, public.warnings()) == ("", [])
    assert not (public.site / "policy" / "student-records").exists()
    assert "Student records" not in (public.site / "search" / "search_index.json").read_text()


def test_a_section_cannot_carry_out_a_clause_of_a_policy_not_yet_adopted(
    project: ProjectFolder,
) -> None:
    assert project.cli("new", "policy", "--title", "Student records", "--code", "09.14")[0] == 0
    project.replace(
        f"{CHAPTER}/interviews.yml",
        "implements: [roles-jurisdiction]",
        'implements: [roles-jurisdiction, "09.14#purpose"]',
    )
    code, out, _ = project.cli("check")
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{CHAPTER}/interviews.yml:8:34: error: implements: '09.14#purpose' names a clause of "
        "the policy 'Student records', which has no version in force: a section carries out "
        "adopted policy",
        "  hint: remove '09.14#purpose' until the Board adopts the policy (its version's "
        "status: in force)",
    ]


def test_the_hint_for_a_clause_of_a_draft_policy_fixes_it(project: ProjectFolder) -> None:
    assert project.cli("new", "policy", "--title", "Student records", "--code", "09.14")[0] == 0
    project.replace(
        f"{CHAPTER}/interviews.yml",
        "implements: [roles-jurisdiction]",
        'implements: [roles-jurisdiction, "09.14#purpose"]',
    )
    hint = project.cli("check")[1].splitlines()[1]
    removed = re.search(r"remove '([^']+)'", hint)
    assert removed is not None
    project.replace(f"{CHAPTER}/interviews.yml", f', "{removed.group(1)}"', "")
    assert project.cli("check")[0] == 0
