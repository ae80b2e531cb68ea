"""Linking the citations in a rendered HTML page to the law they cite.

Works on HTML, after Markdown has been converted, so it treats generated pages and
hand-written pages alike. Only text between tags is rewritten: never a tag, never text
inside a link, code, preformatted block, heading, script or style. So the page stays
well formed and nothing is linked twice. Entities are decoded before citations are
looked for and the text is escaped again when it is written back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import NamedTuple

from sopkit.law.citations import Citation, find_citations
from sopkit.law.jurisdictions import CodeGrammar

# Where a citation is left as it is: inside these elements.
SKIPPED = frozenset(
    {
        "a",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "textarea",
        "title",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "button",
        "select",
        "option",
        "svg",
    }
)
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>", re.S
)
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
"""The elements HTML writes with no end tag."""


class Target(NamedTuple):
    """Where a citation's link goes, and the title shown when hovering over it."""

    url: str
    title: str


Resolve = Callable[[Citation], Target | None]


def link_citations(page: str, resolve: Resolve, grammar: CodeGrammar | None = None) -> str:
    """`page` with every citation in its text linked, where `resolve` knows a target."""
    out: list[str] = []
    depth = 0  # how many skipped elements are open around the current position
    open_skipped: list[str] = []
    position = 0
    for token in _TOKEN.finditer(page):
        text = page[position : token.start()]
        out.append(_link_text(text, resolve, grammar) if depth == 0 and text.strip() else text)
        out.append(token.group(0))
        position = token.end()
        closing, name, self_closing = token.group(1), (token.group(2) or "").lower(), token.group(3)
        if not name or name not in SKIPPED or name in VOID_ELEMENTS or self_closing:
            continue
        if closing:
            if name in open_skipped:
                # Close it, and anything left open inside it.
                while open_skipped and open_skipped.pop() != name:
                    pass
                depth = len(open_skipped)
        else:
            open_skipped.append(name)
            depth = len(open_skipped)
    tail = page[position:]
    out.append(_link_text(tail, resolve, grammar) if depth == 0 and tail.strip() else tail)
    return "".join(out)


def _link_text(raw: str, resolve: Resolve, grammar: CodeGrammar | None) -> str:
    text = html.unescape(raw)
    citations = [
        (c, target) for c in find_citations(text, grammar) if (target := resolve(c)) is not None
    ]
    if not citations:
        return raw
    pieces: list[str] = []
    last = 0
    for citation, target in citations:
        pieces.append(html.escape(text[last : citation.start], quote=False))
        pieces.append(
            f'<a class="sopkit-citation" href="{html.escape(target.url)}" '
            f'title="{html.escape(target.title)}">{html.escape(citation.text, quote=False)}</a>'
        )
        last = citation.end
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces)
