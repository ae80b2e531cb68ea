"""What an officer or a parent types into the search box, and the pages that answer it.

Each query names the pages that count as a right answer (any of them), and whether one
must come first or only within the first three results. Pages are site paths without
anchors, as the built site (offline, use_directory_urls off) names them.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

POLICY = "policy/school-safety-officers/index.html"


class Query(NamedTuple):
    text: str
    answers: tuple[str, ...]
    rank: Literal["first", "top3"] = "first"


def sop(*ids: str) -> tuple[str, ...]:
    return tuple(f"sop/{section_id}.html" for section_id in ids)


QUERIES: tuple[Query, ...] = (
    # numbers: statutes, regulations, sections
    Query("KRS 158.441", (POLICY,)),
    Query("158.441", (POLICY,)),
    Query("704 KAR 7:160", sop("restraint-and-seclusion")),
    Query("4.2", sop("student-interviews")),
    Query("5.3", sop("restraint-and-seclusion")),
    Query("8.1", sop("threat-assessment")),
    Query("KRS 158.4414", (POLICY, *sop("sro-certification")), "top3"),
    # what an officer looks for
    Query("handcuffs", sop("restraint-and-seclusion", "use-of-force", "student-arrest")),
    Query("body camera", sop("uniforms-vehicles-radio", "incident-report-contents"), "top3"),
    Query("lockdown", sop("emergency-response")),
    Query("active threat", sop("active-threat")),
    Query("active shooter", sop("active-threat")),
    Query("interview a student", sop("student-interviews")),
    Query("search a locker", sop("student-searches", "weapon-storage"), "top3"),
    Query("arrest", sop("student-arrest")),
    Query("use of force", sop("use-of-force")),
    Query("de-escalation", sop("de-escalation")),
    Query("restraint", sop("restraint-and-seclusion")),
    Query("seclusion", sop("restraint-and-seclusion")),
    Query("firearm qualification", sop("firearms-and-qualification")),
    Query("weapon storage", sop("weapon-storage")),
    Query("FERPA", sop("law-enforcement-unit", "records-access")),
    Query(
        "incident report",
        sop("reportable-incidents", "incident-report-contents"),
        "top3",
    ),
    Query("November 1", (POLICY, *sop("center-for-school-safety-report")), "top3"),
    Query("Data Review Team", sop("data-review-team-work")),
    Query("40 hour training", sop("sro-certification")),
    Query("certification", sop("sro-certification")),
    Query("training records", sop("training-records")),
    Query("open records request", sop("records-access")),
    Query("Center for School Safety", sop("center-for-school-safety-report")),
    Query("students with disabilities", sop("students-with-disabilities")),
    Query("504 plan", sop("students-with-disabilities"), "top3"),
    Query("IEP", sop("students-with-disabilities")),
    Query("field trip", sop("events-and-transportation")),
    Query("uniform", sop("uniforms-vehicles-radio")),
    Query("radio", sop("uniforms-vehicles-radio"), "top3"),
    Query("triad model", sop("mission-and-triad")),
    Query("chain of command", sop("chain-of-command")),
    Query("mentoring", sop("mentoring-and-education")),
    Query(
        "school discipline",
        (POLICY, *sop("working-with-administrators", "student-contacts")),
        "top3",
    ),
    Query("review every two years", sop("biennial-review")),
    Query("threat assessment", sop("threat-assessment")),
    # what a parent asks
    Query(
        "parents told",
        sop("family-notification", "student-arrest", "student-interviews"),
        "top3",
    ),
    Query("juvenile", sop("student-arrest", "student-contacts"), "top3"),
    Query("bullying", sop("reportable-incidents", "mentoring-and-education"), "top3"),
)

HOME = "index.html"

PUBLIC_QUERIES: tuple[Query, ...] = (
    # What a parent or a member of the public types into the public edition.
    Query("file a complaint", (HOME,)),
    Query("complain about an officer", (HOME,), "top3"),
    Query("feedback", (HOME,)),
    Query("who can see my child's records", sop("records-access")),
    # 4.6 Notifying parents and guardians answers both: how a family hears of a search.
    Query("my child was searched", sop("student-searches", "family-notification"), "top3"),
    Query("parents told", sop("student-interviews", "family-notification")),
    Query("KRS 158.441", (POLICY,)),
    Query("school discipline", (POLICY, *sop("working-with-administrators")), "top3"),
    Query("use of force", sop("use-of-force")),
    Query("restraint", sop("restraint-and-seclusion")),
    Query("FERPA", sop("law-enforcement-unit", "records-access")),
    # A withheld section's number finds the line that says it is not published.
    Query("8.2", ("sop/emergencies.html",)),
    Query("4.2", sop("student-interviews")),
)
