"""Links in the public edition, and where citations link to.

The public edition refuses any address of a page it leaves out: in a navigation entry
(named with its line in mkdocs.yml), in a hand-written page (with its line and column),
and in each page's HTML just before it is written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sopkit.hosts.mkdocs_plugin.config_file import nav_value_location
from sopkit.hosts.mkdocs_plugin.nav import PLACEHOLDER
from sopkit.render.paths import AUTHORITIES, authority_anchor
from sopkit.sources.textrules import link_targets
from sopkit.sources.tree import SourceText

if TYPE_CHECKING:
    from sopkit.law.authorities import Authorities
    from sopkit.law.citations import Citation
    from sopkit.render.linking import Target
    from sopkit.web.printing import LinkCite


def refuse_nav_to_hidden(nav: Any, hidden: dict[str, str], config_file: str | None) -> None:
    """A navigation entry to a page the public edition leaves out names it: refuse."""
    if not hidden:
        return  # the officers' edition: nothing is left out
    # (Imported here, as in the checks below: only the public edition needs the
    # edition's rules, and a cached rebuild of the other loads no model.)
    from sopkit.editions.select import hidden_target

    for title, path in _nav_paths(nav):
        what = hidden_target(path, hidden)
        if what is not None:
            shown = Path(config_file).name if config_file else "mkdocs.yml"
            where = nav_value_location(config_file, path, shown)
            raise PluginError(
                f"sopkit: {where}: the nav entry '{title}' goes to {path}, {what}, which "
                "the public edition does not have; remove it from nav (the officers' edition "
                "lists the manual's sections by itself)"
            )


def _nav_paths(nav: Any, title: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(nav, str):
        yield title or nav, nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item, title)
    elif isinstance(nav, dict) and PLACEHOLDER not in nav:  # `sopkit: manual` is no path
        for key, value in nav.items():
            yield from _nav_paths(value, str(key))


def refuse_links_to_hidden(page: Page, config: MkDocsConfig, hidden: dict[str, str]) -> None:
    """A hand-written page of the public edition that links to a page the edition leaves
    out would publish its address: refuse, with the place of the link."""
    from sopkit.editions.select import links_to_hidden

    source = page.file.abs_src_path
    if source is None:
        return
    root = Path(config.config_file_path).resolve().parent
    shown = (Path(config.docs_dir).resolve().relative_to(root) / page.file.src_uri).as_posix()
    text = SourceText(shown, Path(source).read_text(encoding="utf-8-sig"))
    for offset, target, what in links_to_hidden(text.text, hidden):
        raise PluginError(
            f"sopkit: {text.location(offset)}: links to '{target}', {what}, which the public "
            "edition does not have; link to a public page, or leave the link out of the "
            "public edition"
        )


def refuse_html_links_to_hidden(html: str, page: Page, hidden: dict[str, str]) -> None:
    """The last check of a public page before it is written: no address in its HTML (a
    link, an image, a form) leads to a page the public edition leaves out, however it
    got there (a Markdown extension, an attribute list, a theme override)."""
    from sopkit.editions.select import hidden_target

    for _, target in link_targets(html):
        what = hidden_target(target, hidden)
        if what is not None:
            raise PluginError(
                f"sopkit: the page {page.file.src_uri} links to '{target}', {what}, which the "
                "public edition does not have; remove the link from the public edition"
            )


def citation_target(
    authorities: Authorities, listed: frozenset[str], page: Page, files: Files, citation: Citation
) -> Target | None:
    """Where a citation on `page` links to: its text elsewhere, a page of this site, or,
    when neither is known, its entry on the Authorities page."""
    url = authorities.url(citation)
    if url is None and citation.normalized in listed:
        url = f"{AUTHORITIES}#{authority_anchor(citation.normalized)}"
    if url is None:
        return None
    if "://" not in url:
        url, _, anchor = url.partition("#")
        file = files.get_file_from_path(url)
        if file is None:
            return None
        url = get_relative_url(file.url, page.url) + (f"#{anchor}" if anchor else "")
    from sopkit.render.linking import Target

    return Target(url, authorities.title(citation) or citation.normalized)


_MD_HREF = re.compile(r'href="(?P<path>[^"#?:]+\.md)(?P<anchor>#[^"]*)?"')


def resolve_md_links(html: str, page: Page, files: Files) -> str:
    """Links to pages written as .md paths in the raw HTML of a generated page (a
    redline's footnotes), as MkDocs writes Markdown links: the page's address from here.
    (MkDocs rewrites Markdown links only, not those in raw HTML.)"""

    def address(match: re.Match[str]) -> str:
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.file.src_uri), match.group("path"))
        )
        file = files.get_file_from_path(target)
        if file is None:
            return match.group(0)
        url = get_relative_url(file.url, page.url) + (match.group("anchor") or "")
        return f'href="{url}"'

    return _MD_HREF.sub(address, html)


_ROOT_ADDRESS = re.compile(r'(?P<attribute>href|src)="/(?!/)')


def not_found_page(html: str, ways_on: list[tuple[str, str]], *, relative: bool) -> str:
    """The not-found page with the ways on (the home page, the manual, the policies)
    under its heading; and, for a site without a site_url (the offline copy, a site in
    a folder), its addresses relative to the site's top, where the page is, instead of
    to the server's root, which on disk is the root of the file system."""
    if relative:
        html = _ROOT_ADDRESS.sub(r'\g<attribute>="', html)
        html = html.replace('"base": "/"', '"base": "."', 1)
        html = html.replace('"search": "/assets/', '"search": "assets/', 1)  # its worker
    anchors = [f'<a href="{href}">{label}</a>' for label, href in ways_on]
    links = " or ".join([", ".join(anchors[:-1]), anchors[-1]] if len(anchors) > 1 else anchors)
    help_text = (
        "<p>There is no page at this address. Search for what you need (the search field, "
        f"or the magnifier on a phone, is at the top of the page), or go to {links}.</p>"
    )
    return html.replace("</h1>", "</h1>\n" + help_text, 1)


def page_paths_by_url(files: Files) -> dict[str, str]:
    """Each page's address from the top of the site → its path among the site's pages."""
    return {file.url: file.src_uri for file in files.documentation_pages()}


def link_cite_of(
    cites: dict[str, LinkCite], paths: dict[str, str], page: Page, href: str
) -> LinkCite | None:
    """What a link from `page` to `href` prints after its text, if it goes to a section,
    a chapter, the policy or a clause of it (see sopkit.web.printing)."""
    if href.startswith(("#", "mailto:", "/")) or "://" in href:
        return None
    address, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), address))
    target = "" if target == "." else target + ("/" if address.endswith("/") else "")
    path = paths.get(target)
    if path is None:
        return None
    return cites.get(f"{path}#{anchor}") or cites.get(path)
