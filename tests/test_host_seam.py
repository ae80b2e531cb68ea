"""The host seam: the shipped site builds the same under ProperDocs, the maintained
fork of MkDocs 1.x, as under MkDocs. sopkit's core knows neither; its adapter imports
`mkdocs`, which ProperDocs provides under that name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, BUILD_DATE, OUTSIDE_SETTINGS, REPO

BIN = Path(sys.executable).parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with(host: str, site: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in OUTSIDE_SETTINGS}
    env.update(SOPKIT_AS_OF=AS_OF.isoformat(), SOPKIT_PDF="0", SOPKIT_REVIEW_WARNINGS="info",
               SOURCE_DATE_EPOCH=str(int(BUILD_DATE.timestamp())), NO_MKDOCS_2_WARNING="1")  # fmt: skip
    done = subprocess.run([str(BIN / host), "build", "--strict", "-q", "-f", "mkdocs.yml",
                           "--site-dir", str(site)], cwd=REPO, capture_output=True, text=True,
                          env=env)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, ""), host


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, without the line that names the generator."""
    return {
        p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
        for p in site.rglob("*")
        if p.is_file()
    }


@pytest.mark.slow
def test_the_shipped_site_is_the_same_under_properdocs(tmp_path: Path) -> None:
    build_with("mkdocs", tmp_path / "mkdocs")
    build_with("properdocs", tmp_path / "properdocs")
    under_mkdocs, under_properdocs = (
        files_of(tmp_path / "mkdocs"),
        files_of(tmp_path / "properdocs"),
    )
    assert sorted(under_properdocs) == sorted(under_mkdocs)
    differing = [name for name in under_mkdocs if under_mkdocs[name] != under_properdocs[name]]
    assert differing == []
    page = (tmp_path / "properdocs" / "sop" / "student-interviews.html").read_text()
    assert "ProperDocs 1.6.7" in page and "4.2 Interviewing students" in page
