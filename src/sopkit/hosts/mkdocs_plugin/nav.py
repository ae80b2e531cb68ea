"""Placing the generated pages in MkDocs' navigation.

The navigation is configuration, so it is decided in `on_config`, before MkDocs reads
it: each nav entry in mkdocs.yml that names a generated landing page (the policy, the
manual, the glossary) is expanded into the generated structure, in number order; landing
pages that mkdocs.yml does not mention are added at the end. Titles are HTML-escaped,
because themes print navigation titles without escaping them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sopkit.render.text import html_text
from sopkit.web.rendered import NavEntry

NavConfig = list[Any]


def nav_item(entry: NavEntry) -> dict[str, Any]:
    """One generated entry in mkdocs.yml's nav format."""
    title = html_text(entry.title)
    if entry.children:
        return {title: [nav_item(child) for child in entry.children]}
    return {title: entry.path}


def landing_path(entry: NavEntry) -> str | None:
    """The page that stands for a generated entry: its own, or its first child's."""
    if entry.path:
        return entry.path
    return entry.children[0].path if entry.children else None


def expand_nav(
    nav: NavConfig | None, generated: Iterable[NavEntry], docs_pages: Iterable[str]
) -> NavConfig:
    """mkdocs.yml's nav with the generated pages in place."""
    entries = {landing_path(entry): entry for entry in generated}
    placed: set[str] = set()
    if nav is None:
        nav = sorted(docs_pages, key=_docs_order)
    expanded = [_expand(item, entries, placed) for item in nav]
    expanded += [nav_item(entry) for path, entry in entries.items() if path not in placed]
    return expanded


def _expand(item: Any, entries: dict[str | None, NavEntry], placed: set[str]) -> Any:
    if isinstance(item, str) and item in entries:
        placed.add(item)
        return nav_item(entries[item])
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if isinstance(value, str) and value in entries:
            placed.add(value)
            entry = entries[value]
            generated = nav_item(entry)
            return {title: next(iter(generated.values()))}
        if isinstance(value, list):
            return {title: [_expand(child, entries, placed) for child in value]}
    return item


def prune_nav(nav: NavConfig | None, pages: set[str]) -> NavConfig | None:
    """mkdocs.yml's nav without the entries to pages that do not exist (the generated
    ones, while the sources have errors): what is left still works."""
    if nav is None:
        return None
    return [item for item in (_pruned(item, pages) for item in nav) if item is not None]


def _pruned(item: Any, pages: set[str]) -> Any:
    if isinstance(item, str):
        return item if item in pages or "://" in item else None
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if isinstance(value, list):
            children = prune_nav(value, pages)
            return {title: children} if children else None
        kept = _pruned(value, pages)
        return {title: kept} if kept is not None else None
    return item


def _docs_order(path: str) -> tuple[int, str]:
    return (0 if path == "index.md" else 1, path)


REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "def_list", "admonition", "tables", "toc")


def docs_pages(config: Any) -> list[str]:
    """The hand-written pages of the docs folder."""
    docs = Path(config.docs_dir)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def prepare_theme(config: Any, *, edit: bool, reviews: bool) -> None:
    """What generated pages need of the site: their Markdown extensions, sopkit's
    stylesheet and scripts, and (with an edit address) Material's edit button."""
    from sopkit.hosts.mkdocs_plugin.files import REVIEW_SCRIPT, SCRIPT, STYLESHEET, WORKER_SHIM

    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if edit:
        features = config.theme.get("features") or []
        if "content.action.edit" not in features:
            config.theme["features"] = [*features, "content.action.edit"]
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.append(SCRIPT)
    if reviews:
        config.extra_javascript.append(REVIEW_SCRIPT)
    config.extra["polyfills"] = [WORKER_SHIM, *config.extra.get("polyfills", [])]
