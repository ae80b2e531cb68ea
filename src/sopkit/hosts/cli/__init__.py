"""The `sopkit` command.

`main(argv)` returns the exit status instead of exiting, so tests call it directly:
0 when all is well, 1 when the sources have errors, 2 when the command was used wrongly.
This module and the MkDocs adapter are the only places that print diagnostics.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TextIO

from sopkit.checks import check_loaded
from sopkit.compare.changes import compare_projects
from sopkit.diagnostics import Diagnostic, Severity, count_errors
from sopkit.editions.leaks import scan_project_site
from sopkit.editions.select import public_edition_problems
from sopkit.law.authorities import Authorities
from sopkit.law.citations import find_citations
from sopkit.model import Manual, Project
from sopkit.pdf.writer import cache_problem, copy_pdfs, write_pdfs
from sopkit.pipeline import build_site, print_documents_of
from sopkit.render.environment import TemplateProblem
from sopkit.reports.changes import html_report, json_report, markdown_report, text_report
from sopkit.sources.edit import EditError, ReviewEntry, record_review
from sopkit.sources.fmt import FormatError, format_file
from sopkit.sources.git import GitError, export_sources, resolve
from sopkit.sources.jsonschemas import schema_documents, write_schemas
from sopkit.sources.kinds import KINDS
from sopkit.sources.loader import decode
from sopkit.sources.project import (
    Layout,
    LoadResult,
    discover,
    load_project,
    load_registry,
)
from sopkit.sources.schema import did_you_mean
from sopkit.sources.settings import REVIEW_OVERRIDE, Settings, at_levels, read_settings
from sopkit.sources.textrules import DEFAULT_TIME_ZONE
from sopkit.status.asof import (
    AsOfError,
    generation_time,
    parse_as_of,
    resolve_as_of,
)
from sopkit.status.obligations import obligation_states
from sopkit.status.report import review_report, review_table
from sopkit.status.reviews import add_period, long_date, review_states


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
    parser.add_argument("--version", action="version", version=f"sopkit {version('sopkit')}")
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
    check.add_argument(
        "--edition",
        choices=("internal", "public"),
        default=None,
        help="also check what only matters to this edition (public: no links to internal "
        "pages); by default the edition mkdocs.yml builds",
    )
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

    review = commands.add_parser(
        "review",
        help="report which sections and duties are due for review (exit 1 if any is overdue)",
        description=(
            "Report every section's review status and every duty's next due date, as of today "
            "or --as-of. Exits with 1 when something is overdue, so a scheduled job can act on it."
        ),
    )
    review.add_argument("--as-of", metavar="DATE", help="treat DATE (YYYY-MM-DD) as today")
    review.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format"
    )
    review.add_argument("--project", default=".", help="the project folder (default: this folder)")
    review.set_defaults(run=run_review)
    actions = review.add_subparsers(title="actions", metavar="ACTION")
    mark = actions.add_parser(
        "mark",
        help="record a section's review in its source file",
        description=(
            "Record that a section was reviewed: the new review becomes the section's latest, "
            "the one before it moves to the review's history (nothing is lost), and nothing "
            "else in the file changes."
        ),
    )
    mark.add_argument("section", metavar="SECTION_ID", help="the id of the section")
    mark.add_argument("--date", help="the day of the review (default: today)")
    mark.add_argument("--by", help="who reviewed it (default: the SOP Manual Team's name)")
    mark.add_argument(
        "--outcome",
        choices=("no-change", "revised"),
        default="no-change",
        help="what the review decided: no-change (the default) or revised",
    )
    mark.add_argument("--record", metavar="URL", help="a link to the minutes or pull request")
    mark.add_argument(
        "--replace",
        action="store_true",
        help="replace a review already recorded on the same day (without it, that is refused)",
    )
    mark.set_defaults(run=run_mark)

    diff = commands.add_parser(
        "diff",
        help="show what changed in the sources between two commits, in words",
        description=(
            "Show what changed in the policy and the manual between BASE and HEAD (git "
            "commits, branches or tags; HEAD defaults to the files as they are now): the "
            "redline of each changed text and the other values that changed, with anything "
            "made public listed first. Markdown is ready to paste into a pull request."
        ),
    )
    diff.add_argument("base", metavar="BASE", help="where to compare from, e.g. main")
    diff.add_argument(
        "head", metavar="HEAD", nargs="?", help="where to compare to (default: the files now)"
    )
    diff.add_argument(
        "--format",
        choices=("markdown", "html", "text", "json"),
        default="markdown",
        help="output format (default: markdown)",
    )
    diff.add_argument("--project", default=".", help="the project folder (default: this folder)")
    diff.set_defaults(run=run_diff)

    pdf = commands.add_parser(
        "pdf",
        help="make the PDFs (manual, chapters, sections, policy, redlines) without the site",
        description=(
            "Make the printable PDFs of one edition: the whole manual, each chapter and "
            "section, the policy and each of its versions, and a redline of each version "
            "against the one before. PDFs whose content has not changed are taken from the "
            "cache instead of being made again."
        ),
    )
    pdf.add_argument("--out", metavar="DIR", default="dist/pdf", help="where to write them")
    pdf.add_argument(
        "--edition",
        choices=("internal", "public"),
        default=None,
        help="which edition (default: the one mkdocs.yml builds)",
    )
    pdf.add_argument("--as-of", metavar="DATE", help="review status as of DATE (YYYY-MM-DD)")
    pdf.add_argument(
        "--no-sections", action="store_true", help="only the whole manual and the policy"
    )
    pdf.add_argument(
        "--cache",
        metavar="DIR",
        default=None,
        help="where made PDFs are kept, in the project folder (default: mkdocs.yml's "
        "pdf: cache_dir, else .cache/sopkit-pdf)",
    )
    pdf.add_argument("--project", default=".", help="the project folder (default: this folder)")
    pdf.set_defaults(run=run_pdf)

    fmt = commands.add_parser(
        "fmt",
        help="write every source in the house style, so that diffs show only content",
        description=(
            "Rewrite sources in canonical form: indentation, spacing and trailing blank "
            "lines, keeping comments, key order, quotes and text. With --check, only say "
            "which files would change (exit 1 if any would)."
        ),
    )
    fmt.add_argument("paths", nargs="*", metavar="PATH", help="files to format (default: all)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    fmt.add_argument("--project", default=".", help="the project folder (default: this folder)")
    fmt.set_defaults(run=run_fmt)

    scan = commands.add_parser(
        "scan-leaks",
        help="check that a built public site holds nothing internal (exit 1 if it does)",
        description=(
            "Look through every file of a built site (HTML, JSON, JavaScript, XML, gzip and "
            "zip members, PDF text) for anything internal: the ids, titles and text of "
            "internal sections, and the internal steps, notes and blocks of public ones."
        ),
    )
    scan.add_argument("site", metavar="SITE_DIR", help="the built site, e.g. site-public")
    scan.add_argument("--project", default=".", help="the project folder (default: this folder)")
    scan.add_argument(
        "--marker",
        action="append",
        default=[],
        metavar="TEXT",
        help="also look for this text (may be given more than once)",
    )
    scan.set_defaults(run=run_scan_leaks)

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


def open_project(path: str) -> tuple[Layout, Settings, list[Diagnostic]]:
    """The project in `path`: where its sources are and its options, as the build reads
    them from its mkdocs.yml, with any problem in those options."""
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
    return layout, settings, problems


def project_layout(path: str) -> tuple[Layout, Settings]:
    """The project's layout and options; a usage error if its options are wrong."""
    layout, settings, problems = open_project(path)
    if count_errors(problems):
        raise UsageError(f"{_relative_to_cwd(problems[0], layout.root)}")
    return layout, settings


