"""`sopkit cite`: the legal citations in any text, with where they are and their links."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sopkit.diagnostics import Diagnostic, Severity
from sopkit.hosts.cli.common import Io, UsageError, add_format, open_project, relative_to_cwd
from sopkit.law.authorities import Authorities
from sopkit.law.citations import find_citations
from sopkit.law.jurisdictions import known_jurisdictions
from sopkit.model import Project
from sopkit.sources.loader import decode
from sopkit.sources.project import load_registry
from sopkit.sources.tree import SourceText


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "cite",
        help="list the legal citations in text files, with their web addresses",
        description=(
            "List the legal citations in each file (or in standard input): where each is, its "
            "normal form and its web address. Titles and addresses come from the registry of "
            "the project in this folder, when there is one."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files to read; none, or -, reads standard input"
    )
    add_format(parser, ("text", "json"))
    parser.add_argument(
        "--project", default=".", help="the project whose registry to use (default: this folder)"
    )
    parser.add_argument(
        "--jurisdictions",
        action="store_true",
        help="list the jurisdictions and codes of laws whose citations are found, and stop",
    )
    parser.set_defaults(command=cite)


def cite(io: Io, *, paths: list[str], format: str, project: str, jurisdictions: bool) -> int:
    authorities, problems = _registry(project)
    for problem in problems:  # never a registry or a code of laws silently left out
        print(f"{problem}", file=io.err)
    if problems:
        print(
            "sopkit: the registry or the codes of laws have errors (above); citations they "
            "describe are not found until they are fixed (see sopkit check)",
            file=io.err,
        )
    status = 1 if problems else 0
    if jurisdictions:
        for name, what in known_jurisdictions(authorities.grammar):
            print(f"{name}: {what}", file=io.out)
        return status
    texts = [SourceText(name if name != "-" else "<stdin>", _read(name)) for name in paths or ["-"]]
    found = [(text, find_citations(text.text, authorities.grammar)) for text in texts]
    if format == "json":
        report = [
            {
                "path": text.path,
                "citations": [{**c.as_json(), "url": authorities.url(c)} for c in cs],
            }
            for text, cs in found
        ]
        # Compact: for tools, and much faster to write than indented JSON.
        io.out.write(json.dumps(report, ensure_ascii=False) + "\n")
        return status
    for text, citations in found:
        for citation in citations:
            url = authorities.url(citation) or "(no address)"
            print(f"{text.location(citation.start)}: {citation.normalized} -> {url}", file=io.out)
    return status


def _registry(folder: str) -> tuple[Authorities, list[Diagnostic]]:
    """The project's registry, templates and codes of laws (or the defaults outside a
    project), and the errors of those files."""
    try:
        opened = open_project(folder)
    except UsageError:
        return Authorities(Project(manual=None)), []
    loaded = load_registry(opened.layout)
    errors = [relative_to_cwd(d, opened.layout.root) for d in loaded.diagnostics
              if d.severity is Severity.ERROR]  # fmt: skip
    return Authorities(loaded.project), errors


def _read(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read '{name}': {exc.strerror}") from None
    text, problem = decode(name, data)
    if problem is not None:
        raise UsageError(f"{problem.location}: {problem.message}; {problem.hint}")
    return text
