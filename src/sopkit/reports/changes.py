"""`sopkit diff` output: the changes between two states of the sources, as Markdown to
paste into a pull request, as an HTML fragment, as plain text, or as JSON.

Whatever becomes public comes first, because it is the one change a reviewer must not
miss. Then each changed thing, in reading order: its title, its file (and the file it
was in, if it moved), a table of the values that changed, and the redline of its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from markupsafe import escape

from sopkit.compare.changes import EntryChange, FieldChange, ProjectChanges
from sopkit.compare.redline import Redline

ReportStyle = Literal["markdown", "html", "text", "json"]


def summary(changes: ProjectChanges) -> str:
    """One sentence: "2 sections changed, 1 section added and 1 policy version added." """
    parts = []
    for what, kinds in changes.counts().items():
        for kind in ("changed", "added", "removed"):
            n = kinds[kind]
            if n:
                noun = what if n == 1 else _plural(what)
                parts.append(f"{n} {noun} {kind}")
    if not parts:
        return "No changes to the sources."
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return joined[:1].upper() + joined[1:] + "."


def _plural(noun: str) -> str:
    if noun.endswith("y") and not noun.endswith("ey"):
        return noun[:-1] + "ies"
    if noun.endswith(("settings", "templates")):
        return noun
    return noun + "s"


def entry_heading(entry: EntryChange) -> str:
    what = entry.what[:1].upper() + entry.what[1:]
    if entry.what in ("section", "chapter"):
        return f"{what} {entry.title} ({entry.kind})"
    if entry.what in ("policy version",):
        return f"{entry.title} ({entry.kind})"
    return f"{what}: {entry.title} ({entry.kind})"


def where(entry: EntryChange, code: str = "") -> str:
    """The entry's file, and the file it was in if it moved; `code` quotes paths."""
    path = f"{code}{entry.path}{code}"
    if entry.renamed:
        return f"{path} (moved from {code}{entry.old_path}{code})"
    return path


# -- Markdown and text ----------------------------------------------------------------


def markdown_report(changes: ProjectChanges, base: str, head: str) -> str:
    return "\n".join(_markdown(changes, base, head)).rstrip() + "\n"


def _markdown(changes: ProjectChanges, base: str, head: str) -> Iterator[str]:
    yield f"## Changes from {base} to {head}"
    yield ""
    if changes.made_public:
        yield "> **Made public.** The public edition will publish what was internal:"
        yield ">"
        for item in changes.made_public:
            yield f"> - {_md(item.title)} (`{item.path}`): {_md(item.detail)}"
        yield ""
    yield summary(changes)
    yield ""
    for entry in changes.entries:
        yield f"### {_md(entry_heading(entry))}"
        yield ""
        yield f"File: {where(entry, '`')}"
        yield ""
        if entry.compared_with:
            yield f"Compared with {entry.compared_with}."
            yield ""
        if entry.fields:
            yield "| Key | Before | After |"
            yield "| --- | --- | --- |"
            for field in entry.fields:
                yield f"| {field.key} | {_cell(field.old)} | {_cell(field.new)} |"
            yield ""
        for text in entry.texts:
            yield f"**{text.key}**"
            yield ""
            yield from _markdown_redline(text.redline)
        for clause in entry.clauses:
            yield f"#### {_md(clause.label)}: {_md(clause.summary)}"
            yield ""
            if clause.heading is not None:
                yield f"Heading: {clause.heading.explain('markdown')}"
                yield ""
            yield from _markdown_redline(clause.redline)


def _markdown_redline(redline: Redline) -> Iterator[str]:
    text = redline.explain("markdown")
    if text:
        yield text
        yield ""


