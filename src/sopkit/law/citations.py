"""Finding legal citations in plain text.

Editors write citations as they would on paper ("KRS 61.902 to KRS 61.930", "704 KAR
7:160, Section 3", "20 U.S.C. § 1232g"); this module finds them and returns, for each,
where it is, how it was written, its normalized form, its kind, its pinpoint, and, for
ranges, both ends. It knows what Kentucky policy text contains:

- Kentucky Revised Statutes: sections with pinpoints, ranges (to, through, -, –,
  "- KRS", inclusive), lists whose later bare elements inherit the prefix, chapters
  ("KRS Chapters 15, 61, and 158" is three citations), and the long forms
  ("Ky. Rev. Stat. §", "Kentucky Revised Statutes").
- Kentucky Administrative Regulations (704 KAR 7:160, "704 Ky. Admin. Regs. 7:160",
  "707 KAR Chapter 1", "Title 101 of the Kentucky Administrative Regulations").
- The U.S. Code (with or without §, USC, et seq.), the Code of Federal Regulations
  (sections and parts, CFR without dots), public laws, and Section 504 of the
  Rehabilitation Act.
- Board policy codes when something marks them as such ("Policy 09.14", "Policies
  09.14 and 09.2211", a RELATED POLICIES: list, the "(09.14 AP.111)" procedure form).

It does not report dates, times, phone numbers, money, bill numbers, "504 plan",
internal cross-references ("subsection (2) of this section"), another state's code, or
anything inside a web address: every pattern needs a prefix that only citations have,
and bare numbers count only as later elements of a list that began with one.

A known kind of mis-citation is normalized and flagged: a section letter written as a
subsection ("20 U.S.C. 1232(g)(a)(4)(ii)" is 20 U.S.C. § 1232g).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from sopkit.law.jurisdictions import CodeGrammar, default_grammar

if TYPE_CHECKING:
    from sopkit import model

Kind = Literal[
    "statute",
    "regulation",
    "federal statute",
    "federal regulation",
    "public law",
    "policy reference",
    "state statute",
]


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation found in a text."""

    start: int
    """Offset of its first character in the text (Python str offsets)."""
    end: int
    """Offset just past its last character."""
    text: str
    """The citation as written."""
    normalized: str
    """The normal form, such as KRS 61.902-61.930 or 20 U.S.C. § 1232g."""
    kind: Kind
    pinpoint: str | None = None
    """Subsections cited within it, such as (4)(a), or Section 3 of a regulation."""
    range_start: str | None = None
    """For a range, the normal form of its first element."""
    range_end: str | None = None
    """For a range, the normal form of its last element."""
    problem: str | None = None
    """Why the citation as written is malformed, when it is."""
    parts: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The numbers that make up the normal form, for building web addresses."""
    code: str | None = None
    """For another state's statute: the id of its code of laws (ohio-revised-code)."""

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "normalized": self.normalized,
            "kind": self.kind,
            "pinpoint": self.pinpoint,
        }
        if self.range_start:
            data["range"] = {"start": self.range_start, "end": self.range_end}
        return data


# -- building blocks -----------------------------------------------------------------

# Space between the tokens of a citation: spaces and tabs, and at most one line break
# (sources wrap their text, so "KRS" can end one line and "158.441" start the next).
_SP = r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?"
_DASH = r"(?:-|–|—)"
_RANGE_WORD = rf"(?:{_DASH}|\bto\b|\bthrough\b|\bthru\b)"
_LIST_SEP = r"(?:\s*[,;]\s*(?:(?:and|or|and/or)\s+)?|\s+(?:and|or|and/or|&)\s+)"
_SECTION_WORD = r"(?:§§?|\bSec(?:s|tions?)?\b\.?)"


def _krs_section(prefix: str = "") -> str:
    """A KRS section: chapter (digits and an optional letter) and section (3 or 4 digits,
    or a subtitled section such as 9-430, which a range's '-61.930' is not)."""
    return (
        rf"(?P<{prefix}ch>\d{{1,3}}[A-Za-z]?)\.(?:[ \t]*\n[ \t]*)?"  # a line may end after the dot
        rf"(?P<{prefix}sec>\d{{1,2}}-\d{{3}}(?![\d.])|\d{{3,4}})(?!\d)(?!\.\d)"
    )


