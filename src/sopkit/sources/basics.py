"""Small rules that the schema, the settings and the checks share, kept apart from the
schema so that reading the settings (which every build does, a cached rebuild too) does
not load the schema and the model."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from sopkit.sources.tree import Node, Scalar

EARLIEST_YEAR = 1900
LATEST_YEAR = 2999
"""Dates outside these years are typing mistakes, and date arithmetic (a review due two
years later) must never run off the calendar."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def is_null(node: Node) -> bool:
    """True when the node is an empty value, `null` or `~`."""
    return isinstance(node, Scalar) and node.is_plain and node.value in _NULLS


def did_you_mean(value: str, options: Sequence[str]) -> str:
    """' (did you mean 'x'?)' when one option is close to `value`, else ''."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
