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

from importlib.metadata import version

from sopkit.checks import check_loaded, check_project
from sopkit.diagnostics import Diagnostic, Location, Severity
from sopkit.model import Project
from sopkit.sources.project import Layout, LoadResult, load_project

__version__ = version("sopkit")

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
