"""Templates are code: every template runs in Jinja's immutable sandbox, with bounded
loops, and a template that fails is one located sentence.

On the previous main a template in `templates_dir` ran unsandboxed: it read
`os.popen('id')` during the build. Each case here writes a hostile or broken chapter
template and builds the fixture site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ProjectFolder
from sitebuild import MKDOCS_YML, build_site, write_site
from sopkit.render.environment import TemplateProblem, make_environment, render_template

WITH_TEMPLATES = MKDOCS_YML.replace("#L{line}\n", "#L{line}\n      templates_dir: overrides\n")
SANDBOX = "the sandbox refused it: "


@pytest.fixture
def site(project: ProjectFolder) -> ProjectFolder:
    (project.root / "overrides").mkdir()
    write_site(project.root, WITH_TEMPLATES)
    return project


def chapter_template(site: ProjectFolder, text: str) -> Path:
    path = site.root / "overrides" / "chapter.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("template", "line", "why"),
    [
        (
            "# {{ title|text }}\n\n{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}\n",
            3,
            SANDBOX + "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "# x\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
            2,
            SANDBOX + "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "# x\n{% set seen = [] %}{{ seen.append(chapter) }}\n",
            2,
            SANDBOX + "access to attribute 'append' of 'list' object is unsafe.",
        ),
        (
            "# x\n\n{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}\n",
            3,
            SANDBOX + "its loops ran more than 1,000,000 times in one page, which no page needs",
        ),
        (
            "# x\n{{ 'x' * 10000000 }}\n",
            2,
            SANDBOX + "'*' would make a text or list longer than a page",
        ),
        (
            "# x\n{{ 9 ** 9999999 }}\n",
            2,
            SANDBOX + "the power 9999999 is larger than a template may use",
        ),
        (
            "# x\n\n{{ nowhere.title }}\n",
            3,
            "'nowhere' is undefined: it uses a name sopkit does not give this template",
        ),
        (
            "# x\n{% for x in %}\n",
            2,
            "its syntax is wrong: Expected an expression, got 'end of statement block'",
        ),
    ],
)
def test_a_hostile_or_broken_template_fails_the_build_in_one_located_sentence(
    site: ProjectFolder, template: str, line: int, why: str
) -> None:
    chapter_template(site, template)
    built = build_site(site.root)
    assert built.error
    assert built.errors()[0] == (
        f"sopkit: overrides/chapter.md.j2:{line}: the template chapter.md.j2 cannot be "
        f"rendered: {why}\n"
        "  hint: compare it with sopkit's own template of the same name "
        "(sopkit/render/templates), which lists the values a template is given"
    )
    assert not (site.root / "pwned").exists()
    assert not any("Traceback" in message for _, message in built.logs)


def test_a_template_that_includes_itself_is_stopped(site: ProjectFolder) -> None:
    chapter_template(site, '# x\n{% include "chapter.md.j2" %}\n')
    built = build_site(site.root)
    assert built.errors()[0].startswith(
        "sopkit: chapter.md.j2: the template chapter.md.j2 cannot be rendered: it calls itself "
        "(or includes itself) without end"
    )


def test_sopkit_pdf_reports_a_broken_print_template(site: ProjectFolder) -> None:
    (site.root / "overrides" / "print").mkdir()
    (site.root / "overrides" / "print" / "section.html.j2").write_text("{{ nope() }}\n")
    # sopkit pdf has no templates_dir of its own yet: the pipeline's templates are tested
    # through the functions it calls.
    environment = make_environment(site.root / "overrides")
    with pytest.raises(TemplateProblem) as raised:
        render_template(environment, "print/section.html.j2")
    assert str(raised.value.diagnostic).startswith(
        "overrides/print/section.html.j2:1: error: the template print/section.html.j2 cannot "
        "be rendered: 'nope' is undefined"
    )


def test_the_packaged_templates_render_in_the_sandbox(site: ProjectFolder) -> None:
    (site.root / "overrides" / "unused.md.j2").write_text("# x\n")
    built = build_site(site.root)
    assert (built.error, built.warnings()) == ("", [])
