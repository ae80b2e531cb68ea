"""What a build was asked and what it found and made: the pipeline's result, which the
MkDocs plugin keeps between builds (sopkit.hosts.cache).

Kept apart from the pipeline so that a build whose result is in the cache reads it
without importing the pipeline's checks and renderers, which cost more to import than
such a build costs in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sopkit.render.imprint import Imprint, imprint_of
from sopkit.sources.textrules import DEFAULT_TIME_ZONE
from sopkit.status.asof import generation_time

if TYPE_CHECKING:
    from sopkit.diagnostics import Diagnostic
    from sopkit.editions.in_force import InForce
    from sopkit.editions.select import Edition
    from sopkit.model import Project
    from sopkit.sources.project import EarlierEdition
    from sopkit.views import Views
    from sopkit.web.rendered import RenderedSite


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    """What a host asks of a build: the same options, whichever host asks."""

    as_of: dt.date
    """The day that counts as today."""
    edition: Edition = "internal"
    templates: Path | None = None
    """A folder of templates that replace the packaged ones of the same name."""
    public_review_status: bool = True
    """Show review status in the public edition too (it is always shown in the
    officers' edition)."""
    render: bool = True
    """Render the site's pages (a check, a review report or the PDFs alone need not)."""
    pdf: bool = False
    """The site has PDFs: its pages link them."""
    pdf_sections: bool = True
    """A PDF of each chapter and section, not only of the whole manual."""
    in_force_on: dt.date | None = None
    """Build the manual as in force on this day: the edition in force then, from its
    sources as they were (sopkit.editions.in_force), review status as of that day."""
    as_of_edition: str | None = None
    """Build the manual as of this edition (its id), review status as of the day it
    came into force."""

    @property
    def show_review_status(self) -> bool:
        return self.edition == "internal" or self.public_review_status


@dataclass(frozen=True)
class Build:
    """What a build found and made."""

    project: Project
    """The whole project, checked, before edition selection."""
    diagnostics: tuple[Diagnostic, ...]
    """The problems of the sources, the edition's own ones included."""
    options: BuildOptions
    status: tuple[Diagnostic, ...] = ()
    """Overdue and due-soon reviews and duties (of every section, published or not)."""
    published: Project | None = None
    """What the edition shows: the project after edition selection (None on errors)."""
    views: Views | None = None
    """The facts both the pages and the printed documents show, derived once."""
    site: RenderedSite | None = None
    """The rendered pages, when they were asked for and the sources have no errors."""
    history: tuple[EarlierEdition, ...] = ()
    """The manual's earlier editions that this clone holds, oldest first, each as this
    build's edition may show it (restricted content removed from the public edition);
    empty on errors."""
    in_force: InForce | None = None
    """In a point-in-time build: the edition it shows, and what its pages say of it."""

    @property
    def ok(self) -> bool:
        """True when the sources have no errors (the build made what it was asked)."""
        return self.views is not None

    @property
    def as_of(self) -> dt.date:
        return self.options.as_of

    @property
    def edition(self) -> Edition:
        return self.options.edition


def build_time(done: Build, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """When a build's outputs are made (SOURCE_DATE_EPOCH, else the start of the as-of
    day in the manual's time zone): what feeds, pages and PDFs date themselves by.
    Raises ValueError when SOURCE_DATE_EPOCH is not a number."""
    return generation_time(done.as_of, environ, time_zone=time_zone_of(done))


def time_zone_of(done: Build) -> str:
    """The time zone a build's day is taken in: the manual's."""
    manual = done.project.manual
    return manual.time_zone if manual is not None else DEFAULT_TIME_ZONE


def imprint(done: Build, generated: dt.datetime) -> Imprint:
    """What every page and PDF of a build says of itself: its edition, and what its
    dates are. The PDFs derive the same from the same options (sopkit.pdf.documents)."""
    options = done.options
    return imprint_of(
        options.edition,
        done.project.manual,
        generated=generated,
        review_day=options.as_of if options.show_review_status else None,
        in_force=done.in_force.banner if done.in_force is not None else "",
    )


__all__ = ["Build", "BuildOptions", "build_time", "imprint", "time_zone_of"]
