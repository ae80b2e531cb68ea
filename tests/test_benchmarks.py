"""A smoke test of the benchmark suite, so that it cannot rot: benchmarks are not tests
and `make test` does not run them, but it runs the generator and one small benchmark."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO
from sopkit import Layout
from sopkit.checks import check_loaded
from sopkit.diagnostics import Severity
from sopkit.sources.project import load_project

sys.path.insert(0, str(REPO))

from benchmarks import run
from benchmarks.generate import generate, plain_site


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("bench") / "sopkit-12", 12)


def test_a_generated_manual_is_realistic_and_checks_clean(manual: Path) -> None:
    result = check_loaded(load_project(Layout(manual)), as_of=dt.date(2026, 12, 1))
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    assert result.project.manual is not None
    sections = result.project.manual.sections
    assert len(sections) == 12
    assert [c.number for c in result.project.manual.chapters] == ["1", "2"]
    assert all(s.review is not None and s.steps and s.body for s in sections)
    assert any("KRS" in s.body.text for s in sections if s.body)
    # The same seed, the same manual.
    again = generate(manual.parent / "again", 12)
    first = sorted(p.read_text() for p in (manual / "sop").rglob("*.yml"))
    assert first == sorted(p.read_text() for p in (again / "sop").rglob("*.yml"))


def test_the_plain_site_has_the_same_pages(manual: Path, tmp_path: Path) -> None:
    plain = plain_site(manual, tmp_path / "plain")
    assert (plain / "docs" / "sop" / "procedure-0001.md").is_file()
    config = YAML(typ="safe").load((plain / "mkdocs.yml").read_text())
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins == ["search", "offline"]
    assert config["theme"]["features"][:2] == ["navigation.sections", "navigation.prune"]


def test_one_small_benchmark_and_its_report(manual: Path, tmp_path: Path) -> None:
    figures = run.check_and_cite(manual.parent, runs=1, n=12)
    assert [f.name for f in figures] == [
        "sopkit check, 12 sections (the command, start-up included)",
        "citations found in 1 MB of policy text",
    ]
    assert all(f.value > 0 and f.passed is not None for f in figures)
    text = run.report(figures, runs=1, seconds=5)
    assert "| sopkit check, 12 sections (the command, start-up included) |" in text
    assert "| ≤ 3 s |" in text


def test_results_json_is_what_the_docs_show() -> None:
    """The committed results and report come from the same run."""
    results = json.loads((REPO / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    report = (REPO / "docs-dev" / "benchmark-report.md").read_text(encoding="utf-8")
    assert results["machine"] in report
    for figure in results["figures"]:
        assert f"| {figure['name']} | {figure['value']:.2f} {figure['unit']} |" in report
        assert set(figure) == {"name", "value", "unit", "budget", "detail", "passed"}
