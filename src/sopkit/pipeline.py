"""From sources to outputs, in one call: the pipeline every host runs.

    load → check (shape, then meaning, as of a date) → the edition's own checks →
    select the edition → derive the views → render the pages → (print the documents)

Every host goes through `build`: the MkDocs plugin, and every command that writes or
decides something (`sopkit check`, `review`, `pdf`, `diff`, `scan-leaks`). So every
check and every option applies everywhere in the same way: a host cannot print a PDF
that the public build would refuse, or show review status that the options hide.
Nothing is rendered when the sources have errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sopkit.built import Build, BuildOptions, build_time, imprint
from sopkit.checks import check_loaded
from sopkit.diagnostics import Diagnostic, count_errors, sort_key
from sopkit.editions.in_force import choose
from sopkit.editions.leaks import withheld_reason_problems
from sopkit.editions.select import (
    Edition,
    public_edition_problems,
    select_edition,
    without_unshown_merges,
)
from sopkit.model import Project
from sopkit.render.environment import TemplateProblem
from sopkit.sources.project import EarlierEdition, Layout, LoadResult
from sopkit.status.obligations import obligation_diagnostics, obligation_states
from sopkit.status.reviews import review_diagnostics, review_states
from sopkit.views import views_of
from sopkit.web.history_pages import EditionHistory, whats_new_page
from sopkit.web.in_force_pages import pages_with_banner
from sopkit.web.pages import RenderOptions, render_site

if TYPE_CHECKING:
    from sopkit.pdf.documents import PageUrl, PrintDocument, WhatsNew


def build(loaded: LoadResult, options: BuildOptions) -> Build:
    """Check a loaded project and, if it has no errors, select the edition, derive its
    views and (if asked) render its pages. A point-in-time build (`in_force_on`,
    `as_of_edition`) does so with the sources of the edition it asks for."""
    if options.in_force_on is None and options.as_of_edition is None:
        return _build(loaded, options)
    chosen = choose(loaded, day=options.in_force_on, edition_id=options.as_of_edition)
    if chosen.loaded is None or chosen.in_force is None:
        problems = sorted((*loaded.diagnostics, *chosen.problems), key=sort_key)
        return Build(loaded.project, tuple(problems), options)
    in_force = chosen.in_force
    # Review status as of the day shown; the checks of the sources as of today, since
    # an edition's sources may record reviews made after the day it came into force.
    shown = dataclasses.replace(options, as_of=in_force.review_day)
    done = _build(chosen.loaded, shown, check_day=options.as_of)
    site = done.site
    if site is not None:
        site = dataclasses.replace(site, pages=pages_with_banner(site.pages, in_force))
    return dataclasses.replace(done, site=site, in_force=in_force)


def _build(loaded: LoadResult, options: BuildOptions, check_day: dt.date | None = None) -> Build:
    checked = check_loaded(loaded, as_of=check_day or options.as_of)
    diagnostics = tuple(checked.diagnostics)
    if options.edition == "public" and not count_errors(diagnostics):
        diagnostics += tuple(public_edition_problems(checked.project))
        diagnostics += tuple(withheld_reason_problems(checked.project))
    if count_errors(diagnostics):
        return Build(checked.project, diagnostics, options)
    status = tuple(status_diagnostics(checked.project, options.as_of))
    published = select_edition(checked.project, options.edition)
    history = published_history(loaded.history, options.edition)
    if options.edition == "public":
        selected = {e.edition.id: e.project for e in history}
        published = without_unshown_merges(published, selected)
        history = tuple(
            dataclasses.replace(e, project=without_unshown_merges(e.project, selected))
            for e in history
        )
    views = views_of(published, as_of=options.as_of if options.show_review_status else None)
    if not options.render:
        return Build(
            checked.project, diagnostics, options, status, published, views, history=history
        )
    try:
        earlier = [(e.edition.id, e.project) for e in history]
        site = render_site(views, render_options(options), earlier)
    except TemplateProblem as problem:
        return Build(checked.project, (*diagnostics, problem.diagnostic), options, status)
    return Build(checked.project, diagnostics, options, status, published, views, site, history)


def published_history(
    history: tuple[EarlierEdition, ...], edition: Edition
) -> tuple[EarlierEdition, ...]:
    """The earlier editions' sources, each selected for the edition being built, so that
    nothing made from them later can show what the public edition withholds."""
    return tuple(
        dataclasses.replace(earlier, project=select_edition(earlier.project, edition))
        for earlier in history
    )


def render_options(options: BuildOptions) -> RenderOptions:
    return RenderOptions(
        edition=options.edition,
        templates=options.templates,
        as_of=options.as_of,
        show_review_status=options.show_review_status,
        pdf=options.pdf,
        pdf_sections=options.pdf_sections,
    )


def print_documents_of(
    done: Build, *, generated: dt.datetime, page_url: PageUrl | None = None
) -> list[PrintDocument]:
    """The printable documents of a build that passed its checks: the same edition, the
    same review status and templates as its pages. Every host makes PDFs through this,
    so no host can print what the build's checks would refuse. A template that fails
    raises `TemplateProblem`."""
    if done.views is None:
        raise ValueError("the sources have errors: there is nothing to print")
    from sopkit.pdf.documents import PrintOptions, print_documents  # only PDFs need them

    options = done.options
    return print_documents(
        done.views,
        PrintOptions(
            edition=options.edition,
            as_of=options.as_of if options.show_review_status else None,
            generated=generated,
            page_url=page_url or (lambda _path: None),
            templates=options.templates,
            sections=options.pdf_sections,
            in_force=done.in_force.banner if done.in_force is not None else "",
            whats_new=whats_new_of(done),
        ),
    )


def whats_new_of(done: Build) -> tuple[WhatsNew, ...]:
    """What each edition after the first read changed, newest first, as the What's new
    pages show it (without their links: a PDF names the sections)."""
    from sopkit.pdf.documents import WhatsNew  # only PDFs need it

    # The edition's own sources, as its pages show them (restricted content removed
    # from the public edition), like the earlier editions'.
    project = done.views.project if done.views is not None else None
    if project is None or project.manual is None:
        return ()
    earlier = [(e.edition.id, e.project) for e in done.history]
    history = EditionHistory([*earlier, (project.manual.edition, project)], project.editions)
    records = {e.id: e for e in project.editions}
    found: list[WhatsNew] = []
    for index in range(len(history.editions) - 1, 0, -1):
        edition, previous = history.editions[index][0], history.editions[index - 1][0]
        path = whats_new_page(edition)
        found.append(
            WhatsNew(
                edition,
                previous,
                records.get(edition),
                history.news(index, path, {}),
                history.clause_sections(index, path, {}),
            )
        )
    return tuple(found)


def status_diagnostics(project: Project, as_of: dt.date) -> Iterator[Diagnostic]:
    """Overdue and due-soon reviews and duties, for the build log."""
    if project.manual is None:
        return
    states = review_states(project.manual, as_of)
    yield from review_diagnostics(states)
    duties = obligation_states(project.obligations, states, as_of, project.manual.review.warning)
    yield from obligation_diagnostics(duties)


__all__ = [
    "Build",
    "BuildOptions",
    "Layout",
    "build",
    "build_time",
    "imprint",
    "print_documents_of",
    "whats_new_of",
]
