"""The Jinja2 environment for sopkit's templates.

Templates are files, never source text: no template is ever made from what an editor
wrote, so `{{ ... }}` in a source is only ever shown as typed. Templates come from the
user's override folder first, then from the package. An undefined name is an error, not
an empty string. Autoescaping is on for every template, including the Markdown ones:
a value that reaches a page without a filter is HTML-escaped, so a forgotten filter can
never inject markup. Source prose goes in through `md`, plain text through `text`.

Templates are code, and a district's own templates (`templates_dir`) are code from a
pull request: every template, packaged or not, runs in Jinja's immutable sandbox, which
refuses Python's internals (`''.__class__`, `os.popen`) and changes to the values it is
given. Its loops are bounded, and so are `*` and `**`, so that a template cannot make a
build run or grow for ever. A template that fails is one located sentence
(`TemplateProblem`), never a traceback.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from sopkit.diagnostics import Diagnostic, Location, error
from sopkit.model import Prose
from sopkit.render.text import markdown_text
from sopkit.sources.textrules import display_text

PACKAGED_TEMPLATES = Path(__file__).parent / "templates"


MAX_LOOP_STEPS = 1_000_000
"""Steps all the loops of one rendering may take together: the whole manual, at 2000
sections, takes a few tens of thousands."""
MAX_REPEAT = 100_000
"""Longest text or list that `*` may make, and largest exponent `**` may use."""


class TemplateProblem(Exception):
    """A template could not be rendered; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass
class _Budget:
    steps: int = MAX_LOOP_STEPS

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise SecurityError(
                f"its loops ran more than {MAX_LOOP_STEPS:,} times in one page, which no page needs"
            )


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("sopkit_loop_budget")


class _BoundedLoops(CodeGenerator):
    """Compiles every `{% for %}` so that each step of it spends from the page's budget."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not getattr(node, "sopkit_bounded", False):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("bounded"), [node.iter], [], None, None
            ).set_lineno(node.lineno)
            node.sopkit_bounded = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)


class SopkitEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with bounded loops, `*` and `**`."""

    code_generator_class = _BoundedLoops
    intercepted_binops = frozenset({"*", "**"})

    def bounded(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = _BUDGET.get(None) or _Budget()
        for item in iterable:
            budget.spend()
            yield item

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**" and isinstance(right, int) and abs(right) > MAX_REPEAT:
            raise SecurityError(f"the power {right} is larger than a template may use")
        if op == "*":
            for sequence, count in ((left, right), (right, left)):
                sized = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if sized and len(sequence) * count > MAX_REPEAT:
                    raise SecurityError("'*' would make a text or list longer than a page")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


def render_template(environment: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template, with a fresh loop budget; a failure is a `TemplateProblem`."""
    token = _BUDGET.set(_Budget())
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = _template_location(environment, exc.filename or name, exc.lineno)
        raise TemplateProblem(
            _problem(where, name, f"its syntax is wrong: {exc.message}")
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(
            _problem(Location(name), name, f"it includes '{exc.name}', which does not exist")
        ) from None
    except RecursionError:
        raise TemplateProblem(
            _problem(Location(name), name, "it calls itself (or includes itself) without end")
        ) from None
    except Exception as exc:  # a template may raise anything: say where, once
        where = _failing_line(environment, exc.__traceback__) or Location(name)
        raise TemplateProblem(_problem(where, name, _explain(exc))) from None
    finally:
        _BUDGET.reset(token)


def _explain(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"the sandbox refused it: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}: it uses a name sopkit does not give this template"
    return f"it failed: {type(exc).__name__}: {exc}"


def _problem(where: Location, name: str, what: str) -> Diagnostic:
    return error(
        where,
        "template-error",
        f"the template {name} cannot be rendered: {what}",
        "compare it with sopkit's own template of the same name (sopkit/render/templates), "
        "which lists the values a template is given",
    )


def _failing_line(environment: jinja2.Environment, tb: TracebackType | None) -> Location | None:
    """The template line the failure happened at: Jinja rewrites tracebacks so that a
    template's frames carry its file name and line."""
    found: Location | None = None
    folders = _search_path(environment)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(folder) for folder in folders):
            found = _template_location(environment, filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _search_path(environment: jinja2.Environment) -> list[str]:
    loader = environment.loader
    return [str(Path(p).resolve()) for p in getattr(loader, "searchpath", [])]


def _template_location(environment: jinja2.Environment, filename: str, line: int) -> Location:
    path = Path(filename)
    if not path.is_absolute():
        return Location(filename, line)
    path = path.resolve()
    for folder in _search_path(environment):
        if path.is_relative_to(folder):
            base = Path(folder)
            shown = (
                f"sopkit/render/templates/{path.relative_to(base).as_posix()}"
                if base == PACKAGED_TEMPLATES.resolve()
                else _relative_to_cwd(path)
            )
            return Location(shown, line)
    return Location(path.as_posix(), line)


def _relative_to_cwd(path: Path) -> str:
    cwd = Path.cwd().resolve()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else path.as_posix()


@functools.lru_cache(maxsize=8)
def make_environment(override: Path | None = None) -> jinja2.Environment:
    """The environment, with `override` (if given) searched before the packaged templates."""
    folders = [str(override.resolve())] if override is not None else []
    loader = jinja2.FileSystemLoader([*folders, str(PACKAGED_TEMPLATES.resolve())])
    environment = SopkitEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        finalize=_shown,
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
        # Jinja's own `capitalize` lowers every other letter ("took in 4.3 searches").
        capitalize=sentence_start,
    )
    return environment


def _shown(value: object) -> object:
    """Every value a template prints, without the characters the sources may not hold
    (whatever path brought it): the same text rules for pages and print."""
    if isinstance(value, Markup):
        return Markup(display_text(str(value)))
    return display_text(value) if isinstance(value, str) else value


def sentence_start(value: object) -> str:
    """The text with its first letter a capital, every other letter as written."""
    text = str(value)
    return text[:1].upper() + text[1:]


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


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, value: Prose | None) -> Markup:
    """Source prose, as the Markdown that `sopkit check` vetted, with its references to
    sections ([[section:id]]) written out for the page being rendered."""
    if value is None:
        return Markup("")
    text = value.text.rstrip("\n")
    expand = context.get("section_refs")
    if callable(expand):
        text = expand(text, context.get("page_path", ""))
    return Markup(text)


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
