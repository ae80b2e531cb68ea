"""The build's options, from the plugin's configuration and the environment."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import cast

from mkdocs.exceptions import PluginError

from sopkit.hosts.mkdocs_plugin.config import SopkitConfig
from sopkit.model import Manual
from sopkit.pipeline import Build, BuildOptions, build_time
from sopkit.status.asof import AsOfError, as_of_for

EDITION_OVERRIDE = "SOPKIT_EDITION"


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
    return BuildOptions(
        as_of=as_of,
        edition=edition,  # type: ignore[arg-type]
        templates=Path(config.templates_dir) if config.templates_dir else None,
        public_review_status=config.public_review_status,
        render=True,
        pdf=pdf,
        pdf_sections=config.pdf.sections,
    )


def build_timestamp(done: Build) -> dt.datetime:
    """When the build happened (see sopkit.pipeline.build_time)."""
    try:
        return build_time(done)
    except ValueError as exc:
        raise PluginError(f"sopkit: {exc}") from None
