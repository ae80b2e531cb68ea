"""Meaning checks: the sources agree with each other across files."""

from __future__ import annotations

import re
import shutil

from conftest import ProjectFolder

SECTION = "sop/04-students/interviews.yml"
OTHER = "sop/04-students/searches.yml"
VERSION = "policy_data/policies/school-safety-officers/versions/v1.yml"


def test_section_ids_are_unique_across_files(project: ProjectFolder) -> None:
    project.replace(OTHER, "id: student-searches", "id: student-interviews")
    assert project.check() == [
        f"{OTHER}:1:5: error: page id 'student-interviews' is already used at {SECTION}:1:5\n"
        "  hint: each page id must be unique: change one of them, e.g. id: student-interviews-2"
    ]


def test_a_chapter_and_a_section_cannot_share_an_id(project: ProjectFolder) -> None:
    project.replace(OTHER, "id: student-searches", "id: students")
    assert project.messages() == [
        f"{OTHER}:1:5: error: page id 'students' is already used at sop/04-students/chapter.yml:1:5"
    ]


def test_section_numbers_are_unique(project: ProjectFolder) -> None:
    project.replace(OTHER, 'number: "4.3"', 'number: "4.2"')
    assert project.messages() == [
        f"{OTHER}:2:9: error: section number '4.2' is already used at {SECTION}:2:9"
    ]


def test_a_section_number_must_belong_to_its_chapter(project: ProjectFolder) -> None:
    project.replace(OTHER, 'number: "4.3"', 'number: "5.1"')
    assert project.check() == [
        f"{OTHER}:2:9: error: section number 5.1 does not belong in chapter 4 "
        "('Student contacts')\n"
        "  hint: move the file to the folder of its chapter, or number it in this one, e.g. "
        'number: "4.1"'
    ]


def test_implements_must_name_a_clause_of_the_current_version(project: ProjectFolder) -> None:
    project.replace(SECTION, "implements: [roles-jurisdiction]", "implements: [roles-jurisdicton]")
    assert project.check() == [
        f"{SECTION}:8:14: error: implements: 'roles-jurisdicton' is not a clause of the policy "
        "'school-safety-officers' (version 1) (did you mean 'roles-jurisdiction'?)\n"
        f"  hint: write roles-jurisdiction instead (an id from {VERSION})"
    ]


def test_owner_audience_topic_actor_and_see_also_must_resolve(project: ProjectFolder) -> None:
    project.replace(SECTION, "owner: chief", "owner: cheif")
    project.replace(SECTION, "audiences: [ssos]", "audiences: [ssos, parents]")
    project.replace(SECTION, "training_topics: [de-escalation]", "training_topics: [deescalation]")
    project.replace(SECTION, "    actor: sso", "    actor: officer")
    project.replace(SECTION, "review:", "see_also: [student-search]\nreview:")
    assert project.messages() == [
        f"{SECTION}:5:8: error: owner: 'cheif' is not a role in sop/manual.yml "
        "(did you mean 'chief'?)",
        f"{SECTION}:7:19: error: audiences: 'parents' is not an audience in sop/manual.yml",
        f"{SECTION}:9:19: error: training_topics: 'deescalation' is not a training topic "
        "(did you mean 'de-escalation'?)",
        f"{SECTION}:10:12: error: see_also: 'student-search' is not a section id "
        "(did you mean 'student-searches'?)",
        f"{SECTION}:23:12: error: actor: 'officer' is not a role in sop/manual.yml",
    ]


def test_related_policies_must_be_in_the_registry(project: ProjectFolder) -> None:
    project.replace(VERSION, 'related_policies: ["09.14"]', 'related_policies: ["09.14", "09.15"]')
    assert project.check() == [
        f"{VERSION}:27:29: error: related_policies: '09.15' is not a board policy in the registry "
        "(did you mean '09.14'?)\n"
        "  hint: write 09.14 instead (an id from policy_data/authorities.yml, where each is listed "
        "as cite: Policy <code>)"
    ]


def test_registry_authorities_must_resolve(project: ProjectFolder) -> None:
    project.replace("policy_data/training.yml", "authority: KRS 158.441", "authority: KRS 158.4414")
    assert project.messages() == [
        "policy_data/training.yml:4:16: error: authority: 'KRS 158.4414' is not a cited authority "
        "in the registry (did you mean 'KRS 158.441'?)"
    ]


def test_obligations_name_real_clauses_and_roles(project: ProjectFolder) -> None:
    project.replace("policy_data/obligations.yml", "clause: manual-review", "clause: review")
    project.replace("policy_data/obligations.yml", "responsible: chief", "responsible: board")
    assert project.messages() == [
        "policy_data/obligations.yml:4:13: error: clause: 'review' is not a clause of the policy "
        "'school-safety-officers' (version 1) (did you mean 'manual-review'?)",
        "policy_data/obligations.yml:5:18: error: responsible: 'board' is not a role in "
        "sop/manual.yml",
    ]


def test_footnotes_must_have_a_reference(project: ProjectFolder) -> None:
    project.replace(
        VERSION, "An SSO has the authority described in KRS 61.902.", "An SSO has authority.[^2]"
    )
    assert project.check() == [
        f"{VERSION}:17:28: error: footnote [^2] has no reference numbered 2\n"
        "  hint: add a reference with that number under references:, or use the number of one "
        "(1), e.g. [^1]"
    ]


def test_exactly_one_version_is_in_force(project: ProjectFolder) -> None:
    project.write(
        "policy_data/policies/school-safety-officers/versions/v2.yml",
        project.read(VERSION).replace("number: 1\nstatus", "number: 2\nstatus"),
    )
    assert project.messages() == [
        f"{VERSION}:2:9: error: "
        "versions 1 and 2 of the policy 'school-safety-officers' are all marked in force"
    ]


