"""A manual laid out in parts and joined (sopkit.pdf.parts): the parts, their numbers,
the join read back against the same manual laid out whole, and what an edit lays out
again."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import AS_OF, ProjectFolder
from pdfread import catalog, dictionary, links, outline, page_text
from sopkit.checks import check_loaded
from sopkit.pdf import parts
from sopkit.pdf.documents import PrintDocument, PrintOptions, print_documents
from sopkit.pdf.parts import (
    MARK,
    PART_LINK,
    UNKNOWN,
    Numbering,
    Shape,
    join,
    numbering_of,
    split_parts,
)
from sopkit.pdf.writer import render_pdf, write_pdfs
from sopkit.sources.project import Layout, load_project
from sopkit.views import views_of

pytestmark = pytest.mark.pdf

HEAD = (
    '<html><head><style>@page { @bottom-right { content: "Page " counter(page) " of "'
    " counter(pages); } }</style></head><body>"
)
TAIL = "</body></html>"


def marked(*bodies: str, head: str = HEAD) -> str:
    """A document of the given parts, each begun by a mark, and the last one ended."""
    return head + "".join(MARK + body for body in bodies) + MARK + TAIL


def three_parts() -> str:
    return marked(
        '<nav class="toc"><a href="#c-one" data-sopkit-page="">One</a> '
        '<a href="#c-two" data-sopkit-page="">Two</a></nav>',
        '<section id="c-one"><h1>One</h1><p>See <a href="#c-two">two</a>, <a href="#c-one">'
        'here</a> and <a href="#gone">nowhere</a>.</p></section>',
        '<section id="c-two"><h1 id="two-title">Two</h1></section>',
    )


# -- the parts and their numbers (no layout) ----------------------------------------------


def test_the_marks_make_the_parts_with_their_ids() -> None:
    parts = split_parts(three_parts())
    assert parts is not None
    assert len(parts.bodies) == 3
    assert parts.anchors == (frozenset(), frozenset({"c-one"}), frozenset({"c-two", "two-title"}))


@pytest.mark.parametrize(
    "html",
    [
        HEAD + "<p>No marks.</p>" + TAIL,
        marked("<p>One part.</p>"),
        # A mark inside an element: the parts would not be whole HTML.
        marked("<div><p>One</p>", "<p>Two</p></div>"),
        marked("<p>One</p></div>", "<p>Two</p>"),
        # Numbers the parts could not give: a page number in another box, a page looked
        # up by a link that is not a contents line.
        marked(
            "<p>One</p>",
            "<p>Two</p>",
            head=HEAD.replace(
                "</style>", "@page { @bottom-center { content: counter(page); } }</style>"
            ),
        ),
        marked(
            "<p>One</p>",
            "<p>Two</p>",
            head=HEAD.replace(
                "</style>", ".see::after { content: target-counter(attr(href), page); }</style>"
            ),
        ),
    ],
    ids=[
        "no marks",
        "one part",
        "a mark inside an element",
        "an end tag too many",
        "a page number in another box",
        "a page looked up elsewhere",
    ],
)
def test_a_document_that_cannot_be_split_is_laid_out_whole(html: str) -> None:
    assert split_parts(html) is None


def test_the_numbers_come_from_the_parts_shapes() -> None:
    shapes = [
        Shape(3, {}),
        Shape(5, {"c-one": 0, "one-late": 4}),
        Shape(2, {"c-two": 0, "c-one": 1}),  # the first part with an id has it
    ]
    assert numbering_of(shapes) == Numbering(
        total=10, anchor_pages={"c-one": 4, "one-late": 8, "c-two": 9}
    )


def test_only_the_contents_are_given_pages_and_no_part_shows_page_numbers() -> None:
    parts = split_parts(three_parts())
    assert parts is not None
    assert [parts.numbered(i) for i in range(3)] == [True, False, False]
    numbering = Numbering(9, {"c-one": 3, "c-two": 8, "two-title": 8})
    front, one, two = (parts.html(i, numbering) for i in range(3))
    assert f'href="{PART_LINK}c-one" data-sopkit-page="3"' in front
    assert f'href="{PART_LINK}c-two" data-sopkit-page="8"' in front
    # A link into another part that shows no page does not depend on the numbers.
    assert f'href="{PART_LINK}c-two">' in one
    assert parts.html(1, UNKNOWN) == one and parts.html(2, UNKNOWN) == two
    # A link inside its own part is left to WeasyPrint, and so is one that goes nowhere.
    assert 'href="#c-one"' in one and 'href="#gone"' in one
    for html in (front, one, two):  # the page numbers are the frame's
        assert "@page { @bottom-right { content: none; } }" in html
    frame = parts.frame(9)
    assert frame.count("<div") == 9 and "@bottom-left { content: none; }" in frame


# -- the join, read back -----------------------------------------------------------------


def manual_of(project: ProjectFolder) -> PrintDocument:
    loaded = check_loaded(load_project(Layout(project.root)), as_of=AS_OF).project
    documents = print_documents(views_of(loaded, as_of=AS_OF), PrintOptions(as_of=AS_OF))
    (manual,) = [d for d in documents if d.kind == "manual"]
    return manual


def structure(pdf: bytes) -> list[tuple[int, str, int | None]]:
    """The structure tree in reading order: (depth, role, page of its content)."""
    with pikepdf.open(io.BytesIO(pdf)) as read:
        pages: dict[tuple[int, int], int] = {
            page.obj.objgen: index for index, page in enumerate(read.pages)
        }
        found: list[tuple[int, str, int | None]] = []

        def walk(element: pikepdf.Object, depth: int) -> None:
            page = element.get("/Pg")
            found.append((depth, str(element.S), pages[page.objgen] if page is not None else None))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, depth + 1)

        (document,) = read.Root.StructTreeRoot.K
        walk(document, 0)
        return found


def parent_tree_problems(pdf: bytes) -> list[str]:
    """Every page's and every link's key into the parent tree must lead to elements of
    that page: what a screen reader follows from the content to the tags."""
    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as read:
        numbers = list(read.Root.StructTreeRoot.ParentTree.Nums)
        tree = dict(zip((int(key) for key in numbers[0::2]), numbers[1::2], strict=True))
        for index, page in enumerate(read.pages):
            if "/StructParents" in page:
                for element in tree[int(page.StructParents)]:
                    where = element.get("/Pg")
                    if where is not None and where.objgen != page.objgen:
                        problems.append(f"page {index}: an element of another page")
            for annotation in page.get("/Annots", []):
                element = tree[int(annotation.StructParent)]
                if not any(
                    isinstance(kid, pikepdf.Dictionary) and kid.get("/Obj") == annotation
                    for kid in element.K
                ):
                    problems.append(f"page {index}: a link whose element does not hold it")
    return problems


def link_targets(reader: PdfReader) -> list[list[str]]:
    return [
        sorted(
            str(link.get("/Dest") or dictionary(link["/A"])["/URI"]) for link in links(reader, i)
        )
        for i in range(len(reader.pages))
    ]


def destinations(reader: PdfReader) -> dict[str, int | None]:
    return {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }


def test_the_joined_manual_reads_as_the_manual_laid_out_whole(
    project: ProjectFolder, tmp_path: Path
) -> None:
    manual = manual_of(project)
    parts = split_parts(manual.html)
    assert parts is not None and len(parts.bodies) >= 3  # the front, chapters, appendices
    written = write_pdfs([manual], tmp_path / "cache")
    joined_bytes = written.files[manual.path].read_bytes()
    whole_bytes = render_pdf(manual.html)
    joined, whole = PdfReader(io.BytesIO(joined_bytes)), PdfReader(io.BytesIO(whole_bytes))
    assert len(joined.pages) == len(whole.pages) >= 3
    for index in range(len(whole.pages)):  # the footers' "Page 2 of 5" included
        assert page_text(joined, index) == page_text(whole, index), index
    assert outline(joined) == outline(whole)
    assert destinations(joined) == destinations(whole)
    assert link_targets(joined) == link_targets(whole)
    assert not [t for targets in link_targets(joined) for t in targets if PART_LINK in t]
    assert structure(joined_bytes) == structure(whole_bytes)
    assert parent_tree_problems(joined_bytes) == [] == parent_tree_problems(whole_bytes)
    assert joined.metadata is not None and whole.metadata is not None
    assert dict(joined.metadata) == dict(whole.metadata)
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert catalog(joined)[key] == catalog(whole)[key], key
    assert joined.xmp_metadata is not None and whole.xmp_metadata is not None
    assert joined.xmp_metadata.rdf_root.toxml() == whole.xmp_metadata.rdf_root.toxml()
    part_pdfs = sorted((tmp_path / "cache").glob("*.part.pdf"))
    assert len(part_pdfs) == len(parts.bodies) + 1  # and the frame
    # The same manual always joins into the same bytes (the file's id included).
    again = write_pdfs([manual], tmp_path / "another cache", jobs=1)
    assert again.files[manual.path].read_bytes() == joined_bytes


def counting_layouts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each part laid out from now on: True when its PDF was written too."""
    laid_out: list[bool] = []
    real: Callable[[str, bool], tuple[bytes | None, Shape]] = parts.lay_out

    def counted(html: str, write: bool) -> tuple[bytes | None, Shape]:
        laid_out.append(write)
        return real(html, write)

    monkeypatch.setattr("sopkit.pdf.writer.lay_out", counted)
    return laid_out


