"""How long `make build` takes on the shipped content, and how much of it is sopkit.

Runs, side by side and several times each (medians, because the machines are small and
noisy):

1. `sopkit check` as a command, as `make build` runs it;
2. `mkdocs build --strict` as a command, as `make build` runs it (Python start-up,
   imports, the plugin, Markdown, theme, search index, offline index);
3. the same build in-process, reading the time the sopkit plugin itself spent
   (loading, checking and rendering the sources, and adding the pages).

    .venv/bin/python benchmarks/build_time.py [--runs 5]

Prints a Markdown table for docs-dev/performance.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# As `make build` runs it: overdue reviews are notes, so that the site is still built.
ENV = {
    **os.environ,
    "SOPKIT_AS_OF": "2026-12-01",
    "SOPKIT_REVIEW_WARNINGS": "info",
    # The site alone: the PDFs are measured by pdf_time.py (and cached between builds).
    "SOPKIT_PDF": "0",
    "NO_MKDOCS_2_WARNING": "1",
}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return time.perf_counter() - started


def in_process_build(site_dir: Path) -> tuple[float, float]:
    """(total seconds, seconds spent in the sopkit plugin) for one build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from sopkit.hosts.mkdocs_plugin.plugin import SopkitPlugin

    os.environ.update(
        SOPKIT_AS_OF=ENV["SOPKIT_AS_OF"],
        SOPKIT_REVIEW_WARNINGS=ENV["SOPKIT_REVIEW_WARNINGS"],
        SOPKIT_PDF=ENV["SOPKIT_PDF"],
    )
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    started = time.perf_counter()
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    total = time.perf_counter() - started
    plugin = config.plugins["sopkit"]
    assert isinstance(plugin, SopkitPlugin)
    return total, plugin.seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        check, command, total, plugin = [], [], [], []
        for _ in range(runs):
            check.append(timed([str(BIN / "sopkit"), "check"]))
            command.append(
                timed([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", f"{tmp}/cmd"])
            )
            seconds, in_plugin = in_process_build(Path(tmp) / "inproc")
            total.append(seconds)
            plugin.append(in_plugin)
    median = statistics.median
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}; median of {runs} runs each.\n")
    print("| What | Median | Runs |")
    print("| --- | --- | --- |")
    for label, values in (
        ("`sopkit check` (command)", check),
        ("`mkdocs build --strict` (command)", command),
        ("the same build, in-process", total),
        ("of which in the sopkit plugin", plugin),
    ):
        each = ", ".join(f"{value:.2f}" for value in values)
        print(f"| {label} | {median(values):.2f} s | {each} |")
    print(f"\nThe plugin's share of an in-process build: {median(plugin) / median(total):.0%}.")


if __name__ == "__main__":
    main()
