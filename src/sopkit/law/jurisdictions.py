"""The codes of laws of other states: data, not grammar.

Kentucky's statutes and regulations and the federal codes have a grammar of their own
(`sopkit.law.citations`). Every other state's code is described by data: the words its
citations start with ("Ohio Rev. Code", "R.C."), the normal form's prefix, the shape of
its section numbers, and a web address for a section. sopkit ships Ohio, Texas and
California (`jurisdictions.yml` next to this module); a project adds its own in
`policy_data/jurisdictions.yml`, checked as strictly as any source. The prefixes are
literal words, never patterns: a project's file cannot make the scanner slow or match
what it should not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from sopkit import model
from sopkit.diagnostics import Diagnostic

PACKAGED = Path(__file__).with_name("jurisdictions.yml")

_SECTION_SHAPES = {
    "dotted": r"(?P<ch>\d{1,4}[A-Z]?)\.(?P<sec>\d{1,5}[A-Za-z]?)",
    "plain": r"(?P<ch>\d{1,6}[A-Za-z]?)(?:\.(?P<sec>\d{1,5}[A-Za-z]?))?",
}
_SECTION_WORD = r"(?:§§?|[Ss]ec(?:tions?|s)?\.?|[Aa]rt(?:icles?|s)?\.?)"
# Space between words, at most one line break (texts wrap).
_SP = r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?"


@dataclass(frozen=True)
class CodeGrammar:
    """The codes a scan knows besides Kentucky's and the federal ones."""

    codes: tuple[model.StateCode, ...] = ()

    @functools.cached_property
    def patterns(self) -> tuple[tuple[model.StateCode, re.Pattern[str], re.Pattern[str]], ...]:
        """For each code: its citation (prefix, optional section word, number) and a bare
        number of the same shape (a later element of a list, or a range's end)."""
        return tuple(
            (code, re.compile(_citation(code)), re.compile(_SECTION_SHAPES[code.sections]))
            for code in self.codes
        )

    def by_id(self) -> dict[str, model.StateCode]:
        return {code.id: code for code in self.codes}


def _citation(code: model.StateCode) -> str:
    prefixes = sorted(code.written, key=len, reverse=True)  # the longest form first
    words = "|".join(_words(prefix) for prefix in prefixes)
    return (
        rf"(?<![A-Za-z])(?:{words})(?![A-Za-z]){_SP},?{_SP}(?:{_SECTION_WORD}{_SP})?"
        rf"{_SECTION_SHAPES[code.sections]}(?![\d])(?!\.\d)"
    )


def _words(prefix: str) -> str:
    """A literal prefix, its spaces matching any run of spaces (or one line break)."""
    return _SP.join(re.escape(word) for word in prefix.split())


@functools.cache
def packaged_codes() -> tuple[tuple[model.StateCode, ...], tuple[Diagnostic, ...]]:
    """The codes sopkit ships, read and checked as a project's file would be."""
    from sopkit.sources.project import load_packaged

    value, problems = load_packaged(PACKAGED, "jurisdictions", "sopkit/law/jurisdictions.yml")
    codes = tuple(value["codes"]) if isinstance(value, dict) else ()
    return codes, problems


def grammar_for(project: model.Project) -> CodeGrammar:
    """The packaged codes and the project's own; a project's code replaces a packaged
    one of the same id."""
    return _grammar(project.codes)


@functools.cache
def _grammar(own: tuple[model.StateCode, ...]) -> CodeGrammar:
    codes = {code.id: code for code in packaged_codes()[0]}
    codes.update({code.id: code for code in own})
    return CodeGrammar(tuple(codes.values()))


def default_grammar() -> CodeGrammar:
    """The packaged codes alone (for texts outside any project)."""
    return _grammar(())


KNOWN_BY_GRAMMAR = (
    ("Kentucky", "Kentucky Revised Statutes (KRS), Kentucky Administrative Regulations (KAR)"),
    ("United States", "U.S. Code, Code of Federal Regulations, public laws, Section 504"),
    ("Board policies", "policy codes such as Policy 09.14 and Procedure 09.14 AP.1"),
)
"""What the grammar itself knows, as `sopkit cite --jurisdictions` lists it."""


def known_jurisdictions(grammar: CodeGrammar) -> list[tuple[str, str]]:
    """(jurisdiction, what of it) for every jurisdiction a scan knows."""
    known = list(KNOWN_BY_GRAMMAR)
    by_state: dict[str, list[str]] = {}
    for code in grammar.codes:
        by_state.setdefault(code.jurisdiction, []).append(f"{code.name} ({code.cite_as})")
    known += [(state, ", ".join(names)) for state, names in by_state.items()]
    return known
