"""Where each generated page sits among the site's pages.

Addresses are made from permanent ids, so they never change when something is renumbered.
"""

from __future__ import annotations

import re

HOME = "index.md"
"""The site's home page: the organization's own, which may hold sopkit's start-here part."""
MANUAL_INDEX = "sop/index.md"
GLOSSARY = "glossary.md"
AUTHORITIES = "authorities.md"
REVIEWS = "reviews.md"
TRAINING = "training.md"


def authority_anchor(normalized: str) -> str:
    """The anchor of an authority on the Authorities page: KRS 61.902 → krs-61-902."""
    return re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")


POLICY_INDEX = "policy/index.md"


def policy_page(policy_id: str) -> str:
    return f"policy/{policy_id}/index.md"


def policy_history_page(policy_id: str) -> str:
    return f"policy/{policy_id}/history.md"


def policy_version_page(policy_id: str, number: int) -> str:
    """A version's own page, which keeps showing that version after it is superseded."""
    return f"policy/{policy_id}/v{number}.md"


def policy_comparison_page(policy_id: str, old: int, new: int) -> str:
    return f"policy/{policy_id}/compare/v{old}-v{new}.md"


def manual_page(page_id: str) -> str:
    """The page of a chapter or a section: both live directly under sop/, by id."""
    return f"sop/{page_id}.md"


# -- PDFs -------------------------------------------------------------------------------


def manual_pdf(manual_id: str, edition: str, mark: str) -> str:
    """The whole manual; its file name says which school year's edition it is, and
    (with `mark`, see sopkit.render.imprint.file_mark) which edition of the site."""
    return f"pdf/{manual_id}-{_file_name(edition)}{mark}.pdf"


def chapter_pdf(chapter_id: str, mark: str) -> str:
    return f"pdf/chapters/{chapter_id}{mark}.pdf"


def section_pdf(section_id: str, mark: str) -> str:
    return f"pdf/sections/{section_id}{mark}.pdf"


def policy_pdf(policy_id: str, mark: str, version: int | None = None) -> str:
    """The policy in force, or (with `version`) one version as adopted."""
    return f"pdf/policy/{policy_id}{'' if version is None else f'-v{version}'}{mark}.pdf"


def comparison_pdf(policy_id: str, old: int, new: int, mark: str) -> str:
    return f"pdf/policy/{policy_id}-changes-v{old}-v{new}{mark}.pdf"


def whats_new_pdf(edition: str, mark: str) -> str:
    """What an edition of the manual changed since the one before, for the Board."""
    return f"pdf/whats-new-{_file_name(edition)}{mark}.pdf"


def _file_name(text: str) -> str:
    """Text as part of a file name: letters, digits, dots and hyphens, never a leading
    dot, and short (the edition is checked in the sources; this holds whatever comes)."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")[:60].strip("-.")
    return name or "edition"
