"""Where a value was written in mkdocs.yml, so that a message about it can say so.

MkDocs hands plugins its configuration as plain values, without positions. To point at
a line, the file is read again here, as parser events only: nothing is constructed, so
the tags mkdocs.yml may hold (`!ENV`, `!!python/name:`) are read as the text they are.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sopkit.diagnostics import Location


@dataclass
class _Open:
    is_mapping: bool
    key: str | None = None
    wants_key: bool = True


def nav_value_location(config_file: str | None, value: str, shown: str = "mkdocs.yml") -> Location:
    """Where `value` is first written inside the `nav:` of the config file (the file
    alone, if it is not found there)."""
    # Imported here: only a build with a wrong nav entry reads its place in the file.
    from ruamel.yaml import YAML
    from ruamel.yaml import events as ev
    from ruamel.yaml.error import YAMLError

    if not config_file:
        return Location(shown)
    try:
        text = Path(config_file).read_text(encoding="utf-8-sig")
        events = list(YAML(typ="safe", pure=True).parse(io.StringIO(text)))
    except (OSError, UnicodeDecodeError, YAMLError):
        return Location(shown)
    stack: list[_Open] = []
    for event in events:
        if isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            stack.append(_Open(isinstance(event, ev.MappingStartEvent)))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            stack.pop()
            _value_read(stack)
        elif isinstance(event, ev.ScalarEvent) and stack:
            top = stack[-1]
            if top.is_mapping and top.wants_key:
                top.key, top.wants_key = event.value, False
                continue
            if stack[0].key == "nav" and len(stack) > 1 and event.value == value:
                mark = event.start_mark
                return Location(shown, mark.line + 1, mark.column + 1)
            _value_read(stack)
    return Location(shown)


def _value_read(stack: list[_Open]) -> None:
    """A mapping's value is done: the next scalar in it is a key."""
    if stack and stack[-1].is_mapping:
        stack[-1].wants_key = True
