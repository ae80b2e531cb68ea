"""A new organization's content repository, as `sopkit init` writes it.

The starter is a folder of templates packaged with sopkit (`sopkit/starter/`): the
site's configuration, a two-section manual, one policy, the home and accessibility
pages, a README with the two commands, a Makefile that installs sopkit by version, CI
workflows and CODEOWNERS. The organization's answers (its name, the site's name, the
time zone, the manual's edition, the offline zip's name) are written into those files,
never into code; each is checked first, so that what is written is valid.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sopkit.sources.jsonschemas import render, schema_documents, schema_file_name
from sopkit.sources.scaffold import NewFile, yaml_text
from sopkit.sources.textrules import time_zone_problem

STARTER = Path(__file__).resolve().parent.parent / "starter"
SCHEMAS = "schemas"
"""Where the new repository keeps its JSON Schemas (its files' modelines name them)."""

_ZIP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.zip")
_EDITION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}")


@dataclass(frozen=True)
class Answers:
    """What `sopkit init` asks of the organization."""

    org: str
    site_name: str
    time_zone: str
    edition: str
    zip_name: str
    board: str

    @classmethod
    def with_defaults(
        cls, org: str, *, site_name: str | None = None, time_zone: str, edition: str | None = None,
        zip_name: str | None = None, board: str | None = None, today: dt.date,
    ) -> Answers:  # fmt: skip
        """The answers, the ones not given made from the others."""
        year = today.year if today.month >= 7 else today.year - 1
        slug = "-".join(re.findall(r"[a-z0-9]+", org.lower())) or "manual"
        return cls(
            org=org,
            site_name=site_name or f"{org} policies and procedures",
            time_zone=time_zone,
            edition=edition or f"{year}-{str(year + 1)[-2:]}",
            zip_name=zip_name or f"{slug}-manual-offline.zip",
            board=board or "Board of Education",
        )


def answer_problems(answers: Answers) -> list[str]:
    """What is wrong with the answers, each naming its option, in plain words."""
    problems = []
    for option, value in (("--org", answers.org), ("--site-name", answers.site_name),
                          ("--board", answers.board)):  # fmt: skip
        if not value.strip():
            problems.append(f"{option} is empty; give the name readers will see")
        elif not value.isprintable() or len(value) > 200:
            problems.append(f"{option} must be a name of one line (up to 200 characters)")
    zone = time_zone_problem(answers.time_zone)
    if zone is not None:
        message, suggestion = zone
        problems.append(f"--time-zone: {message} (e.g. --time-zone {suggestion})")
    if not _EDITION.fullmatch(answers.edition):
        problems.append(
            f"--edition '{answers.edition}' is not an edition name: letters, digits, dots, "
            "hyphens (e.g. 2026-27)"
        )
    if not _ZIP_NAME.fullmatch(answers.zip_name):
        problems.append(
            f"--zip-name '{answers.zip_name}' is not a file name ending in .zip: letters, "
            "digits, dots, hyphens and underscores (e.g. district-manual-offline.zip)"
        )
    return problems


def starter_files(answers: Answers, version: str, today: dt.date) -> Iterator[NewFile]:
    """Every file of the new repository, its templates filled in with the answers."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(STARTER),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, Markdown and Makefiles: each value is escaped by a filter
    )
    env.filters.update(yaml=yaml_text, yaml_quoted=json.dumps, md=_markdown_text)
    env.globals["modeline"] = _modeline
    context = {**answers.__dict__, "version": version, "today": today.isoformat(),
               "manual_title": f"{answers.org} procedures manual"}  # fmt: skip
    for template in sorted(env.list_templates(extensions=["j2"])):
        yield NewFile(_output_path(template), env.get_template(template).render(context))
    for kind, document in schema_documents().items():
        yield NewFile(f"{SCHEMAS}/{schema_file_name(kind)}", render(document))


def _output_path(template: str) -> str:
    """sop/manual.yml.j2 → sop/manual.yml; gitignore.j2 → .gitignore; github/ → .github/
    (a wheel keeps no dotted names reliably)."""
    path = template.removesuffix(".j2")
    if path == "gitignore":
        return ".gitignore"
    return "." + path if path.startswith("github/") else path


def _modeline(path: str, kind: str) -> str:
    target = posixpath.relpath(f"{SCHEMAS}/{kind}.schema.json", posixpath.dirname(path))
    return f"# yaml-language-server: $schema={target}\n"


def _markdown_text(text: str) -> str:
    from html import escape

    return re.sub(r"([\\`*_\[\]#<>!|{}])", r"\\\1", escape(text, quote=False))
