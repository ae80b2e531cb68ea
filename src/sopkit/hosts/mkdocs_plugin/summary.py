"""What the plugin's hooks read of a build, as plain data.

The build cache keeps it beside the build's whole result (sopkit.hosts.cache), so that
a rebuild of unchanged sources reads this alone: reading the whole result needs the
classes of the sources' model, the citation grammar and the views (importing them and
unpickling the result cost about as much as all the rest of sopkit's part of such a
rebuild). The whole result is read only when something needs it: a page that is not in
the cache, a feed, a PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sopkit.diagnostics import Diagnostic
from sopkit.web.rendered import NavEntry, RenderedPage

if TYPE_CHECKING:
    from sopkit.built import Build


@dataclass(frozen=True)
class BuildSummary:
    edition: str
    as_of: dt.date
    diagnostics: tuple[Diagnostic, ...]
    status: tuple[Diagnostic, ...]
    sources: int
    """How many source files the build read."""
    time_zone: str
    """The time zone the build's day is taken in (sopkit.built.time_zone_of)."""
    rendered: bool = False
    """Whether the build made pages (no errors in the sources)."""
    pages: tuple[RenderedPage, ...] = ()
    nav: tuple[NavEntry, ...] = ()
    cited: frozenset[str] = frozenset()
    """Authorities that have an entry on the site's Authorities page."""
    reviews: bool = False
    """Whether the site shows review status (and has the review page's script)."""
    start_here: str = ""
    hidden: dict[str, str] = field(default_factory=dict)
    """In the public edition: the pages it leaves out, which nothing may link to."""
    marks: tuple[str, str] = ("", "")
    """The edition line under every page's heading, and the header's badge."""
    in_force_banner: str = ""
    """In a point-in-time build: the banner at the top of every hand-written page."""
    feed_title: str = ""
    """The title of the change feed every page links to ("" without a manual)."""


def summary_of(done: Build) -> BuildSummary:
    """The summary of a build's result."""
    # Imported here: a build that reads its summary from the cache needs none of them.
    from sopkit.built import time_zone_of
    from sopkit.editions.select import hidden_pages
    from sopkit.web.marks import edition_mark, feed_title, header_badge

    manual = done.project.manual
    site = done.site
    banner = ""
    if done.in_force is not None:
        from sopkit.web.in_force_pages import in_force_banner

        banner = in_force_banner(done.in_force)
    return BuildSummary(
        edition=done.edition,
        as_of=done.as_of,
        diagnostics=done.diagnostics,
        status=done.status,
        sources=len(done.project.files),
        time_zone=time_zone_of(done),
        rendered=site is not None,
        pages=site.pages if site is not None else (),
        nav=site.nav if site is not None else (),
        cited=frozenset(site.cited) if site is not None else frozenset(),
        reviews=bool(site.reviews) if site is not None else False,
        start_here=site.start_here if site is not None else "",
        hidden=hidden_pages(done.project) if done.edition == "public" else {},
        marks=(edition_mark(done.edition, manual), header_badge(done.edition, manual)),
        in_force_banner=banner,
        feed_title=feed_title(manual) if manual is not None else "",
    )
