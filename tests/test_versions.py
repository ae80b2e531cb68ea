"""Comparing policy versions clause by clause: matching by id, moves, splits, merges, and
the shipped policy's two versions against the changes its redline copy marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from golden import check_golden, read_golden
from sopkit import Layout, model
from sopkit.compare.versions import UnitChange, compare_units, compare_versions
from sopkit.law.clauses import Unit
from sopkit.sources.project import load_project

GOLDEN = Path(__file__).parent / "golden"


def units(*specs: tuple[str, str]) -> list[Unit]:
    return [Unit(id, f"item {i}", text) for i, (id, text) in enumerate(specs, start=1)]


def outline(changes: list[UnitChange]) -> list[tuple[str, str, str]]:
    return [(c.kind, c.id, c.summary) for c in changes]


def test_clauses_are_matched_by_id_not_by_position() -> None:
    old = units(("a", "Alpha text."), ("b", "Beta text."), ("c", "Gamma text."))
    new = units(("a", "Alpha text."), ("c", "Gamma text, revised."))
    changes = list(compare_units(old, new))
    assert outline(changes) == [
        ("unchanged", "a", "Unchanged"),
        ("removed", "b", "Removed"),
        ("changed", "c", "Changed; was item 3"),
    ]
    assert changes[2].redline.explain("text") == "Gamma text{+, revised+}."
    assert changes[1].redline.explain("text") == "[-Beta text.-]"


def test_an_added_clause_takes_its_place_in_the_new_order() -> None:
    old = units(("a", "Alpha."), ("c", "Gamma."))
    new = units(("a", "Alpha."), ("b", "Beta is new."), ("c", "Gamma."))
    assert outline(list(compare_units(old, new))) == [
        ("unchanged", "a", "Unchanged"),
        ("added", "b", "Added"),
        ("unchanged", "c", "Unchanged; was item 2"),
    ]


def test_a_moved_clause_is_recognized_and_the_others_are_not_moved() -> None:
    old = units(("a", "Alpha."), ("b", "Beta."), ("c", "Gamma."), ("d", "Delta."))
    new = units(("a", "Alpha."), ("c", "Gamma."), ("d", "Delta."), ("b", "Beta, moved."))
    changes = list(compare_units(old, new))
    assert outline(changes) == [
        ("unchanged", "a", "Unchanged"),
        ("unchanged", "c", "Unchanged; was item 3"),
        ("unchanged", "d", "Unchanged; was item 4"),
        ("changed", "b", "Changed; moved; was item 2"),
    ]
    assert [c.is_change for c in changes] == [False, False, False, True]


def test_a_clause_split_in_two() -> None:
    old = units(
        ("duties", "The SSO patrols the building. The SSO also teaches a class each term."),
        ("records", "Records are kept."),
    )
    new = units(
        ("duties", "The SSO patrols the building."),
        ("teaching", "The SSO also teaches a class each term."),
        ("records", "Records are kept."),
    )
    changes = list(compare_units(old, new))
    assert outline(changes) == [
        ("split", "duties", "Split in 2: continues in item 2"),
        ("unchanged", "records", "Unchanged; was item 2"),
    ]
    assert changes[0].others == (new[1],)
    assert changes[0].redline.explain("text") == (
        "The SSO patrols the building.\n{+¶+} The SSO also teaches a class each term."
    )


def test_clauses_merged_into_one() -> None:
    old = units(("duties", "The SSO patrols the building."), ("teaching", "And teaches a class."))
    new = units(("duties", "The SSO patrols the building and teaches a class."))
    changes = list(compare_units(old, new))
    assert outline(changes) == [("merged", "duties", "Merged: now also holds item 2")]
    assert changes[0].redline.explain("text") == (
        "The SSO patrols the building[-.-] {+and+}\n[-¶-] [-And-] teaches a class."
    )


def test_a_new_clause_unlike_its_neighbour_is_added_not_split() -> None:
    old = units(("duties", "The SSO patrols the building."))
    new = units(
        ("duties", "The SSO patrols the building."), ("pay", "Pay follows the salary schedule.")
    )
    assert outline(list(compare_units(old, new))) == [
        ("unchanged", "duties", "Unchanged"),
        ("added", "pay", "Added"),
    ]


def test_a_heading_change_is_reported() -> None:
    old = [Unit("a", "Roles", "Text.", heading="Roles")]
    new = [Unit("a", "Roles and Expectations", "Text.", heading="Roles and Expectations")]
    (change,) = compare_units(old, new)
    assert change.summary == "Unchanged; heading changed; was Roles"
    assert change.is_change
    assert change.explain("text") == (
        "Roles and Expectations: Unchanged; heading changed; was Roles\n"
        "    Heading: Roles {+and Expectations+}\n"
        "    Text."
    )


CLAUSE_CASES = sorted((GOLDEN / "clauses").glob("*.txt"))


def read_units(text: str) -> list[Unit]:
    """Clauses written as "@id" lines, each followed by its text."""
    chunks = [chunk.split("\n", 1) for chunk in text.split("@")[1:]]
    return [Unit(id, f"item {i}", body.strip()) for i, (id, body) in enumerate(chunks, start=1)]


@pytest.mark.parametrize("path", CLAUSE_CASES, ids=[p.stem for p in CLAUSE_CASES])
def test_clause_comparison_golden(path: Path) -> None:
    case = read_golden(path)
    changes = compare_units(read_units(case["old"]), read_units(case["new"]))
    check_golden(path, {"text": "\n".join(c.explain("text") for c in changes)})


@pytest.fixture(scope="module")
def shipped_policy() -> model.Policy:
    loaded = load_project(Layout(REPO))
    (policy,) = loaded.project.policies
    return policy


def test_the_shipped_policy_redline_reproduces_the_seed_s_changes(
    shipped_policy: model.Policy,
) -> None:
    old, new = shipped_policy.versions
    comparison = compare_versions(shipped_policy, old, new)
    changed = {c.id: c.redline.explain("text") for c in comparison.changes if c.is_change}
    assert comparison.counts() == {
        "changed": 10, "added": 0, "removed": 0, "split": 0, "merged": 0,
        "moved": 0, "unchanged": 23,
    }  # fmt: skip
    # SRO becomes SSO where the District means its own officers...
    assert "An [-SRO-]{+SSO+} is vested with law enforcement" in changed["roles-jurisdiction"]
    assert (
        "[-SROs-]{+SSOs within the Department of School Safety"
        in changed["roles-law-enforcement-unit"]
    )
    # ...but not where the text means SRO certification or the state's SRO training.
    assert "lose [-his/her-]{+their+} SRO certification" in changed["roles-loss-of-certification"]
    # The purpose bullets are restated as actions.
    assert (
        "- [-Students are actively engaged-]{+Actively engage students+} in"
        in changed["broader-effort"]
    )
    assert (
        "and [-improve student-]{+the roots of disruptive+} behavior; and"
        in changed["broader-effort"]
    )
    # The training paragraph drops its start date and applies to SSOs.
    assert changed["training-annual-in-service"].startswith(
        "[-Effective January 1, 2020, all School Resource Officers (SROs)-]{+All SSOs+} shall"
    )
    # Presentations to the Board at least annually.
    assert (
        "provided [-on a regular basis-]{+at least annually+}, as determined"
        in changed["data-regular-reports"]
    )
    assert (
        "Per KRS [-158.(NEW), an SRO-]{+158.4414, an SSO+} who fails"
        in changed["roles-loss-of-certification"]
    )


def test_the_shipped_policy_comparison_golden(shipped_policy: model.Policy) -> None:
    old, new = shipped_policy.versions
    comparison = compare_versions(shipped_policy, old, new)
    check_golden(
        GOLDEN / "policy-v1-v2.txt",
        {"text": "\n\n".join(c.explain("text") for c in comparison.changes if c.is_change)},
    )