@pytest.mark.parametrize(
    ("old", "new", "laid_out_again"),
    [
        # A word: the chapter's part alone is laid out again.
        ("Searches follow the law.", "Searches follow the law and policy.", 1),
        # Pages of text: the pages after it have other numbers. The chapter's part, then
        # the contents (their pages) and the frame (the page numbers): nothing else.
        ("Searches follow the law.", "Searches follow the law. " + "More words. " * 900, 3),
    ],
    ids=["a word", "pages more"],
)
def test_an_edit_lays_out_what_it_changes_and_joins_what_a_first_build_joins(
    project: ProjectFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    laid_out_again: int,
) -> None:
    kept = tmp_path / "kept"
    first = manual_of(project)
    parts = split_parts(first.html)
    assert parts is not None
    laid_out = counting_layouts(monkeypatch)
    write_pdfs([first], kept, jobs=1)
    # A first build: the contents only to learn their pages, every other part written;
    # then the contents with the pages written in, and the frame.
    assert laid_out == [False] + [True] * (len(parts.bodies) - 1) + [True, True]
    laid_out.clear()
    project.replace("sop/04-students/searches.yml", old, new)
    edited = manual_of(project)
    again = write_pdfs([edited], kept, jobs=1)
    assert again.made == 1
    assert laid_out == [True] * laid_out_again
    incremental = again.files[edited.path].read_bytes()
    fresh = write_pdfs([edited], tmp_path / "fresh", jobs=1).files[edited.path].read_bytes()
    assert incremental == fresh
    reader, whole = (
        PdfReader(io.BytesIO(incremental)),
        PdfReader(io.BytesIO(render_pdf(edited.html))),
    )
    last = len(whole.pages) - 1
    assert page_text(reader, last) == page_text(whole, last)
    assert f"Page {last + 1} of {last + 1}" in page_text(reader, last)


