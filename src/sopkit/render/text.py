"""Putting source text into generated Markdown safely.

Two kinds of text come from sources. *Prose* (bodies, steps, clause text) is Markdown
that `sopkit check` has vetted, and goes into pages as Markdown. *Plain text* (titles,
names, summaries) must appear exactly as written: it is escaped so that neither HTML
(`</title><script>`) nor Markdown (`*`, `[`, `{`) in it can take effect, and invisible
characters that change how text displays (right-to-left overrides) are dropped.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Mapping, Sequence

from sopkit.sources.textrules import display_text

# Characters that mean something anywhere in Markdown or its extensions (emphasis, links,
# attr_list braces, table pipes, strike and caret marks). Numeric entities are shown
# literally in every context.
_ANYWHERE = frozenset("\\`*_[]{}|~^!")
# What makes a line a heading, quote, list item or definition when it starts it.
_LINE_START = re.compile(r"#|>|[-+=:](?=\s|$)|\d+[.)](?=\s|$)")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text, on one line."""
    flat = " ".join(display_text(text).split())
    start = _LINE_START.match(flat)
    out = []
    for index, char in enumerate(flat):
        if char in "&<>\"'":
            out.append(html.escape(char))
        elif char in _ANYWHERE or (start is not None and index == 0):
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def html_text(text: str) -> str:
    """Plain text for a place that MkDocs themes print as raw HTML (titles, metadata)."""
    return html.escape(" ".join(display_text(text).split()), quote=True)


def front_matter(meta: Mapping[str, str | Sequence[str] | Mapping[str, object]]) -> str:
    """A YAML front matter block. Text values, alone or in a list, are HTML-escaped plain
    text: themes print page metadata without escaping it, so it must arrive already safe.
    A mapping value (such as `search: {exclude: true}`) holds settings, not text, and is
    written as is."""

    def written(value: str | Sequence[str] | Mapping[str, object]) -> object:
        if isinstance(value, Mapping):
            return value
        if isinstance(value, str):
            return html_text(value)
        return [html_text(item) for item in value]

    lines = [
        f"{key}: " + json.dumps(written(value), ensure_ascii=False) for key, value in meta.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


@functools.lru_cache(maxsize=65536)
def relative_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one generated page to another (paths relative to the docs folder)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    if to_page == from_page:
        target = ""
    return f"{target}#{anchor}" if anchor else target
