"""A redline: the word-level changes between two versions of a text.

Texts are compared as readers see them, not as they are typed: whitespace and line
wrapping are not changes, so re-flowing a paragraph changes nothing. A text is read as
blocks (paragraphs, list items, headings), each a run of words and punctuation marks;
the comparison runs over the words of all blocks at once, so a paragraph split in two
shows as one inserted paragraph break, not as a deleted and an added paragraph.

The result is typed: a `Redline` is a tuple of `RedlineBlock`s, each a tuple of
`Piece`s that are the same, removed or added. `Redline.explain(style)` writes it as
HTML, Markdown or plain text. Python's `difflib` does the matching; the one thing added
to it is a cleanup that joins changes separated by a word or two, which is how a person
marks up a redline ("~~A school's~~ **Build a**", not three small changes).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import escape

PieceKind = Literal["same", "removed", "added"]
Style = Literal["html", "markdown", "text"]

# A word keeps its inner punctuation: KRS 158.4414, 704 KAR 7:160, his/her, school's.
_TOKEN = re.compile(r"\w+(?:[.’'/:\-]\w+)*|\S")
_LIST_ITEM = re.compile(r"([-*+]|\d+[.)])\s+")
_OWN_LINE = re.compile(r"(#{1,6}\s|!!!|\?\?\?|\||```|~~~)")
_MERGE_AT_MOST = 2
"""Changes separated by this many unchanged tokens or fewer are marked as one change."""


@dataclass(frozen=True)
class Token:
    text: str
    space: bool
    """Whether whitespace came before it."""


@dataclass(frozen=True)
class Block:
    """A paragraph, list item or other block of a text, with its words."""

    marker: str
    """What starts it: "" for a paragraph, "-" or "1." for a list item, "##" for a heading."""
    depth: int
    """How deeply it is nested: 0 at the margin."""
    tokens: tuple[Token, ...]

    @property
    def key(self) -> str:
        """What identifies the block's start when texts are compared: its kind of marker."""
        kind = "1." if self.marker[:1].isdigit() else self.marker
        return f"\x00{kind}/{self.depth}"


def read_blocks(text: str) -> list[Block]:
    """Split Markdown text into blocks, joining wrapped lines and ignoring whitespace."""
    blocks: list[Block] = []
    open_items: list[int] = []
    """The indentation of each list item that the current line may be nested in."""
    marker, depth = "", 0
    lines: list[str] = []

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        starts_block = not line or not lines or _LIST_ITEM.match(line) or _OWN_LINE.match(line)
        if lines and (starts_block or _one_line(marker)):
            blocks.append(Block(marker, depth, tuple(tokenize(" ".join(lines)))))
            lines = []
        if not line:
            continue
        if not lines:
            indent = len(raw) - len(raw.lstrip())
            while open_items and open_items[-1] > indent:
                open_items.pop()
            item, own_line = _LIST_ITEM.match(line), _OWN_LINE.match(line)
            if item:
                if not open_items or open_items[-1] < indent:
                    open_items.append(indent)
                marker, depth, line = item.group(1), len(open_items) - 1, line[item.end() :]
            else:
                depth = sum(1 for i in open_items if i < indent)
                marker = own_line.group(1).strip() if own_line else ""
                line = line[len(marker) :].strip()
        lines.append(line)
    return blocks


def _one_line(marker: str) -> bool:
    """Headings, admonition titles, table rows and fences are one line each."""
    return bool(marker) and not _is_list_marker(marker)


def _is_list_marker(marker: str) -> bool:
    return _LIST_ITEM.fullmatch(marker + " ") is not None


def tokenize(text: str) -> Iterator[Token]:
    last = 0
    for match in _TOKEN.finditer(text):
        yield Token(match.group(), match.start() > last)
        last = match.end()


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return _join(self.tokens)


@dataclass(frozen=True)
class RedlineBlock:
    """A block of the compared text. `kind` says whether the block itself is new (a
    paragraph added or split off), gone (removed or joined to the one before) or both
    texts have it."""

    kind: PieceKind
    marker: str
    depth: int
    pieces: tuple[Piece, ...]

    @property
    def whole(self) -> bool:
        """Whether the whole block was added or removed, words and all."""
        return self.kind != "same" and all(piece.kind == self.kind for piece in self.pieces)

    @property
    def mark(self) -> PieceKind:
        """How to mark the paragraph break that starts the block: added when a paragraph
        was split here, removed when two were joined; a whole new block needs no mark."""
        return "same" if self.whole else self.kind


