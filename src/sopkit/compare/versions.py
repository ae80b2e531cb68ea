"""Comparing two versions of a policy, clause by clause.

Clauses are matched by their permanent ids, so a clause keeps its identity when it is
reworded, moved or renumbered. Each change is typed:

- `changed`: both versions have the clause and its words differ;
- `added` / `removed`: only one version has it;
- `split`: a clause whose text now continues in one or more new clauses right after it;
- `merged`: a clause that now also holds the text of clauses that followed it;
- `unchanged`: the same words (whitespace and line wrapping do not count).

Any of them can also be `moved` (its place among the other clauses changed) and
relabelled (its name, such as "item 5", changed because clauses around it came or went).
"""

from __future__ import annotations

import difflib
import itertools
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sopkit import model
from sopkit.compare.redline import Redline, Style, compare, read_blocks
from sopkit.law.clauses import Unit, version_units

ChangeKind = Literal["unchanged", "changed", "added", "removed", "split", "merged"]

# A new clause counts as split off the clause before it when it accounts for most of the
# old words that the clause before it no longer has (and the same for merges, reversed).
_ACCOUNTS_FOR_AT_LEAST = 0.6
_SHARED_RUN_AT_LEAST = 2
"""Words shared by chance ("the", "SSO") do not count: only runs of two words or more."""


