"""MkDocs' Markdown conversion of a page, kept between builds by everything it reads.

MkDocs converts every page's Markdown on every build (`Page.render`): on the shipped
manual a third of a build's own time, although an edit to one section changes the
Markdown of a few pages. A conversion reads only the page's Markdown, its address, the
site's files (a link's target and whether it exists), the Markdown extensions and their
options, the packages' versions and the level MkDocs logs at (which decides what it
says, and whether it records links to anchors); kept under the digest of all of them,
it is what a conversion of the same inputs gives, and a page whose Markdown is unchanged
is not converted again.

What is kept is what `Page.render` leaves on the page: the HTML, the table of contents,
the title it found, the anchors the page has and the links it makes to other pages'
anchors (MkDocs checks those after every page is converted). A conversion that logged
anything (a link to a missing page, say) is never kept, so that every build says it
again. Nor is any conversion when an extension is not known to read nothing else:
`pymdownx.snippets` reads files, an extension given as an object may hold anything;
nor when an option is a Python object (a function), nor in a verbose build.

MkDocs has no hook between a page's Markdown and its conversion: the conversion is
offered to each page as its own `render` (an attribute of the page, which MkDocs calls
in place of the method), reading the page's Markdown when MkDocs calls it, after every
plugin has changed it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from sopkit.hosts.cache import FORMAT, code_digest

PURE_EXTENSIONS = frozenset(
    {
        # Python-Markdown's own
        "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra",
        "fenced_code", "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta",
        "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks",
        # PyMdown Extensions that read only the page (not snippets, b64 or pathconverter)
        "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.blocks.admonition",
        "pymdownx.blocks.caption", "pymdownx.blocks.definition", "pymdownx.blocks.details",
        "pymdownx.blocks.html", "pymdownx.blocks.tab", "pymdownx.caret", "pymdownx.critic",
        "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.extra",
        "pymdownx.fancylists", "pymdownx.highlight", "pymdownx.inlinehilite",
        "pymdownx.keys", "pymdownx.magiclink", "pymdownx.mark", "pymdownx.progressbar",
        "pymdownx.saneheaders", "pymdownx.smartsymbols", "pymdownx.superfences",
        "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
        # Material's, and sopkit's own (its code is in the key)
        "material.extensions.emoji", "sopkit.render.numbering",
    }
)  # fmt: skip
"""Extensions whose output depends only on the page's Markdown and their options."""

CONVERSIONS, LAST = "conversions", "last"
"""Where a build keeps its conversions in the build cache: a slot of its own, one
value (each conversion has its own key inside it)."""

PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments")
"""The packages whose code converts Markdown: another version may convert differently."""

Converted = tuple[str, Any, str | None, set[str] | None, dict[str, dict[str, str]] | None]
"""What a conversion leaves on a page: its HTML, table of contents, title, anchors, and
its links to other pages' anchors (by the linked file's path)."""


def _extension_name(extension: object) -> str | None:
    if not isinstance(extension, str):
        return None  # an Extension object: what it reads cannot be known
    return extension.removeprefix("markdown.extensions.")


def conversion_context(config: MkDocsConfig, files: Files) -> str | None:
    """What every page's conversion in this build reads besides its own Markdown and
    address, as a digest; None when a conversion may read more than that."""
    extensions = [_extension_name(e) for e in config.markdown_extensions]
    if any(name not in PURE_EXTENSIONS for name in extensions):
        return None
    # What MkDocs logs, and whether it records links to anchors, depends on its level:
    # a conversion is kept for builds of the same level, and none for verbose builds
    # (their debug lines are not kept).
    levels = [logging.getLogger(name).getEffectiveLevel() for name in _LOGGERS]
    if levels[0] < logging.INFO:
        return None
    # An option that is a Python object (a function, a class) is not plain data: what
    # it does cannot be named by its value, so nothing is kept.
    options = [extensions, config.mdx_configs, config.use_directory_urls, levels]
    try:
        shown = json.dumps([*options, config.validation], sort_keys=True, default=_plain)
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256(FORMAT + b" conversions\0" + code_digest().encode())
    for package in PACKAGES:
        try:
            digest.update(f"\0{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{package} none".encode())
    digest.update(shown.encode())
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(
            f"\0{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}".encode()
        )
    return digest.hexdigest()


