"""Print HTML to tagged PDF, with WeasyPrint, and a cache so unchanged documents are not
made again.

Every PDF is made as PDF/UA-1: tagged (a structure tree that screen readers follow),
with its language and title set and the title shown in the viewer's title bar. A PDF
depends only on its HTML (which holds its stylesheet and dates) and on the WeasyPrint
version, so the cache is keyed by both: change a word and that document, and only that
one, is made again. Documents are made in parallel when there are several cores. The
manual is laid out in parts, each kept like a document, and joined (sopkit.pdf.parts):
change a word and only its chapter is laid out again.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sopkit.pdf.documents import PrintDocument
from sopkit.pdf.parts import (
    JOIN_FORMAT,
    MARK,
    PDF_VARIANT,
    UNKNOWN,
    Parts,
    Shape,
    join,
    lay_out,
    numbering_of,
    split_parts,
)


@dataclass(frozen=True)
class WrittenPdfs:
    files: dict[str, Path]
    """Each document's path in the site → the PDF file on disk."""
    made: int
    """How many PDFs were made (the rest came from the cache)."""
    seconds: float


def cache_problem(cache: Path) -> str | None:
    """Why PDFs cannot be kept in `cache`, if they cannot: it is a file, or it cannot be
    made. Made here, before any PDF is, so the message names the folder, not a PDF."""
    if cache.exists() and not cache.is_dir():
        return f"'{cache}' is a file, not a folder"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"'{cache}' cannot be made ({exc.strerror or exc})"
    return None


def render_pdf(html: str) -> bytes:
    """One PDF from complete print HTML."""
    from weasyprint import HTML  # imported here: it is slow to import and not always needed

    pdf = HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None
    return bytes(pdf)


def cache_key(html: str, joined: bool = False) -> str:
    """The name of a PDF in the cache: its HTML's digest, with WeasyPrint's version (and
    the join's, for a document laid out in parts and joined)."""
    digest = hashlib.sha256()
    digest.update(f"weasyprint {_version('weasyprint')} {PDF_VARIANT}".encode())
    if joined:
        digest.update(f" joined {JOIN_FORMAT} pikepdf {_version('pikepdf')}".encode())
    digest.update(b"\n" + html.encode("utf-8"))
    return digest.hexdigest()


_version = functools.cache(importlib.metadata.version)
"""A package's version, from its metadata: importing WeasyPrint takes a second, and a
build whose PDFs are all in the cache lays nothing out."""


def write_pdfs(
    documents: Sequence[PrintDocument], cache: Path, jobs: int | None = None
) -> WrittenPdfs:
    """Make each document's PDF in `cache` (named by its content), unless it is there.
    A document with parts (sopkit.pdf.parts) is joined from its parts' PDFs, which are
    kept too, so that an edit lays out only the part it changes."""
    started = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    whole: dict[Path, str] = {}
    in_parts: dict[Path, _InParts] = {}
    for document in documents:
        marked = MARK in document.html
        if marked and (kept := cache / f"{cache_key(document.html, joined=True)}.pdf").exists():
            files[document.path] = kept  # kept only for HTML that splits: not split again
            continue
        parts = split_parts(document.html) if marked else None
        target = cache / f"{cache_key(document.html, joined=parts is not None)}.pdf"
        files[document.path] = target
        if target.exists() or target in whole or target in in_parts:
            continue
        if parts is None:
            whole[target] = document.html
        else:
            in_parts[target] = _InParts(document, target, parts, cache)
    with _Workers(jobs or os.cpu_count() or 1) as workers:
        # The first round lays out every whole document and the parts of every other.
        first: list[Job] = [("whole", html, True) for html in whole.values()]
        for joining in in_parts.values():
            first += joining.jobs()
        results = workers.run(first)
        for target, (pdf, _) in zip(whole, results, strict=False):
            assert pdf is not None
            _store(target, pdf)
        results = results[len(whole) :]
        waiting = list(in_parts.values())
        while waiting:
            for joining in waiting:
                results = joining.take(results)
            waiting = [joining for joining in waiting if not joining.done]
            results = workers.run([job for joining in waiting for job in joining.jobs()])
    return WrittenPdfs(files, len(whole) + len(in_parts), time.perf_counter() - started)


Job = tuple[str, str, bool]
"""What a worker makes: ("whole", html, True) a document's PDF; ("part", html, write)
a part's layout, and its PDF when `write`."""


Made = tuple[bytes | None, Shape | None]


def _work(job: Job) -> Made:
    kind, html, write = job
    if kind == "whole":
        return render_pdf(html), None
    return lay_out(html, write)


