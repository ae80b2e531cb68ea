"""The plugin's options, as they appear under `plugins: - sopkit:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

LEVELS = ("warn", "info", "ignore")


class ChecksConfig(base.Config):
    """How loud each kind of finding is. Errors in the sources always stop the build."""

    source_warnings = c.Choice(LEVELS, default="warn")
    """Warnings from the checks of the sources (as `sopkit check` prints them)."""
    malformed_citations = c.Choice(LEVELS, default="warn")
    """A citation written in a malformed way, such as 20 U.S.C. 1232(g)."""
    unregistered_citations = c.Choice(LEVELS, default="warn")
    """A citation with no registry entry and no web address that can be made for it."""
    unused_authorities = c.Choice(LEVELS, default="warn")
    """A registry entry that nothing cites."""
    overdue_reviews = c.Choice(LEVELS, default="warn")
    """A section overdue for review, or never reviewed. The environment variable
    SOPKIT_REVIEW_WARNINGS overrides it (for CI builds that should not fail on it)."""
    overdue_obligations = c.Choice(LEVELS, default="warn")
    """A duty of the policy that is overdue (SOPKIT_REVIEW_WARNINGS overrides it too)."""
    due_soon = c.Choice(LEVELS, default="info")
    """A section or duty due within the warning window."""


class PdfConfig(base.Config):
    """PDFs of the manual, its chapters and sections, the policy and its redlines."""

    enabled = c.Type(bool, default=True)
    """Build the PDFs into the site (under pdf/) and link them from the pages. The
    environment variable SOPKIT_PDF (1 or 0) overrides it."""
    on_serve = c.Type(bool, default=False)
    """Also build them during `mkdocs serve` (off, so that the live preview stays fast)."""
    sections = c.Type(bool, default=True)
    """A PDF of each chapter and each section, besides the whole manual."""
    cache_dir = c.Type(str, default=".cache/sopkit-pdf")
    """Where made PDFs are kept, relative to mkdocs.yml: a document whose content has
    not changed is not made again. SOPKIT_PDF_CACHE overrides it."""


class SopkitConfig(base.Config):
    # -- sources --------------------------------------------------------------------
    sop_dir = c.Type(str, default="sop")
    """The manual's folder, relative to mkdocs.yml."""
    policy_data_dir = c.Type(str, default="policy_data")
    """The folder of policies and registries, relative to mkdocs.yml."""

    # -- what to publish ------------------------------------------------------------
    edition = c.Choice(("internal", "public"), default="internal")
    """`internal` (the officers' edition: everything) or `public` (public content only).
    The environment variable SOPKIT_EDITION overrides it."""

    # -- dates ----------------------------------------------------------------------
    as_of = c.Optional(c.Type((str, dt.date)))
    """The day that counts as today (YYYY-MM-DD); else SOPKIT_AS_OF; else today."""
    time_zone = c.Optional(c.Type(str))
    """The time zone 'today' is taken in; by default the manual's own."""

    # -- presentation ---------------------------------------------------------------
    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder of templates that replace sopkit's packaged templates of the same name."""
    public_review_status = c.Type(bool, default=True)
    """Show review status (due dates, banners, dashboard, feeds) in the public edition
    too. When false, the public edition leaves it out, keeping only when each section was
    last reviewed; the build still reports overdue reviews."""
    edit_url = c.Optional(c.Type(str))
    """Address of a source file in the repository, with {path} and {line} placeholders,
    e.g. https://github.com/district/manual/edit/main/{path}. Every page's "edit this
    page" link opens its source: the YAML file (and line) a generated page comes from."""

    # -- checks ---------------------------------------------------------------------
    checks = c.SubConfig(ChecksConfig)

    # -- PDFs -----------------------------------------------------------------------
    pdf = c.SubConfig(PdfConfig)
