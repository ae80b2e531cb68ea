"""Where each kind of authority is read at its official publisher, and what is read there.

`sopkit authorities refresh` reads, for each registered authority, the page its
publisher keeps of its current text, and records in policy_data/authorities.lock.yml
the day that text took effect (or was last amended), its history line and a hash of
the text. This module is the pure half of that: which pages to ask for, and what a page
says. Fetching is the command's (sopkit.hosts.cli.authorities), so builds and checks
never touch a network.

The publishers, and what each says of a text's date:

- **KRS** (Kentucky Legislative Research Commission, apps.legislature.ky.gov): each
  section is a document (a PDF) found from the statutes' index page, through its
  chapter's page; it ends with "Effective: July 14, 2022" and "History: Amended 2022
  Ky. Acts ch. 7, sec. 1, ...".
- **KAR** (the same site): each regulation's page ends with its history, "HISTORY: (...
  eff. 8-31-2015; ...)"; the last "eff." date is the current text's.
- **C.F.R.** (eCFR's versioner API, www.ecfr.gov): the versions of a section, each with
  its `amendment_date` (and `substantive`: false for a re-issue of the same text, which
  is not counted; `removed`: true for a removal, which is); the latest is the current
  text's. Its text is the section's XML as of that date.
- **U.S.C.** (the Office of the Law Revision Counsel, uscode.house.gov): a section's
  page ends with its source credit, "(Pub. L. ..., Aug. 21, 1974, ...; amended ...,
  July 31, 2018, ...)"; its last date is the latest amendment's.

Any other authority (a board policy, a public law, another state's code) has no reader
here: its lock entry says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from dateutil import parser as dateparser

from sopkit.law.citations import Citation, find_citations

Publisher = Literal["krs", "kar", "ecfr", "uscode"]

OFFICIAL_ROOTS: Mapping[Publisher, str] = {
    "krs": "https://apps.legislature.ky.gov",
    "kar": "https://apps.legislature.ky.gov",
    "ecfr": "https://www.ecfr.gov",
    "uscode": "https://uscode.house.gov",
}
"""Each publisher's site. `sopkit authorities refresh --root` replaces one (a mirror,
or a test's own server)."""


class PageProblem(Exception):
    """A page that does not say what its publisher's pages say: the sentence says what
    was missing."""


@dataclass(frozen=True)
class Reading:
    """What a publisher's page says of an authority's current text."""

    effective_on: dt.date | None
    history: str | None
    text: str
    """The text, normalized (`normalized_text`)."""

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Source:
    """Where one authority is read: its publisher, and the numbers that find it."""

    publisher: Publisher
    parts: tuple[str, ...]
    """For KRS: chapter and section ("158", "441"); KAR: title, chapter, regulation;
    C.F.R.: title, part, section ("34", "99", "31"); U.S.C.: title, section."""


def source_of(cite: str) -> Source | None:
    """Where the authority `cite` (its normal form) is read; None for one that no
    publisher here keeps section by section (a chapter, a range, a board policy)."""
    found = find_citations(cite)
    if len(found) != 1 or found[0].normalized != cite or found[0].range_start:
        return None
    return _source(found[0])


def _source(citation: Citation) -> Source | None:
    text = citation.normalized
    if citation.kind == "statute" and (m := re.fullmatch(r"KRS (\d+[A-Z]?)\.(\d+)", text)):
        return Source("krs", (m[1], m[2]))
    if citation.kind == "regulation" and (m := re.fullmatch(r"(\d+) KAR (\d+):(\d+)", text)):
        return Source("kar", (m[1], m[2], m[3]))
    if m := re.fullmatch(r"(\d+) C\.F\.R\. § (\d+)\.(\d+)", text):
        return Source("ecfr", (m[1], m[2], m[3]))
    if m := re.fullmatch(r"(\d+) U\.S\.C\. § ([0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)", text):
        return Source("uscode", (m[1], m[2]))
    return None


# -- addresses --------------------------------------------------------------------------


def krs_index(root: str) -> str:
    return f"{root}/law/statutes/"