def test_a_lost_or_damaged_part_is_laid_out_again(project: ProjectFolder, tmp_path: Path) -> None:
    manual = manual_of(project)
    cache = tmp_path / "cache"
    first = write_pdfs([manual], cache, jobs=1).files[manual.path].read_bytes()
    for pdf in cache.glob("*.pdf"):
        if not pdf.name.endswith(".part.pdf"):
            pdf.unlink()  # the joined manual
    (shape, *_) = sorted(cache.glob("*.shape.json"))
    shape.write_text("{not json", encoding="utf-8")
    (part, *_) = sorted(cache.glob("*.part.pdf"))
    part.unlink()
    again = write_pdfs([manual], cache, jobs=1).files[manual.path].read_bytes()
    assert again == first


def test_the_join_refuses_a_link_to_nowhere_and_a_frame_of_other_pages() -> None:
    one = render_pdf(HEAD + f'<p><a href="{PART_LINK}missing">Where?</a></p>' + TAIL)
    fine = render_pdf(HEAD + "<p>Here.</p>" + TAIL)
    frame = render_pdf(HEAD + "<p>1</p>" + TAIL)
    with pytest.raises(ValueError, match="goes to #missing, which is nowhere"):
        join([fine, one], render_pdf(HEAD + '<p style="break-after: page">1</p><p>2</p>' + TAIL))
    with pytest.raises(ValueError, match="the frame has 1 pages, the parts 2"):
        join([fine, fine], frame)


def test_parts_that_cannot_be_joined_make_the_document_whole(tmp_path: Path) -> None:
    # The second part links to an anchor of the third that is not laid out (hidden), so
    # that no page holds it: the join cannot make the link, and WeasyPrint, laying the
    # document out whole, drops it.
    html = marked(
        "<p>Front</p>",
        '<p><a href="#hidden">To the hidden one</a></p>',
        '<p>Third <span id="hidden" style="display: none">hidden</span></p>',
    )
    assert split_parts(html) is not None
    document = PrintDocument("pdf/hidden.pdf", "Hidden", "manual", html)
    written = write_pdfs([document], tmp_path, jobs=1)
    assert written.files[document.path].read_bytes() == render_pdf(html)
