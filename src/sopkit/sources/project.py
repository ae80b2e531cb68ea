"""Find a project's source files, load each one, and assemble the model.

A project is a folder holding `sop/` (the manual) and `policy_data/` (the policies and
registries). Where a file sits decides what kind of source it is:

    sop/manual.yml                                  the manual's settings
    sop/editions.yml                                its published editions (optional)
    sop/<chapter folder>/chapter.yml                a chapter
    sop/<chapter folder>/<anything>.yml             a section
    policy_data/authorities.yml                     the authorities registry
    policy_data/obligations.yml                     the obligations
    policy_data/training.yml                        the training curricula
    policy_data/jurisdictions.yml                   other states' codes of laws
    policy_data/policies/<id>/policy.yml            a policy
    policy_data/policies/<id>/versions/<n>.yml      one version of that policy

Files are read once, here; nothing later reads them again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sopkit import model
from sopkit.diagnostics import Diagnostic, Location, count_errors, error, sort_key
from sopkit.sources.kinds import KINDS
from sopkit.sources.loader import MAX_FILE_BYTES, load_bytes, too_large
from sopkit.sources.schema import INVALID, Context, yaml_value

YAML_SUFFIXES = (".yml", ".yaml")
REGISTRIES = {
    "authorities": "authorities",
    "authorities.lock": "authorities-lock",
    "obligations": "obligations",
    "training": "training",
    "jurisdictions": "jurisdictions",
}


@dataclass(frozen=True)
class Layout:
    """Where a project's sources are."""

    root: Path
    sop: str = "sop"
    policy_data: str = "policy_data"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


@dataclass(frozen=True)
class SourceFile:
    kind: str
    path: Path
    rel: str


@dataclass(frozen=True)
class EarlierEdition:
    """An earlier edition of the manual: its entry in sop/editions.yml, and its sources
    as they were at its commit (sopkit.sources.history)."""

    edition: model.Edition
    project: model.Project
    """Its sources, read as leniently as sopkit.sources.history says."""
    problems: tuple[Diagnostic, ...] = ()
    """What today's checks say of those sources: kept for whoever shows that edition,
    never reported as problems of today's sources."""


@dataclass
class LoadResult:
    """A loaded project and every problem found while loading it."""

    project: model.Project
    diagnostics: list[Diagnostic] = field(default_factory=list)
    history: tuple[EarlierEdition, ...] = ()
    """The earlier editions whose sources this clone holds, oldest first (read only by
    sopkit.sources.history.load_with_history)."""


def discover(layout: Layout) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source file in the project, with its kind, and misplaced files as errors."""
    problems: list[Diagnostic] = []
    files = _manual_files(layout, problems) + _policy_data_files(layout, problems)
    return files, problems


def _manual_files(layout: Layout, problems: list[Diagnostic]) -> list[SourceFile]:
    """manual.yml, and each chapter folder's chapter.yml and sections."""
    sop = layout.root / layout.sop
    if not (sop / "manual.yml").is_file():
        problems.append(
            error(
                Location(f"{layout.sop}/manual.yml"),
                "missing-file",
                "the manual's settings file is missing",
                "create sop/manual.yml (see the editing guide for a full example)",
            )
        )
    folders = (
        sorted(p for p in sop.iterdir() if p.is_dir() and not p.name.startswith("."))
        if sop.is_dir()
        else []
    )
    files = []
    paths = list(_yaml_files(sop, layout, problems))
    # A manual.yml below sop/ is a second manual: one error for it, none for its files.
    others = {p.parent for p in paths if p.name == "manual.yml" and p.parent != sop}
    for path in paths:
        other = next((folder for folder in others if path.is_relative_to(folder)), None)
        if other is not None:
            if path.parent == other and path.name == "manual.yml":
                problems.append(_second_manual(layout, path))
            continue
        found = _manual_file(layout, path, folders)
        if isinstance(found, SourceFile):
            files.append(found)
        else:
            problems.append(found)
    problems += (
        _missing_chapter(layout, folder)
        for folder in folders
        if folder not in others and _lacks_chapter(folder, layout)
    )
    return files


def _second_manual(layout: Layout, path: Path) -> Diagnostic:
    """A project holds one manual: its addresses (sop/<id>/), review dashboard, training
    table and manual PDF each belong to that manual. A second manual is a project of its
    own (the editing guide, "One manual per project")."""
    folder = path.parent.name
    return error(
        Location(layout.relative(path)),
        "second-manual",
        f"a second manual inside {layout.sop}/: a project holds one manual, so that its "
        "pages, review dashboard and PDF each belong to one manual",
        f"make it a project of its own: sopkit init ../{folder} writes one, then move the "
        f"chapters of {layout.sop}/{folder}/ into its sop/ folder",
    )


