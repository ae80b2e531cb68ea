"""From sources to a rendered site, in one call: the pipeline every host runs.

load → check (shape, then meaning, as of a date) → select the edition → render.
Rendering happens only when the sources have no errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sopkit.checks import check_loaded
from sopkit.diagnostics import Diagnostic, count_errors
from sopkit.editions.select import Edition, public_edition_problems, select_edition
from sopkit.model import Project
from sopkit.render.environment import TemplateProblem
from sopkit.sources.project import Layout, LoadResult
from sopkit.status.obligations import obligation_diagnostics, obligation_states
from sopkit.status.reviews import review_diagnostics, review_states
from sopkit.views import Views, views_of
from sopkit.web.pages import RenderedSite, RenderOptions, render_site

if TYPE_CHECKING:
    from sopkit.pdf.documents import PageUrl, PrintDocument


@dataclass(frozen=True)
class SiteBuild:
    """The outcome of building a site from sources."""

    project: Project
    """The whole project, before edition selection."""
    diagnostics: tuple[Diagnostic, ...]
    site: RenderedSite | None
    """The rendered pages, or None when the sources have errors."""
    as_of: dt.date
    published: Project | None = None
    """What the edition shows: the project after edition selection."""
    published_edition: Edition = "internal"
    options: RenderOptions | None = None
    """The options the pages were rendered with; the printed documents follow them."""
    views: Views | None = None
    """The facts both the pages and the printed documents show, derived once."""


def build_site(
    loaded: LoadResult,
    *,
    as_of: dt.date,
    edition: Edition = "internal",
    templates: Path | None = None,
    show_review_status: bool = True,
    pdf: bool = False,
    pdf_sections: bool = True,
) -> SiteBuild:
    """Check a loaded project and, if it has no errors, render one edition of it.

    Besides the checks of the sources, the diagnostics report sections and duties that
    are overdue (warnings) or due soon (notes), for every section, published or not."""
    checked = check_loaded(loaded, as_of=as_of)
    diagnostics = tuple(checked.diagnostics)
    if edition == "public" and not count_errors(diagnostics):
        diagnostics += tuple(public_edition_problems(checked.project))
    if count_errors(diagnostics):
        return SiteBuild(checked.project, diagnostics, None, as_of, published_edition=edition)
    diagnostics += tuple(status_diagnostics(checked.project, as_of))
    published = select_edition(checked.project, edition)
    options = RenderOptions(
        edition=edition,
        templates=templates,
        as_of=as_of,
        show_review_status=show_review_status,
        pdf=pdf,
        pdf_sections=pdf_sections,
    )
    views = views_of(published, as_of=as_of if show_review_status else None)
    try:
        site = render_site(views, options)
    except TemplateProblem as problem:
        diagnostics += (problem.diagnostic,)
        return SiteBuild(checked.project, diagnostics, None, as_of, published_edition=edition)
    return SiteBuild(checked.project, diagnostics, site, as_of, published, edition, options, views)


def print_documents_of(
    build: SiteBuild, *, generated: dt.datetime, page_url: PageUrl | None = None
) -> list[PrintDocument]:
    """The printable documents of a build that passed its checks: the same edition, the
    same review status and templates as its pages. Every host makes PDFs through this,
    so no host can print what the build's checks would refuse. A template that fails
    raises `TemplateProblem`."""
    if build.views is None or build.options is None:
        raise ValueError("the sources have errors: there is nothing to print")
    from sopkit.pdf.documents import PrintOptions, print_documents  # only PDFs need them

    options = build.options
    return print_documents(
        build.views,
        PrintOptions(
            edition=options.edition,
            as_of=options.as_of if options.show_review_status else None,
            generated=generated,
            page_url=page_url or (lambda _path: None),
            templates=options.templates,
            sections=options.pdf_sections,
        ),
    )


def status_diagnostics(project: Project, as_of: dt.date) -> Iterator[Diagnostic]:
    """Overdue and due-soon reviews and duties, for the build log."""
    if project.manual is None:
        return
    states = review_states(project.manual, as_of)
    yield from review_diagnostics(states)
    duties = obligation_states(project.obligations, states, as_of, project.manual.review.warning)
    yield from obligation_diagnostics(duties)


__all__ = ["Layout", "SiteBuild", "build_site", "print_documents_of"]
