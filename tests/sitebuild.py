"""Build a real MkDocs site from a project folder, in-process, the way `mkdocs build
--strict` does, and collect what MkDocs logged."""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

MKDOCS_YML = """\
site_name: Fixture site
theme:
  name: material
  font: false
plugins:
  - search
  - sopkit:
      edit_url: https://github.com/district/manual/edit/main/{path}#L{line}
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
  links:
    not_found: warn
"""


@dataclass
class Built:
    site: Path
    logs: list[tuple[str, str]]
    """(level name, message) of everything MkDocs and sopkit logged at INFO and above."""
    error: str = ""

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def warnings(self) -> list[str]:
        return [m for level, m in self.logs if level in ("WARNING", "ERROR")]

    def errors(self) -> list[str]:
        return [m for level, m in self.logs if level == "ERROR"]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def write_site(root: Path, mkdocs_yml: str = MKDOCS_YML, index: str = "# Home\n") -> None:
    (root / "mkdocs.yml").write_text(textwrap.dedent(mkdocs_yml), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text(index, encoding="utf-8")


def build_site(root: Path, strict: bool = True, site_dir: Path | None = None) -> Built:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    error = ""
    try:
        overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=strict, **overrides)
        build(config)
    except MkDocsException as exc:
        error = str(exc)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Built(site_dir or root / "site", handler.records, error)