def _md(text: str) -> str:
    """Plain text in Markdown: characters that Markdown would read are escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]<>#|~" else c for c in text)


def _cell(text: str) -> str:
    return _md(" ".join(text.split())) or " "


def text_report(changes: ProjectChanges, base: str, head: str) -> str:
    lines = [f"Changes from {base} to {head}", ""]
    if changes.made_public:
        lines.append("MADE PUBLIC: the public edition will publish what was internal:")
        lines += [f"  - {m.title} ({m.path}): {m.detail}" for m in changes.made_public]
        lines.append("")
    lines += [summary(changes), ""]
    for entry in changes.entries:
        lines += [entry_heading(entry), f"  file: {where(entry)}"]
        if entry.compared_with:
            lines.append(f"  compared with {entry.compared_with}")
        lines += [f"  {f.key}: {f.old} -> {f.new}" for f in entry.fields]
        for text in entry.texts:
            lines.append(f"  {text.key}:")
            lines += _indented(text.redline.explain("text"), "    ")
        for clause in entry.clauses:
            lines += _indented(clause.explain("text"), "  ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line for line in text.splitlines()]


# -- HTML -----------------------------------------------------------------------------


def html_report(changes: ProjectChanges, base: str, head: str) -> str:
    """An HTML fragment; its text is escaped, its redlines are sopkit.compare.redline's HTML."""
    out = [
        '<section class="sopkit-diff">',
        f"<h2>Changes from {escape(base)} to {escape(head)}</h2>",
    ]
    if changes.made_public:
        out.append('<div class="sopkit-diff__made-public" role="note">')
        out.append("<p><strong>Made public.</strong> The public edition will publish what "
                   "was internal:</p>")  # fmt: skip
        out.append("<ul>")
        out += [
            f"<li>{escape(m.title)} (<code>{escape(m.path)}</code>): {escape(m.detail)}</li>"
            for m in changes.made_public
        ]
        out.append("</ul></div>")
    out.append(f"<p>{escape(summary(changes))}</p>")
    for entry in changes.entries:
        out.append(f"<h3>{escape(entry_heading(entry))}</h3>")
        out.append(f"<p>File: <code>{escape(where(entry))}</code></p>")
        if entry.compared_with:
            out.append(f"<p>Compared with {escape(entry.compared_with)}.</p>")
        if entry.fields:
            out.append(_html_table(entry.fields))
        for text in entry.texts:
            out.append(f"<p><strong>{escape(text.key)}</strong></p>")
            out.append(text.redline.explain("html"))
        for clause in entry.clauses:
            out.append(f"<h4>{escape(clause.label)}: {escape(clause.summary)}</h4>")
            if clause.heading is not None:
                out.append("<p>Heading:</p>" + clause.heading.explain("html"))
            out.append(clause.redline.explain("html"))
    out.append("</section>")
    return "\n".join(out) + "\n"


def _html_table(fields: tuple[FieldChange, ...]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(f.key)}</code></td><td>{escape(f.old)}</td>"
        f"<td>{escape(f.new)}</td></tr>"
        for f in fields
    )
    return (
        '<table><thead><tr><th scope="col">Key</th><th scope="col">Before</th>'
        f'<th scope="col">After</th></tr></thead><tbody>{rows}</tbody></table>'
    )


# -- JSON -----------------------------------------------------------------------------


def json_report(changes: ProjectChanges, base: str, head: str) -> dict[str, object]:
    return {
        "base": base,
        "head": head,
        "summary": summary(changes),
        "made_public": [
            {"title": m.title, "path": m.path, "detail": m.detail} for m in changes.made_public
        ],
        "changes": [
            {
                "kind": entry.kind,
                "what": entry.what,
                "key": entry.key,
                "title": entry.title,
                "path": entry.path,
                "old_path": entry.old_path,
                "fields": [{"key": f.key, "old": f.old, "new": f.new} for f in entry.fields],
                "texts": [{"key": t.key, "redline": t.redline.as_json()} for t in entry.texts],
                "clauses": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "kind": c.kind,
                        "summary": c.summary,
                        "moved": c.moved,
                        "redline": c.redline.as_json(),
                    }
                    for c in entry.clauses
                ],
                "compared_with": entry.compared_with,
            }
            for entry in changes.entries
        ],
    }
