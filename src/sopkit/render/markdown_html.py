"""Source Markdown as HTML, for documents that are not built by MkDocs (the PDFs).

The Markdown of the sources is the Markdown that `sopkit check` vetted: no raw HTML, no
images, no scripts. It is converted with the same Python-Markdown extensions the website
uses, so a section reads the same in print as on screen, and passes through the same
sanitizer. Headings move down to fit the document they are put in: a section's
"## Who must be told" is an h4 inside a chapter.
"""

from __future__ import annotations

import functools
import re

import markdown
from markdown.extensions import Extension
from markupsafe import Markup

from sopkit.render.numbering import SourceNumberingExtension
from sopkit.render.sanitize import sanitize_html

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
]

_HEADING = re.compile(r"<(/?)h([1-6])\b")


Key = tuple[str, int, bool, str | None]
"""What a conversion is of: the text, its top heading, and its numbering and marker."""

_CONVERTED: dict[Key, str] = {}
"""Every conversion of the process (or given it by `add_conversions`), by its key."""
_USED: set[Key] = set()
"""The keys `markdown_html` was asked for since `used_conversions` was last called."""
_MOST = 50_000
"""More conversions than this and the oldest half are forgotten (a long preview)."""


def markdown_html(
    text: str, *, top_heading: int = 1, numbering: bool = False, marker: str | None = None
) -> Markup:
    """`text` as HTML, its headings moved so that the highest written is `top_heading`.
    Policy text (`numbering`) prints its lists' own numbers, and `marker` (a clause's
    number, "5.") at its start: see sopkit.render.numbering.

    Kept for the process (the same text, the same HTML): a build prints a section in its
    own PDF, its chapter's and the manual, and a clause in every version's; and a host
    may keep them between builds (`used_conversions`, `add_conversions`)."""
    key: Key = (text, top_heading, numbering, marker)
    _USED.add(key)
    html = _CONVERTED.get(key)
    if html is None:
        if len(_CONVERTED) >= _MOST:
            for old in list(_CONVERTED)[: _MOST // 2]:
                del _CONVERTED[old]
        html = _CONVERTED[key] = _convert(text, top_heading, numbering, marker)
    return Markup(html)


def used_conversions() -> dict[Key, str]:
    """The conversions asked for since the last call (what a build used), by key."""
    used = {key: _CONVERTED[key] for key in _USED if key in _CONVERTED}
    _USED.clear()
    return used


def add_conversions(kept: object) -> None:
    """Conversions kept by an earlier process of the same code and packages (the host
    names them by both); anything not shaped as `used_conversions` gives is ignored."""
    if not isinstance(kept, dict):
        return
    for key, html in kept.items():
        if (
            isinstance(html, str)
            and isinstance(key, tuple)
            and len(key) == 4
            and isinstance(key[0], str)
            and isinstance(key[1], int)
            and isinstance(key[2], bool)
            and (key[3] is None or isinstance(key[3], str))
        ):
            _CONVERTED.setdefault(key, html)


def _convert(text: str, top_heading: int, numbering: bool, marker: str | None) -> str:
    if numbering:
        extensions: list[str | Extension] = [
            *EXTENSIONS,
            SourceNumberingExtension(everywhere=True, marker=marker or ""),
        ]
        converter = markdown.Markdown(extensions=extensions, output_format="html")
    else:
        converter = _plain_converter()
    html = converter.reset().convert(text)
    levels = [int(level) for _, level in _HEADING.findall(html)]
    if levels:
        shift = top_heading - min(levels)
        html = _HEADING.sub(
            lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)) + shift, 1), 6)}", html
        )
    return sanitize_html(html)


@functools.cache
def _plain_converter() -> markdown.Markdown:
    """One converter for the process: making one loads every extension again (a third
    of a short text's time), and `reset()` leaves nothing of the text before."""
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