def _manual_file(layout: Layout, path: Path, folders: list[Path]) -> SourceFile | Diagnostic:
    """The kind of a file under sop/ by where it sits, or why it cannot be there."""
    rel = layout.relative(path)
    parts = path.relative_to(layout.root / layout.sop).parts
    if len(parts) == 2:
        return SourceFile("chapter" if path.stem == "chapter" else "section", path, rel)
    if len(parts) > 2:
        return _misplaced(
            rel,
            "sections sit directly in a chapter folder, not deeper",
            f"move it up into its chapter folder, e.g. {layout.sop}/{parts[0]}/{path.name}",
        )
    if path.name == "manual.yml":
        return SourceFile("manual", path, rel)
    if path.name == "editions.yml":
        return SourceFile("editions", path, rel)
    into = folders[0].name if folders else "01-chapter"
    return _misplaced(
        rel,
        "a section file must be inside a chapter folder",
        f"move it into a chapter folder, e.g. {layout.sop}/{into}/{path.name}",
    )


def _lacks_chapter(folder: Path, layout: Layout) -> bool:
    return any(_yaml_files(folder, layout, [])) and not (folder / "chapter.yml").is_file()


def _missing_chapter(layout: Layout, folder: Path) -> Diagnostic:
    return error(
        Location(f"{layout.relative(folder)}/chapter.yml"),
        "missing-file",
        f"the chapter folder '{folder.name}' has no chapter.yml",
        "create it with the chapter's id, number and title, e.g. " + _chapter_example(folder.name),
    )


def _policy_data_files(layout: Layout, problems: list[Diagnostic]) -> list[SourceFile]:
    data = layout.root / layout.policy_data
    files = []
    for path in _yaml_files(data, layout, problems):
        rel = layout.relative(path)
        data_kind = _policy_data_kind(path.relative_to(data).parts)
        if data_kind:
            files.append(SourceFile(data_kind, path, rel))
        else:
            problems.append(
                _misplaced(
                    rel,
                    "this is not a known policy data file (authorities.yml, "
                    "authorities.lock.yml, obligations.yml, "
                    "training.yml, jurisdictions.yml, or policies/<id>/policy.yml and "
                    "policies/<id>/versions/*.yml)",
                )
            )
    return files


def _yaml_files(folder: Path, layout: Layout, problems: list[Diagnostic]) -> list[Path]:
    """Every YAML file under `folder`, in order. What would otherwise be passed over
    without a word is reported: a folder that cannot be read, a folder that is a link
    (not followed), a file or link that is not a readable file inside the project, and a
    file whose name ends in .YML or .Yaml."""
    if not folder.is_dir():
        return []
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        problems.append(_cannot_read(_shown(where, layout), exc, "folder"))

    for top, folders, names in os.walk(folder, onerror=unreadable):
        here = Path(top)
        for name in sorted(folders):
            if not name.startswith(".") and (here / name).is_symlink():
                problems.append(_misplaced(_shown(here / name, layout), _FOLDER_LINK))
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in YAML_SUFFIXES:
                continue
            problem = _file_problem(path, layout)
            if problem is not None:
                problems.append(problem)
            else:
                found.append(path)
    return sorted(found)


_FOLDER_LINK = (
    "this folder is a link to another folder, and sopkit does not follow links to folders"
)


def _file_problem(path: Path, layout: Layout) -> Diagnostic | None:
    """Why a YAML-named file cannot be a source, if it cannot."""
    rel = _shown(path, layout)
    if path.suffix not in YAML_SUFFIXES:
        return error(
            Location(rel),
            "misplaced-file",
            f"the file name ends in '{path.suffix}'; sopkit reads only names ending in .yml "
            "or .yaml, in lower case",
            f"rename it to {path.stem}{path.suffix.lower()}",
        )
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(layout.root.resolve()):
            # A link out of the project could make a build read (and quote, in its error
            # messages) any file on the machine that runs it.
            return error(
                Location(rel),
                "link-outside-project",
                "this file is a link to a file outside the project folder, which sopkit does "
                "not read",
                "copy the file into the project instead of linking to it",
            )
        if not target.exists():
            return error(
                Location(rel),
                "cannot-read",
                f"this file is a link to {_shown(target, layout)}, which does not exist",
                "point the link at an existing file, or delete it",
            )
    return None


def _shown(path: Path, layout: Layout) -> str:
    """A path as messages show it: relative to the project folder when it is inside."""
    for candidate, root in (
        (path, layout.root),
        (path.absolute(), layout.root.resolve()),
    ):
        if candidate.is_relative_to(root):
            return candidate.relative_to(root).as_posix()
    return path.as_posix()


def _cannot_read(rel: str, exc: OSError, what: str = "file") -> Diagnostic:
    return error(
        Location(rel),
        "cannot-read",
        f"this {what} cannot be read ({exc.strerror or exc})",
        f"check the {what}'s permissions: the user that runs sopkit must be able to read it",
    )


