"""The `sopkit` MkDocs plugin: hooks that hand the core's rendered pages to MkDocs."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sopkit.diagnostics import Diagnostic, Severity
from sopkit.editions.select import hidden_pages, hidden_target, links_to_hidden
from sopkit.hosts.mkdocs_plugin.config import ChecksConfig, SopkitConfig
from sopkit.hosts.mkdocs_plugin.config_file import nav_value_location
from sopkit.hosts.mkdocs_plugin.nav import expand_nav, prune_nav
from sopkit.hosts.mkdocs_plugin.pdfs import pdfs_wanted
from sopkit.law.authorities import Authorities
from sopkit.law.citations import Citation
from sopkit.pipeline import SiteBuild, build_site
from sopkit.render import ASSETS
from sopkit.render.error_page import error_page_html
from sopkit.render.linking import Target, link_citations
from sopkit.render.paths import AUTHORITIES, authority_anchor, policy_page
from sopkit.render.sanitize import sanitize_html
from sopkit.sources.project import Layout, SourceCache, load_project
from sopkit.sources.settings import CHECK_OPTIONS, LEVELS, REVIEW_OVERRIDE, level_of
from sopkit.sources.textrules import link_targets
from sopkit.status.asof import AsOfError, as_of_for, generation_time
from sopkit.web.rendered import RenderedPage

log = get_plugin_logger("sopkit")

STYLESHEET = "assets/sopkit/sopkit.css"
WORKER_SHIM = "assets/sopkit/iframe-worker-shim.js"
REVIEW_SCRIPT = "assets/sopkit/sopkit-review.js"
SCRIPT = "assets/sopkit/sopkit.js"
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "def_list", "admonition", "tables", "toc")


class SopkitPlugin(BasePlugin[SopkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.authorities: Authorities | None = None
        self.listed: frozenset[str] = frozenset()
        """Authorities that have an entry on the site's Authorities page."""
        self.build: SiteBuild | None = None
        self.pages: dict[str, RenderedPage] = {}
        self.seconds = 0.0
        """Time spent in sopkit's own work during the last build."""
        self.serving = False
        self.sources: SourceCache | None = None
        self.page_files: Path | None = None
        self.pdfs = False
        """Whether this build makes PDFs."""
        self.pdf_summary = ""
        self.serve_errors: tuple[Diagnostic, ...] = ()
        """While `mkdocs serve` runs on sources with errors: the errors, shown on every page."""
        self.hidden: dict[str, str] = {}
        """In the public edition: the pages it leaves out, which nothing may link to."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep one instance of the plugin for every build
        # in the process (all the rebuilds of `mkdocs serve`): per-build state is reset
        # in on_config, and what serve's rebuilds share is made here.
        self.serving = command == "serve"
        if self.serving:
            # Unchanged sources are not read again, and generated pages are written to
            # files that change only when the page does, so that `mkdocs serve --dirty`
            # rebuilds only the pages an edit changed.
            self.sources = SourceCache()
            self.page_files = Path(tempfile.mkdtemp(prefix="sopkit-pages-"))

    @event_priority(100)  # before Material's offline plugin looks for a worker shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        started = time.perf_counter()
        self.pdf_summary = ""
        self.serve_errors = ()
        self.hidden = {}
        root = Path(config.config_file_path).resolve().parent
        self.build = self._build(root)
        _report(self.build.diagnostics, self.config.checks)
        if self.build.site is None:
            if not self.serving:
                raise PluginError(
                    "sopkit: the sources have errors (listed above); fix them and build again. "
                    "`sopkit check` lists the same problems with a hint for each."
                )
            # The preview keeps running and shows the errors, until the next good save.
            self.serve_errors = tuple(
                d for d in self.build.diagnostics if d.severity is Severity.ERROR
            )
            self.pages = {}
            config.nav = prune_nav(config.nav, set(_docs_pages(config)))
            return config
        self.pages = {page.path: page for page in self.build.site.pages}
        published = self.build.published or self.build.project
        self.authorities = Authorities(
            published, {p.code: policy_page(p.id) for p in published.policies if p.code}
        )
        self.listed = frozenset(self.build.site.cited)
        public = self.build.published_edition == "public"
        self.hidden = hidden_pages(self.build.project) if public else {}
        _refuse_nav_to_hidden(config.nav, self.hidden, config.config_file_path)
        config.nav = expand_nav(config.nav, self.build.site.nav, _docs_pages(config))
        _require_extensions(config)
        if self.config.edit_url:
            _enable_theme_feature(config, "content.action.edit")
        config.extra_css.append(STYLESHEET)
        config.extra_javascript.append(SCRIPT)
        if self.build.site.reviews:
            config.extra_javascript.append(REVIEW_SCRIPT)
        config.extra["polyfills"] = [WORKER_SHIM, *config.extra.get("polyfills", [])]
        self.seconds = time.perf_counter() - started
        return config

    def _build(self, root: Path) -> SiteBuild:
        layout = Layout(root, self.config.sop_dir, self.config.policy_data_dir)
        loaded = load_project(layout, self.sources)
        manual = loaded.project.manual
        try:
            explicit = cast("str | dt.date | None", self.config.as_of)
            as_of = as_of_for(manual.time_zone if manual else None, explicit, self.config.time_zone)
        except AsOfError as exc:
            raise PluginError(f"sopkit: {exc}") from None
        edition = os.environ.get("SOPKIT_EDITION") or self.config.edition
        if edition not in ("internal", "public"):
            raise PluginError(f"sopkit: SOPKIT_EDITION is '{edition}'; use internal or public")
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        show = edition == "internal" or self.config.public_review_status
        self.pdfs = pdfs_wanted(self.config.pdf, self.serving)
        return build_site(
            loaded,
            as_of=as_of,
            edition=edition,  # type: ignore[arg-type]
            templates=templates,
            show_review_status=show,
            pdf=self.pdfs,
            pdf_sections=self.config.pdf.sections,
        )

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.serve_errors:
            return files  # nothing generated: every page shows the errors instead
        started = time.perf_counter()
        for page in self.pages.values():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"sopkit: docs/{page.path} has the address of a generated page; rename it"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if self.page_files is not None:
                source = _page_file(self.page_files, page)
                file = File.generated(
                    config, page.path, abs_src_path=str(source), inclusion=inclusion
                )
            else:
                file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            files.append(file)
        assets = [
            (STYLESHEET, "sopkit.css"),
            (SCRIPT, "sopkit.js"),
            (WORKER_SHIM, "vendor/iframe-worker-shim.js"),
        ]
        if self.build is not None and self.build.site is not None and self.build.site.reviews:
            assets.append((REVIEW_SCRIPT, "sopkit-review.js"))
        for asset, name in assets:
            files.append(File.generated(config, asset, abs_src_path=str(ASSETS / name)))
        for name, content in self._feeds(files, config).items():
            files.append(File.generated(config, name, content=content))
        self.seconds += time.perf_counter() - started
        if self.pdfs:
            self._add_pdfs(files, config)
        return files

    def _add_pdfs(self, files: Files, config: MkDocsConfig) -> None:
        # Imported here: a build without PDFs (mkdocs serve) does not pay for loading them.
        from sopkit.hosts.mkdocs_plugin.pdfs import add_pdfs

        assert self.build is not None
        written = add_pdfs(
            self.build, self.config.pdf, build_timestamp(self.build.as_of), files, config
        )
        self.pdf_summary = (
            f"; {len(written.files)} PDFs ({written.made} made, "
            f"{len(written.files) - written.made} unchanged) in {written.seconds:.2f} s"
        )

    def _feeds(self, files: Files, config: MkDocsConfig) -> dict[str, str | bytes]:
        """reviews.json and calendar.ics, when the site shows review status."""
        assert self.build is not None and self.build.site is not None
        published = self.build.published
        site = self.build.site
        if not site.reviews or published is None or published.manual is None:
            return {}
        manual = published.manual
        base = config.site_url or ""

        def url_for(target: str) -> str:
            path, _, anchor = target.partition("#")
            file = files.get_file_from_path(path)
            url = base + (file.url if file is not None else path)
            return f"{url}#{anchor}" if anchor else url

        from sopkit.web.feeds import calendar_ics, reviews_json  # only sites with status

        roles = {role.id: role.title for role in manual.roles}
        stamp = build_timestamp(self.build.as_of)
        return {
            "reviews.json": reviews_json(
                manual, site.reviews, site.duties, roles, self.build.as_of, url_for
            ),
            "calendar.ics": calendar_ics(manual, site.reviews, site.duties, stamp, url_for),
        }

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.hidden and page.file.src_uri not in self.pages:
            _refuse_links_to_hidden(page, config, self.hidden)
        template = self.config.edit_url
        if template:
            generated = self.pages.get(page.file.src_uri)
            if generated is not None:
                path, line = generated.source.path, generated.source.line or 1
            else:
                docs = (
                    Path(config.docs_dir)
                    .resolve()
                    .relative_to(Path(config.config_file_path).resolve().parent)
                )
                path, line = f"{docs.as_posix()}/{page.file.src_uri}", 1
            # The template was checked (sopkit.sources.settings.edit_url_problem): only {path}
            # and {line}, so formatting it reaches nothing else.
            page.edit_url = template.format(path=urllib.parse.quote(path), line=line)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        started = time.perf_counter()
        if page.file.src_uri in self.pages:
            html = sanitize_html(html)  # made from the sources: keep only what pages need
        if self.hidden:
            _refuse_html_links_to_hidden(html, page, self.hidden)
        if self.authorities is not None:
            html = link_citations(
                html, partial(_target, self.authorities, self.listed, page, files)
            )
        self.seconds += time.perf_counter() - started
        return html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.config.sop_dir, self.config.policy_data_dir):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """While the sources have errors, every page of the preview lists them."""
        return error_page_html(self.serve_errors) if self.serve_errors else output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The not-found page too (the preview serves it without its reload script, so
        it reloads itself)."""
        if self.serve_errors and template_name == "404.html":
            return error_page_html(self.serve_errors, reload_every=3)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serve_errors:
            log.error(
                f"sopkit: the preview shows the {len(self.serve_errors)} error(s) above on "
                "every page; save a fix and it shows the site again"
            )
        if self.build is not None and self.build.site is not None:
            log.info(
                f"rendered {len(self.pages)} pages from {len(self.build.project.files)} sources "
                f"in {self.seconds:.2f} s{self.pdf_summary} (as of {self.build.as_of.isoformat()})"
            )


