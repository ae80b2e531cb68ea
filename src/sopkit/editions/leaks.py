"""Leak scanning: proof that a built public site holds nothing restricted.

The public edition leaves restricted content out before rendering (see editions.py);
this module checks the result from the outside, file by file, the way an attacker would
read the site. It takes markers from the sources (each internal section's id and title
and the opening words of its text, and the opening words of every internal step, note
and `!!! internal` block of the public sections) and looks for them in every file of a
built site: HTML, XML, JSON, JavaScript and other text, gzip files (decompressed), zip
archives (member by member) and PDFs (their text extracted).

It also reads every address in those files (links and images in HTML, the sitemap's
pages, the search index's locations, the link targets and named destinations inside
PDFs) and reports any that leads to a page the public edition leaves out.

Words are compared as words: case, punctuation, markup and line breaks do not matter, so
"Reporting and review of force" is found in `<h1>Reporting and <em>review</em> of
force</h1>` and in a PDF line that breaks after "review". Ids are compared as written,
since they appear in addresses.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import gzip
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopkit import model
from sopkit.diagnostics import Diagnostic, error
from sopkit.editions.select import hidden_pages, hidden_target, internal_blocks
from sopkit.sources.textrules import link_targets

# Enough opening words to be unmistakably that text, and no more: a marker is looked for
# as a whole, so a long one would miss a leak of only part of the text.
MARKER_WORDS = 8
_WORD = re.compile(r"\w+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TEXT_SUFFIXES = frozenset(
    {".html", ".htm", ".xml", ".atom", ".json", ".js", ".mjs", ".css", ".txt", ".ics", ".svg",
     ".md", ".map", ".csv", ".yml", ".yaml"}
)  # fmt: skip


@dataclass(frozen=True)
class Marker:
    """Something restricted, as it would appear in a leak."""

    text: str
    what: str
    """What it is, for the report: "the title of the internal section 5.4 ...\""""
    exact: bool = False
    """Look for the text as written (an id), not as a run of words."""


@dataclass(frozen=True)
class Leak:
    path: str
    """The file, relative to the site folder; a gzip or zip member after a '!'."""
    marker: Marker
    context: str
    """A few words around the find."""


FileVerdict = tuple[tuple[str, bool, tuple[Leak, ...]], ...]
"""What the scan found in one file: for the file, or each member of it, its name,
whether it holds text, and the leaks in it."""


@dataclass(frozen=True)
class ScanResult:
    leaks: tuple[Leak, ...]
    files: int
    """How many files were read."""
    skipped: tuple[str, ...]
    """Files that hold no text to scan (images, fonts), by suffix."""
    markers: int = 0
    """How many markers were looked for."""
    verdicts: Mapping[str, FileVerdict] = dataclasses.field(default_factory=dict, compare=False)
    """Each file's verdict by its key, when the scan was given what earlier ones found."""


def restricted_markers(project: model.Project) -> list[Marker]:
    """Markers of everything the public edition must leave out, from the whole project."""
    markers: list[Marker] = []
    if project.manual is None:
        return markers
    for chapter in project.manual.chapters:
        if chapter.sections and all(s.visibility != "public" for s in chapter.sections):
            what = f"the chapter {chapter.number} {chapter.title}, all internal"
            markers.append(Marker(chapter.id, f"the id of {what}", exact=True))
    for section in project.manual.sections:
        label = f"{section.number} {section.title}"
        if section.visibility != "public":
            what = f"the internal section {label}"
            markers.append(Marker(section.id, f"the id of {what}", exact=True))
            if len(words_of(section.title).split()) >= 2:
                # A one-word title ("Searches") is an everyday word: the id stands for it.
                markers.append(Marker(section.title, f"the title of {what}"))
            texts = [
                section.summary,
                _prose(section.body),
                *(_prose(s.text) for s in section.steps),
            ]
            markers += _openings(texts, f"text of {what}")
        else:
            markers += _openings(
                [_prose(s.text) for s in section.steps if s.visibility != "public"],
                f"an internal step of {label}",
            )
            for prose in (section.body, *(d.text for d in section.definitions)):
                if prose is not None:
                    markers += _block_openings(prose, f"an internal block of {label}")
        if section.internal_notes is not None:
            markers += _openings([section.internal_notes.text], f"the internal notes of {label}")
    # Internal blocks outside the sections: in a policy's clauses, in the sample notice.
    for policy in project.policies:
        for where, prose in model.iter_prose(policy):
            markers += _block_openings(prose, f"an internal block of {policy.title} ({where})")
    if project.manual.sample_notice is not None:
        markers += _block_openings(project.manual.sample_notice, "an internal block of the notice")
    return _unique(markers)