class _Workers:
    """Jobs run one by one, or on several cores: processes, started the first time a
    round has more than one job, and kept for the rounds after."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def run(self, jobs: list[Job]) -> list[Made]:
        if self.count == 1 or len(jobs) <= 1:
            return [_work(job) for job in jobs]
        if self.pool is None:
            import weasyprint  # noqa: F401  (once here: forked workers share it)

            self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=self.count)
        order = sorted(range(len(jobs)), key=lambda i: len(jobs[i][1]), reverse=True)
        made = dict(zip(order, self.pool.map(_work, [jobs[i] for i in order]), strict=True))
        return [made[i] for i in range(len(jobs))]


class _InParts:
    """A document laid out in parts: which parts (and frame) each round lays out, and
    the join, once the numbers the parts' shapes give are those the contents and the
    frame were laid out with (sopkit.pdf.parts)."""

    ROUNDS = 4
    """A part's shape can change with the numbers written into it (a contents line that
    a longer page number moves); each round starts from the last one's shapes."""

    def __init__(self, document: PrintDocument, target: Path, parts: Parts, cache: Path) -> None:
        self.target, self.parts, self.cache = target, parts, cache
        self.html, self.whole = document.html, False
        path = document.path
        self.memo = cache / f"{hashlib.sha256(path.encode()).hexdigest()[:32]}.parts.json"
        last = _read_shapes(self.memo)
        # The numbers of the document's last join: after an edit that moves no page, the
        # contents and the frame laid out with them are in the cache already. Without
        # them, the first round lays the contents out only to learn their pages.
        known = last if last is not None and len(last) == len(parts.bodies) else None
        self.numbering = numbering_of(known) if known is not None else UNKNOWN
        self.rounds, self.done = 0, False
        self.htmls: list[str] = []
        self.frame, self.frame_laid_out = "", False
        self.shapes: dict[int, Shape] = {}
        self.laid_out: list[int] = []

    def jobs(self) -> list[Job]:
        """This round's parts to lay out (those not in the cache as they are now), and
        the frame, when the numbers are known; or, when the parts cannot be joined, the
        document laid out whole."""
        if self.whole:
            self.laid_out, self.frame_laid_out = [], False
            return [("whole", self.html, True)]
        known = self.numbering != UNKNOWN
        self.htmls = [self.parts.html(i, self.numbering) for i in range(len(self.parts.bodies))]
        self.frame = self.parts.frame(self.numbering.total) if known else ""
        self.shapes, self.laid_out, jobs = {}, [], []
        for index, html in enumerate(self.htmls):
            write = known or not self.parts.numbered(index)
            kept = _read_shapes(self._file(html, ".shape.json")) if write else None
            if kept is not None and len(kept) == 1 and self._file(html, ".pdf").exists():
                self.shapes[index] = kept[0]
            else:
                self.laid_out.append(index)
                jobs.append(("part", html, write))
        self.frame_laid_out = bool(self.frame) and not self._file(self.frame, ".pdf").exists()
        if self.frame_laid_out:
            jobs.append(("part", self.frame, True))
        return jobs

    def take(self, results: list[Made]) -> list[Made]:
        """Take this document's results, the first of `results`; return the others'."""
        if self.whole:
            (pdf, _), *others = results
            assert pdf is not None
            _store(self.target, pdf)
            self.done = True
            return others
        count = len(self.laid_out) + self.frame_laid_out
        mine, others = results[:count], results[count:]
        for index, (pdf, shape) in zip(self.laid_out, mine, strict=False):
            assert isinstance(shape, Shape)
            self.shapes[index] = shape
            if pdf is not None:
                _store(self._file(self.htmls[index], ".pdf"), pdf)
                _write_shapes(self._file(self.htmls[index], ".shape.json"), [shape])
        if self.frame_laid_out:
            (frame, _) = mine[-1]
            assert frame is not None
            _store(self._file(self.frame, ".pdf"), frame)
        shapes = [self.shapes[i] for i in range(len(self.htmls))]
        numbering = numbering_of(shapes)
        self.rounds += 1
        if self.frame and numbering == self.numbering:
            pdfs = [self._file(html, ".pdf").read_bytes() for html in self.htmls]
            try:
                joined = join(pdfs, self._file(self.frame, ".pdf").read_bytes())
            except ValueError:
                # Parts that cannot be joined (a link to an anchor that is not laid out,
                # say): the next round lays the document out whole, as WeasyPrint would.
                self.whole = True
                return others
            _store(self.target, joined)
            _write_shapes(self.memo, shapes)
            self.done = True
        elif self.rounds >= self.ROUNDS:
            self.whole = True  # numbers that never hold: laid out whole, as any document
        self.numbering = numbering
        return others

    def _file(self, html: str, suffix: str) -> Path:
        return self.cache / f"{cache_key(html)}.part{suffix}"


def _read_shapes(path: Path) -> list[Shape] | None:
    """Shapes kept in the cache; None when there are none, or they cannot be read (a
    cache is never trusted to be whole: a build that reads nothing lays out again)."""
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
        return [
            Shape(int(s["pages"]), {str(k): int(v) for k, v in s["anchors"].items()})
            for s in listed
        ]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_shapes(path: Path, shapes: list[Shape]) -> None:
    listed = [{"pages": s.pages, "anchors": dict(s.anchors)} for s in shapes]
    _store(path, json.dumps(listed, sort_keys=True).encode())


def _store(target: Path, pdf: bytes) -> None:
    """Write atomically, so that an interrupted build never leaves half a PDF in the
    cache for the next build to use."""
    handle, name = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as stream:
        stream.write(pdf)
    Path(name).replace(target)


def copy_pdfs(written: WrittenPdfs, out: Path, strip: str = "") -> list[Path]:
    """Copy the PDFs to their paths under `out`, less the `strip` folder they have in
    the site (pdf/); return the files written."""
    copied = []
    for path, source in written.files.items():
        target = out / path.removeprefix(strip)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(target)
    return copied
