"""Acknowledgement manifests: `manifests/<edition>.json` and `.csv`, what a district's
learning-management or HR system reads to assign "read and acknowledge" tasks.

Each lists every section the edition of the site publishes (id, number, title, chapter,
edition, owner, actors, audiences, address) with a content hash, and whether it was
added or changed since the previous edition; the JSON also lists, per audience and per
role, the sections to read again. Identity and sign-off stay in the district's system.

The content hash is the sha256, in hexadecimal, of the section's canonical form: its
values as the edition publishes them (every value of the section's source except its
review record, its search terms and its number, which readers are not asked to read
again), as JSON with
keys sorted, no spaces, text as UTF-8 (not escaped), dates as YYYY-MM-DD, lists in
order and prose as its Markdown text. The same content gives the same hash on any
machine; a new review alone does not change it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from sopkit import model
from sopkit.compare.editions import merges_shown
from sopkit.render.paths import manual_page
from sopkit.sources.project import EarlierEdition

UrlFor = Callable[[str], str]

NOT_READ = frozenset({"review", "search_terms", "number"})
"""What a section's hash leaves out: a review, a search word or a new number asks nobody
to read again (a section renumbered or moved, its text the same, is `renumbered` or
`moved`, not `changed`)."""

CSV_COLUMNS = (
    "id", "number", "title", "chapter", "edition", "content_sha256", "since_previous",
    "owner", "actors", "audiences", "url",
)  # fmt: skip


def content_hash(section: model.Section) -> str:
    """The sha256 of the section's canonical form (see the module's docstring)."""
    data = {k: v for k, v in _canonical(section).items() if k not in NOT_READ}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    """Plain JSON values; only what makes two values differ (never where they were
    written: fields that do not take part in comparing are left out)."""
    if isinstance(value, model.Prose):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.compare
        }
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def manifest(
    current: model.Project, history: Sequence[EarlierEdition], site_edition: str, url_for: UrlFor
) -> dict[str, Any]:
    """The manifest of the current edition, as data."""
    manual = current.manual
    assert manual is not None
    editions = {edition.id: edition for edition in current.editions}
    this = editions.get(manual.edition)
    listed = [edition.id for edition in current.editions]
    index = listed.index(manual.edition) if manual.edition in listed else -1
    previous_id = listed[index - 1] if index > 0 else None
    before = next((e.project for e in history if e.edition.id == previous_id), None)
    old = (
        {s.id: (content_hash(s), place) for s, place in _places(before.manual)}
        if before and before.manual
        else None
    )
    sections = [_entry(s, place, manual.edition, old, url_for) for s, place in _places(manual)]
    reread = [e for e in sections if e["since_previous"] in ("added", "changed")]
    return {
        "manual": manual.id,
        "title": manual.title,
        "edition": manual.edition,
        "site_edition": site_edition,
        "approved_by": this.approved_by if this else None,
        "approved_on": this.approved_on.isoformat() if this else None,
        "in_force_from": this.in_force_from.isoformat() if this else None,
        "previous_edition": previous_id,
        "changes_known": old is not None,
        "sections": sections,
        "removed_since_previous": sorted(set(old) - {e["id"] for e in sections}) if old else [],
        "merged_since_previous": merges_shown(this, before, current)
        if this is not None and before is not None
        else {},
        "to_read_by_audience": _grouped(reread, "audiences"),
        "to_read_by_role": _grouped(reread, "roles"),
    }


Place = tuple[str, str]
"""A section's chapter number and its own number."""


def _places(manual: model.Manual) -> list[tuple[model.Section, Place]]:
    """Each section, in reading order, with its chapter's number and its own."""
    return [(s, (c.number, s.number)) for c in manual.chapters for s in c.sections]


def _entry(
    section: model.Section,
    place: Place,
    edition: str,
    old: dict[str, tuple[str, Place]] | None,
    url_for: UrlFor,
) -> dict[str, Any]:
    digest = content_hash(section)
    chapter = place[0]
    since = None
    if old is not None:
        since = _since(digest, place, old.get(section.id))
    actors = sorted({step.actor.id for step in section.steps if step.actor is not None})
    return {
        "id": section.id,
        "number": section.number,
        "title": section.title,
        "chapter": chapter,
        "edition": edition,
        "content_sha256": digest,
        "since_previous": since,
        "owner": section.owner.id,
        "actors": actors,
        "audiences": [audience.id for audience in section.audiences],
        "url": url_for(manual_page(section.id)),
    }


def _since(digest: str, place: Place, was: tuple[str, Place] | None) -> str:
    """What happened to a section since the previous edition, in one word."""
    if was is None:
        return "added"
    if was[0] != digest:
        return "changed"
    if was[1][0] != place[0]:
        return "moved"
    return "renumbered" if was[1][1] != place[1] else "unchanged"


def _grouped(entries: list[dict[str, Any]], by: str) -> dict[str, list[str]]:
    """Section ids by audience, or by role (its owner and the actors of its steps)."""
    groups: dict[str, list[str]] = {}
    for entry in entries:
        keys = entry["audiences"] if by == "audiences" else [entry["owner"], *entry["actors"]]
        for key in dict.fromkeys(keys):
            groups.setdefault(key, []).append(entry["id"])
    return dict(sorted(groups.items()))


def manifest_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def manifest_csv(data: dict[str, Any]) -> str:
    """One row per section; several actors or audiences are separated by semicolons."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in data["sections"]:
        row = {
            **entry,
            "actors": ";".join(entry["actors"]),
            "audiences": ";".join(entry["audiences"]),
            "since_previous": entry["since_previous"] or "",
        }
        writer.writerow([row[column] for column in CSV_COLUMNS])
    return out.getvalue()


__all__ = ["content_hash", "manifest", "manifest_csv", "manifest_json"]
