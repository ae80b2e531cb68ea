"""Shape checks: each source kind's keys, types and values, with breadcrumbs."""

from __future__ import annotations

import pytest

from conftest import ProjectFolder

SECTION = "sop/04-students/interviews.yml"
VERSION = "policy_data/policies/school-safety-officers/versions/v1.yml"


def test_a_misspelled_key_is_one_error_with_a_rename_hint(project: ProjectFolder) -> None:
    project.replace(SECTION, "title: Interviewing students", "titel: Interviewing students")
    assert project.check() == [
        f"{SECTION}:3:1: error: unknown key 'titel' (did you mean 'title'?)\n"
        "  hint: rename it to title",
    ]


def test_an_unknown_key_lists_the_keys_a_record_can_have(project: ProjectFolder) -> None:
    project.replace(
        SECTION, "title: Interviewing students", "title: Interviewing students\ncolour: blue"
    )
    assert project.check() == [
        f"{SECTION}:4:1: error: unknown key 'colour'\n"
        "  hint: a section can have: id, number, title, summary, owner, visibility, "
        "withheld_reason, audiences, implements, training_topics, see_also, search_terms, review, "
        "definitions, body, steps, internal_notes",
    ]


def test_a_misspelled_key_next_to_the_right_one_is_just_unknown(project: ProjectFolder) -> None:
    project.replace(
        SECTION, "title: Interviewing students", "title: Interviewing students\ntitel: x"
    )
    assert project.messages() == [
        f"{SECTION}:4:1: error: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_unknown_nested_key_has_a_breadcrumb(project: ProjectFolder) -> None:
    project.replace(
        SECTION, "  outcome: no-change", "  outcome: no-change\n  reviwed_on: 2026-03-10"
    )
    assert project.messages() == [
        f"{SECTION}:14:3: error: review: unknown key 'reviwed_on' (did you mean 'reviewed_by'?)"
    ]


def test_missing_required_key_points_at_its_mapping(project: ProjectFolder) -> None:
    project.replace(SECTION, "  reviewed_by: SOP Manual Team\n", "")
    assert project.check() == [
        f"{SECTION}:11:3: error: review: the required key 'reviewed_by' is missing\n"
        "  hint: add it, e.g. reviewed_by: SOP Manual Team"
    ]


def test_empty_required_value(project: ProjectFolder) -> None:
    project.replace(SECTION, "owner: chief", "owner:")
    assert project.messages() == [f"{SECTION}:5:1: error: 'owner' has no value"]


def test_wrong_type_says_what_was_expected(project: ProjectFolder) -> None:
    project.replace(SECTION, "audiences: [ssos]", "audiences: ssos")
    assert project.check() == [
        f"{SECTION}:7:12: error: audiences: expected a list of audience ids, found text 'ssos'\n"
        "  hint: write it as a list, e.g. audiences: [ssos]"
    ]


def test_a_mapping_where_text_belongs(project: ProjectFolder) -> None:
    project.replace(SECTION, "title: Interviewing students", "title:\n  en: Interviewing students")
    assert project.messages() == [
        f"{SECTION}:4:3: error: title: expected text, found a set of keys (a mapping)"
    ]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [("4.10", "4.1"), ("4.2", "4.2"), ("4", "4")],
)
def test_section_numbers_written_as_numbers_are_refused(
    project: ProjectFolder, written: str, read_as: str
) -> None:
    project.replace(SECTION, 'number: "4.2"', f"number: {written}")
    assert project.check() == [
        f"{SECTION}:2:9: error: number: section number {written} is written as a number, and "
        f"YAML reads it as {read_as}; codes must keep every digit\n"
        f'  hint: put it in quotes: "{written}"'
    ]


def test_policy_codes_written_as_numbers_are_refused(project: ProjectFolder) -> None:
    project.replace(VERSION, 'related_policies: ["09.14"]', "related_policies: [09.10]")
    assert project.check() == [
        f"{VERSION}:27:20: error: related_policies → item 1: board policy code 09.10 is written "
        "as a number, and YAML reads it as 9.1; codes must keep every digit\n"
        '  hint: put it in quotes: "09.10"'
    ]