def _report(diagnostics: tuple[Diagnostic, ...], checks: ChecksConfig) -> None:
    """Log each diagnostic: errors always; the rest at the level configured for its kind."""
    override = os.environ.get(REVIEW_OVERRIDE)
    if override is not None and override not in LEVELS:
        raise PluginError(f"sopkit: {REVIEW_OVERRIDE} is '{override}'; use warn, info or ignore")
    levels = {name: str(checks[name]) for name in CHECK_OPTIONS}
    for diagnostic in diagnostics:
        text = f"{diagnostic.location}: {diagnostic.message}"
        if diagnostic.hint:
            text += f"\n  hint: {diagnostic.hint}"
        level = level_of(diagnostic, levels, override)
        if level == "error":
            log.error(text)
        elif level == "warn":
            log.warning(text)
        elif level == "info":
            log.info(text)


def build_timestamp(as_of: dt.date) -> dt.datetime:
    """When the build happened (see sopkit.pdf.documents.generation_time)."""
    try:
        return generation_time(as_of)
    except ValueError as exc:
        raise PluginError(f"sopkit: {exc}") from None


def _page_file(folder: Path, page: RenderedPage) -> Path:
    """The page's Markdown in a file that is rewritten only when the page changes, so that
    its modification time tells MkDocs' dirty rebuilds whether to build it again."""
    path = folder / page.path
    if not path.is_file() or path.read_text(encoding="utf-8") != page.markdown:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    return path


