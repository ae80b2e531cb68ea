"""The core's diagnostics, logged through MkDocs, at the levels the options set."""

from __future__ import annotations

import os
from collections.abc import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from sopkit.diagnostics import Diagnostic
from sopkit.hosts.mkdocs_plugin.config import ChecksConfig
from sopkit.sources.settings import CHECK_OPTIONS, LEVELS, REVIEW_OVERRIDE, level_of

# Under mkdocs.plugins, so that --strict counts the warnings.
log = get_plugin_logger("sopkit")


def report(diagnostics: Iterable[Diagnostic], checks: ChecksConfig) -> None:
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
