"""Tables that stack on a phone: each data cell carries its column's name."""

from __future__ import annotations

from sopkit.render.tables import stackable_tables

TABLE = (
    '<table>\n<thead>\n<tr>\n<th>Question</th>\n<th style="text-align: left">Who '
    "<em>decides</em> &amp; why</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Purpose</td>\n"
    '<td style="text-align: left">The SSO</td>\n</tr>\n</tbody>\n</table>'
)


def test_each_cell_is_labelled_with_its_column_and_the_table_keeps_its_roles() -> None:
    assert stackable_tables(f"<p>Before</p>\n{TABLE}\n<p>After</p>") == (
        "<p>Before</p>\n"
        '<table role="table" data-sopkit-stack>\n<thead role="rowgroup">\n<tr role="row">\n'
        '<th role="columnheader">Question</th>\n<th role="columnheader" style="text-align: '
        'left">Who <em>decides</em> &amp; why</th>\n</tr>\n</thead>\n<tbody role="rowgroup">\n'
        '<tr role="row">\n<td role="cell" data-label="Question">Purpose</td>\n<td role="cell" '
        'style="text-align: left" data-label="Who decides &amp; why">The SSO</td>\n</tr>\n'
        "</tbody>\n</table>\n<p>After</p>"
    )


def test_a_header_cannot_break_out_of_its_attribute() -> None:
    table = TABLE.replace("Question", '"><script>alert(1)</script>')
    labelled = stackable_tables(table)
    assert 'data-label="&quot;&gt;alert(1)"' in labelled
    assert labelled.count("<script>") == 1  # the one in the header cell, as it was


def test_tables_it_cannot_label_are_left_as_they_are() -> None:
    without_head = "<table>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>"
    nested = TABLE.replace("<td>Purpose</td>", "<td><table><tr><td>x</td></tr></table></td>")
    two_header_rows = TABLE.replace("</tr>\n</thead>", "</tr>\n<tr><th>x</th></tr>\n</thead>")
    for html in (without_head, nested, two_header_rows, stackable_tables(TABLE)):
        assert stackable_tables(html) == html


def test_more_cells_than_headers_leaves_the_extra_cells_unlabelled() -> None:
    wide = TABLE.replace("<td style", "<td>extra</td>\n<td style", 1).replace(
        "The SSO</td>", "The SSO</td>\n<td>more</td>"
    )
    assert '<td role="cell">more</td>' in stackable_tables(wide)
