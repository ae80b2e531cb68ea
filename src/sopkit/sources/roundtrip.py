"""Round-trip YAML: read a source for editing and write it back unchanged but for the edit.

sopkit edits sources (recording a review, formatting) with ruamel.yaml's round-trip mode,
set up here once to match the house style of the sources: two-space mappings, list items
indented under their key, long lines never re-wrapped. With these settings every shipped
source dumps back to exactly its own bytes, which a test checks.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """A ruamel.yaml instance that preserves comments, order, quotes and layout."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    # Sources write "not recorded" as an explicit null; keep it rather than an empty value.
    yaml.representer.add_representer(type(None), _represent_null)
    return yaml


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def load_text(text: str) -> Any:
    return round_trip_yaml().load(text)


def dump_text(data: Any) -> str:
    stream = io.StringIO()
    round_trip_yaml().dump(data, stream)
    return stream.getvalue()
