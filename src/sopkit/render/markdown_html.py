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


@functools.lru_cache(maxsize=4096)
def markdown_html(
    text: str, *, top_heading: int = 1, numbering: bool = False, marker: str | None = None
) -> Markup:
    """`text` as HTML, its headings moved so that the highest written is `top_heading`.
    Policy text (`numbering`) prints its lists' own numbers, and `marker` (a clause's
    number, "5.") at its start: see sopkit.render.numbering.

    Kept for the process (the same text, the same HTML): a build prints a section in its
    own PDF, its chapter's and the manual, and a clause in every version's."""
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
    return Markup(sanitize_html(html))


@functools.cache
def _plain_converter() -> markdown.Markdown:
    """One converter for the process: making one loads every extension again (a third
    of a short text's time), and `reset()` leaves nothing of the text before."""
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