@dataclass(frozen=True)
class UnitChange:
    kind: ChangeKind
    old: Unit | None
    new: Unit | None
    redline: Redline
    """The words: for an added clause all inserted, for a removed one all deleted."""
    heading: Redline | None = None
    """The heading of the part the clause starts, when that changed."""
    moved: bool = False
    others: tuple[Unit, ...] = ()
    """For a split, the new clauses split off; for a merge, the old clauses merged in."""

    @property
    def id(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.id

    @property
    def label(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.label

    @property
    def relabelled(self) -> bool:
        return self.old is not None and self.new is not None and self.old.label != self.new.label

    @property
    def summary(self) -> str:
        """What happened to the clause, in words: "Changed; moved; was item 5"."""
        others = len(self.others)
        first = {
            "unchanged": "Unchanged",
            "changed": "Changed",
            "added": "Added",
            "removed": "Removed",
            "split": f"Split in {others + 1}: continues in {_names(self.others)}",
            "merged": f"Merged: now also holds {_names(self.others)}",
        }[self.kind]
        parts = [first]
        if self.heading is not None:
            parts.append("heading changed")
        if self.moved:
            parts.append("moved")
        if self.relabelled and self.old is not None:
            parts.append(f"was {self.old.label}")
        return "; ".join(parts)

    def explain(self, style: Style = "text") -> str:
        """The clause's name, what happened to it, and its words marked up."""
        parts = [self.redline.explain(style)]
        if self.heading is not None:
            parts.insert(0, "Heading: " + self.heading.explain(style))
        title = f"{self.label}: {self.summary}"
        if style == "text":
            return title + "\n" + textwrap.indent("\n".join(parts), "    ")
        return "\n\n".join([title, *parts])

    @property
    def is_change(self) -> bool:
        return self.kind != "unchanged" or self.moved or self.heading is not None


@dataclass(frozen=True)
class VersionComparison:
    policy: model.Policy
    old: model.PolicyVersion
    new: model.PolicyVersion
    changes: tuple[UnitChange, ...]
    """Every clause, in the order of the new version; removed ones where they were."""

    @property
    def what(self) -> str:
        """ "changes in version 2" for neighbours, else "changes from version 1 to
        version 3": what its page and its PDF are called after the policy's title."""
        old, new = self.old.number, self.new.number
        if new == old + 1:
            return f"changes in version {new}"
        return f"changes from version {old} to version {new}"

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(("changed", "added", "removed", "split", "merged"), 0)
        for change in self.changes:
            if change.kind in totals:
                totals[change.kind] += 1
        totals["moved"] = sum(1 for change in self.changes if change.moved)
        totals["unchanged"] = sum(1 for change in self.changes if not change.is_change)
        return totals


def compare_versions(
    policy: model.Policy, old: model.PolicyVersion, new: model.PolicyVersion
) -> VersionComparison:
    return VersionComparison(
        policy, old, new, tuple(compare_units(version_units(old), version_units(new)))
    )


def consecutive_comparisons(policy: model.Policy) -> list[VersionComparison]:
    """Each version compared with the one before it, oldest first."""
    versions = sorted(policy.versions, key=lambda v: v.number)
    return [compare_versions(policy, a, b) for a, b in itertools.pairwise(versions)]


def every_comparison(policy: model.Policy) -> list[VersionComparison]:
    """Every pair of versions compared, the earlier of each pair first: by the earlier
    version's number, then the later's (v1-v2, v1-v3, v2-v3), so that a reader can ask
    what changed between any two versions, not only between neighbours."""
    versions = sorted(policy.versions, key=lambda v: v.number)
    return [compare_versions(policy, a, b) for a, b in itertools.combinations(versions, 2)]


def compare_units(old: Sequence[Unit], new: Sequence[Unit]) -> Iterator[UnitChange]:
    """Match units by id, then find splits and merges, moves, and the words changed."""
    old_by_id = {unit.id: unit for unit in old}
    new_ids = {unit.id for unit in new}
    moved = _moved({u.id for u in old} & new_ids, [u.id for u in old], [u.id for u in new])
    split_off = _continued(old_by_id, new)
    merged_in = _continued({u.id: u for u in new}, old)
    absorbed = {u.id for units in split_off.values() for u in units}
    gone = {u.id for units in merged_in.values() for u in units}

    old_position = {unit.id: i for i, unit in enumerate(old)}
    # Where each removed clause goes: before the first clause of the new version that
    # came after it in the old one (and before anything added there), else at the end.
    next_kept = [len(old)] * (len(new) + 1)
    for j in range(len(new) - 1, -1, -1):
        unit = new[j]
        kept = unit.id in old_by_id and unit.id not in absorbed
        next_kept[j] = old_position[unit.id] if kept else next_kept[j + 1]
    removed = [u for u in old if u.id not in new_ids and u.id not in gone]
    for j, unit in enumerate(new):
        if unit.id in absorbed:
            continue
        while removed and old_position[removed[0].id] < next_kept[j]:
            yield _removed(removed.pop(0))
        if unit.id in old_by_id:
            yield _matched(old_by_id[unit.id], unit, split_off, merged_in, unit.id in moved)
        else:
            yield UnitChange("added", None, unit, compare("", unit.text))
    for unit in removed:
        yield _removed(unit)


def _removed(unit: Unit) -> UnitChange:
    return UnitChange("removed", unit, None, compare(unit.text, ""))


def _matched(
    old: Unit,
    new: Unit,
    split_off: dict[str, list[Unit]],
    merged_in: dict[str, list[Unit]],
    moved: bool,
) -> UnitChange:
    heading = None
    if (old.heading or "") != (new.heading or ""):
        heading = compare(old.heading or "", new.heading or "")
    if new.id in split_off:
        others = split_off[new.id]
        redline = compare(old.text, _joined_text([new, *others]))
        return UnitChange("split", old, new, redline, heading, moved, tuple(others))
    if new.id in merged_in:
        others = merged_in[new.id]
        redline = compare(_joined_text([old, *others]), new.text)
        return UnitChange("merged", old, new, redline, heading, moved, tuple(others))
    redline = compare(old.text, new.text)
    kind: ChangeKind = "changed" if redline.changed else "unchanged"
    return UnitChange(kind, old, new, redline, heading, moved)


def _moved(common: set[str], old_order: list[str], new_order: list[str]) -> set[str]:
    """The common ids that are out of order: those outside the longest run of ids that
    keep their order."""
    a = [i for i in old_order if i in common]
    b = [i for i in new_order if i in common]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    in_order = {
        a[block.a + k] for block in matcher.get_matching_blocks() for k in range(block.size)
    }
    return common - in_order


def _continued(others: dict[str, Unit], units: Sequence[Unit]) -> dict[str, list[Unit]]:
    """For each unit both sides have, the units right after it that only this side has
    and that carry on its text from the other side.

    Given the old units by id and the new units, this finds splits: new clauses that the
    old text of the clause before them ran into. Given the new units by id and the old
    units, it finds merges."""
    found: dict[str, list[Unit]] = {}
    for i, unit in enumerate(units):
        if unit.id not in others:
            continue
        target = _words(others[unit.id].text)
        followers: list[Unit] = []
        for follower in units[i + 1 :]:
            if follower.id in others:
                break
            left = _unmatched(target, _words(_joined_text([unit, *followers])))
            if len(left) < _SHARED_RUN_AT_LEAST:
                break
            if _shared(left, _words(follower.text)) < _ACCOUNTS_FOR_AT_LEAST * len(left):
                break
            followers.append(follower)
        if followers:
            found[unit.id] = followers
    return found


def _joined_text(units: Sequence[Unit]) -> str:
    return "\n\n".join(unit.text for unit in units)


def _words(text: str) -> list[str]:
    return [token.text for block in read_blocks(text) for token in block.tokens]


def _unmatched(target: list[str], source: list[str]) -> list[str]:
    """The words of `target` that `source` does not account for, in order."""
    matcher = difflib.SequenceMatcher(None, target, source, autojunk=False)
    matched = {
        block.a + k
        for block in matcher.get_matching_blocks()
        if block.size >= _SHARED_RUN_AT_LEAST
        for k in range(block.size)
    }
    return [word for i, word in enumerate(target) if i not in matched]


def _shared(a: list[str], b: list[str]) -> int:
    """How many words `a` and `b` share, in runs of at least two words."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(
        block.size for block in matcher.get_matching_blocks() if block.size >= _SHARED_RUN_AT_LEAST
    )


def _names(units: Sequence[Unit]) -> str:
    return ", ".join(unit.label for unit in units)