def _refuse_nav_to_hidden(nav: Any, hidden: dict[str, str], config_file: str | None) -> None:
    """A navigation entry to a page the public edition leaves out names it: refuse."""
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
    elif isinstance(nav, dict):
        for key, value in nav.items():
            yield from _nav_paths(value, str(key))


def _refuse_links_to_hidden(page: Page, config: MkDocsConfig, hidden: dict[str, str]) -> None:
    """A hand-written page of the public edition that links to a page the edition leaves
    out would publish its address: refuse, with the place of the link."""
    source = page.file.abs_src_path
    if source is None:
        return
    text = Path(source).read_text(encoding="utf-8-sig")
    for offset, target, what in links_to_hidden(text, hidden):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        docs = (
            Path(config.docs_dir)
            .resolve()
            .relative_to(Path(config.config_file_path).resolve().parent)
        )
        raise PluginError(
            f"sopkit: {docs.as_posix()}/{page.file.src_uri}:{line}:{column}: links to "
            f"'{target}', {what}, which the public edition does not have; link to a public "
            "page, or leave the link out of the public edition"
        )


def _refuse_html_links_to_hidden(html: str, page: Page, hidden: dict[str, str]) -> None:
    """The last check of a public page before it is written: no address in its HTML (a
    link, an image, a form) leads to a page the public edition leaves out, however it
    got there (a Markdown extension, an attribute list, a theme override)."""
    for _, target in link_targets(html):
        what = hidden_target(target, hidden)
        if what is not None:
            raise PluginError(
                f"sopkit: the page {page.file.src_uri} links to '{target}', {what}, which the "
                "public edition does not have; remove the link from the public edition"
            )


def _target(
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
    return Target(url, authorities.title(citation) or citation.normalized)


def _require_extensions(config: MkDocsConfig) -> None:
    """Generated pages use these Markdown extensions; add any the site does not load."""
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def _enable_theme_feature(config: MkDocsConfig, feature: str) -> None:
    """Material shows the edit button only when this feature is on."""
    features = config.theme.get("features") or []
    if feature not in features:
        config.theme["features"] = [*features, feature]


def _docs_pages(config: MkDocsConfig) -> list[str]:
    docs = Path(config.docs_dir)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
