"""`sopkit authorities refresh`: read each registered authority at its official
publisher and write policy_data/authorities.lock.yml.

This is the only command that uses a network. Each publisher has a small reader (which
pages to ask for, what they say: sopkit.law.official); this module fetches those pages
politely (a timeout, a few retries with a growing pause, at most one request per
`--pause` seconds to a host, a User-Agent that names sopkit) and gives each authority's
failure one sentence without stopping the others. The lock file is rewritten the one
way sopkit writes it, so its diff shows what changed and nothing else.
"""

from __future__ import annotations

import argparse
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from sopkit import model
from sopkit.checks.drift import drifts, unique_drifts
from sopkit.diagnostics import Severity
from sopkit.hosts.cli.common import (
    Io,
    UsageError,
    add_as_of,
    add_project,
    open_checked,
    resolve_day,
)
from sopkit.law import official
from sopkit.law.lockfile import LOCK_FILE, Read, ReadProblem, Refreshed, lock_text, refresh_entries
from sopkit.law.official import OFFICIAL_ROOTS, PageProblem, Reading, Source
from sopkit.sources.project import LoadResult, load_project

SNAPSHOTS = "authorities"
"""The folder, in policy_data/, that --snapshots keeps texts in."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "authorities",
        help="read the cited laws at their official publishers (policy_data/authorities.lock.yml)",
        description="Keep track of the laws the policy and the manual cite.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    _register_refresh(actions)
    report = actions.add_parser(
        "report",
        help="list, in Markdown, the laws read with a new text and what cites them",
        description=(
            "Print, as Markdown (for a pull request's description), each authority the lock "
            "file records with a new text since the previous one, and each section or "
            "policy version citing a law whose text took effect after its last review. "
            "Reads the lock file only: no network."
        ),
    )
    report.add_argument(
        "--news",
        action="store_true",
        help="print only news=true or news=false: whether the latest refresh read a new "
        "text, or something cites a changed law (for a workflow's output)",
    )
    add_project(report)
    report.set_defaults(command=report_command)


def _register_refresh(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    refresh = actions.add_parser(
        "refresh",
        help="read each authority at its official publisher and update the lock file",
        description=(
            "Read each authority of policy_data/authorities.yml at its official publisher "
            "(KRS and KAR at apps.legislature.ky.gov, C.F.R. at eCFR, U.S.C. at "
            "uscode.house.gov) and write what was read to policy_data/authorities.lock.yml: "
            "the day its current text took effect, its history line and a hash of its "
            "text. An authority that cannot be read is reported and keeps its last entry; "
            "the others are refreshed. Exits with 1 when one could not be read."
        ),
    )
    add = refresh.add_argument
    add("--only", action="append", metavar="CITE", help="refresh only this authority (repeatable)")
    add(
        "--snapshots",
        action="store_true",
        help=f"keep each text as read in policy_data/{SNAPSHOTS}/ (the law as it read that day)",
    )
    add(
        "--root",
        action="append",
        metavar="PUBLISHER=URL",
        help="read a publisher (krs, kar, ecfr, uscode) at another address, such as a mirror",
    )
    add("--timeout", type=float, default=20.0, help="seconds per request")
    add("--pause", type=float, default=1.0, help="seconds between requests to one host")
    add("--retries", type=int, default=2, help="retries of a failed request")
    add_as_of(refresh, "the day to record as the day of checking")
    add_project(refresh)
    refresh.set_defaults(command=refresh_command)


def report_command(io: Io, *, project: str, news: bool = False) -> int:
    opened = open_checked(project)
    loaded = load_project(opened.layout)
    locked = loaded.project.locked
    # New in the latest refresh: a changed text first read on the day of that check.
    changed = [
        e for e in locked if e.previous_effective_on is not None and e.first_read_on == e.checked_on
    ]
    found = unique_drifts(drifts(loaded.project))
    if news:
        io.out.write(f"news={'true' if changed or found else 'false'}\n")
        return 0
    checked = sum(1 for e in locked if e.status == "checked")
    io.out.write("## Laws read at their publishers\n\n")
    io.out.write(
        f"{checked} of {len(locked)} authorities read; {len(locked) - checked} not read.\n\n"
    )
    if changed:
        io.out.write("### With a new text\n\n")
        for entry in changed:
            io.out.write(
                f"- {entry.cite}: in effect from {entry.effective_on} (before: "
                f"{entry.previous_effective_on}); {entry.history or 'no history line'}\n"
            )
        io.out.write("\n")
    io.out.write("### Cited after a change, not reviewed since\n\n")
    if not found:
        io.out.write("None.\n")
    for drift in found:
        io.out.write(
            f"- {drift.who} (`{drift.location.path}:{drift.location.line}`) cites "
            f"{drift.cite}: its text in effect from {drift.effective_on}, last "
            f"{'reviewed' if drift.section_id else 'adopted'} {drift.looked_at}\n"
        )
    return 0


def refresh_command(
    io: Io,
    *,
    project: str,
    as_of: str | None,
    only: list[str] | None,
    snapshots: bool,
    root: list[str] | None,
    timeout: float,
    pause: float,
    retries: int,
) -> int:
    opened = open_checked(project)
    loaded = load_project(opened.layout)
    _usable(loaded, timeout, pause, retries)
    _known(loaded.project.authorities, only or [])
    data = opened.layout.root / opened.layout.policy_data
    found = refresh_entries(
        loaded.project.authorities,
        loaded.project.locked,
        reader(Fetcher(timeout=timeout, pause=pause, retries=retries), _roots(root or [])),
        resolve_day(as_of, opened.settings, loaded.project.manual),
        frozenset(only) if only else None,
        _snapshot_writer(data) if snapshots else None,
    )
    lock = data / LOCK_FILE
    text = lock_text(r.entry for r in found)
    written = not lock.is_file() or lock.read_text(encoding="utf-8") != text
    if written:
        lock.write_text(text, encoding="utf-8")
    _report(io, found, lock.relative_to(opened.layout.root).as_posix(), written)
    return 1 if any(r.problem for r in found) else 0


def _usable(loaded: LoadResult, timeout: float, pause: float, retries: int) -> None:
    """Refused before anything is read: numbers that make no sense, and a registry or
    lock file with errors (a refresh would rewrite the lock from what it could not
    read, and lose what it holds)."""
    for name, value, least in (("--timeout", timeout, 0.1), ("--pause", pause, 0.0)):
        if not value >= least:
            hint = f"give {name} {max(least, 1):g}"
            raise UsageError(f"{name} {value:g} is too small\n  hint: {hint}")
    if retries < 0:
        hint = "give --retries 0 to try each page once"
        raise UsageError(f"--retries cannot be below 0\n  hint: {hint}")
    registries = (LOCK_FILE, "authorities.yml")
    for problem in loaded.diagnostics:
        if problem.severity is Severity.ERROR and problem.location.path.endswith(registries):
            raise UsageError(
                f"{problem}\n  (nothing was read: fix this first, or delete "
                f"{LOCK_FILE} to read every authority anew)"
            )


def _known(registry: Sequence[model.Authority], only: list[str]) -> None:
    if not registry:
        raise UsageError(
            "policy_data/authorities.yml lists no authorities, so there is nothing to read\n"
            "  hint: list the laws the sources cite there, each as - cite: with its title "
            "(sopkit check names each citation the registry lacks)"
        )
    known = {a.cite for a in registry}
    for cite in only:
        if cite not in known:
            raise UsageError(
                f"'{cite}' is not in policy_data/authorities.yml\n"
                f"  hint: name an authority as its cite: line writes it, e.g. "
                f'--only "{registry[0].cite}"'
            )


def _report(io: Io, found: list[Refreshed], lock: str, written: bool) -> None:
    for refreshed in found:
        entry = refreshed.entry
        if refreshed.problem is not None:
            io.out.write(f"{entry.cite}: not read: {refreshed.problem}\n")
        elif refreshed.changed:
            io.out.write(
                f"{entry.cite}: a new text, in effect from {entry.effective_on} "
                f"(before: {entry.previous_effective_on})\n"
            )
    read = sum(1 for r in found if r.entry.status == "checked" and r.problem is None)
    failed = sum(1 for r in found if r.problem is not None)
    changed = sum(1 for r in found if r.changed)
    io.out.write(
        f"Read {read} of {len(found)} authorities ({changed} with a new text, {failed} not "
        f"read); {lock} {'updated' if written else 'unchanged'}.\n"
    )


def _roots(given: list[str]) -> dict[official.Publisher, str]:
    roots = dict(OFFICIAL_ROOTS)
    for item in given:
        name, _, url = item.partition("=")
        if name not in roots or not re.match(r"https?://", url):
            raise UsageError(
                f"--root '{item}' is not PUBLISHER=URL\n"
                f"  hint: name one of {', '.join(roots)} and an http(s) address, e.g. "
                "--root krs=https://apps.legislature.ky.gov"
            )
        roots[name] = url.rstrip("/")
    return roots


def _snapshot_writer(data: Path) -> Callable[[str, Reading], str | None]:
    def keep(cite: str, reading: Reading) -> str:
        name = re.sub(r"[^a-z0-9.]+", "-", cite.lower()).strip("-") + ".txt"
        path = data / SNAPSHOTS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(reading.text + "\n", encoding="utf-8")
        return f"{SNAPSHOTS}/{name}"

    return keep


# -- fetching ---------------------------------------------------------------------------


@dataclass
class Fetcher:
    """GET with a timeout, retries and a pause between requests to one host."""

    timeout: float = 20.0
    pause: float = 1.0
    retries: int = 2
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> tuple[bytes, str]:
        """The body and its content type. Raises ReadProblem with a sentence."""
        host = urlsplit(url).netloc
        problem = ""
        for attempt in range(self.retries + 1):
            wait = self._last.get(host, -1e9) + self.pause - self.clock()
            if wait > 0:
                self.sleep(wait)
            self._last[host] = self.clock()
            request = urllib.request.Request(
                url, headers={"User-Agent": f"sopkit/{version('sopkit')} (authorities refresh)"}
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    return answer.read(), answer.headers.get_content_type()
            except urllib.error.HTTPError as error:
                problem = f"{url} answered {error.code} {error.reason}"
                if error.code < 500 and error.code not in (408, 429):
                    break  # a missing page stays missing; a busy server is asked again
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = getattr(error, "reason", error)
                problem = f"{url} could not be reached ({reason})"
            if attempt < self.retries:
                self.sleep(self.pause * (attempt + 1))
        raise ReadProblem(problem)

    def text(self, url: str) -> str:
        body, kind = self.get(url)
        if kind == "application/pdf" or body.startswith(b"%PDF"):
            return _pdf_text(body, url)
        return body.decode("utf-8", errors="replace")


def _pdf_text(body: bytes, url: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(body)).pages)
    except (PdfReadError, ValueError) as problem:
        raise ReadProblem(f"{url} is not a PDF that can be read ({problem})") from None


def reader(fetcher: Fetcher, roots: dict[official.Publisher, str]) -> Read:
    """How each publisher's authorities are read: the pages asked for, in order."""
    chapters: dict[str, tuple[str, str]] = {}
    """KRS chapter pages already read (address, text), by chapter number: several
    sections share one."""

    def read(source: Source) -> tuple[str, Reading]:
        root = roots[source.publisher]
        try:
            if source.publisher == "krs":
                return _read_krs(fetcher, root, source, chapters)
            if source.publisher == "kar":
                url = official.kar_page(root, source)
                return url, official.read_kar(fetcher.text(url))
            if source.publisher == "ecfr":
                versions = official.ecfr_versions(root, source)
                day, removed = official.read_ecfr_versions(fetcher.text(versions), source)
                if removed:
                    return versions, official.removed_reading(day)
                text = fetcher.text(official.ecfr_text(root, source, day))
                return versions, official.read_ecfr_text(text, day)
            url = official.uscode_page(root, source)
            return url, official.read_uscode(fetcher.text(url))
        except PageProblem as problem:
            raise ReadProblem(f"the publisher's page was not as expected: {problem}") from None

    return read


def _read_krs(
    fetcher: Fetcher, root: str, source: Source, chapters: dict[str, tuple[str, str]]
) -> tuple[str, Reading]:
    chapter = source.parts[0]
    if chapter not in chapters:
        index_url = official.krs_index(root)
        chapter_url = official.krs_chapter_link(fetcher.text(index_url), index_url, source)
        if chapter_url is None:
            raise ReadProblem(f"the statutes' index ({index_url}) lists no chapter {chapter}")
        chapters[chapter] = (chapter_url, fetcher.text(chapter_url))
    chapter_url, page = chapters[chapter]
    document = official.krs_section_link(page, chapter_url, source)
    if document is None:
        number = f"{source.parts[0]}.{source.parts[1]}"
        raise ReadProblem(f"chapter {chapter}'s page ({chapter_url}) lists no section {number}")
    return document, official.read_krs(fetcher.text(document))


__all__ = ["Fetcher", "reader", "refresh_command", "register"]
