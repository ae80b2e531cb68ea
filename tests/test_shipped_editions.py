"""The shipped content in both editions: the public build holds nothing internal, and two
builds of the same sources on different days, in different folders, are identical."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import AS_OF, REPO
from sitebuild import build_site
from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.editions.leaks import restricted_markers, scan_project_site
from sopkit.model import Project
from sopkit.sources.project import load_project

SOURCES = ("mkdocs.yml", "docs", "sop", "policy_data", "src")
"""What a build reads (src: the API reference page documents the package)."""


@pytest.fixture(scope="module")
def shipped() -> Project:
    return check_loaded(load_project(Layout(REPO)), as_of=AS_OF).project


@pytest.fixture(scope="module")
def markers(shipped: Project) -> list:
    return restricted_markers(shipped)


def test_the_public_edition_holds_nothing_internal(
    shipped_public_site: Path, markers: list, shipped: Project
) -> None:
    assert len(markers) > 40
    # Text and addresses both: no page, index entry, sitemap line or PDF link leads to an
    # internal page.
    result = scan_project_site(shipped, shipped_public_site)
    assert result.leaks == ()
    assert result.files > 150
    assert (shipped_public_site / "pdf" / "sso-sop-manual-2026-27.pdf").exists()


def test_the_officers_edition_holds_what_the_public_one_leaves_out(
    shipped_site: Path, shipped: Project
) -> None:
    found = {leak.marker.what for leak in scan_project_site(shipped, shipped_site).leaks}
    assert "the id of the internal section 5.4 Reporting and review of force" in found
    assert "a link to the internal section 5.4 Reporting and review of force" in found
    assert "the title of the internal section 5.4 Reporting and review of force" in found


def copy_sources(into: Path) -> Path:
    into.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, into / name)
    return into


def test_two_builds_on_different_days_in_different_folders_are_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", "info")
    monkeypatch.setenv("SOPKIT_PDF", "1")
    sites = []
    for name, when, zone in (
        ("first", dt.datetime(2027, 3, 5, 23, 30), "Pacific/Kiritimati"),
        ("second", dt.datetime(2028, 7, 19, 4, 0), "America/Kentucky/Louisville"),
    ):
        root = copy_sources(tmp_path / name)
        monkeypatch.setenv("SOPKIT_PDF_CACHE", str(root / ".cache"))  # every PDF made anew
        with time_machine.travel(when.replace(tzinfo=ZoneInfo(zone)), tick=False):
            built = build_site(root, site_dir=root / "site")
        assert (built.error, built.warnings()) == ("", [])
        sites.append(built.site)
    first, second = sites
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    assert len(files) > 150 and "pdf/sso-sop-manual-2026-27.pdf" in files
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
