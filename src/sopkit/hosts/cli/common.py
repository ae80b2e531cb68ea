"""What every command shares: how options are declared (once), how a project is opened
and built (through the pipeline, with its mkdocs.yml options), and how problems are
printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sopkit.diagnostics import Diagnostic, Severity, count_errors
from sopkit.hosts.cache import sources_kept
from sopkit.model import Manual
from sopkit.pipeline import Build, BuildOptions, build
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout, LoadResult
from sopkit.sources.settings import Settings, as_of_option, read_settings
from sopkit.sources.textrules import DEFAULT_TIME_ZONE
from sopkit.status.asof import AsOfError, resolve_as_of

EDITIONS = ("internal", "public")


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit status 2."""


@dataclass(frozen=True)
class Io:
    """Where a command writes: its report, and its complaints."""

    out: TextIO
    err: TextIO


# -- options, declared once ------------------------------------------------------------


def add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project", default=".", metavar="DIR", help="the project folder (default: this folder)"
    )


def add_format(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )


def add_as_of(parser: argparse.ArgumentParser, what: str = "treat DATE as today") -> None:
    parser.add_argument(
        "--as-of", metavar="DATE", help=f"{what} (YYYY-MM-DD; default: as the build takes it)"
    )


def add_edition(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default=None,
        help=f"{what}; by default the edition mkdocs.yml builds",
    )


def add_point_in_time(parser: argparse.ArgumentParser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--in-force-on",
        metavar="DATE",
        help="the manual as in force on DATE (YYYY-MM-DD): that edition's sources, review "
        "status as of DATE",
    )
    when.add_argument(
        "--as-of-edition",
        metavar="ID",
        help="the manual as of edition ID of sop/editions.yml (e.g. 2025-26)",
    )


def in_force_day(written: str | None) -> dt.date | None:
    if written is None:
        return None
    day = as_of_option("--in-force-on", written)
    if isinstance(day, str):
        raise UsageError(f"--in-force-on: {day}")
    return day


# -- opening and building a project --------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A project folder: where its sources are, its options, and their problems."""

    layout: Layout
    settings: Settings
    problems: list[Diagnostic]

    def load(self) -> LoadResult:
        """The sources, each file read again only when its bytes changed since a build
        or a command last read it (sopkit.hosts.cache.kept_sources)."""
        with sources_kept(self.layout.root) as kept:
            return load_with_history(self.layout, kept)


def open_project(path: str) -> Opened:
    """The project in `path`, with the options the build reads from its mkdocs.yml."""
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"'{path}' is not a folder")
    settings, problems = read_settings(root)
    layout = Layout(root, settings.sop_dir, settings.policy_data_dir)
    if not (root / layout.sop).is_dir() and not (root / layout.policy_data).is_dir():
        raise UsageError(
            f"'{path}' is not a sopkit project: it has neither {layout.sop}/ nor "
            f"{layout.policy_data}/ (run sopkit in the folder that holds them, or pass that "
            "folder)"
        )
    return Opened(layout, settings, problems)


def open_checked(path: str) -> Opened:
    """The project, refused (a usage error) if the build would refuse its options."""
    opened = open_project(path)
    if count_errors(opened.problems):
        raise UsageError(str(relative_to_cwd(opened.problems[0], opened.layout.root)))
    return opened


def resolve_day(explicit: str | None, settings: Settings, manual: Manual | None) -> dt.date:
    """Today, as the build takes it: --as-of, else the as_of option, else SOPKIT_AS_OF,
    else today in the time_zone option's zone or the manual's."""
    zone = settings.time_zone or (manual.time_zone if manual else DEFAULT_TIME_ZONE)
    try:
        return resolve_as_of(explicit or settings.as_of, time_zone=zone)
    except AsOfError as exc:
        raise UsageError(str(exc)) from None


def run_pipeline(
    opened: Opened,
    as_of: str | None,
    edition: str | None = None,
    *,
    pdf_sections: bool = True,
    in_force_on: str | None = None,
    as_of_edition: str | None = None,
) -> Build:
    """The pipeline, with the project's options and the command's, as the build runs it
    (commands need no rendered pages: the views are what they report on and print)."""
    loaded = opened.load()
    settings = opened.settings
    templates = opened.layout.root / settings.templates_dir if settings.templates_dir else None
    return build(
        loaded,
        BuildOptions(
            as_of=resolve_day(as_of, settings, loaded.project.manual),
            edition=edition or settings.edition,  # type: ignore[arg-type]
            templates=templates,
            public_review_status=settings.public_review_status,
            render=False,
            pdf_sections=settings.pdf_sections and pdf_sections,
            in_force_on=in_force_day(in_force_on),
            as_of_edition=as_of_edition,
        ),
    )


def built_without_errors(io: Io, opened: Opened, done: Build) -> Build:
    """The build, or a usage error naming its errors (printed first) if it has any."""
    if done.ok and done.project.manual is not None:
        return done
    print_all(io.out, (d for d in done.diagnostics if d.severity is Severity.ERROR), opened)
    raise UsageError("the sources have errors; fix them first (see `sopkit check`)")


# -- printing ---------------------------------------------------------------------------


def relative_to_cwd(diagnostic: Diagnostic, root: Path) -> Diagnostic:
    """A diagnostic whose path a person in the current folder can open."""
    if root.resolve() == Path.cwd().resolve():
        return diagnostic
    location = dataclasses.replace(
        diagnostic.location, path=(root / diagnostic.location.path).as_posix()
    )
    return dataclasses.replace(diagnostic, location=location)


def print_all(out: TextIO, diagnostics: Iterable[Diagnostic], opened: Opened) -> None:
    for diagnostic in diagnostics:
        print(relative_to_cwd(diagnostic, opened.layout.root), file=out)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
