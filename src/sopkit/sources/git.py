"""Reading the sources as they were at a git commit, for `sopkit diff` and for the
manual's earlier editions (sopkit.sources.history).

The sources of a commit (or branch, or tag) are copied into a folder, so that they are
loaded and checked exactly as the files on disk are. Only the source folders are copied,
and only through git itself: nothing is checked out and the working tree is untouched.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


class GitError(Exception):
    """Git could not give what was asked for; the message says why, in plain words."""


def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed (sopkit diff needs it)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(folder: Path, ref: str) -> str:
    """The commit a ref names; a plain-words error when it names none."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a commit, branch or tag")
    try:
        _git(folder, "rev-parse", "--is-inside-work-tree")
    except GitError:
        raise GitError(f"'{folder}' is not in a git repository") from None
    try:
        return (
            _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
        )
    except GitError:
        raise GitError(f"'{ref}' is not a commit, branch or tag of this repository") from None


def export_sources(folder: Path, commit: str, source_folders: Sequence[str], into: Path) -> None:
    """Write the files under `source_folders` (relative to the project `folder`), as they
    are in `commit`, into `into`."""
    prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(
        folder, "ls-tree", "-r", "-z", "--full-tree", "--name-only", commit, "--",
        *(f"{prefix}{name}" for name in source_folders),
    )  # fmt: skip
    paths = [p for p in listing.decode("utf-8").split("\0") if p]
    if not paths:
        return
    # One `git cat-file --batch` reads every file: a header line, then the bytes.
    request = "".join(f"{commit}:{path}\n" for path in paths).encode("utf-8")
    output = _git(folder, "cat-file", "--batch", data=request)
    position = 0
    for path in paths:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].decode()
        _, kind, size = header.split(" ")
        if kind != "blob":
            raise GitError(f"{path} at {commit[:12]} is not a file")
        start = header_end + 1
        target = into / path[len(prefix) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output[start : start + int(size)])
        position = start + int(size) + 1


def has_commit(folder: Path, commit: str) -> bool:
    """Whether the repository that holds `folder` has `commit` (a shallow clone, or one
    that has not fetched it, does not). Raises GitError when `folder` is in no
    repository, or git is not installed."""
    try:
        _git(folder, "rev-parse", "--is-inside-work-tree")
    except GitError as problem:
        if "not installed" in str(problem):
            raise
        raise GitError(f"'{folder}' is not in a git repository") from None
    try:
        _git(folder, "cat-file", "-e", f"{commit}^{{commit}}")
    except GitError:
        return False
    return True


def is_shallow(folder: Path) -> bool:
    """Whether the repository that holds `folder` is a shallow clone."""
    return _git(folder, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
