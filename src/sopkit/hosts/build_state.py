"""Whether a whole build (`sopkit build`: both editions, the leak scan, the offline zip)
would make again exactly what it made last time, so that it need not run.

A finished build writes a stamp in the cache folder: a digest of everything the build
reads, and a digest of everything it wrote. The next build is skipped only when both
are the same again: every file of the project (git's tracked and untracked files, less
those it ignores; every file, outside git), git's commit and whether this clone holds
each earlier edition's commit, sopkit's code, every installed package's version,
Python's, the environment variables that reach the build (`SOPKIT_*`,
`SOURCE_DATE_EPOCH`, and any that mkdocs.yml reads with `!ENV`), the day the build
takes as today, the command's options; and every byte of the outputs, so that a site
that was changed, or removed, after the build is built again. Anything else changed,
and the build runs (its own caches then redo only what changed). The cache folder,
which holds the stamp, is never an input, whatever its name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path

from sopkit.hosts.cache import code_digest, history_state

STAMP = "up-to-date.json"
_NEVER_INPUTS = frozenset(
    {".git", ".venv", "venv", "__pycache__", ".cache", "node_modules", ".pytest_cache",
     ".mypy_cache", ".ruff_cache", ".test"}
)  # fmt: skip
"""Folders that are tools' or caches', never sources (also outside git)."""


@dataclass(frozen=True)
class Stamp:
    inputs: str
    outputs: str
    built: str
    """When the build finished (UTC, ISO 8601), for the message that skips it."""


def input_digest(
    root: Path, left_out: Iterable[Path], editions_file: Path, options: object, day: str
) -> str:
    """What the build reads (see the module's docstring), less the files and folders
    `left_out` (what it writes), as one sha256."""
    root = root.resolve()
    skipped = [path.resolve() for path in left_out]
    digest = hashlib.sha256(b"sopkit-whole-build-1\0")
    for path in _project_files(root, skipped):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as problem:  # deleted since git listed it, or unreadable
            digest.update(f"\0unreadable {problem.strerror}".encode())
    digest.update(code_digest().encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update(f"\0{sys.version}\0{';'.join(packages)}".encode())
    named = _config_variables(root)
    for name in sorted(os.environ):
        if name.startswith("SOPKIT_") or name == "SOURCE_DATE_EPOCH" or name in named:
            digest.update(f"\0{name}={os.environ[name]}".encode())
    digest.update(f"\0{_git_head(root)}\0{history_state(root, editions_file)}".encode())
    digest.update(f"\0{options!r}\0{day}".encode())
    return digest.hexdigest()


def output_digest(outputs: Iterable[Path]) -> str:
    """Every byte the build wrote, file by file (a missing output is part of it)."""
    digest = hashlib.sha256(b"sopkit-whole-build-outputs-1\0")
    for output in outputs:
        digest.update(f"\0{output}\0".encode())
        if output.is_file():
            digest.update(output.read_bytes())
        elif output.is_dir():
            for path in sorted(p for p in output.rglob("*") if p.is_file()):
                digest.update(b"\0" + path.relative_to(output).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
        else:
            digest.update(b"\0missing")
    return digest.hexdigest()


def read_stamp(folder: Path) -> Stamp | None:
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        return Stamp(str(data["inputs"]), str(data["outputs"]), str(data["built"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no stamp, or one that cannot be read: the build runs


def write_stamp(folder: Path, stamp: Stamp) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{STAMP}.part"
    part.write_text(json.dumps(stamp.__dict__, indent=2) + "\n", encoding="utf-8")
    part.replace(folder / STAMP)


def forget_stamp(folder: Path) -> None:
    """Before a build writes anything: a build that then fails leaves no stamp, so the
    next one runs whatever the outputs hold."""
    (folder / STAMP).unlink(missing_ok=True)


def _project_files(root: Path, left_out: list[Path]) -> list[Path]:
    listed = _git_files(root)
    found = listed if listed is not None else _walk(root)
    return sorted(
        path
        for path in found
        if not _NEVER_INPUTS.intersection(path.relative_to(root).parts)
        and not any(path == out or out in path.parents for out in left_out)
        and not path.is_dir()
    )


def _git_files(root: Path) -> list[Path] | None:
    """The files git tracks or would (untracked, not ignored); None outside git."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    names = {name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    return [root / name for name in names]


def _walk(root: Path) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in _NEVER_INPUTS]
        for name in files:
            yield Path(folder) / name


_ENV_TAG = re.compile(r"!ENV\s+(\[[^\]\n]*\]|[^\s#]+)")


def _config_variables(root: Path) -> frozenset[str]:
    """The environment variables mkdocs.yml reads with `!ENV NAME` or
    `!ENV [NAME, OTHER, default]` (a site address from CI, say): part of the inputs."""
    names: set[str] = set()
    for config in root.glob("mkdocs*.yml"):
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found in _ENV_TAG.findall(text):
            names.update(part.strip(" '\"") for part in found.strip("[]").split(","))
    return frozenset(name for name in names if name)


def _git_head(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


__all__ = [
    "Stamp",
    "forget_stamp",
    "input_digest",
    "output_digest",
    "read_stamp",
    "write_stamp",
]
