"""Read one YAML source file into a raw tree, refusing what YAML should never do here.

The sources are edited by people who are trusted to change text, not to run code, and
who should not have to know YAML's sharp edges. So before and while parsing, the loader
refuses: text that is not UTF-8, oversized files, tab indentation, invisible direction
and format characters, control characters, anchors and aliases (before anything is
expanded, so an alias bomb costs nothing), tags such as `!!python/object` or `!include`,
`%YAML` and `%TAG` directives, and more than one document per file. Duplicate keys are
reported at both places. Everything else is left to the schema.

The parser only produces events; the tree is built here, so aliases are never resolved
and every node keeps its position.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sopkit.diagnostics import Diagnostic, Location, count_errors, error
from sopkit.sources.schema import bracketed_reference
from sopkit.sources.textrules import CONTROL, INVISIBLE, NONCHARACTER, SURROGATE
from sopkit.sources.tree import Mapping, Node, Scalar, Sequence, SourceText

MAX_FILE_BYTES = 512 * 1024
"""Largest source file accepted. A section this large should be split."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted."""
MAX_REPORTS_PER_KIND = 10
"""Repeated problems of one kind in one file are summarized after this many."""

LEADING_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)
# Escapes inside double quotes ("\u202e", "\x00", "\e"), each with what it writes.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SINGLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_NOT_ALLOWED_IN_VALUES = re.compile(
    "|".join(p.pattern for p in (INVISIBLE, CONTROL, NONCHARACTER, SURROGATE))
)

_STYLE_NAMES = {
    None: "plain",
    "'": "single-quoted",
    '"': "double-quoted",
    "|": "literal",
    ">": "folded",
}


@dataclass
class Loaded:
    """The result of loading one file: its tree (None when unusable) and its problems."""

    path: str
    tree: Node | None
    source: SourceText | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_bytes(path: str, data: bytes) -> Loaded:
    """Load one source file's bytes. `path` is how the file is named in messages."""
    if len(data) > MAX_FILE_BYTES:
        return Loaded(path, None, None, [too_large(path, len(data))])
    text, problem = decode(path, data)
    if problem:
        return Loaded(path, None, None, [problem])
    source = SourceText(path, text)
    diagnostics = scan_characters(source)
    if any(d.code in _PARSER_WOULD_MISREPORT for d in diagnostics):
        return Loaded(path, None, source, diagnostics)
    tree, problems = TreeBuilder(source).build()
    if _is_empty(tree) and not count_errors(problems):
        problems.append(_empty(path))
        tree = None
    return Loaded(path, tree, source, diagnostics + problems)


# The parser's own message for these is misleading or unreadable ("position 412").
_PARSER_WOULD_MISREPORT = frozenset({"yaml-tab", "control-character", "not-a-character"})


def _is_empty(tree: Node | None) -> bool:
    """No document, or one that is only `---`: the file says nothing."""
    return tree is None or (isinstance(tree, Scalar) and tree.is_plain and tree.value == "")


def _empty(path: str) -> Diagnostic:
    # An empty file is not "nothing to say": a chapter.yml emptied by mistake would
    # otherwise drop its chapter, and every section in it, from the manual unnoticed.
    return error(
        Location(path, 1, 1),
        "empty-file",
        "this file is empty: it holds no keys, only blank lines or comments",
        "write its keys (the editing guide has an example of every kind of file), or delete "
        "the file if it is not needed",
    )


def too_large(path: str, size: int) -> Diagnostic:
    return error(
        Location(path),
        "file-too-large",
        f"this file is {size / 1024:.0f} KB; source files may be at most "
        f"{MAX_FILE_BYTES // 1024} KB",
        "split it: a long section is easier to read and review as several sections",
    )