def test_citations_written_as_numbers_are_refused(project: ProjectFolder) -> None:
    project.replace("policy_data/training.yml", "authority: KRS 158.441", "authority: 158.440")
    assert project.messages() == [
        "policy_data/training.yml:4:16: error: curricula → statutory → authority: "
        "citation 158.440 is "
        "written as a number, and YAML reads it as 158.44; codes must keep every digit"
    ]


def test_a_malformed_code(project: ProjectFolder) -> None:
    project.replace(SECTION, 'number: "4.2"', 'number: "4-2"')
    assert project.check() == [
        f"{SECTION}:2:9: error: number: '4-2' is not a valid section number\n"
        '  hint: write it like "4.2"'
    ]


def test_text_that_yaml_reads_as_a_number(project: ProjectFolder) -> None:
    project.replace(SECTION, "title: Interviewing students", "title: 2024")
    assert project.check() == [
        f"{SECTION}:3:8: error: title: '2024' is read by YAML as a number, not as text\n"
        '  hint: put it in quotes: title: "2024"'
    ]


@pytest.mark.parametrize(
    ("date", "reason", "nearest"),
    [
        ("2023-02-29", "February 2023 has 28 days", "2023-02-28"),
        ("2026-04-31", "April 2026 has 30 days", "2026-04-30"),
        ("2026-13-01", "there is no month 13", "2026-12-01"),
    ],
)
def test_impossible_dates_are_refused(
    project: ProjectFolder, date: str, reason: str, nearest: str
) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", f"last_reviewed: {date}")
    assert project.check() == [
        f"{SECTION}:11:18: error: review → last_reviewed: {date} is not a real date: {reason}\n"
        f"  hint: check the day and month, e.g. last_reviewed: {nearest}"
    ]


def test_a_leap_day_is_a_real_date(project: ProjectFolder) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2024-02-29")
    assert project.check() == []


@pytest.mark.parametrize("written", ["03/10/2026", "March 10, 2026", "2026-3-10"])
def test_dates_must_be_written_year_month_day(project: ProjectFolder, written: str) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", f"last_reviewed: {written}")
    assert project.check() == [
        f"{SECTION}:11:18: error: review → last_reviewed: '{written}' is not a date written as "
        "YYYY-MM-DD\n"
        "  hint: write it as year-month-day, e.g. last_reviewed: 2026-03-10"
    ]


def test_a_review_date_in_the_future_is_refused(project: ProjectFolder) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-12-02")
    assert project.check() == [
        f"{SECTION}:11:18: error: review → last_reviewed: 2026-12-02 is in the future "
        "(today is 2026-12-01)\n"
        "  hint: write the date on which the review took place (record a review after it "
        "happens), e.g. last_reviewed: 2026-12-01"
    ]


def test_a_review_dated_today_is_fine(project: ProjectFolder) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", "last_reviewed: 2026-12-01")
    assert project.check() == []


def test_a_choice_suggests_the_nearest_option(project: ProjectFolder) -> None:
    project.replace(SECTION, "visibility: public", "visibility: pubic")
    assert project.check() == [
        f"{SECTION}:6:13: error: visibility: 'pubic' is not a visibility (public or internal) "
        "(did you mean 'public'?)\n"
        "  hint: write one of public, internal, e.g. visibility: public"
    ]


def test_ids_must_be_slugs(project: ProjectFolder) -> None:
    project.replace(SECTION, "id: student-interviews", "id: Student Interviews")
    assert project.check() == [
        f"{SECTION}:1:5: error: id: 'Student Interviews' is not a valid section id: ids use "
        "lower-case letters, digits and hyphens\n"
        "  hint: write it as student-interviews"
    ]


def test_list_items_are_named_by_their_id_in_breadcrumbs(project: ProjectFolder) -> None:
    project.replace(VERSION, "heading: Roles\n", "heading: Roles\n    form: list\n")
    assert project.messages() == [
        f"{VERSION}:16:11: error: clauses → roles-jurisdiction → form: 'list' is not a clause form"
    ]


def test_steps_accept_text_or_a_record(project: ProjectFolder) -> None:
    project.replace(SECTION, "  - Record the interview.", "  - [Record, the interview]")
    assert project.messages() == [
        f"{SECTION}:23:5: error: steps → item 2: expected a step: a line of text, or keys "
        "(text:, actor:, visibility:), found a list"
    ]