def resolve_day(explicit: str | None, settings: Settings, manual: Manual | None) -> dt.date:
    """Today, as the build takes it: --as-of, else the as_of option, else SOPKIT_AS_OF,
    else today in the time_zone option's zone or the manual's."""
    zone = settings.time_zone or (manual.time_zone if manual else DEFAULT_TIME_ZONE)
    try:
        return resolve_as_of(explicit or settings.as_of, time_zone=zone)
    except AsOfError as exc:
        raise UsageError(str(exc)) from None


def _load_and_check(
    path: str, as_of_text: str | None
) -> tuple[Layout, Settings, LoadResult, dt.date]:
    """Load and check the project in `path`, as of the given day (else today)."""
    layout, settings = project_layout(path)
    loaded = load_project(layout)
    as_of = resolve_day(as_of_text, settings, loaded.project.manual)
    return layout, settings, check_loaded(loaded, as_of=as_of), as_of


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    layout, settings, problems = open_project(args.path)
    if count_errors(problems):
        settings = Settings()  # what the rest of the check needs, while the options are fixed
    loaded = load_project(layout)
    as_of = resolve_day(args.as_of, settings, loaded.project.manual)
    result = check_loaded(loaded, as_of=as_of)
    found = problems + list(result.diagnostics)
    edition = args.edition or settings.edition
    if edition == "public" and not count_errors(found):
        found += public_edition_problems(result.project)
    # At the levels the build reports them (the checks: options in mkdocs.yml), so that
    # a clean build is a clean check.
    found = at_levels(found, settings.checks, os.environ.get(REVIEW_OVERRIDE))
    diagnostics = [_relative_to_cwd(d, layout.root) for d in found]
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


