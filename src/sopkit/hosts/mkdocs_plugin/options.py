"""The build's options, from the plugin's configuration and the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mkdocs.exceptions import PluginError

from sopkit.built import Build, BuildOptions, build_time
from sopkit.hosts.mkdocs_plugin.config import SopkitConfig
from sopkit.sources.settings import as_of_option
from sopkit.status.asof import AsOfError, as_of_for, generation_time

if TYPE_CHECKING:
    from sopkit.hosts.mkdocs_plugin.summary import BuildSummary
    from sopkit.model import Manual

EDITION_OVERRIDE = "SOPKIT_EDITION"
IN_FORCE_OVERRIDE = "SOPKIT_IN_FORCE_ON"
AS_OF_EDITION_OVERRIDE = "SOPKIT_AS_OF_EDITION"


def build_options(config: SopkitConfig, manual: Manual | None, *, pdf: bool) -> BuildOptions:
    """What this build asks of the pipeline: the same options any host passes."""
    try:
        explicit = cast("str | dt.date | None", config.as_of)
        as_of = as_of_for(manual.time_zone if manual else None, explicit, config.time_zone)
    except AsOfError as exc:
        raise PluginError(f"sopkit: {exc}") from None
    edition = os.environ.get(EDITION_OVERRIDE) or config.edition
    if edition not in ("internal", "public"):
        raise PluginError(f"sopkit: {EDITION_OVERRIDE} is '{edition}'; use internal or public")
    in_force_on, as_of_edition = point_in_time(config)
    return BuildOptions(
        as_of=as_of,
        in_force_on=in_force_on,
        as_of_edition=as_of_edition,
        edition=edition,  # type: ignore[arg-type]
        templates=Path(config.templates_dir) if config.templates_dir else None,
        public_review_status=config.public_review_status,
        render=True,
        pdf=pdf,
        pdf_sections=config.pdf.sections,
    )


def point_in_time(config: SopkitConfig) -> tuple[dt.date | None, str | None]:
    """The day or the edition a point-in-time build shows: the environment's, else the
    options'; at most one of them."""
    day = config.in_force_on
    written = os.environ.get(IN_FORCE_OVERRIDE, "").strip()
    if written:
        parsed = as_of_option(IN_FORCE_OVERRIDE, written)
        if isinstance(parsed, str):
            raise PluginError(f"sopkit: {IN_FORCE_OVERRIDE}: {parsed}")
        day = parsed
    edition = os.environ.get(AS_OF_EDITION_OVERRIDE, "").strip() or config.as_of_edition
    if day is not None and edition:
        raise PluginError(
            "sopkit: the build is asked for both a day (in_force_on or SOPKIT_IN_FORCE_ON) "
            "and an edition (as_of_edition or SOPKIT_AS_OF_EDITION); give one of them"
        )
    return day, edition or None


def build_timestamp(done: Build) -> dt.datetime:
    """When the build happened (see sopkit.pipeline.build_time)."""
    try:
        return build_time(done)
    except ValueError as exc:
        raise PluginError(f"sopkit: {exc}") from None


def summary_time(summary: BuildSummary) -> dt.datetime:
    """The same as `build_timestamp`, from a build's summary."""
    try:
        return generation_time(summary.as_of, time_zone=summary.time_zone)
    except ValueError as exc:
        raise PluginError(f"sopkit: {exc}") from None
