"""`sopkit authorities refresh` against a local HTTP server (started here, on 127.0.0.1)
serving pages with the structure of the official publishers' (tests/fixtures/official):
the lock entries it writes, a changed effective date and the drift it makes `sopkit
check` report (located, with hints, offline), and one authority's failure reported
while the rest are refreshed. No test here reaches the internet."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import AS_OF, ProjectFolder
from golden import check_golden
from sopkit.hosts.cli.authorities import Fetcher
from sopkit.law.lockfile import ReadProblem
from sopkit.law.official import (
    PageProblem,
    Source,
    read_ecfr_versions,
    read_kar,
    read_krs,
    read_uscode,
    source_of,
)
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.project import Layout, load_project

SAVED = Path(__file__).parent / "fixtures" / "official"
GOLDEN = Path(__file__).parent / "golden" / "authorities-lock.txt"
LOCK = "policy_data/authorities.lock.yml"
AUTHORITIES = "policy_data/authorities.yml"
SEARCHES = "sop/04-students/searches.yml"
VERSIONS = "policy_data/policies/school-safety-officers/versions"

ROUTES = {
    "/law/statutes/": "krs-index.html",
    "/law/statutes/chapter.aspx?id=37327": "krs-chapter-61.html",
    "/law/statutes/statute.aspx?id=23890": "krs-61.902.pdf",
    "/law/kar/titles/704/007/160/": "kar-704-007-160.html",
    "/api/versioner/v1/versions/title-34.json?part=99&section=99.31": "ecfr-versions-34-99.json",
    "/api/versioner/v1/full/2011-12-02/title-34.xml?part=99&section=99.31": (
        "ecfr-full-34-99.31.xml"
    ),
    "/view.xhtml?req=granuleid:USC-prelim-title20-section1232g&num=0&edition=prelim": (
        "uscode-20-1232g.html"
    ),
}
TYPES = {".html": "text/html", ".pdf": "application/pdf", ".json": "application/json",
         ".xml": "application/xml"}  # fmt: skip


@dataclass
class Publishers:
    """The server: what it serves at each address, and every address asked for."""

    url: str
    routes: dict[str, str | int] = field(default_factory=lambda: dict(ROUTES))
    asked: list[str] = field(default_factory=list)

    def roots(self) -> list[str]:
        return [f"--root={name}={self.url}" for name in ("krs", "kar", "ecfr", "uscode")]


@pytest.fixture
def publishers() -> Iterator[Publishers]:
    served = Publishers("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            served.asked.append(self.path)
            route = served.routes.get(self.path, 404)
            if isinstance(route, int):
                self.send_error(route)
                return
            body = (SAVED / route).read_bytes()  # (a test may name a file of its own)
            self.send_response(200)
            self.send_header("Content-Type", TYPES[Path(route).suffix])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield served
    server.shutdown()
    server.server_close()


REGISTRY = """\
authorities:
  - cite: KRS 61.902
    title: Special law enforcement officers
  - cite: KRS 158.441
    title: Definitions for chapter
  - cite: 704 KAR 7:160
    title: Use of physical restraint and seclusion in public schools
  - cite: 34 C.F.R. § 99.31
    title: Disclosure without consent
  - cite: 20 U.S.C. § 1232g
    title: FERPA
  - cite: Policy 09.14
