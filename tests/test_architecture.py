"""The rules of the architecture that a reader cannot see in any one file."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "sopkit"
HOSTS = {"cli.py", "__main__.py"}


def test_importing_sopkit_does_not_import_mkdocs() -> None:
    code = (
        "import sys, sopkit, sopkit.cli, sopkit.kinds, sopkit.site, sopkit.render.pages; "
        "print('mkdocs' in sys.modules, 'material' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "mkdocs_plugin" not in p.parts]


def test_only_the_adapter_imports_mkdocs() -> None:
    for path in core_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"mkdocs", "material"}, (
                    f"{path.name} imports {name}"
                )


def test_the_core_never_prints_and_never_reads_the_clock() -> None:
    for path in core_modules():
        if path.name in HOSTS:
            continue
        source = path.read_text()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "print", f"{path.name} prints"
        clock_readers = ("date.today(", "datetime.now(", "dt.datetime.now(", "time.time(")
        if path.name != "asof.py":
            assert not any(reader in source for reader in clock_readers), (
                f"{path.name} reads the clock"
            )