def test_a_policy_in_force_needs_a_version_in_force(project: ProjectFolder) -> None:
    project.replace(VERSION, "status: in force", "status: superseded")
    assert project.messages() == [
        "policy_data/policies/school-safety-officers/policy.yml:7:9: error: "
        "the policy 'school-safety-officers' is in force, but none of its versions is"
    ]


def test_clause_ids_are_unique_within_a_version(project: ProjectFolder) -> None:
    project.replace(VERSION, "  - id: manual-review", "  - id: training-topics")
    assert (
        f"{VERSION}:21:9: error: clause id 'training-topics' is already used at {VERSION}:18:9"
    ) in project.messages()


def test_definition_ids_are_unique_across_the_policy_and_the_manual(project: ProjectFolder) -> None:
    project.replace(
        SECTION,
        "body: |",
        "definitions:\n  - id: school-safety-officer\n    term: SSO\n"
        "    text: An officer.\nbody: |",
    )
    assert project.messages() == [
        f"{SECTION}:15:9: error: definition id 'school-safety-officer' is already used at "
        f"{VERSION}:10:13"
    ]


def test_a_training_topic_missing_from_the_policy_text_is_a_warning(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/training.yml", "title: De-escalation strategies", "title: Verbal judo"
    )
    assert project.check() == [
        "policy_data/training.yml:9:16: warning: the training topic 'Verbal judo' does not appear "
        "in the text of clause 'training-topics'\n"
        "  hint: copy the topic's title exactly as the policy words it"
    ]


def test_an_unknown_time_zone(project: ProjectFolder) -> None:
    project.replace("sop/manual.yml", "America/Kentucky/Louisville", "Louisville")
    assert project.messages() == [
        "sop/manual.yml:6:12: error: time_zone: 'Louisville' is not a known time zone"
    ]


def test_misplaced_files(project: ProjectFolder) -> None:
    project.write("sop/stray.yml", "id: x\n")
    project.write("sop/04-students/extra/deep.yml", "id: y\n")
    project.write("policy_data/notes.yml", "a: b\n")
    project.write("sop/09-data/metrics.yml", "id: z\n")
    found = [m for m in project.messages() if "required key" not in m]
    assert found == [
        "policy_data/notes.yml: error: this is not a known policy data file (authorities.yml, "
        "authorities.lock.yml, obligations.yml, training.yml, jurisdictions.yml, or "
        "policies/<id>/policy.yml and policies/<id>/versions/*.yml)",
        "sop/04-students/extra/deep.yml: error: sections sit directly in a chapter folder, "
        "not deeper",
        "sop/09-data/chapter.yml: error: the chapter folder '09-data' has no chapter.yml",
        "sop/stray.yml: error: a section file must be inside a chapter folder",
    ]


def test_a_broken_policy_does_not_cascade_into_unknown_clauses(project: ProjectFolder) -> None:
    project.replace(VERSION, "clauses:", "clauses: [")
    found = project.messages()
    assert len(found) == 1 and found[0].startswith(VERSION)


def test_a_term_defined_twice_is_a_warning(project: ProjectFolder) -> None:
    project.replace(
        SECTION,
        "body: |",
        "definitions:\n  - id: sso-term\n    term: School Safety Officer\n"
        "    text: An officer.\nbody: |",
    )
    assert project.check() == [
        f"{SECTION}:16:11: warning: the term 'School Safety Officer' is already defined at "
        f"{VERSION}:11:15\n"
        "  hint: define each term once, and refer to that definition elsewhere"
    ]


def test_a_required_training_topic_no_section_covers_is_a_warning(project: ProjectFolder) -> None:
    project.replace(SECTION, "training_topics: [de-escalation]\n", "")
    assert project.check() == [
        "policy_data/training.yml:8:13: warning: no section of the manual covers the required "
        "training topic 'De-escalation strategies'\n"
        "  hint: list de-escalation under training_topics in the section that covers it"
    ]


def test_coverage_waits_until_an_unknown_topic_is_fixed(project: ProjectFolder) -> None:
    project.replace(SECTION, "training_topics: [de-escalation]", "training_topics: [deescalation]")
    assert project.messages() == [
        f"{SECTION}:9:19: error: training_topics: 'deescalation' is not a training topic "
        "(did you mean 'de-escalation'?)"
    ]


def test_a_second_manual_inside_sop_is_refused_once_with_the_way_out(
    project: ProjectFolder,
) -> None:
    project.write("sop/eop/manual.yml", project.read("sop/manual.yml"))
    project.write("sop/eop/01-drills/chapter.yml", 'id: drills\nnumber: "1"\ntitle: Drills\n')
    code, out, _ = project.cli("check")
    assert code == 1
    assert out.splitlines() == [
        "sop/eop/manual.yml: error: a second manual inside sop/: a project holds one manual, "
        "so that its pages, review dashboard and PDF each belong to one manual",
        "  hint: make it a project of its own: sopkit init ../eop writes one, then move the "
        "chapters of sop/eop/ into its sop/ folder",
        "1 error in 1 file (9 source files checked).",
    ]


def test_the_hint_for_a_second_manual_fixes_it(project: ProjectFolder) -> None:
    project.write("sop/eop/manual.yml", project.read("sop/manual.yml"))
    hint = project.cli("check")[1].splitlines()[1]
    # "make it a project of its own ... move the chapters of sop/eop/ into its sop/ folder"
    moved = re.search(r"chapters of (\S+)/ into", hint)
    assert moved is not None
    shutil.move(project.path(moved.group(1)), project.root.parent / "eop-project")
    assert project.cli("check")[0] == 0
