"""Hostile input, case by case: `sopkit check` refuses it with its location, and if it
ever got past the check, the site renders it harmless anyway (defence in depth)."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from conftest import ProjectFolder
from sitebuild import build_site, write_site
from sopkit.render.sanitize import sanitize_html
from sopkit.render.text import html_text, markdown_text

SECTION = "sop/04-students/interviews.yml"
PAGE = "sop/student-interviews/index.html"
BODY = "  The principal, first.\n"


def no_script(page: str) -> bool:
    return "<script>alert" not in page and not re.search(r"<script[^>]*>[^<]*alert", page)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.update(name.lower() for name, _ in attrs)


def no_attribute(name: str) -> Callable[[str], bool]:
    """No element has the attribute, as a browser would parse the page."""

    def check(page: str) -> bool:
        parser = _Attributes()
        parser.feed(page)
        return name not in parser.names

    return check


def no_javascript_link(page: str) -> bool:
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]
    return not any(re.sub(r"\s", "", h).lower().startswith("javascript:") for h in hrefs)


@dataclass(frozen=True)
class Case:
    name: str
    old: str
    new: str
    refused: str
    """A line `sopkit check` prints."""
    harmless: Callable[[str], bool]
    """True of every page made from the source."""
    shown: str = ""
    """How the section's own page shows it, escaped."""


TEMPLATE = "looks like template code, which is not allowed in sources"
CASES = [
    Case(
        "script in a body",
        BODY,
        "  The principal, <script>alert(1)</script> first.\n",
        f"{SECTION}:19:18: error: body: raw HTML '<script>' is not allowed",
        no_script,
    ),
    Case(
        "img onerror",
        BODY,
        "  The principal, <img src=x onerror=alert(1)> first.\n",
        f"{SECTION}:19:18: error: body: raw HTML '<img src=x onerror=alert(1)>' is not allowed",
        no_attribute("onerror"),
    ),
    Case(
        "javascript: link",
        BODY,
        "  The [principal](javascript:alert(1)), first.\n",
        f"{SECTION}:19:19: error: body: a link to 'javascript:' is not allowed",
        no_javascript_link,
    ),
    Case(
        "JaVaScRiPt: link",
        BODY,
        "  The [principal](JaVaScRiPt:alert(1)), first.\n",
        f"{SECTION}:19:19: error: body: a link to 'javascript:' is not allowed",
        no_javascript_link,
    ),
    Case(
        "entity-encoded javascript: link",
        BODY,
        "  The [principal](&#106;avascript:alert(1)), first.\n",
        f"{SECTION}:19:19: error: body: a link to 'javascript:' is not allowed",
        no_javascript_link,
    ),
    Case(
        "a title closing </title>",
        "title: Interviewing students",
        "title: '</title><script>alert(1)</script>'",
        f"{SECTION}:3:9: error: title: raw HTML '</title>' is not allowed",
        no_script,
        "<title>4.2 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Fixture site</title>",
    ),
    Case(
        "a description breaking out of an attribute",
        "summary: When and how an SSO interviews a student.",
        "summary: '\" onmouseover=\"alert(2)'",
        f"{SECTION}:4:13: error: summary: 'onmouseover=\"' looks like HTML code that runs a script",
        no_attribute("onmouseover"),
        '<meta name="description" content="&quot; onmouseover=&quot;alert(2)">',
    ),
    Case(
        "{{ 7*7 }} in a body",
        BODY,
        "  The principal, {{ 7*7 }} first.\n",
        f"{SECTION}:19:18: error: body: '{{{{' {TEMPLATE}",
        lambda page: "49" not in page,
        "The principal, {{ 7*7 }} first.",
    ),
    Case(
        "{{ cycler.__init__.__globals__ }} in a title",
        "title: Interviewing students",
        "title: '{{ cycler.__init__.__globals__ }}'",
        f"{SECTION}:3:9: error: title: '{{{{' {TEMPLATE}",
        lambda page: "<module" not in page and "<function" not in page,
        "4.2 {{ cycler.__init__.__globals__ }}",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_refuses_it_with_its_location(project: ProjectFolder, case: Case) -> None:
    project.replace(SECTION, case.old, case.new)
    assert case.refused in project.messages()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_if_it_got_past_the_check_it_renders_harmless(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    monkeypatch.setattr("sopkit.sources.schema.check_plain_text", lambda *args: [])
    monkeypatch.setattr("sopkit.sources.schema.check_markdown", lambda *args: [])
    project.replace(SECTION, case.old, case.new)
    write_site(project.root)
    built = build_site(project.root, strict=False)
    assert built.errors() == []
    for page in (PAGE, "sop/index.html", "sop/students/index.html", "search/search_index.json"):
        assert case.harmless(built.html(page)), page
    assert case.shown in built.html(PAGE)


def test_a_right_to_left_override_in_a_title(project: ProjectFolder) -> None:
    project.replace(SECTION, "title: Interviewing students", "title: Interviewing \u202estudents")
    assert project.messages()[0].startswith(
        f"{SECTION}:3:21: error: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); it can "
        "make text display differently from what it says"
    )
    # Had it got past the loader, every way text reaches a page drops it.
    assert html_text("gpj.\u202eexe") == "gpj.exe"
    assert markdown_text("Interviewing \u202estudents") == "Interviewing students"
    assert sanitize_html("<p>a\u202eb</p>") == "<p>ab</p>"


def test_an_alias_bomb_is_refused_before_anything_is_expanded(project: ProjectFolder) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    project.write(SECTION, bomb)
    started = time.perf_counter()
    messages = project.messages()
    assert time.perf_counter() - started < 2
    assert messages[:3] == [
        f"{SECTION}:1:4: error: '&a' is a YAML anchor; anchors and aliases are not allowed",
        f"{SECTION}:2:4: error: '&b' is a YAML anchor; anchors and aliases are not allowed",
        f"{SECTION}:2:8: error: '*a' is a YAML alias (a copy of another value); aliases are "
        "not allowed",
    ]
