"""sopkit: docs-as-code for a board policy and its standard operating procedure manual.

A tour of the public API, in the order data flows through it:

- `Layout` names a project folder (with `sop/` and `policy_data/`).
- `load_project(layout)` reads every source file once, refuses YAML hazards, checks
  each file's shape, and returns a `LoadResult`: the `Project` model and the problems.
- `check_loaded(result, as_of=date)` adds the checks that look across files (ids,
  references, numbers, review dates), with `as_of` as today. `check_project` does both.
- Problems are `Diagnostic` values, each with a `Location` (file, line, column), a
  `Severity`, a plain-words message and a hint. Nothing in the core prints them.
- The model (`sopkit.model`) is made of frozen dataclasses: `Project`, `Manual`,
  `Chapter`, `Section`, `Policy`, `PolicyVersion`, `Clause`, `Authority`, ...
- `sopkit.sources.kinds.KINDS` declares the shape of every kind of source file; the same
  declarations produce the JSON Schemas that editors use (`sopkit schema`).

The command line (`sopkit.hosts.cli.main`) and the MkDocs plugin are thin hosts over this core.
"""

from __future__ import annotations

import importlib
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sopkit.checks import check_loaded, check_project
    from sopkit.diagnostics import Diagnostic, Location, Severity
    from sopkit.model import Project
    from sopkit.sources.project import Layout, LoadResult, load_project

__version__ = version("sopkit")

# Each name is imported when it is first used, not with the package: a build that finds
# its result in the build cache never needs the checks, and importing them all would be
# most of what such a build costs (PEP 562).
_HOMES = {
    "check_loaded": "sopkit.checks",
    "check_project": "sopkit.checks",
    "Diagnostic": "sopkit.diagnostics",
    "Location": "sopkit.diagnostics",
    "Severity": "sopkit.diagnostics",
    "Project": "sopkit.model",
    "Layout": "sopkit.sources.project",
    "LoadResult": "sopkit.sources.project",
    "load_project": "sopkit.sources.project",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sopkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Diagnostic",
    "Layout",
    "LoadResult",
    "Location",
    "Project",
    "Severity",
    "__version__",
    "check_loaded",
    "check_project",
    "load_project",
]
