"""The plugin's options, as they appear under `plugins: - sopkit:` in mkdocs.yml.

Each option's value is checked by the rule in `sopkit.sources.settings` that the command line
uses too, and a wrong option is an error, never a warning: with `mkdocs build -q` a
warning is not shown, and a misspelt option would silently do nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError

from sopkit.sources.settings import (
    CHECK_OPTIONS,
    LEVELS,
    as_of_option,
    checks_problems,
    edit_url_problem,
    folder_problem,
    time_zone_option_problem,
)

Rule = Callable[[Any], str | None]


class Checked(BaseConfigOption[Any]):
    """An option whose value one of sopkit's rules checks (the rule says what is wrong)."""

    def __init__(self, rule: Rule, default: Any = None, *, keep_null: bool = False) -> None:
        super().__init__()
        self.rule = rule
        self.default = default
        self.keep_null = keep_null
        self._written_null = False

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        # Written as `sop_dir:` or `sop_dir: null` is not the same as not written.
        self._written_null = key_name in config and config[key_name] is None

    def validate(self, value: object) -> Any:
        if value is None and not self._written_null:
            return self.default
        if value is None and self.keep_null:
            return None
        problem = self.rule(value)
        if problem is not None:
            raise ValidationError(problem)
        return value


class AsOf(BaseConfigOption[dt.date]):
    def __init__(self, name: str = "as_of") -> None:
        super().__init__()
        self.name = name

    def run_validation(self, value: object) -> dt.date:
        day = as_of_option(self.name, value)
        if isinstance(day, str):
            raise ValidationError(day)
        return day


class StrictConfig(base.Config):
    """A group of options in which a name the group does not have is an error."""

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super().validate()
        unknown = [w for w in warnings if w[1].startswith("Unrecognised configuration name")]
        failed += [(key, ValidationError(self.unknown_key(key))) for key, _ in unknown]
        return failed, [w for w in warnings if w not in unknown]

    def unknown_key(self, key: str) -> str:
        from sopkit.sources.schema import did_you_mean

        names = [name for name, _ in self._schema]
        close = did_you_mean(key, names)
        return f"'{key}' is not an option{close}; the options are {', '.join(names)}"


def _level(default: str) -> c.Choice[str]:
    return c.Choice(LEVELS, default=default)


class ChecksConfig(StrictConfig):
    """How loud each kind of finding is. Errors in the sources always stop the build."""

    source_warnings = _level(CHECK_OPTIONS["source_warnings"][0])
    """Warnings from the checks of the sources (as `sopkit check` prints them)."""
    malformed_citations = _level(CHECK_OPTIONS["malformed_citations"][0])
    """A citation written in a malformed way, such as 20 U.S.C. 1232(g)."""
    unregistered_citations = _level(CHECK_OPTIONS["unregistered_citations"][0])
    """A citation with no registry entry and no web address that can be made for it."""
    unused_authorities = _level(CHECK_OPTIONS["unused_authorities"][0])
    """A registry entry that nothing cites."""
    overdue_reviews = _level(CHECK_OPTIONS["overdue_reviews"][0])
    """A section overdue for review, or never reviewed. The environment variable
    SOPKIT_REVIEW_WARNINGS overrides it (for CI builds that should not fail on it)."""
    overdue_obligations = _level(CHECK_OPTIONS["overdue_obligations"][0])
    """A duty of the policy that is overdue (SOPKIT_REVIEW_WARNINGS overrides it too)."""
    due_soon = _level(CHECK_OPTIONS["due_soon"][0])
    """A section or duty due within the warning window."""
    citation_drift = _level(CHECK_OPTIONS["citation_drift"][0])
    """A section or policy clause that cites a law whose text took effect (as
    policy_data/authorities.lock.yml records it) after the section was last reviewed,
    or the policy version adopted."""
    missing_history = _level(CHECK_OPTIONS["missing_history"][0])
    """An earlier edition (sop/editions.yml) whose sources this clone lacks: a shallow
    clone, or a copy without git; and, in a build as in force on a day, what today's
    checks find in that edition's sources. A note by default, so that such a copy still
    builds."""

    def unknown_key(self, key: str) -> str:
        problems = checks_problems({key: "warn"})
        return problems[0] if problems else super().unknown_key(key)


