"""What every page carries: the marks that tell the officers' edition from the public
one (a line under the heading, a badge in the header) and the feed it links. Kept apart
from the site's renderer, which costs much more to import than a build that finds its
pages in the cache costs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopkit.render.imprint import RESTRICTED, edition_name
from sopkit.render.text import html_text
from sopkit.sources.textrules import display_text

if TYPE_CHECKING:
    from sopkit import model
    from sopkit.editions.select import Edition


def edition_mark(edition: Edition, manual: model.Manual | None) -> str:
    """Which edition a page belongs to, as one line of HTML for the top of every page:
    a reader, and anyone a page is forwarded to, can tell the officers' copy from the
    public one (the PDFs say the same: sopkit.render.imprint)."""
    if edition == "public":
        return '<p class="sopkit-edition sopkit-edition--public" data-search-exclude>' + (
            f"{html_text(edition_name(edition, manual))}</p>\n"
        )
    label = html_text(edition_name(edition, manual))
    return (
        '<p class="sopkit-edition sopkit-edition--internal" data-search-exclude>'
        f'<span class="sopkit-edition__name">{label}</span> — {RESTRICTED}</p>\n'
    )


def header_badge(edition: Edition, manual: model.Manual | None) -> str:
    """The officers' edition's name for the site's header, on every page, where a reader
    sees it before anything else; the public edition has none."""
    if edition == "public":
        return ""
    label = html_text(edition_name(edition, manual))
    return f'<span class="sopkit-header-edition">{label}</span>'


_HEADER_TITLE = '<div class="md-header__title" data-md-component="header-title">'
_DIV = re.compile(r"<(/?)div\b", re.I)


def with_header_badge(page_html: str, badge: str) -> str:
    """A whole page with `badge` in the theme's header, after the site's title (the page
    unchanged when it has no such header, as under another theme)."""
    start = page_html.find(_HEADER_TITLE)
    if not badge or start < 0:
        return page_html
    depth = 0
    for tag in _DIV.finditer(page_html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = page_html.index(">", tag.end()) + 1
            return page_html[:end] + badge + page_html[end:]
    return page_html


def with_edition_mark(html: str, mark: str) -> str:
    """A page's HTML with the edition line under its heading (before it, the line would
    start a search section of its own and take the page's place in the results)."""
    end = html.find("</h1>")
    if end < 0:
        return mark + html
    end += len("</h1>")
    return html[:end] + "\n" + mark + html[end:]


FEED_PATH = "changes.atom"
"""Where the feed of changes is, among the site's files (every page links it)."""


def feed_title(manual: model.Manual) -> str:
    return display_text(f"{manual.short_title or manual.title}: changes by edition")


__all__ = [
    "FEED_PATH",
    "edition_mark",
    "feed_title",
    "header_badge",
    "with_edition_mark",
    "with_header_badge",
]
