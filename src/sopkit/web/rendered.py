"""What rendering produces: pages, each with its address and source, and navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopkit.diagnostics import Location

if TYPE_CHECKING:
    from sopkit.status.obligations import ObligationState
    from sopkit.status.reviews import ReviewState


@dataclass(frozen=True)
class RenderedPage:
    """One generated page."""

    path: str
    """Where the page sits among the site's pages, e.g. sop/student-interviews.md."""
    title: str
    """The page title, as plain text."""
    markdown: str
    source: Location
    """The source file (and line) the page is made from: its "edit this page" target."""
    kind: str
    """policy, manual, chapter, section, glossary, ... : what the page shows."""
    in_nav: bool = True
    """Whether the page has its own entry in the navigation. Pages without one (each
    version of a policy, each comparison) are reached through the pages that link them."""


@dataclass(frozen=True)
class NavEntry:
    """An entry of the generated navigation: a page, or a group of entries."""

    title: str
    path: str | None = None
    children: tuple[NavEntry, ...] = ()
    slot: str = ""
    """For a top-level entry: the placeholder of mkdocs.yml's nav that places it
    (`sopkit: policies`, `manual`, `reference`, `keeping-current`)."""


NAV_SLOTS = ("policies", "manual", "reference", "keeping-current")
"""The groups of generated pages that mkdocs.yml's nav can place, in their default order."""


@dataclass(frozen=True)
class RenderedSite:
    pages: tuple[RenderedPage, ...]
    nav: tuple[NavEntry, ...]
    """Top-level navigation entries for the generated pages, in reading order."""
    cited: tuple[str, ...] = ()
    """The normal form of every authority listed on the Authorities page."""
    reviews: tuple[ReviewState, ...] = ()
    """The review state of every published section (empty when review status is hidden)."""
    duties: tuple[ObligationState, ...] = ()
    start_here: str = ""
    """The home page's part from the sources (Markdown, with links from the home page)."""
