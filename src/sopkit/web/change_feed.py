"""`changes.atom`: an Atom feed (RFC 4287) of the manual's editions and the sections
each one changed, for readers who subscribe instead of checking the site.

One entry per edition (who approved it and when, the day it came into force, how many
sections it added, changed and removed) and one per section it changed, linking the
section's page and saying what changed in a sentence. The feed is made from the
sources as the edition being built shows them, so the public edition's feed holds
public changes only.

Every id is a `urn:` built from the manual's id, the edition's and the section's, so an
entry keeps its id from one build to the next; every date is an edition's own (the day
it was approved), never the day of the build, so the same sources give the same feed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from sopkit import model
from sopkit.compare.changes import EntryChange
from sopkit.compare.editions import (
    EditionChanges,
    edition_changes,
    section_change_kind,
    section_change_sentence,
)
from sopkit.render.paths import manual_page
from sopkit.sources.project import EarlierEdition
from sopkit.sources.textrules import display_text
from sopkit.web.marks import FEED_PATH, feed_title

ATOM = "http://www.w3.org/2005/Atom"
UrlFor = Callable[[str], str]


def edition_sources(
    current: model.Project, history: Sequence[EarlierEdition]
) -> dict[str, model.Project]:
    """Each edition's sources by edition id: the earlier ones this clone holds, and the
    current edition (the project being built)."""
    sources = {earlier.edition.id: earlier.project for earlier in history}
    if current.manual is not None:
        sources[current.manual.edition] = current
    return sources


def changes_by_edition(
    current: model.Project, history: Sequence[EarlierEdition]
) -> tuple[EditionChanges, ...]:
    """What each listed edition changed, oldest first."""
    return edition_changes(current.editions, edition_sources(current, history))


def change_feed(
    manual: model.Manual,
    editions: Sequence[EditionChanges],
    site_edition: str,
    url_for: UrlFor,
) -> str:
    """The Atom feed, newest edition first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:sopkit:{manual.id}:changes:{site_edition}")
    _text(feed, "title", feed_title(manual))
    # The newest approval: a feed of no edition is never made (the host adds none).
    latest = max(e.edition.approved_on for e in editions)
    _text(feed, "updated", _stamp(latest, manual))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", display_text(manual.organization))
    _link(feed, url_for(FEED_PATH), "self")
    _link(feed, url_for("index.md"), "alternate")
    for changes in reversed(editions):
        _edition_entry(feed, manual, changes)
        for entry in changes.sections:
            _section_entry(feed, manual, changes, entry, url_for)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _edition_entry(feed: ET.Element, manual: model.Manual, changes: EditionChanges) -> None:
    edition = changes.edition
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", f"urn:sopkit:{manual.id}:edition:{edition.id}")
    _text(entry, "title", f"Edition {edition.id}")
    _text(entry, "updated", _stamp(edition.approved_on, manual))
    _text(entry, "published", _stamp(edition.approved_on, manual))
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", display_text(edition.approved_by))
    if edition.record is not None:
        _link(entry, edition.record, "related")
    _text(entry, "content", display_text(edition_summary(changes)))


def edition_summary(changes: EditionChanges) -> str:
    """An edition in two sentences: its approval, and what it changed."""
    edition = changes.edition
    approved = (
        f"Edition {edition.id}, approved by {edition.approved_by} on "
        f"{edition.approved_on.isoformat()}, in force from {edition.in_force_from.isoformat()}."
    )
    if changes.previous is None:
        return f"{approved} The first edition listed."
    if changes.changes is None:
        return (
            f"{approved} What it changed since edition {changes.previous.id} cannot be "
            "shown: this copy of the sources lacks that history."
        )
    counts = dict.fromkeys(("added", "changed", "renumbered", "moved", "removed"), 0)
    counts["merged into another"] = 0
    for entry in changes.sections:
        merged = entry.kind == "removed" and entry.key in changes.merged
        counts["merged into another" if merged else section_change_kind(entry)] += 1
    if not any(counts.values()):
        return f"{approved} No section changed since edition {changes.previous.id}."
    said = ", ".join(
        f"{count} section{'s' if count != 1 else ''} {kind}"
        for kind, count in counts.items()
        if count
    )
    return f"{approved} Since edition {changes.previous.id}: {said}."


def _section_entry(
    feed: ET.Element,
    manual: model.Manual,
    changes: EditionChanges,
    change: EntryChange,
    url_for: UrlFor,
) -> None:
    edition = changes.edition
    merged_into = changes.merged.get(change.key) if change.kind == "removed" else None
    kind = "merged" if merged_into is not None else section_change_kind(change)
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", f"urn:sopkit:{manual.id}:edition:{edition.id}:section:{change.key}")
    _text(entry, "title", display_text(f"{change.title} ({kind}, edition {edition.id})"))
    _text(entry, "updated", _stamp(edition.approved_on, manual))
    if change.kind != "removed":
        _link(entry, url_for(manual_page(change.key)), "alternate")
    sentence = section_change_sentence(change, edition.id, merged_into)
    _text(entry, "content", display_text(sentence))


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    if name in {"title", "content"}:
        element.set("type", "text")
    return element


def _link(parent: ET.Element, href: str, rel: str) -> None:
    link = ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href})
    if rel == "self":
        link.set("type", "application/atom+xml")


def _stamp(day: dt.date, manual: model.Manual) -> str:
    """The start of a day in the manual's time zone, as RFC 3339 (Atom's dates)."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(manual.time_zone))
    return moment.isoformat()


__all__ = ["FEED_PATH", "change_feed", "changes_by_edition", "edition_sources", "feed_title"]
