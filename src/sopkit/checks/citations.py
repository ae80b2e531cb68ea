"""Checks of the citations in the sources against the authorities registry.

- A citation written in a malformed way is reported where it stands, with its normal form.
- A citation that has no registry entry and no web address that can be made for it
  cannot be linked: the registry should say what it is.
- A registry entry that nothing cites is reported, so the registry stays the list of
  what the policy and the manual actually rely on.
- A registry `cite` must be one citation in its normal form, so lookups find it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sopkit import model
from sopkit.diagnostics import Diagnostic, error, warning
from sopkit.law.authorities import KIND_HEADINGS, Authorities, citing_places, parse_cite
from sopkit.law.citations import find_citations
from sopkit.law.jurisdictions import CodeGrammar, grammar_for, packaged_codes


def check_citations(project: model.Project) -> Iterator[Diagnostic]:
    if "authorities" in project.incomplete:
        return
    authorities = Authorities(project, {p.code: p.id for p in project.policies if p.code})
    yield from _check_registry_forms(project)
    yield from _check_code_forms(project)
    cited: set[str] = set()
    for place in citing_places(project, all_versions=True):
        citation = place.citation
        cited.add(citation.normalized)
        if citation.problem:
            yield warning(
                place.location,
                "malformed-citation",
                f"{citation.problem}",
                f"write {citation.normalized}{citation.pinpoint or ''}",
            )
        if authorities.entry(citation) is None and authorities.url(citation) is None:
            yield warning(
                place.location,
                "unregistered-citation",
                f"{citation.normalized} is not in the authorities registry, and no web address "
                "can be made for it",
                f"add it to policy_data/authorities.yml: - cite: {citation.normalized}, "
                "with its title and url",
            )
    cited |= {
        f"Policy {ref.id}"
        for p in project.policies
        for v in p.versions
        for ref in v.related_policies
    }
    duties: list[model.Obligation | model.Curriculum] = [*project.obligations, *project.curricula]
    cited |= {duty.authority.id for duty in duties if duty.authority is not None}
    if project.incomplete or project.with_errors:
        return  # a source with errors may cite what looks unused
    for entry in project.authorities:
        parsed = parse_cite(entry.cite, grammar_for(project))
        if parsed is not None and parsed.normalized == entry.cite and entry.cite not in cited:
            yield warning(
                entry.span("cite"),
                "unused-authority",
                f"{entry.cite} is in the authorities registry, but nothing cites it",
                "remove it from the registry, or cite it where the policy or manual relies on it",
            )


def _check_registry_forms(project: model.Project) -> Iterator[Diagnostic]:
    for entry in project.authorities:
        citation = parse_cite(entry.cite, grammar_for(project))
        if citation is None:
            yield error(
                entry.span("cite"),
                "unknown-cite",
                f"cite: '{entry.cite}' is not a citation sopkit recognizes",
                "write it as in the text: KRS 158.441, 704 KAR 7:160, 20 U.S.C. § 1232g, "
                "34 C.F.R. § 99.8, Pub. L. 107-110, Policy 09.14",
            )
        elif citation.normalized != entry.cite:
            yield warning(
                entry.span("cite"),
                "cite-not-normal",
                f"cite: '{entry.cite}' is not written in normal form, so citations of it are not "
                "found in the registry",
                f"write it as {citation.normalized}",
            )


def _check_code_forms(project: model.Project) -> Iterator[Diagnostic]:
    """A project's code of laws may not be written as another code is (R.C. is Ohio's,
    KRS Kentucky's): its citations would silently be read as the other's."""
    others = {
        form: code.name
        for code in packaged_codes()[0]
        for form in code.written
        if code.id not in {own.id for own in project.codes}
    }
    for code in project.codes:
        for form in code.written:
            taken = others.get(form) or _grammar_reads(form)
            if taken is not None:
                yield error(
                    code.span("written"),
                    "code-written-as-another",
                    f"written: '{form}' is how {taken} is written, so citations written so "
                    f"would not be read as {code.name}",
                    f"remove '{form}' from written, and keep the forms only {code.name} uses",
                )
        others.update(dict.fromkeys(code.written, code.name))


def _grammar_reads(form: str) -> str | None:
    """What the grammar itself reads a prefix as (KRS: Kentucky Revised Statutes)."""
    found = find_citations(f"{form} 101.101", CodeGrammar(()))
    if found and found[0].start == 0:
        return KIND_HEADINGS[found[0].kind]
    return None
