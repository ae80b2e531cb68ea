"""policy_data/authorities.lock.yml: what the last `sopkit authorities refresh` read of
each registered authority, and how the refresh updates it.

The file is written only by that command, always the same way (the registry's order,
one key per line, the keys in one order, strings as JSON strings), so a refresh that
reads nothing new changes nothing but the days it checked, and one that reads a new
text changes that entry's lines only: the pull request shows exactly what changed.

`refresh_entries` is pure: the reading of pages is given to it (`read`), so that the
command fetches and the tests feed saved pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sopkit import model
from sopkit.law.official import Reading, Source, source_of

LOCK_FILE = "authorities.lock.yml"
"""Its name, in policy_data/."""

HEADER = """\
# yaml-language-server: $schema=../src/sopkit/schemas/authorities-lock.schema.json
#
# Written by `sopkit authorities refresh`; do not edit by hand (a refresh rewrites it).
# For each authority of authorities.yml: its official address, the last day it was read
# there, the day its current text took effect and its history line as read, and a hash
# of its text. An entry that could not be read says why in its note, and gives no date.
"""

_KEYS = (
    "status", "url", "checked_on", "effective_on", "previous_effective_on", "first_read_on",
    "history", "text_sha256", "snapshot", "note",
)  # fmt: skip

HISTORY_LIMIT = 2000
"""The most of a history line kept (a U.S. Code source credit can run to pages): the
lock file stays readable, and its text hash covers the rest."""

NO_READER = (
    "not read: sopkit reads KRS and KAR sections, C.F.R. sections and U.S. Code sections "
    "at their publishers; check this one by hand"
)


def lock_text(entries: Iterable[model.LockedAuthority], header: str = HEADER) -> str:
    """The lock file's text."""
    lines = [header.rstrip("\n"), "authorities:"]
    for entry in entries:
        lines.append(f"  - cite: {json.dumps(entry.cite, ensure_ascii=False)}")
        for key in _KEYS:
            value = getattr(entry, key)
            if value is None:
                continue
            if isinstance(value, dt.date):
                shown = value.isoformat()
            else:
                shown = json.dumps(value, ensure_ascii=False)
            lines.append(f"    {key}: {shown}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Refreshed:
    """One authority after a refresh: its entry, and what the refresh says of it."""

    entry: model.LockedAuthority
    problem: str | None = None
    """Why it could not be read, in one sentence (the rest were refreshed)."""
    changed: bool = False
    """Its text took effect on a day the lock did not have (a new text)."""


Read = Callable[[Source], tuple[str, Reading]]
"""Reads an authority at its publisher: the address read, and what it says. Raises
ReadProblem with a sentence."""


class ReadProblem(Exception):
    """An authority that could not be read: the sentence says why."""


def refresh_entries(
    registry: Sequence[model.Authority],
    locked: Sequence[model.LockedAuthority],
    read: Read,
    today: dt.date,
    only: frozenset[str] | None = None,
    snapshot: Callable[[str, Reading], str | None] | None = None,
) -> list[Refreshed]:
    """Each registered authority's entry, in the registry's order: read again (or, with
    `only`, just those named), kept as it was otherwise. `snapshot` keeps a text and
    says where."""
    previous = {entry.cite: entry for entry in locked}
    found: list[Refreshed] = []
    for authority in registry:
        old = previous.get(authority.cite)
        if only is not None and authority.cite not in only:
            if old is not None:
                found.append(Refreshed(old))
            else:
                found.append(Refreshed(_unverified(authority.cite, "not read yet")))
            continue
        found.append(_refresh_one(authority.cite, old, read, today, snapshot))
    return found


def _refresh_one(
    cite: str,
    old: model.LockedAuthority | None,
    read: Read,
    today: dt.date,
    snapshot: Callable[[str, Reading], str | None] | None,
) -> Refreshed:
    source = source_of(cite)
    if source is None:
        return Refreshed(_unverified(cite, NO_READER))
    try:
        url, reading = read(source)
    except ReadProblem as problem:
        return _failed(cite, old, str(problem))
    except Exception as problem:
        return _failed(cite, old, f"reading it failed ({type(problem).__name__}: {problem})")
    return _read_entry(cite, old, url, reading, today, snapshot)


def _read_entry(
    cite: str,
    old: model.LockedAuthority | None,
    url: str,
    reading: Reading,
    today: dt.date,
    snapshot: Callable[[str, Reading], str | None] | None,
) -> Refreshed:
    effective, previous = reading.effective_on, old.previous_effective_on if old else None
    first_read: dt.date | None = today
    changed, note = False, None
    if old is not None and old.effective_on is not None:
        if effective is None:
            # A page that no longer dates its text: the last date read stands.
            effective, first_read = old.effective_on, old.first_read_on
            note = "the page gave no date for its text this time: the last date read is kept"
            if old.text_sha256 not in (None, reading.text_sha256):
                note += "; its text changed since, so check it by hand"
        elif effective == old.effective_on:
            first_read = old.first_read_on or old.checked_on or today
        else:
            previous, changed = old.effective_on, True
    elif effective is None:
        first_read, note = None, "the page gives no date for its text"
    history = reading.history
    if history is not None and len(history) > HISTORY_LIMIT:
        history = history[: HISTORY_LIMIT - 1].rstrip() + "…"
    kept = None
    if snapshot is not None:
        kept = snapshot(cite, reading)
    elif old is not None and old.text_sha256 == reading.text_sha256:
        kept = old.snapshot  # the text kept then is the text read now
    entry = model.LockedAuthority(
        cite=cite,
        status="checked",
        url=url,
        checked_on=today,
        effective_on=effective,
        previous_effective_on=previous,
        first_read_on=first_read,
        history=history,
        text_sha256=reading.text_sha256,
        snapshot=kept,
        note=note,
    )
    return Refreshed(entry, changed=changed)


def _unverified(cite: str, note: str) -> model.LockedAuthority:
    return model.LockedAuthority(cite=cite, status="unverified", note=note)


def _failed(cite: str, old: model.LockedAuthority | None, why: str) -> Refreshed:
    """The last values read, if any, kept (they are still the last known); the note
    says the refresh failed and why."""
    if old is None or old.checked_on is None:
        return Refreshed(_unverified(cite, f"not read: {why}"), problem=why)
    note = f"the refresh of {old.checked_on.isoformat()} stands; the last one failed: {why}"
    return Refreshed(dataclasses.replace(old, status="failed", note=note), problem=why)


def by_cite(entries: Iterable[model.LockedAuthority]) -> Mapping[str, model.LockedAuthority]:
    return {entry.cite: entry for entry in entries}


__all__ = [
    "HEADER",
    "HISTORY_LIMIT",
    "LOCK_FILE",
    "NO_READER",
    "Read",
    "ReadProblem",
    "Refreshed",
    "by_cite",
    "lock_text",
    "refresh_entries",
]
