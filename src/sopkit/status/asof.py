"""Which day counts as today.

The core never reads the clock: every date-dependent rule takes an `as_of` date. The
command line and the MkDocs plugin decide it here, from (in order) an explicit value,
the `SOPKIT_AS_OF` environment variable, or today's date in the manual's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Mapping

from sopkit.sources.basics import EARLIEST_YEAR, LATEST_YEAR
from sopkit.sources.textrules import DEFAULT_TIME_ZONE, time_zone_problem

ENVIRONMENT_VARIABLE = "SOPKIT_AS_OF"


class AsOfError(ValueError):
    """The as-of date given is not a date."""


def parse_as_of(text: str, source: str) -> dt.date:
    """Parse YYYY-MM-DD, naming where the value came from when it is wrong."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    try:
        if match is None:
            raise ValueError
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise AsOfError(
            f"{source}: '{text}' is not a date; write a real day as YYYY-MM-DD, e.g. 2026-12-01"
        ) from None
    return checked_as_of(day, source)


def checked_as_of(day: dt.date, source: str) -> dt.date:
    """`day`, if it is within the years sopkit's date arithmetic accepts."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise AsOfError(
            f"{source}: {day.isoformat()} is out of range; as-of dates must fall between "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}"
        )
    return day


def resolve_as_of(
    explicit: str | dt.date | None,
    *,
    environ: Mapping[str, str] | None = None,
    time_zone: str = DEFAULT_TIME_ZONE,
    now: dt.datetime | None = None,
) -> dt.date:
    """The as-of date: explicit value, else SOPKIT_AS_OF, else today in `time_zone`."""
    if isinstance(explicit, dt.date):
        return checked_as_of(explicit, "as_of")
    if explicit:
        return parse_as_of(explicit, "--as-of")
    env = os.environ if environ is None else environ
    if env.get(ENVIRONMENT_VARIABLE):
        return parse_as_of(env[ENVIRONMENT_VARIABLE], ENVIRONMENT_VARIABLE)
    # A zone the manual names wrongly is reported, located, by the check of the sources;
    # until it is fixed, today is taken in the default zone.
    zone = zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE if time_zone_problem(time_zone) else time_zone)
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(zone).date()


def as_of_for(
    project_time_zone: str | None,
    explicit: str | dt.date | None = None,
    time_zone_override: str | None = None,
) -> dt.date:
    """The as-of date for a loaded project: hosts call this after loading, because
    'today' is taken in the manual's time zone unless they say otherwise."""
    zone = time_zone_override or project_time_zone or DEFAULT_TIME_ZONE
    return resolve_as_of(explicit, time_zone=zone)


def generation_time(
    as_of: dt.date, environ: Mapping[str, str] | None = None, *, time_zone: str = "UTC"
) -> dt.datetime:
    """When documents are made, as reproducible builds define it: SOURCE_DATE_EPOCH
    (seconds since 1970, UTC) when it is set, else midnight of the as-of day in
    `time_zone` (the manual's: midnight UTC is the evening before in America, and the
    documents would say their text is a day older than it is). Never the clock, so the
    same sources make the same files."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit():
            raise ValueError(
                f"SOURCE_DATE_EPOCH is '{epoch}'; it must be a number of seconds since "
                "1970-01-01 UTC, such as the date of the last commit: git log -1 --format=%ct"
            )
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    zone = dt.UTC if time_zone_problem(time_zone) else zoneinfo.ZoneInfo(time_zone)
    return dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=zone).astimezone(dt.UTC)