_LOGGERS = ("mkdocs.structure.pages", "mkdocs", "", "MARKDOWN")
"""The loggers a conversion may say something through: MkDocs' page module, MkDocs',
the root (extensions log there) and Python-Markdown's."""


def _plain(value: object) -> object:
    """A MkDocs sub-configuration (validation) as the mapping it is; nothing else that
    is not JSON data."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"not plain data: {type(value).__name__}")


class Conversions:
    """The conversions one build finds (kept by the last) and makes, by key."""

    def __init__(self, found: object = None) -> None:
        self.found: dict[str, Converted] = found if isinstance(found, dict) else {}
        self.used: dict[str, Converted] = {}
        """What this build found or made: what the next one keeps."""
        self.context: str | None = None
        self._prepared = self._made = False

    def offer(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Give `page` a `render` that uses a kept conversion of the same inputs, or
        converts and keeps it. (The first page's works out what every conversion of
        the build reads: by then MkDocs and every plugin have added their files.)"""
        if not self._prepared:
            self._prepared, self.context = True, conversion_context(config, files)
        if self.context is None or type(page).render is not Page.render:
            return  # (a page class with a render of its own keeps it)

        def render(config: MkDocsConfig, files: Files) -> None:
            self._render(page, config, files)

        page.render = render  # type: ignore[method-assign]

    @property
    def changed(self) -> bool:
        return self._made or self.used.keys() != self.found.keys()

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        assert self.context is not None and page.markdown is not None
        key = _key(self.context, page.file, page.markdown)
        kept = self.found.get(key)
        if kept is not None and _restore(page, kept, files):
            self.used[key] = kept
            return
        with _Logged() as logged:
            Page.render(page, config, files)
        if not logged.records and isinstance(page.content, str):
            self.used[key], self._made = _converted(page), True


def _key(context: str, file: File, markdown: str) -> str:
    digest = hashlib.sha256(context.encode())
    for part in (file.src_uri, file.dest_uri, file.url, markdown):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def _converted(page: Page) -> Converted:
    links = page.links_to_anchors
    by_path = None if links is None else {f.src_uri: dict(a) for f, a in links.items()}
    anchors = None if page.present_anchor_ids is None else set(page.present_anchor_ids)
    assert page.content is not None
    # A copy of the contents: plugins change a page's after its conversion (Material's
    # blog adds to it), and what is kept is what the conversion made.
    toc = copy.deepcopy(page.toc)
    return (page.content, toc, page._title_from_render, anchors, by_path)


def _restore(page: Page, kept: object, files: Files) -> bool:
    """Put a kept conversion on the page; False (and nothing put) when it is not one,
    or links to a file the site no longer has."""
    if not (isinstance(kept, tuple) and len(kept) == 5):
        return False
    content, toc, title, anchors, by_path = kept
    texts = anchors if isinstance(anchors, set) else set()
    if not (
        isinstance(content, str)
        and isinstance(toc, TableOfContents)
        and (title is None or isinstance(title, str))
        and (anchors is None or isinstance(anchors, set))
        and all(isinstance(anchor, str) for anchor in texts)
        and (by_path is None or isinstance(by_path, dict))
    ):
        return False
    links: dict[File, dict[str, str]] | None = None
    if by_path is not None:
        links = {}
        for path, anchor_links in by_path.items():
            file = files.get_file_from_path(path) if isinstance(path, str) else None
            if file is None or not isinstance(anchor_links, dict):
                return False
            links[file] = {str(anchor): str(link) for anchor, link in anchor_links.items()}
    page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
    page.present_anchor_ids = None if anchors is None else set(anchors)
    if links is not None:
        page.links_to_anchors = links
    return True


class _Logged(logging.Handler):
    """While in a `with`: the records logged (at INFO or above) anywhere."""

    LOGGERS: Iterable[str] = ("", "mkdocs")  # mkdocs' own does not pass them up

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> _Logged:
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *_: object) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