def _policy_data_kind(parts: tuple[str, ...]) -> str | None:
    if len(parts) == 1:
        stem = Path(parts[0]).stem
        return REGISTRIES.get(stem)
    if len(parts) == 3 and parts[0] == "policies" and Path(parts[2]).stem == "policy":
        return "policy"
    if len(parts) == 4 and parts[0] == "policies" and parts[2] == "versions":
        return "policy-version"
    return None


def _misplaced(rel: str, why: str, hint: str = "move or rename the file") -> Diagnostic:
    return error(Location(rel), "misplaced-file", why, hint)


def _chapter_example(folder: str) -> str:
    """A chapter.yml for a folder named like 04-students, on one line of YAML."""
    match = re.fullmatch(r"0*([0-9]+)[-_ ]?(.*)", folder)
    number, rest = (match.group(1), match.group(2)) if match else ("1", folder)
    slug = "-".join(re.findall(r"[a-z0-9]+", rest.lower())) or "chapter"
    title = " ".join(rest.replace("-", " ").replace("_", " ").split()).capitalize() or "Chapter"
    return f'{{id: {slug}, number: "{number}", title: {yaml_value(title)}}}'


def read_bytes(source: SourceFile) -> tuple[bytes | None, Diagnostic | None]:
    """The file's bytes, at most one more than a source may have (so a huge file costs
    nothing), or why it cannot be read."""
    try:
        status = source.path.stat()
        if stat.S_ISREG(status.st_mode) and status.st_size > MAX_FILE_BYTES:
            return None, too_large(source.rel, status.st_size)
        if not stat.S_ISREG(status.st_mode):
            # Opening a named pipe would wait for a writer for ever.
            return None, error(
                Location(source.rel),
                "cannot-read",
                "this is not a regular file (it is a device, a pipe or a socket)",
                "replace it with an ordinary text file, or delete it",
            )
        with source.path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1), None
    except OSError as exc:
        return None, _cannot_read(source.rel, exc)


def read_source(source: SourceFile) -> tuple[Any, list[Diagnostic]]:
    """Load one file into its raw tree. The value is INVALID on failure."""
    data, problem = read_bytes(source)
    if data is None:
        return INVALID, [problem] if problem else []
    return _tree_of(source, data)


def _tree_of(source: SourceFile, data: bytes) -> tuple[Any, list[Diagnostic]]:
    loaded = load_bytes(source.rel, data)
    diagnostics = list(loaded.diagnostics)
    if loaded.tree is None:
        return INVALID, diagnostics
    return loaded.tree, diagnostics


