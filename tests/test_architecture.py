"""The rules of the architecture that a reader cannot see in any one file.

Data flows one way, and the folders show it: each subpackage of sopkit is a layer, and
a module may import only from its own layer or the layers below it. The renderers (the
site, print, reports) are peers that never import each other, and so are the two hosts.
Only the MkDocs adapter imports MkDocs. The core never prints and never reads the clock.
"""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "sopkit"

LAYERS: list[tuple[str, ...]] = [
    ("sopkit.diagnostics",),
    ("sopkit.model",),
    ("sopkit.sources",),
    ("sopkit.law",),
    ("sopkit.checks",),
    ("sopkit.status",),
    ("sopkit.compare",),
    ("sopkit.editions",),
    ("sopkit.render",),
    ("sopkit.views",),
    ("sopkit.web", "sopkit.pdf", "sopkit.reports"),
    ("sopkit.built",),
    ("sopkit.pipeline",),
    ("sopkit.hosts.cache",),
    ("sopkit.hosts.build_state",),
    ("sopkit.hosts.cli", "sopkit.hosts.mkdocs_plugin"),
    ("sopkit", "sopkit.__main__", "sopkit.hosts"),
]
"""Lowest first. Within one layer of several packages, each is a peer of the others."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def place(module: str) -> tuple[int, str]:
    """The layer of a module, and the package of that layer it belongs to."""
    best: tuple[int, str] | None = None
    for index, packages in enumerate(LAYERS):
        for package in packages:
            inside = module == package or module.startswith(package + ".")
            if inside and (best is None or len(package) > len(best[1])):
                best = (index, package)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best


def imported(source: str, modules: set[str]) -> set[str]:
    """Every sopkit module a module's source imports, anywhere in it (type-checking
    imports too: a layer that needs a type from above is upside down)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def layer_violations(sources: dict[str, str], modules: set[str]) -> list[str]:
    """Each import that goes up a layer, or across to a peer."""
    problems = []
    for name, source in sorted(sources.items()):
        layer, package = place(name)
        for target in sorted(imported(source, modules)):
            other_layer, other_package = place(target)
            if other_layer > layer:
                problems.append(f"{name} imports {target}, a layer above it")
            elif other_layer == layer and other_package != package:
                problems.append(f"{name} imports {target}, a peer")
    return problems


def package_sources() -> dict[str, str]:
    return {module_name(p): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def test_nothing_imports_upward_or_across() -> None:
    sources = package_sources()
    assert layer_violations(sources, set(sources)) == []


def test_the_layer_check_catches_an_upward_import() -> None:
    sources = package_sources()
    sources["sopkit.sources.loader"] += "\nfrom sopkit.pipeline import build\n"
    sources["sopkit.pdf.documents"] += "\nimport sopkit.web.pages\n"
    assert layer_violations(sources, set(sources)) == [
        "sopkit.pdf.documents imports sopkit.web.pages, a peer",
        "sopkit.sources.loader imports sopkit.pipeline, a layer above it",
    ]


def test_importing_sopkit_does_not_import_mkdocs() -> None:
    code = (
        "import sys, sopkit, sopkit.hosts.cli, sopkit.sources.kinds, sopkit.pipeline, "
        "sopkit.web.pages, sopkit.pdf.documents; "
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
    hosts = PACKAGE / "hosts"
    for path in core_modules():
        if path.is_relative_to(hosts) or path.name == "__main__.py":
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


def function_lengths() -> list[tuple[int, str]]:
    lengths = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                name = f"{path.relative_to(PACKAGE).as_posix()}:{node.name}"
                lengths.append((node.end_lineno - node.lineno + 1, name))
    return lengths


def test_functions_stay_short() -> None:
    # Commands and hooks dispatch: one screen at the most. Elsewhere a long function is
    # a commented, linear pipeline, and the typical function is a few lines.
    lengths = function_lengths()
    long_commands = [name for n, name in lengths if name.startswith("hosts/cli/") and n > 40]
    long_hooks = [
        name for n, name in lengths if name.startswith("hosts/mkdocs_plugin/plugin.py") and n > 40
    ]
    assert long_commands == [] and long_hooks == []
    assert statistics.median(n for n, _ in lengths) < 10
