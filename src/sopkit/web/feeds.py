"""Feeds for reminders: `reviews.json` for any notifier, `calendar.ics` to subscribe to.

Both depend only on the sources, the as-of day and the build's timestamp (taken from
SOURCE_DATE_EPOCH by the host), never on the clock, so two builds of the same sources
with the same as-of day are byte-identical whenever and wherever they run.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from icalendar import Calendar, Event, vRecur

from sopkit import model
from sopkit.render.paths import manual_page, policy_page
from sopkit.sources.textrules import display_text
from sopkit.status.obligations import ObligationState
from sopkit.status.report import review_report
from sopkit.status.reviews import ReviewState

UrlFor = Callable[[str], str]
"""The web address of a generated page, from its path among the site's pages."""


def reviews_json(
    manual: model.Manual,
    states: Sequence[ReviewState],
    duties: Sequence[ObligationState],
    roles: Mapping[str, str],
    as_of: dt.date,
    url_for: UrlFor,
) -> str:
    """Every section and duty with its status and next due date, as JSON: the report of
    `sopkit review --format json`, with the manual's title and each entry's web address."""
    data = {"manual": manual.title, **review_report(states, duties, roles, as_of)}
    for entry, state in zip(data["sections"], states, strict=True):
        entry["url"] = url_for(manual_page(state.section.id))
    for entry, duty in zip(data["obligations"], duties, strict=True):
        entry["url"] = url_for(_clause_page(manual, duty.obligation))
    return json.dumps(_cleaned(data), indent=2, ensure_ascii=False) + "\n"


def _cleaned(value: Any) -> Any:
    """Every text in a feed, without the characters the sources may not hold: the same
    text rules as the pages, whatever path brought them."""
    if isinstance(value, str):
        return display_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


class CalendarEvent(NamedTuple):
    """One all-day event of the calendar, as plain data: all that its text is made of."""

    uid: str
    summary: str
    day: dt.date
    description: str
    url: str | None = None
    yearly: int | None = None
    """Every so many years, for a duty due on a fixed day every year."""


def calendar_ics(
    manual: model.Manual,
    states: Sequence[ReviewState],
    duties: Sequence[ObligationState],
    stamp: dt.datetime,
    url_for: UrlFor,
    editions: Sequence[model.Edition] = (),
) -> bytes:
    """An all-day event on each due date: one per section, one per dated duty (duties
    due on a fixed day every year recur yearly); and one on the day each edition of the
    manual came or comes into force."""
    name = display_text(f"{manual.short_title or manual.title}: reviews and duties")
    events = calendar_events(manual, states, duties, url_for, editions)
    return _ics(name, events, stamp)


def calendar_events(
    manual: model.Manual,
    states: Sequence[ReviewState],
    duties: Sequence[ObligationState],
    url_for: UrlFor,
    editions: Sequence[model.Edition] = (),
) -> tuple[CalendarEvent, ...]:
    events = []
    for state in sorted(states, key=lambda s: (s.due or dt.date.max, s.section.id)):
        if state.due is None:
            continue
        section = state.section
        url = url_for(manual_page(section.id))
        events.append(
            CalendarEvent(
                f"review-{section.id}-{state.due.isoformat()}@{manual.id}",
                display_text(f"Review due: {section.number} {section.title}"),
                state.due,
                f"Status as of the last build: {state.status}.",
                # A calendar needs a full address; a site without site_url has none.
                url if "://" in url else None,
            )
        )
    for duty in sorted(duties, key=lambda d: (d.next_due or dt.date.max, d.obligation.id)):
        obligation = duty.obligation
        if duty.next_due is None or obligation.measured_by is not None:
            continue
        url = url_for(_clause_page(manual, obligation))
        period = obligation.schedule.repeats.period
        yearly = obligation.schedule.by is not None and period is not None and period.years
        events.append(
            CalendarEvent(
                f"duty-{obligation.id}-{duty.next_due.isoformat()}@{manual.id}",
                display_text(f"Due: {obligation.title}"),
                duty.next_due,
                display_text(duty.note),
                url if "://" in url else None,
                period.years if yearly and period is not None else None,
            )
        )
    for edition in editions:
        approved = f"Approved by {edition.approved_by} on {edition.approved_on.isoformat()}."
        events.append(
            CalendarEvent(
                f"edition-{edition.id}@{manual.id}",
                display_text(f"Edition {edition.id} in force"),
                edition.in_force_from,
                display_text(approved),
                edition.record,
            )
        )
    return tuple(events)


@functools.lru_cache(maxsize=4)
def _ics(name: str, events: tuple[CalendarEvent, ...], stamp: dt.datetime) -> bytes:
    """The calendar's text, from what it is made of alone: a live preview, which builds
    again at every edit, writes it again only when one of its events changed (the
    calendar library takes longer to write 200 events than sopkit takes to check the
    sources)."""
    calendar = Calendar()
    calendar.add("prodid", "-//sopkit//Review calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for found in events:
        event = Event()
        event.add("uid", found.uid)
        event.add("dtstamp", stamp)
        event.add("summary", found.summary)
        event.add("dtstart", found.day)
        event.add("dtend", found.day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("description", found.description)
        if found.url is not None:
            event.add("url", found.url)
        if found.yearly is not None:
            event.add("rrule", vRecur(freq="YEARLY", interval=found.yearly))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _clause_page(manual: model.Manual, obligation: model.Obligation) -> str:
    """The policy clause a duty comes from: its page, and the clause's anchor."""
    return f"{policy_page(manual.policy.id)}#{obligation.clause.id}"