@dataclass
class SourceCache:
    """What each source file gave when it was last read, kept while the file is
    unchanged (same size and modification time). A live preview keeps one across its
    rebuilds, so that an edit to one section reads one file, not all of them."""

    entries: dict[str, tuple[tuple[int, int], Any, tuple[Diagnostic, ...]]] = field(
        default_factory=dict
    )
    history: dict[str, tuple[model.Project, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    """Earlier editions' sources, by commit: a commit never changes, so they are read once."""

    def read(self, source: SourceFile) -> tuple[Any, tuple[Diagnostic, ...]]:
        try:
            status = source.path.stat()
        except OSError:
            return _read_and_convert(source)
        key = (status.st_mtime_ns, status.st_size)
        name = str(source.path.resolve())
        cached = self.entries.get(name)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        value, problems = _read_and_convert(source)
        self.entries[name] = (key, value, problems)
        return value, problems


@dataclass
class KeptSources(SourceCache):
    """What each source gave, by the sha256 of its bytes, its name and kind and `salt`
    (the host gives sopkit's own code): unlike SourceCache's size and time, safe to keep
    between builds, since the same key always gives the same value. The host reads what
    earlier builds kept into `known` (and `history`), and keeps `used`: what this load
    read, so that what a removed file gave is not kept for ever."""

    salt: str = ""
    known: dict[str, tuple[Any, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    used: dict[str, tuple[Any, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    kept_history: frozenset[str] = frozenset()
    """The earlier editions that `history` held when it was read."""

    def read(self, source: SourceFile) -> tuple[Any, tuple[Diagnostic, ...]]:
        data, problem = read_bytes(source)
        if data is None:
            return INVALID, (problem,) if problem else ()
        digest = hashlib.sha256(f"{self.salt}\0{source.kind}\0{source.rel}\0".encode())
        digest.update(data)
        key = digest.hexdigest()
        found = self.known.get(key) or self.used.get(key) or _converted(source, data)
        self.used[key] = found
        return found


def _read_and_convert(
    source: SourceFile, *, lenient: bool = False
) -> tuple[Any, tuple[Diagnostic, ...]]:
    data, problem = read_bytes(source)
    if data is None:
        return INVALID, (problem,) if problem else ()
    return _converted(source, data, lenient=lenient)


def _converted(
    source: SourceFile, data: bytes, *, lenient: bool = False
) -> tuple[Any, tuple[Diagnostic, ...]]:
    tree, problems = _tree_of(source, data)
    if tree is INVALID:
        return INVALID, tuple(problems)
    value = KINDS[source.kind].record.convert(tree, Context(problems, lenient=lenient))
    return value, tuple(problems)


def load_packaged(path: Path, kind: str, shown: str) -> tuple[Any, tuple[Diagnostic, ...]]:
    """A source file that ships with sopkit (such as the codes of laws it knows), read and
    checked as a project's own file of that kind would be."""
    return _read_and_convert(SourceFile(kind, path, shown))


def load_project(
    layout: Layout, cache: SourceCache | None = None, *, lenient: bool = False
) -> LoadResult:
    """Load, shape-check and assemble every source. Meaning checks run separately.
    `lenient` keeps a record whose rules fail (see Context.lenient); it reads no cache."""
    files, diagnostics = discover(layout)
    values: dict[str, list[tuple[SourceFile, Any]]] = {kind: [] for kind in KINDS}
    with_errors: set[str] = set()
    for source in files:
        if lenient:
            value, problems = _read_and_convert(source, lenient=True)
        elif cache is not None:
            value, problems = cache.read(source)
        else:
            value, problems = _read_and_convert(source)
        diagnostics += problems
        values[source.kind].append((source, value))
        if count_errors(problems):
            with_errors.add(source.kind)
    project = assemble(values, layout)
    project = dataclasses.replace(
        project, files=tuple(f.rel for f in files), with_errors=frozenset(with_errors)
    )
    return LoadResult(project, sorted(diagnostics, key=sort_key))


def _valid(pairs: Iterable[tuple[SourceFile, Any]]) -> list[tuple[SourceFile, Any]]:
    return [(source, value) for source, value in pairs if value is not INVALID]


def assemble(values: dict[str, list[tuple[SourceFile, Any]]], layout: Layout) -> model.Project:
    """Put chapters into the manual and versions into their policies, in order."""
    manuals = [value for _, value in _valid(values["manual"])]
    sections_by_folder: dict[Path, list[model.Section]] = {}
    for source, section in _valid(values["section"]):
        sections_by_folder.setdefault(source.path.parent, []).append(section)
    chapters = []
    for source, chapter in _valid(values["chapter"]):
        sections = sorted(
            sections_by_folder.get(source.path.parent, []), key=lambda s: model.number_key(s.number)
        )
        chapters.append(dataclasses.replace(chapter, sections=tuple(sections)))
    chapters.sort(key=lambda c: model.number_key(c.number))
    manual = dataclasses.replace(manuals[0], chapters=tuple(chapters)) if manuals else None

    versions_by_folder: dict[Path, list[model.PolicyVersion]] = {}
    for source, version in _valid(values["policy-version"]):
        versions_by_folder.setdefault(source.path.parent.parent, []).append(version)
    policies = [
        dataclasses.replace(
            policy,
            versions=tuple(
                sorted(versions_by_folder.get(source.path.parent, []), key=lambda v: v.number)
            ),
        )
        for source, policy in _valid(values["policy"])
    ]

    def registry(kind: str, key: str) -> tuple[Any, ...]:
        return tuple(item for _, value in _valid(values[kind]) for item in value[key])

    templates = [value.get("url_templates") for _, value in _valid(values["authorities"])]
    return model.Project(
        manual=manual,
        policies=tuple(policies),
        authorities=registry("authorities", "authorities"),
        locked=registry("authorities-lock", "authorities"),
        url_templates=next((t for t in templates if t is not None), None),
        obligations=registry("obligations", "obligations"),
        curricula=registry("training", "curricula"),
        codes=registry("jurisdictions", "codes"),
        editions=registry("editions", "editions"),
        incomplete=frozenset(
            source.kind for kind in values.values() for source, value in kind if value is INVALID
        ),
    )


def load_registry(layout: Layout) -> LoadResult:
    """Only the authorities registry and the codes of laws: all that citation lookups
    need."""
    values: dict[str, list[tuple[SourceFile, Any]]] = {kind: [] for kind in KINDS}
    diagnostics: list[Diagnostic] = []
    for kind in ("authorities", "jurisdictions"):
        path = layout.root / layout.policy_data / f"{kind}.yml"
        if path.is_file():
            source = SourceFile(kind, path, layout.relative(path))
            value, problems = _read_and_convert(source)
            diagnostics += problems
            values[kind].append((source, value))
    return LoadResult(assemble(values, layout), diagnostics)
