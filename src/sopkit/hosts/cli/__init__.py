"""The `sopkit` command.

`main(argv)` returns the exit status instead of exiting, so tests call it directly: 0
when all is well, 1 when the sources have errors, 2 when the command was used wrongly.
Each command is a module of this package, with `register` (its options; the options
every command shares are declared once, in `common`) and a typed function that takes
those options as keyword arguments and returns the exit status. This package and the
MkDocs adapter are the only places that print diagnostics.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import version
from typing import TextIO

from sopkit.hosts.cli import (
    authorities,
    build,
    changes,
    check,
    cite,
    diff,
    fmt,
    init,
    new,
    pdf,
    review,
    scan_leaks,
    schema,
)
from sopkit.hosts.cli.common import Io, UsageError

COMMANDS = (
    build, check, cite, review, diff, changes, authorities, pdf, fmt, init, new, scan_leaks,
    schema,
)  # fmt: skip


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run one command; its exit status."""
    io = Io(stdout or sys.stdout, stderr or sys.stderr)
    try:
        options = vars(build_parser().parse_args(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    command: Callable[..., int] = options.pop("command")
    # A subcommand (review mark) also receives its parent's options; each command takes
    # those it declares.
    accepted = inspect.signature(command).parameters
    try:
        return command(io, **{name: value for name, value in options.items() if name in accepted})
    except UsageError as exc:
        print(f"sopkit: {exc}", file=io.err)
        return 2


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, made once (making it costs more than many checks)."""
    parser = argparse.ArgumentParser(
        prog="sopkit", description="Check, cite and publish a policy and its SOP manual."
    )
    parser.add_argument("--version", action="version", version=f"sopkit {version('sopkit')}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


__all__ = ["UsageError", "build_parser", "main"]
