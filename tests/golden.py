"""Golden files: one file holds a case's input and its expected outputs, in sections.

    === old
    text
    === new
    text
    === text
    expected plain-text output

A test compares each expected section with what sopkit produces. To write the outputs
of new or changed cases, run the tests with SOPKIT_UPDATE_GOLDENS=1 and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

_SECTION = re.compile(r"^=== (\S+)\n", re.MULTILINE)


def read_golden(path: Path) -> dict[str, str]:
    parts = _SECTION.split(path.read_text(encoding="utf-8"))
    return {
        name: body.removesuffix("\n") for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def check_golden(path: Path, actual: dict[str, str]) -> None:
    """Each expected section equals the actual output; with SOPKIT_UPDATE_GOLDENS set,
    the outputs are written into the file instead."""
    sections = read_golden(path)
    if os.environ.get("SOPKIT_UPDATE_GOLDENS"):
        sections.update(actual)
        text = "".join(f"=== {name}\n{body}\n" for name, body in sections.items())
        path.write_text(text, encoding="utf-8")
        return
    missing = [name for name in actual if name not in sections]
    if missing:
        pytest.fail(
            f"{path.name} has no section {', '.join(missing)}: run with SOPKIT_UPDATE_GOLDENS=1"
        )
    for name, output in actual.items():
        assert output == sections[name], f"{path.name}, section {name}"
