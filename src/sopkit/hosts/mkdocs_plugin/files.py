"""The files sopkit adds to the site: its pages, its assets and its feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from sopkit.pipeline import Build
from sopkit.render import ASSETS
from sopkit.web.rendered import RenderedPage

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
    """reviews.json and calendar.ics, when the site shows review status."""
    views, site = done.views, done.site
    if views is None or site is None or not site.reviews or views.manual is None:
        return
    base = config.site_url or ""

    def url_for(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        url = base + (file.url if file is not None else path)
        return f"{url}#{anchor}" if anchor else url

    from sopkit.web.feeds import calendar_ics, reviews_json  # only sites with status

    manual, roles = views.manual, views.roles
    feeds: dict[str, str | bytes] = {
        "reviews.json": reviews_json(manual, site.reviews, site.duties, roles, done.as_of, url_for),
        "calendar.ics": calendar_ics(manual, site.reviews, site.duties, stamp, url_for),
    }
    for name, content in feeds.items():
        files.append(File.generated(config, name, content=content))
