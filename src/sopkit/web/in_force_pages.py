"""What every page of a point-in-time build says at its top: which edition it shows,
as in force on which day, and which edition is current (sopkit.editions.in_force)."""

from __future__ import annotations

import dataclasses
import re

from sopkit.editions.in_force import InForce
from sopkit.web.rendered import RenderedPage


def in_force_banner(in_force: InForce) -> str:
    """The banner, as Markdown: a box a reader cannot miss, kept out of search (every
    page has the same one)."""
    kind = "info" if in_force.edition.id == in_force.current.id else "warning"
    title = (
        "The current edition"
        if kind == "info"
        else f"Edition {in_force.edition.id}: not the current edition"
    )
    return (
        '<div class="sopkit-in-force" data-search-exclude markdown>\n\n'
        f'!!! {kind} "{title}"\n\n'
        f"    {in_force.banner}\n\n"
        "</div>\n\n"
    )


def with_in_force_banner(markdown: str, in_force: InForce) -> str:
    """The page with the banner at its top: under its title (its first `# ` heading),
    else after its front matter."""
    return with_banner(markdown, in_force_banner(in_force))


def with_banner(markdown: str, banner: str) -> str:
    """The page with `banner` (in_force_banner's) at its top."""
    at = _top(markdown)
    return markdown[:at] + banner + markdown[at:]


def without_in_force_banner(markdown: str, in_force: InForce) -> str:
    """The page as it is without the banner (what a test compares)."""
    banner = in_force_banner(in_force)
    at = markdown.find(banner)
    return markdown if at < 0 else markdown[:at] + markdown[at + len(banner) :]


def _top(markdown: str) -> int:
    """Where the banner goes: after the title's line and the blank line under it."""
    title = re.search(r"^# .*\n\n?", markdown, re.MULTILINE)
    if title is not None:
        return title.end()
    matter = re.match(r"---\n.*?\n---\n\n?", markdown, re.DOTALL)
    return matter.end() if matter is not None else 0


def pages_with_banner(
    pages: tuple[RenderedPage, ...], in_force: InForce
) -> tuple[RenderedPage, ...]:
    return tuple(
        dataclasses.replace(page, markdown=with_in_force_banner(page.markdown, in_force))
        for page in pages
    )


__all__ = ["in_force_banner", "pages_with_banner", "with_in_force_banner"]