@dataclass(frozen=True)
class Redline:
    """The changes from one text to another, block by block."""

    blocks: tuple[RedlineBlock, ...]

    @property
    def changed(self) -> bool:
        return any(
            block.kind != "same" or any(piece.kind != "same" for piece in block.pieces)
            for block in self.blocks
        )

    def counts(self) -> dict[str, int]:
        """How many runs of words were removed and added."""
        pieces = [piece for block in self.blocks for piece in block.pieces]
        return {
            "removed": sum(1 for piece in pieces if piece.kind == "removed"),
            "added": sum(1 for piece in pieces if piece.kind == "added"),
        }

    def as_json(self) -> list[dict[str, object]]:
        """The blocks and pieces as JSON-ready data."""
        return [
            {
                "kind": block.kind,
                "marker": block.marker,
                "depth": block.depth,
                "pieces": [{"kind": piece.kind, "text": piece.text} for piece in block.pieces],
            }
            for block in self.blocks
        ]

    def explain(self, style: Style = "markdown") -> str:
        """The redline as HTML, Markdown or plain text."""
        return {"html": _html, "markdown": _markdown, "text": _text}[style](self)


def compare(old: str, new: str) -> Redline:
    """The word-level changes that turn `old` into `new`."""
    before, after = read_blocks(old), read_blocks(new)
    a = [item for block in before for item in _stream(block)]
    b = [item for block in after for item in _stream(block)]
    matcher = difflib.SequenceMatcher(None, [_key(i) for i in a], [_key(i) for i in b], False)
    runs = _cleanup([(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()])
    return Redline(tuple(_assemble(runs)))


Item = Token | Block
"""A token, or the start of a block (a Block stands for its own start)."""


def _stream(block: Block) -> Iterator[Item]:
    yield block
    yield from block.tokens


def _key(item: Item) -> str:
    return item.key if isinstance(item, Block) else item.text


Run = tuple[str, Sequence[Item], Sequence[Item]]


def _cleanup(runs: list[Run]) -> list[Run]:
    """Make the runs read as a person would mark them up."""
    return _join_nearby(_whole_blocks(runs))


def _whole_blocks(runs: list[Run]) -> list[Run]:
    """Show an added or removed list item as a whole item.

    When items end alike ("success; and" before, "success;" and "foundational; and"
    after), the matcher may keep the old item's last words and add the new item without
    them. Moving those words into the change gives "- build a climate of success;[-and-]"
    and "- {+make racial equity foundational; and+}", which is what changed."""
    out = list(runs)
    for i in range(1, len(out) - 1):
        before, (tag, a, b), after = out[i - 1], out[i], out[i + 1]
        changed = b if tag == "insert" else a if tag == "delete" else ()
        if before[0] != "equal" or after[0] != "equal" or len(changed) < 2:
            continue
        if not isinstance(changed[0], Block) or _key(changed[-1]) != _key(before[2][-1]):
            continue
        tail = list(itertools.takewhile(lambda item: not isinstance(item, Block), after[2]))
        if not tail or len(tail) > _MERGE_AT_MOST + 1:
            continue
        k = len(tail)
        if tag == "insert":
            out[i] = ("replace", list(after[1][:k]), [*b, *tail])
        else:
            out[i] = ("replace", [*a, *after[1][:k]], tail)
        out[i + 1] = ("equal", after[1][k:], after[2][k:])
    return [run for run in out if run[1] or run[2]]


def _join_nearby(runs: list[Run]) -> list[Run]:
    """Join two replacements separated by a word or two ("~~A school's~~ **Build a**",
    not "~~A~~ **Build a** ~~school's~~"). Insertions and deletions stay apart, so that
    "staff{+,+} and visitors{+.+}" is not marked as a rewrite."""
    out: list[Run] = []
    for run in runs:
        tag, a, b = run
        if (
            tag == "replace"
            and len(out) >= 2
            and out[-1][0] == "equal"
            and out[-2][0] == "replace"
            and len(out[-1][1]) <= _MERGE_AT_MOST
            and not any(isinstance(item, Block) for item in out[-1][1])
        ):
            _, same, _ = out.pop()
            _, a0, b0 = out.pop()
            run = ("replace", [*a0, *same, *a], [*b0, *same, *b])
        out.append(run)
    return out


def _assemble(runs: list[Run]) -> Iterator[RedlineBlock]:
    """Lay the runs out block by block.

    Within a change, the block starts on each side are paired in order: a pair is a block
    both texts have; a start left over on the old side is a block removed (or joined to
    the one before), one left over on the new side a block added (or split off)."""
    blocks: list[tuple[PieceKind, Block, list[Piece]]] = []

    def add(kind: PieceKind, tokens: Sequence[Token]) -> None:
        if tokens:
            if not blocks:  # only whitespace came before: cannot happen with read_blocks
                blocks.append(("same", Block("", 0, ()), []))
            blocks[-1][2].append(Piece(kind, tuple(tokens)))

    for tag, a, b in runs:
        if tag == "equal":
            # A word is spaced from the one before if it is in either text: in
            # "[-New Section of-] KRS", KRS starts the new text but not the old one.
            lead, segments = _segments([_either_spaced(x, y) for x, y in zip(a, b, strict=True)])
            add("same", lead)
            for start, tokens in segments:
                blocks.append(("same", start, []))
                add("same", tokens)
            continue
        old_lead, old_segments = _segments(a)
        new_lead, new_segments = _segments(b)
        add("removed", old_lead)
        add("added", new_lead)
        for k in range(max(len(old_segments), len(new_segments))):
            old = old_segments[k] if k < len(old_segments) else None
            new = new_segments[k] if k < len(new_segments) else None
            kind: PieceKind = "same" if old and new else "added" if new else "removed"
            start = new[0] if new else old[0] if old else Block("", 0, ())
            blocks.append((kind, start, []))
            add("removed", old[1] if old else ())
            add("added", new[1] if new else ())
    for kind, start, pieces in blocks:
        yield RedlineBlock(kind, start.marker, start.depth, tuple(pieces))


def _either_spaced(old: Item, new: Item) -> Item:
    if isinstance(old, Token) and isinstance(new, Token) and old.space and not new.space:
        return Token(new.text, True)
    return new


def _segments(items: Sequence[Item]) -> tuple[list[Token], list[tuple[Block, list[Token]]]]:
    """The tokens before the first block start, then each block start with its tokens."""
    lead: list[Token] = []
    segments: list[tuple[Block, list[Token]]] = []
    for item in items:
        if isinstance(item, Block):
            segments.append((item, []))
        elif segments:
            segments[-1][1].append(item)
        else:
            lead.append(item)
    return lead, segments


def _join(tokens: Sequence[Token]) -> str:
    return "".join(
        (" " if token.space and i else "") + token.text for i, token in enumerate(tokens)
    )


def _spaced(pieces: Sequence[Piece]) -> Iterator[tuple[Piece, str]]:
    """Each piece with the space to write before it. Added words that replace removed
    ones share the space before the removed words: "an [-SRO-]{+SSO+} who", but
    "building[-.-] {+and+} teaches"."""
    previous: Piece | None = None
    for piece in pieces:
        space = piece.tokens[0].space and previous is not None
        if previous is not None and previous.kind == "removed" and piece.kind == "added":
            space = space and not previous.tokens[0].space
        yield piece, " " if space else ""
        previous = piece


# -- explaining -----------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^])")


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _block_prefix(block: RedlineBlock, indent: str, literal: bool) -> str:
    """The indentation and marker a block starts with; `literal` markers (headings,
    table rows) are escaped so that they show as written."""
    if not block.marker:
        return indent * block.depth
    if _is_list_marker(block.marker):
        marker = "-" if block.marker in "-*+" else block.marker
        return indent * block.depth + marker + " "
    return (_markdown_escape(block.marker) if literal else block.marker) + " "


_MARKS = {
    "markdown": {"same": "{}", "removed": "~~{}~~", "added": "**{}**"},
    "text": {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"},
}
_BREAKS = {
    "markdown": {"same": "", "removed": "~~¶~~ ", "added": "**¶** "},
    "text": {"same": "", "removed": "[-¶-] ", "added": "{+¶+} "},
}


def _plain(redline: Redline, style: Literal["markdown", "text"]) -> str:
    markdown = style == "markdown"
    lines = []
    for block in redline.blocks:
        text = _BREAKS[style][block.mark]
        for piece, space in _spaced(block.pieces):
            words = _markdown_escape(piece.text) if markdown else piece.text
            text += space + _MARKS[style][piece.kind].format(words)
        lines.append(_block_prefix(block, "    " if markdown else "  ", markdown) + text)
    return ("\n\n" if markdown else "\n").join(lines)


def _markdown(redline: Redline) -> str:
    """Removed words ~~struck~~, added words **bold**; a paragraph break added or removed
    is a ¶ marked the same way."""
    return _plain(redline, "markdown")


def _text(redline: Redline) -> str:
    """Removed words [-like this-], added words {+like this+}, as `git diff --word-diff`."""
    return _plain(redline, "text")


# Each change carries words that a screen reader speaks and a line (struck through, or
# underlined) that the eye sees, so that no change is shown by colour alone.
_HTML_WRAP = {
    "removed": '<del><span class="sopkit-visually-hidden">[deleted: </span>{}'
    '<span class="sopkit-visually-hidden">]</span></del>',
    "added": '<ins><span class="sopkit-visually-hidden">[inserted: </span>{}'
    '<span class="sopkit-visually-hidden">]</span></ins>',
    "same": "{}",
}
_HTML_BREAK = {
    "added": '<ins class="sopkit-break" title="paragraph break inserted">¶'
    '<span class="sopkit-visually-hidden"> (paragraph break inserted)</span></ins> ',
    "removed": '<del class="sopkit-break" title="paragraph break deleted">¶'
    '<span class="sopkit-visually-hidden"> (paragraph break deleted)</span></del> ',
    "same": "",
}


def _html(redline: Redline) -> str:
    """Paragraphs as paragraphs and list items as real (nested) lists, so that a screen
    reader announces the structure; headings and other one-line blocks as paragraphs
    with their marker, so that the page's own outline is not disturbed."""
    out = ['<div class="sopkit-redline">']
    lists: list[str] = []
    """The lists open around the current block, outermost first."""
    for block in redline.blocks:
        classes = "sopkit-redline__block" + (
            f" sopkit-redline__block--{block.kind}" if block.whole else ""
        )
        text = _HTML_BREAK[block.mark] + _html_words(block)
        if not _is_list_marker(block.marker):
            while len(lists) > block.depth:
                out.append(f"</li></{lists.pop()}>")
            if _is_heading(block.marker):
                # A heading reads as one (bold, and announced), not as its "##".
                classes += " sopkit-redline__heading"
                text = '<span class="sopkit-visually-hidden">Heading: </span>' + text
            elif block.marker:
                marker = f'<span class="sopkit-redline__marker">{escape(block.marker)}</span> '
                text = marker + text
            out.append(f'<p class="{classes}">{text}</p>')
            continue
        tag = "ul" if block.marker in "-*+" else "ol"
        while len(lists) > block.depth + 1 or (len(lists) == block.depth + 1 and lists[-1] != tag):
            out.append(f"</li></{lists.pop()}>")
        if len(lists) == block.depth + 1:
            out.append("</li>")
        while len(lists) < block.depth + 1:
            out.append(f'<{tag} class="sopkit-redline__list">')
            lists.append(tag)
        number = block.marker.rstrip(".)")
        value = f' value="{number}"' if tag == "ol" else ""
        out.append(f'<li class="{classes}"{value}>{text}')
    while lists:
        out.append(f"</li></{lists.pop()}>")
    out.append("</div>")
    return "\n".join(out)


def _is_heading(marker: str) -> bool:
    return bool(marker) and set(marker) == {"#"}


def _html_words(block: RedlineBlock) -> str:
    return "".join(
        space + _HTML_WRAP[piece.kind].format(escape(piece.text))
        for piece, space in _spaced(block.pieces)
    )
