"""What a page of the site carries for when it is printed from the browser.

Paper has no links: a printed "see Interviewing students" must say where that is. So
each link to a section, a chapter, the policy or one of its clauses carries the number
a reader would look up (`data-sopkit-cite="section 4.2"`), which the print stylesheet
writes after the link's text. And every page ends with its imprint: on screen, what its
dates are; on paper, also where it was printed from and which edition it is (the print
stylesheet repeats that on every sheet).
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable
from dataclasses import dataclass

from sopkit.render.imprint import Imprint
from sopkit.render.paths import manual_page, policy_page
from sopkit.render.text import html_text
from sopkit.views import Views


@dataclass(frozen=True)
class LinkCite:
    """What a printed link to a page (or a clause) says after its text."""

    cite: str
    """ "section 4.2", "the board policy, Roles and Expectations, item 5"."""
    number: str | None = None
    """Link text that starts with this number already says where it goes ("4.2
    Searches", "09.14: Purpose"): nothing is printed after it."""
    label: str | None = None
    """Link text that ends with this label names the clause already ("Roles and
    Expectations, item 5"): `short` is printed after it instead."""
    short: str | None = None

    def after(self, text: str) -> str | None:
        """What to print after a link whose text is `text`."""
        if self.number is not None:
            number = re.escape(self.number)
            if re.match(rf"(?:section\s+|chapter\s+|§\s*)?{number}(?![.\d]*\d)", text, re.I):
                return None
        if self.label is not None and text.endswith(self.label):
            return self.short
        return self.cite


def link_cites(views: Views) -> dict[str, LinkCite]:
    """What a link to each page (by its path among the site's pages) or clause
    ("policy/<id>/index.md#<clause>") prints after its text."""
    cites: dict[str, LinkCite] = {}
    if views.manual is not None:
        for chapter in views.manual.chapters:
            cites[manual_page(chapter.id)] = LinkCite(f"chapter {chapter.number}", chapter.number)
    for section in views.sections.values():
        cites[manual_page(section.id)] = LinkCite(f"section {section.number}", section.number)
    for policy in views.project.policies:
        # Without a number of its own, the manual's policy is "the board policy": its
        # title after every clause the manual carries out would drown the page.
        if policy.code:
            name = f"Policy {policy.code}"
        else:
            name = f"the {policy.kind}" if policy is views.policy else policy.title
        page = policy_page(policy.id)
        cites[page] = LinkCite(name, policy.code, name)
        if policy.current is None:
            continue
        for clause in policy.current.clauses:
            ref = clause.id if policy is views.policy else f"{policy.id}#{clause.id}"
            label = views.clause_label(ref).removeprefix(f"{policy.code or policy.title}: ")
            cites[f"{page}#{clause.id}"] = LinkCite(f"{name}, {label}", policy.code, label, name)
    return cites


_LINK = re.compile(r"<a\b(?P<attributes>[^>]*)>(?P<text>.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\bhref="(?P<href>[^"]*)"')
_TAG = re.compile(r"<[^>]*>")


def with_link_cites(html: str, cite_of: Callable[[str], LinkCite | None]) -> str:
    """`html` with each link that `cite_of` (given the link's address) knows marked
    with what it prints after its text."""

    def mark(match: re.Match[str]) -> str:
        attributes = match.group("attributes")
        href = _HREF.search(attributes)
        if href is None or "data-sopkit-cite" in attributes:
            return match.group(0)
        cite = cite_of(html_module.unescape(href.group("href")))
        text = html_module.unescape(_TAG.sub("", match.group("text"))).strip()
        after = cite.after(text) if cite is not None else None
        if after is None:
            return match.group(0)
        value = html_module.escape(after, quote=True)
        return f'<a{attributes} data-sopkit-cite="{value}">{match.group("text")}</a>'

    return _LINK.sub(mark, html)


def imprint_html(imprint: Imprint, address: str, *, canonical: bool) -> str:
    """The end of every page: its dates, and (printed only) where it was printed from and
    which edition it is. `canonical`: `address` is the page's address on the web (the
    site has a site_url), kept on paper; otherwise the script puts the address the page
    was opened at in its place."""
    kind = "canonical" if canonical else "path"
    stamp = f"{imprint.label} · {imprint.dates}"
    return (
        '\n<div class="sopkit-imprint" data-search-exclude>\n'
        f'<p class="sopkit-imprint__dates">{html_text(imprint.dates)}</p>\n'
        f'<p class="sopkit-print-stamp" data-sopkit-address="{kind}">Printed from '
        f'<span class="sopkit-print-stamp__address">{html_text(address)}</span> · '
        f'<span class="sopkit-print-stamp__text">{html_text(stamp)}</span></p>\n'
        "</div>\n"
    )
