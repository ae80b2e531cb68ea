"""The manual's earlier editions, read back from git.

sop/editions.yml lists the published editions, oldest first, each with the commit it
was published from. An earlier edition's sources are the files under sop/ and
policy_data/ at that commit: they are read from the clone's own history (never from a
network, never by tag, since a clone may carry no tags), so no history is typed twice.

A clone that lacks that history (a shallow clone, or a copy without .git such as a
tarball) still builds: the build gets one note naming the editions it cannot show and
how to get their history.

Earlier sources were written for the sopkit of their day, and today's checks may ask
more of them (a key that became required, a rule added since). So they are read
leniently: a record is kept when only one of its rules fails (an internal section
without the `withheld_reason` that sopkit later required is still read, with its
text), and what today's checks say of those sources is kept beside them as data,
never reported as a problem of today's sources, which an editor could not fix without
rewriting history. A file that cannot be built at all (a required key missing, a
value of the wrong type) is left out of that edition, as a file with errors is left
out of today's project; its problems say which and why.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sopkit import model
from sopkit.diagnostics import Diagnostic, Severity, sort_key
from sopkit.sources.git import GitError, export_sources, has_commit, is_shallow
from sopkit.sources.project import EarlierEdition, Layout, LoadResult, SourceCache, load_project


def load_with_history(layout: Layout, cache: SourceCache | None = None) -> LoadResult:
    """The project as load_project reads it, with its earlier editions' sources (and a
    note when this clone lacks some of them)."""
    loaded = load_project(layout, cache)
    history, notes = earlier_editions(layout, loaded.project.editions, cache)
    return dataclasses.replace(
        loaded, diagnostics=sorted(loaded.diagnostics + notes, key=sort_key), history=history
    )


def earlier_editions(
    layout: Layout, editions: Sequence[model.Edition], cache: SourceCache | None = None
) -> tuple[tuple[EarlierEdition, ...], list[Diagnostic]]:
    """Each earlier edition with a commit, read from that commit; and at most one note,
    naming those this clone cannot give."""
    wanted = [edition for edition in editions[:-1] if edition.commit is not None]
    if not wanted:
        return (), []
    found: list[EarlierEdition] = []
    missing: list[model.Edition] = []
    reason: str | None = None
    for edition in wanted:
        try:
            if not has_commit(layout.root, str(edition.commit)):
                missing.append(edition)
                continue
            found.append(_read_edition(layout, edition, cache))
        except GitError as problem:
            missing.append(edition)
            reason = reason or str(problem)
    if not missing:
        return tuple(found), []
    return tuple(found), [_missing_note(layout, missing, reason)]


def _read_edition(
    layout: Layout, edition: model.Edition, cache: SourceCache | None
) -> EarlierEdition:
    commit = str(edition.commit)
    key = f"{commit}:{layout.sop}:{layout.policy_data}"
    kept = cache.history.get(key) if cache is not None else None
    if kept is None:
        with tempfile.TemporaryDirectory(prefix="sopkit-edition-") as folder:
            export_sources(layout.root, commit, (layout.sop, layout.policy_data), Path(folder))
            loaded = load_project(
                Layout(Path(folder), layout.sop, layout.policy_data), lenient=True
            )
        kept = (loaded.project, tuple(loaded.diagnostics))
        if cache is not None:
            cache.history[key] = kept
    return EarlierEdition(edition, kept[0], kept[1])


def _missing_note(layout: Layout, missing: list[model.Edition], reason: str | None) -> Diagnostic:
    names = listed([edition.id for edition in missing])
    editions = "edition" if len(missing) == 1 else "editions"
    if reason is not None and "not installed" in reason:
        why, hint = (
            "git is not installed, and their sources are read from git",
            "install git, and build from a clone of the repository with its history",
        )
    elif reason is not None:
        why, hint = (
            "this copy of the project is not a git clone (a tarball or a copy of the "
            "files), and their sources are read from the repository's history",
            "build from a clone of the repository: git clone followed by its address",
        )
    elif is_shallow(layout.root):
        why, hint = (
            "this is a shallow clone, which lacks the commits they were published from",
            "fetch the whole history: git fetch --unshallow",
        )
    else:
        why, hint = (
            "this clone does not hold the commits they were published from",
            "fetch them: git fetch origin (or, if no branch of the repository holds a "
            "commit, correct that edition's commit: in sop/editions.yml)",
        )
    return Diagnostic(
        location=missing[0].span("commit"),
        severity=Severity.INFO,
        code="history-missing",
        message=f"the history of {editions} {names} cannot be shown: {why}",
        hint=hint,
    )


def listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


__all__ = ["EarlierEdition", "earlier_editions", "load_with_history"]