def withheld_reason_problems(project: model.Project) -> list[Diagnostic]:
    """Each reason for withholding a section that would itself give away what is
    withheld: the public edition publishes it beside the section's number, so it must not
    hold what the leak scan looks for (the section's title or id, the opening words of
    its text, or of any other restricted text)."""
    if project.manual is None:
        return []
    markers = restricted_markers(project)
    problems = []
    for section in project.manual.sections:
        reason = section.withheld_reason
        if section.visibility == "public" or not reason:
            continue
        for leak in _find("", reason, markers):
            problems.append(
                error(
                    section.span("withheld_reason"),
                    "withheld-reason-leaks",
                    f"withheld_reason: '{reason}' holds {leak.marker.what}; the public "
                    "edition publishes the reason, so it must not say what is withheld",
                    "say why in general words, without the section's title or text, e.g. "
                    "withheld_reason: tactical procedures",
                )
            )
    return problems


def _block_openings(prose: model.Prose, what: str) -> Iterator[Marker]:
    blocks = [prose.text[start:end] for start, end in internal_blocks(prose.text)]
    # The block's first line is "!!! internal ...": its words start after it.
    return _openings([block.split("\n", 1)[-1] for block in blocks], what)


def _prose(prose: model.Prose | None) -> str:
    return prose.text if prose is not None else ""


def _openings(texts: Iterable[str], what: str) -> Iterator[Marker]:
    for text in texts:
        words = words_of(_LINK_TARGET.sub("]", text)).split()
        if len(words) >= 3:
            yield Marker(" ".join(words[:MARKER_WORDS]), what)


def _unique(markers: list[Marker]) -> list[Marker]:
    seen: set[tuple[str, bool]] = set()
    unique = []
    for marker in markers:
        key = (marker.text.lower(), marker.exact)
        if key not in seen:
            seen.add(key)
            unique.append(marker)
    return unique


def words_of(text: str) -> str:
    """The words of a text, lower case, one space apart."""
    return " ".join(_WORD.findall(text.lower()))


# -- scanning -----------------------------------------------------------------------------


def scan_folder(
    folder: Path,
    markers: list[Marker],
    hidden: dict[str, str] | None = None,
    known: Mapping[str, FileVerdict] | None = None,
    salt: str = "",
) -> ScanResult:
    """Every file under `folder`, searched for every marker, and (given the pages the
    public edition leaves out, by id) every address in it checked against them.

    `known` holds the verdicts of earlier scans, by a key made of the file's name and
    bytes, every marker, every left-out page and `salt` (the scanner's own version): a
    file whose key is there is not read again (a rebuilt site changes few of its files).
    The same key always stands for the same verdict, so the result is the same as a
    scan without it. Given `known`, the result's `verdicts` are this scan's, by key."""
    leaks: list[Leak] = []
    files = 0
    skipped: list[str] = []
    verdicts: dict[str, FileVerdict] = {}
    scan = hashlib.sha256(f"{salt}\0{markers!r}\0{sorted((hidden or {}).items())!r}".encode())
    found_in: list[tuple[str, FileVerdict | concurrent.futures.Future[FileVerdict]]] = []
    # Files not known are read on every core: a PDF's text is poppler's, in a process
    # of its own. A few at a time, so that a site's files are never all in memory.
    cores = os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=cores) as readers:
        reading: list[concurrent.futures.Future[FileVerdict]] = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            key = _file_key(scan, name, data) if known is not None else ""
            verdict = known.get(key) if known is not None else None
            if verdict is not None:
                found_in.append((key, verdict))
                continue
            reading = [r for r in reading if not r.done()]
            if len(reading) >= 2 * cores:
                concurrent.futures.wait(reading, return_when=concurrent.futures.FIRST_COMPLETED)
            read = readers.submit(_file_verdict, name, data, markers, hidden or {})
            reading.append(read)
            found_in.append((key, read))
    for key, kept_or_read in found_in:
        if isinstance(kept_or_read, concurrent.futures.Future):
            verdict = kept_or_read.result()
        else:
            verdict = kept_or_read
        if known is not None:
            verdicts[key] = verdict
        for member, has_text, found in verdict:
            files += 1
            if not has_text:
                skipped.append(member)
            leaks += found
    return ScanResult(tuple(leaks), files, tuple(skipped), len(markers), verdicts)