def _checked_manual(args: argparse.Namespace, out: TextIO) -> tuple[Project, Manual, dt.date]:
    """The project, checked; a usage error if it has errors or no manual."""
    layout, _, result, as_of = _load_and_check(args.project, args.as_of)
    manual = result.project.manual
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors or manual is None:
        for diagnostic in errors:
            print(_relative_to_cwd(diagnostic, layout.root), file=out)
        raise UsageError("the sources have errors; fix them first (see `sopkit check`)")
    return result.project, manual, as_of


def run_review(args: argparse.Namespace, out: TextIO) -> int:
    project, manual, as_of = _checked_manual(args, out)
    states = review_states(manual, as_of)
    duties = obligation_states(project.obligations, states, as_of, manual.review.warning)
    roles = {role.id: role.title for role in manual.roles}
    if args.format == "json":
        out.write(json.dumps(review_report(states, duties, roles, as_of), indent=2) + "\n")
    else:
        for line in review_table(states, duties, roles, manual, as_of):
            print(line, file=out)
    return 1 if any(state.status == "overdue" for state in states) else 0


def run_mark(args: argparse.Namespace, out: TextIO) -> int:
    args.as_of = None
    _, manual, today = _checked_manual(args, out)
    sections = {section.id: section for section in manual.sections}
    section = sections.get(args.section)
    if section is None:
        raise UsageError(
            f"there is no section '{args.section}'{did_you_mean(args.section, list(sections))}"
        )
    try:
        date = parse_as_of(args.date, "--date") if args.date else today
    except AsOfError as exc:
        raise UsageError(str(exc)) from None
    if date > today:
        raise UsageError(
            f"--date {date.isoformat()} is in the future (today is {today.isoformat()})"
        )
    if section.review is not None and date < section.review.last_reviewed:
        raise UsageError(
            f"--date {date.isoformat()} is before the last recorded review "
            f"({section.review.last_reviewed.isoformat()})"
        )
    if args.record and not re.fullmatch(r"https?://\S+", args.record):
        raise UsageError(f"--record '{args.record}' is not a web address (write it with https://)")
    entry = ReviewEntry(date, args.by or manual.team.name, args.outcome, args.record)
    path = Path(args.project) / section.path
    try:
        recorded = record_review(path, entry, replace=args.replace)
    except EditError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(
            f"could not write {section.path} ({exc.strerror or exc}); the file is unchanged"
        ) from None
    due = add_period(
        date,
        section.review.cycle if section.review and section.review.cycle else manual.review.cycle,
    )
    outcome = "revised" if args.outcome == "revised" else "no change"
    done = "Replaced the review of the same day" if recorded.replaced else "Recorded the review"
    kept = ""
    if section.review is not None and not recorded.replaced:
        kept = f" The review of {long_date(section.review.last_reviewed)} is kept in its history."
    print(
        f"{done} of {section.number} {section.title} in {section.path}: "
        f"{long_date(date)} by {entry.reviewed_by} ({outcome}).{kept} "
        f"Next review due {long_date(due)}.",
        file=out,
    )
    return 0


def run_diff(args: argparse.Namespace, out: TextIO) -> int:
    layout, _ = project_layout(args.project)
    try:
        base = resolve(layout.root, args.base)
        head = resolve(layout.root, args.head) if args.head else None
    except GitError as exc:
        raise UsageError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="sopkit-diff-") as folder:
        before = _project_at(layout, base, args.base, Path(folder) / "base")
        if head is None:
            after = _project_without_errors(layout, "the files as they are now")
        else:
            after = _project_at(layout, head, args.head, Path(folder) / "head")
    changes = compare_projects(before, after)
    base_label = _commit_label(args.base, base)
    head_label = _commit_label(args.head, head) if head else "the working tree"
    if args.format == "json":
        out.write(json.dumps(json_report(changes, base_label, head_label), indent=2) + "\n")
    else:
        report = {"markdown": markdown_report, "html": html_report, "text": text_report}
        out.write(report[args.format](changes, base_label, head_label))
    return 0


def _commit_label(name: str, commit: str) -> str:
    return name if commit.startswith(name) else f"{name} ({commit[:7]})"


def _project_at(layout: Layout, commit: str, name: str, folder: Path) -> Project:
    """The sources as they are in `commit`, loaded and checked."""
    try:
        export_sources(layout.root, commit, (layout.sop, layout.policy_data), folder)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    return _project_without_errors(
        Layout(folder, layout.sop, layout.policy_data), f"the sources at {name}"
    )


