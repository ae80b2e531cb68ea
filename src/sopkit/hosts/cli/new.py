"""`sopkit new section | chapter | policy`: a new source file, complete and valid.

The file is written only if it does not exist yet, and the project is checked again at
once: if the new file has an error (it should not), it is removed and the error shown,
so a failed `new` leaves the project as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path, PurePosixPath

from sopkit.diagnostics import Severity
from sopkit.hosts.cli.common import (
    Io,
    Opened,
    UsageError,
    add_project,
    built_without_errors,
    open_checked,
    print_all,
    run_pipeline,
)
from sopkit.model import Chapter, Manual
from sopkit.sources import scaffold
from sopkit.sources.schema import MAX_ID_LENGTH, did_you_mean, is_id
from sopkit.views import manual_policy

_ID_HELP = "its permanent id: lower-case words joined by hyphens (default: made from the title)"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "new",
        help="write a new section, chapter or policy file, complete and valid",
        description=(
            "Write a new source file with every required field filled in and a comment on "
            "each, numbered after the last one. `sopkit check` passes on it at once."
        ),
    )
    kinds = parser.add_subparsers(title="what", metavar="WHAT", required=True)
    section = kinds.add_parser("section", help="a section of a chapter (internal at first)")
    section.add_argument("chapter", metavar="CHAPTER_FOLDER", help="e.g. sop/04-students")
    chapter = kinds.add_parser("chapter", help="a chapter of the manual, in a folder of its own")
    policy = kinds.add_parser("policy", help="a board policy, with a draft first version")
    policy.add_argument("--code", help='the board\'s code, e.g. "09.2211" (default: none)')
    for sub, command in ((section, new_section), (chapter, new_chapter), (policy, new_policy)):
        sub.add_argument("--title", required=True, help="its title")
        sub.add_argument("--id", dest="new_id", metavar="ID", help=_ID_HELP)
        add_project(sub)
        sub.set_defaults(command=command)


def new_section(io: Io, *, project: str, chapter: str, title: str, new_id: str | None) -> int:
    title = _title(title)
    opened, manual = _opened_manual(io, project)
    found = _chapter(opened, manual, chapter)
    done = run_pipeline(opened, None, "internal")
    policy = manual_policy(done.project)
    section_id = _new_id(new_id, title, {s.id for s in manual.sections}, "section")
    folder = found.location.path.rsplit("/", 1)[0]
    made = scaffold.new_section(
        opened.layout.root,
        manual,
        policy.current if policy else None,
        found,
        folder,
        section_id,
        title,
    )
    return _write(io, opened, [made], f"section {scaffold.next_section_number(found)}")


def new_chapter(io: Io, *, project: str, title: str, new_id: str | None) -> int:
    title = _title(title)
    opened, manual = _opened_manual(io, project)
    chapter_id = _new_id(new_id, title, {c.id for c in manual.chapters}, "chapter")
    made = scaffold.new_chapter(opened.layout.root, manual, opened.layout.sop, chapter_id, title)
    return _write(io, opened, [made], f"chapter {scaffold.next_chapter_number(manual)}")


def new_policy(io: Io, *, project: str, title: str, new_id: str | None, code: str | None) -> int:
    title = _title(title)
    opened = open_checked(project)
    done = built_without_errors(io, opened, run_pipeline(opened, None, "internal"))
    policies = done.project.policies
    policy_id = _new_id(new_id, title, {p.id for p in policies}, "policy")
    if code is not None and code in {p.code for p in policies}:
        taken = next(p for p in policies if p.code == code)
        raise UsageError(f"the code {code} is already the policy '{taken.title}' ({taken.id})")
    known = next((p for p in policies), None)
    organization = known.organization if known else "Our organization"
    body = known.adopting_body if known else "Board of Education"
    made = scaffold.new_policy(
        opened.layout.root, opened.layout.policy_data, policy_id, title, code,
        organization, body,
    )  # fmt: skip
    return _write(io, opened, list(made), "a draft policy")


# -- shared -------------------------------------------------------------------------------


def _opened_manual(io: Io, project: str) -> tuple[Opened, Manual]:
    opened = open_checked(project)
    done = built_without_errors(io, opened, run_pipeline(opened, None, "internal"))
    assert done.project.manual is not None  # built_without_errors requires one
    return opened, done.project.manual


def _chapter(opened: Opened, manual: Manual, folder: str) -> Chapter:
    root = opened.layout.root.resolve()
    wanted = Path(folder).resolve()
    if not wanted.is_dir():
        wanted = (root / folder).resolve()
    for chapter in manual.chapters:
        if (root / chapter.location.path).resolve().parent == wanted:
            return chapter
    folders = [PurePosixPath(c.location.path).parent.as_posix() for c in manual.chapters]
    close = did_you_mean(PurePosixPath(folder).as_posix().rstrip("/"), folders)
    raise UsageError(
        f"'{folder}' is not a chapter folder (one with a chapter.yml){close}; the chapters are "
        f"in {', '.join(folders)}"
    )


def _new_id(given: str | None, title: str, taken: set[str], what: str) -> str:
    new_id = given if given is not None else scaffold.suggested_id(title)
    if not new_id or not is_id(new_id):
        suggestion = scaffold.suggested_id(given or title) or "daily-patrol"
        raise UsageError(
            f"'{new_id}' is not a valid {what} id: ids use lower-case letters, digits and "
            f"hyphens, at most {MAX_ID_LENGTH} characters (write --id {suggestion})"
        )
    if new_id in taken:
        raise UsageError(f"there is already a {what} with the id '{new_id}'; choose another --id")
    return new_id


def _title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise UsageError("--title is empty; give the title the readers will see")
    if not cleaned.isprintable():
        raise UsageError("--title holds a control character; write it as plain text")
    return cleaned


def _write(io: Io, opened: Opened, made: list[scaffold.NewFile], what: str) -> int:
    root = opened.layout.root
    for new in made:
        if (root / new.path).exists():
            raise UsageError(f"{new.path} exists already; nothing was written")
    for new in made:
        (root / new.path).parent.mkdir(parents=True, exist_ok=True)
        (root / new.path).write_text(new.text, encoding="utf-8")
    errors = [
        d
        for d in run_pipeline(opened, None, "internal").diagnostics
        if d.severity is Severity.ERROR and d.location.path in {n.path for n in made}
    ]
    if errors:
        print_all(io.out, errors, opened)
        for new in made:
            (root / new.path).unlink()
        raise UsageError("the new file would not pass the checks (above); nothing was written")
    for new in made:
        print(f"Wrote {(root / new.path).as_posix()}", file=io.out)
    print(f"Made {what}. Fill it in, then run: sopkit check", file=io.out)
    return 0
