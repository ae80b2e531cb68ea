"""Checks that look across files: ids, references, numbers, dates, citations and
references to sections. Each returns `Diagnostic`s; nothing here prints."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sopkit.checks.drift import drift_problems
from sopkit.checks.editions import edition_problems
from sopkit.checks.meaning import check_meaning
from sopkit.diagnostics import sort_key
from sopkit.sources.project import Layout, LoadResult, load_project


def check_project(layout: Layout, *, as_of: dt.date) -> LoadResult:
    """Load the project and run every check: shape, then meaning."""
    return check_loaded(load_project(layout), as_of=as_of)


def check_loaded(result: LoadResult, *, as_of: dt.date) -> LoadResult:
    """Add the meaning checks to a loaded project.

    `as_of` is the day the checks treat as today (a review dated after it is refused).
    The caller decides it, so results never depend on the clock.
    """
    meaning = check_meaning(result.project, as_of=as_of)
    meaning += edition_problems(result.project, result.history)
    meaning += drift_problems(result.project)
    diagnostics = sorted(result.diagnostics + meaning, key=sort_key)
    return dataclasses.replace(result, diagnostics=diagnostics)
