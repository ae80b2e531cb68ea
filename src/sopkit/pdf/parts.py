"""A long document laid out in parts and joined, so that an edit lays out again only the
part it changes.

WeasyPrint lays a document out whole, and its laid-out pages cannot be kept between
builds. The manual (73 pages of the shipped content) therefore took as long to make
again after a one-word edit as the first time. Its template marks where its parts begin
(`<!-- sopkit:part -->`): the cover and contents, each chapter, each appendix. Each part
starts a page of its own, so laying the parts out one by one gives the pages that
laying the whole out gives. Each part is then a PDF of its own, made and kept like any
other document, and the manual's PDF is those PDFs joined.

No part shows a page number, so that no part depends on the parts before it: the
page numbers ("Page 9 of 73", which print.css puts in the bottom-right margin box) are
laid out by themselves on the pages of a frame, and laid over the joined pages. Only the
contents show where other parts are: their lines have the pages written in
(`PAGE_SLOT`), from each part's `Shape` (its page count and the page of each anchor),
which the build keeps beside the part's PDF. So an edit lays out its part again, and,
when the edit moves a page, the contents and the frame: small documents. A link into
another part leaves WeasyPrint as a web link to `PART_LINK` + the anchor, and the join
makes it a link inside the document again.

The join keeps what makes the whole PDF accessible: one structure tree (each part's
elements under one Document element, each page's and each link's key into the parent
tree moved past the parts before), the named destinations, the outline, the language,
title and metadata of the first part. The page numbers are marked as artifacts, which a
screen reader skips.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from sopkit.render.linking import VOID_ELEMENTS

MARK = "<!-- sopkit:part -->"
PDF_VARIANT = "pdf/ua-1"
"""What every PDF is made as: tagged, for screen readers (see sopkit.pdf.writer)."""
PART_LINK = "https://sopkit.invalid/part#"
"""Where a link into another part points until the join: `.invalid` is a name no site
can have (RFC 2606), so a link the join missed could never lead anywhere."""
JOIN_FORMAT = "1"
"""Changes when the join writes other bytes, so that no manual joined before is used."""

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"( data-sopkit-page="")?')


@dataclass(frozen=True)
class Shape:
    """What laying a part out tells the other parts: its pages, and the page (counted
    from 0 in the part) of each anchor in it."""

    pages: int
    anchors: Mapping[str, int]


@dataclass(frozen=True)
class Numbering:
    """What the parts' shapes give: the document's page count, and the page (counted
    from 1) of every anchor."""

    total: int
    anchor_pages: Mapping[str, int]


UNKNOWN = Numbering(0, {})
"""Before the parts are laid out. A part that shows no page number of another part
(every part but the contents) is the same whatever the numbers are."""

PAGE_NUMBER_BOX = "@bottom-right"
"""The page margin box that holds the page number, "Page 9 of 73" (print.css): left out
of the parts, it is laid out by itself on the pages of the frame (`Parts.frame`)."""
_WITHOUT_PAGE_NUMBERS = f"<style>@page {{ {PAGE_NUMBER_BOX} {{ content: none; }} }}</style>\n"
_ONLY_PAGE_NUMBERS = (
    "<style>@page { @top-left { content: none; } @top-right { content: none; } "
    "@bottom-left { content: none; } }</style>\n"
)
PAGE_SLOT = 'data-sopkit-page=""'
"""A link that shows the page it goes to (a line of the contents) has this attribute in
the template; in a part, the page is written into it (`data-sopkit-page="23"`)."""


@dataclass(frozen=True)
class Parts:
    head: str
    """Everything before the first part: the HTML's head (with the stylesheet) and what
    opens the body."""
    bodies: tuple[str, ...]
    tail: str
    anchors: tuple[frozenset[str], ...]
    """The ids in each part."""

    def numbered(self, index: int) -> bool:
        """Whether the part shows pages of other parts (and so depends on the numbers)."""
        return PAGE_SLOT in self.bodies[index]

    def html(self, index: int, numbering: Numbering) -> str:
        """Part `index` as complete HTML: its links into other parts made web links to
        `PART_LINK` (the join makes them links inside the document again), the pages of
        those that show them written in, and no page numbers (the frame has them)."""
        own = self.anchors[index]

        def link(match: re.Match[str]) -> str:
            anchor, slot = match.group(1), match.group(2)
            if anchor in own or not any(anchor in other for other in self.anchors):
                return match.group(0)  # inside this part, or nowhere (WeasyPrint drops it)
            page = f' data-sopkit-page="{numbering.anchor_pages.get(anchor, 0)}"' if slot else ""
            return f'href="{PART_LINK}{anchor}"{page}'

        head = self.head.replace("</head>", _WITHOUT_PAGE_NUMBERS + "</head>", 1)
        return head + _HREF.sub(link, self.bodies[index]) + self.tail

    def frame(self, total: int) -> str:
        """`total` empty pages, each with only its page number: the page numbers of the
        joined document, laid over its pages."""
        head = self.head.replace("</head>", _ONLY_PAGE_NUMBERS + "</head>", 1)
        head = head[: head.index("<body")] + "<body>"
        pages = "<div></div>" + '<div style="break-before: page"></div>' * (total - 1)
        return head + pages + "</body></html>"


def split_parts(html: str) -> Parts | None:
    """The parts the document's marks make; None when it has fewer than two, when a
    part does not close every element it opens (a template that put a mark inside an
    element), or when its stylesheet shows numbers the parts could not give (a page
    number outside the bottom-right box, a page looked up other than by a contents
    line): then it is laid out whole, as any other document."""
    pieces = html.split(MARK)
    if len(pieces) < 4 or "<body" not in pieces[0] or not _numbers_handled(pieces[0]):
        return None
    bodies = tuple(pieces[1:-1])
    if not all(_balanced(body) for body in bodies):
        return None
    anchors = tuple(frozenset(_ID.findall(body)) for body in bodies)
    return Parts(pieces[0], bodies, pieces[-1], anchors)


def numbering_of(shapes: Sequence[Shape]) -> Numbering:
    anchor_pages: dict[str, int] = {}
    page = 1
    for shape in shapes:
        for anchor, index in shape.anchors.items():
            anchor_pages.setdefault(anchor, page + index)  # the first wins, as in WeasyPrint
        page += shape.pages
    return Numbering(page - 1, anchor_pages)


_PAGE_NUMBER_RULE = re.compile(re.escape(PAGE_NUMBER_BOX) + r"\s*\{[^{}]*\}")
_CONTENTS_RULE = re.compile(r"\.toc a::after\s*\{[^{}]*\}")


def _numbers_handled(head: str) -> bool:
    """Whether every number the stylesheet shows is one the parts give: the page number
    (the frame's) and the contents' pages (`PAGE_SLOT`)."""
    rest = _CONTENTS_RULE.sub("", _PAGE_NUMBER_RULE.sub("", head))
    return "counter(" not in rest


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.ok = False


def _balanced(body: str) -> bool:
    parser = _Balance()
    parser.feed(body)
    parser.close()
    return parser.ok and not parser.open


def lay_out(html: str, write: bool) -> tuple[bytes | None, Shape]:
    """A part's PDF (when `write`; else only its layout) and its shape."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render(pdf_variant=PDF_VARIANT)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT) if write else None
    return (bytes(pdf) if pdf is not None else None), Shape(len(document.pages), anchors)


def join(pdfs: Sequence[bytes], frame: bytes) -> bytes:
    """The parts' PDFs as one tagged PDF, with the frame's page numbers laid over its
    pages (see the module's docstring)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    joined = pikepdf.open(io.BytesIO(pdfs[0]))
    tree = joined.Root.StructTreeRoot
    (document,) = tree.K
    nums: list[Any] = list(tree.ParentTree.Nums)
    next_key = max(int(key) for key in nums[0::2]) + 1 if nums else 0
    dests = _dests(joined.Root)
    with joined.open_outline() as outline:
        for pdf in pdfs[1:]:
            part = pikepdf.open(io.BytesIO(pdf))
            start, offset = len(joined.pages), next_key
            with warnings.catch_warnings():  # (that it does not carry the destinations:
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # this does, below)
                joined.pages.extend(part.pages)  # copied with what they use: fonts, links
            for page in joined.pages[start:]:
                if Name.StructParents in page:
                    page.StructParents = int(page.StructParents) + offset
                for annotation in page.get(Name.Annots, Array()):
                    if Name.StructParent in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
            # Copies keep their identity: an element's page is the page copied above.
            part_tree = joined.copy_foreign(part.Root.StructTreeRoot)
            (part_document,) = part_tree.K
            for kid in _listed(part_document.get(Name.K)):
                if isinstance(kid, Dictionary) and Name.S in kid:
                    kid.P = document
                document.K.append(kid)
            numbers = list(part_tree.ParentTree.Nums)
            for key, value in zip(numbers[0::2], numbers[1::2], strict=True):
                if value.objgen == part_document.objgen:
                    value = document
                elif isinstance(value, Array):
                    value = Array(
                        [document if v.objgen == part_document.objgen else v for v in value]
                    )
                nums.extend([int(key) + offset, value])
                next_key = max(next_key, int(key) + offset + 1)
            for name, target in _dests(part.Root).items():
                if name not in dests:  # the first wins, as in WeasyPrint
                    (page, *where) = target  # [page, /XYZ, left, top, zoom]
                    dests[name] = Array([joined.copy_foreign(page), *where])
            outline.root.extend(_outline_items(part, start))
    tree.ParentTree = Dictionary(Nums=Array(nums))
    tree.ParentTreeNextKey = next_key
    listed = Array()
    for name in sorted(dests):
        listed.extend([String(name), dests[name]])
    joined.Root.Names = Dictionary(Dests=Dictionary(Names=listed))
    for page in joined.pages:
        for annotation in page.get(Name.Annots, Array()):
            action = annotation.get(Name.A)
            uri = str(action.get(Name.URI, "")) if action is not None else ""
            if uri.startswith(PART_LINK):
                name = uri.removeprefix(PART_LINK)
                if name not in dests:
                    raise ValueError(f"a link into another part goes to #{name}, which is nowhere")
                del annotation.A
                annotation.Dest = annotation.Contents = String(name)
    numbered = pikepdf.open(io.BytesIO(frame))
    if len(numbered.pages) != len(joined.pages):
        raise ValueError(
            f"the frame has {len(numbered.pages)} pages, the parts {len(joined.pages)}"
        )
    for page, over in zip(joined.pages, numbered.pages, strict=True):
        # Running text, not the document's: a screen reader skips it (an artifact), as
        # it should skip page numbers.
        over.Contents = numbered.make_stream(_MARKED.sub(b"/Artifact BMC", _contents(over)))
        form = joined.copy_foreign(over.as_form_xobject())
        # The page's own resources: a part's pages share theirs, and each page has its
        # own number. (By a fixed name: pikepdf's add_overlay draws one at random, and
        # the same parts must always join into the same bytes.)
        resources = Dictionary(dict(page.Resources.items()))
        xobjects = Dictionary(dict(resources.get(Name.XObject, Dictionary()).items()))
        if _PAGE_NUMBERS in xobjects:
            raise ValueError(f"a part's page already has a resource named {_PAGE_NUMBERS}")
        xobjects[_PAGE_NUMBERS] = form
        resources.XObject = xobjects
        page.Resources = resources
        page.contents_add(joined.make_stream(b"q\n"), prepend=True)
        page.contents_add(joined.make_stream(b"\nQ\nq " + str(_PAGE_NUMBERS).encode() + b" Do Q\n"))
    out = io.BytesIO()
    # The same parts always join into the same bytes: the file's id is drawn from them.
    joined.save(
        out,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


_PAGE_NUMBERS = "/SopkitPageNumbers"
_MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")
"""Where tagged content begins (`/Span <</MCID 0>> BDC`) in a page's content."""


def _contents(page: Any) -> bytes:
    import pikepdf

    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return bytes(contents.read_bytes())


def _listed(value: Any) -> list[Any]:
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _dests(catalog: Any) -> dict[str, Any]:
    names = catalog.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return {}
    if "/Names" not in dests:
        raise ValueError("a part's destinations are not a flat name tree")
    listed = list(dests.Names)
    return {str(name): target for name, target in zip(listed[0::2], listed[1::2], strict=True)}


def _outline_items(part: Any, start: int) -> list[Any]:
    """The part's bookmarks, in order and nesting, on the joined pages."""
    from pikepdf import OutlineItem

    pages = {page.objgen: index for index, page in enumerate(part.pages)}

    def copied(item: Any) -> Any:
        destination = item.destination
        index = pages[destination[0].objgen]
        made = OutlineItem(
            item.title,
            start + index,
            "XYZ",
            left=float(destination[2]),
            top=float(destination[3]),
        )
        made.is_closed = item.is_closed
        made.children.extend(copied(child) for child in item.children)
        return made

    with part.open_outline() as outline:
        return [copied(item) for item in outline.root]
