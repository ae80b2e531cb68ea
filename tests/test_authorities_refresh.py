"""`sopkit authorities refresh` against a local HTTP server (started here, on 127.0.0.1)
serving pages with the structure of the official publishers' (tests/fixtures/official):
the lock entries it writes, a changed effective date and the drift it makes `sopkit
check` report (located, with hints, offline), and one authority's failure reported
while the rest are refreshed. No test here reaches the internet."""

from __future__ import annotations

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
from sopkit.law.official import PageProblem, Source, read_ecfr_versions, read_krs, read_uscode
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
            body = (SAVED / route).read_bytes()
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


def warnings_and_hints(project: ProjectFolder) -> list[str]:
    return [m for m in project.check() if "citation-drift" in m or ": warning: " in m]


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
        "Safety Officers, version 1 cites KRS 61.902, whose current text took effect on 15 "
        "July 2026 (the text before it took effect on 14 July 2022), as read on 30 November "
        "2026; it was last adopted on 13 June 2023, before that\n"
        "  hint: read KRS 61.902 as it now reads (its history line is in "
        "policy_data/authorities.lock.yml) and bring the policy to the Board if it must "
        "change; the finding ends when a version adopted after that day is in force",
        "sop/04-students/interviews.yml:15:62: warning: section 4.2 Interviewing students "
        "cites KRS 61.902, whose current text took effect on 15 July 2026 (the text before "
        "it took effect on 14 July 2022), as read on 30 November 2026; it was last reviewed "
        "on 10 March 2026, before that\n"
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
    done = build(load_project(Layout(cited.root)), BuildOptions(as_of=AS_OF))
    assert done.site is not None
    pages = {page.path: page.markdown for page in done.site.pages}
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
        "  hint: read it again, which writes its entry whole: sopkit authorities refresh --only "
        '"KRS 61.902"',
    ]
    refresh(cited, publishers, "--only=KRS 61.902")  # the hint applied
    assert [m for m in cited.check() if LOCK in m] == []
    # A law taken out of the registry, still in the lock file.
    cited.replace(AUTHORITIES, "  - cite: Policy 09.14\n", "")
    cited.replace(
        "policy_data/policies/school-safety-officers/versions/v1.yml",
        'related_policies: ["09.14"]',
        "related_policies: []",
    )
    assert [m for m in cited.check() if LOCK in m] == [
        f"{LOCK}:27:11: warning: Policy 09.14 is in the lock file but not in "
        "policy_data/authorities.yml, so nothing is checked against it\n"
        "  hint: read the laws again, which writes the lock file from the registry: "
        "sopkit authorities refresh",
    ]
    refresh(cited, publishers)
    assert [m for m in cited.check() if LOCK in m] == []
