"""`sopkit fmt`: every source in the house style, so that diffs show only content."""

from __future__ import annotations

import argparse
from pathlib import Path

from sopkit.hosts.cli.common import Io, UsageError, add_project, open_checked, plural
from sopkit.sources.edit import EditError
from sopkit.sources.fmt import FormatError, format_file
from sopkit.sources.project import discover


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "fmt",
        help="write every source in the house style, so that diffs show only content",
        description=(
            "Rewrite sources in canonical form: indentation, spacing and trailing blank "
            "lines, keeping comments, key order, quotes and text. With --check, only say "
            "which files would change (exit 1 if any would)."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files to format (default: all)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    add_project(parser)
    parser.set_defaults(command=fmt)


def fmt(io: Io, *, project: str, paths: list[str], check: bool) -> int:
    files = _files(project, paths)
    changed, failed = 0, 0
    for path in files:
        outcome = _format(path, check)
        if outcome is None:
            changed += 1
            print(f"{path.as_posix()}: {'would be reformatted' if check else 'reformatted'}",
                  file=io.out)  # fmt: skip
        elif outcome:
            failed += 1
            print(f"{path.as_posix()}: not formatted: {outcome}", file=io.out)
    print(_verdict(len(files), changed, failed, check), file=io.out)
    return 1 if failed or (check and changed) else 0


def _files(project: str, paths: list[str]) -> list[Path]:
    opened = open_checked(project)
    if not paths:
        return [source.path for source in discover(opened.layout)[0]]
    for name in paths:
        if not Path(name).is_file():
            raise UsageError(f"'{name}' is not a file")
    return [Path(name) for name in paths]


def _format(path: Path, check: bool) -> str | None:
    """'' when the file is formatted, None when it changed (or would), else why not."""
    try:
        return None if format_file(path, check=check).changed else ""
    except (FormatError, EditError) as exc:
        return str(exc)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        return f"it cannot be read or written ({reason})"


def _verdict(total: int, changed: int, failed: int, check: bool) -> str:
    files = plural(total, "source file")
    if not check:
        verdict = f"Reformatted {changed} of {files}"
    elif changed:
        verdict = f"{changed} of {files} would be reformatted"
    else:
        verdict = f"All {files} are formatted" if total != 1 else f"{files} is formatted"
    return verdict + (f"; {failed} could not be read" if failed else "") + "."
