"""The site's PDFs: made by the core, kept in a cache, added to MkDocs' files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from sopkit.hosts.cache import Kept, print_markdown_key
from sopkit.hosts.mkdocs_plugin.config import PdfConfig
from sopkit.hosts.mkdocs_plugin.options import build_timestamp

if TYPE_CHECKING:
    from sopkit.built import Build
    from sopkit.pdf.writer import WrittenPdfs

SWITCH = "SOPKIT_PDF"
CACHE = "SOPKIT_PDF_CACHE"


def pdfs_wanted(options: PdfConfig, serving: bool) -> bool:
    """Whether this build makes PDFs: SOPKIT_PDF=1/0 decides, else the options (which
    leave them out of `mkdocs serve` unless on_serve is set)."""
    switch = os.environ.get(SWITCH)
    if switch is not None:
        if switch not in ("0", "1"):
            raise PluginError(f"sopkit: {SWITCH} is '{switch}'; use 1 (make PDFs) or 0 (do not)")
        return switch == "1"
    return bool(options.enabled) and (not serving or bool(options.on_serve))


def add_pdfs(
    done: Build, options: PdfConfig, files: Files, config: MkDocsConfig, kept: Kept
) -> WrittenPdfs:
    """Make (or reuse) every PDF of the published edition and add it to the site."""
    # Imported here, so that a build without PDFs does not load them.
    from sopkit.pdf.writer import cache_problem, write_pdfs
    from sopkit.pipeline import print_documents_of
    from sopkit.render import markdown_html
    from sopkit.render.environment import TemplateProblem

    site_url = config.site_url or ""

    def page_url(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return site_url + file.url if site_url and file is not None else None

    # The sources' Markdown, converted for print by the last build: an edit converts
    # the texts it changed (converting them all took a third of a second an edition).
    key = print_markdown_key() if kept.cache is not None else ""
    last = kept.cache.result(key, slot="print-markdown") if kept.cache is not None else None
    markdown_html.add_conversions(last)
    markdown_html.used_conversions()  # from here on: what this build uses
    try:
        documents = print_documents_of(done, generated=build_timestamp(done), page_url=page_url)
    except TemplateProblem as problem:
        raise PluginError(f"sopkit: {problem.diagnostic}") from None
    used = markdown_html.used_conversions()
    if (keeps := kept.keeps) is not None and used != last:
        keeps.keep_result(key, used, slot="print-markdown")
    root = Path(config.config_file_path).resolve().parent
    cache = Path(os.environ.get(CACHE) or root / str(options.cache_dir))
    unwritable = cache_problem(cache)
    if unwritable is not None:
        option = CACHE if os.environ.get(CACHE) else "pdf → cache_dir"
        raise PluginError(f"sopkit: {option}: {unwritable}; choose a folder the build can write")
    written = write_pdfs(documents, cache)
    for path, pdf in written.files.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"sopkit: docs/{path} has the address of a generated PDF; rename it")
        files.append(File.generated(config, path, abs_src_path=str(pdf)))
    return written
