"""The last line of defence: HTML made from sources keeps only what pages need.

`sopkit check` refuses raw HTML, scripts and unsafe links in sources, and templates
escape every value; this filter (nh3, the Rust `ammonia` sanitizer) is there for the day
one of those has a gap. It runs on every page made from the sources and on the HTML of
every printed document. The allow-list is what sopkit's own pages use: headings keep
their ids, admonitions and sopkit's boxes their classes, review boxes their data-sopkit-
attributes, redlines their <del>, <ins> and hidden labels, footnotes their <sup>; links
may go to http, https and mailto addresses, and to relative ones. Everything else (script
and style elements with their content, event handlers, inline styles other than table
alignment, other schemes) is removed, and so are invisible characters that change how
text displays (right-to-left overrides).
"""

from __future__ import annotations

import nh3

from sopkit.sources.textrules import display_text

TAGS = frozenset(
    {
        "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "code", "col",
        "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "nav", "ol", "p", "pre", "s", "section", "small", "span", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    # data-search-exclude keeps a block (a page's facts box, banners) out of the search
    # index, which should hold what the page says, not its metadata.
    "*": {
        "class",
        "id",
        "title",
        "lang",
        "aria-label",
        "aria-hidden",
        "role",
        "data-search-exclude",
    },
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"scope", "colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str) -> str:
    """`html` with everything outside the allow-list removed."""
    return nh3.clean(
        display_text(html),
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        generic_attribute_prefixes={"data-sopkit-"},
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )
