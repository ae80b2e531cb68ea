"""`sopkit build`: what `make build` does, in one command.

It checks the sources (as `sopkit check --edition public` does) while it builds both
editions with `mkdocs build --strict` (at the same time, when the machine has two cores
or more), scans the public one for anything restricted, and zips the officers' edition
for reading offline. When nothing it reads has changed since it last finished, and its
outputs are as it left them, it does none of that and says so
(sopkit.hosts.build_state); `--force` builds all the same.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from sopkit.diagnostics import SOURCES_HAVE_ERRORS
from sopkit.hosts import build_state
from sopkit.hosts.cache import cache_folder, sources_kept
from sopkit.hosts.cli.check import check
from sopkit.hosts.cli.common import Io, Opened, UsageError, open_project, resolve_day
from sopkit.hosts.cli.scan_leaks import scan_leaks
from sopkit.sources.project import load_project


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "build",
        help="check the sources, build both editions, scan the public one, zip the other",
        description=(
            "Check the sources; build the officers' edition and the public one with "
            "`mkdocs build --strict`; scan the public one for restricted content; zip the "
            "officers' one for reading offline. Nothing is done again when nothing has "
            "changed since the last build (--force: build all the same)."
        ),
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="the project folder (default: this folder)"
    )
    parser.add_argument("--site-dir", default="site", help="the officers' edition (default: site)")
    parser.add_argument(
        "--public-site-dir",
        default="site-public",
        help="the public edition (default: site-public)",
    )
    parser.add_argument(
        "--zip",
        metavar="FILE",
        help="zip the officers' edition into FILE, e.g. dist/manual-offline.zip",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="build the editions N at a time (default: 2 when the machine has 2 cores)",
    )
    parser.add_argument("--force", action="store_true", help="build even when nothing has changed")
    parser.set_defaults(command=build)


@dataclass(frozen=True)
class _Edition:
    name: str
    site: Path
    environment: dict[str, str]


def build(
    io: Io,
    *,
    path: str,
    site_dir: str,
    public_site_dir: str,
    zip: str | None,
    jobs: int,
    force: bool,
) -> int:
    """Build everything; 1 when a step fails (its output says why), 0 otherwise."""
    started = time.perf_counter()
    opened = open_project(path)
    root = opened.layout.root
    if jobs < 0:
        raise UsageError(f"--jobs {jobs}: give a number of builds at a time, 1 or more")
    editions = (
        _Edition("officers", root / site_dir, {}),
        _Edition("public", root / public_site_dir, {"SOPKIT_EDITION": "public"}),
    )
    archive = root / zip if zip else None
    outputs = [edition.site for edition in editions] + ([archive] if archive else [])
    stamps, inputs = cache_folder(root), _changed_inputs(io, opened, outputs, force)
    if inputs is None:
        return 0  # nothing changed (and it said so)

    def checked(report: Io) -> bool:
        return check(report, path=path, format="text", as_of=None, strict=False,
                     edition="public") == 0  # fmt: skip

    built = _build_editions(io, root, editions, jobs or min(2, os.cpu_count() or 1), checked)
    if not built.ok and editions[1].name in built.editions:
        _scanned_and_zipped(io, path, editions, None)  # a public site written: scanned
    if not built.ok or not _scanned_and_zipped(io, path, editions, archive):
        return 1
    if stamps is not None:  # finished: the next build with nothing changed does nothing
        _stamp(stamps, inputs, outputs)
    made = ", ".join(_shown(output, root) for output in outputs)
    print(f"Built {made} in {time.perf_counter() - started:.1f} s.", file=io.out)
    return 0


def _scanned_and_zipped(
    io: Io, path: str, editions: tuple[_Edition, ...], archive: Path | None
) -> bool:
    """Scan the public edition; zip the officers' one meanwhile (the zip's time is
    mostly zlib's, which lets the scan run). False when the scan finds a leak."""

    def scan() -> int:
        return scan_leaks(io, project=path, site=str(editions[1].site), marker=[])

    if archive is None:
        return scan() == 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as zipping:
        zipped = zipping.submit(_zip_folder, editions[0].site, archive)
        scanned = scan()
        zipped.result()
    return scanned == 0


def _changed_inputs(io: Io, opened: Opened, outputs: list[Path], force: bool) -> str | None:
    """The digest of what the build reads; None, having said so, when neither it nor
    the outputs changed since the build that wrote the stamp. Without a cache folder
    (SOPKIT_BUILD_CACHE=0) the build always runs, and writes no stamp."""
    root = opened.layout.root
    stamps = cache_folder(root)
    if stamps is None:
        return ""
    with sources_kept(root) as kept:  # (the manual names the time zone of "today")
        manual = load_project(opened.layout, kept).project.manual
    day = resolve_day(None, opened.settings, manual).isoformat()
    editions_file = root / opened.layout.sop / "editions.yml"
    where = [output.as_posix() for output in outputs]  # the command's options
    # Neither the outputs nor the cache folder (which holds the stamp) are inputs.
    inputs = build_state.input_digest(root, [*outputs, stamps], editions_file, where, day)
    last = build_state.read_stamp(stamps)
    if (
        not force
        and last is not None
        and last.inputs == inputs
        and last.outputs == build_state.output_digest(outputs)
    ):
        shown = ", ".join(_shown(output, root) for output in outputs)
        print(
            f"Nothing has changed since the build of {last.built}: {shown} are as it left "
            "them (sopkit build --force builds them again).",
            file=io.out,
        )
        return None
    build_state.forget_stamp(stamps)  # a build that fails leaves none
    return inputs


def _stamp(folder: Path, inputs: str, outputs: list[Path]) -> None:
    finished = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    build_state.write_stamp(
        folder, build_state.Stamp(inputs, build_state.output_digest(outputs), finished)
    )


def _build_editions(
    out: Io,
    root: Path,
    editions: tuple[_Edition, ...],
    at_a_time: int,
    checked: Callable[[Io], bool],
) -> _Built:
    """`mkdocs build --strict` of each edition, `at_a_time` of them at once, and the
    check of the sources meanwhile (its time is spent while the builds start, not before
    them); the check's report is printed first, then each build's output whole, in
    order, when it is done. Sources with errors fail a build before it touches its site
    (the plugin stops MkDocs while reading the configuration), so a failed check leaves
    the site of any edition they fail as it was, and that build's output (the same
    errors again) is left out; an edition they do not fail is built all the same (and
    a public site so written is scanned), and no edition waiting is started. Overdue
    reviews are notes (so that the site is still built and published) unless
    SOPKIT_REVIEW_WARNINGS says otherwise; `sopkit review` fails on them."""
    built = _Built(ok=True, editions=set())
    with tempfile.TemporaryDirectory(prefix="sopkit-build-") as logs:
        builds = _Builds(root, list(editions), at_a_time, Path(logs))
        built.ok = sources_ok = _checked_meanwhile(out, builds, checked)
        while (done := builds.next_done()) is not None:
            edition, code, log = done
            if code == 0:
                built.editions.add(edition.name)
            else:
                built.ok = False
            if code != 0 and not sources_ok and SOURCES_HAVE_ERRORS in log:
                # The errors the check has listed, with their hints: said once.
                why = "the sources have the errors above"
                print(f"The {edition.name} edition did not build: {why}.", file=out.err)
                continue
            out.out.write(log)
            if code != 0:
                print(f"The {edition.name} edition did not build (above: why).", file=out.err)
    return built


@dataclass
class _Built:
    ok: bool
    """Whether the check and every build succeeded."""
    editions: set[str]
    """The editions whose build succeeded (whose site was written)."""


def _checked_meanwhile(out: Io, builds: _Builds, checked: Callable[[Io], bool]) -> bool:
    """The check, while `builds` run; its report printed. When it fails, no build that
    is waiting is started."""
    said, complained = StringIO(), StringIO()
    try:
        ok = checked(Io(said, complained))
    except BaseException:
        builds.stop()  # a usage error, or Ctrl-C
        raise
    finally:
        out.out.write(said.getvalue())
        out.err.write(complained.getvalue())
    if not ok:
        builds.waiting.clear()
    return ok


class _Builds:
    """The editions' builds, `at_a_time` running at once, each one's output in a log."""

    def __init__(self, root: Path, waiting: list[_Edition], at_a_time: int, logs: Path) -> None:
        self.root, self.waiting, self.at_a_time, self.logs = root, waiting, at_a_time, logs
        self.running: list[tuple[_Edition, subprocess.Popen[bytes], Path]] = []
        self._start_waiting()

    def _start_waiting(self) -> None:
        while self.waiting and len(self.running) < self.at_a_time:
            edition = self.waiting.pop(0)
            log = self.logs / f"{edition.name}.log"
            with log.open("wb") as written:
                process = subprocess.Popen(
                    [sys.executable, "-m", "mkdocs", "build", "--strict",
                     "--site-dir", str(edition.site)],
                    cwd=self.root,
                    env={"SOPKIT_REVIEW_WARNINGS": "info", **os.environ, **edition.environment},
                    stdout=written,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            self.running.append((edition, process, log))

    def next_done(self) -> tuple[_Edition, int, str] | None:
        """The first running build, once done (with its exit status and output); the
        next waiting one is started. None when none is left."""
        if not self.running:
            return None
        edition, process, log = self.running.pop(0)
        code = process.wait()
        self._start_waiting()
        return edition, code, log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.waiting.clear()
        for _, process, _ in self.running:
            process.terminate()
            process.wait()


def _zip_folder(folder: Path, archive: Path) -> None:
    """The folder's files in a zip, in name order and dated as the build is (the last
    commit's time, SOURCE_DATE_EPOCH), so that one commit always makes the same zip.
    PDFs are stored as they are: their contents are compressed already."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    fixed = None
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(max(int(epoch), 315532800), dt.UTC)  # zip: ≥ 1980
        fixed = moment.timetuple()[:6]
    part = archive.with_name(archive.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as out:
        files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
        for name, path in sorted(files.items()):
            info = zipfile.ZipInfo.from_file(path, name)
            if fixed is not None:
                info.date_time = fixed
            info.compress_type = (
                zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            )
            out.writestr(info, path.read_bytes())
    part.replace(archive)


def _shown(path: Path, root: Path) -> str:
    try:
        name = path.relative_to(root).as_posix()
    except ValueError:
        name = str(path)
    return name + "/" if path.is_dir() else name