def _file_key(scan: hashlib._Hash, name: str, data: bytes) -> str:
    digest = scan.copy()
    digest.update(b"\0" + name.encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _file_verdict(
    name: str, data: bytes, markers: list[Marker], hidden: dict[str, str]
) -> FileVerdict:
    return tuple(
        (member, text is not None, ())
        if text is None
        else (
            member,
            True,
            (*_find(member, text, markers), *_hidden_addresses(member, addresses, hidden)),
        )
        for member, text, addresses in _texts(name, data)
    )


def scan_project_site(
    project: model.Project,
    folder: Path,
    extra: Iterable[str] = (),
    earlier: Iterable[model.Project] = (),
    known: Mapping[str, FileVerdict] | None = None,
    salt: str = "",
) -> ScanResult:
    """A built public site of `project`, scanned for all that the project restricts, and
    for what its `earlier` editions restricted: a site that shows history (feeds,
    manifests, what changed) must not bring back a section that was internal and has
    since been removed, which today's sources no longer name. (`known` and `salt`: see
    `scan_folder`.)"""
    markers = restricted_markers(project)
    for old in earlier:
        markers += restricted_markers(_still_restricted(old, project))
    markers += [Marker(text, "a marker given with --marker") for text in extra]
    return scan_folder(folder, _unique(markers), hidden_pages(project), known, salt)


def _still_restricted(old: model.Project, today: model.Project) -> model.Project:
    """An earlier edition with the sections that are public today counted as public (a
    section may be published later: its title is then no leak)."""
    if old.manual is None or today.manual is None:
        return old
    public = {s.id for s in today.manual.sections if s.visibility == "public"}
    chapters = tuple(
        dataclasses.replace(
            chapter,
            sections=tuple(
                dataclasses.replace(s, visibility="public") if s.id in public else s
                for s in chapter.sections
            ),
        )
        for chapter in old.manual.chapters
    )
    return dataclasses.replace(old, manual=dataclasses.replace(old.manual, chapters=chapters))


def _hidden_addresses(name: str, addresses: list[str], hidden: dict[str, str]) -> Iterator[Leak]:
    for address in addresses:
        what = hidden_target(address, hidden) or _hidden_destination(address, hidden)
        if what is not None:
            yield Leak(name, Marker(address, f"a link to {what}", exact=True), address)


def _hidden_destination(name: str, hidden: dict[str, str]) -> str | None:
    """A PDF's named destination for a section or chapter (s-<id>, c-<id>)."""
    prefix, _, page = name.partition("-")
    return hidden.get(page) if prefix in ("s", "c") else None


_SITEMAP_LOCATION = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_INDEX_LOCATION = re.compile(r'"location"\s*:\s*"([^"]*)"')


def _addresses(text: str) -> list[str]:
    """The addresses in a text file: HTML attributes, sitemap and search index entries."""
    found = [target for _, target in link_targets(text)]
    found += _SITEMAP_LOCATION.findall(text)
    found += _INDEX_LOCATION.findall(text)
    return found


def _texts(name: str, data: bytes) -> Iterator[tuple[str, str | None, list[str]]]:
    """The text of a file, or of each file inside it (gzip, zip), with the addresses it
    holds; None for a file with no text."""
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        yield from _texts(f"{name}!{Path(name).stem}", gzip.decompress(data))
    elif suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield from _texts(f"{name}!{info.filename}", archive.read(info))
    elif suffix == ".pdf":
        yield (name, *_pdf_text(data))
    elif suffix in _TEXT_SUFFIXES:
        raw = data.decode("utf-8", "replace")
        text = _json_text(raw) if suffix == ".json" else raw
        yield name, html.unescape(text), _addresses(text)
    else:
        yield name, None, []


def _pdf_text(data: bytes) -> tuple[str, list[str]]:
    """A PDF's text (pages, metadata, bookmarks) and its addresses (link targets and the
    names of its destinations). The pages' text is poppler's or pypdf's; the rest is
    read with pikepdf (qpdf), which reads a 70-page manual's objects in a tenth of
    pypdf's time."""
    import pikepdf  # imported here: only PDFs need it

    with pikepdf.open(io.BytesIO(data)) as pdf:
        parts = [_pages_text(data) or _pypdf_pages_text(data)]
        parts += [str(value) for value in pdf.docinfo.values()]
        with pdf.open_outline() as outline:
            parts += _outline_titles(outline.root)
        names = pdf.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        addresses = [str(name) for name in pikepdf.NameTree(dests)] if dests else []
        old_style = pdf.Root.get("/Dests")  # (PDF 1.1's destinations: a dictionary)
        if old_style is not None:
            addresses += [str(name).lstrip("/") for name in old_style]
        for page in pdf.pages:
            for annotation in page.get("/Annots") or ():
                action = annotation.get("/A")
                if action is not None and action.get("/URI") is not None:
                    addresses.append(str(action.URI))
    return "\n".join(parts), addresses


def _pypdf_pages_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pages_text(data: bytes) -> str | None:
    """The text of a PDF's pages by poppler's pdftotext, when the machine has it: some
    forty times faster than reading the pages' content streams in Python, which is what
    the scan does without it."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run(
        [tool, "-q", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=False
    )
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _outline_titles(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        yield str(item.title)
        yield from _outline_titles(item.children)


def _json_text(text: str) -> str:
    """JSON with its escapes undone (\\u00e9, \\/), so that markers match."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def _find(name: str, text: str, markers: list[Marker]) -> Iterator[Leak]:
    words = f" {words_of(text)} "
    lowered = text.lower()
    for marker in markers:
        if marker.exact:
            match = re.search(rf"(?<![\w-]){re.escape(marker.text.lower())}(?![\w-])", lowered)
            if match:
                yield Leak(name, marker, _around(text, match.start(), match.end()))
        else:
            needle = f" {words_of(marker.text)} "
            at = words.find(needle)
            if at >= 0:
                yield Leak(name, marker, words[max(0, at - 40) : at + len(needle) + 40].strip())


def _around(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40) : end + 40].split())
