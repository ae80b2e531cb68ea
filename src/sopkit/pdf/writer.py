"""Print HTML to tagged PDF, with WeasyPrint, and a cache so unchanged documents are not
made again.

Every PDF is made as PDF/UA-1: tagged (a structure tree that screen readers follow),
with its language and title set and the title shown in the viewer's title bar. A PDF
depends only on its HTML (which holds its stylesheet and dates) and on the WeasyPrint
version, so the cache is keyed by both: change a word and that document, and only that
one, is made again. Documents are made in parallel when there are several cores.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sopkit.pdf.documents import PrintDocument

PDF_VARIANT = "pdf/ua-1"


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


def cache_key(document: PrintDocument) -> str:
    from weasyprint import __version__ as weasyprint_version

    digest = hashlib.sha256()
    digest.update(f"weasyprint {weasyprint_version} {PDF_VARIANT}\n".encode())
    digest.update(document.html.encode("utf-8"))
    return digest.hexdigest()


def write_pdfs(
    documents: Sequence[PrintDocument], cache: Path, jobs: int | None = None
) -> WrittenPdfs:
    """Make each document's PDF in `cache` (named by its content), unless it is there."""
    started = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    missing: list[tuple[PrintDocument, Path]] = []
    for document in documents:
        target = cache / f"{cache_key(document)}.pdf"
        files[document.path] = target
        if not target.exists() and all(target != t for _, t in missing):
            missing.append((document, target))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if workers == 1:
        for document, target in missing:
            _store(target, render_pdf(document.html))
    else:
        # The longest documents first (their HTML's length stands for their pages), so
        # that a manual is not left to start last, with the other cores idle meanwhile.
        missing.sort(key=lambda item: len(item[0].html), reverse=True)
        import weasyprint  # noqa: F401  (once here: forked workers share it, not each import it)

        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            pdfs = pool.map(render_pdf, [document.html for document, _ in missing])
            for (_, target), pdf in zip(missing, pdfs, strict=True):
                _store(target, pdf)
    return WrittenPdfs(files, len(missing), time.perf_counter() - started)


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
