"""Editions: which content each published site keeps.

The officers' edition (`internal`) keeps everything. The `public` edition removes
internal sections, internal steps, internal notes and draft versions of policies here,
before anything is rendered, so that no page, search entry, sitemap line, feed item or
PDF page of the public edition can ever be made from them. Hiding after rendering is
not access control.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from sopkit import model

Edition = Literal["internal", "public"]
EDITIONS: tuple[Edition, ...] = ("internal", "public")


def select_edition(project: model.Project, edition: Edition) -> model.Project:
    """The project as the given edition may show it."""
    if edition == "internal" or project.manual is None:
        return project
    manual = project.manual
    chapters = tuple(
        dataclasses.replace(chapter, sections=sections)
        for chapter in manual.chapters
        if (
            sections := tuple(
                _public_section(s) for s in chapter.sections if s.visibility == "public"
            )
        )
    )
    policies = tuple(_adopted(p) for p in project.policies if p.visibility == "public")
    return dataclasses.replace(
        project, manual=dataclasses.replace(manual, chapters=chapters), policies=policies
    )


def _public_section(section: model.Section) -> model.Section:
    steps = tuple(step for step in section.steps if step.visibility == "public")
    return dataclasses.replace(section, steps=steps, internal_notes=None)


def _adopted(policy: model.Policy) -> model.Policy:
    """A policy without its drafts: a draft is not policy until the Board adopts it."""
    versions = tuple(v for v in policy.versions if v.status != "draft")
    return dataclasses.replace(policy, versions=versions)
