"""sopkit's own documentation (mkdocs.dev.yml, docs-dev/): it builds strictly, on its
own, with the Python API reference and every plugin option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from sopkit.hosts.mkdocs_plugin.config import ChecksConfig, PdfConfig, SopkitConfig


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("dev-docs") / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            "mkdocs.dev.yml",
            "--site-dir",
            str(site),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert (done.returncode, done.stderr) == (0, "")
    return site


def test_the_api_reference_documents_the_public_api(dev_site: Path) -> None:
    api = (dev_site / "reference/api.html").read_text(encoding="utf-8")
    for name in ("sopkit.load_project", "sopkit.diagnostics.Diagnostic", "sopkit.pipeline.build"):
        assert f'id="{name}"' in api, name


def test_the_options_page_names_every_plugin_option(dev_site: Path) -> None:
    page = (dev_site / "plugin-options.html").read_text(encoding="utf-8")
    for config in (SopkitConfig, ChecksConfig, PdfConfig):
        for name, _ in config._schema:
            assert f'id="sopkit.hosts.mkdocs_plugin.config.{config.__name__}.{name}"' in page, name


def test_the_developer_docs_are_not_the_district_s(dev_site: Path) -> None:
    pages = {p.relative_to(dev_site).as_posix() for p in dev_site.rglob("*.html")}
    assert pages == {
        "404.html",
        "index.html",
        "adopting.html",
        "architecture.html",
        "plugin-options.html",
        "reference/api.html",
        "search.html",
        "performance.html",
        "benchmark-report.html",
    }
    assert not list((REPO / "docs").rglob("performance.md"))
