"""The benchmark suite: every performance budget, measured side by side, in one run.

    make bench                 # or: .venv/bin/python benchmarks/run.py --runs 3

For generated manuals of 50, 200 and 1000 sections (benchmarks/generate.py), it measures,
each figure the median of several runs, the things compared always in the same run:

1. a sopkit build of the site against a plain `mkdocs build` of the very same pages as
   ordinary Markdown with the same theme settings (the plugin's cost);
2. at 1000 sections, the sopkit build against Material's default configuration;
3. a live preview: from saving one section's source to `mkdocs serve --dirty` showing the
   edit, against the same for one Markdown page of the plain site;
4. the whole manual's PDF against bare WeasyPrint on the same HTML; and that a manual
   that has not changed is not made again; the shipped content's whole PDF set made one
   by one against the same on every core (the same bytes);
5. `sopkit check` on 1000 sections, and citations found in 1 MB of text;
6. the size of the search index at 1000 sections, and what a section page weighs
   (HTML, CSS and JavaScript, as sent and gzipped).

It writes benchmarks/results.json (each figure with its unit, budget and whether it is
met) and a Markdown report (docs-dev/benchmark-report.md), which the documentation shows.
Builds run with PDFs off (they are measured on their own in 4) and as of 2026-12-01.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

# Run as a script (`python benchmarks/run.py`): the repository's folder holds the
# `benchmarks` package this imports its parts from.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cite_speed import policy_prose
from benchmarks.generate import generate, plain_site
from benchmarks.preview import serving, time_edit
from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.pdf.documents import PrintOptions, print_documents
from sopkit.pdf.writer import write_pdfs
from sopkit.sources.project import load_project
from sopkit.views import views_of

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-12-01"
ENV = {
    "SOPKIT_AS_OF": AS_OF,
    "SOPKIT_PDF": "0",
    "SOPKIT_REVIEW_WARNINGS": "info",
    "NO_MKDOCS_2_WARNING": "1",
}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None = None
    """The most the value may be (None: reported, no budget)."""
    detail: str = ""

    @property
    def passed(self) -> bool | None:
        return None if self.budget is None else self.value <= self.budget


def median_of(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def timed_command(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def build_seconds(folder: Path, env: dict[str, str] | None = None) -> float:
    command = [str(BIN / "mkdocs"), "build", "--quiet"]
    if env is None:
        return timed_command(command, folder)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return timed_command(command, folder)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


NO_CACHE = {"SOPKIT_BUILD_CACHE": "0"}
"""A build that keeps nothing from the one before (the first build of a clone)."""


def side_by_side(runs: int, folders: dict[str, Path]) -> dict[str, float]:
    """Median build time of each site, the builds taking turns so that a noisy moment
    falls on all of them alike; and, as "<name> ÷ plain", the median of the ratios taken
    turn by turn (a ratio of two builds a few seconds apart, which the machine's drift
    moves far less than it moves either). "sopkit, no cache" is the sopkit site built
    without its build cache (as a first build is); "sopkit" with it, its sources
    unchanged since the build before (as a rebuild is)."""
    times: dict[str, list[float]] = {name: [] for name in folders}
    for folder in folders.values():
        build_seconds(folder)  # warm the file cache, and check that it builds
    for _ in range(runs):
        for name, folder in folders.items():
            times[name].append(build_seconds(folder, NO_CACHE if "no cache" in name else None))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name in folders:
        if name != "plain":
            ratios = [a / b for a, b in zip(times[name], times["plain"], strict=True)]
            medians[f"{name} ÷ plain"] = statistics.median(ratios)
    return medians


# -- the measurements ---------------------------------------------------------------------


def builds(work: Path, runs: int, sizes: list[int]) -> list[Figure]:
    figures = []
    for n in sizes:
        project = generate(work / f"sopkit-{n}", n)
        folders = {
            "sopkit": project,
            "sopkit, no cache": project,
            "plain": plain_site(project, work / f"plain-{n}"),
        }
        if n == max(sizes):
            folders["default"] = plain_site(project, work / f"default-{n}", default_theme=True)
        # The small sites build in seconds: more turns there, where noise weighs most.
        times = side_by_side(runs if n >= 1000 else max(runs, 7), folders)
        figures += [
            Figure(f"build, {n} sections, sopkit", times["sopkit"], "s"),
            Figure(f"build, {n} sections, plain MkDocs, same pages and theme", times["plain"], "s"),
            Figure(
                f"plugin overhead at {n} sections (sopkit ÷ plain)",
                times["sopkit ÷ plain"],
                "×",
                1.10,
                "A rebuild: the sources unchanged since the build before, so the build cache "
                "holds the pipeline's result and the finished pages.",
            ),
            Figure(
                f"build, {n} sections, sopkit without its cache", times["sopkit, no cache"], "s"
            ),
            Figure(
                f"plugin overhead at {n} sections without the cache (÷ plain)",
                times["sopkit, no cache ÷ plain"],
                "×",
                None,
                "A first build (a fresh clone, or every source changed): no budget is met yet.",
            ),
        ]
        if "default" in times:
            figures += [
                Figure(
                    f"build, {n} sections, default Material configuration", times["default"], "s"
                ),
                Figure(
                    f"scale at {n} sections (sopkit ÷ default Material)",
                    times["sopkit ÷ plain"] / times["default ÷ plain"],
                    "×",
                    0.6,
                ),
            ]
    return figures


def preview(work: Path, runs: int, n: int = 200) -> list[Figure]:
    project, plain = work / f"sopkit-{n}", work / f"plain-{n}"
    source = next((project / "sop").glob("001-*/procedure-0001.yml"))
    page = plain / "docs" / "sop" / "procedure-0001.md"
    line = source.read_text(encoding="utf-8").split("body: |\n  ", 1)[1].split("\n", 1)[0]
    for path in (source, page):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(line, line + " Marker0."), encoding="utf-8")
    medians, rebuilds = {}, {}
    for name, folder, path in (("sopkit", project, source), ("plain", plain, page)):
        with serving(folder, ENV) as server:
            address = server.url + "sop/procedure-0001.html"
            seconds = [
                time_edit(address, path, f"Marker{i}.", f"Marker{i + 1}.") for i in range(runs + 1)
            ][1:]  # the first edit also wakes the server up
            builds = server.rebuilds()[-runs:]
        medians[name] = statistics.median(seconds)
        rebuilds[name] = statistics.median(builds)
    return [
        Figure(
            f"preview, {n} sections: edit saved → page shows it, sopkit",
            medians["sopkit"],
            "s",
            1.5,
            "In a browser's reach: the time from saving a section's source to the served "
            "page holding the edit (MkDocs' file watcher looks for changes every 0.5 s).",
        ),
        Figure(
            f"preview, {n} sections: the same, plain mkdocs serve --dirty", medians["plain"], "s"
        ),
        Figure(
            f"preview ratio at {n} sections (sopkit ÷ plain)",
            medians["sopkit"] / medians["plain"],
            "×",
            1.5,
            "Both include MkDocs' file watcher, which looks for changes every 0.5 s.",
        ),
        Figure(f"preview, {n} sections: the rebuild itself, sopkit", rebuilds["sopkit"], "s"),
        Figure(f"preview, {n} sections: the rebuild itself, plain", rebuilds["plain"], "s"),
    ]


def pdfs(work: Path, runs: int, n: int = 200) -> list[Figure]:
    from weasyprint import HTML

    project = check_loaded(load_project(Layout(work / f"sopkit-{n}")), as_of=dt.date(2026, 12, 1))
    options = PrintOptions(
        as_of=dt.date(2026, 12, 1),
        generated=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        kinds=frozenset({"manual"}),
    )

    def sopkit() -> float:
        # What a first build does: the print HTML, then the manual's parts laid out (once
        # to learn their pages, once with their page numbers) on every core, and joined.
        started = time.perf_counter()
        (manual,) = print_documents(views_of(project.project, as_of=options.as_of), options)
        with tempfile.TemporaryDirectory() as empty:
            write_pdfs([manual], Path(empty))
        return time.perf_counter() - started

    (manual,) = print_documents(views_of(project.project, as_of=options.as_of), options)

    def bare(variant: str | None) -> Callable[[], float]:
        def run() -> float:
            started = time.perf_counter()
            HTML(string=manual.html).write_pdf(pdf_variant=variant)
            return time.perf_counter() - started

        return run

    # Taking turns, so that a noisy moment (or a warming cache) falls on all three alike.
    turns: dict[str, list[float]] = {"sopkit": [], "tagged": [], "untagged": []}
    for _ in range(runs):
        turns["sopkit"].append(sopkit())
        turns["tagged"].append(bare("pdf/ua-1")())
        turns["untagged"].append(bare(None)())
    ours, tagged, untagged = (statistics.median(turns[k]) for k in ("sopkit", "tagged", "untagged"))
    with tempfile.TemporaryDirectory() as cache:
        write_pdfs([manual], Path(cache))
        started = time.perf_counter()
        again = write_pdfs(
            print_documents(views_of(project.project, as_of=options.as_of), options), Path(cache)
        )
        unchanged = time.perf_counter() - started
    return [
        Figure(f"PDF of the whole manual, {n} sections, sopkit (HTML + tagged PDF)", ours, "s"),
        Figure(
            f"PDF, {n} sections, bare WeasyPrint on the same HTML, tagged (PDF/UA-1)", tagged, "s"
        ),
        Figure(f"PDF, {n} sections, bare WeasyPrint on the same HTML, untagged", untagged, "s"),
        Figure(
            "PDF ratio (sopkit ÷ bare WeasyPrint, both tagged)",
            ours / tagged,
            "×",
            1.15,
            "sopkit's manual is laid out in parts, on every core, and joined; bare WeasyPrint "
            "lays the same HTML out whole, on one core. Both times are wall-clock times.",
        ),
        Figure(
            "PDF of an unchanged manual: PDFs made again",
            float(again.made),
            "PDFs",
            0,
            f"The second build took {unchanged:.2f} s (the print HTML, and the cache).",
        ),
    ]


def pdf_parallel(runs: int) -> list[Figure]:
    """The shipped content's whole PDF set made serially and on every core, from empty
    caches, taking turns; the two sets must be the same bytes."""
    from sopkit.pipeline import BuildOptions, build, print_documents_of
    from sopkit.sources.history import load_with_history
    from sopkit.status.asof import generation_time

    day = dt.date(2026, 12, 1)
    done = build(load_with_history(Layout(REPO)), BuildOptions(as_of=day, render=False))
    documents = print_documents_of(done, generated=generation_time(day))
    cores = os.cpu_count() or 1
    turns: dict[str, list[float]] = {"serial": [], "parallel": []}
    for _ in range(runs):
        made: dict[str, dict[str, bytes]] = {}
        for name, jobs in (("serial", 1), ("parallel", cores)):
            with tempfile.TemporaryDirectory() as cache:
                written = write_pdfs(documents, Path(cache), jobs=jobs)
                turns[name].append(written.seconds)
                made[name] = {path: file.read_bytes() for path, file in written.files.items()}
        if made["serial"] != made["parallel"]:
            sys.exit("the PDFs made in parallel differ from those made one by one")
    serial, parallel = (statistics.median(turns[k]) for k in ("serial", "parallel"))
    return [
        Figure(f"PDF set of the shipped content ({len(documents)} PDFs), one by one", serial, "s"),
        Figure(f"the same on {cores} cores, in parallel (the same bytes)", parallel, "s"),
        Figure(
            "PDF set: parallel ÷ one by one",
            parallel / serial,
            "×",
            1 / 1.6,
            f"A speed-up of {serial / parallel:.2f} (the budget: at least 1.6 on 2 cores).",
        ),
    ]


def whole_build(work: Path, runs: int) -> list[Figure]:
    """`sopkit build` (what `make build` runs, PDFs and all) on a clone of this
    repository's last commit: the first build of the clone, then builds with nothing
    changed, then builds after a one-section text edit (a new edit each time)."""
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {**ENV, "SOPKIT_PDF": "1", "SOURCE_DATE_EPOCH": epoch}
    env.pop("SOPKIT_AS_OF")  # as make build does: today, in the manual's time zone
    command = [str(BIN / "sopkit"), "build", "--zip", "dist/offline.zip"]

    def run() -> tuple[float, str]:
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=clone, env={**os.environ, **env}, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"sopkit build failed in {clone}:\n{done.stdout[-3000:]}{done.stderr}")
        return time.perf_counter() - started, done.stdout

    first, _ = run()
    unchanged = statistics.median(run()[0] for _ in range(runs))
    section = clone / "sop" / "04-students" / "arrest.yml"
    text = section.read_text(encoding="utf-8")
    assert "body: |\n" in text, section
    edits, made = [], []
    for i in range(runs):
        section.write_text(
            text.replace("body: |\n", f"body: |\n  An edited sentence, number {i}.\n\n", 1),
            encoding="utf-8",
        )
        seconds, out = run()
        edits.append(seconds)
        made.append(sum(int(n) for n in re.findall(r"PDFs \((\d+) made", out)))
    return [
        Figure(
            "sopkit build on a fresh clone of the shipped content (both editions, PDFs)",
            first,
            "s",
        ),
        Figure(
            "sopkit build again, nothing changed",
            unchanged,
            "s",
            5.0,
            "The build finds its stamp (every input's and output's bytes) unchanged and "
            "does nothing.",
        ),
        Figure(
            "sopkit build after a one-section text edit, with PDFs",
            statistics.median(edits),
            "s",
            10.0,
            f"PDFs remade, both editions together: {statistics.median(made):.0f} (the section's, "
            "its chapter's, the manual's and What's new, in each edition); of each manual, "
            "only the part (the chapter) that holds the section is laid out again.",
        ),
    ]


_PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""
"""Runs a command and prints its peak memory. A process of its own, and a small one: a
child's peak counts the memory of the process it was forked from (the benchmark's own,
hundreds of MB), so measuring the build from here would report that instead."""


def scale(work: Path, runs: int, sizes: tuple[int, ...] = (200, 1000, 2000)) -> list[Figure]:
    """First builds (no cache), strict, of manuals of 200 to 2000 sections with a policy
    for every five sections: the time and the build's peak memory at each size, and how
    the cost per section grows."""
    figures, per_section = [], {}
    for n in sizes:
        policies = n // 5
        project = generate(work / f"scale-{n}", n, policies=policies)
        seconds, peaks = [], []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _PEAK, str(BIN / "mkdocs"), "build", "--strict", "-q"],
                cwd=project,
                env={**os.environ, **ENV, **NO_CACHE},
                capture_output=True,
                text=True,
            )
            seconds.append(time.perf_counter() - started)
            if done.returncode != 0:
                sys.exit(f"the strict build of {n} sections failed:\n{done.stderr[-3000:]}")
            peaks.append(float(done.stdout.split()[-1]) / 1024)  # KiB on Linux
        time_n, peak = statistics.median(seconds), statistics.median(peaks)
        per_section[n] = time_n / n
        figures += [
            Figure(f"strict first build, {n} sections and {policies + 1} policies", time_n, "s"),
            Figure(f"its peak memory, {n} sections", peak, "MiB"),
        ]
    smallest, largest = min(sizes), max(sizes)
    figures.append(
        Figure(
            f"cost per section at {largest} ÷ at {smallest} sections",
            per_section[largest] / per_section[smallest],
            "×",
            1.0,
            "At most 1: the cost grows no worse than linearly. The curve, seconds per "
            "section: " + ", ".join(f"{n}: {per_section[n] * 1000:.1f} ms" for n in sizes) + ".",
        )
    )
    return figures


def check_and_cite(work: Path, runs: int, n: int = 1000) -> list[Figure]:
    project = work / f"sopkit-{n}"
    check = median_of(
        runs, lambda: timed_command([str(BIN / "sopkit"), "check", "--as-of", AS_OF], project)
    )
    text = policy_prose(1.0)

    def cite() -> float:
        started = time.perf_counter()
        _uncached_citations(text)  # find_citations keeps what it found; measure the grammar
        return time.perf_counter() - started

    return [
        Figure(f"sopkit check, {n} sections (the command, start-up included)", check, "s", 3.0),
        Figure("citations found in 1 MB of policy text", median_of(runs, cite), "s", 0.5),
    ]


def _uncached_citations(text: str) -> None:
    from sopkit.law.citations import _Scan

    _Scan(text).run()


def sizes(work: Path, n: int = 1000) -> list[Figure]:
    site = work / f"sopkit-{n}" / "site"
    index = (site / "search" / "search_index.json").stat().st_size
    page = site / "sop" / "procedure-0001.html"
    html = page.read_text(encoding="utf-8")
    parts = [page.read_bytes()]
    for link in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<script src="([^"]+)"', html
    ):
        target = (page.parent / link.split("?")[0]).resolve()
        if target.is_file():
            parts.append(target.read_bytes())
    raw = sum(len(part) for part in parts)
    zipped = sum(len(gzip.compress(part, 9)) for part in parts)
    return [
        Figure(f"search index, {n} sections", index / 1e6, "MB", 5.0),
        Figure(f"a section page at {n} sections: HTML, CSS and JavaScript", raw / 1e3, "KB"),
        Figure("the same, gzipped (as sent)", zipped / 1e3, "KB", 100.0),
    ]


# -- the report ---------------------------------------------------------------------------


def machine() -> str:
    from importlib.metadata import version

    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"WeasyPrint {version('weasyprint')}"
    )


def report(figures: list[Figure], runs: int, seconds: float) -> str:
    lines = [
        "# Benchmark report",
        "",
        "Written by `make bench` (`benchmarks/run.py`); rerun it to measure your own machine.",
        f"Machine: {machine()}. Each figure is the median of {runs} runs (of {max(runs, 7)}",
        "for the builds of fewer than 1000 sections); figures that are compared were",
        "measured side by side in the same run, and their ratio is the median of the ratios",
        f"taken turn by turn. The whole run took {seconds / 60:.0f} minutes.",
        "",
        "| Measure | Value | Budget | Met |",
        "| --- | --- | --- | --- |",
    ]
    for figure in figures:
        budget = "" if figure.budget is None else f"≤ {figure.budget:g} {figure.unit}"
        met = {True: "yes", False: "**no**", None: ""}[figure.passed]
        lines.append(f"| {figure.name} | {figure.value:.2f} {figure.unit} | {budget} | {met} |")
    notes = [f"- {f.name}: {f.detail}" for f in figures if f.detail]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


def compiled() -> None:
    """Compile sopkit's modules, as pip compiles every package it installs: an editable
    install is not, and where PYTHONDONTWRITEBYTECODE is set Python never writes what it
    compiles, so each build would compile sopkit again while MkDocs and Material, which
    pip installed, load compiled. Both sides of a comparison load compiled code."""
    import compileall

    compileall.compile_dir(REPO / "src" / "sopkit", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results.json")
    parser.add_argument("--report", type=Path, default=REPO / "docs-dev" / "benchmark-report.md")
    args = parser.parse_args()
    started = time.perf_counter()
    compiled()
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as folder:
        work = Path(folder)
        figures = builds(work, args.runs, args.sizes)
        middle = sorted(args.sizes)[len(args.sizes) // 2]  # 200 of 50, 200 and 1000
        figures += preview(work, args.runs, middle)
        figures += pdfs(work, args.runs, middle)
        figures += pdf_parallel(args.runs)
        figures += whole_build(work, args.runs)
        figures += scale(work, args.runs)
        figures += check_and_cite(work, args.runs, max(args.sizes))
        figures += sizes(work, max(args.sizes))
    seconds = time.perf_counter() - started
    args.json.write_text(
        json.dumps(
            {
                "machine": machine(),
                "runs": args.runs,
                "figures": [{**asdict(f), "passed": f.passed} for f in figures],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    args.report.write_text(report(figures, args.runs, seconds), encoding="utf-8")
    for figure in figures:
        verdict = "" if figure.passed is None else f" ({'met' if figure.passed else 'MISSED'})"
        print(f"{figure.name}: {figure.value:.2f} {figure.unit}{verdict}")


if __name__ == "__main__":
    main()
