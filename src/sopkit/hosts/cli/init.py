"""`sopkit init DIR`: a new organization's content repository that builds at once."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

from sopkit.checks import check_project
from sopkit.diagnostics import Severity
from sopkit.hosts.cli.common import Io, UsageError, plural
from sopkit.sources.project import Layout
from sopkit.sources.starter import Answers, answer_problems, starter_files
from sopkit.status.asof import AsOfError, resolve_as_of

_QUESTIONS = (
    ("org", "The organization's name (e.g. Fayette County Public Schools)"),
    ("time_zone", "Its time zone, which decides when a review is due (e.g. America/New_York)"),
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "init",
        help="create a new organization's policy and manual repository, ready to build",
        description=(
            "Write a new content repository into DIR (new or empty): mkdocs.yml, a "
            "two-section starter manual, one starter policy, home and accessibility "
            "pages, a README with the two commands, a Makefile that installs this "
            "version of sopkit, CI workflows and CODEOWNERS. Answers not given as "
            "options are asked for when the terminal is interactive."
        ),
    )
    parser.add_argument("folder", metavar="DIR", help="the folder to create (or an empty one)")
    parser.add_argument("--org", help="the organization's name")
    parser.add_argument("--time-zone", help="its time zone, e.g. America/New_York")
    parser.add_argument("--site-name", help="the site's name (default: from the organization)")
    parser.add_argument(
        "--board", help="the body that adopts policies (default: Board of Education)"
    )
    parser.add_argument(
        "--edition", help="the manual's edition, e.g. 2026-27 (default: this school year)"
    )
    parser.add_argument(
        "--zip-name", help="the offline copy's file name (default: from the organization)"
    )
    parser.set_defaults(command=init)


def init(
    io: Io, *, folder: str, org: str | None, time_zone: str | None, site_name: str | None,
    board: str | None, edition: str | None, zip_name: str | None,
) -> int:  # fmt: skip
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{folder}' is a file; give the name of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"'{folder}' is a folder with files in it; choose a new or empty one")
    given = _asked({"org": org, "time_zone": time_zone})
    try:  # today in the organization's zone (a wrong zone is reported below)
        today = resolve_as_of(None, time_zone=given["time_zone"])
    except AsOfError as exc:
        raise UsageError(str(exc)) from None
    answers = Answers.with_defaults(
        given["org"], site_name=site_name, time_zone=given["time_zone"], edition=edition,
        zip_name=zip_name, board=board, today=today,
    )  # fmt: skip
    problems = answer_problems(answers)
    if problems:
        raise UsageError("; ".join(problems) + " (nothing was written)")
    files = list(starter_files(answers, version("sopkit"), today))
    existed = target.exists()
    for new in files:
        path = target / new.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new.text, encoding="utf-8")
    _checked(target, existed, today)
    print(f"Wrote {plural(len(files), 'file')} into {target.as_posix()}/ for {answers.org}.",
          file=io.out)  # fmt: skip
    print(f"Next: cd {target.as_posix()} && make build   (then: make test)", file=io.out)
    return 0


def _asked(given: dict[str, str | None]) -> dict[str, str]:
    """Each answer given, else asked for (only when someone is at the terminal)."""
    answers: dict[str, str] = {}
    missing = []
    for name, question in _QUESTIONS:
        value = given[name]
        if value is None and sys.stdin.isatty():
            value = input(f"{question}: ").strip() or None
        if value is None:
            missing.append("--" + name.replace("_", "-"))
        answers[name] = value or ""
    if missing:
        raise UsageError(
            f"give {' and '.join(missing)}, or run sopkit init in a terminal to be asked "
            "(nothing was written)"
        )
    return answers


def _checked(target: Path, existed: bool, today: dt.date) -> None:
    """What init wrote passes `sopkit check`, or it is taken back: an answer the checks
    of the sources refuse (a name with markup in it) is reported with their words."""
    problems = [
        d for d in check_project(Layout(target), as_of=today).diagnostics
        if d.severity is Severity.ERROR
    ]  # fmt: skip
    if not problems:
        return
    if existed:  # an empty folder the user gave: empty it again
        for path in sorted(target.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    else:
        shutil.rmtree(target)
    first = problems[0]
    raise UsageError(
        f"an answer cannot be written into the sources: {first.message} (in {first.location.path}"
        f"; {first.hint}); nothing was written"
    )