def decode(path: str, data: bytes) -> tuple[str, Diagnostic | None]:
    """Decode UTF-8 (a byte order mark is allowed), or say exactly where it fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        byte = data[exc.start]
        return "", error(
            Location(path, line, column),
            "not-utf8",
            f"this file is not UTF-8 text: byte 0x{byte:02X} cannot be read",
            "save the file as UTF-8 (in most editors: File → Save with Encoding → UTF-8)",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def scan_characters(source: SourceText) -> list[Diagnostic]:
    """Find tabs in indentation, invisible characters and control characters."""
    found: list[Diagnostic] = []
    found += _limited(source, LEADING_TAB, _tab_problem)
    found += _limited(source, INVISIBLE, _invisible_problem)
    found += _limited(source, CONTROL, _control_problem)
    found += _limited(source, NONCHARACTER, _noncharacter_problem)
    return found


def _limited(
    source: SourceText, pattern: re.Pattern[str], make: Callable[[Location, str], Diagnostic]
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    matches = list(pattern.finditer(source.text))
    for match in matches[:MAX_REPORTS_PER_KIND]:
        offset = match.end() - 1 if pattern is LEADING_TAB else match.start()
        location = source.location(offset)
        problems.append(make(location, source.text[offset]))
    if len(matches) > MAX_REPORTS_PER_KIND:
        last = problems[-1]
        extra = len(matches) - MAX_REPORTS_PER_KIND
        problems[-1] = Diagnostic(
            location=last.location,
            severity=last.severity,
            code=last.code,
            message=f"{last.message} (and {extra} more like it in this file)",
            hint=last.hint,
        )
    return problems


def _tab_problem(location: Location, _char: str) -> Diagnostic:
    return error(
        location,
        "yaml-tab",
        "a tab is used for indentation; YAML indentation must be spaces",
        "replace the tab with spaces (most editors: 'Convert Indentation to Spaces')",
    )


def _invisible_problem(location: Location, char: str) -> Diagnostic:
    name = unicodedata.name(char, "FORMAT CHARACTER")
    return error(
        location,
        "invisible-character",
        f"invisible character U+{ord(char):04X} ({name}); it can make text display "
        "differently from what it says",
        "delete it: put the cursor at this line and column and press Delete once",
    )


def _control_problem(location: Location, char: str) -> Diagnostic:
    return error(
        location,
        "control-character",
        f"control character U+{ord(char):04X} is not allowed in a source file",
        "delete it; it usually comes from pasting text out of another program",
    )


def _noncharacter_problem(location: Location, char: str) -> Diagnostic:
    return error(
        location,
        "not-a-character",
        f"U+{ord(char):04X} is not a character (Unicode reserves it), and YAML cannot read a "
        "file that holds it",
        "delete it: put the cursor at this line and column and press Delete once",
    )


def escape_problems(source: SourceText, start: int, end: int) -> list[Diagnostic]:
    """The escapes between offsets `start` and `end` of a double-quoted value that write
    a character the sources may not hold (the character scan sees only the backslash)."""
    problems = []
    for match in _ESCAPE.finditer(source.text, start, end):
        code = match.group(1)
        char = chr(int(code[1:], 16)) if len(code) > 1 else _SINGLE_ESCAPES.get(code, "")
        if not _NOT_ALLOWED_IN_VALUES.fullmatch(char or "a"):
            continue
        shown = match.group(0)
        location = source.location(match.start())
        point = f"U+{ord(char):04X}"
        hint = f"delete {shown}"
        if INVISIBLE.fullmatch(char):
            message = (
                f"the escape {shown} writes the invisible character {point} "
                f"({unicodedata.name(char, 'FORMAT CHARACTER')}); it can make text display "
                "differently from what it says"
            )
            what = "invisible-character"
        elif CONTROL.fullmatch(char):
            message = (
                f"the escape {shown} writes the control character {point}, which is not allowed"
            )
            what = "control-character"
        else:
            message = f"the escape {shown} writes {point}, which is not a character on its own"
            what = "not-a-character"
            hint += "; to write a character, type the character itself (the file is UTF-8)"
        problems.append(error(location, what, message, hint))
    return problems


def load_config_text(path: str, text: str) -> tuple[Node | None, list[Diagnostic]]:
    """A configuration file (mkdocs.yml) read as a tree with positions, leniently: its
    tags (!ENV, !!python/name:...) and aliases are read as plain values, not refused."""
    source = SourceText(path, text.replace("\r\n", "\n"))
    return TreeBuilder(source, strict=False).build()


def _events(text: str) -> list[ev.Event]:
    """The parser's events for `text`. The C parser (libyaml, through ruamel.yaml.clib)
    is about fifty times faster than the pure Python one; when it finds an error, the
    pure parser reads the text again, because its error messages are the ones
    `syntax_problem` knows how to put in plain words."""
    if _FAST.Parser.__name__ == "CParser":
        try:
            return list(_FAST.parse(io.StringIO(text)))
        except YAMLError:
            pass
    return list(YAML(typ="safe", pure=True).parse(io.StringIO(text)))


# Made once: making a YAML instance costs more than parsing a small file with it.
_FAST = YAML(typ="safe")


class TreeBuilder:
    """Builds the raw tree from parser events, refusing YAML features sopkit forbids."""

    def __init__(self, source: SourceText, *, strict: bool = True) -> None:
        self.source = source
        self.strict = strict
        """False for files that are not sources (mkdocs.yml): their tags, anchors and
        aliases are MkDocs' business; a tagged value is read as its text."""
        self.problems: list[Diagnostic] = []
        self.unusable = False
        # Each open container: [node kind, start event, children, keys seen]
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.documents = 0

    def build(self) -> tuple[Node | None, list[Diagnostic]]:
        try:
            for event in _events(self.source.text):
                self._take(event)
        except MarkedYAMLError as exc:
            self.problems.append(syntax_problem(self.source, exc))
            return None, self.problems
        except YAMLError as exc:
            # The reader's errors (a character it cannot read) carry an offset, not a mark;
            # the character scan catches every such character first, this is the net.
            self.problems.append(reader_problem(self.source, exc))
            return None, self.problems
        if self.unusable:
            return None, self.problems
        return self.root, self.problems

    # -- events ---------------------------------------------------------------------

    def _take(self, event: ev.Event) -> None:
        if not self.strict and isinstance(event, ev.AliasEvent):
            self._add(Scalar(source=self.source, line=0, column=0, value=""))
            return
        if isinstance(event, ev.DocumentStartEvent):
            self._document_start(event)
        elif isinstance(event, ev.AliasEvent):
            self._refuse_alias(event)
        elif isinstance(event, ev.ScalarEvent):
            self._check_node_event(event)
            self._add(self._scalar(event))
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            self._check_node_event(event)
            self._open(event)
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            self._close()

    def _document_start(self, event: ev.DocumentStartEvent) -> None:
        self.documents += 1
        location = self._location(event)
        if getattr(event, "version", None) or getattr(event, "tags", None):
            # At the directive's own line (parsers differ on where the document starts).
            directive = re.search(r"^%", self.source.text, re.MULTILINE)
            self._refuse(
                self.source.location(directive.start()) if directive else location,
                "yaml-directive",
                "a %YAML or %TAG directive is not allowed",
                "delete the line that starts with %",
            )
        if self.documents > 1:
            self._refuse(
                location,
                "yaml-multiple-documents",
                "this file holds more than one YAML document ('---' starts a new one)",
                "keep one section per file: move the second document to its own file",
            )

    def _refuse_alias(self, event: ev.AliasEvent) -> None:
        self._refuse(
            self._location(event),
            "yaml-alias",
            f"'*{event.anchor}' is a YAML alias (a copy of another value); aliases are not allowed",
            "write the value out in full; if this is text that starts with *, put the whole "
            "value in double quotes",
        )
        self._add(Scalar(source=self.source, line=0, column=0, value=""))

    def _check_node_event(self, event: ev.NodeEvent) -> None:
        if not self.strict:
            return
        location = self._location(event)
        if event.anchor is not None:
            self._refuse(
                location,
                "yaml-anchor",
                f"'&{event.anchor}' is a YAML anchor; anchors and aliases are not allowed",
                f"delete &{event.anchor} and write each value out in full; if this is text that "
                "starts with &, put the whole value in double quotes",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            self._refuse(
                location,
                "yaml-tag",
                f"'{shown}' is a YAML tag; tags are not allowed in sources",
                f"delete {shown} and write the value itself; to include text from another file, "
                "copy it in",
            )

    # -- building -------------------------------------------------------------------

    def _scalar(self, event: ev.ScalarEvent) -> Scalar:
        start, end = event.start_mark, event.end_mark
        if not event.style and end.line > start.line and self.stack:
            self._misaligned_items(start.line, end.line)
        if event.style == '"' and _NOT_ALLOWED_IN_VALUES.search(event.value):
            problems = escape_problems(self.source, start.index, end.index)
            if problems:
                self.unusable = True  # the value must never reach a message or a page
                self.problems += problems[:MAX_REPORTS_PER_KIND]
        return Scalar(
            source=self.source,
            line=start.line + 1,
            column=start.column + 1,
            value=event.value,
            style=_STYLE_NAMES.get(event.style, "plain"),
            end_line=end.line + 1,
            end_column=end.column + 1,
        )

    def _misaligned_items(self, first: int, last: int) -> None:
        """A list item indented past the dash above it continues that item's text, so two
        items silently become one ('roles-jurisdiction - not-school-discipline')."""
        parent = self.stack[-1]
        if parent.is_mapping:
            return
        for index in range(first + 1, min(last, len(self.source.lines) - 1) + 1):
            line = self.source.lines[index]
            stripped = line.lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                self._refuse(
                    Location(self.source.path, index + 1, len(line) - len(stripped) + 1),
                    "yaml-indentation",
                    "this list item is not lined up with the item above it, so YAML reads it as "
                    "more of the text of that item",
                    f"start its '-' at column {parent.column}, under the '-' above",
                )

    def _open(self, event: ev.CollectionStartEvent) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self._refuse(
                self._location(event),
                "yaml-too-deep",
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                "flatten the structure; no source needs this much nesting",
            )
        is_mapping = isinstance(event, ev.MappingStartEvent)
        self.stack.append(_Open(is_mapping, event.start_mark.line + 1, event.start_mark.column + 1))

    def _close(self) -> None:
        done = self.stack.pop()
        node: Node
        if done.is_mapping:
            pairs = list(zip(done.children[::2], done.children[1::2], strict=True))
            entries = tuple((key, value) for key, value in pairs if isinstance(key, Scalar))
            node = Mapping(source=self.source, line=done.line, column=done.column, entries=entries)
        else:
            node = Sequence(
                source=self.source, line=done.line, column=done.column, items=tuple(done.children)
            )
        self._add(node)

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node if self.documents <= 1 else self.root
            return
        parent = self.stack[-1]
        if parent.is_mapping and len(parent.children) % 2 == 0:
            self._check_key(parent, node)
        parent.children.append(node)

    def _check_key(self, parent: _Open, key: Node) -> None:
        if not isinstance(key, Scalar):
            self._refuse(
                key.location,
                "yaml-complex-key",
                "a key must be a plain name, not a list or mapping",
                "write the key as a single word followed by a colon, e.g. title:",
            )
            return
        first = parent.keys.get(key.value)
        if first is not None:
            self._refuse(
                key.location,
                "duplicate-key",
                f"the key '{key.value}' appears twice in the same mapping: first at line "
                f"{first.line}, column {first.column}, and again here",
                "keep one of them: delete the other, or merge the two values",
            )
            return
        parent.keys[key.value] = key.location

    def _refuse(self, location: Location, code: str, message: str, hint: str) -> None:
        self.unusable = True
        self.problems.append(error(location, code, message, hint))

    def _location(self, event: ev.Event) -> Location:
        mark = event.start_mark
        return Location(self.source.path, mark.line + 1, mark.column + 1)


@dataclass
class _Open:
    is_mapping: bool
    line: int
    column: int
    children: list[Node] = field(default_factory=list)
    keys: dict[str, Location] = field(default_factory=dict)


# -- syntax errors in plain words ------------------------------------------------------

_SYNTAX_EXPLANATIONS: tuple[tuple[str, str, str, bool], ...] = (
    # (text in the parser's message, what to say, what to write instead, use context mark)
    (
        "mapping values are not allowed here",
        "a colon followed by a space starts a key, so this value cannot contain ': ' "
        "unless it is quoted",
        'put the whole value in double quotes, e.g. title: "Searches: when and how"',
        False,
    ),
    (
        "could not find expected ':'",
        "this line looks like a key, but there is no colon after it",
        "write the key, a colon and a space, then the value (e.g. title: Daily duties); "
        "or indent this line if it continues the text above",
        False,
    ),
    (
        "found unexpected end of stream",
        "a quoted value is opened here but its closing quote is missing",
        "add the matching closing quote at the end of the value",
        True,
    ),
    (
        "found unknown escape character",
        "a backslash in double quotes starts an escape, and this one is not valid",
        "use single quotes around the value, or write the backslash twice (\\\\)",
        False,
    ),
    (
        "expected alphabetic or numeric character",
        "a value that starts with * or & is read as a YAML alias or anchor",
        'put the value in quotes, e.g. note: "*Important* text"',
        False,
    ),
    (
        "found character that cannot start any token",
        "a value cannot start with this character unless it is quoted",
        "put the whole value in double quotes",
        False,
    ),
    (
        "expected <block end>",
        "this line is not indented to match the lines above it",
        "line it up with the other keys at the same level (use the same number of spaces)",
        False,
    ),
    (
        "did not find expected key",
        "this line is not indented to match the lines above it",
        "line it up with the other keys at the same level (use the same number of spaces)",
        False,
    ),
    (
        "did not find expected '-' indicator",
        "this line is not indented to match the list items above it",
        "start each list item with '- ' at the same indentation as the others",
        False,
    ),
    (
        "expected ',' or ']'",
        "a list written in square brackets is not closed, or is missing a comma",
        "close it with ] and separate items with commas, e.g. [ssos, supervisors]",
        True,
    ),
    (
        "expected ',' or '}'",
        "a mapping written in braces is not closed, or is missing a comma",
        "close it with } and separate entries with commas",
        True,
    ),
)


def syntax_problem(source: SourceText, exc: MarkedYAMLError) -> Diagnostic:
    """Turn a parser error into a located diagnostic in plain words."""
    problem = str(exc.problem or "")
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and (bracketed := _bracketed_reference(source, mark.line)) is not None:
        return bracketed
    if "mapping values are not allowed here" in problem and mark is not None:
        indented = _over_indented_key(source, mark.line, mark.column)
        if indented is not None:
            return indented
    if any(needle in problem for needle in _MISALIGNED) and mark is not None:
        misaligned = _misaligned_line(source, mark.line)
        if misaligned is not None:
            return misaligned
    for needle, message, hint, use_context in _SYNTAX_EXPLANATIONS:
        if needle in problem or needle in str(exc.context or ""):
            if use_context and exc.context_mark is not None:
                mark = exc.context_mark
            return error(_mark_location(source, mark), "yaml-syntax", message, hint)
    return error(
        _mark_location(source, mark),
        "yaml-syntax",
        f"this is not valid YAML ({problem or exc.context})",
        "compare this line with the example in the editing guide; quoting the value often helps",
    )


_REFERENCE_FIRST = re.compile(r"^( *(?:-[ ]+|[A-Za-z_][A-Za-z0-9_-]*:[ ]+))\[\[[Ss]ection:")


def _bracketed_reference(source: SourceText, line_index: int) -> Diagnostic | None:
    """A value that starts with [[section:...]]: YAML reads [ as the start of a list."""
    for index in (line_index, line_index - 1):
        text = source.lines[index] if 0 <= index < len(source.lines) else ""
        match = _REFERENCE_FIRST.match(text)
        if match:
            return bracketed_reference(Location(source.path, index + 1, match.end(1) + 1))
    return None


# A line that starts with a key: indentation, perhaps a list dash, a name, a colon.
_KEY_LINE = re.compile(r"^( *)(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]|$)")


def _over_indented_key(source: SourceText, line_index: int, colon: int) -> Diagnostic | None:
    """A key indented more than the key above it: YAML reads it as more of the value above
    and then stumbles on its colon, which is what the parser reports. Say what happened,
    and where the key belongs."""
    text = source.lines[line_index] if line_index < len(source.lines) else ""
    key = _KEY_LINE.match(text)
    if key is None or key.end(2) != colon:
        return None  # the colon is inside a value: the quoting explanation is right
    above = _line_above(source, line_index)
    if above is None:
        return None
    number, previous = above
    indent = len(key.group(1))
    if indent <= len(previous) - len(previous.lstrip(" ")):
        return None
    other = _KEY_LINE.match(previous)
    name = key.group(2)
    location = Location(source.path, line_index + 1, indent + 1)
    if other is None:
        return error(
            location,
            "yaml-indentation",
            f"'{name}:' is indented under the line above, which is plain text, so YAML reads it "
            "as more of that text",
            f"line '{name}:' up with the keys it belongs with; to give a list item keys, write "
            "its first line as '- text: ...'",
        )
    column = other.start(2) + 1
    return error(
        location,
        "yaml-indentation",
        f"'{name}:' is indented more than '{other.group(2)}:' on line {number}, so YAML reads it "
        "as more of that line's value",
        f"start '{name}:' at column {column}, lined up with '{other.group(2)}:'",
    )


_MISALIGNED = ("expected <block end>", "did not find expected key", "did not find expected '-'")


def _misaligned_line(source: SourceText, line_index: int) -> Diagnostic | None:
    """A key or list item that lines up with nothing above it: name the column of the
    nearest line of the same kind (a key, or a '-'), which is where it belongs."""
    text = source.lines[line_index] if line_index < len(source.lines) else ""
    stripped = text.lstrip(" ")
    indent = len(text) - len(stripped)
    is_item = stripped == "-" or stripped.startswith("- ")
    best: tuple[int, int, str] | None = None  # (distance, line number, line)
    for index in range(line_index - 1, -1, -1):
        line = source.lines[index]
        other = line.lstrip(" ")
        if not other or other.startswith("#"):
            continue
        if (other == "-" or other.startswith("- ")) != is_item:
            continue
        distance = abs(len(line) - len(other) - indent)
        if distance and (best is None or distance < best[0]):
            best = (distance, index + 1, line)
    if best is None:
        return None
    _, number, line = best
    column = len(line) - len(line.lstrip(" ")) + 1
    what = "the '-' of the list item" if is_item else "the key"
    return error(
        Location(source.path, line_index + 1, indent + 1),
        "yaml-indentation",
        "this line is not lined up with the lines above it",
        f"start it at column {column}, lined up with {what} on line {number}",
    )


def _line_above(source: SourceText, line_index: int) -> tuple[int, str] | None:
    """The nearest line above that holds something other than a comment, and its number."""
    for index in range(min(line_index, len(source.lines)) - 1, -1, -1):
        stripped = source.lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1, source.lines[index]
    return None


def reader_problem(source: SourceText, exc: YAMLError) -> Diagnostic:
    """A reader error, located from its character offset."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    location = source.location(position) if isinstance(position, int) else Location(source.path)
    shown = f" U+{ord(character):04X}" if isinstance(character, str) and character else ""
    return error(
        location,
        "yaml-syntax",
        f"YAML cannot read the character{shown} here",
        "delete it: put the cursor at this line and column and press Delete once",
    )


def _mark_location(source: SourceText, mark: object) -> Location:
    if mark is None:
        return Location(source.path)
    return Location(source.path, getattr(mark, "line", 0) + 1, getattr(mark, "column", 0) + 1)