def test_a_section_needs_a_body_or_steps(project: ProjectFolder) -> None:
    project.replace("sop/04-students/searches.yml", "body: |\n  Searches follow the law.\n", "")
    assert project.check() == [
        "sop/04-students/searches.yml:1:1: error: a section needs a 'body' or 'steps' (or both)\n"
        "  hint: add the section's text (for several paragraphs write body: | and indent the "
        "text below it), e.g. body: The section's text."
    ]


def test_a_clause_needs_text_or_definitions_not_both(project: ProjectFolder) -> None:
    project.replace(
        VERSION,
        "    heading: Definitions\n",
        "    heading: Definitions\n    text: Both.\n",
    )
    assert project.messages() == [
        f"{VERSION}:10:5: error: clauses → definitions: a clause has either 'text' or "
        "'definitions', not both"
    ]


def test_a_clause_needs_its_words(project: ProjectFolder) -> None:
    project.replace(VERSION, "    text: |\n      The manual is reviewed every two years.\n", "")
    assert project.check() == [
        f"{VERSION}:21:5: error: clauses → manual-review: a clause needs its words under 'text' "
        "(or its defined terms under 'definitions')\n"
        "  hint: add the clause's words (for several paragraphs write text: | and indent them "
        "below it), e.g. text: The words of the clause."
    ]


def test_a_bad_schedule(project: ProjectFolder) -> None:
    project.replace("policy_data/obligations.yml", "repeats: every 2 years", "repeats: biennially")
    assert project.check() == [
        "policy_data/obligations.yml:8:16: error: obligations → manual-review → schedule → "
        "repeats: "
        "'biennially' is not a schedule\n"
        "  hint: write every year, every N years (or months, weeks), once, or as needed, e.g. "
        "repeats: every year"
    ]


def test_a_day_that_does_not_exist_every_year(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/obligations.yml",
        "repeats: every 2 years",
        "repeats: every year\n      by: February 29",
    )
    assert project.messages() == [
        "policy_data/obligations.yml:9:11: error: obligations → manual-review → schedule → "
        "by: February has "
        "no day 29 every year"
    ]


def test_one_run_reports_every_problem_in_every_file(project: ProjectFolder) -> None:
    project.replace(SECTION, 'number: "4.2"', "number: 4.2")
    project.replace(SECTION, "visibility: public", "visibility: secret")
    project.replace("sop/04-students/searches.yml", "owner: chief", "owner: nobody")
    project.replace("sop/manual.yml", "edition:", "colour: blue\nedition:")
    assert [m.split(": error")[0] for m in project.messages()] == [
        "sop/04-students/interviews.yml:2:9",
        "sop/04-students/interviews.yml:6:13",
        "sop/04-students/searches.yml:5:8",
        "sop/manual.yml:5:1",
    ]


def test_a_broken_manual_does_not_cascade_into_false_errors(project: ProjectFolder) -> None:
    # Without a usable manual there are no roles to check owners against: say only
    # what is wrong with the manual, not that every owner is unknown.
    project.replace("sop/manual.yml", "cycle: 2 years", "cycle: biennial")
    assert project.messages() == [
        "sop/manual.yml:8:10: error: review → cycle: 'biennial' is not a length of time"
    ]


# -- values that would overflow later ------------------------------------------------------
# Each passed the check before, then crashed `sopkit review` or the build.


def test_a_review_cycle_longer_than_a_century_is_refused(project: ProjectFolder) -> None:
    project.replace("sop/manual.yml", "cycle: 2 years", "cycle: 99999 years")
    assert project.check() == [
        "sop/manual.yml:8:10: error: review → cycle: '99999 years' is too long: a length of "
        "time may be at most 100 years (1200 months, 5200 weeks, 36500 days)\n"
        "  hint: write a shorter length of time, e.g. cycle: 2 years"
    ]
    assert project.cli("review")[0] == 2  # a usage error naming the sources, not a crash


def test_a_period_with_thousands_of_digits_is_refused(project: ProjectFolder) -> None:
    days = "9" * 5000
    project.replace("sop/manual.yml", "cycle: 2 years", f"cycle: 2 years\n  warning: {days} days")
    assert project.messages() == [
        "sop/manual.yml:9:12: error: review → warning: '999999999999999999999999999999999999999…' "
        "is too long: a length of time may be at most 100 years (1200 months, 5200 weeks, "
        "36500 days)"
    ]


