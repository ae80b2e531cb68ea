"""The content the repository ships: the real policy and the sample manual."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import AS_OF, REPO
from sopkit import Layout, check_project
from sopkit.model import Project
from sopkit.sources.jsonschemas import schema_file_name
from sopkit.sources.project import discover
from sopkit.sources.roundtrip import dump_text, load_text

SOURCES = sorted(f.rel for f in discover(Layout(REPO))[0])


# The policy is transcribed as adopted, including its mis-citation of FERPA: `sopkit
# check` says so, in both versions. Nothing else may be reported.
EXPECTED = [
    f"policy_data/policies/school-safety-officers/versions/{version}: warning: "
    "'20 U.S.C. 1232(g)(a)(4)(ii)' writes the section letter as a subsection; the section is "
    "1232g\n  hint: write 20 U.S.C. § 1232g(a)(4)(ii)"
    for version in ("v1.yml:322:11", "v2.yml:319:11")
]


@pytest.fixture(scope="module")
def shipped() -> Project:
    result = check_project(Layout(REPO), as_of=AS_OF)
    assert [str(d) for d in result.diagnostics] == EXPECTED
    return result.project


def test_sopkit_check_finds_no_problems(shipped: Project) -> None:
    assert shipped.manual is not None
    assert len(shipped.files) == len(SOURCES)


@pytest.mark.parametrize("rel", SOURCES)
def test_every_source_round_trips_unchanged(rel: str) -> None:
    text = (REPO / rel).read_text(encoding="utf-8")
    assert dump_text(load_text(text)) == text


@pytest.mark.parametrize("rel", SOURCES)
def test_every_source_names_its_json_schema(rel: str) -> None:
    first = (REPO / rel).read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{rel} should start with a yaml-language-server modeline"
    target = ((REPO / rel).parent / match.group(1)).resolve()
    assert target.is_file()
    kind = next(f.kind for f in discover(Layout(REPO))[0] if f.rel == rel)
    assert target.name == schema_file_name(kind)


def test_the_sample_manual_is_labelled_and_sized(shipped: Project) -> None:
    manual = shipped.manual
    assert manual is not None and manual.sample and manual.sample_notice is not None
    assert "not the District's adopted procedures" in manual.sample_notice.text
    # A realistic manual: ten chapters, as the policy's duties group them, of forty
    # sections (these are claims about the sample, so the sample's own counts).
    assert (len(manual.chapters), len(manual.sections)) == (10, 40)
    visibility = Counter(s.visibility for s in manual.sections)
    assert visibility["internal"] >= 3 and visibility["public"] > visibility["internal"]


def test_the_manual_covers_what_the_policy_orders(shipped: Project) -> None:
    manual = shipped.manual
    assert manual is not None
    implemented = {ref.id for s in manual.sections for ref in s.implements}
    for clause in (
        "data-incident-reporting",
        "data-review-team",
        "data-regular-reports",
        "sop-manual-team",
        "sop-manual-review",
        "superintendent-report",
        "roles-law-enforcement-unit",
        "roles-restraint-and-seclusion-training",
    ):
        assert clause in implemented, clause
    topics = {t.id for c in shipped.curricula for t in c.topics}
    covered = {ref.id for s in manual.sections for ref in s.training_topics}
    assert topics == covered
    groups = Counter(m.group for m in manual.team.members)
    assert groups["district"] and groups["community"]


def test_review_dates_are_spread_to_show_review_tracking(shipped: Project) -> None:
    # As of the pinned date, with the two-year cycle and a 90-day warning window.
    manual = shipped.manual
    assert manual is not None
    due = {
        s.id: s.review.last_reviewed.replace(year=s.review.last_reviewed.year + 2)
        for s in manual.sections
        if s.review
    }
    overdue = [i for i, d in due.items() if d < AS_OF]
    soon = [i for i, d in due.items() if AS_OF <= d <= AS_OF + dt.timedelta(days=90)]
    never = [s.id for s in manual.sections if s.review is None]
    assert sorted(overdue) == ["report-delivery-and-retention", "use-of-force"]
    assert sorted(soon) == ["events-and-transportation", "threat-assessment", "training-records"]
    assert never == ["proposing-changes"]


def test_the_policy_has_both_versions_transcribed(shipped: Project) -> None:
    (policy,) = shipped.policies
    assert [v.number for v in policy.versions] == [1, 2]
    current = policy.current
    assert current is not None and current.number == 2
    assert policy.code is None
    assert all(v.adopted_on is None and v.effective_on is None for v in policy.versions)
    prior, adopted = (
        {c.id: (c.text.text if c.text else "") for c in v.clauses} for v in policy.versions
    )
    assert prior.keys() == adopted.keys()
    assert "at least annually" in adopted["data-regular-reports"]
    assert "on a regular basis" in prior["data-regular-reports"]
    assert "Per KRS 158.4414, an SSO" in adopted["roles-loss-of-certification"]
    assert "Per KRS 158.(NEW), an SRO" in prior["roles-loss-of-certification"]
    assert "~~" not in "".join(adopted.values()) + "".join(prior.values())
    assert current.related_policies[0].id == "09.14"
    assert [r.number for r in current.references] == [1, 2, 3, 4, 5, None]


def test_no_source_sits_inside_docs() -> None:
    assert not list((REPO / "docs").rglob("*.yml"))


def test_sources_have_no_overlong_lines() -> None:
    # Long lines make pull-request diffs hard to read. Markdown table rows cannot wrap.
    # The lock file is written by `sopkit authorities refresh`, one value per line, so
    # that a law read anew changes its own lines of the diff only.
    for rel in [r for r in SOURCES if not r.endswith("authorities.lock.yml")]:
        for number, line in enumerate((REPO / rel).read_text().splitlines(), 1):
            if line.lstrip().startswith("|"):
                continue
            assert len(line) <= 110, f"{rel}:{number} is {len(line)} characters"


def test_the_seed_has_not_been_copied_verbatim_into_docs() -> None:
    for page in Path(REPO / "docs").rglob("*.md"):
        assert "~~SSO SRO~~" not in page.read_text()
