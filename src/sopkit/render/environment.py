"""The Jinja2 environment for sopkit's templates.

Templates are files, never source text: no template is ever made from what an editor
wrote, so `{{ ... }}` in a source is only ever shown as typed. Templates come from the
user's override folder first, then from the package. An undefined name is an error, not
an empty string. Autoescaping is on for every template, including the Markdown ones:
a value that reaches a page without a filter is HTML-escaped, so a forgotten filter can
never inject markup. Source prose goes in through `md`, plain text through `text`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from sopkit.model import Prose
from sopkit.render.text import markdown_text

PACKAGED_TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=8)
def make_environment(override: Path | None = None) -> jinja2.Environment:
    """The environment, with `override` (if given) searched before the packaged templates."""
    folders = [str(override)] if override is not None else []
    loader = jinja2.FileSystemLoader([*folders, str(PACKAGED_TEMPLATES)])
    environment = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        text=text_filter,
        md=markdown_filter,
        date=long_date,
        texts=texts_filter,
        links=links_filter,
        css_string=css_string,
    )
    return environment


def text_filter(value: object) -> Markup:
    """Plain text, shown exactly as written."""
    return Markup(markdown_text(str(value)))


def texts_filter(values: Iterable[object], separator: str = "; ") -> Markup:
    """Several plain texts, joined."""
    return Markup(separator.join(markdown_text(str(value)) for value in values))


def links_filter(links: Iterable[tuple[str, str]], separator: str = "; ") -> Markup:
    """Markdown links from (plain-text label, url) pairs, joined."""
    return Markup(separator.join(f"[{markdown_text(label)}]({url})" for label, url in links))


class Link(NamedTuple):
    """A link to show: its plain-text label and its URL."""

    label: str
    url: str


def markdown_filter(value: Prose | None) -> Markup:
    """Source prose, as the Markdown that `sopkit check` vetted."""
    return Markup("" if value is None else value.text.rstrip("\n"))


def long_date(value: dt.date | None) -> str:
    """12 March 2025; 'not recorded' when the date is not known."""
    if value is None:
        return "not recorded"
    return f"{value.day} {value:%B %Y}"


def css_string(value: object) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element: line breaks become
    CSS line breaks (\\A) and nothing can end the element."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    text = text.replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ")
    return Markup('"' + text.replace("\n", "\\A ") + '"')
