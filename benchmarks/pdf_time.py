"""How long the PDFs take: the shipped manual, and a generated 200-section manual.

For each manual, measured side by side, as medians of several runs:

1. *sopkit, the manual*: the print HTML of every document made from the model (sopkit
   makes them together), then the manual's tagged PDF (PDF/UA-1);
2. *bare WeasyPrint, same HTML*: `HTML(string=...).write_pdf()` on exactly the manual's
   HTML, untagged (what any WeasyPrint-based tool pays at least), and tagged (what the
   tagging for screen readers costs);
3. *every document, cold*: all the PDFs of the edition (manual, chapters, sections,
   policy, versions, redlines) with an empty cache, on all cores;
4. *every document, warm*: the same again, when nothing has changed (the cache).

The 200-section manual is the shipped one with its 40 sections copied four more times
into five new chapters (new ids and numbers, same text).

    .venv/bin/python benchmarks/pdf_time.py [--runs 3]

Prints a Markdown table for docs/printing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.model import Project
from sopkit.pdf.documents import PrintDocument, PrintOptions, print_documents
from sopkit.pdf.writer import write_pdfs
from sopkit.sources.project import load_project
from sopkit.views import views_of

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)
OPTIONS = PrintOptions(as_of=AS_OF, generated=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))


def load(root: Path) -> Project:
    result = check_loaded(load_project(Layout(root)), as_of=AS_OF)
    errors = [d for d in result.diagnostics if d.severity.name == "ERROR"]
    assert not errors, errors[:3]
    return result.project


def two_hundred_sections(into: Path) -> Path:
    """A copy of the project whose manual has 200 sections."""
    shutil.copytree(REPO / "sop", into / "sop")
    shutil.copytree(REPO / "policy_data", into / "policy_data")
    originals = sorted((REPO / "sop").glob("*/*.yml"))
    sections = [p for p in originals if p.name not in ("chapter.yml", "manual.yml")]
    for copy in range(1, 5):
        for part in range(2):
            number = 10 + 2 * (copy - 1) + part + 1
            folder = into / "sop" / f"{number}-copy-{copy}-{part}"
            folder.mkdir()
            (folder / "chapter.yml").write_text(
                f'id: copy-{copy}-{part}\nnumber: "{number}"\ntitle: Copy {copy}, part {part}\n',
                encoding="utf-8",
            )
            half = sections[part::2]
            for index, source in enumerate(half, start=1):
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"(?m)^id: (\S+)$", rf"id: \1-copy-{copy}", text, count=1)
                # Defined terms have ids of their own, which must stay unique too.
                text = re.sub(r"(?m)^(\s+- id: )(\S+)$", rf"\1\2-copy-{copy}", text)
                text = re.sub(
                    r'(?m)^number: "[^"]+"$', f'number: "{number}.{index}"', text, count=1
                )
                (folder / source.name).write_text(text, encoding="utf-8")
    return into


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_weasyprint(html: str, variant: str | None = None) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(pdf_variant=variant))


def measure(name: str, root: Path, runs: int) -> list[str]:
    project = load(root)
    assert project.manual is not None
    documents: list[PrintDocument] = print_documents(
        views_of(project, as_of=OPTIONS.as_of), OPTIONS
    )
    (manual,) = [d for d in documents if d.kind == "manual"]
    sections = len(project.manual.sections)

    def manual_cold() -> None:  # what a first build does: parts on every core, joined
        with tempfile.TemporaryDirectory() as cache:
            write_pdfs(
                [
                    d
                    for d in print_documents(views_of(project, as_of=OPTIONS.as_of), OPTIONS)
                    if d.kind == "manual"
                ],
                Path(cache),
            )

    sopkit = median_time(manual_cold, runs)
    bare = median_time(lambda: bare_weasyprint(manual.html), runs)
    tagged = median_time(lambda: bare_weasyprint(manual.html, "pdf/ua-1"), runs)

    def cold() -> None:
        with tempfile.TemporaryDirectory() as cache:
            write_pdfs(
                print_documents(views_of(project, as_of=OPTIONS.as_of), OPTIONS), Path(cache)
            )

    every_cold = median_time(cold, runs)
    with tempfile.TemporaryDirectory() as cache:
        write_pdfs(documents, Path(cache))
        every_warm = median_time(
            lambda: write_pdfs(
                print_documents(views_of(project, as_of=OPTIONS.as_of), OPTIONS), Path(cache)
            ),
            runs,
        )
    return [
        f"| {name} ({sections} sections) | {sopkit:.2f} s | {bare:.2f} s | {tagged:.2f} s | "
        f"{len(documents)} in {every_cold:.2f} s | {every_warm:.2f} s |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}; median of {runs} runs each.\n")
    print(
        "| Manual | sopkit: HTML + tagged manual PDF | bare WeasyPrint, same HTML | "
        "bare WeasyPrint, tagged | every document, cold | every document, unchanged |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    rows = measure("shipped", REPO, runs)
    with tempfile.TemporaryDirectory() as folder:
        rows += measure("generated", two_hundred_sections(Path(folder)), runs)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
