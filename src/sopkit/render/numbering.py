"""The numbers a policy's text is cited by, printed as text: never re-lettered.

A statute quoted in a policy numbers its parts itself: "(a)" then "1." then "(1)". In
Markdown those are a bulleted list whose items start "(a)", and numbered lists. Left to
the browser, the bullets show as "• (a)" and a numbered list inside another is lettered
"a. b." by the theme, so the page no longer shows the numbers a reader cites. This
Python-Markdown extension gives every such list its source's numbers as text: an `<ol>`
(it is an ordered list) without list markers, each item starting with a marker span.

It also prints the number sopkit gives a clause ("5." for an item, "¶ 2" for a
paragraph): an element with a `data-sopkit-marker` attribute gets that marker; and its
permanent link: an element with an id and a `data-sopkit-link` attribute (the link's
name) gets a "#" link to itself at the end of its first paragraph, as a heading does.

On the website it works only inside the policy's clauses and definitions (the classes in
`SCOPES`), so the manual's own numbered steps keep their lists; for the policy's printed
text it is switched on for the whole fragment (`everywhere`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

MARKER_ATTRIBUTE = "data-sopkit-marker"
"""Set by a template on a clause: the number to print beside it."""
LINK_ATTRIBUTE = "data-sopkit-link"
"""Set by a template on a clause with an id: the name of its permanent link."""
LINK_CLASS = "sopkit-clause-link"
MARKER_CLASS = "sopkit-marker"
BODY_CLASS = "sopkit-marked-body"
MARKED_CLASS = "sopkit-has-marker"
"""Every element given a marker: its marker and its body side by side."""
MARKED_LIST_CLASS = "sopkit-marked"
SCOPES = frozenset({"sopkit-clause", "sopkit-definition", "sopkit-source-text"})
"""On the website, lists are numbered from their source only inside these."""

_SOURCE_MARKER = re.compile(r"[ \t]*(\((?:[0-9]{1,3}|[a-z]{1,4}|[A-Z]{1,2})\))(?:[ \t\n]+|$)")
"""An item's own number at its start: (a), (1), (iv), (B)."""


class SourceNumbering(Treeprocessor):
    def __init__(self, md: Markdown, *, everywhere: bool, marker: str | None) -> None:
        super().__init__(md)
        self.everywhere = everywhere
        self.marker = marker

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            marker = element.attrib.pop(MARKER_ATTRIBUTE, None)
            if marker:
                put_marker(element, marker)
            name = element.attrib.pop(LINK_ATTRIBUTE, None)
            if name and element.get("id"):
                put_permalink(element, name)
        if self.marker:
            put_marker(root, self.marker, mark=False)
        for scope in self._scopes(root):
            for found in [e for e in scope.iter() if e.tag in ("ul", "ol")]:
                number_list(found)

    def _scopes(self, root: etree.Element) -> list[etree.Element]:
        if self.everywhere:
            return [root]
        return [e for e in root.iter() if SCOPES & set(e.get("class", "").split())]


def number_list(found: etree.Element) -> None:
    """A list with its source's numbers as text, if it has them: a numbered list, or a
    bulleted one whose every item starts with its own number. Other lists stay."""
    if MARKED_LIST_CLASS in found.get("class", "").split():
        return
    items = [child for child in found if child.tag == "li"]
    if not items:
        return
    if found.tag == "ol":
        start = int(found.get("start", "1") or "1")
        markers = [f"{start + i}." for i in range(len(items))]
    else:
        matches = [_SOURCE_MARKER.match(_leading_text(item)[1] or "") for item in items]
        if not all(matches):
            return
        markers = [match.group(1) for match in matches if match]
        for item, match in zip(items, matches, strict=True):
            holder, text = _leading_text(item)
            holder.text = (text or "")[match.end() :] if match else text
    found.tag = "ol"
    found.attrib.pop("start", None)
    found.set("class", " ".join([*found.get("class", "").split(), MARKED_LIST_CLASS]))
    # Without list markers, some screen readers stop announcing a list: say it is one.
    found.set("role", "list")
    for item, marker in zip(items, markers, strict=True):
        put_marker(item, marker)


def put_marker(element: etree.Element, marker: str, *, mark: bool = True) -> None:
    """`marker` as a span at the start of `element`, and everything `element` held in a
    body beside it: the marker hangs in a margin of its own and the body's lines stay
    clear of it (the layout is the stylesheets'). Both stay in reading order, so a
    screen reader, a search index and the text of a PDF read "(a) A sworn officer"."""
    body = etree.Element("div", {"class": BODY_CLASS})
    body.text = element.text
    for child in list(element):
        element.remove(child)
        body.append(child)
    span = etree.Element("span", {"class": MARKER_CLASS})
    span.text = marker
    span.tail = " "
    element.text = None
    element.insert(0, span)
    element.insert(1, body)
    if mark:  # (not the document itself, which Python-Markdown writes without its tag)
        element.set("class", " ".join([*element.get("class", "").split(), MARKED_CLASS]))


def put_permalink(element: etree.Element, name: str) -> None:
    """A link to `element` at the end of its first paragraph, named `name`; kept out of
    the search index (it is not what the clause says)."""
    holder = element
    if len(holder) > 1 and BODY_CLASS in holder[1].get("class", ""):
        holder = holder[1]  # the body beside the element's marker
    if not (holder.text or "").strip() and len(holder) and holder[0].tag == "p":
        holder = holder[0]
    link = etree.Element(
        "a",
        {
            "class": LINK_CLASS,
            "href": "#" + element.get("id", ""),
            "aria-label": name,
            "title": name,
            "data-search-exclude": "",
        },
    )
    link.text = "#"
    if holder.tag == "p" or not len(holder):
        holder.append(link)
    else:  # the clause starts with a list: the link goes before it
        link.tail = holder.text
        holder.text = None
        holder.insert(0, link)


def _leading_text(item: etree.Element) -> tuple[etree.Element, str | None]:
    """Where an item's first words are: its own text, or its first paragraph's."""
    if not (item.text or "").strip() and len(item) and item[0].tag == "p":
        return item[0], item[0].text
    return item, item.text


class SourceNumberingExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "everywhere": [False, "Number every list, not only those in policy clauses."],
            "marker": ["", "A marker for the fragment itself (a clause printed alone)."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        processor = SourceNumbering(
            md,
            everywhere=bool(self.getConfig("everywhere")),
            marker=str(self.getConfig("marker")) or None,
        )
        # After inline Markdown (priority 20), so an item's first words are final text.
        md.treeprocessors.register(processor, "sopkit_source_numbering", 15)


def makeExtension(**kwargs: Any) -> SourceNumberingExtension:
    """What Python-Markdown calls when the extension is named "sopkit.render.numbering"."""
    return SourceNumberingExtension(**kwargs)
