"""From sources to a rendered site, in one call: the pipeline every host runs.

load → check (shape, then meaning, as of a date) → select the edition → render.
Rendering happens only when the sources have no errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sopkit.diagnostics import Diagnostic, count_errors
from sopkit.editions import Edition, select_edition
from sopkit.model import Project
from sopkit.project import Layout, LoadResult, check_loaded
from sopkit.render.pages import RenderedSite, RenderOptions, render_site


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


def build_site(
    loaded: LoadResult,
    *,
    as_of: dt.date,
    edition: Edition = "internal",
    templates: Path | None = None,
) -> SiteBuild:
    """Check a loaded project and, if it has no errors, render one edition of it."""
    checked = check_loaded(loaded, as_of=as_of)
    diagnostics = tuple(checked.diagnostics)
    if count_errors(diagnostics):
        return SiteBuild(checked.project, diagnostics, None, as_of)
    published = select_edition(checked.project, edition)
    site = render_site(published, RenderOptions(edition=edition, templates=templates))
    return SiteBuild(checked.project, diagnostics, site, as_of, published)


__all__ = ["Layout", "SiteBuild", "build_site"]
