"""What changed between two states of the sources, in words rather than YAML.

`compare_projects(before, after)` matches everything by its permanent id (a section by
its id, wherever its file now is; a policy version by its number; an authority by its
citation) and returns typed changes:

- for each section, chapter and policy version: the redline of its text, and the list of
  its other values that changed (owner, visibility, review dates, ...);
- anything that was internal and becomes public, called out on its own, because the
  public edition will publish it;
- the registries and settings files, entry by entry.

This is what `sopkit diff` prints for a pull request. The core compares two loaded
projects; reading them from git is the command line's business.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from sopkit import model
from sopkit.compare.redline import Redline, compare
from sopkit.compare.versions import UnitChange, compare_units, compare_versions
from sopkit.law.clauses import version_units

EntryKind = Literal["added", "removed", "changed"]

# Values compared on their own, each as entries of its own kind (the sections of a
# chapter, the versions of a policy, the clauses of a version), or that only record where
# a value was written. Everything else is compared key by key; tests/test_diff.py changes
# every field of every kind and checks that the change is reported.
COMPARED_ON_THEIR_OWN: dict[type, frozenset[str]] = {
    model.Manual: frozenset({"chapters"}),
    model.Chapter: frozenset({"sections"}),
    model.Policy: frozenset({"versions"}),
    model.PolicyVersion: frozenset({"clauses", "references", "related_policies"}),
}
_WHERE_WRITTEN = frozenset({"location", "spans"})


def _not_compared(value: object) -> frozenset[str]:
    return _WHERE_WRITTEN | COMPARED_ON_THEIR_OWN.get(type(value), frozenset())


@dataclass(frozen=True)
class FieldChange:
    """A value that changed: the YAML key (dotted when nested) and both values, as text."""

    key: str
    old: str
    new: str


@dataclass(frozen=True)
class TextChange:
    """Prose that changed (a body, steps, definitions), as a redline."""

    key: str
    redline: Redline


@dataclass(frozen=True)
class EntryChange:
    """One thing that changed: a section, a chapter, a version, a registry entry."""

    kind: EntryKind
    what: str
    """What it is, in words: "section", "chapter", "authority", ..."""
    key: str
    """Its permanent id (a section id, a version number, a citation)."""
    title: str
    """How a reader knows it: "4.3 Searches", "Version 2"."""
    path: str
    """The source file it is in now (or was in, if it was removed)."""
    old_path: str | None = None
    """The file it was in, when that changed."""
    fields: tuple[FieldChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    clauses: tuple[UnitChange, ...] = ()
    """For a policy version: its clauses, compared with the version before it (when it
    is new) or with itself as it was (when it was edited). Only the changed ones."""
    compared_with: str | None = None
    """For a new policy version: which version its clauses are compared with."""

    @property
    def renamed(self) -> bool:
        return self.old_path is not None and self.old_path != self.path


@dataclass(frozen=True)
class MadePublic:
    """Something internal that the change makes public."""

    title: str
    path: str
    detail: str


@dataclass(frozen=True)
class ProjectChanges:
    made_public: tuple[MadePublic, ...]
    entries: tuple[EntryChange, ...]
    """Every change, in reading order: policies, the manual, chapters and sections by
    number, then registries."""

    @property
    def empty(self) -> bool:
        return not self.entries

    def counts(self) -> dict[str, dict[str, int]]:
        """How many of each kind of thing were added, removed and changed."""
        totals: dict[str, dict[str, int]] = {}
        for entry in self.entries:
            kinds = totals.setdefault(entry.what, {"added": 0, "removed": 0, "changed": 0})
            kinds[entry.kind] += 1
        return totals


def compare_projects(before: model.Project, after: model.Project) -> ProjectChanges:
    entries = [
        *_policy_changes(before.policies, after.policies),
        *_manual_changes(before.manual, after.manual),
        *_registry_changes(before, after),
    ]
    return ProjectChanges(tuple(_made_public(before, after)), tuple(entries))


# -- the manual -------------------------------------------------------------------------


def _manual_changes(
    before: model.Manual | None, after: model.Manual | None
) -> Iterator[EntryChange]:
    if before is not None or after is not None:
        yield from _entries(
            "manual settings",
            [before] if before else [],
            [after] if after else [],
            key=lambda manual: manual.id,
            title=lambda manual: manual.title,
        )
    old_chapters = before.chapters if before else ()
    new_chapters = after.chapters if after else ()
    chapters = {c.id: c for c in (*old_chapters, *new_chapters)}
    yield from _entries(
        "chapter",
        old_chapters,
        new_chapters,
        key=lambda chapter: chapter.id,
        title=lambda chapter: f"{chapter.number} {chapter.title}",
        order=lambda key: model.number_key(chapters[key].number),
    )
    old_sections = before.sections if before else ()
    new_sections = after.sections if after else ()
    sections = {s.id: s for s in (*old_sections, *new_sections)}
    yield from _entries(
        "section",
        old_sections,
        new_sections,
        key=lambda section: section.id,
        title=lambda section: f"{section.number} {section.title}",
        order=lambda key: model.number_key(sections[key].number),
    )


# -- policies ---------------------------------------------------------------------------


def _policy_changes(
    before: Sequence[model.Policy], after: Sequence[model.Policy]
) -> Iterator[EntryChange]:
    yield from _entries("policy", before, after, key=lambda p: p.id, title=lambda p: p.title)
    old = {p.id: p for p in before}
    for policy in after:
        yield from _version_changes(policy, old.get(policy.id))
    for policy in before:
        if policy.id not in {p.id for p in after}:
            yield from _version_changes(policy, None, removed=True)


def _version_changes(
    policy: model.Policy, before: model.Policy | None, removed: bool = False
) -> Iterator[EntryChange]:
    title = f"{policy.title}, version {{}}"
    if removed:
        for version in policy.versions:
            yield _version_entry("removed", policy, version, None, title)
        return
    old = {v.number: v for v in before.versions} if before else {}
    new = {v.number: v for v in policy.versions}
    for number in sorted(new.keys() | old.keys()):
        if number not in new:
            yield _version_entry("removed", policy, old[number], None, title)
        elif number not in old:
            previous = max((n for n in new if n < number), default=None)
            yield _version_entry(
                "added", policy, new[number], new[previous] if previous else None, title
            )
        elif old[number] != new[number]:
            yield _version_entry("changed", policy, new[number], old[number], title)


def _version_entry(
    kind: EntryKind,
    policy: model.Policy,
    version: model.PolicyVersion,
    other: model.PolicyVersion | None,
    title: str,
) -> EntryChange:
    """A version added (compared with the one before it), removed, or edited in place
    (compared with itself as it was)."""
    clauses: tuple[UnitChange, ...] = ()
    if kind == "removed":
        return EntryChange(kind, "policy version", str(version.number),
                           title.format(version.number), version.path)  # fmt: skip
    if other is not None:
        comparison = compare_versions(policy, other, version)
        clauses = tuple(c for c in comparison.changes if c.is_change)
    else:
        clauses = tuple(c for c in compare_units([], version_units(version)))
    # The clauses and references are compared clause by clause, not as fields.
    fields = (
        tuple(
            change
            for change in _field_changes(other, version)
            if isinstance(change, FieldChange)
            and change.key not in ("clauses", "references", "related_policies")
        )
        if kind == "changed" and other
        else ()
    )
    compared_with = f"version {other.number}" if kind == "added" and other is not None else None
    return EntryChange(
        kind,
        "policy version",
        str(version.number),
        title.format(version.number),
        version.path,
        other.path if kind == "changed" and other is not None else None,
        fields=fields,
        clauses=clauses,
        compared_with=compared_with,
    )


# -- registries and settings ------------------------------------------------------------


def _registry_changes(before: model.Project, after: model.Project) -> Iterator[EntryChange]:
    yield from _entries(
        "authority", before.authorities, after.authorities, lambda a: a.cite, lambda a: a.cite
    )
    yield from _entries(
        "obligation", before.obligations, after.obligations, lambda o: o.id, lambda o: o.title
    )
    yield from _entries(
        "training curriculum", before.curricula, after.curricula, lambda c: c.id, lambda c: c.title
    )
    yield from _entries(
        "authority lock entry",
        before.locked,
        after.locked,
        lambda e: e.cite,
        lambda e: f"{e.cite} in the lock file",
    )
    yield from _entries("code of laws", before.codes, after.codes, lambda c: c.id, lambda c: c.name)
    yield from _entries(
        "edition", before.editions, after.editions, lambda e: e.id, lambda e: f"Edition {e.id}"
    )
    yield from _entries(
        "web address templates",
        [before.url_templates] if before.url_templates else [],
        [after.url_templates] if after.url_templates else [],
        key=lambda _: "url_templates",
        title=lambda _: "Web address templates",
    )


# -- comparing entries ------------------------------------------------------------------


T = TypeVar("T", bound=model.Located)


def _entries(
    what: str,
    before: Iterable[T],
    after: Iterable[T],
    key: Callable[[T], str],
    title: Callable[[T], str],
    order: Callable[[str], object] | None = None,
) -> Iterator[EntryChange]:
    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    keys = [k for k in new if k not in old or old[k] != new[k] or _moved(old[k], new[k])]
    keys += [k for k in old if k not in new]
    if order is not None:
        keys.sort(key=order)  # type: ignore[arg-type]
    for k in keys:
        if k not in old:
            item = new[k]
            added = list(_field_changes(None, item))
            yield EntryChange(
                "added",
                what,
                k,
                title(item),
                item.path,
                fields=tuple(c for c in added if isinstance(c, FieldChange)),
                texts=tuple(c for c in added if isinstance(c, TextChange)),
            )
        elif k not in new:
            item = old[k]
            yield EntryChange("removed", what, k, title(item), item.path)
        else:
            a, b = old[k], new[k]
            changes = list(_field_changes(a, b))
            if not changes and not _moved(a, b):
                continue  # only what it holds changed (a chapter's sections): shown there
            yield EntryChange(
                "changed",
                what,
                k,
                title(b),
                b.path,
                a.path if a.path != b.path else None,
                fields=tuple(c for c in changes if isinstance(c, FieldChange)),
                texts=tuple(c for c in changes if isinstance(c, TextChange)),
            )


def _moved(a: model.Located, b: model.Located) -> bool:
    return a.path != b.path


def _field_changes(
    old: object | None, new: object | None, prefix: str = ""
) -> Iterator[FieldChange | TextChange]:
    """The values that differ between two values of one kind, key by key."""
    sample = new if new is not None else old
    assert dataclasses.is_dataclass(sample)
    for spec in dataclasses.fields(sample):
        if spec.name in _not_compared(sample):
            continue
        a = getattr(old, spec.name) if old is not None else None
        b = getattr(new, spec.name) if new is not None else None
        if a == b:
            continue
        key = prefix + spec.name
        if _is_prose(a, b):
            yield TextChange(key, compare(_prose_text(a), _prose_text(b)))
        elif _is_record(a, b):
            yield from _field_changes(a, b, key + ".")
        elif _is_list_of_records(a, b):
            yield TextChange(key, compare(_list_text(a), _list_text(b)))
        else:
            yield FieldChange(key, _value_text(a), _value_text(b))


def _is_prose(a: object, b: object) -> bool:
    return isinstance(a, model.Prose) or isinstance(b, model.Prose)


def _is_record(a: object, b: object) -> bool:
    return any(dataclasses.is_dataclass(v) and isinstance(v, model.Located) for v in (a, b))


def _is_list_of_records(a: object, b: object) -> bool:
    return any(isinstance(v, tuple) and v and isinstance(v[0], model.Located) for v in (a, b))


def _prose_text(value: object) -> str:
    return value.text if isinstance(value, model.Prose) else ""


def _list_text(value: object) -> str:
    """A list of records (steps, definitions, roles) as a Markdown list, one per item."""
    if not isinstance(value, tuple):
        return ""
    return "\n".join(f"- {_record_line(item)}" for item in value)


def _record_line(item: object) -> str:
    if isinstance(item, model.Step):
        actor = f" (by {item.actor.id})" if item.actor else ""
        internal = " [internal]" if item.visibility == "internal" else ""
        return f"{' '.join(item.text.text.split())}{actor}{internal}"
    if isinstance(item, model.Definition):
        abbreviation = f" ({item.abbreviation})" if item.abbreviation else ""
        return f"{item.term}{abbreviation}: {' '.join(item.text.text.split())}"
    assert dataclasses.is_dataclass(item)
    parts = [
        f"{spec.name}: {_value_text(getattr(item, spec.name))}"
        for spec in dataclasses.fields(item)
        if spec.name not in _not_compared(item) and getattr(item, spec.name) not in (None, (), "")
    ]
    return "; ".join(parts)


def _value_text(value: object) -> str:
    """A value as the YAML would show it."""
    if value is None or value == ():
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_value_text(item) for item in value)
    if isinstance(value, model.Ref):
        return value.id
    return str(value)


# -- what becomes public ----------------------------------------------------------------


def _made_public(before: model.Project, after: model.Project) -> Iterator[MadePublic]:
    old_policies = {p.id: p for p in before.policies}
    for policy in after.policies:
        was = old_policies.get(policy.id)
        if was is not None and was.visibility == "internal" and policy.visibility == "public":
            yield MadePublic(policy.title, policy.path, "the policy was internal")
    old_sections = {s.id: s for s in before.manual.sections} if before.manual else {}
    for section in after.manual.sections if after.manual else ():
        was_section = old_sections.get(section.id)
        if was_section is None or section.visibility != "public":
            continue
        title = f"{section.number} {section.title}"
        if was_section.visibility == "internal":
            yield MadePublic(title, section.path, "the section was internal")
            continue
        internal_steps = {
            " ".join(step.text.text.split())
            for step in was_section.steps
            if step.visibility == "internal"
        }
        for step in section.steps:
            text = " ".join(step.text.text.split())
            if step.visibility == "public" and text in internal_steps:
                yield MadePublic(title, section.path, f"the step “{_shorten(text)}” was internal")


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