def _project_without_errors(layout: Layout, name: str) -> Project:
    loaded = load_project(layout)
    manual = loaded.project.manual
    try:
        as_of = resolve_as_of(None, time_zone=manual.time_zone if manual else DEFAULT_TIME_ZONE)
    except AsOfError as exc:
        raise UsageError(str(exc)) from None
    result = check_loaded(loaded, as_of=as_of)
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    if errors:
        raise UsageError(
            f"{name} have {errors} error{'s' if errors != 1 else ''}; they cannot be compared "
            "until they are fixed (`sopkit check` lists them)"
        )
    return result.project


def run_pdf(args: argparse.Namespace, out: TextIO) -> int:
    layout, settings = project_layout(args.project)
    loaded = load_project(layout)
    as_of = resolve_day(args.as_of, settings, loaded.project.manual)
    try:
        generated = generation_time(as_of)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    edition = args.edition or settings.edition
    templates = layout.root / settings.templates_dir if settings.templates_dir else None
    # The same pipeline, with the same options, as the site: the edition's own checks
    # run, so a PDF can never carry what the public build refuses.
    build = build_site(
        loaded,
        as_of=as_of,
        edition=edition,  # type: ignore[arg-type]
        templates=templates,
        show_review_status=edition == "internal" or settings.public_review_status,
        pdf=True,
        pdf_sections=settings.pdf_sections and not args.no_sections,
    )
    if build.site is None:
        for diagnostic in build.diagnostics:
            if diagnostic.severity is Severity.ERROR:
                print(_relative_to_cwd(diagnostic, layout.root), file=out)
        raise UsageError("the sources have errors; fix them first (see `sopkit check`)")
    try:
        documents = print_documents_of(build, generated=generated)
    except TemplateProblem as problem:
        print(problem.diagnostic, file=out)
        raise UsageError("a template has an error; fix it first") from None
    cache = Path(args.project) / (args.cache or settings.pdf_cache_dir)
    unwritable = cache_problem(cache)
    if unwritable is not None:
        raise UsageError(f"--cache: {unwritable}; choose a folder sopkit can write")
    written = write_pdfs(documents, cache)
    target = Path(args.out)
    copy_pdfs(written, target, strip="pdf/")
    unchanged = len(written.files) - written.made
    print(
        f"Wrote {len(written.files)} PDFs to {target} ({written.made} made, {unchanged} "
        f"unchanged) in {written.seconds:.1f} s.",
        file=out,
    )
    return 0


def run_fmt(args: argparse.Namespace, out: TextIO) -> int:
    layout, _ = project_layout(args.project)
    if args.paths:
        paths = [Path(name) for name in args.paths]
        for path in paths:
            if not path.is_file():
                raise UsageError(f"'{path}' is not a file")
    else:
        paths = [source.path for source in discover(layout)[0]]
    changed, failed = [], 0
    for path in paths:
        shown = path.as_posix()
        try:
            result = format_file(path, check=args.check)
        except (FormatError, EditError) as exc:
            print(f"{shown}: not formatted: {exc}", file=out)
            failed += 1
            continue
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            print(f"{shown}: not formatted: it cannot be read or written ({reason})", file=out)
            failed += 1
            continue
        if result.changed:
            changed.append(shown)
            print(f"{shown}: {'would be reformatted' if args.check else 'reformatted'}", file=out)
    total = f"{len(paths)} source file{'s' if len(paths) != 1 else ''}"
    if args.check:
        if changed:
            verdict = f"{len(changed)} of {total} would be reformatted"
        else:
            verdict = f"All {total} are formatted" if len(paths) != 1 else f"{total} is formatted"
    else:
        verdict = f"Reformatted {len(changed)} of {total}"
    print(verdict + (f"; {failed} could not be read" if failed else "") + ".", file=out)
    return 1 if failed or (args.check and changed) else 0


def run_scan_leaks(args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.site)
    if not folder.is_dir():
        raise UsageError(f"'{args.site}' is not a folder (build the site first)")
    args.as_of = None
    project, _, _ = _checked_manual(args, out)
    result = scan_project_site(project, folder, args.marker)
    for leak in result.leaks:
        print(f"{folder / leak.path}: {leak.marker.what}: “{leak.context}”", file=out)
    verdict = (
        f"{len(result.leaks)} leak{'s' if len(result.leaks) != 1 else ''} of restricted content"
        if result.leaks
        else "No restricted content"
    )
    print(
        f"{verdict} in {result.files} files of {folder} ({result.markers} markers; "
        f"{len(result.skipped)} files without text, such as images and fonts).",
        file=out,
    )
    return 1 if result.leaks else 0


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
