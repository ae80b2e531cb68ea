"""Files that cannot be read as sources are reported, never skipped or crashed on.

Before, a section whose permissions forbade reading it crashed `sopkit check` with a
traceback; a broken link, a named pipe, a link to a file outside the project, a name
ending in .YML and a linked folder were passed over without a word (or, for the pipe,
made the check wait for ever).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import ProjectFolder

CHAPTER = "sop/04-students"
SECTION = f"{CHAPTER}/interviews.yml"


def check_lines(project: ProjectFolder) -> tuple[int, list[str]]:
    code, out, err = project.cli("check")
    assert err == ""
    return code, out.splitlines()


def test_a_file_that_cannot_be_read_is_an_error(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where permissions do not stop reading: refuse the open instead.
    real_open = pathlib.Path.open
    denied = project.path(SECTION).resolve()

    def open_(self: Path, *args: Any, **kwargs: Any) -> IO[Any]:
        if self.resolve() == denied:
            raise PermissionError(13, "Permission denied", str(self))
        opened: IO[Any] = real_open(self, *args, **kwargs)
        return opened

    monkeypatch.setattr(pathlib.Path, "open", open_)
    code, lines = check_lines(project)
    assert code == 1
    assert lines[:2] == [
        f"{SECTION}: error: this file cannot be read (Permission denied)",
        "  hint: check the file's permissions: the user that runs sopkit must be able to read it",
    ]


def test_a_broken_link_is_an_error(project: ProjectFolder) -> None:
    project.path(f"{CHAPTER}/extra.yml").symlink_to("gone.yml")
    code, lines = check_lines(project)
    assert code == 1
    assert (
        f"{CHAPTER}/extra.yml: error: this file is a link to {CHAPTER}/gone.yml, which does not exist"
        in lines
    )


def test_a_link_out_of_the_project_is_refused_unread(
    project: ProjectFolder, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.yml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    project.path(f"{CHAPTER}/secret.yml").symlink_to(secret)
    code, out, _ = project.cli("check")
    assert code == 1
    assert (
        f"{CHAPTER}/secret.yml: error: this file is a link to a file outside the project "
        "folder, which sopkit does not read"
    ) in out
    assert "hunter2" not in out and "password" not in out


def test_a_link_inside_the_project_is_read(project: ProjectFolder) -> None:
    project.path(SECTION).rename(project.path("shared-interviews.yml"))
    project.path(SECTION).symlink_to("../../shared-interviews.yml")
    # The root is not a source folder, so the target itself is not read twice.
    assert project.cli("check")[0] == 0


def test_a_named_pipe_is_refused_without_waiting_for_it(project: ProjectFolder) -> None:
    os.mkfifo(project.path(f"{CHAPTER}/pipe.yml"))
    code, lines = check_lines(project)
    assert code == 1
    assert (
        f"{CHAPTER}/pipe.yml: error: this is not a regular file (it is a device, a pipe or a "
        "socket)"
    ) in lines


def test_an_upper_case_suffix_is_named(project: ProjectFolder) -> None:
    project.path(SECTION).rename(project.path(f"{CHAPTER}/Interviews.YML"))
    code, lines = check_lines(project)
    assert code == 1
    first = lines.index(
        f"{CHAPTER}/Interviews.YML: error: the file name ends in '.YML'; sopkit reads only names "
        "ending in .yml or .yaml, in lower case"
    )
    assert lines[first + 1] == "  hint: rename it to Interviews.yml"


def test_a_linked_folder_is_named(project: ProjectFolder) -> None:
    project.path("sop/05-linked").symlink_to("../sop/04-students")
    code, lines = check_lines(project)
    assert code == 1
    assert (
        "sop/05-linked: error: this folder is a link to another folder, and sopkit does not "
        "follow links to folders"
    ) in lines


def test_an_unreadable_folder_is_an_error(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir
    denied = str(project.path(CHAPTER))

    def scandir(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if str(Path(path).absolute()) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = project.cli("check")
    assert code == 1
    assert f"{CHAPTER}: error: this folder cannot be read (Permission denied)" in out
