"""The files sopkit adds to the site: its pages, its assets and its feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from sopkit.render import ASSETS
from sopkit.web.marks import FEED_PATH
from sopkit.web.rendered import RenderedPage

if TYPE_CHECKING:
    from sopkit.built import Build

STYLESHEET = "assets/sopkit/sopkit.css"
WORKER_SHIM = "assets/sopkit/iframe-worker-shim.js"
QUERY_SCRIPT = "assets/sopkit/sopkit-search-query.js"
REVIEW_SCRIPT = "assets/sopkit/sopkit-review.js"
SCRIPT = "assets/sopkit/sopkit.js"
PRINT_SCRIPT = "assets/sopkit/sopkit-print.js"
CITE_SCRIPT = "assets/sopkit/sopkit-cite.js"


def add_pages(
    files: Files, config: MkDocsConfig, pages: dict[str, RenderedPage], page_files: Path | None
) -> None:
    """Each generated page as a generated file (written to `page_files` when serving)."""
    for page in pages.values():
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(
                f"sopkit: docs/{page.path} has the address of a generated page; rename it"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if page_files is not None:
            source = _page_file(page_files, page)
            file = File.generated(config, page.path, abs_src_path=str(source), inclusion=inclusion)
        else:
            file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
        files.append(file)


def _page_file(folder: Path, page: RenderedPage) -> Path:
    """The page's Markdown in a file that is rewritten only when the page changes, so that
    its modification time tells MkDocs' dirty rebuilds whether to build it again."""
    path = folder / page.path
    if not path.is_file() or path.read_text(encoding="utf-8") != page.markdown:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    return path


def add_assets(files: Files, config: MkDocsConfig, *, reviews: bool) -> None:
    assets = [
        (STYLESHEET, "sopkit.css"),
        (SCRIPT, "sopkit.js"),
        (PRINT_SCRIPT, "sopkit-print.js"),
        (CITE_SCRIPT, "sopkit-cite.js"),
        (WORKER_SHIM, "vendor/iframe-worker-shim.js"),
        (QUERY_SCRIPT, "sopkit-search-query.js"),
    ]
    if reviews:
        assets.append((REVIEW_SCRIPT, "sopkit-review.js"))
    for asset, name in assets:
        files.append(File.generated(config, asset, abs_src_path=str(ASSETS / name)))


def add_feeds(files: Files, config: MkDocsConfig, done: Build, stamp: dt.datetime) -> None:
    """reviews.json and calendar.ics, when the site shows review status; the feed of
    changes by edition when the manual lists its editions."""
    url_for = _url_for(files, config)
    add_change_feed(files, config, done, url_for)
    views, site = done.views, done.site
    if views is None or site is None or not site.reviews or views.manual is None:
        return

    from sopkit.web.feeds import calendar_ics, reviews_json  # only sites with status

    manual, roles, editions = views.manual, views.roles, done.project.editions
    feeds: dict[str, str | bytes] = {
        "reviews.json": reviews_json(manual, site.reviews, site.duties, roles, done.as_of, url_for),
        "calendar.ics": calendar_ics(manual, site.reviews, site.duties, stamp, url_for, editions),
    }
    for name, content in feeds.items():
        files.append(File.generated(config, name, content=content))


def _url_for(files: Files, config: MkDocsConfig) -> Callable[[str], str]:
    """The address of a page or file of the site (in full when the site has site_url)."""
    base = config.site_url or ""

    def url_for(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        url = base + (file.url if file is not None else path)
        return f"{url}#{anchor}" if anchor else url

    return url_for


def add_change_feed(
    files: Files, config: MkDocsConfig, done: Build, url_for: Callable[[str], str]
) -> None:
    """changes.atom and the acknowledgement manifests (manifests/<edition>.json and
    .csv), made from the edition's own sources and its earlier editions'."""
    # Imported here: a build that finds its feeds in the cache does not make them.
    from sopkit.web.change_feed import change_feed, changes_by_edition
    from sopkit.web.manifests import manifest, manifest_csv, manifest_json

    published = done.published
    if published is None or published.manual is None or not published.editions:
        return
    editions = changes_by_edition(published, done.history)
    feed = change_feed(published.manual, editions, done.edition, url_for)
    files.append(File.generated(config, FEED_PATH, content=feed))
    data = manifest(published, done.history, done.edition, url_for)
    for suffix, content in ((".json", manifest_json(data)), (".csv", manifest_csv(data))):
        path = f"manifests/{data['edition']}{suffix}"
        files.append(File.generated(config, path, content=content))


def feed_link(files: Files, title: str, page_url: str) -> str:
    """The autodiscovery link of the change feed (titled `title`, sopkit.web.marks
    .feed_title), for a page's head; empty without a feed."""
    feed = files.get_file_from_path(FEED_PATH)
    if feed is None or not title:
        return ""
    href = get_relative_url(feed.url, page_url)
    return (
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{href}">'
    )


def with_feed_link(html: str, link: str) -> str:
    if not link or "</head>" not in html:
        return html
    return html.replace("</head>", f"  {link}\n  </head>", 1)