class PdfConfig(StrictConfig):
    """PDFs of the manual, its chapters and sections, the policy and its redlines."""

    enabled = c.Type(bool, default=True)
    """Build the PDFs into the site (under pdf/) and link them from the pages. The
    environment variable SOPKIT_PDF (1 or 0) overrides it."""
    on_serve = c.Type(bool, default=False)
    """Also build them during `mkdocs serve` (off, so that the live preview stays fast)."""
    sections = c.Type(bool, default=True)
    """A PDF of each chapter and each section, besides the whole manual."""
    cache_dir = Checked(lambda value: folder_problem("cache_dir", value), ".cache/sopkit-pdf")
    """Where made PDFs are kept, relative to mkdocs.yml: a document whose content has
    not changed is not made again. SOPKIT_PDF_CACHE overrides it."""


class SopkitConfig(StrictConfig):
    # -- sources --------------------------------------------------------------------
    sop_dir = Checked(lambda value: folder_problem("sop_dir", value), "sop")
    """The manual's folder, relative to mkdocs.yml."""
    policy_data_dir = Checked(lambda value: folder_problem("policy_data_dir", value), "policy_data")
    """The folder of policies and registries, relative to mkdocs.yml."""

    # -- what to publish ------------------------------------------------------------
    edition = c.Choice(("internal", "public"), default="internal")
    """`internal` (the officers' edition: everything) or `public` (public content only).
    The environment variable SOPKIT_EDITION overrides it."""

    # -- dates ----------------------------------------------------------------------
    as_of: c.Optional[dt.date] = c.Optional(AsOf())
    """The day that counts as today (YYYY-MM-DD); else SOPKIT_AS_OF; else today."""
    time_zone = Checked(lambda value: time_zone_option_problem("time_zone", value), keep_null=True)
    """The time zone 'today' is taken in; by default the manual's own."""
    in_force_on: c.Optional[dt.date] = c.Optional(AsOf("in_force_on"))
    """Build the manual as in force on this day (YYYY-MM-DD): the edition of
    sop/editions.yml in force then, from its sources as they were at its commit, with
    review status as of that day; every page and PDF says so at its top. The environment
    variable SOPKIT_IN_FORCE_ON overrides it."""
    as_of_edition = c.Optional(c.Type(str))
    """Build the manual as of this edition of sop/editions.yml (its id, e.g. 2025-26),
    with review status as of the day it came into force. SOPKIT_AS_OF_EDITION overrides
    it. Give this or in_force_on, not both."""

    # -- presentation ---------------------------------------------------------------
    templates_dir = c.Optional(c.Dir(exists=True))
    """A folder of templates that replace sopkit's packaged templates of the same name."""
    public_review_status = c.Type(bool, default=True)
    """Show review status (due dates, banners, dashboard, feeds) in the public edition
    too. When false, the public edition leaves it out, keeping only when each section was
    last reviewed; the build still reports overdue reviews."""
    edit_url = Checked(edit_url_problem, keep_null=True)
    """Address of a source file in the repository, with {path} and {line} placeholders,
    e.g. https://github.com/district/manual/edit/main/{path}. Every page's "edit this
    page" link opens its source: the YAML file (and line) a generated page comes from."""

    # -- checks ---------------------------------------------------------------------
    checks = c.SubConfig(ChecksConfig)
    """How loud each kind of finding is: each of the options below is `warn`, `info` or
    `ignore` (see `checks`)."""

    # -- PDFs -----------------------------------------------------------------------
    pdf = c.SubConfig(PdfConfig)
    """Which PDFs to make, and when (see `pdf`)."""