def test_a_schedule_that_repeats_too_seldom_is_refused(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/obligations.yml", "repeats: every 2 years", "repeats: every 99999999999 years"
    )
    assert project.messages() == [
        "policy_data/obligations.yml:8:16: error: obligations → manual-review → schedule → "
        "repeats: 'every 99999999999 years' repeats too seldom: a schedule may repeat at most "
        "100 years (1200 months, 5200 weeks, 36500 days)"
    ]


def test_a_whole_number_with_thousands_of_digits_is_out_of_range(project: ProjectFolder) -> None:
    project.replace(
        "policy_data/training.yml", "hours_per_year: 40", f"hours_per_year: {'4' * 5000}"
    )
    assert project.check() == [
        "policy_data/training.yml:6:21: error: curricula → statutory → hours_per_year: "
        "444444444444444444444444444444444444444… is out of range\n"
        "  hint: use a number from 1 to 2000, e.g. hours_per_year: 2000"
    ]


@pytest.mark.parametrize(
    ("date", "nearest"), [("9999-12-31", "2025-12-31"), ("0001-01-01", "2025-01-01")]
)
def test_dates_far_outside_the_calendar_of_a_manual_are_refused(
    project: ProjectFolder, date: str, nearest: str
) -> None:
    project.replace(SECTION, "last_reviewed: 2026-03-10", f"last_reviewed: {date}")
    assert project.check() == [
        f"{SECTION}:11:18: error: review → last_reviewed: {date} is outside the years sopkit "
        "accepts (1900 to 2999)\n"
        f"  hint: check the year, e.g. last_reviewed: {nearest}"
    ]


def test_a_long_edition_is_refused(project: ProjectFolder) -> None:
    # It names the manual's PDF: a 300-character edition crashed the build with
    # "File name too long".
    edition = "2026-27-" + "x" * 300
    project.replace("sop/manual.yml", 'edition: "2026-27"', f'edition: "{edition}"')
    assert project.check() == [
        "sop/manual.yml:5:10: error: edition: this edition is 308 characters long; at most 40 "
        "are allowed\n"
        '  hint: write it like "2026-27"'
    ]


@pytest.mark.parametrize("edition", ["2026-27; rm -rf ~", "../2026", ".hidden", "2026 27"])
def test_an_edition_holds_only_what_file_names_and_shells_take_safely(
    project: ProjectFolder, edition: str
) -> None:
    project.replace("sop/manual.yml", 'edition: "2026-27"', f'edition: "{edition}"')
    assert project.messages() == [
        f"sop/manual.yml:5:10: error: edition: '{edition}' is not a valid edition"
    ]


def test_a_long_id_is_refused(project: ProjectFolder) -> None:
    long_id = "-".join(["interviews"] * 10)
    project.replace(SECTION, "id: student-interviews", f"id: {long_id}")
    assert project.check() == [
        f"{SECTION}:1:5: error: id: this section id is 109 characters long; at most 64 are "
        "allowed\n"
        "  hint: use a shorter id of a few words, e.g. student-interviews"
    ]


def test_a_very_long_title_is_refused(project: ProjectFolder) -> None:
    project.replace(SECTION, "title: Interviewing students", f"title: {'word ' * 300}end")
    assert project.messages() == [
        f"{SECTION}:3:8: error: title: this text is 1503 characters long; at most 1000 are allowed"
    ]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "https://law.example.org/{chapter.__class__.__mro__}",
            "url_templates → krs_chapter: '{chapter.__class__.__mro__}' is not a placeholder of "
            "this template",
        ),
        (
            "https://law.example.org/{section}",
            "url_templates → krs_chapter: '{section}' is not a placeholder of this template",
        ),
        (
            "javascript:alert('{chapter}')",
            "url_templates → krs_chapter: 'javascript:alert('{chapter}')' is not a web address",
        ),
    ],
)
def test_web_address_templates_hold_only_their_own_placeholders(
    project: ProjectFolder, template: str, message: str
) -> None:
    # A registry template is a format string: on the previous main
    # {chapter.__class__.__mro__} was filled in, and javascript: accepted.
    project.write(
        "policy_data/authorities.yml",
        project.read("policy_data/authorities.yml")
        + f'url_templates:\n  krs_chapter: "{template}"\n',
    )
    assert project.messages() == [f"policy_data/authorities.yml:8:16: error: {message}"]
