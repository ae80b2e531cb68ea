"""The `sopkit` command.

`main(argv)` returns the exit status instead of exiting, so tests call it directly:
0 when all is well, 1 when the sources have errors, 2 when the command was used wrongly.
This module and the MkDocs adapter are the only places that print diagnostics.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sopkit import __version__
from sopkit.asof import DEFAULT_TIME_ZONE, AsOfError, resolve_as_of
from sopkit.authorities import Authorities
from sopkit.citations import find_citations
from sopkit.diagnostics import Diagnostic, Severity
from sopkit.jsonschemas import schema_documents, write_schemas
from sopkit.kinds import KINDS
from sopkit.loader import decode
from sopkit.model import Project
from sopkit.project import Layout, check_loaded, load_project, load_registry


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit status 2."""


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(args.run(args, out))
    except UsageError as exc:
        print(f"sopkit: {exc}", file=err)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sopkit",
        description="Check, cite and publish a policy and its SOP manual.",
    )
    parser.add_argument("--version", action="version", version=f"sopkit {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check every source file and report all problems",
        description=(
            "Check every source and report all problems, each with its file, line and column."
        ),
    )
    check.add_argument(
        "path", nargs="?", default=".", help="the project folder (default: this folder)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument("--as-of", metavar="DATE", help="treat DATE (YYYY-MM-DD) as today")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=run_check)

    cite = commands.add_parser(
        "cite",
        help="list the legal citations in text files, with their web addresses",
        description=(
            "List the legal citations in each file (or in standard input): where each is, its "
            "normal form and its web address. Titles and addresses come from the registry of "
            "the project in this folder, when there is one."
        ),
    )
    cite.add_argument(
        "paths", nargs="*", metavar="PATH", help="files to read; none, or -, reads standard input"
    )
    cite.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    cite.add_argument(
        "--project", default=".", help="the project whose registry to use (default: this folder)"
    )
    cite.set_defaults(run=run_cite)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas that editors use to check sources as you type",
        description="Write the JSON Schema of every source kind into a folder, or print one.",
    )
    schema.add_argument(
        "kind", nargs="?", choices=sorted(KINDS), help="print only this kind's schema"
    )
    schema.add_argument("--out", metavar="DIR", help="folder to write into (default: ./schemas)")
    schema.set_defaults(run=run_schema)
    return parser


def project_layout(path: str) -> Layout:
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"'{path}' is not a folder")
    if not (root / "sop").is_dir() and not (root / "policy_data").is_dir():
        raise UsageError(
            f"'{path}' is not a sopkit project: it has neither sop/ nor policy_data/ "
            "(run sopkit in the folder that holds them, or pass that folder)"
        )
    return Layout(root)


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    layout = project_layout(args.path)
    loaded = load_project(layout)
    manual = loaded.project.manual
    try:
        as_of = resolve_as_of(
            args.as_of, time_zone=manual.time_zone if manual else DEFAULT_TIME_ZONE
        )
    except AsOfError as exc:
        raise UsageError(str(exc)) from None
    result = check_loaded(loaded, as_of=as_of)
    diagnostics = [_relative_to_cwd(d, layout.root) for d in result.diagnostics]
    if args.format == "json":
        report = {
            "as_of": as_of.isoformat(),
            "files": len(result.project.files),
            "diagnostics": [d.as_json() for d in diagnostics],
        }
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        for diagnostic in diagnostics:
            print(diagnostic, file=out)
        print(summary(diagnostics, len(result.project.files)), file=out)
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in diagnostics) else 0


def _relative_to_cwd(diagnostic: Diagnostic, root: Path) -> Diagnostic:
    if root.resolve() == Path.cwd().resolve():
        return diagnostic
    from dataclasses import replace

    location = replace(diagnostic.location, path=(root / diagnostic.location.path).as_posix())
    return replace(diagnostic, location=location)


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One closing line: how many problems of each kind, in how many files."""
    checked = f"{files} source file{'s' if files != 1 else ''}"
    if not diagnostics:
        return f"No problems found in {checked}."
    counts = []
    for severity, noun in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        n = sum(1 for d in diagnostics if d.severity is severity)
        if n:
            counts.append(f"{n} {noun}{'s' if n != 1 else ''}")
    affected = len({d.location.path for d in diagnostics})
    files_affected = f"{affected} file{'s' if affected != 1 else ''}"
    return f"{' and '.join(counts)} in {files_affected} ({checked} checked)."


def run_cite(args: argparse.Namespace, out: TextIO) -> int:
    authorities = _registry(Path(args.project))
    results = []
    for name in args.paths or ["-"]:
        text = _read_text(name)
        results.append((name if name != "-" else "<stdin>", text, find_citations(text)))
    if args.format == "json":
        report = [
            {"path": path, "citations": [{**c.as_json(), "url": authorities.url(c)} for c in found]}
            for path, _, found in results
        ]
        # Compact: for tools, and much faster to write than indented JSON.
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    for path, text, found in results:
        starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        for citation in found:
            line = bisect.bisect_right(starts, citation.start)
            column = citation.start - starts[line - 1] + 1
            url = authorities.url(citation) or "(no address)"
            print(
                f"{path}:{line}:{column}: {citation.normalized} -> {url}",
                file=out,
            )
    return 0


def _registry(folder: Path) -> Authorities:
    """The project's registry and templates, or the defaults outside a project."""
    if (folder / "policy_data").is_dir():
        return Authorities(load_registry(Layout(folder)).project)
    return Authorities(Project(manual=None))


def _read_text(name: str) -> str:
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


def run_schema(args: argparse.Namespace, out: TextIO) -> int:
    documents = schema_documents()
    if args.kind and not args.out:
        json.dump(documents[args.kind], out, indent=2)
        out.write("\n")
        return 0
    folder = Path(args.out or "schemas")
    kinds = [args.kind] if args.kind else sorted(documents)
    for path in write_schemas(folder, kinds):
        print(f"wrote {path.as_posix()}", file=out)
    return 0