# Pinpoints: (4)(a)(ii), optionally followed by a Kentucky-style numbered paragraph 1.
_PINPOINT = r"(?:\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\))+(?:\d{1,2}(?![\d.]\d))?"
# Every pattern below starts with a literal character where it can: Python's regex
# engine then jumps from one occurrence of it to the next instead of trying the pattern
# at every position, which makes a megabyte of text dozens of times faster to scan.
# (Word-boundary checks come after that first character, as lookbehinds.)
_KRS_WORDS = (
    r"K(?:(?<![A-Za-z.]K)\.?[ ]?R\.?[ ]?S\.?(?![A-Za-z])"
    r"|(?<![A-Za-z]K)y\.?[ ]?Rev\.?[ ]?Stat(?:s|utes)?\.?(?:[ ]?Ann\.?)?"
    r"|(?<![A-Za-z]K)entucky\s+Revised\s+Statutes?\b(?:\s*\(KRS\))?)"
)
_CHAPTER_NUMBER = r"\d{1,3}[A-Za-z]?(?![\d.]*\d)(?![A-Za-z:])"

KRS_SECTIONS = re.compile(rf"{_KRS_WORDS}{_SP},?{_SP}(?:{_SECTION_WORD}{_SP})?{_krs_section()}")
KRS_BARE = re.compile(_krs_section())
KRS_RANGE_END = re.compile(
    rf"{_SP}{_RANGE_WORD}{_SP}(?:{_KRS_WORDS}{_SP}(?:{_SECTION_WORD}{_SP})?)?"
    rf"(?:{_krs_section('end_')}|\.(?P<end_short>\d{{3,4}})(?!\d))"  # "to .884": same chapter
    rf"(?P<inclusive>,?{_SP}inclusive)?"
)
KRS_SECTIONS_OF = re.compile(
    r"S(?<![A-Za-z]S)ections?\s+(?P<list>\d{1,3}[A-Za-z]?\.\d{3,4}"
    r"(?:(?:\s*,\s*|\s+)(?:(?:and|or)\s+)?\d{1,3}[A-Za-z]?\.\d{3,4})*)"
    r"\s+of\s+(?:the\s+)?(?:Kentucky\s+Revised\s+Statutes|KRS)\b"
)
KRS_CHAPTERS = re.compile(
    rf"{_KRS_WORDS}{_SP},?{_SP}(?:\b[Cc]hapters?\b|\b[Cc]hs?\.)?{_SP}(?P<ch>{_CHAPTER_NUMBER})"
)
KRS_CHAPTERS_OF = re.compile(
    r"[Cc](?<![A-Za-z][Cc])hapters?\s+(?P<list>\d{1,3}[A-Za-z]?"
    r"(?:(?:\s*,\s*|\s+)(?:(?:and|or)\s+)?\d{1,3}[A-Za-z]?)*)"
    r"\s+of\s+(?:the\s+)?(?:Kentucky\s+Revised\s+Statutes|KRS)\b"
)
CHAPTER_BARE = re.compile(rf"(?P<ch>{_CHAPTER_NUMBER})")
CHAPTER_RANGE_END = re.compile(rf"{_SP}{_RANGE_WORD}{_SP}(?P<end>{_CHAPTER_NUMBER})")
PINPOINT = re.compile(_PINPOINT)
LIST_SEP = re.compile(_LIST_SEP)

_KAR_WORD = r"(?:KAR\b|K\.A\.R\.|Ky\.?\s?Admin\.?\s?Regs?\.?)"
_KAR_NUMBER = r"(?P<ch>\d{1,2}):(?P<reg>\d{1,3})(?P<e>E)?(?!\d)"
KAR = re.compile(
    rf"(?<![\d.])(?P<title>\d{{1,3}})\s*{_KAR_WORD}{_SP}"
    rf"(?:{_KAR_NUMBER}|[Cc]hapter{_SP}(?P<chapter>\d{{1,2}})(?!\d))?"
)
KAR_TITLE_LONG = re.compile(
    r"T(?<![A-Za-z]T)itle\s+(?P<title>\d{1,3})\s+of\s+the\s+Kentucky\s+Administrative\s+Regulations\b"
)
KAR_BARE = re.compile(_KAR_NUMBER)
KAR_SECTION = re.compile(
    rf"(?:,{_SP}|{_SP})(?:Section|Sec\.|§){_SP}(?P<n>\d{{1,2}})(?!\d)(?P<pin>{_PINPOINT})?"
)
KAR_RANGE_END = re.compile(rf"{_SP}{_RANGE_WORD}{_SP}(?:\d{{1,3}}\s*KAR\s*)?{_KAR_NUMBER}")

