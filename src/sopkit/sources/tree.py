"""The raw tree that the loader builds from a YAML file.

Every node remembers where it came from, so that any later stage can point at the exact
line and column of a value, or of a word inside a long Markdown text. Scalars keep their
text exactly as written (with their YAML style); the schema decides what type a value
should be, so nothing is converted behind the editor's back (`09.10` stays `09.10`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from sopkit.diagnostics import Location


@dataclass(frozen=True, eq=False)
class SourceText:
    """The decoded text of one source file."""

    path: str
    """Path relative to the project folder, with `/` separators."""
    text: str
    """The file's text, without a byte order mark."""

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [index + 1 for index, char in enumerate(self.text) if char == "\n"]

    def location(self, offset: int) -> Location:
        """The line and column (from 1) of the character at `offset`: the one place
        sopkit turns an offset into a position."""
        line = bisect.bisect_right(self._line_starts, offset)
        return Location(self.path, line, offset - self._line_starts[line - 1] + 1)


@dataclass(frozen=True, eq=False, kw_only=True)
class Node:
    """Anything in the tree: a scalar, a mapping or a sequence."""

    source: SourceText = field(repr=False)
    line: int
    """1-based line where the node starts."""
    column: int
    """1-based column where the node starts."""

    @property
    def location(self) -> Location:
        return Location(self.source.path, self.line, self.column)

    @property
    def kind_name(self) -> str:
        """How the value reads to an editor: 'a list', 'a mapping', 'text'."""
        raise NotImplementedError


PLAIN = "plain"
_STYLES = {None: PLAIN, "'": "single-quoted", '"': "double-quoted", "|": "literal", ">": "folded"}


@dataclass(frozen=True, eq=False, kw_only=True)
class Scalar(Node):
    """A single value: text exactly as written, and how it was written."""

    value: str
    style: str = PLAIN
    """plain, single-quoted, double-quoted, literal (`|`) or folded (`>`)."""
    end_line: int = 0
    end_column: int = 0

    @property
    def kind_name(self) -> str:
        return "text"

    @property
    def is_plain(self) -> bool:
        return self.style == PLAIN

    @property
    def is_block(self) -> bool:
        return self.style in ("literal", "folded")

    def locate(self, offset: int) -> Location:
        """Where the character at `offset` of `value` sits in the file."""
        offset = max(0, min(offset, len(self.value)))
        if self.style == "literal":
            return self._locate_in_literal(offset)
        quote = 0 if self.style == PLAIN else 1
        if "\n" not in self.value and self.end_line in (0, self.line):
            return Location(self.source.path, self.line, self.column + quote + offset)
        return self._search(offset)

    def _locate_in_literal(self, offset: int) -> Location:
        # A literal block keeps its lines one for one: value line k is file line
        # (header line + 1 + k), indented by the block's indentation.
        before = self.value[:offset]
        line_index = before.count("\n")
        column_in_line = offset - (before.rfind("\n") + 1)
        file_line = self.line + 1 + line_index
        return Location(self.source.path, file_line, self._block_indent() + column_in_line + 1)

    def _block_indent(self) -> int:
        lines = self.source.lines
        for number in range(self.line, min(len(lines), self.end_line or len(lines))):
            text = lines[number]
            if text.strip():
                return len(text) - len(text.lstrip(" "))
        return 0

    def _search(self, offset: int) -> Location:
        # Folded, multi-line plain and quoted text are reflowed by YAML, so there is no
        # exact mapping: find the word at `offset` within the scalar's lines instead.
        match = re.compile(r"\S{1,40}").search(self.value, offset)
        needle = match.group(0) if match else ""
        occurrence = self.value[: match.start()].count(needle) if match else 0
        last = self.end_line or self.line
        seen = 0
        for number in range(self.line, last + 1):
            text = self.source.lines[number - 1] if number - 1 < len(self.source.lines) else ""
            start = self.column - 1 if number == self.line else 0
            while needle:
                found = text.find(needle, start)
                if found < 0:
                    break
                if seen == occurrence:
                    return Location(self.source.path, number, found + 1)
                seen += 1
                start = found + 1
        return self.location


@dataclass(frozen=True, eq=False, kw_only=True)
class Mapping(Node):
    """Keys and values, in file order. Keys are scalars; duplicates were refused."""

    entries: tuple[tuple[Scalar, Node], ...] = ()

    @property
    def kind_name(self) -> str:
        return "a set of keys (a mapping)"

    def get(self, key: str) -> Node | None:
        for name, value in self.entries:
            if name.value == key:
                return value
        return None

    def key_node(self, key: str) -> Scalar | None:
        for name, _ in self.entries:
            if name.value == key:
                return name
        return None


@dataclass(frozen=True, eq=False, kw_only=True)
class Sequence(Node):
    """A list of nodes, in file order."""

    items: tuple[Node, ...] = ()

    @property
    def kind_name(self) -> str:
        return "a list"


def to_plain_data(node: Node) -> object:
    """The tree as plain Python data (strings, lists, dicts), for tests and tools."""
    if isinstance(node, Mapping):
        return {key.value: to_plain_data(value) for key, value in node.entries}
    if isinstance(node, Sequence):
        return [to_plain_data(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.value
