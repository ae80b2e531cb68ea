"""Review tracking in real MkDocs builds: warnings and their levels, the status line and
banner on section pages, the dashboard, the public switch, and the feeds."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar, vRecur

from conftest import AS_OF, BUILD_DATE, REPO, ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site

SEARCHES = "sop/04-students/searches.yml"
OVERDUE_WARNING = (
    "sopkit: sop/04-students/searches.yml:11:3: 4.3 Searches: review overdue since "
    "1 September 2026 (last reviewed 1 September 2024)\n"
    "  hint: review the section, then record it: sopkit review mark student-searches"
)


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    project.replace(SEARCHES, "last_reviewed: 2025-09-01", "last_reviewed: 2024-09-01")
    write_site(project.root)
    return project


def with_options(site: ProjectFolder, options: str) -> None:
    """Rewrite mkdocs.yml with more sopkit options (indented as under `- sopkit:`)."""
    write_site(site.root, MKDOCS_YML.replace("#L{line}\n", "#L{line}\n" + options))


def article(built: Built, page: str) -> str:
    html = built.html(page)
    return html[html.index("<article") : html.index("</article>")]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def annual_report(site: ProjectFolder, last_done: str) -> None:
    """Replace the duties with one due every November 1, last done on `last_done`."""
    site.write(
        "policy_data/obligations.yml",
        "obligations:\n"
        "  - id: annual-report\n"
        "    title: Send the annual report\n"
        "    clause: manual-review\n"
        "    responsible: chief\n"
        "    recipient: Superintendent\n"
        "    schedule:\n"
        "      repeats: every year\n"
        "      by: November 1\n"
        f"    last_done: {last_done}\n",
    )


# Warnings ------------------------------------------------------------------------------


def test_an_overdue_section_fails_a_strict_build_naming_its_file_and_line(
    site: ProjectFolder,
) -> None:
    built = build_site(site.root)
    assert built.error == "Aborted with 1 warnings in strict mode!"
    assert built.warnings() == [OVERDUE_WARNING]


def test_the_same_build_passes_with_the_level_set_to_info(site: ProjectFolder) -> None:
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    assert ("INFO", OVERDUE_WARNING) in built.logs


@pytest.mark.parametrize(("level", "logged"), [("info", True), ("ignore", False)])
def test_the_environment_overrides_the_level_for_scheduled_builds(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch, level: str, logged: bool
) -> None:
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", level)
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    assert (("INFO", OVERDUE_WARNING) in built.logs) is logged


def test_a_bad_override_is_a_plain_error(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", "quiet")
    built = build_site(site.root)
    assert built.error == "Aborted with a BuildError!"
    assert built.errors() == ["sopkit: SOPKIT_REVIEW_WARNINGS is 'quiet'; use warn, info or ignore"]


def test_a_bad_source_date_epoch_is_a_plain_error(
    site: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-12-01")
    assert build_site(site.root).errors() == [
        "sopkit: SOURCE_DATE_EPOCH is '2026-12-01'; it must be a number of seconds since "
        "1970-01-01 UTC, such as the date of the last commit: git log -1 --format=%ct"
    ]


def test_due_soon_is_a_note(site: ProjectFolder) -> None:
    site.replace(SEARCHES, "last_reviewed: 2024-09-01", "last_reviewed: 2025-01-15")
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    assert (
        "INFO",
        "sopkit: sop/04-students/searches.yml:11:3: 4.3 Searches: review due by "
        "15 January 2027 (45 days)",
    ) in built.logs


def test_a_never_reviewed_section_is_reported_where_it_starts(site: ProjectFolder) -> None:
    site.replace(
        SEARCHES,
        "review:\n  last_reviewed: 2024-09-01\n  reviewed_by: SOP Manual Team\n"
        "  outcome: no-change\n",
        "",
    )
    built = build_site(site.root)
    assert built.warnings() == [
        "sopkit: sop/04-students/searches.yml:1:1: 4.3 Searches: never reviewed\n"
        "  hint: review the section, then record it: sopkit review mark student-searches"
    ]
    assert "Not yet reviewed" in article(built, "sop/student-searches/index.html")


def test_an_overdue_duty_is_a_warning_at_its_last_done_line(site: ProjectFolder) -> None:
    site.replace(SEARCHES, "last_reviewed: 2024-09-01", "last_reviewed: 2025-09-01")
    annual_report(site, last_done="2025-10-20")
    built = build_site(site.root)
    assert built.warnings() == [
        "sopkit: policy_data/obligations.yml:10:16: Send the annual report: overdue. "
        "Due by 1 November 2026; last done 20 October 2025.\n"
        "  hint: record when it was done: last_done: YYYY-MM-DD under this obligation"
    ]


# Pages ---------------------------------------------------------------------------------


def test_a_section_page_states_its_review_and_shows_an_overdue_banner(
    site: ProjectFolder,
) -> None:
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    page = article(build_site(site.root), "sop/student-searches/index.html")
    assert (
        "<dt>Review</dt>\n<dd>Last reviewed 1 September 2024 by SOP Manual Team (no change); "
        "next review due 1 September 2026.</dd>"
    ) in page
    banner = page[page.index('<div class="sopkit-review"') :].split("</div>\n</div>")[0]
    assert 'data-sopkit-status="overdue"' in banner
    assert 'data-sopkit-due="2026-09-01"' in banner
    assert 'data-sopkit-zone="America/Kentucky/Louisville"' in banner
    assert text_of(banner) == (
        "Overdue for review This section was due for review by 1 September 2026. Until the "
        "SOP Manual Team reviews it, check with its owner before relying on it."
    )
    # A current section has the same box, empty, so the page can re-check it later.
    current = article(build_site(site.root), "sop/student-interviews/index.html")
    assert '<div class="sopkit-review" data-sopkit-due="2028-03-10"' in current
    assert "admonition" not in current.split('<div class="sopkit-review"')[1].split("</div>")[0]


def test_the_dashboard_lists_overdue_first_with_counts_and_duties(site: ProjectFolder) -> None:
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    html = article(build_site(site.root), "reviews/index.html")
    assert "<p>Review status as of <strong>1 December 2026</strong>." in html
    page = text_of(html)
    assert "Overdue 1 Never reviewed 0 Due soon 0 Current 1" in page
    assert (
        "Overdue 1 September 2026 4.3 Searches Chief 1 September 2024 "
        "Current 10 March 2028 4.2 Interviewing students Chief 10 March 2026"
    ) in page
    assert (
        "Not recorded — Review the manual Chief Every 2 years; no completion recorded yet."
    ) in page


def test_the_public_switch_hides_status_but_keeps_the_warnings(site: ProjectFolder) -> None:
    site.replace(SEARCHES, "visibility: internal", "visibility: public")
    with_options(site, "      edition: public\n      public_review_status: false\n")
    built = build_site(site.root)
    assert built.warnings() == [OVERDUE_WARNING]
    with_options(
        site,
        "      edition: public\n      public_review_status: false\n"
        "      checks:\n        overdue_reviews: info\n",
    )
    built = build_site(site.root)
    assert built.error == ""
    for missing in (
        "reviews/index.html",
        "reviews.json",
        "calendar.ics",
        "assets/sopkit/sopkit-review.js",
    ):
        assert not (built.site / missing).exists(), missing
    page = article(built, "sop/student-searches/index.html")
    assert "sopkit-review" not in page and "due" not in page
    # When it was last reviewed is a fact of record, and stays.
    assert "<dd>Last reviewed 1 September 2024 by SOP Manual Team (no change).</dd>" in page
    assert "sopkit-review.js" not in built.html("sop/student-searches/index.html")
    assert "Review dashboard" not in built.html("index.html")


def test_the_public_edition_shows_status_by_default(site: ProjectFolder) -> None:
    site.replace(SEARCHES, "visibility: internal", "visibility: public")
    with_options(site, "      edition: public\n      checks:\n        overdue_reviews: info\n")
    built = build_site(site.root)
    assert "Overdue for review" in article(built, "sop/student-searches/index.html")
    assert (built.site / "reviews.json").exists()


# Feeds ---------------------------------------------------------------------------------


def test_reviews_json_is_the_review_report_with_web_addresses(site: ProjectFolder) -> None:
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    write = (site.root / "mkdocs.yml").read_text()
    (site.root / "mkdocs.yml").write_text("site_url: https://manual.example.org/\n" + write)
    data = json.loads((build_site(site.root).site / "reviews.json").read_text())
    report = json.loads(site.cli("review", "--format", "json")[1])
    base = "https://manual.example.org/"
    assert data.pop("manual") == "Test manual"
    assert [s.pop("url") for s in data["sections"]] == [
        base + "sop/student-searches/",
        base + "sop/student-interviews/",
    ]
    assert [d.pop("url") for d in data["obligations"]] == [
        base + "policy/school-safety-officers/#manual-review"
    ]
    assert data == report
    assert report["obligations"][0] == {
        "id": "manual-review",
        "title": "Review the manual",
        "responsible": "Chief",
        "recipient": "Superintendent",
        "status": "not-recorded",
        "last_done": None,
        "next_due": None,
        "note": "Every 2 years; no completion recorded yet.",
        "source": "policy_data/obligations.yml:2:5",
    }


def test_calendar_ics_has_an_event_per_due_date(site: ProjectFolder) -> None:
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    annual_report(site, last_done="2026-10-20")
    raw = (build_site(site.root).site / "calendar.ics").read_bytes()
    calendar = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "duty-annual-report-2027-11-01@test-manual",
        "review-student-interviews-2028-03-10@test-manual",
        "review-student-searches-2026-09-01@test-manual",
    ]
    searches = events["review-student-searches-2026-09-01@test-manual"]
    assert str(searches["summary"]) == "Review due: 4.3 Searches"
    assert searches.decoded("dtstart") == dt.date(2026, 9, 1)
    assert searches.decoded("dtend") == dt.date(2026, 9, 2)
    assert "url" not in searches  # no site_url, so no full address to give
    report = events["duty-annual-report-2027-11-01@test-manual"]
    assert report.decoded("dtstart") == dt.date(2027, 11, 1)
    rule = report["rrule"]
    assert isinstance(rule, vRecur) and rule["FREQ"] == ["YEARLY"]
    # Without SOURCE_DATE_EPOCH, the stamp is the start of the as-of day in the manual's
    # time zone (Louisville: 05:00 UTC), never the clock.
    assert searches.decoded("dtstamp") == dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC)


def test_the_shipped_feeds_are_identical_whenever_and_wherever_they_are_built(
    shipped_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's build of the shipped content and another, on another day in another
    time zone, with the same SOPKIT_AS_OF and SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_DATE.timestamp())))
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", "info")
    when = dt.datetime(2027, 3, 5, 23, 30, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    with time_machine.travel(when, tick=False):
        assert dt.date.today() == when.date()
        built = build_site(REPO, site_dir=tmp_path / "elsewhere")
    assert (built.error, built.warnings()) == ("", [])
    for feed in ("reviews.json", "calendar.ics"):
        assert (built.site / feed).read_bytes() == (shipped_site / feed).read_bytes(), feed
    assert json.loads((shipped_site / "reviews.json").read_bytes())["as_of"] == "2026-12-01"
    assert b"DTSTAMP:20261201T000000Z" in (shipped_site / "calendar.ics").read_bytes()


def test_a_section_page_lists_every_earlier_review(site: ProjectFolder) -> None:
    site.replace(
        SEARCHES,
        "  outcome: no-change\n",
        "  outcome: no-change\n"
        "  history:\n"
        "    - date: 2022-08-15\n"
        "      reviewed_by: The first team\n"
        "      outcome: revised\n"
        "      record: https://minutes.district-board.org/2022-08-15\n"
        "    - date: 2020-06-01\n"
        "      reviewed_by: SOP Manual Team\n"
        "      outcome: no-change\n",
    )
    with_options(site, "      checks:\n        overdue_reviews: info\n")
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
    text = text_of(article(built, "sop/student-searches/index.html"))
    assert (
        "Earlier reviews 15 August 2022 by The first team (revised) ( record ); "
        "1 June 2020 by SOP Manual Team (no change)"
    ) in text


def test_review_history_must_run_latest_first(site: ProjectFolder) -> None:
    site.replace(
        SEARCHES,
        "  outcome: no-change\n",
        "  outcome: no-change\n  history:\n    - date: 2025-01-01\n      reviewed_by: A\n"
        "      outcome: revised\n",
    )
    assert site.messages() == [
        "sop/04-students/searches.yml:15:13: error: review: history: the review of 2025-01-01 "
        "is listed after a later one (2024-09-01); the latest review is last_reviewed, and "
        "history lists the earlier ones, latest first"
    ]
