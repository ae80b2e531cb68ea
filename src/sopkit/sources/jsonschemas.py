"""JSON Schemas for editors, made from the same declarations that `sopkit check` uses.

The package ships them in `sopkit/schemas/`; each source file names its schema in a
`yaml-language-server` modeline, so editors with the YAML extension check as you type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sopkit.sources.kinds import KINDS
from sopkit.sources.schema import document_schema

PACKAGED = Path(__file__).resolve().parent.parent / "schemas"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_documents() -> dict[str, dict[str, Any]]:
    """Every source kind's JSON Schema, by kind name."""
    return {name: document_schema(kind.record, kind.title) for name, kind in KINDS.items()}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, kinds: Iterable[str]) -> list[Path]:
    """Write the schemas of `kinds` into `folder`; return the files written."""
    documents = schema_documents()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        path = folder / schema_file_name(kind)
        path.write_text(render(documents[kind]), encoding="utf-8")
        written.append(path)
    return written
