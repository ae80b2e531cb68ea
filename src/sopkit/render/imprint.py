"""What every copy of one build says about itself: which edition it is, and of when.

A page, a printed page and a PDF can each end up far from the site: forwarded,
photocopied, left on a desk. Each carries the same imprint, worded once here, so that the
site and its PDFs never disagree:

- the edition, "Officers' edition — not for public release" or "Public edition";
- two dates, each named for what it means: the day the text is as of (the sources'
  date, SOURCE_DATE_EPOCH, which `make build` sets to the last commit's time) and the day
  review status is worked out for (the as-of day). When they are the same day, one date.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopkit.sources.textrules import DEFAULT_TIME_ZONE, long_date, time_zone_problem

if TYPE_CHECKING:
    from sopkit import model
    from sopkit.editions.select import Edition

RESTRICTED = "not for public release"
PUBLIC_NAME = "Public edition"


@dataclass(frozen=True, kw_only=True)
class Imprint:
    edition: Edition
    name: str
    """The edition's name, as a heading would show it: "Officers' edition"."""
    text_day: dt.date
    """The day the text is as of: the sources' date, in the manual's time zone."""
    review_day: dt.date | None
    """The day review status is worked out for; None when review status is not shown."""
    in_force: str = ""
    """In a point-in-time build, which edition this is, as in force on which day (see
    sopkit.editions.in_force); else empty."""

    @property
    def restricted(self) -> bool:
        return self.edition == "internal"

    @property
    def label(self) -> str:
        """ "Officers' edition — not for public release", or "Public edition"."""
        return f"{self.name} — {RESTRICTED}" if self.restricted else self.name

    @property
    def dates(self) -> str:
        """ "Text as of 29 November 2026 · review status as of 1 December 2026"."""
        if self.review_day is None:
            return f"Text as of {long_date(self.text_day)}"
        if self.review_day == self.text_day:
            return f"Text and review status as of {long_date(self.text_day)}"
        return (
            f"Text as of {long_date(self.text_day)} · "
            f"review status as of {long_date(self.review_day)}"
        )


def imprint_of(
    edition: Edition,
    manual: model.Manual | None,
    *,
    generated: dt.datetime,
    review_day: dt.date | None,
    in_force: str = "",
) -> Imprint:
    """The imprint of a build of `edition`, made at `generated` (see
    sopkit.status.asof.generation_time), showing review status as of `review_day`."""
    return Imprint(
        edition=edition,
        name=edition_name(edition, manual),
        text_day=generated.astimezone(_zone(manual)).date(),
        review_day=review_day,
        in_force=in_force,
    )


def edition_name(edition: Edition, manual: model.Manual | None) -> str:
    """ "Public edition", or the manual's name for the edition with everything, as a
    heading shows it: "Officers' edition" (`internal_edition` in manual.yml)."""
    if edition == "public":
        return PUBLIC_NAME
    internal = manual.internal_edition if manual is not None else "internal edition"
    return internal[:1].upper() + internal[1:]


def file_mark(edition: Edition, manual: model.Manual | None) -> str:
    """What the officers' PDFs add to their names, so that a downloaded copy says which
    edition it is: "-officers-edition". The public PDFs keep their plain names, which
    links and bookmarks made before the officers' files were marked still reach."""
    if edition == "public":
        return ""
    words = re.sub(r"[^a-z0-9]+", "-", edition_name(edition, manual).lower().replace("'", ""))
    return "-" + (words.strip("-")[:40].strip("-") or "internal")


def _zone(manual: model.Manual | None) -> zoneinfo.ZoneInfo:
    """The manual's time zone (a wrong one is reported by the check of the sources)."""
    name = manual.time_zone if manual is not None else DEFAULT_TIME_ZONE
    return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE if time_zone_problem(name) else name)