def kar_page(root: str, source: Source) -> str:
    title, chapter, regulation = source.parts
    return f"{root}/law/kar/titles/{title}/{int(chapter):03}/{int(regulation):03}/"


def ecfr_versions(root: str, source: Source) -> str:
    title, part, section = source.parts
    return (
        f"{root}/api/versioner/v1/versions/title-{title}.json?part={part}&section={part}.{section}"
    )


def ecfr_text(root: str, source: Source, day: dt.date) -> str:
    title, part, section = source.parts
    return (
        f"{root}/api/versioner/v1/full/{day.isoformat()}/title-{title}.xml"
        f"?part={part}&section={part}.{section}"
    )


def uscode_page(root: str, source: Source) -> str:
    title, section = source.parts
    return (
        f"{root}/view.xhtml?req=granuleid:USC-prelim-title{title}-section{section}"
        "&num=0&edition=prelim"
    )


_LINK = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I | re.S)


def link_named(page: str, base: str, pattern: str) -> str | None:
    """The address of the first link on `page` whose words match `pattern` (a regular
    expression, from their start), made absolute against `base`."""
    for href, words in _LINK.findall(page):
        if re.match(pattern, plain_text(words), re.I):
            return _absolute(html.unescape(href), base)
    return None


def krs_chapter_link(index: str, base: str, source: Source) -> str | None:
    """The chapter's page, from the statutes' index ("CHAPTER 158 CONDUCT OF ...")."""
    return link_named(index, base, rf"chapter\s+{re.escape(source.parts[0])}\b")


def krs_section_link(chapter: str, base: str, source: Source) -> str | None:
    """The section's document, from its chapter's page ("158.441 Definitions ...", or
    ".441 Definitions ..." as some chapter pages write it)."""
    number = rf"(?:{re.escape(source.parts[0])})?\.{re.escape(source.parts[1])}"
    return link_named(chapter, base, rf"(?:KRS\s+)?{number}(?![\d.])")


def _absolute(href: str, base: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, href)


# -- what a page says -------------------------------------------------------------------


def plain_text(markup: str) -> str:
    """The words of an HTML fragment, each run of spaces one space."""
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.I | re.S)
    without = re.sub(r"<[^>]+>", " ", without)
    return " ".join(html.unescape(without).split())


def normalized_text(text: str) -> str:
    """The text as its hash is taken: its words, each run of spaces (line breaks,
    a page's layout) one space, curly quotes and dashes as typed by hand. So a page
    laid out anew, or a PDF made again, hashes the same while its words do."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "-", "\u2014": "-", "\u00a0": " "})  # fmt: skip
    return " ".join(text.translate(table).split())


def read_krs(document_text: str) -> Reading:
    """A KRS section's document, as text: its "Effective:" and "History:" lines."""
    text = normalized_text(document_text)
    effective = re.search(r"\bEffective:\s*([A-Z][a-z]+\.? \d{1,2}, \d{4})", text)
    history = re.search(r"\bHistory:\s*(.+?)(?=\s+Legislative Research Commission Note|$)", text)
    if effective is None and history is None:
        raise PageProblem("the document has no 'Effective:' or 'History:' line")
    body = text[: effective.start()] if effective else text[: history.start()]  # type: ignore[union-attr]
    return Reading(
        _day(effective[1]) if effective else None,
        history[1].strip() if history else None,
        body.strip(),
    )


_EFF = re.compile(r"(?<!Crt )\beff\.\s*(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b")
"""A KAR history's "eff. 9-6-2022" (or "eff. 7-5-95"); not "Crt eff.", which certifies
that the regulation stays in effect as it is, without a new text."""

_KAR_HISTORY = re.compile(r"\bHISTORY:\s*(\((?:[^()]|\([^()]*\))*\))")


def read_kar(page: str) -> Reading:
    """A KAR regulation's page: the last 'eff.' date of its HISTORY line."""
    text = plain_text(page)
    found = _KAR_HISTORY.search(text)
    if found is None:
        raise PageProblem("the page has no 'HISTORY:' line")
    dates = [_kar_day(m, d, y) for m, d, y in _EFF.findall(found[1])]
    start = re.search(r"\bRELATES TO:|\bNECESSITY, FUNCTION, AND CONFORMITY:", text)
    body = text[start.start() if start else 0 : found.start()]
    return Reading(max(dates) if dates else None, found[1], normalized_text(body))


