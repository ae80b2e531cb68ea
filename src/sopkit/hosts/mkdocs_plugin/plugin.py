"""The `sopkit` MkDocs plugin: hooks that hand the pipeline's pages to MkDocs.

Each hook is a dispatcher: it checks its guards and calls one function of this package
(options, files, links, nav, pdfs, report). The state the hooks share is declared in
`__init__`; what one build decides is reset in `on_config`.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.parse
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sopkit.diagnostics import SOURCES_HAVE_ERRORS, Diagnostic, Severity
from sopkit.hosts.cache import (
    Kept,
    build_cache,
    build_key,
    cache_folder,
    compiled_templates,
    feeds_key,
    page_context,
    page_key,
    sources_kept,
)
from sopkit.hosts.mkdocs_plugin import files as generated
from sopkit.hosts.mkdocs_plugin.config import SopkitConfig
from sopkit.hosts.mkdocs_plugin.conversions import CONVERSIONS, LAST, Conversions
from sopkit.hosts.mkdocs_plugin.handwritten import (
    fill_parts,
    internal_pages,
    left_out_pages,
    nav_without,
    refuse_links_to_internal_pages,
    remove_pages,
)
from sopkit.hosts.mkdocs_plugin.links import (
    not_found_page,
    page_paths_by_url,
    refuse_links_to_hidden,
    refuse_nav_to_hidden,
)
from sopkit.hosts.mkdocs_plugin.nav import docs_pages, expand_nav, prepare_theme, prune_nav
from sopkit.hosts.mkdocs_plugin.options import build_options, build_timestamp, summary_time
from sopkit.hosts.mkdocs_plugin.pdfs import pdfs_wanted
from sopkit.hosts.mkdocs_plugin.report import log, report
from sopkit.hosts.mkdocs_plugin.summary import BuildSummary, summary_of
from sopkit.render.error_page import error_page_html
from sopkit.render.paths import HOME, MANUAL_INDEX, POLICY_INDEX
from sopkit.sources.textrules import is_placeholder_address
from sopkit.web.marks import with_edition_mark, with_header_badge
from sopkit.web.rendered import RenderedPage

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

    from sopkit.built import Build
    from sopkit.render.imprint import Imprint
    from sopkit.sources.project import SourceCache
    from sopkit.web.printing import LinkCite


class SopkitPlugin(BasePlugin[SopkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # -- shared by every build of one `mkdocs serve` -----------------------------
        self.serving = False
        """Whether this is a live preview (`mkdocs serve`)."""
        self.sources: SourceCache | None = None
        """While serving: unchanged sources are not read again."""
        self.page_files: Path | None = None
        """While serving: generated pages as files, rewritten only when they change."""
        self.first_build = True  # no build yet since on_startup (a preview's first)
        self.root = Path()  # the folder of mkdocs.yml
        # -- decided by each build -----------------------------------------------------
        self.summary: BuildSummary | None = None  # what the hooks read of its result
        self.made: Build | None = None  # the pipeline's whole result, once needed (`whole`)
        self.pages: dict[str, RenderedPage] = {}
        """The generated pages, by their path among the site's pages."""
        self.hidden: dict[str, str] = {}
        """In the public edition: the pages it leaves out, which nothing may link to."""
        self.staff_pages: dict[str, str] = {}
        """In the public edition: the hand-written pages marked `visibility: internal`."""
        self.serve_errors: tuple[Diagnostic, ...] = ()
        """While serving sources with errors: the errors, shown on every page."""
        self.pdfs = False  # whether this build makes PDFs
        self.files: Files | None = None
        """The site's files, once MkDocs has them (the not-found page links some)."""
        self.imprint: Imprint | None = None
        """What every page says of itself: its edition, and what its dates are."""
        self.cites: dict[str, LinkCite] = {}
        """What a printed link to a section, chapter, policy or clause says after it."""
        self.paths_by_url: dict[str, str] = {}
        """Each page's address → its path among the pages (to know where links go)."""
        self.pdf_summary = ""
        self.seconds = 0.0
        """Time spent in sopkit's own work during the last build."""
        self._edit_links_of: object = None
        self._edit_links_answer = False
        self._printing_of: BuildSummary | None = None
        self.kept = Kept()
        """What earlier builds of the same inputs made, and this build's keys to it."""
        self.conversions = Conversions()  # pages' Markdown converted (kept, and made)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Keep one plugin for every build of `mkdocs serve` (having this hook does), and
        make what its rebuilds share."""
        self.serving, self.first_build = command == "serve", True
        self.sources, self.page_files = None, None
        if self.serving:
            from sopkit.sources.project import SourceCache

            self.sources = SourceCache()
            self.page_files = Path(tempfile.mkdtemp(prefix="sopkit-pages-"))

    @event_priority(100)  # before Material's offline plugin looks for a worker shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the pipeline, report what it found, and place its pages in the nav."""
        started = time.perf_counter()
        self.pdf_summary, self.serve_errors, self.hidden, self.pages = "", (), {}, {}
        self.staff_pages, self.imprint, self.cites = {}, None, {}
        self.pdfs = pdfs_wanted(self.config.pdf, self.serving)
        self.root = Path(config.config_file_path).resolve().parent
        self.summary = summary = self._built(self.root)
        report((*summary.diagnostics, *summary.status), self.config.checks)
        if not summary.rendered:
            return self._with_errors(config)
        self.pages = {page.path: page for page in summary.pages}
        self.hidden = summary.hidden
        refuse_nav_to_hidden(config.nav, self.hidden, config.config_file_path)
        config.nav = expand_nav(
            config.nav, summary.nav, docs_pages(config), config.config_file_path
        )
        prepare_theme(config, edit=self._edit_links(), reviews=summary.reviews)
        if self.config.edit_url and not self._edit_links():
            log.info(
                "edit_url %s is on a host reserved for examples: pages get no "
                "'Edit this page' link until it names your repository",
                self.config.edit_url,
            )
        self.seconds = time.perf_counter() - started
        return config

    def _built(self, root: Path) -> BuildSummary:
        """The summary of the pipeline's result: kept from an earlier build of the very
        same inputs (sopkit.hosts.cache), else made, and kept with the result."""
        self.made = None
        asked = build_options(self.config, None, pdf=self.pdfs)
        # While serving, only the first build looks in the cache (for what `mkdocs build`
        # kept), and none writes to it: a preview's rebuilds follow each edit, and what
        # they made (a few pages each) would replace what the next build could use.
        first, self.first_build = not self.serving or self.first_build, False
        self.kept = Kept(build_cache(root, asked.edition) if first else None)
        self.kept.read_only = self.serving
        # A preview's rebuilds start from its last build's conversions, in memory (as
        # from its sources).
        if self.kept.cache is not None:
            self.conversions = Conversions(self.kept.cache.result(LAST, slot=CONVERSIONS))
        else:
            self.conversions = Conversions(self.conversions.used if self.serving else None)
        if self.kept.cache is not None:
            self.kept.build_key = build_key(
                root,
                (self.config.sop_dir, self.config.policy_data_dir),
                Path(self.config.templates_dir) if self.config.templates_dir else None,
                asked,
                root / self.config.sop_dir / "editions.yml",
                explicit_day=bool(self.config.as_of or os.environ.get("SOPKIT_AS_OF")),
            )
            kept = self.kept.cache.result(self.kept.build_key, slot="summary")
            if isinstance(kept, BuildSummary):
                self.kept.from_cache = True
                return kept
        made = self.whole()
        summary = summary_of(made)
        keeps = self.kept.keeps
        if keeps is not None and self.kept.build_key is not None and made.site is not None:
            keeps.keep_result(self.kept.build_key, made)
            keeps.keep_result(self.kept.build_key, summary, slot="summary")
        return summary

    def whole(self) -> Build:
        """The pipeline's whole result: what this build made, else what the build cache
        kept with the summary (a page, a feed or a PDF not in the cache needs it), else
        made now from the same inputs."""
        if self.made is None:
            self._keep_compiled_templates()
        if self.made is None and self.kept.from_cache and self.kept.cache is not None:
            from sopkit.built import Build

            kept = self.kept.cache.result(self.kept.build_key or "", slot="build")
            self.made = kept if isinstance(kept, Build) else None
        if self.made is None:
            self.made = self._made(self.root)
        return self.made

    def _keep_compiled_templates(self) -> None:
        """sopkit's templates, compiled, kept in the cache folder (the environment is
        the pipeline's own: one per templates folder, for the process)."""
        from sopkit.render.environment import make_environment

        templates = build_options(self.config, None, pdf=self.pdfs).templates
        environment = make_environment(templates)
        folder = cache_folder(self.root)
        # Set by every build, for its own folder: a process may build several sites.
        environment.bytecode_cache = (
            compiled_templates(environment, folder) if folder is not None else None
        )

    @event_priority(-100)  # after every plugin has added its filters (they are in the key)
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """The theme's templates, compiled, kept in the cache folder."""
        folder = cache_folder(self.root)
        env.bytecode_cache = compiled_templates(env, folder) if folder is not None else None

    def _made(self, root: Path) -> Build:
        # Imported here: a build that found its result in the cache needs none of this.
        from sopkit.pipeline import build
        from sopkit.sources.history import load_with_history
        from sopkit.sources.project import Layout

        layout = Layout(root, self.config.sop_dir, self.config.policy_data_dir)
        if self.sources is not None:  # serving: what each unchanged file gave, in memory
            loaded = load_with_history(layout, self.sources)
        else:  # what the last build read, by each file's bytes, in the cache folder
            with sources_kept(root) as kept:
                loaded = load_with_history(layout, kept)
        return build(loaded, build_options(self.config, loaded.project.manual, pdf=self.pdfs))

    def _with_errors(self, config: MkDocsConfig) -> MkDocsConfig:
        """Stop the build; or, while serving, keep the preview up, showing the errors."""
        if not self.serving:
            raise PluginError(
                f"{SOURCES_HAVE_ERRORS}; fix them and build again. "
                "`sopkit check` lists the same problems with a hint for each."
            )
        assert self.summary is not None
        self.serve_errors = tuple(
            d for d in self.summary.diagnostics if d.severity is Severity.ERROR
        )
        config.nav = prune_nav(config.nav, set(docs_pages(config)))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out what the edition does not have; add the generated pages, sopkit's
        assets, the feeds and the PDFs."""
        self._leave_out(files, config)
        self.files = files
        self.paths_by_url = {}
        if self.serve_errors or self.summary is None or not self.summary.rendered:
            return files  # nothing generated: every page shows the errors instead
        started = time.perf_counter()
        generated.add_pages(files, config, self.pages, self.page_files)
        generated.add_assets(files, config, reviews=self.summary.reviews)
        self._add_feeds(files, config)
        self.paths_by_url = page_paths_by_url(files)
        self.kept.page_context = page_context(
            self.kept.build_key, self.paths_by_url, config.site_url
        )
        self.seconds += time.perf_counter() - started
        if self.pdfs:
            # Imported here: a build without PDFs (mkdocs serve) does not pay for them.
            from sopkit.hosts.mkdocs_plugin.pdfs import add_pdfs

            written = add_pdfs(self.whole(), self.config.pdf, files, config, self.kept)
            self.pdf_summary = (
                f"; {len(written.files)} PDFs ({written.made} made, "
                f"{len(written.files) - written.made} unchanged) in {written.seconds:.2f} s"
            )
        return files

    def _add_feeds(self, files: Files, config: MkDocsConfig) -> None:
        """The feeds, as an earlier build of the same inputs (and the same files and
        address) made them, else made now."""
        assert self.summary is not None
        stamp = summary_time(self.summary)
        key = None
        if self.kept.cache is not None and self.kept.build_key is not None:
            urls = [f"{f.src_uri}={f.url}" for f in files]
            key = feeds_key(self.kept.build_key, stamp.isoformat(), config.site_url, urls)
            kept = self.kept.cache.result(key, slot="feeds")
            if isinstance(kept, list):
                for path, content in kept:
                    files.append(File.generated(config, path, content=content))
                return
        before = {f.src_uri for f in files}
        generated.add_feeds(files, config, self.whole(), stamp)
        if key is not None and (keeps := self.kept.keeps) is not None:
            made = [(f.src_uri, f.content_bytes) for f in files if f.src_uri not in before]
            keeps.keep_result(key, made, slot="feeds")

    def _leave_out(self, files: Files, config: MkDocsConfig) -> None:
        """The public edition without the staff-only pages; no nav entry for a page that
        is not built (`exclude_docs`, drafts, staff-only)."""
        if self.summary is not None and self.summary.edition == "public":
            self.staff_pages = internal_pages(files, config)
            remove_pages(files, self.staff_pages)
        left_out = left_out_pages(files, self.serving) | set(self.staff_pages)
        config.nav = nav_without(config.nav, left_out)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Refuse a hand-written public page's links to left-out pages; set the page's
        "edit this page" address to the source file and line it is made from."""
        if page.file.src_uri not in self.pages:
            if self.hidden:
                refuse_links_to_hidden(page, config, self.hidden)
            refuse_links_to_internal_pages(page, config, self.staff_pages)
            start_here = self.summary.start_here if self.summary is not None else ""
            markdown = fill_parts(markdown, page, config, start_here)
            if self.summary is not None and self.summary.in_force_banner:
                from sopkit.web.in_force_pages import with_banner

                markdown = with_banner(markdown, self.summary.in_force_banner)
        page.edit_url = self._edit_url(page, config) if self._edit_links() else None
        self.conversions.offer(page, config, files)
        return markdown

    def _edit_links(self) -> bool:
        """Whether pages link to their sources: an `edit_url` on a host reserved for
        examples (example.org, git.example) leads nowhere, so it gets no link. (The same
        for every page of a build: worked out once.)"""
        if self._edit_links_of != self.config.edit_url:
            self._edit_links_of = self.config.edit_url
            url = self.config.edit_url
            self._edit_links_answer = bool(url) and not is_placeholder_address(str(url))
        return self._edit_links_answer

    def _edit_url(self, page: Page, config: MkDocsConfig) -> str:
        generated_page = self.pages.get(page.file.src_uri)
        if generated_page is not None:
            path, line = generated_page.source.path, generated_page.source.line or 1
        else:
            root = Path(config.config_file_path).resolve().parent
            docs = Path(config.docs_dir).resolve().relative_to(root)
            path, line = f"{docs.as_posix()}/{page.file.src_uri}", 1
        # The template was checked (sopkit.sources.settings.edit_url_problem): only
        # {path} and {line}, so formatting it reaches nothing else.
        return str(self.config.edit_url).format(path=urllib.parse.quote(path), line=line)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Sanitize generated pages, check public pages' addresses, link citations."""
        started = time.perf_counter()
        key = None
        if self.kept.cache is not None and self.kept.page_context:
            key = page_key(self.kept.page_context, page.file.src_uri, page.url, html)
            kept = self.kept.cache.page(key)
            if kept is not None:
                self.seconds += time.perf_counter() - started
                return kept
        html = self._finished(html, page, config, files)
        if key is not None and (keeps := self.kept.keeps) is not None:
            keeps.keep_page(key, html)
        self.seconds += time.perf_counter() - started
        return html

    def _finished(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Imported here: a build that finds every page in the cache needs none of them.
        from sopkit.hosts.mkdocs_plugin.links import (
            citation_target,
            refuse_html_links_to_hidden,
            resolve_md_links,
        )
        from sopkit.render.linking import link_citations
        from sopkit.render.sanitize import sanitize_html
        from sopkit.render.tables import stackable_tables

        if page.file.src_uri in self.pages:
            html = sanitize_html(html)  # made from the sources: keep only what pages need
            html = resolve_md_links(html, page, files)
        if self.hidden:
            refuse_html_links_to_hidden(html, page, self.hidden)
        html = with_edition_mark(html, self._edition_mark())
        html = stackable_tables(html)  # every page's tables, hand-written ones too
        summary = self.summary
        views = self.whole().views if summary is not None and summary.rendered else None
        if summary is not None and views is not None:
            # Linked to the source, else to the entry of the Authorities page it has.
            resolve = partial(citation_target, views.authorities, summary.cited, page, files)
            html = link_citations(html, resolve, views.authorities.grammar)
        return self._for_print(html, page, config)

    def _for_print(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """Links that say, on paper, which section or clause they go to; the imprint."""
        from sopkit.hosts.mkdocs_plugin.links import link_cite_of
        from sopkit.web.printing import imprint_html, with_link_cites

        self._printing()
        if self.cites:
            html = with_link_cites(html, partial(link_cite_of, self.cites, self.paths_by_url, page))
        if self.imprint is None:
            return html
        address = (config.site_url or "") + page.url
        return html + imprint_html(self.imprint, address or "./", canonical=bool(config.site_url))

    def _printing(self) -> None:
        """What a printed page says of itself and of its links (the same on every page
        of a build: worked out once, for the first page not found in the cache)."""
        if self._printing_of is self.summary:
            return
        self._printing_of = self.summary
        self.imprint, self.cites = None, {}
        if self.summary is None or not self.summary.rendered:
            return
        from sopkit.built import imprint
        from sopkit.web.printing import link_cites

        done = self.whole()
        assert done.views is not None  # a build with pages has its views
        self.imprint = imprint(done, build_timestamp(done))
        self.cites = link_cites(done.views)

    def _edition_mark(self) -> str:
        return self.summary.marks[0] if self.summary is not None else ""

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild the preview when a source changes."""
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.config.sop_dir, self.config.policy_data_dir):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """While the sources have errors, every page of the preview lists them; else the
        page, with the officers' edition named in its header."""
        if self.serve_errors:
            return error_page_html(self.serve_errors)
        title = self.summary.feed_title if self.summary is not None else ""
        feed = generated.feed_link(self.files, title, page.url) if self.files else ""
        return generated.with_feed_link(with_header_badge(output, self._header_badge()), feed)

    def _header_badge(self) -> str:
        return self.summary.marks[1] if self.summary is not None else ""

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The not-found page too (the preview serves it without its reload script, so
        it reloads itself)."""
        if self.serve_errors and template_name == "404.html":
            return error_page_html(self.serve_errors, reload_every=3)
        if template_name == "404.html" and not self.serving:
            found = not_found_page(
                output_content, self._ways_on(config), relative=not config.site_url
            )
            return with_header_badge(found, self._header_badge())
        return output_content

    def _ways_on(self, config: MkDocsConfig) -> list[tuple[str, str]]:
        """The pages a lost reader is sent to, as addresses from the top of the site."""
        prefix = config.site_url or ""
        ways = []
        for label, path in (("the home page", HOME), ("the manual", MANUAL_INDEX),
                            ("the board policies", POLICY_INDEX)):  # fmt: skip
            file = self.files.get_file_from_path(path) if self.files is not None else None
            if file is not None:
                ways.append((label, prefix + (file.url or "./")))
        return ways

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Say what was made, and how long sopkit's own part took; keep the pages."""
        if (keeps := self.kept.keeps) is not None:
            keeps.save_pages()
            if self.conversions.changed:
                keeps.keep_result(LAST, self.conversions.used, slot=CONVERSIONS)
        if self.serve_errors:
            log.error(
                f"sopkit: the preview shows the {len(self.serve_errors)} error(s) above on "
                "every page; save a fix and it shows the site again"
            )
        elif self.summary is not None and self.summary.rendered:
            day = self.summary.as_of.isoformat()
            log.info(
                f"rendered {len(self.pages)} pages from {self.summary.sources} sources "
                f"in {self.seconds:.2f} s{self.pdf_summary} (as of {day})"
                + (
                    "; the sources had not changed since the last build"
                    if self.kept.from_cache
                    else ""
                )
            )
