"""`sopkit pdf`: the printable PDFs of one edition, without the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from sopkit.hosts.cli.common import (
    Io,
    UsageError,
    add_as_of,
    add_edition,
    add_point_in_time,
    add_project,
    built_without_errors,
    open_checked,
    run_pipeline,
)
from sopkit.pdf.writer import WrittenPdfs, cache_problem, copy_pdfs, write_pdfs
from sopkit.pipeline import Build, build_time, print_documents_of
from sopkit.render.environment import TemplateProblem


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "pdf",
        help="make the PDFs (manual, chapters, sections, policy, redlines) without the site",
        description=(
            "Make the printable PDFs of one edition: the whole manual, each chapter and "
            "section, the policy and each of its versions, and a redline of each version "
            "against the one before. PDFs whose content has not changed are taken from the "
            "cache instead of being made again. The options of mkdocs.yml apply, as in the "
            "build."
        ),
    )
    parser.add_argument("--out", metavar="DIR", default="dist/pdf", help="where to write them")
    add_edition(parser, "which edition")
    add_as_of(parser, "review status as of DATE")
    add_point_in_time(parser)
    parser.add_argument(
        "--no-sections", action="store_true", help="only the whole manual and the policy"
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        default=None,
        help="where made PDFs are kept, in the project folder (default: mkdocs.yml's "
        "pdf: cache_dir, else .cache/sopkit-pdf)",
    )
    add_project(parser)
    parser.set_defaults(command=pdf)


def pdf(
    io: Io,
    *,
    project: str,
    out: str,
    edition: str | None,
    as_of: str | None,
    no_sections: bool,
    cache: str | None,
    in_force_on: str | None = None,
    as_of_edition: str | None = None,
) -> int:
    opened = open_checked(project)
    # The same pipeline, with the same options, as the site: the edition's own checks
    # run, so a PDF can never carry what the public build refuses.
    done = run_pipeline(
        opened,
        as_of,
        edition,
        pdf_sections=not no_sections,
        in_force_on=in_force_on,
        as_of_edition=as_of_edition,
    )
    done = built_without_errors(io, opened, done)
    folder = opened.layout.root / (cache or opened.settings.pdf_cache_dir)
    unwritable = cache_problem(folder)
    if unwritable is not None:
        raise UsageError(f"--cache: {unwritable}; choose a folder sopkit can write")
    written = _write(io, done, folder)
    target = Path(out)
    copy_pdfs(written, target, strip="pdf/")
    unchanged = len(written.files) - written.made
    print(
        f"Wrote {len(written.files)} PDFs to {target} ({written.made} made, {unchanged} "
        f"unchanged) in {written.seconds:.1f} s.",
        file=io.out,
    )
    return 0


def _write(io: Io, done: Build, cache: Path) -> WrittenPdfs:
    try:
        documents = print_documents_of(done, generated=build_time(done))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except TemplateProblem as problem:
        print(problem.diagnostic, file=io.out)
        raise UsageError("a template has an error; fix it first") from None
    return write_pdfs(documents, cache)
