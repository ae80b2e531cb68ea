"""The page a live preview shows while the sources have errors.

`mkdocs serve` used to stop at the first build with errors, leaving the browser waiting
("The server will appear stuck until build errors are resolved"). Instead, every page of
the preview becomes this one: each error with its file, line and column, what is wrong
and what to write instead. The preview's own reload script returns the browser to the
real page at the next good save; the not-found page, which the preview serves without
that script, reloads itself every few seconds.

The page is self-contained (no stylesheet, script or font from anywhere), and meets the
contrast and structure rules of the rest of the site.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from sopkit.diagnostics import Diagnostic
from sopkit.sources.textrules import display_text

_STYLE = """
body { font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem;
  color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; color: #8a1010; }
li { margin: 0 0 1rem; }
code { font-family: ui-monospace, monospace; background: #f2f2f2; padding: 0 .2rem; }
.hint { color: #333; }
"""


def error_page_html(errors: Sequence[Diagnostic], *, reload_every: int | None = None) -> str:
    """The page listing `errors`; with `reload_every` (seconds), it reloads itself."""
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    items = "\n".join(_item(diagnostic) for diagnostic in errors)
    refresh = (
        f'<meta http-equiv="refresh" content="{reload_every}">' if reload_every is not None else ""
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{refresh}\n<title>The sources have {count} {noun}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>The sources have {count} {noun}</h1>\n"
        "<p>The preview shows the site again as soon as they are fixed: save the file, and "
        "this page reloads by itself. <code>sopkit check</code> lists the same problems.</p>\n"
        f"<ol>\n{items}\n</ol>\n</main>\n</body>\n</html>\n"
    )


def _item(diagnostic: Diagnostic) -> str:
    def text(value: str) -> str:
        return html.escape(display_text(value))

    hint = f'<br><span class="hint">Hint: {text(diagnostic.hint)}</span>' if diagnostic.hint else ""
    return (
        f"<li><code>{text(str(diagnostic.location))}</code>: {text(diagnostic.message)}{hint}</li>"
    )
