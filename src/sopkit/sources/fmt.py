"""Canonical formatting of sources (`sopkit fmt`), so that diffs show only content.

A source is read and written back with ruamel.yaml's round trip (see roundtrip.py):
comments, key order, quotes and block text stay; indentation becomes the house style
(two spaces for mappings, list items indented under their key), runs of spaces inside
flow lists and after colons go, trailing spaces at the ends of lines and extra blank
lines at the end of the file go. Formatting never changes what a file says: the result is
read back and compared with the original, value by value, and a file whose meaning would
change is left alone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from sopkit.sources.edit import rewrite_source, source_text
from sopkit.sources.roundtrip import dump_text, load_text


class FormatError(Exception):
    """The file cannot be formatted; the message says why."""


def format_text(text: str) -> str:
    """`text` in canonical form (the same text, if it already is)."""
    try:
        meaning = _values(text)
        formatted = dump_text(load_text(text))
    except YAMLError as exc:
        raise FormatError(f"it is not valid YAML ({_first_line(exc)}); run sopkit check") from None
    lines = formatted.splitlines()
    # Trailing spaces can belong to the text (two at the end of a Markdown line break
    # it): each line loses them only if the file still says the same without them.
    for index, line in enumerate(lines):
        if line != line.rstrip():
            trimmed = [*lines[:index], line.rstrip(), *lines[index + 1 :]]
            if _values("\n".join(trimmed) + "\n") == meaning:
                lines = trimmed
    tidy = "\n".join(lines).rstrip("\n") + "\n"
    for candidate in (tidy, formatted):
        if _values(candidate) == meaning:
            return candidate
    raise FormatError("formatting would change what it says; it is left as it is")


def _values(text: str) -> object:
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def _first_line(exc: YAMLError) -> str:
    return str(exc).strip().splitlines()[0]


@dataclass(frozen=True)
class Formatted:
    path: Path
    changed: bool


def format_file(path: Path, *, check: bool) -> Formatted:
    """Format one file in place (unless `check`); say whether it changed. The file keeps
    its line endings and byte order mark (see sopkit.sources.edit.rewrite_source)."""
    if check:
        original = source_text(path)
        return Formatted(path, format_text(original) != original)
    changed = False

    def tidy(text: str) -> str:
        nonlocal changed
        formatted = format_text(text)
        changed = formatted != text
        return formatted

    rewrite_source(path, tidy, keep_final_newline=False)
    return Formatted(path, changed)
