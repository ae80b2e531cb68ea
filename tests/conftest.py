"""Shared fixtures: a small, valid project written into a temporary folder.

Each test states only what it changes: `project.replace(path, old, new)` or
`project.write(path, text)`, then `project.check()` returns the diagnostics as the
command line prints them. The as-of date is pinned, never today.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from browser import browser  # noqa: F401  (a fixture shared by the browser tests)
from sitebuild import Built
from sopkit import Layout, check_project
from sopkit.hosts.cli import main

AS_OF = dt.date(2026, 12, 1)
BUILD_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

MINIMAL: dict[str, str] = {
    "sop/manual.yml": """\
        id: test-manual
        title: Test manual
        organization: Test District
        policy: school-safety-officers
        edition: "2026-27"
        time_zone: America/Kentucky/Louisville
        review:
          cycle: 2 years
          required_by: manual-review
        team:
          name: SOP Manual Team
          members:
            - role: chief
              group: district
              department: Office of School Safety
        roles:
          - id: chief
            title: Chief
          - id: sso
            title: School Safety Officer
        audiences:
          - id: ssos
            title: School Safety Officers
        """,
    "sop/04-students/chapter.yml": """\
        id: students
        number: "4"
        title: Student contacts
        """,
    "sop/04-students/interviews.yml": """\
        id: student-interviews
        number: "4.2"
        title: Interviewing students
        summary: When and how an SSO interviews a student.
        owner: chief
        visibility: public
        audiences: [ssos]
        implements: [roles-jurisdiction]
        training_topics: [de-escalation]
        review:
          last_reviewed: 2026-03-10
          reviewed_by: SOP Manual Team
          outcome: no-change
        body: |
          An SSO interviews a student only about a possible offense (KRS 61.902).

          ## Who must be told

          The principal, first.
        steps:
          - text: Tell the principal.
            actor: sso
          - Record the interview.
        """,
    "sop/04-students/searches.yml": """\
        id: student-searches
        number: "4.3"
        title: Searches
        summary: Searches of students and property.
        owner: chief
        visibility: internal
        withheld_reason: methods of search
        audiences: [ssos]
        implements: [roles-jurisdiction]
        review:
          last_reviewed: 2025-09-01
          reviewed_by: SOP Manual Team
          outcome: no-change
        body: |
          Searches follow the law.
        """,
    "policy_data/policies/school-safety-officers/policy.yml": """\
        id: school-safety-officers
        title: School Safety Officers
        code: null
        kind: board policy
        organization: Test District
        adopting_body: Test Board of Education
        status: in force
        visibility: public
        """,
    "policy_data/policies/school-safety-officers/versions/v1.yml": """\
        number: 1
        status: in force
        adopted_by: Test Board of Education
        adopted_on: null
        summary: The first version.
        clauses:
          - id: definitions
            heading: Definitions
            definitions:
              - id: school-safety-officer
                term: School safety officer
                abbreviation: SSO
                text: An officer employed by the District.[^1]
          - id: roles-jurisdiction
            heading: Roles
            text: |
              An SSO has the authority described in KRS 61.902.
          - id: training-topics
            text: |
              Training includes de-escalation strategies.
          - id: manual-review
            text: |
              The manual is reviewed every two years.
        references:
          - number: 1
            text: KRS 158.441
        related_policies: ["09.14"]
        """,
    "policy_data/authorities.yml": """\
        authorities:
          - cite: KRS 61.902
            title: Special law enforcement officers
          - cite: KRS 158.441
            title: Definitions for chapter
          - cite: Policy 09.14
        """,
    "policy_data/training.yml": """\
        curricula:
          - id: statutory
            title: Statutory training
            authority: KRS 158.441
            clause: training-topics
            hours_per_year: 40
            topics:
              - id: de-escalation
                title: De-escalation strategies
        """,
    "policy_data/obligations.yml": """\
        obligations:
          - id: manual-review
            title: Review the manual
            clause: manual-review
            responsible: chief
            recipient: Superintendent
            schedule:
              repeats: every 2 years
        """,
}


class ProjectFolder:
    """A project on disk that a test can change and check."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for rel, text in MINIMAL.items():
            self.write(rel, textwrap.dedent(text))

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} should occur once in {rel}"
        self.write(rel, text.replace(old, new))

    def check(self, as_of: dt.date = AS_OF) -> list[str]:
        """Every diagnostic, as `sopkit check` prints it."""
        result = check_project(Layout(self.root), as_of=as_of)
        return [str(d) for d in result.diagnostics]

    def messages(self, as_of: dt.date = AS_OF) -> list[str]:
        """The first line of each diagnostic (location, severity and message)."""
        return [text.split("\n")[0] for text in self.check(as_of)]

    def cli(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main([*args], stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProjectFolder]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
    yield ProjectFolder(tmp_path)


REPO = Path(__file__).resolve().parent.parent
SHIPPED_EDITION = re.search(
    r'^edition: "([^"]+)"', (REPO / "sop" / "manual.yml").read_text(encoding="utf-8"), re.M
)[1]  # type: ignore[index]
"""The shipped manual's current edition, which names its PDFs."""


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that its parallel workers share (each worker's own
    temporary folder is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of made PDFs for the whole run, outside the repository, shared by the
    run's workers (the cache is named by content and written atomically)."""
    folder = run_folder(tmp_path_factory) / "pdf-cache"
    folder.mkdir(exist_ok=True)
    return folder


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]
) -> Path:
    """`make(folder)`, done by the first worker of the run that asks; the others wait for
    it and use the same folder (the shipped sites take seconds to build, with PDFs)."""
    shared = run_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.done"
    try:
        os.close(os.open(shared / f"{name}.lock", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        deadline = time.monotonic() + 900
        while not done.exists():
            assert time.monotonic() < deadline, f"{name} was never made"
            time.sleep(0.2)
        assert done.read_text() == "made", f"{name} failed in another worker"
        return folder
    try:
        make(folder)
    except BaseException:
        done.write_text("failed")
        raise
    done.write_text("made")
    return folder


# The markers a test gets from the fixtures it uses, so that `-m "not browser"` or
# `-m "not pdf"` leaves out every test that needs Chromium or WeasyPrint, and no test can
# forget its marker. (Tests that make PDFs of their own fixture project say so.)
MARKED_BY_FIXTURE = {
    "browser": "browser",
    "shipped_site": "pdf",
    "shipped_public_site": "pdf",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = getattr(item, "fixturenames", ())
        for mark in sorted({MARKED_BY_FIXTURE[name] for name in used if name in MARKED_BY_FIXTURE}):
            item.add_marker(mark)


# Settings a developer's shell (or `make`, which exports SOURCE_DATE_EPOCH) may carry,
# which would change what a test sees. A test that wants one sets it.
OUTSIDE_SETTINGS = (
    "SOURCE_DATE_EPOCH",
    "SOPKIT_EDITION",
    "SOPKIT_REVIEW_WARNINGS",
)


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, pdf_cache: Path) -> None:
    """Every test starts from the same settings, whatever the shell had. Sites are built
    without PDFs (they take seconds), unless a test switches them on with SOPKIT_PDF=1;
    made PDFs never go into the repository's own cache."""
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    monkeypatch.setenv("SOPKIT_PDF_CACHE", str(pdf_cache))
    # Tests build each site afresh (some change sopkit's code as they run, which a kept
    # result could not know); tests/test_build_cache.py switches the cache on.
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", "0")


def build_fixture(root: Path, mkdocs_yml: str | None = None) -> Built:
    """The fixture project, unchanged, written into `root` and built once (strict, no
    PDFs, as of the pinned date): what the tests of a module that only read the result
    share, instead of building it again each."""
    from sitebuild import MKDOCS_YML, build_site, write_site

    ProjectFolder(root)
    write_site(root, mkdocs_yml or MKDOCS_YML)
    with pytest.MonkeyPatch.context() as patch:
        for name in OUTSIDE_SETTINGS:
            patch.delenv(name, raising=False)
        patch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
        patch.setenv("SOPKIT_PDF", "0")
        patch.chdir(root)
        built = build_site(root)
    assert (built.error, built.warnings()) == ("", [])
    return built


def build_shipped(folder: Path, edition: str, pdf_cache: Path) -> Path:
    """One edition of the repository's own site, built as `make build` builds it (strict,
    with PDFs, overdue reviews as notes), as of the pinned date."""
    from sitebuild import build_site

    with pytest.MonkeyPatch.context() as patch:
        for name in OUTSIDE_SETTINGS:
            patch.delenv(name, raising=False)
        patch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
        # As `make build` sets it (to the last commit's time): midnight UTC of the as-of
        # day, the evening before in the manual's time zone, so the text's date and the
        # review status's differ, as they do when the last commit is older than the build.
        patch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_DATE.timestamp())))
        patch.setenv("SOPKIT_REVIEW_WARNINGS", "info")
        patch.setenv("SOPKIT_EDITION", edition)
        patch.setenv("SOPKIT_PDF", "1")
        patch.setenv("SOPKIT_PDF_CACHE", str(pdf_cache))
        built = build_site(REPO, site_dir=folder)
    assert built.error == "" and built.warnings() == []
    return folder


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Path:
    """The officers' edition of the repository's own site, built once per test run."""
    return made_once(
        tmp_path_factory,
        "shipped-site",
        lambda folder: build_shipped(folder, "internal", pdf_cache),
    )


@pytest.fixture(scope="session")
def shipped_public_site(tmp_path_factory: pytest.TempPathFactory, pdf_cache: Path) -> Path:
    """The public edition of the repository's own site, built once per test run."""
    return made_once(
        tmp_path_factory,
        "shipped-site-public",
        lambda folder: build_shipped(folder, "public", pdf_cache),
    )


def shipped_check_summary() -> str:
    """The last line `sopkit check --strict` prints for the shipped sources, counted from
    them (not written down here, so that new sample content does not break tool tests):
    every finding of theirs is a note in the build's check levels."""
    findings = check_project(Layout(REPO), as_of=AS_OF).diagnostics
    files = {d.location.path for d in findings}
    sources = shipped_source_count()
    return (
        f"{len(findings)} note{'s' * (len(findings) != 1)} in "
        f"{len(files)} file{'s' * (len(files) != 1)} ({sources} source files checked)."
    )


def shipped_source_count() -> int:
    """How many source files the shipped project has."""
    from sopkit.sources.project import discover

    return len(discover(Layout(REPO))[0])
