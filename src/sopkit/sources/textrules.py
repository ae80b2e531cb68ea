"""Rules for the text inside sources: what Markdown may and may not contain.

Sources are edited by trusted people who are not trusted to run code, so text may not
carry raw HTML, links to `javascript:` or `data:` (however they are disguised), or
template syntax. Images must describe themselves in alt text.

Template syntax (`{{ ... }}`, `{% ... %}`) is refused outside code: sopkit never runs
templates on source text and would print it literally, but refusing it keeps a source
from ever meaning one thing here and another under a tool that does run it. Inside
backticks it is ordinary text and is allowed.

Code spans and fenced code blocks are exempt from every rule: what is inside them is
shown as typed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html
import re
import urllib.parse
import zoneinfo
from collections.abc import Callable, Iterator

from sopkit.diagnostics import Diagnostic, Location, error

Locate = Callable[[int], Location]

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'\\]+", re.IGNORECASE)
"""A web address as sopkit accepts one anywhere (a source's url, an edit address, a
review's record link): http or https, and nothing that could end an attribute."""

# -- characters -------------------------------------------------------------------------
# One definition of which characters text may hold, for every place that reads or writes
# text: the loader refuses them in sources (raw, or written as escapes such as "\\u202e"),
# and every output (pages, feeds, PDFs) drops them, so that no path carries them through.

INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
"""Characters that change how text displays without being visible: bidirectional
controls, zero-width spaces and joiners, the word joiner, soft hyphens (which also break
search: "hand\\u00adcuffs" is not "handcuffs"), line and paragraph separators, and a stray
byte order mark."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (tab, line feed and carriage return are fine)."""
NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
"""Code points Unicode reserves as never being characters (U+FFFE, U+FFFF, ...)."""
SURROGATE = re.compile("[\ud800-\udfff]")
"""Halves of UTF-16 pairs: never valid on their own (a YAML escape such as "\\ud800"
can write one), and they cannot be printed or saved as UTF-8."""
_NOT_SHOWN = re.compile("|".join(p.pattern for p in (INVISIBLE, CONTROL, NONCHARACTER, SURROGATE)))


def display_text(text: str) -> str:
    """`text` without any character that the sources may not hold: what every output
    (HTML, feeds, PDF metadata) writes, whatever reached it."""
    return _NOT_SHOWN.sub("", text)


FOOTNOTE = re.compile(r"\[\^([0-9]+)\]")
"""A footnote marker, [^3]: the number of a reference of the policy."""

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML = re.compile(r"<(?:!--|!\[CDATA\[|\?|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]))")
_TEMPLATE = re.compile(r"\{\{|\{%")
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+([^\n]*)$", re.M)
_TABLE_HEAD = re.compile(
    r"^[ ]{0,3}(\|?[^\n|]*(?:\|[^\n|]*)+\|?)[ \t]*\n"  # a row of cells, then
    r"[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$",  # | --- | --- |
    re.M,
)
_EVENT_HANDLER = re.compile(r"\bon[a-z]{3,}\s*=\s*[\"'`\w]", re.IGNORECASE)
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\s*[(\[]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def mask_code(text: str) -> str:
    """`text` with code blocks and code spans blanked out, offsets unchanged."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def check_markdown(text: str, locate: Locate, label: str) -> list[Diagnostic]:
    """Every rule for a Markdown field. `label` names the field for messages."""
    masked = mask_code(text)
    problems = list(_raw_html(masked, text, locate, label))
    problems += _template_syntax(masked, locate, label)
    problems += _event_handlers(masked, locate, label)
    problems += _unsafe_links(masked, locate, label)
    problems += _images_without_alt(masked, locate, label)
    problems += _headings(masked, locate, label)
    problems += _tables_without_headers(masked, locate, label)
    return sorted(problems, key=lambda d: (d.location.line, d.location.column))


def _headings(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    """Headings go down one level at a time, starting under the page's own title: a
    screen reader's list of headings is the page's outline, and a gap in it reads as a
    missing part (WCAG 1.3.1)."""
    previous = 1
    for match in _HEADING.finditer(masked):
        level = len(match.group(1))
        written = "#" * level
        if level == 1:
            yield error(
                locate(match.start()),
                "heading-level",
                f"{label}: '#' makes a heading at the level of the page's own title",
                "start the headings inside the text at '##', e.g. ## " + match.group(2).strip(),
            )
        elif level > previous + 1:
            yield error(
                locate(match.start()),
                "heading-level",
                f"{label}: the heading '{written} {match.group(2).strip()}' skips a level "
                f"(the heading before it is {'the title' if previous == 1 else '#' * previous})",
                f"use {'#' * (previous + 1)} here, e.g. {'#' * (previous + 1)} "
                + match.group(2).strip(),
            )
        previous = level


def _tables_without_headers(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    for match in _TABLE_HEAD.finditer(masked):
        cells = [c.strip() for c in match.group(1).strip().strip("|").split("|")]
        if not any(cells):
            yield error(
                locate(match.start(1)),
                "table-header",
                f"{label}: this table's header row is empty, so nothing says what its columns hold",
                "name each column in the first row, e.g. "
                + "| "
                + " | ".join(_COLUMN_NAMES[i % len(_COLUMN_NAMES)] for i in range(len(cells)))
                + " |",
            )


_COLUMN_NAMES = ("When", "What", "Who", "Where", "Notes")


def check_plain_text(text: str, locate: Locate, label: str) -> list[Diagnostic]:
    """Rules for one-line text such as titles, which is never read as Markdown."""
    return [
        *_raw_html(text, text, locate, label),
        *_template_syntax(text, locate, label),
        *_event_handlers(text, locate, label),
    ]


def _raw_html(masked: str, text: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    for match in _HTML.finditer(masked):
        end = text.find(">", match.start())
        shown = text[match.start() : end + 1] if 0 <= end - match.start() < 40 else match.group(0)
        yield error(
            locate(match.start()),
            "raw-html",
            f"{label}: raw HTML '{shown}' is not allowed",
            f"delete {shown} and write Markdown instead: **bold**, *italic*, "
            "[link text](https://...), a blank line for a new paragraph; for a footnote use [^1]",
        )


def _event_handlers(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    """Text that would add an event handler if it ever broke out of an attribute."""
    for match in _EVENT_HANDLER.finditer(masked):
        yield error(
            locate(match.start()),
            "event-handler",
            f"{label}: '{match.group(0).strip()}' looks like HTML code that runs a script",
            f"delete {match.group(0).strip()}: sources hold text, not code",
        )


def _template_syntax(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    for match in _TEMPLATE.finditer(masked):
        yield error(
            locate(match.start()),
            "template-syntax",
            f"{label}: '{match.group(0)}' looks like template code, which is not allowed in "
            "sources",
            f"delete {match.group(0)}; to show braces as typed, put them in backticks: `{{{{ }}}}`",
        )


_HTML_LINK = re.compile(
    r"""<[A-Za-z][^>]*?\s(?:href|src|srcset|action|formaction|poster|data|cite|background)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""",
    re.IGNORECASE,
)


def link_targets(masked: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of every link in Markdown whose code is masked out: inline links,
    reference definitions, autolinks, and the addresses in HTML attributes (href, src,
    ...), which hand-written pages may hold even though sources may not."""
    for pattern in (_INLINE_LINK, _REF_DEFINITION, _AUTOLINK):
        for match in pattern.finditer(masked):
            yield match.start(1), match.group(1)
    for match in _HTML_LINK.finditer(masked):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        yield match.start(group), match.group(group)


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see in a link target, after undoing disguises."""
    cleaned = _URL_NOISE.sub("", html.unescape(target)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def _unsafe_links(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    for offset, target in link_targets(masked):
        scheme = link_scheme(target)
        if scheme is None or scheme in ALLOWED_SCHEMES:
            continue
        yield error(
            locate(offset),
            "unsafe-link",
            f"{label}: a link to '{scheme}:' is not allowed",
            "link to a web page (https://...) or an email address (mailto:...) instead, or "
            "remove the link",
        )


def _images_without_alt(masked: str, locate: Locate, label: str) -> Iterator[Diagnostic]:
    for match in _IMAGE.finditer(masked):
        if match.group(1).strip():
            continue
        yield error(
            locate(match.start()),
            "image-without-alt",
            f"{label}: this image has no alt text, so people using a screen reader cannot "
            "know what it shows",
            "describe the image between the brackets, e.g. ![Officer at the school entrance]",
        )


# -- time zones ----------------------------------------------------------------------------

DEFAULT_TIME_ZONE = "America/Kentucky/Louisville"
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}")


@functools.lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    # Area/Location names only: the database also has aliases such as 'localtime'.
    return tuple(sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"))


def time_zone_problem(name: str) -> tuple[str, str] | None:
    """What is wrong with a time zone name, and the name most like it; None if it is a
    known zone. A name is a database key such as America/Kentucky/Louisville, never a
    path: zoneinfo would read a file from anywhere on disk for '/etc/...' or '../..'."""
    if _ZONE_NAME.fullmatch(name) and not any(part in (".", "..") for part in name.split("/")):
        try:
            zoneinfo.ZoneInfo(name)
            return None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
        problem = f"'{name}' is not a known time zone"
    else:
        problem = f"'{name}' is not a time zone name (names look like America/New_York)"
    close = difflib.get_close_matches(name, _zone_names(), n=1, cutoff=0.6)
    return problem, close[0] if close else DEFAULT_TIME_ZONE


_PLACEHOLDER_HOST = re.compile(
    r"(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|invalid|test|localhost)"
    r"|localhost)",
    re.IGNORECASE,
)


def is_placeholder_address(url: str) -> bool:
    """Whether a web address is a placeholder: its host is one of the names reserved for
    examples (example.org, anything.example, .invalid, .test; RFC 2606 and 6761), which
    lead nowhere. Such an address is shown, never linked."""
    host = urllib.parse.urlsplit(url).hostname or ""
    return _PLACEHOLDER_HOST.fullmatch(host) is not None


def long_date(date: dt.date) -> str:
    """A day as the manual writes it: "3 March 2026"."""
    return f"{date.day} {date:%B %Y}"
