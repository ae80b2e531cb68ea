"""Editing sources in place: recording a section's review.

Edits go through ruamel.yaml's round-trip mode, so comments, key order, quotes and layout
stay as they were and the change touches only the lines it must. What the file's bytes
say beyond YAML stays too: its line endings (CRLF or LF), a byte order mark, and whether
it ends with a line break. A source that is a link is written through the link, to the
file it points at. The new text is checked before it is written, and it is written
atomically (a temporary file in the same folder, flushed to disk, then moved over the
original, with the original's permissions): a crash or a failed write never leaves a
half-written source. Just before the move the file is read again: if someone saved it
while sopkit was editing, nothing is written and the edit is refused, so no edit is ever
silently lost.

A review is never overwritten: recording one moves the review before it into
`history`, latest first. Recording a second review on the same day is refused unless
the caller asks to replace the first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sopkit.diagnostics import Diagnostic, count_errors
from sopkit.sources.kinds import SECTION
from sopkit.sources.loader import load_bytes
from sopkit.sources.roundtrip import dump_text, load_text
from sopkit.sources.schema import Context

# Where a new review record goes: before the first of these keys (the documented order).
_AFTER_REVIEW = ("definitions", "body", "steps", "internal_notes")
_BOM = b"\xef\xbb\xbf"


class EditError(Exception):
    """The edit cannot be made; the message says why, in plain words."""


@dataclass(frozen=True)
class ReviewEntry:
    last_reviewed: dt.date
    reviewed_by: str
    outcome: str
    record: str | None = None


@dataclass(frozen=True)
class RecordedReview:
    """What recording a review did."""

    text: str
    replaced: bool
    """True when it replaced a review of the same day (asked for with replace=True)."""


def record_review(path: Path, entry: ReviewEntry, *, replace: bool = False) -> RecordedReview:
    """Write `entry` as the section's latest review, keeping the one before it in the
    review's history (or, with `replace`, in place of a review of the same day)."""
    replaced = False

    def edit(text: str) -> str:
        nonlocal replaced
        data = load_text(text)
        if not isinstance(data, CommentedMap):
            raise EditError(f"{path} does not hold a section")
        replaced = _set_review(data, entry, replace)
        updated = dump_text(data)
        problems = _problems(path, updated)
        if count_errors(problems):
            raise EditError(
                "the edited section would not pass `sopkit check`:\n"
                + "\n".join(str(p) for p in problems)
            )
        return updated

    return RecordedReview(rewrite_source(path, edit), replaced)


def _set_review(data: CommentedMap, entry: ReviewEntry, replace: bool) -> bool:
    review = data.get("review")
    if not isinstance(review, CommentedMap):
        review = CommentedMap()
        keys = list(data.keys())
        position = next((keys.index(k) for k in _AFTER_REVIEW if k in data), len(keys))
        data.insert(position, "review", review)
    same_day = str(review.get("last_reviewed")) == entry.last_reviewed.isoformat()
    if same_day and not replace:
        raise EditError(
            f"a review dated {entry.last_reviewed.isoformat()} is already recorded "
            f"({review.get('outcome')}, by {review.get('reviewed_by')}); to replace it, run the "
            "command again with --replace"
        )
    if "last_reviewed" in review and not same_day:
        _keep_in_history(review)
    _put(review, "last_reviewed", entry.last_reviewed)
    _put(review, "reviewed_by", entry.reviewed_by)
    _put(review, "outcome", entry.outcome)
    # A record link and notes belong to the review they were written for (now in history).
    for key in ("record", "notes"):
        if key in review:
            del review[key]
    if entry.record:
        review.insert(_after(review, "outcome"), "record", entry.record)
    return same_day


def _keep_in_history(review: CommentedMap) -> None:
    """Move the review now recorded to the top of `history`."""
    past = CommentedMap()
    past["date"] = review["last_reviewed"]
    for key in ("reviewed_by", "outcome", "record", "notes"):
        if key in review:
            past[key] = review[key]
    history = review.get("history")
    if not isinstance(history, CommentedSeq):
        history = CommentedSeq()
        review["history"] = history
    history.insert(0, past)


def _after(mapping: CommentedMap, key: str) -> int:
    keys = list(mapping.keys())
    return keys.index(key) + 1 if key in keys else len(keys)


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


# -- writing a source back -----------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    """What a file's bytes say besides its text."""

    bom: bool
    crlf: bool
    final_newline: bool

    @classmethod
    def of(cls, data: bytes, *, pad: bool = True) -> tuple[_Form, str]:
        bom = data.startswith(_BOM)
        text = data[len(_BOM) if bom else 0 :].decode("utf-8")
        crlf = text.count("\r\n") > text.count("\n") - text.count("\r\n")
        form = cls(bom, crlf, text.endswith(("\n", "\r")))
        text = text.replace("\r\n", "\n")
        # Edited as if it ended with a line break: a last block of text (`body: |`) then
        # reads and writes as it is written, and the break is taken off again after.
        return form, text if form.final_newline or not pad else text + "\n"

    def apply(self, text: str, keep_final_newline: bool) -> bytes:
        if keep_final_newline and not self.final_newline:
            text = text.rstrip("\n")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self.bom else b"") + text.encode("utf-8")


def rewrite_source(
    path: Path, edit: Callable[[str], str], *, keep_final_newline: bool = True
) -> str:
    """Apply `edit` to a source's text (LF line endings, no byte order mark) and write the
    result back in the file's own form. Returns the new text. Raises EditError when the
    file changed on disk meanwhile, and OSError when it cannot be written; in both cases
    the file is as it was."""
    target = Path(os.path.realpath(path))  # through a link, to the file it points at
    original = target.read_bytes()
    form, text = _Form.of(original, pad=keep_final_newline)
    updated = edit(text)
    if updated != text:
        write_atomically(target, form.apply(updated, keep_final_newline), expected=original)
    return updated


def source_text(path: Path) -> str:
    """A source's text as a formatter sees it: LF line endings, no byte order mark."""
    return _Form.of(path.read_bytes(), pad=False)[1]


def write_atomically(path: Path, data: bytes | str, *, expected: bytes | None = None) -> None:
    """Replace `path` with `data`, all at once, keeping the file's permissions. With
    `expected`, refuse (EditError) if the file no longer holds exactly those bytes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    mode = path.stat().st_mode & 0o7777
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        if expected is not None and path.read_bytes() != expected:
            raise EditError(
                f"{path.name} changed on disk while sopkit was editing it (was it saved in an "
                "editor?); nothing was written: run the command again"
            )
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