"""


@pytest.fixture
def cited(project: ProjectFolder) -> ProjectFolder:
    """The fixture project citing one law of each publisher: 4.2 (reviewed 10 March 2026)
    and 4.3 (reviewed 1 September 2026) both cite KRS 61.902, as does the policy's
    version 1 (adopted 13 June 2023)."""
    project.write(AUTHORITIES, REGISTRY)
    project.replace(
        SEARCHES,
        "Searches follow the law.",
        "Searches follow the law (KRS 61.902; 704 KAR 7:160; 34 C.F.R. § 99.31; "
        "20 U.S.C. § 1232g).",
    )
    project.replace(SEARCHES, "last_reviewed: 2025-09-01", "last_reviewed: 2026-09-01")
    project.replace(
        "policy_data/policies/school-safety-officers/versions/v1.yml",
        "adopted_on: null",
        "adopted_on: 2023-06-13",
    )
    return project


def refresh(project: ProjectFolder, publishers: Publishers, *more: str) -> tuple[int, str]:
    code, out, err = project.cli(
        "authorities", "refresh", "--pause=0", "--retries=1", "--as-of=2026-11-30",
        *publishers.roots(), *more,
    )  # fmt: skip
    assert err == ""
    return code, out


def site_pages(project: ProjectFolder) -> dict[str, str]:
    """The officers' edition's pages (their Markdown), by path."""
    done = build(load_project(Layout(project.root)), BuildOptions(as_of=AS_OF))
    assert done.site is not None
    return {page.path: page.markdown for page in done.site.pages}


def warnings_and_hints(project: ProjectFolder) -> list[str]:
    return [m for m in project.check() if ": warning: " in m]


def test_refresh_writes_the_lock_entries_and_reports_the_one_it_could_not_read(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    code, out = refresh(cited, publishers)
    # KRS 158.441's chapter page is not served: it is reported, and the rest are read.
    assert (code, out) == (
        1,
        f"KRS 158.441: not read: {publishers.url}/law/statutes/chapter.aspx?id=37384 "
        "answered 404 Not Found\n"
        "Read 4 of 6 authorities (0 with a new text, 1 not read); "
        "policy_data/authorities.lock.yml updated.\n",
    )
    lock = cited.read(LOCK).replace(publishers.url, "http://publisher")
    check_golden(GOLDEN, {"first-refresh": lock})
    # Every address asked for was the local server's (and nothing else was asked).
    assert all(not path.startswith("http") for path in publishers.asked)
    # The lock file is a source sopkit checks, and it checks clean.
    assert [m for m in cited.check() if LOCK in m] == []


def test_a_refresh_that_reads_nothing_new_changes_only_the_day_checked(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    first = cited.read(LOCK)
    code, out = refresh(cited, publishers)
    assert code == 1 and out.endswith("policy_data/authorities.lock.yml unchanged.\n")
    assert cited.read(LOCK) == first


def test_a_new_effective_date_flags_exactly_what_was_reviewed_before_it(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    assert warnings_and_hints(cited) == []  # 2022's text: everything was reviewed since
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    code, out = refresh(cited, publishers)
    assert "KRS 61.902: a new text, in effect from 2026-07-15 (before: 2022-07-14)\n" in out
    check_golden(
        GOLDEN,
        {"after-the-amendment": cited.read(LOCK).replace(publishers.url, "http://publisher")},
    )
    # 4.2, reviewed on 10 March 2026, and the policy's version 1, adopted in 2023, are
    # flagged where they cite it; 4.3, reviewed on 1 September 2026, is not.
    assert warnings_and_hints(cited) == [
        "policy_data/policies/school-safety-officers/versions/v1.yml:17:45: warning: School "
        "Safety Officers, version 1 cites KRS 61.902, whose new text took effect on 15 July "
        "2026 (the text before it took effect on 14 July 2022), first read at its publisher "
        "on 30 November 2026; it was last adopted on 13 June 2023, before that\n"
        "  hint: read KRS 61.902 as it now reads (its history line is in "
        "policy_data/authorities.lock.yml) and bring the policy to the Board if it must "
        "change; the finding ends when a version adopted after that day is in force",
        "sop/04-students/interviews.yml:15:62: warning: section 4.2 Interviewing students "
        "cites KRS 61.902, whose new text took effect on 15 July 2026 (the text before it "
        "took effect on 14 July 2022), first read at its publisher on 30 November 2026; it "
        "was last reviewed on 10 March 2026, before that\n"
        "  hint: read KRS 61.902 as it now reads (its history line is in "
        "policy_data/authorities.lock.yml), correct the section if it must change, then "
        "record the review: sopkit review mark student-interviews",
    ]
    # The section's hint applied: its review recorded, its finding gone.
    code, _, _ = cited.cli(
        "review", "mark", "student-interviews", "--date", "2026-11-30", "--by", "SOP Manual Team"
    )
    assert code == 0
    assert [m.split(":")[0] for m in warnings_and_hints(cited)] == [
        "policy_data/policies/school-safety-officers/versions/v1.yml"
    ]


def test_sopkit_check_reports_drift_offline_at_the_level_the_build_uses(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    asked = len(publishers.asked)
    code, out, _ = cited.cli("check")
    assert len(publishers.asked) == asked  # checking asks no publisher anything
    assert code == 0 and out.count(": warning: ") == 2 and "cites KRS 61.902" in out
    cited.write(
        "mkdocs.yml",
        "site_name: Test\nplugins:\n  - sopkit:\n      checks:\n        citation_drift: info\n",
    )
    _, out, _ = cited.cli("check")
    assert out.count(": info: ") >= 2 and ": warning: " not in out


def test_a_server_error_is_retried_then_reported_and_the_old_entry_kept(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    kar = "/law/kar/titles/704/007/160/"
    publishers.routes[kar] = 503
    before = len([p for p in publishers.asked if p == kar])
    code, out = refresh(cited, publishers, "--only=704 KAR 7:160")
    assert code == 1
    assert out.startswith(
        f"704 KAR 7:160: not read: {publishers.url}{kar} answered 503 Service Unavailable\n"
    )
    assert len([p for p in publishers.asked if p == kar]) - before == 2  # one retry
    entry = cited.read(LOCK).split('  - cite: "704 KAR 7:160"\n', 1)[1].split("  - cite")[0]
    assert '    status: "failed"\n' in entry and "    effective_on: 2022-09-06\n" in entry
    assert "the refresh of 2026-11-30 stands; the last one failed" in entry


def test_snapshots_keep_each_text_as_read(cited: ProjectFolder, publishers: Publishers) -> None:
    refresh(cited, publishers, "--snapshots", "--only=20 U.S.C. § 1232g")
    kept = cited.read("policy_data/authorities/20-u.s.c.-1232g.txt")
    assert kept.startswith("§1232g. Family educational and privacy rights (a) A stand-in")
    assert '    snapshot: "authorities/20-u.s.c.-1232g.txt"\n' in cited.read(LOCK)


def test_unknown_options_and_their_hints(cited: ProjectFolder, publishers: Publishers) -> None:
    code, _, err = cited.cli("authorities", "refresh", "--only", "KRS 99.999")
    assert (code, err) == (
        2,
        "sopkit: 'KRS 99.999' is not in policy_data/authorities.yml\n"
        '  hint: name an authority as its cite: line writes it, e.g. --only "KRS 61.902"\n',
    )
    code, _, err = cited.cli("authorities", "refresh", "--root", "krs:https://x")
    assert code == 2 and "hint: name one of krs, kar, ecfr, uscode" in err
    assert publishers.asked == []
    # Both hints applied: an authority as its cite: line writes it, a root as NAME=URL.
    code, out = refresh(cited, publishers, "--only", "KRS 61.902", f"--root=krs={publishers.url}")
    assert code == 0 and out.startswith("Read 1 of 6 authorities")


def test_the_fetcher_pauses_between_requests_to_a_host() -> None:
    waits: list[float] = []
    now = [0.0]
    fetcher = Fetcher(pause=1.0, retries=0, sleep=waits.append, clock=lambda: now[0])
    for _ in range(2):
        with pytest.raises(ReadProblem):
            fetcher.get("http://127.0.0.1:9/nothing")  # the discard port: refused at once
    assert waits == [1.0]


def test_the_authorities_page_and_the_review_dashboard_show_what_was_read(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    pages = site_pages(cited)
    authorities = pages["authorities.md"]
    assert "are given (4 of 6).\n" in authorities
    assert (
        "[Read KRS 61.902](https://law.justia.com/codes/kentucky/chapter-61/section-61-902/)\n\n"
        "Checked at its publisher on 30 November 2026: its text in effect from 15 July 2026 "
        "(the text before: from 14 July 2022).\n"
    ) in authorities
    dashboard = pages["reviews.md"]
    laws = dashboard[dashboard.index("## Laws changed since review") :]
    assert laws.splitlines()[7:] == [
        "| School Safety Officers, version 1 | [KRS 61.902](authorities.md#krs-61-902) | "
        "15 July 2026 | 13 June 2023 |",
        "| [section 4.2 Interviewing students](sop/student-interviews.md) | "
        "[KRS 61.902](authorities.md#krs-61-902) | 15 July 2026 | 10 March 2026 |",
    ]


def test_a_page_not_as_its_publisher_writes_it_is_reported_in_words(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    publishers.routes["/law/kar/titles/704/007/160/"] = "krs-index.html"
    code, out = refresh(cited, publishers, "--only=704 KAR 7:160")
    assert (code, out.splitlines()[0]) == (
        1,
        "704 KAR 7:160: not read: the publisher's page was not as expected: the page has no "
        "'HISTORY:' line",
    )


@pytest.mark.parametrize(
    ("reader", "page", "problem"),
    [
        (read_krs, "A section with no dates at all.", "the document has no 'Effective:' or "
         "'History:' line"),
        (read_uscode, "<p>No credit here.</p>", "the page has no source credit"),
        (lambda page: read_ecfr_versions(page, Source("ecfr", ("34", "99", "31"))), "{}",
         "the versions answer is not eCFR's ('content_versions')"),
        (lambda page: read_ecfr_versions(page, Source("ecfr", ("34", "99", "31"))),
         '{"content_versions": []}', "the versions answer lists no version of section 99.31"),
        (read_krs, "Effective: Smarch 40, 2022 History: none", "'Smarch 40, 2022' is not a date"),
    ],
)  # fmt: skip
def test_each_reader_says_what_its_page_lacked(
    reader: Callable[[str], object], page: str, problem: str
) -> None:
    with pytest.raises(PageProblem) as raised:
        reader(page)
    assert str(raised.value) == problem


def test_the_policy_finding_ends_with_a_version_adopted_after_the_change(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    assert len(warnings_and_hints(cited)) == 2
    # The hint applied: the Board adopts a version 2 after the day the new text took effect.
    v1 = cited.read(f"{VERSIONS}/v1.yml")
    cited.write(f"{VERSIONS}/v1.yml", v1.replace("status: in force", "status: superseded"))
    cited.write(
        f"{VERSIONS}/v2.yml",
        v1.replace("number: 1", "number: 2", 1).replace(
            "adopted_on: 2023-06-13", "adopted_on: 2026-08-11"
        ),
    )
    assert [m.split(":")[0] for m in warnings_and_hints(cited)] == [
        "sop/04-students/interviews.yml"
    ]


def test_a_hand_edited_lock_entry_is_located_with_a_hint(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    lock = cited.read(LOCK)
    cited.write(LOCK, lock.replace("    checked_on: 2026-11-30\n", "", 1))
    assert [m for m in cited.check() if LOCK in m] == [
        f"{LOCK}:9:5: error: authorities → item 1: KRS 61.902 is recorded as checked, but "
        "its checked_on is "
        "missing: a law read at its publisher names the address and the day\n"
        "  hint: delete this entry (its lines, from - cite: to the next entry), then read it "
        'again, which writes it whole: sopkit authorities refresh --only "KRS 61.902"',
    ]
    # The hint applied: the entry deleted, then read again.
    broken = cited.read(LOCK)
    start = broken.index('  - cite: "KRS 61.902"\n')
    cited.write(LOCK, broken[:start] + broken[broken.index("  - cite:", start + 1) :])
    refresh(cited, publishers, "--only=KRS 61.902")
    assert [m for m in cited.check() if LOCK in m] == []
    # A law taken out of the registry, still in the lock file.
    cited.replace(AUTHORITIES, "  - cite: Policy 09.14\n", "")
    cited.replace(
        "policy_data/policies/school-safety-officers/versions/v1.yml",
        'related_policies: ["09.14"]',
        "related_policies: []",
    )
    assert [m for m in cited.check() if LOCK in m] == [
        f"{LOCK}:{line_of(cited.read(LOCK), POLICY_ENTRY)}:11: warning: Policy "
        "09.14 is in the lock file but not in "
        "policy_data/authorities.yml, so nothing is checked against it\n"
        "  hint: read the laws again, which writes the lock file from the registry: "
        "sopkit authorities refresh",
    ]
    refresh(cited, publishers)
    assert [m for m in cited.check() if LOCK in m] == []


# -- what the review found, each with its test ------------------------------------------


def test_a_text_posted_before_it_takes_effect_counts_from_the_day_it_was_read(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    cited.cli("authorities", "refresh", "--pause=0", "--as-of=2026-05-01", *publishers.roots())
    [section] = [m for m in warnings_and_hints(cited) if m.startswith("sop/")]
    assert (
        "whose new text takes effect on 15 July 2026 (the text before it took effect on " in section
    )
    assert (
        "first read at its publisher on 1 May 2026; it was last reviewed on 10 March 2026"
        in section
    )
    # The hint applied on 2 May, before the day it takes effect: the review saw it.
    cited.cli("review", "mark", "student-interviews", "--date", "2026-05-02")
    assert [m for m in warnings_and_hints(cited) if m.startswith("sop/")] == []


def test_a_range_is_flagged_by_a_dated_section_inside_it(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    cited.replace("sop/04-students/interviews.yml", "(KRS 61.902).", "(KRS 61.900 to KRS 61.930).")
    cited.replace(
        AUTHORITIES, "  - cite: KRS 61.902\n", "  - cite: KRS 61.902\n  - cite: KRS 61.900-61.930\n"
    )
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    found = [m.split(" warning: ")[1].split(",")[0] for m in warnings_and_hints(cited)]
    assert "section 4.2 Interviewing students cites KRS 61.902" in found


def test_a_refresh_on_another_day_moves_only_the_days_checked(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    first = cited.read(LOCK)
    cited.cli("authorities", "refresh", "--pause=0", "--as-of=2026-12-01", *publishers.roots())
    changed = [
        (a, b)
        for a, b in zip(first.splitlines(), cited.read(LOCK).splitlines(), strict=True)
        if a != b
    ]
    assert changed == [("    checked_on: 2026-11-30", "    checked_on: 2026-12-01")] * 4
    # Nothing new: the report says so, and the workflow opens no pull request.
    assert cited.cli("authorities", "report", "--news") == (0, "news=false\n", "")


def test_the_report_lists_the_latest_refresh_s_news_only(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    _, report, _ = cited.cli("authorities", "report")
    assert report == (
        "## Laws read at their publishers\n\n"
        "4 of 6 authorities read; 2 not read.\n\n"
        "### With a new text\n\n"
        "- KRS 61.902: in effect from 2026-07-15 (before: 2022-07-14); Amended 2026 Ky. Acts "
        "ch. 41, sec. 3, effective July 15, 2026. -- Amended 2022 Ky. Acts ch. 7, sec. 1, "
        "effective July 14, 2022. -- Created 1988 Ky. Acts ch. 256, sec. 2, effective July "
        "15, 1988.\n\n"
        "### Cited after a change, not reviewed since\n\n"
        "- School Safety Officers, version 1 "
        "(`policy_data/policies/school-safety-officers/versions/v1.yml:17`) cites KRS "
        "61.902: its text in effect from 2026-07-15, last adopted 2023-06-13\n"
        "- section 4.2 Interviewing students (`sop/04-students/interviews.yml:15`) cites "
        "KRS 61.902: its text in effect from 2026-07-15, last reviewed 2026-03-10\n"
    )
    assert cited.cli("authorities", "report", "--news")[1] == "news=true\n"
    # A later refresh that reads nothing new: the change is no longer news, but the
    # sections not reviewed since still are.
    cited.cli("authorities", "refresh", "--pause=0", "--as-of=2026-12-01", *publishers.roots())
    _, later, _ = cited.cli("authorities", "report")
    assert "### With a new text" not in later and "cites KRS 61.902" in later


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("/law/statutes/statute.aspx?id=23890", b"%PDF-1.7\n garbage \x00\x01"),
        (
            "/api/versioner/v1/versions/title-34.json?part=99&section=99.31",
            b'{"content_versions": {}}',
        ),
        ("/api/versioner/v1/versions/title-34.json?part=99&section=99.31", b"[1, 2]"),
    ],
    ids=["a damaged PDF", "versions as an object", "a list of numbers"],
)
def test_an_unreadable_page_is_reported_never_a_traceback(
    cited: ProjectFolder, publishers: Publishers, tmp_path: Path, route: str, body: bytes
) -> None:
    saved = tmp_path / "damaged.json"
    saved.write_bytes(body)
    publishers.routes[route] = str(saved)
    code, out = refresh(cited, publishers)
    assert code == 1 and "Read 3 of 6 authorities" in out
    [line] = [line for line in out.splitlines() if ": not read: " in line and "158.441" not in line]
    assert line.split(": not read: ")[1]  # a reason, in words


def test_the_kar_reader_reads_nested_parentheses_two_digit_years_and_skips_certifications() -> None:
    page = (
        "<p>RELATES TO: KRS 156.160</p><p>HISTORY: (22 Ky.R. 1 (see note); eff. 7-5-95; "
        "Crt eff. 3-1-2020; 49 Ky.R. 101; eff. 9-6-2022 (amended).)</p>"
    )
    reading = read_kar(page)
    assert reading.effective_on == dt.date(2022, 9, 6)
    assert read_kar(page.replace("eff. 9-6-2022", "eff. 1-2-2000")).effective_on == dt.date(
        2000, 1, 2
    )
    certified = page.replace("; eff. 9-6-2022 (amended)", "")
    assert read_kar(certified).effective_on == dt.date(1995, 7, 5)  # Crt eff. is no new text
    with pytest.raises(PageProblem) as raised:
        read_kar("<p>HISTORY: (eff. 2-30-2013)</p>")
    assert str(raised.value) == "'eff. 2-30-2013' in its HISTORY line is not a date"


def test_the_us_code_reader_takes_single_quotes_and_hyphenated_sections() -> None:
    assert source_of("42 U.S.C. § 2000d-1") == Source("uscode", ("42", "2000d-1"))
    page = "<div class='sourceCredit'>(Pub. L. 88-352, July 2, 1964; amended Oct. 21, 1986.)</div>"
    assert read_uscode(page).effective_on == dt.date(1986, 10, 21)


def test_a_cfr_version_that_re_issues_the_same_text_is_not_a_change() -> None:
    answer = (
        '{"content_versions": [{"identifier": "99.31", "amendment_date": "2011-12-02"}, '
        '{"identifier": "99.31", "amendment_date": "2024-01-05", "substantive": false}]}'
    )
    assert read_ecfr_versions(answer, Source("ecfr", ("34", "99", "31"))) == (
        dt.date(2011, 12, 2),
        False,
    )


def test_a_section_removed_from_the_cfr_is_a_dated_change() -> None:
    answer = (
        '{"content_versions": [{"identifier": "99.31", "amendment_date": "2011-12-02"}, '
        '{"identifier": "99.31", "amendment_date": "2025-03-01", "removed": true}]}'
    )
    assert read_ecfr_versions(answer, Source("ecfr", ("34", "99", "31"))) == (
        dt.date(2025, 3, 1),
        True,
    )


def test_a_long_history_line_is_shortened_so_the_lock_file_checks(
    cited: ProjectFolder, publishers: Publishers, tmp_path: Path
) -> None:
    page = (SAVED / "uscode-20-1232g.html").read_text(encoding="utf-8")
    long_credit = "; amended Pub. L. 1, Jan. 1, 1980" * 400
    saved = tmp_path / "long.html"
    saved.write_text(page.replace(", 132 Stat. 1563.)", long_credit + ".)"), encoding="utf-8")
    publishers.routes[next(r for r in ROUTES if r.startswith("/view.xhtml"))] = str(saved)
    refresh(cited, publishers, "--only=20 U.S.C. § 1232g")
    assert [m for m in cited.check() if LOCK in m] == []
    history = next(line for line in cited.read(LOCK).splitlines() if "Pub. L. 90" in line)
    assert history.endswith('…"') and len(history) < 2100


def test_refresh_refuses_a_lock_file_with_errors_and_says_where(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    refresh(cited, publishers)
    lock = cited.read(LOCK)
    cited.write(LOCK, lock.replace("checked_on: 2026-11-30", "checked_on: 2026-13-40", 1))
    code, _, err = cited.cli("authorities", "refresh", "--pause=0", *publishers.roots())
    assert code == 2 and err.startswith("sopkit: policy_data/authorities.lock.yml:")
    assert "(nothing was read: fix this first, or delete authorities.lock.yml" in err
    cited.write(LOCK, lock)
    cited.write(AUTHORITIES, "authorities:\n  - cite: [KRS\n")
    code, _, err = cited.cli("authorities", "refresh", *publishers.roots())
    assert code == 2 and err.startswith("sopkit: policy_data/authorities.yml:")


def test_refresh_refuses_numbers_that_make_no_sense(cited: ProjectFolder) -> None:
    assert cited.cli("authorities", "refresh", "--retries=-1") == (
        2,
        "",
        "sopkit: --retries cannot be below 0\n  hint: give --retries 0 to try each page once\n",
    )
    assert cited.cli("authorities", "refresh", "--timeout=0")[2] == (
        "sopkit: --timeout 0 is too small\n  hint: give --timeout 1\n"
    )
    # The hints applied (against a root nobody serves: every authority is reported as
    # not read, and the command ran: exit 1, not a usage error).
    code, _, err = cited.cli(
        "authorities", "refresh", "--retries", "0", "--timeout", "1", "--pause=0",
        *(f"--root={name}=http://127.0.0.1:9" for name in ("krs", "kar", "ecfr", "uscode")),
    )  # fmt: skip
    assert (code, err) == (1, "")


def test_the_dashboard_lists_each_law_once_per_section_and_says_when_none_was_read(
    cited: ProjectFolder, publishers: Publishers
) -> None:
    cited.replace(
        "sop/04-students/interviews.yml",
        "The principal, first.",
        "The principal, first (KRS 61.902), and again (KRS 61.902).",
    )
    unread = site_pages(cited)["reviews.md"]
    assert "No cited law has been read at its official publisher yet" in unread
    refresh(cited, publishers)
    publishers.routes["/law/statutes/statute.aspx?id=23890"] = "krs-61.902-amended.pdf"
    refresh(cited, publishers)
    dashboard = site_pages(cited)["reviews.md"]
    assert dashboard.count("[section 4.2 Interviewing students]") == 1


POLICY_ENTRY = 'cite: "Policy 09.14"'


def line_of(text: str, words: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if words in line)


def test_an_empty_registry_and_its_hint(cited: ProjectFolder, publishers: Publishers) -> None:
    cited.write(AUTHORITIES, "authorities: []\n")
    code, _, err = cited.cli("authorities", "refresh", *publishers.roots())
    assert (code, err) == (
        2,
        "sopkit: policy_data/authorities.yml lists no authorities, so there is nothing to "
        "read\n  hint: list the laws the sources cite there, each as - cite: with its title "
        "(sopkit check names each citation the registry lacks)\n",
    )
    cited.write(AUTHORITIES, "authorities:\n  - cite: KRS 61.902\n    title: Officers\n")
    code, out = refresh(cited, publishers)  # the hint applied
    assert code == 0 and out.startswith("Read 1 of 1 authorities")
