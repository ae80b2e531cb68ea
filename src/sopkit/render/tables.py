"""Tables that read on a phone: each data cell learns the name of its column.

A table wider than a phone either scrolls sideways, its right-hand columns out of sight,
or squeezes a list into a sliver of a column. sopkit's stylesheet instead stacks a table's
rows on narrow screens, one row to a card, each cell under its column's name. For that,
each cell carries its column's header (`data-label`), and the table keeps its meaning
for screen readers when it no longer looks like a table (explicit table roles: a browser
may drop the implicit ones of a table whose display is changed).

Only a simple table is changed: one header row in `<thead>`, and no table inside it.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S | re.I)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S | re.I)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S | re.I)
_ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S | re.I)
_DATA_CELL = re.compile(r"<td\b([^>]*)>", re.I)
_TAG = re.compile(r"<[^>]*>")
_ROLES = (
    (re.compile(r"<thead\b(?![^>]*\brole=)", re.I), '<thead role="rowgroup"'),
    (re.compile(r"<tbody\b(?![^>]*\brole=)", re.I), '<tbody role="rowgroup"'),
    (re.compile(r"<tr\b(?![^>]*\brole=)", re.I), '<tr role="row"'),
    (re.compile(r"<th\b(?![^>]*\brole=)", re.I), '<th role="columnheader"'),
    (re.compile(r"<td\b(?![^>]*\brole=)", re.I), '<td role="cell"'),
)


def stackable_tables(page_html: str) -> str:
    """The page with each simple table marked to stack on a narrow screen."""
    return _TABLE.sub(_stackable, page_html)


def _stackable(match: re.Match[str]) -> str:
    attributes, inside = match.group(1), match.group(2)
    head = _HEAD.search(inside)
    if head is None or "<table" in inside.lower() or "data-sopkit-stack" in attributes:
        return match.group(0)
    rows = _ROW.findall(head.group(1))
    if len(rows) != 1:
        return match.group(0)
    labels = [_plain(cell) for cell in _HEADER_CELL.findall(head.group(1))]
    if not any(labels):
        return match.group(0)

    def label_row(row: re.Match[str]) -> str:
        cells = iter(labels)

        def label_cell(cell: re.Match[str]) -> str:
            label = next(cells, "")
            if not label or "data-label" in cell.group(1):
                return cell.group(0)
            return f'<td{cell.group(1)} data-label="{html.escape(label, quote=True)}">'

        return f"<tr{row.group(1)}>{_DATA_CELL.sub(label_cell, row.group(2))}</tr>"

    def label_body(body: re.Match[str]) -> str:
        return body.group(1) + _ROW.sub(label_row, body.group(2)) + body.group(3)

    inside = _BODY.sub(label_body, inside)
    for pattern, replacement in _ROLES:
        inside = pattern.sub(replacement, inside)
    return f'<table{attributes} role="table" data-sopkit-stack>{inside}</table>'


def _plain(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell)).split())