def _kar_day(month: str, day: str, year: str) -> dt.date:
    full = int(year) if len(year) == 4 else (1900 if int(year) >= 50 else 2000) + int(year)
    try:
        return dt.date(full, int(month), int(day))
    except ValueError:
        raise PageProblem(
            f"'eff. {month}-{day}-{year}' in its HISTORY line is not a date"
        ) from None


def read_ecfr_versions(answer: str, source: Source) -> tuple[dt.date, bool]:
    """eCFR's versions of a section: the latest amendment date among them, and whether
    that latest version removed the section."""
    wanted = f"{source.parts[1]}.{source.parts[2]}"
    try:
        data = json.loads(answer)
        versions = data["content_versions"] if isinstance(data, dict) else None
        if not isinstance(versions, list):
            raise PageProblem("the versions answer is not eCFR's (no list of content_versions)")
        found = [
            (dt.date.fromisoformat(str(v["amendment_date"])), bool(v.get("removed")))
            for v in versions
            # A version eCFR marks not substantive re-issues the text unchanged.
            if isinstance(v, dict) and v.get("identifier") == wanted and v.get("substantive", True)
        ]
    except (ValueError, KeyError, TypeError) as problem:
        raise PageProblem(f"the versions answer is not eCFR's ({problem})") from None
    if not found:
        raise PageProblem(f"the versions answer lists no version of section {wanted}")
    return max(found)


def removed_reading(day: dt.date) -> Reading:
    """A section its publisher removed on `day`: a change like any new text."""
    return Reading(day, f"removed on {day.isoformat()}", "")


def read_ecfr_text(xml: str, effective_on: dt.date) -> Reading:
    """A section's XML from eCFR's versioner, as of its latest amendment."""
    citation = re.search(r"<CITA\b[^>]*>(.*?)</CITA>", xml, re.S)
    body = re.sub(r"<CITA\b.*?</CITA>", " ", xml, flags=re.S)
    text = normalized_text(plain_text(body))
    if not text:
        raise PageProblem("the section's text is empty")
    history = normalized_text(plain_text(citation[1])) if citation else None
    return Reading(effective_on, history, text)


_MONTH_DAY_YEAR = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}), (\d{4})"
)


def read_uscode(page: str) -> Reading:
    """A U.S. Code section's page: the last date of its source credit."""
    credit = re.search(
        r"<!-- field-start:sourcecredit -->(.*?)<!-- field-end:sourcecredit -->", page, re.S
    ) or re.search(
        r"<div[^>]*class=[\"'][^\"']*sourceCredit[^\"']*[\"'][^>]*>(.*?)</div>", page, re.S
    )
    if credit is None:
        raise PageProblem("the page has no source credit")
    history = normalized_text(plain_text(credit[1]))
    days = [_day(f"{m} {d}, {y}") for m, d, y in _MONTH_DAY_YEAR.findall(history)]
    main = re.search(r"<!-- field-start:statute -->(.*?)<!-- field-end:statute -->", page, re.S)
    body = normalized_text(plain_text(main[1] if main else page[: credit.start()]))
    return Reading(max(days) if days else None, history, body)


def _day(written: str) -> dt.date:
    try:
        return dateparser.parse(written.replace("Sept", "Sep")).date()
    except (ValueError, OverflowError):
        raise PageProblem(f"'{written}' is not a date") from None


__all__ = [
    "OFFICIAL_ROOTS",
    "PageProblem",
    "Publisher",
    "Reading",
    "Source",
    "ecfr_text",
    "ecfr_versions",
    "kar_page",
    "krs_chapter_link",
    "krs_index",
    "krs_section_link",
    "normalized_text",
    "plain_text",
    "read_ecfr_text",
    "read_ecfr_versions",
    "read_kar",
    "read_krs",
    "read_uscode",
    "removed_reading",
    "source_of",
    "uscode_page",
]
