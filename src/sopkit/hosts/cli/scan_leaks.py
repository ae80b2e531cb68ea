"""`sopkit scan-leaks`: proof, from the outside, that a built public site holds nothing
internal."""

from __future__ import annotations

import argparse
from pathlib import Path

from sopkit.editions.leaks import FileVerdict, scan_project_site
from sopkit.hosts.cache import cache_folder, code_digest, keep, read_kept
from sopkit.hosts.cli.common import (
    Io,
    UsageError,
    add_project,
    built_without_errors,
    open_checked,
    plural,
    run_pipeline,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "scan-leaks",
        help="check that a built public site holds nothing internal (exit 1 if it does)",
        description=(
            "Look through every file of a built site (HTML, JSON, JavaScript, XML, gzip and "
            "zip members, PDF text, links and destinations) for anything internal: the ids, "
            "titles and text of internal sections, the internal steps, notes and blocks of "
            "public ones, and any address of an internal page."
        ),
    )
    parser.add_argument("site", metavar="SITE_DIR", help="the built site, e.g. site-public")
    add_project(parser)
    parser.add_argument(
        "--marker",
        action="append",
        default=[],
        metavar="TEXT",
        help="also look for this text (may be given more than once)",
    )
    parser.set_defaults(command=scan_leaks)


def scan_leaks(io: Io, *, project: str, site: str, marker: list[str]) -> int:
    folder = Path(site)
    if not folder.is_dir():
        raise UsageError(f"'{site}' is not a folder (build the site first)")
    opened = open_checked(project)
    done = built_without_errors(io, opened, run_pipeline(opened, None, "internal"))
    # The verdicts of earlier scans, by each file's bytes and every marker: a rebuilt
    # site is read again only in the files that changed (see scan_folder).
    kept_at = cache_folder(opened.layout.root)
    memo = None if kept_at is None else kept_at / "leak-scan.pickle"
    found = read_kept(memo) if memo is not None else None
    known: dict[str, FileVerdict] = found if isinstance(found, dict) else {}
    result = scan_project_site(
        done.project,
        folder,
        marker,
        earlier=[e.project for e in done.history],
        known=None if memo is None else known,
        salt=code_digest(),
    )
    if memo is not None and result.verdicts != known:
        keep(memo, dict(result.verdicts))  # this scan's files only: it never grows past a site
    for leak in result.leaks:
        print(f"{folder / leak.path}: {leak.marker.what}: “{leak.context}”", file=io.out)
    verdict = (
        f"{plural(len(result.leaks), 'leak')} of restricted content"
        if result.leaks
        else "No restricted content"
    )
    print(
        f"{verdict} in {plural(result.files, 'file')} of {folder} "
        f"({plural(result.markers, 'marker')}; "
        f"{plural(len(result.skipped), 'file')} without text, such as images and fonts).",
        file=io.out,
    )
    return 1 if result.leaks else 0
