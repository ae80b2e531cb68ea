"""Placing the generated pages in MkDocs' navigation.

The navigation is configuration, so it is decided in `on_config`, before MkDocs reads
it: each nav entry in mkdocs.yml that names a generated landing page (the policy, the
manual, the glossary) is expanded into the generated structure, in number order; landing
pages that mkdocs.yml does not mention are added at the end. Titles are HTML-escaped,
because themes print navigation titles without escaping them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from sopkit.hosts.mkdocs_plugin.config_file import nav_value_location
from sopkit.render.text import html_text
from sopkit.sources.basics import did_you_mean
from sopkit.web.rendered import NAV_SLOTS, NavEntry

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


PLACEHOLDER = "sopkit"
"""A nav entry `- sopkit: <slot>` stands for a group of generated pages."""


def expand_nav(
    nav: NavConfig | None,
    generated: Iterable[NavEntry],
    docs_pages: Iterable[str],
    config_file: str | None = None,
) -> NavConfig:
    """mkdocs.yml's nav with the generated pages in place: each `- sopkit: <slot>` entry
    becomes that slot's pages (`all`: every slot not placed elsewhere), and an entry that
    names a generated landing page becomes its group. What no entry places follows the
    first entry (the home page)."""
    entries = list(generated)
    if nav is None:
        nav = sorted(docs_pages, key=_docs_order)
    named = set(_named_paths(nav))
    slots = _named_slots(nav, config_file)
    by_path = {landing_path(entry): entry for entry in entries}
    unplaced = [
        e for e in entries if landing_path(e) not in named and (e.slot not in slots or not e.slot)
    ]

    def expand(item: Any) -> list[Any]:
        slot = _placeholder(item)
        if slot is not None:
            wanted = unplaced if slot == "all" else entries
            return [
                nav_item(e)
                for e in wanted
                if (slot == "all" or e.slot == slot) and landing_path(e) not in named
            ]
        return [_expand(item, by_path, expand)]

    expanded = [part for item in nav for part in expand(item)]
    if "all" not in slots:
        expanded[1:1] = [nav_item(entry) for entry in unplaced]
    return expanded


def _placeholder(item: Any) -> str | None:
    if isinstance(item, dict) and len(item) == 1 and PLACEHOLDER in item:
        value = item[PLACEHOLDER]
        return value if isinstance(value, str) else None
    return None


def _named_slots(nav: NavConfig, config_file: str | None) -> set[str]:
    """The slots the nav's placeholders name; an unknown one is an error, with its line."""
    found: set[str] = set()
    for item in _walk(nav):
        slot = _placeholder(item)
        if slot is None:
            continue
        if slot not in (*NAV_SLOTS, "all"):
            shown = Path(config_file).name if config_file else "mkdocs.yml"
            where = nav_value_location(config_file, slot, shown)
            raise PluginError(
                f"sopkit: {where}: '{PLACEHOLDER}: {slot}' is not a group of generated pages"
                f"{did_you_mean(slot, [*NAV_SLOTS, 'all'])}; the groups are "
                f"{', '.join(NAV_SLOTS)}, and all (every group not placed elsewhere)"
            )
        found.add(slot)
    return found


def _walk(nav: Any) -> Iterator[Any]:
    if isinstance(nav, list):
        for item in nav:
            yield item
            yield from _walk(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _walk(value)


def _named_paths(nav: Any) -> Iterator[str]:
    for item in _walk(nav):
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict) and _placeholder(item) is None:
            yield from (v for v in item.values() if isinstance(v, str))


def _expand(item: Any, entries: dict[str | None, NavEntry], expand: Any) -> Any:
    if isinstance(item, str) and item in entries:
        return nav_item(entries[item])
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if isinstance(value, str) and value in entries:
            generated = nav_item(entries[value])
            return {title: next(iter(generated.values()))}
        if isinstance(value, list):
            return {title: [part for child in value for part in expand(child)]}
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


REQUIRED_EXTENSIONS = (
    "attr_list",
    "md_in_html",
    "def_list",
    "admonition",
    "tables",
    "toc",
    # A policy's clauses print the numbers they are cited by: (a), 1., (1), "item 5".
    "sopkit.render.numbering",
)


def docs_pages(config: Any) -> list[str]:
    """The hand-written pages of the docs folder."""
    docs = Path(config.docs_dir)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def prepare_theme(config: Any, *, edit: bool, reviews: bool) -> None:
    """What generated pages need of the site: their Markdown extensions, sopkit's
    stylesheet and scripts, and (with an edit address) Material's edit button."""
    from sopkit.hosts.mkdocs_plugin.files import (
        CITE_SCRIPT,
        PRINT_SCRIPT,
        QUERY_SCRIPT,
        REVIEW_SCRIPT,
        SCRIPT,
        STYLESHEET,
        WORKER_SHIM,
    )

    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if edit:
        features = config.theme.get("features") or []
        if "content.action.edit" not in features:
            config.theme["features"] = [*features, "content.action.edit"]
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.append(SCRIPT)
    config.extra_javascript.append(PRINT_SCRIPT)
    config.extra_javascript.append(CITE_SCRIPT)
    if reviews:
        config.extra_javascript.append(REVIEW_SCRIPT)
    # Before the theme's bundle: the shim stands in for a worker on file://, and the
    # query script wraps whichever worker search uses.
    config.extra["polyfills"] = [WORKER_SHIM, QUERY_SCRIPT, *config.extra.get("polyfills", [])]