_USC_WORD = r"(?:U\.\s?S\.\s?C\.(?:\s?[AS]\.)?|U\.S\.C(?![A-Za-z.])|USCA?\b|USCS\b)"
USC = re.compile(
    rf"(?<![\d.])(?P<title>\d{{1,2}})\s*{_USC_WORD}{_SP}"
    rf"(?:(?P<ss>§§)|§|Sec(?:tions?|s)?\.?)?{_SP}(?P<sec>\d{{1,5}}[a-zA-Z]{{0,3}})(?!\d)"
)
USC_BARE = re.compile(r"(?P<sec>\d{1,5}[a-zA-Z]{0,3})(?![\d.:])")
USC_HYPHEN = re.compile(r"-(?P<next>\d{1,5}[a-z]?)(?!\d)")
USC_RANGE_END = re.compile(
    rf"{_SP}(?:\bto\b|\bthrough\b|\bthru\b){_SP}(?:§{_SP})?(?P<next>\d{{1,5}}[a-zA-Z]{{0,3}})(?!\d)"
)
ET_SEQ = re.compile(rf",?{_SP}et\.?{_SP}seq\.?")

_CFR_WORD = r"(?:C\.\s?F\.\s?R\.?|CFR\b)"
_CFR_SECTION = r"\d{1,4}\.\d{1,4}[a-z]?"
CFR = re.compile(
    rf"(?<![\d.])(?P<title>\d{{1,2}})\s*{_CFR_WORD}{_SP}"
    rf"(?:(?:(?P<ss>§§)|§|Sec(?:tions?|s)?\.?){_SP}(?P<sec>{_CFR_SECTION})"
    rf"|(?:Parts?|Pts?\.){_SP}(?P<part>\d{{1,4}})(?![\d.]\d)"
    rf"|(?P<sec2>{_CFR_SECTION})"
    rf"|(?P<part2>\d{{1,4}})(?![\d.]\d))"
)
CFR_LONG = re.compile(
    r"T(?<![A-Za-z]T)itle\s+(?:(?P<title>\d{1,2}),?\s+Parts?\s+(?P<part>\d{1,4}),?\s+of\s+the"
    r"\s+Code\s+of\s+Federal\s+Regulations\b"
    r"|(?P<title2>\d{1,2})\s+of\s+the\s+Code\s+of\s+Federal\s+Regulations,?"
    r"\s+Parts?\s+(?P<part2>\d{1,4})\b)"
)
CFR_SECTION_BARE = re.compile(rf"(?P<sec>{_CFR_SECTION})(?!\d)(?!\.\d)")
CFR_PART_BARE = re.compile(r"(?P<part>\d{1,4})(?![\d.]\d)")
CFR_RANGE_END = re.compile(rf"{_SP}{_RANGE_WORD}{_SP}(?:§{_SP})?(?P<next>{_CFR_SECTION})(?!\d)")

PUBLIC_LAW = re.compile(
    r"P(?<![A-Za-z]P)(?:ub(?:lic)?\.?\s?L(?:aw|\.)?|\.\s?L\.|L\b|ublic\s+Law)\s*(?:No\.?\s*)?"
    r"(?P<congress>\d{2,3})\s*[-–]\s*(?P<number>\d{1,3})(?!\d)"
)
REHABILITATION_ACT = re.compile(
    r"(?:S(?<![A-Za-z]S)ection|§)\s+(?P<n>\d{3})\s+of\s+the\s+(?:federal\s+)?Rehabilitation"
    r"\s+Act(?:\s+of\s+1973)?\b"
    r"|R(?<![A-Za-z]R)ehabilitation\s+Act(?:\s+of\s+1973)?,?\s+(?:§|Section)\s*(?P<n2>\d{3})\b"
)

_POLICY_CODE = r"\d{2}\.\d{1,5}(?:[ \t\u00a0]*AP\.?[ \t\u00a0]*\d{1,4})?"
POLICY_CUE = re.compile(
    r"(?P<word>[Pp](?<![A-Za-z][Pp])(?:olic(?:y|ies)|rocedures?))"
    r"(?:\s+(?:Reference|Code|No\.?|Number|#)s?)?\s*:?\s*(?=\d{2}\.\d)",
    re.IGNORECASE,
)
RELATED_POLICIES = re.compile(r"R(?<![A-Za-z]R)ELATED\s+POLIC(?:Y|IES)\b\s*:?", re.IGNORECASE)
POLICY_CODE = re.compile(rf"(?<![\d.])(?P<code>{_POLICY_CODE})(?!\d)(?!\.\d)")
POLICY_LIST_SEP = re.compile(r"(?:\s*[,;/]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|\s+)")
PROCEDURE_CODE = re.compile(
    r"(?<![\d.])(?P<code>\d{2}\.\d{1,5}[ \t\u00a0]*AP\.?[ \t\u00a0]*\d{1,4})(?!\d)"
)
_POLICY_LIST_START = re.compile(r"[\s*_:]*")  # spaces, line breaks, bold marks, a colon

