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


def clause_labels(version: model.PolicyVersion) -> dict[str, str]:
    """A readable name for every clause: its heading, or its part's heading and position."""
    labels: dict[str, str] = {}
    heading = "Policy"
    position = 0
    for clause in version.clauses:
        if clause.heading:
            heading, position = clause.heading, 0
        position += 1
        if clause.heading and clause.form == "paragraph":
            labels[clause.id] = heading
        else:
            noun = "item" if clause.form != "paragraph" else "paragraph"
            labels[clause.id] = f"{heading}, {noun} {position}"
    return labels


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
