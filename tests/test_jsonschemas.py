"""The JSON Schemas editors use agree with `sopkit check` and are kept up to date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

from conftest import REPO, ProjectFolder
from sopkit import Layout
from sopkit.sources.jsonschemas import PACKAGED, render, schema_documents, schema_file_name
from sopkit.sources.project import discover
from sopkit.sources.roundtrip import load_text

SHIPPED = discover(Layout(REPO))[0]


def as_editor_sees_it(value: Any) -> Any:
    """YAML data as an editor's language server reads it (dates are strings there)."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema_documents()[kind])


@pytest.mark.parametrize("kind", sorted(schema_documents()))
def test_packaged_schemas_are_up_to_date(kind: str) -> None:
    packaged = (PACKAGED / schema_file_name(kind)).read_text(encoding="utf-8")
    assert packaged == render(schema_documents()[kind]), "run: make schemas"


@pytest.mark.parametrize("kind", sorted(schema_documents()))
def test_schemas_are_valid_draft_7(kind: str) -> None:
    jsonschema.Draft7Validator.check_schema(schema_documents()[kind])


@pytest.mark.parametrize("source", SHIPPED, ids=lambda s: s.rel)
def test_every_shipped_source_validates_against_its_schema(source: Any) -> None:
    data = as_editor_sees_it(load_text(source.path.read_text(encoding="utf-8")))
    errors = [e.message for e in validator(source.kind).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('number: "4.2"', "number: 4.2"),
        ("title: Interviewing students", "titel: Interviewing students"),
        ("visibility: public", "visibility: pubic"),
        ("last_reviewed: 2026-03-10", "last_reviewed: 03/10/2026"),
        ("audiences: [ssos]", "audiences: ssos"),
        ("id: student-interviews", "id: Student Interviews"),
    ],
)
def test_the_schema_refuses_what_check_refuses(project: ProjectFolder, old: str, new: str) -> None:
    rel = "sop/04-students/interviews.yml"
    project.replace(rel, old, new)
    assert project.check(), "sopkit check should refuse this"
    data = as_editor_sees_it(load_text(project.read(rel)))
    assert list(validator("section").iter_errors(data)), "the JSON Schema should refuse it too"


def test_schema_command_writes_every_kind(project: ProjectFolder) -> None:
    code, out, _ = project.cli("schema", "--out", "schemas")
    assert code == 0
    assert out.splitlines() == [
        f"wrote schemas/{schema_file_name(k)}" for k in sorted(schema_documents())
    ]
    written = json.loads((project.root / "schemas" / "section.schema.json").read_text())
    assert written["title"].startswith("sopkit SOP section")


def test_schema_command_prints_one_kind(project: ProjectFolder) -> None:
    code, out, _ = project.cli("schema", "chapter")
    assert code == 0
    assert json.loads(out)["required"] == ["id", "number", "title"]
