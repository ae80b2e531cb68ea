"""Reading PDFs back with pypdf, typed: the catalog, the outline, the links of a page,
and the documents the shipped sources say a site must have."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination, DictionaryObject, PdfObject

from conftest import AS_OF, REPO
from sopkit.editions.select import Edition
from sopkit.pipeline import BuildOptions, build, print_documents_of
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from sopkit.status.asof import generation_time


def dictionary(value: PdfObject | None) -> DictionaryObject:
    """A PDF dictionary, looked up through any indirect reference."""
    assert value is not None
    found = value.get_object()
    assert isinstance(found, DictionaryObject), found
    return found


def catalog(reader: PdfReader) -> DictionaryObject:
    """The document's root: its tags, language and viewer preferences."""
    return dictionary(reader.trailer["/Root"])


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                assert isinstance(item, Destination)
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                found.append((level, str(item.title), page))

    walk(list(reader.outline), 1)
    return found


def page_text(reader: PdfReader, index: int) -> str:
    return reader.pages[index].extract_text()


def links(reader: PdfReader, index: int) -> list[DictionaryObject]:
    """The link annotations of a page."""
    annotations = reader.pages[index].get("/Annots")
    if annotations is None:
        return []
    listed = annotations.get_object()
    assert isinstance(listed, ArrayObject)
    found = [dictionary(annotation) for annotation in listed]
    return [annotation for annotation in found if str(annotation["/Subtype"]) == "/Link"]


def shipped_document_paths(edition: Edition) -> set[str]:
    """Where the PDFs of one edition of the shipped site go, as the sources decide it:
    what a test expects to find in that site, counted from the sources."""
    done = build(
        # With the editions' history, as the shipped site is built: its What's new PDFs.
        load_with_history(Layout(REPO)),
        BuildOptions(as_of=AS_OF, edition=edition, render=False),
    )
    assert done.ok, done.diagnostics
    return {d.path for d in print_documents_of(done, generated=generation_time(AS_OF))}
