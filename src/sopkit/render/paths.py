"""Where each generated page sits among the site's pages.

Addresses are made from permanent ids, so they never change when something is renumbered.
"""

from __future__ import annotations

import re

MANUAL_INDEX = "sop/index.md"
GLOSSARY = "glossary.md"
AUTHORITIES = "authorities.md"
REVIEWS = "reviews.md"
TRAINING = "training.md"


def authority_anchor(normalized: str) -> str:
    """The anchor of an authority on the Authorities page: KRS 61.902 → krs-61-902."""
    return re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")


def policy_page(policy_id: str) -> str:
    return f"policy/{policy_id}/index.md"


def manual_page(page_id: str) -> str:
    """The page of a chapter or a section: both live directly under sop/, by id."""
    return f"sop/{page_id}.md"
