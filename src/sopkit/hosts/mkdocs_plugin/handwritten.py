"""The organization's hand-written pages (docs/): which edition keeps each, and a nav
without the pages a build leaves out.

A page for staff only (an editors' guide) says so in its front matter:

    ---
    visibility: internal
    ---

The public edition then leaves it out: it is not built, not in the nav, not searched,
and a public page that links to it is refused with the place of the link. Pages that
MkDocs itself leaves out (`exclude_docs`, and `draft_docs` outside `mkdocs serve`) are
taken out of the nav too, where MkDocs would keep them as links to nothing.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from sopkit.diagnostics import Location
from sopkit.render.paths import HOME
from sopkit.sources.textrules import link_targets, mask_code
from sopkit.sources.tree import SourceText

VISIBILITIES = ("public", "internal")
_VISIBILITY_LINE = re.compile(r"^visibility[ \t]*:", re.M)


def internal_pages(files: Files, config: MkDocsConfig) -> dict[str, str]:
    """The hand-written pages whose front matter says `visibility: internal`, each with
    its title (or path): what the public edition leaves out."""
    internal: dict[str, str] = {}
    for file in files.documentation_pages():
        if file.generated_by is not None or file.abs_src_path is None:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        if not text.startswith("---"):
            continue
        _, meta = get_data(text)
        visibility = meta.get("visibility", "public")
        if visibility not in VISIBILITIES:
            match = _VISIBILITY_LINE.search(text)
            shown = SourceText(_docs_path(config, file.src_uri), text)
            where = shown.location(match.start()) if match else Location(shown.path)
            raise PluginError(
                f"sopkit: {where}: visibility is {visibility!r}; write 'visibility: "
                "internal' (staff only: the public edition leaves the page out) or "
                "'visibility: public'"
            )
        if visibility == "internal":
            internal[file.src_uri] = str(meta.get("title") or file.src_uri)
    return internal


def _docs_path(config: MkDocsConfig, src_uri: str) -> str:
    """A page's path as the editor sees it, from the folder of mkdocs.yml (docs/…)."""
    root = Path(config.config_file_path).resolve().parent
    return (Path(config.docs_dir).resolve().relative_to(root) / src_uri).as_posix()


def remove_pages(files: Files, pages: dict[str, str]) -> None:
    for src_uri in pages:
        file = files.get_file_from_path(src_uri)
        if file is not None:
            files.remove(file)


def left_out_pages(files: Files, serving: bool) -> set[str]:
    """The pages MkDocs does not build: excluded, and drafts (which `mkdocs serve` shows)."""
    if serving:
        return set()
    return {f.src_uri for f in files if f.is_documentation_page() and f.inclusion.is_excluded()}


def nav_without(nav: Any, pages: set[str]) -> Any:
    """The nav with no entry for any of `pages` (and no section left empty by that)."""
    if nav is None or not pages:
        return nav
    if isinstance(nav, list):
        kept = (nav_without(item, pages) for item in nav)
        return [item for item in kept if item is not None]
    if isinstance(nav, str):
        return None if nav in pages else nav
    if isinstance(nav, dict) and len(nav) == 1:
        ((title, value),) = nav.items()
        kept = nav_without(value, pages)
        return {title: kept} if kept not in (None, []) else None
    return nav


def refuse_links_to_internal_pages(
    page: Page, config: MkDocsConfig, internal: dict[str, str]
) -> None:
    """A public page that links to a staff-only page would publish a dead link to it:
    refuse, with the place of the link."""
    source = page.file.abs_src_path
    if source is None or not internal:
        return
    text = Path(source).read_text(encoding="utf-8-sig")
    for offset, target in link_targets(mask_code(text)):
        linked = _linked_page(page.file.src_uri, target, internal)
        if linked is not None:
            where = SourceText(_docs_path(config, page.file.src_uri), text).location(offset)
            raise PluginError(
                f"sopkit: {where}: links to '{target}', the staff-only page "
                f"{internal[linked]}, which the public edition does not have; link to a "
                "public page, or mark this page 'visibility: internal' too"
            )


def _linked_page(from_uri: str, target: str, internal: dict[str, str]) -> str | None:
    """The staff-only page a link leads to, if it does (relative links only)."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or "://" in path or path.startswith(("mailto:", "tel:")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path.lstrip("/")))
    base = re.sub(r"(?:/index)?(?:\.md|\.html|/)?$", "", joined)
    for candidate in (f"{base}.md", f"{base}/index.md", joined):
        if candidate in internal:
            return candidate
    return None


# -- parts that sopkit fills in ---------------------------------------------------------

_PART = re.compile(r"^<!--[ \t]*sopkit:[ \t]*(\S*)[ \t]*-->[ \t]*$", re.M)
PARTS = ("start-here",)


def fill_parts(markdown: str, page: Page, config: MkDocsConfig, start_here: str) -> str:
    """A hand-written page with each `<!-- sopkit: start-here -->` line replaced by the part
    it names: on the home page, what the edition's readers look for first (from
    sop/manual.yml: start_here and contact). A part sopkit does not make, or one on a page
    where its links would not work, stops the build with the line's place."""

    def place(line: str) -> Location:
        # In the file as written (the Markdown here has lost its front matter): read only
        # when there is an error to place.
        written = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig")
        shown = SourceText(_docs_path(config, page.file.src_uri), written)
        at = written.find(line)
        return shown.location(at) if at >= 0 else Location(shown.path)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PARTS:
            where = place(match.group(0))
            raise PluginError(
                f"sopkit: {where}: '{match.group(0).strip()}' is not a part sopkit fills in; "
                f"write <!-- sopkit: start-here -->"
            )
        if page.file.src_uri != HOME:
            where = place(match.group(0))
            raise PluginError(
                f"sopkit: {where}: the start-here part belongs on the home page "
                f"({_docs_path(config, HOME)}); move the line there"
            )
        return start_here

    return _PART.sub(fill, markdown)
