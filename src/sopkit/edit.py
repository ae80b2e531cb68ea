"""Editing sources in place: recording a section's review.

Edits go through ruamel.yaml's round-trip mode, so comments, key order, quotes and layout
stay as they were and the change touches only the lines it must. The new text is checked
before it is written, and it is written atomically (a temporary file in the same folder,
flushed to disk, then moved over the original, with the original's permissions): a crash
or a failed write never leaves a half-written source.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from sopkit.diagnostics import Diagnostic, count_errors
from sopkit.kinds import SECTION
from sopkit.loader import load_bytes
from sopkit.roundtrip import dump_text, load_text
from sopkit.schema import Context

# Where a new review record goes: before the first of these keys (the documented order).
_AFTER_REVIEW = ("definitions", "body", "steps", "internal_notes")


class EditError(Exception):
    """The edit cannot be made; the message says why, in plain words."""


@dataclass(frozen=True)
class ReviewEntry:
    last_reviewed: dt.date
    reviewed_by: str
    outcome: str
    record: str | None = None


def record_review(path: Path, entry: ReviewEntry) -> str:
    """Write `entry` as the section's review record; return the new text."""
    original = path.read_text(encoding="utf-8")
    data = load_text(original)
    if not isinstance(data, CommentedMap):
        raise EditError(f"{path} does not hold a section")
    _set_review(data, entry)
    updated = dump_text(data)
    problems = _problems(path, updated)
    if count_errors(problems):
        raise EditError(
            "the edited section would not pass `sopkit check`:\n"
            + "\n".join(str(p) for p in problems)
        )
    write_atomically(path, updated)
    return updated


def _set_review(data: CommentedMap, entry: ReviewEntry) -> None:
    review = data.get("review")
    if not isinstance(review, CommentedMap):
        review = CommentedMap()
        keys = list(data.keys())
        position = next((keys.index(k) for k in _AFTER_REVIEW if k in data), len(keys))
        data.insert(position, "review", review)
    _put(review, "last_reviewed", entry.last_reviewed)
    _put(review, "reviewed_by", entry.reviewed_by)
    _put(review, "outcome", entry.outcome)
    # A record link and notes belong to the review they were written for.
    for key in ("record", "notes"):
        if key in review:
            del review[key]
    if entry.record:
        _put(review, "record", entry.record)


def _put(mapping: CommentedMap, key: str, value: Any) -> None:
    """Set a value, keeping the quoting style the old value was written in."""
    old = mapping.get(key)
    if isinstance(value, str) and isinstance(old, str) and type(old) is not str:
        value = type(old)(value)
    mapping[key] = value


def _problems(path: Path, text: str) -> list[Diagnostic]:
    loaded = load_bytes(path.name, text.encode("utf-8"))
    problems = list(loaded.diagnostics)
    if loaded.tree is not None:
        SECTION.convert(loaded.tree, Context(problems))
    return problems


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text`, all at once, keeping the file's permissions."""
    mode = path.stat().st_mode & 0o7777
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
