"""The parts of a policy version that a reader can point at, with readable names.

A clause is named by where it sits ("Roles and Expectations, item 5"), because that
tells a reader where to look and its id does not. The units of a version are what two
versions are compared by: each clause, each defined term, each numbered reference, the
other references and the related policies, each with its permanent id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sopkit import model


@dataclass(frozen=True)
class ClauseNumber:
    """Where a clause sits in its part, as a reader cites it and as its page shows it."""

    heading: str
    """The heading of the clause's part ("Policy" before the first heading)."""
    noun: str | None
    """ "paragraph" or "item"; None when the clause is its part's only paragraph, which
    the heading alone names."""
    position: int

    @property
    def label(self) -> str:
        """ "Roles and Expectations, item 5", "Training Requirements, paragraph 2"."""
        return self.heading if self.noun is None else f"{self.heading}, {self.noun} {self.position}"

    @property
    def marker(self) -> str | None:
        """The number printed beside the clause, the one its label cites: "5." for an
        item, "¶ 2" for a paragraph, none for a part's only paragraph."""
        if self.noun is None:
            return None
        return f"{self.position}." if self.noun == "item" else f"¶ {self.position}"


def clause_numbers(version: model.PolicyVersion) -> dict[str, ClauseNumber]:
    """Every clause's place: its part's heading, and its position in that part."""
    parts: list[tuple[str, list[model.Clause]]] = []
    for clause in version.clauses:
        if clause.heading or not parts:
            parts.append((clause.heading or "Policy", []))
        parts[-1][1].append(clause)
    numbers: dict[str, ClauseNumber] = {}
    for heading, clauses in parts:
        for position, clause in enumerate(clauses, start=1):
            if clause.form != "paragraph":
                noun: str | None = "item"
            else:
                alone = len(clauses) == 1 and clause.heading is not None
                noun = None if alone else "paragraph"
            numbers[clause.id] = ClauseNumber(heading, noun, position)
    return numbers


def clause_labels(version: model.PolicyVersion) -> dict[str, str]:
    """A readable name for every clause: its heading, or its part's heading and position."""
    return {clause_id: number.label for clause_id, number in clause_numbers(version).items()}


def citation(policy: model.Policy, version: model.PolicyVersion, label: str) -> str:
    """How a reader cites a part of a policy, named by its `label`: "Board Policy 03.1161
    (School Safety Officers), Roles and Expectations, item 5 (version 2)". A policy
    without a code is named by its organization and title."""
    kind = " ".join(word[:1].upper() + word[1:] for word in policy.kind.split())
    if policy.code:
        name = f"{kind} {policy.code} ({policy.title})"
    else:
        name = f"{policy.organization} {kind} “{policy.title}”"
    return f"{name}, {label} (version {version.number})"


@dataclass(frozen=True)
class Unit:
    """A clause, defined term or reference of a version, as compared with another."""

    id: str
    label: str
    text: str
    heading: str | None = None
    """The heading of the part the unit starts, if it starts one."""


def version_units(version: model.PolicyVersion) -> list[Unit]:
    return list(_units(version))


def _units(version: model.PolicyVersion) -> Iterator[Unit]:
    labels = clause_labels(version)
    for clause in version.clauses:
        heading = clause.heading
        if clause.text is not None or not clause.definitions:
            yield Unit(clause.id, labels[clause.id], _text(clause.text), heading)
            heading = None
        for definition in clause.definitions:
            yield Unit(
                f"def-{definition.id}",
                f"Definition of “{definition.term}”",
                definition.text.text,
                heading,
            )
            heading = None
    for reference in version.references:
        if reference.number is not None:
            yield Unit(f"ref-{reference.number}", f"Reference {reference.number}", reference.text)
    others = [r.text for r in version.references if r.number is None]
    if others:
        yield Unit("references", "Other references", "\n".join(f"- {t}" for t in others))
    if version.related_policies:
        codes = ", ".join(f"Policy {ref.id}" for ref in version.related_policies)
        yield Unit("related-policies", "Related policies", codes)


def _text(prose: model.Prose | None) -> str:
    return prose.text if prose is not None else ""
