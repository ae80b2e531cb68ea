"""Plugin options that are wrong say so, by name, as errors (which `mkdocs build -q`
still shows), and the build stops before it makes anything.

On the previous main, each of these built anyway (an unknown option, a misspelt check,
an unknown time zone, `sop_dir: null`, a `javascript:` edit address) or crashed with a
traceback (an edit address with an unknown placeholder, a PDF cache that is a file).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ProjectFolder
from sitebuild import build_site

PLUGIN = "Config value 'plugins': Plugin 'sopkit' option "


def write_config(project: ProjectFolder, options: str) -> None:
    project.write(
        "mkdocs.yml",
        "site_name: Fixture site\ntheme:\n  name: material\n  font: false\nplugins:\n"
        "  - sopkit:\n" + textwrap.indent(textwrap.dedent(options), "      "),
    )
    project.write("docs/index.md", "# Home\n")


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            "edit_urll: https://example.org/{path}\n",
            "'edit_urll': 'edit_urll' is not an option (did you mean 'edit_url'?); the options "
            "are sop_dir, policy_data_dir, edition, as_of, time_zone, in_force_on, "
            "as_of_edition, templates_dir, public_review_status, edit_url, checks, pdf",
        ),
        (
            "checks:\n  overdue_review: info\n",
            "'checks': Sub-option 'overdue_review': 'overdue_review' is not one of its options "
            "(did you mean 'overdue_reviews'?); they are source_warnings, malformed_citations, "
            "unregistered_citations, unused_authorities, overdue_reviews, overdue_obligations, "
            "due_soon, citation_drift, missing_history",
        ),
        (
            "checks:\n  due_soon: loud\n",
            "'checks': Sub-option 'due_soon': Expected one of: ('warn', 'info', 'ignore') but "
            "received: 'loud'",
        ),
        (
            "time_zone: America/Louisvile\n",
            "'time_zone': 'America/Louisvile' is not a known time zone; e.g. time_zone: "
            "America/Louisville",
        ),
        (
            "time_zone: ../../../etc/passwd\n",
            "'time_zone': '../../../etc/passwd' is not a time zone name (names look like "
            "America/New_York); e.g. time_zone: America/Kentucky/Louisville",
        ),
        ("sop_dir: null\n", "'sop_dir': it is empty; write the folder's name, e.g. sop_dir: sop"),
        (
            "policy_data_dir: /etc\n",
            "'policy_data_dir': '/etc' is outside the project folder; write a folder inside it",
        ),
        (
            "as_of: '2026-02-30'\n",
            "'as_of': '2026-02-30' is not a real day written as YYYY-MM-DD, e.g. as_of: 2026-12-01",
        ),
        (
            "as_of: 9999-12-31\n",
            "'as_of': 9999-12-31 is outside the years sopkit accepts (1900 to 2999)",
        ),
        (
            "edit_url: 'javascript:alert(1)//{path}'\n",
            "'edit_url': 'javascript:alert(1)//{path}' is not a web address; write it with "
            "https://, e.g. https://github.com/district/manual/edit/main/{path}#L{line}",
        ),
        (
            "edit_url: https://example.org/{path}/{branch}\n",
            "'edit_url': '{branch}' is not a placeholder sopkit fills in; the placeholders are "
            "{path} (the source file) and {line} (its line)",
        ),
        (
            "edit_url: https://example.org/{path.__class__.__mro__}\n",
            "'edit_url': '{path.__class__.__mro__}' is not a placeholder sopkit fills in; the "
            "placeholders are {path} (the source file) and {line} (its line)",
        ),
        (
            "pdf:\n  cachedir: x\n",
            "'pdf': Sub-option 'cachedir': 'cachedir' is not an option (did you mean "
            "'cache_dir'?); the options are enabled, on_serve, sections, cache_dir",
        ),
    ],
)
def test_a_wrong_option_is_an_error_naming_it(
    project: ProjectFolder, options: str, error: str
) -> None:
    write_config(project, options)
    built = build_site(project.root, strict=False)
    assert built.errors() == [PLUGIN + error]
    assert not (project.root / "site").exists()


@pytest.mark.parametrize(
    ("cache", "error"),
    [
        ("docs/index.md", "'{root}/docs/index.md' is a file, not a folder"),
        ("docs/index.md/inside", "'{root}/docs/index.md/inside' cannot be made (Not a directory)"),
    ],
)
@pytest.mark.pdf
def test_a_pdf_cache_that_cannot_be_used_is_named(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch, cache: str, error: str
) -> None:
    monkeypatch.setenv("SOPKIT_PDF", "1")
    monkeypatch.delenv("SOPKIT_PDF_CACHE")
    write_config(project, f"pdf:\n  cache_dir: {cache}\n")
    built = build_site(project.root, strict=False)
    assert built.errors() == [
        f"sopkit: pdf → cache_dir: {error.format(root=project.root)}; choose a folder the "
        "build can write"
    ]


def test_a_wrong_option_stops_even_a_quiet_build(project: ProjectFolder) -> None:
    write_config(project, "checks:\n  overdue_review: info\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 1
    assert "'overdue_review' is not one of its options (did you mean 'overdue_reviews'?)" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