# Keywords of the forms that start with a number, and the number just before them.
KAR_KEYWORD = re.compile(r"KAR\b|K\.A\.R\.|Ky\.?\s?Admin")
USC_KEYWORD = re.compile(r"U\.\s?S\.\s?C|USC")
CFR_KEYWORD = re.compile(r"C\.\s?F\.\s?R|CFR")
PROCEDURE_KEYWORD = re.compile(r"AP\.?[ \t\u00a0]*\d")
TITLE_BEFORE = re.compile(r"(?<![\d.])\d{1,3}\s*$")
CODE_BEFORE = re.compile(r"(?<![\d.])\d{2}\.\d{1,5}[ \t\u00a0]*$")

# Web and email addresses are never citations, whatever they contain.
ADDRESS = re.compile(
    r"https?://[^\s<>\"'\])]+|\bwww\.[^\s<>\"'\])]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\]\([^)\s]*\)"
)


def masked(text: str) -> str:
    """The text with web and email addresses blanked out, offsets unchanged."""
    if "://" not in text and "www." not in text and "@" not in text and "](" not in text:
        return text
    return ADDRESS.sub(lambda m: " " * len(m.group(0)), text)


def _numbered(
    text: str, keyword: re.Pattern[str], before: re.Pattern[str], full: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Matches of `full`, a pattern that starts with a number, found by its keyword.

    Scanning for the keyword is fast; the number is looked for just before it."""
    last = -1
    for hit in keyword.finditer(text):
        number = before.search(text, max(0, hit.start() - 16), hit.start())
        if number is None or number.start() <= last:
            continue
        match = full.match(text, number.start())
        if match is not None:
            last = match.start()
            yield match


# -- the finder ------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    citations: list[Citation]


Element = Callable[[re.Match[str]], Citation]


class _Scan:
    """One pass over one text: each recognizer proposes citations, longest claims win."""

    def __init__(self, text: str, grammar: CodeGrammar | None = None) -> None:
        self.text = text
        self.grammar = grammar
        self.masked = masked(text)
        self.found: list[_Found] = []

    def cite(
        self,
        start: int,
        end: int,
        normalized: str,
        kind: Kind,
        parts: tuple[str, ...],
        *,
        pinpoint: str | None = None,
        range_start: str | None = None,
        range_end: str | None = None,
        problem: str | None = None,
        code: str | None = None,
    ) -> Citation:
        text = self.text[start:end]
        return Citation(
            start, end, text, normalized, kind, pinpoint, range_start, range_end, problem, parts,
            code,
        )  # fmt: skip

    def follow_list(
        self, first: Citation, bare: re.Pattern[str], element: Element, *stops: re.Pattern[str]
    ) -> list[Citation]:
        """`first` and the later elements of its list ("KRS 158.148, 158.150 and 158.155"):
        bare numbers after a separator, which inherit the first element's prefix. A list
        ends where a separator is not followed by such a number, or is followed by a
        citation with a prefix of its own (`stops`), which its recognizer then takes."""
        citations = [first]
        while separator := LIST_SEP.match(self.masked, citations[-1].end):
            after = separator.end()
            match = bare.match(self.masked, after)
            if match is None or any(stop.match(self.masked, after) for stop in stops):
                break
            citations.append(element(match))
        return citations

    def claim(self, start: int, citations: list[Citation]) -> None:
        if citations:
            self.found.append(_Found(start, max(c.end for c in citations), citations))

    def pinpoint_at(self, position: int) -> tuple[str | None, int]:
        match = PINPOINT.match(self.masked, position)
        return (match.group(0), match.end()) if match else (None, position)

    def run(self) -> list[Citation]:
        for recognizer in _RECOGNIZERS:
            recognizer(self)
        if self.grammar is not None:
            _state_codes(self, self.grammar)
        accepted: list[_Found] = []
        for found in sorted(self.found, key=lambda f: (f.start, -(f.end - f.start))):
            if accepted and found.start < accepted[-1].end:
                continue
            accepted.append(found)
        return [c for found in accepted for c in found.citations]


# -- Kentucky Revised Statutes ----------------------------------------------------------


def krs_section(chapter: str, section: str) -> str:
    return f"KRS {chapter.upper()}.{section}"


def _krs_sections(scan: _Scan) -> None:
    def element(match: re.Match[str]) -> Citation:
        return _krs_one(scan, match.start(), match.group("ch"), match.group("sec"), match.end())

    for match in KRS_SECTIONS.finditer(scan.masked):
        first = _krs_one(scan, match.start(), match.group("ch"), match.group("sec"), match.end())
        scan.claim(match.start(), scan.follow_list(first, KRS_BARE, element, KRS_SECTIONS))
    for match in KRS_SECTIONS_OF.finditer(scan.masked):
        base = match.start("list")
        citations = []
        for number in re.finditer(r"(\d{1,3}[A-Za-z]?)\.(\d{3,4})", match.group("list")):
            chapter, section = number.group(1).upper(), number.group(2)
            citations.append(
                scan.cite(
                    base + number.start(),
                    base + number.end(),
                    krs_section(chapter, section),
                    "statute",
                    ("section", chapter, section),
                )
            )
        scan.claim(match.start(), citations)


def _krs_one(scan: _Scan, start: int, chapter: str, section: str, end: int) -> Citation:
    first = krs_section(chapter, section)
    pinpoint, end = scan.pinpoint_at(end)
    upto = KRS_RANGE_END.match(scan.masked, end)
    if upto:
        end_chapter = (upto.group("end_ch") or chapter).upper()
        end_section = upto.group("end_sec") or upto.group("end_short")
        last = krs_section(end_chapter, end_section)
        _, end = scan.pinpoint_at(
            upto.end("end_sec") if upto.group("end_sec") else upto.end("end_short")
        )
        if upto.group("inclusive"):
            end = upto.end("inclusive")
        parts = ("section", chapter.upper(), section, end_chapter, end_section)
        return scan.cite(
            start,
            end,
            f"{first}-{last.removeprefix('KRS ')}",
            "statute",
            parts,
            pinpoint=pinpoint,
            range_start=first,
            range_end=last,
        )
    seq = ET_SEQ.match(scan.masked, end)
    end = seq.end() if seq else end
    return scan.cite(
        start, end, first, "statute", ("section", chapter.upper(), section), pinpoint=pinpoint
    )


def _krs_chapter(scan: _Scan, start: int, end: int, chapter: str) -> Citation:
    chapter = chapter.upper()
    return scan.cite(start, end, f"KRS Chapter {chapter}", "statute", ("chapter", chapter))


def _krs_chapters(scan: _Scan) -> None:
    def element(match: re.Match[str]) -> Citation:
        return _krs_chapter(scan, match.start(), match.end(), match.group("ch"))

    for match in KRS_CHAPTERS.finditer(scan.masked):
        first = match.group("ch").upper()
        upto = CHAPTER_RANGE_END.match(scan.masked, match.end())
        if upto:
            last = upto.group("end").upper()
            scan.claim(
                match.start(),
                [
                    scan.cite(
                        match.start(),
                        upto.end(),
                        f"KRS Chapters {first}-{last}",
                        "statute",
                        ("chapter", first, last),
                        range_start=f"KRS Chapter {first}",
                        range_end=f"KRS Chapter {last}",
                    )
                ],
            )
            continue
        citation = _krs_chapter(scan, match.start(), match.end(), first)
        scan.claim(match.start(), scan.follow_list(citation, CHAPTER_BARE, element))
    for match in KRS_CHAPTERS_OF.finditer(scan.masked):
        base = match.start("list")
        citations = [
            _krs_chapter(scan, base + number.start(), base + number.end(), number.group(0))
            for number in re.finditer(r"\d{1,3}[A-Za-z]?", match.group("list"))
        ]
        scan.claim(match.start(), citations)


# -- Kentucky Administrative Regulations -------------------------------------------------


def _kar(scan: _Scan) -> None:
    for match in _numbered(scan.masked, KAR_KEYWORD, TITLE_BEFORE, KAR):
        title = str(int(match.group("title")))
        start = match.start()
        if match.group("chapter"):
            chapter = str(int(match.group("chapter")))
            scan.claim(
                start,
                [
                    scan.cite(
                        start,
                        match.end(),
                        f"{title} KAR Chapter {chapter}",
                        "regulation",
                        ("chapter", title, chapter),
                    )
                ],
            )
        elif not match.group("ch"):
            if re.match(r"\s*\d", scan.masked[match.end() : match.end() + 3]):
                continue  # a number follows that is not chapter:regulation: not a citation
            end = match.end("title") + len(scan.masked[match.end("title") : match.end()].rstrip())
            scan.claim(
                start, [scan.cite(start, end, f"{title} KAR", "regulation", ("title", title))]
            )
        else:
            first = _kar_one(scan, start, title, match, match.end())

            def element(bare: re.Match[str], title: str = title) -> Citation:
                return _kar_one(scan, bare.start(), title, bare, bare.end())

            scan.claim(start, scan.follow_list(first, KAR_BARE, element, KAR))
    for match in KAR_TITLE_LONG.finditer(scan.masked):
        title = str(int(match.group("title")))
        scan.claim(
            match.start(),
            [scan.cite(match.start(), match.end(), f"{title} KAR", "regulation", ("title", title))],
        )


def _kar_one(scan: _Scan, start: int, title: str, match: re.Match[str], end: int) -> Citation:
    chapter, regulation = str(int(match.group("ch"))), match.group("reg") + (match.group("e") or "")
    first = f"{title} KAR {chapter}:{regulation}"
    parts = ("regulation", title, chapter, match.group("reg"))
    upto = KAR_RANGE_END.match(scan.masked, end)
    if upto:
        last_chapter, last_reg = (
            str(int(upto.group("ch"))),
            upto.group("reg") + (upto.group("e") or ""),
        )
        return scan.cite(
            start,
            upto.end(),
            f"{first}-{last_chapter}:{last_reg}",
            "regulation",
            parts,
            range_start=first,
            range_end=f"{title} KAR {last_chapter}:{last_reg}",
        )
    pinpoint = None
    section = KAR_SECTION.match(scan.masked, end)
    if section:
        pinpoint = f"Section {section.group('n')}{section.group('pin') or ''}"
        end = section.end()
    return scan.cite(start, end, first, "regulation", parts, pinpoint=pinpoint)


# -- the U.S. Code -------------------------------------------------------------------

# Sections with a letter that are often written as if the letter were a subsection.
_LETTERED_SECTIONS = {("20", "1232"): "ghi", ("42", "2000"): "abcdefgh"}


def _usc(scan: _Scan) -> None:
    for match in _numbered(scan.masked, USC_KEYWORD, TITLE_BEFORE, USC):
        title = str(int(match.group("title")))
        first = _usc_one(
            scan, match.start(), title, match.group("sec"), match.end(), bool(match.group("ss"))
        )

        def element(bare: re.Match[str], title: str = title) -> Citation:
            return _usc_one(scan, bare.start(), title, bare.group("sec"), bare.end(), False)

        scan.claim(match.start(), scan.follow_list(first, USC_BARE, element, USC, CFR, KAR))


def _usc_one(scan: _Scan, start: int, title: str, section: str, end: int, double: bool) -> Citation:
    problem = None
    hyphen = USC_HYPHEN.match(scan.masked, end)
    if (
        hyphen
        and not double
        and (re.search(r"[a-z]$", section) or not _looks_like_range(section, hyphen.group("next")))
    ):
        # A hyphenated section such as 2000e-2, not a range.
        section, end = f"{section}-{hyphen.group('next')}", hyphen.end()
        hyphen = None
    pinpoint, after = scan.pinpoint_at(end)
    if pinpoint:
        section, pinpoint, problem = _lettered_section(title, section, pinpoint)
        end = after
    first = f"{title} U.S.C. § {section}"
    in_range = (
        hyphen if hyphen and (double or _looks_like_range(section, hyphen.group("next"))) else None
    )
    upto = in_range or USC_RANGE_END.match(scan.masked, end)
    if upto and not pinpoint:
        last = upto.group("next")
        seq = ET_SEQ.match(scan.masked, upto.end())
        end = seq.end() if seq else upto.end()
        return scan.cite(
            start,
            end,
            f"{title} U.S.C. §§ {section}-{last}",
            "federal statute",
            ("section", title, section),
            range_start=first,
            range_end=f"{title} U.S.C. § {last}",
        )
    seq = ET_SEQ.match(scan.masked, end)
    end = seq.end() if seq else end
    return scan.cite(
        start,
        end,
        first,
        "federal statute",
        ("section", title, section),
        pinpoint=pinpoint,
        problem=problem,
    )


def _looks_like_range(first: str, last: str) -> bool:
    return first.isdigit() and last.isdigit() and len(last) >= len(first) and int(last) > int(first)


def _lettered_section(
    title: str, section: str, pinpoint: str
) -> tuple[str, str | None, str | None]:
    """Undo '1232(g)(a)(4)': a section letter written as a subsection.

    It is one when the section is known to have lettered neighbours (1232g, 2000d), or
    when two letter levels follow each other, which a real pinpoint never does."""
    levels = re.findall(r"\(([^)]*)\)", pinpoint)
    letter = levels[0]
    known = _LETTERED_SECTIONS.get((title, section), "")
    structural = (
        len(levels) > 1 and re.fullmatch(r"[a-z]", letter) and re.fullmatch(r"[a-z]", levels[1])
    )
    if section.isdigit() and re.fullmatch(r"[a-z]", letter) and (letter in known or structural):
        fixed = f"{section}{letter}"
        rest = pinpoint[len(letter) + 2 :] or None
        written = f"{title} U.S.C. {section}{pinpoint}"
        return (
            fixed,
            rest,
            f"'{written}' writes the section letter as a subsection; the section is {fixed}",
        )
    return section, pinpoint, None


# -- the Code of Federal Regulations ----------------------------------------------------


def _cfr(scan: _Scan) -> None:
    for match in _numbered(scan.masked, CFR_KEYWORD, TITLE_BEFORE, CFR):
        title = str(int(match.group("title")))
        section = match.group("sec") or match.group("sec2")
        if section:
            first = _cfr_section(scan, match.start(), title, section, match.end())

            def element(bare: re.Match[str], title: str = title) -> Citation:
                return _cfr_section(scan, bare.start(), title, bare.group("sec"), bare.end())

            bare = CFR_SECTION_BARE
        else:
            part = match.group("part") or match.group("part2")
            first = _cfr_part(scan, match.start(), match.end(), title, part)

            def element(bare: re.Match[str], title: str = title) -> Citation:
                return _cfr_part(scan, bare.start(), bare.end(), title, bare.group("part"))

            bare = CFR_PART_BARE
        scan.claim(match.start(), scan.follow_list(first, bare, element, USC, CFR))
    for match in CFR_LONG.finditer(scan.masked):
        title = str(int(match.group("title") or match.group("title2")))
        part = match.group("part") or match.group("part2")
        scan.claim(match.start(), [_cfr_part(scan, match.start(), match.end(), title, part)])


def _cfr_part(scan: _Scan, start: int, end: int, title: str, part: str) -> Citation:
    part = str(int(part))
    return scan.cite(
        start, end, f"{title} C.F.R. Part {part}", "federal regulation", ("part", title, part)
    )


def _cfr_section(scan: _Scan, start: int, title: str, section: str, end: int) -> Citation:
    first = f"{title} C.F.R. § {section}"
    parts = ("section", title, section)
    upto = CFR_RANGE_END.match(scan.masked, end)
    if upto:
        last = upto.group("next")
        return scan.cite(
            start,
            upto.end(),
            f"{title} C.F.R. §§ {section}-{last}",
            "federal regulation",
            parts,
            range_start=first,
            range_end=f"{title} C.F.R. § {last}",
        )
    pinpoint, end = scan.pinpoint_at(end)
    return scan.cite(start, end, first, "federal regulation", parts, pinpoint=pinpoint)


# -- public laws and named federal provisions -------------------------------------------


def _public_laws(scan: _Scan) -> None:
    for match in PUBLIC_LAW.finditer(scan.masked):
        congress, number = match.group("congress"), match.group("number")
        scan.claim(
            match.start(),
            [
                scan.cite(
                    match.start(),
                    match.end(),
                    f"Pub. L. {congress}-{number}",
                    "public law",
                    ("law", congress, number),
                )
            ],
        )


def _rehabilitation_act(scan: _Scan) -> None:
    for match in REHABILITATION_ACT.finditer(scan.masked):
        number = match.group("n") or match.group("n2")
        scan.claim(
            match.start(),
            [
                scan.cite(
                    match.start(),
                    match.end(),
                    f"Rehabilitation Act of 1973 § {number}",
                    "federal statute",
                    ("rehabilitation act", number),
                )
            ],
        )


# -- board policy codes ----------------------------------------------------------------


def policy_normal_form(code: str, procedure: bool = False) -> str:
    """Policy 09.14, or Procedure 09.14 AP.111."""
    match = re.fullmatch(r"(\d{2}\.\d+)\s*(?:AP\.?\s*(\d+))?", code.strip())
    assert match is not None
    if match.group(2):
        return f"Procedure {match.group(1)} AP.{match.group(2)}"
    return f"{'Procedure' if procedure else 'Policy'} {match.group(1)}"


def _policy_codes(scan: _Scan) -> None:
    for match in POLICY_CUE.finditer(scan.masked):
        procedure = match.group("word").lower().startswith("procedure")
        scan.claim(match.start(), list(_policy_list(scan, match.end(), procedure)))
    for match in RELATED_POLICIES.finditer(scan.masked):
        # Skip what may sit between the cue and the list: spaces, line breaks, bold marks.
        position = _POLICY_LIST_START.match(scan.masked, match.end()).end()  # type: ignore[union-attr]
        scan.claim(match.start(), list(_policy_list(scan, position, False)))
    for match in _numbered(scan.masked, PROCEDURE_KEYWORD, CODE_BEFORE, PROCEDURE_CODE):
        scan.claim(match.start(), [_policy_code(scan, match, False)])


def _policy_code(scan: _Scan, match: re.Match[str], procedure: bool) -> Citation:
    code = match.group("code")
    return scan.cite(
        match.start("code"),
        match.end("code"),
        policy_normal_form(code, procedure),
        "policy reference",
        ("policy", code),
    )


def _policy_list(scan: _Scan, position: int, procedure: bool) -> Iterator[Citation]:
    while match := POLICY_CODE.match(scan.masked, position):
        yield _policy_code(scan, match, procedure)
        separator = POLICY_LIST_SEP.match(scan.masked, match.end())
        if not separator:
            return
        position = separator.end()


_RECOGNIZERS: tuple[Callable[[_Scan], None], ...] = (
    _krs_sections,
    _krs_chapters,
    _kar,
    _usc,
    _cfr,
    _public_laws,
    _rehabilitation_act,
    _policy_codes,
)


# -- other states' codes (data: sopkit.law.jurisdictions) ------------------------------

_STATE_RANGE_END = re.compile(rf"{_SP}{_RANGE_WORD}{_SP}")


def _state_codes(scan: _Scan, grammar: CodeGrammar) -> None:
    for code, pattern, bare in grammar.patterns:
        for match in pattern.finditer(scan.masked):
            scan.claim(match.start(), _state_citations(scan, code, bare, match))


def _state_citations(
    scan: _Scan, code: model.StateCode, bare: re.Pattern[str], match: re.Match[str]
) -> list[Citation]:
    """A citation of a state's code, with its pinpoint, a range's end, and the bare
    numbers of a list that follow it ("R.C. 3313.20, 3313.21")."""

    def element(found: re.Match[str], start: int | None = None) -> Citation:
        number = _state_number(found)
        end = found.end()
        ended = _STATE_RANGE_END.match(scan.masked, end)
        last = bare.match(scan.masked, ended.end()) if ended else None
        if last is not None and _state_number(last) != number:
            span_end = last.end()
            pinpoint, span_end = scan.pinpoint_at(span_end)
            normal = f"{code.cite_as} {number}-{_state_number(last)}"
            return scan.cite(
                found.start() if start is None else start, span_end, normal, "state statute",
                ("section", number), pinpoint=pinpoint, range_start=f"{code.cite_as} {number}",
                range_end=f"{code.cite_as} {_state_number(last)}", code=code.id,
            )  # fmt: skip
        pinpoint, end = scan.pinpoint_at(end)
        return scan.cite(
            found.start() if start is None else start, end, f"{code.cite_as} {number}",
            "state statute", ("section", number), pinpoint=pinpoint, code=code.id,
        )  # fmt: skip

    first = element(match, match.start())
    return scan.follow_list(first, bare, element)


def _state_number(match: re.Match[str]) -> str:
    section = match.group("sec")
    return f"{match.group('ch')}.{section}" if section else match.group("ch")


def find_citations(text: str, grammar: CodeGrammar | None = None) -> list[Citation]:
    """Every citation in `text`, in order; other states' statutes as `grammar` (by
    default the codes sopkit ships) describes them."""
    return list(_citations_of(text, grammar if grammar is not None else default_grammar()))


@functools.lru_cache(maxsize=4096)
def _citations_of(text: str, grammar: CodeGrammar) -> tuple[Citation, ...]:
    # A build looks at each text several times (checks, the Authorities page, each
    # section's list, the page's links): the grammar runs once per text.
    if not _INVISIBLE.search(text):
        return tuple(_Scan(text, grammar).run())
    # Text copied from PDFs and word processors carries invisible characters (a soft
    # hyphen where a line was once broken, zero-width spaces) that split "158.441" in
    # two. The scan reads the text without them; each citation keeps the offsets, and
    # the text, of the original.
    kept = [index for index, char in enumerate(text) if not _INVISIBLE.match(char)]
    found = _Scan("".join(text[index] for index in kept), grammar).run()
    return tuple(_in_original(citation, text, kept) for citation in found)


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _in_original(citation: Citation, text: str, kept: list[int]) -> Citation:
    start, end = kept[citation.start], kept[citation.end - 1] + 1
    return dataclasses.replace(citation, start=start, end=end, text=text[start:end])
