"""A small schema language: it checks a raw tree, builds model values, and exports JSON Schema.

One declaration serves three purposes, so they can never disagree: `sopkit check`
validates sources against it, the model is built from it, and editors get the same rules
as JSON Schema (`sopkit schema`) to validate as you type.

Each value type converts a node or reports why it cannot, in plain words, prefixed by a
breadcrumb of the keys that lead to the value (`review → last_reviewed: ...`). A value
that cannot be converted becomes `INVALID`, and the record holding it is not built, but
checking goes on so that one run reports every problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sopkit.diagnostics import Diagnostic, Location, error
from sopkit.model import MonthDay, Period, Prose, Ref, Repeats
from sopkit.sources.basics import _NULLS
from sopkit.sources.basics import EARLIEST_YEAR as EARLIEST_YEAR
from sopkit.sources.basics import LATEST_YEAR as LATEST_YEAR
from sopkit.sources.basics import did_you_mean as did_you_mean
from sopkit.sources.basics import is_null as is_null
from sopkit.sources.textrules import WEB_ADDRESS, check_markdown, check_plain_text
from sopkit.sources.tree import Mapping as MappingNode
from sopkit.sources.tree import Node, Scalar, SourceText
from sopkit.sources.tree import Sequence as SequenceNode

_NOWHERE_SOURCE = SourceText("", "")


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"

    def __reduce__(self) -> str:
        # Read back from a cache (pickle) as the one INVALID, which is compared by identity.
        return "INVALID"


INVALID: Final = _Invalid()
"""What a conversion returns when the value is wrong (its problem is already reported)."""

JsonSchema = dict[str, Any]


@dataclass
class Context:
    """Where conversion is, and where problems go."""

    diagnostics: list[Diagnostic]
    crumbs: tuple[str, ...] = ()
    lenient: bool = False
    """Build a record even when one of its rules fails (they are still reported): for
    an earlier edition's sources, written when sopkit asked less of them (see
    sources/history.py)."""

    def child(self, crumb: str) -> Context:
        return Context(self.diagnostics, (*self.crumbs, crumb), self.lenient)

    @property
    def key(self) -> str:
        """The innermost key name, for hints such as `key: "value"`."""
        for crumb in reversed(self.crumbs):
            if not crumb.startswith("item "):
                return crumb
        return "value"

    def fail(self, where: Node | Location, code: str, problem: str, hint: str = "") -> _Invalid:
        location = where if isinstance(where, Location) else where.location
        prefix = " → ".join(self.crumbs)
        message = f"{prefix}: {problem}" if prefix else problem
        self.diagnostics.append(error(location, code, message, hint))
        return INVALID

    def report(self, problems: list[Diagnostic]) -> None:
        self.diagnostics.extend(problems)


# -- reading plain scalars the way YAML tools do ---------------------------------------

_CURLY_QUOTED = re.compile(
    "[\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u201a\u201b].*[\u201c\u201d\u2018\u2019\u201e\u201f\u00ab\u00bb\u201a\u201b]",
    re.S,
)
_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_INT = re.compile(r"^[-+]?(?:[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ].*)?$")


def yaml_reading(scalar: Scalar) -> str | None:
    """What other YAML tools would read an unquoted value as, when that is not text."""
    if not scalar.is_plain:
        return None
    value = scalar.value
    if value in _NULLS:
        return "nothing (null)"
    if value in _BOOLS:
        return "true or false"
    if _INT.match(value) or _FLOAT.match(value):
        return "a number"
    if _DATE_SHAPE.match(value):
        return "a date"
    return None


_PLAIN_SAFE = re.compile(r"[A-Za-z(][^\n]*")
_PLAIN_UNSAFE = re.compile(r": |\s#|[\[\]{},]|[:\s]$")


def yaml_value(text: str) -> str:
    """`text` as a YAML value that reads back as exactly that text: plain when it can be,
    double-quoted when it must be. Hints use it to suggest text that works as written."""
    plain = Scalar(source=_NOWHERE_SOURCE, line=0, column=0, value=text)
    if _PLAIN_SAFE.fullmatch(text) and not _PLAIN_UNSAFE.search(text) and not yaml_reading(plain):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _too_long(scalar: Scalar, ctx: Context, what: str, limit: int, hint: str) -> _Invalid:
    length = len(scalar.value.strip())
    return ctx.fail(
        scalar, "too-long", f"{what} is {length} characters long; at most {limit} are allowed", hint
    )


def _shorten(text: str, limit: int = 40) -> str:
    """A long value as a message quotes it: its start, then an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_as_yaml_reads_it(value: str) -> str:
    try:
        number = float(value.replace("_", ""))
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and "." not in value else repr(number)


# -- value types ---------------------------------------------------------------------


class ValueType:
    """Converts one node; subclasses say what they accept."""

    description: str
    """What the value is, in words, for messages: 'a date (YYYY-MM-DD)'."""

    def convert(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> JsonSchema:
        raise NotImplementedError

    def example(self) -> str:
        return "..."


class ScalarType(ValueType):
    """A type whose values are single scalars: subclasses convert the scalar."""

    expected: str = ""
    """How a wrong-type message names what was expected; the description if empty."""

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Scalar):
            if self.curly_quotes_matter and _CURLY_QUOTED.fullmatch(node.value.strip()):
                return self._curly_quotes(node, ctx)
            return self.convert_scalar(node, ctx)
        if _is_bracketed_reference(node):
            ctx.report([bracketed_reference(node.location)])
            return INVALID
        return ctx.fail(
            node,
            "wrong-type",
            f"expected {self.expected or self.description}, found {node.kind_name}",
            f"write a single value after the colon, e.g. {ctx.key}: {self.example()}",
        )

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> Any:
        raise NotImplementedError

    curly_quotes_matter = True
    """Curly quotes around a value are a word processor's, not YAML's: for a code, a
    date or a choice they are always a mistake. Text may hold them."""
    quote_in_hints = True
    """Whether the straight-quoted form is what to write (not for true and false)."""

    def _curly_quotes(self, scalar: Scalar, ctx: Context) -> _Invalid:
        value = scalar.value.strip()
        inner = value[1:-1].strip()
        written = f'"{inner}"' if self.quote_in_hints else inner
        return ctx.fail(
            scalar,
            "curly-quotes",
            f"{value} is written with curly quotes ({value[0]} {value[-1]}), which YAML does not "
            "read as quotes: they become part of the value",
            f"use straight quotes: {ctx.key}: {written}",
        )


@dataclass
class Text(ScalarType):
    """Plain text: a title, a name. Not Markdown."""

    description: str = "text"
    single_line: bool = True
    example_value: str = "..."
    expected: str = "text"
    max_length: int = 1000
    """Longest value accepted: a title or name longer than this is a mistake."""
    curly_quotes_matter = False

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | _Invalid:
        reading = yaml_reading(scalar)
        if reading and reading != "nothing (null)":
            return ctx.fail(
                scalar,
                "unquoted-value",
                f"'{scalar.value}' is read by YAML as {reading}, not as text",
                f'put it in quotes: {ctx.key}: "{scalar.value}"',
            )
        value = scalar.value.strip()
        if self.single_line and "\n" in value:
            return ctx.fail(
                scalar,
                "multi-line",
                "must be a single line",
                f"join the lines into one (to wrap a long value in the file, write >- after the "
                f"colon), e.g. {ctx.key}: {yaml_value(' '.join(value.split()))}",
            )
        if len(value) > self.max_length:
            hint = "shorten it (longer explanations belong in a body or notes)"
            return _too_long(scalar, ctx, "this text", self.max_length, hint)
        ctx.report(check_plain_text(scalar.value, scalar.locate, " → ".join(ctx.crumbs)))
        return value

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}

    def example(self) -> str:
        return self.example_value


@dataclass
class Markdown(ScalarType):
    """Markdown text, checked against the text rules."""

    description: str = "Markdown text"
    example_value: str = "The text, in Markdown."
    curly_quotes_matter = False

    def example(self) -> str:
        return self.example_value

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> Prose | _Invalid:
        ctx.report(check_markdown(scalar.value, scalar.locate, " → ".join(ctx.crumbs)))
        return Prose(scalar.value.rstrip("\n") + ("\n" if scalar.is_block else ""), scalar)

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "minLength": 1}


@dataclass
class Code(ScalarType):
    """A code or number that must stay text, such as a section number or policy code."""

    description: str
    pattern: str
    example_value: str
    make_ref: bool = False
    max_length: int = 200

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | Ref | _Invalid:
        value = scalar.value.strip()
        if len(value) > self.max_length:
            hint = f'write it like "{self.example_value}"'
            return _too_long(scalar, ctx, f"this {self.description}", self.max_length, hint)
        if yaml_reading(scalar) == "a number":
            return ctx.fail(
                scalar,
                "unquoted-code",
                f"{self.description} {value} is written as a number, and YAML reads it as "
                f"{_number_as_yaml_reads_it(value)}; codes must keep every digit",
                f'put it in quotes: "{value}"',
            )
        if not re.fullmatch(self.pattern, value):
            return ctx.fail(
                scalar,
                "bad-code",
                f"'{value}' is not a valid {self.description}",
                f'write it like "{self.example_value}"',
            )
        return Ref(value, scalar.location) if self.make_ref else value

    def json_schema(self) -> JsonSchema:
        return {
            "type": "string",
            "pattern": f"^(?:{self.pattern})$",
            "maxLength": self.max_length,
        }

    def example(self) -> str:
        return f'"{self.example_value}"'


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
"""Ids become page addresses and file names, which have length limits of their own."""


_POLICY_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|\d{2}\.\d{1,5}(?: AP\.\d{1,4})?")


def is_id(text: str) -> bool:
    """Whether `text` has the shape of a permanent id."""
    return len(text) <= MAX_ID_LENGTH and _SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """A permanent-id-shaped version of `text`."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class Identifier(ScalarType):
    """A permanent id: lower-case words joined by hyphens. As a reference, yields a `Ref`."""

    description: str = "id"
    make_ref: bool = False
    example_value: str = "daily-patrol"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | Ref | _Invalid:
        value = scalar.value.strip()
        if len(value) > MAX_ID_LENGTH:
            hint = f"use a shorter id of a few words, e.g. {self.example_value}"
            return _too_long(scalar, ctx, f"this {self.description}", MAX_ID_LENGTH, hint)
        if not _SLUG.fullmatch(value):
            suggestion = slugify(value) or self.example_value
            return ctx.fail(
                scalar,
                "bad-id",
                f"'{value}' is not a valid {self.description}: ids use lower-case letters, "
                "digits and hyphens",
                f"write it as {suggestion}",
            )
        return Ref(value, scalar.location) if self.make_ref else value

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": f"^{_SLUG.pattern}$", "maxLength": MAX_ID_LENGTH}

    def example(self) -> str:
        return self.example_value


@dataclass
class ClauseRefType(ScalarType):
    """A clause of the manual's policy by its id (roles-jurisdiction), or of another
    policy by that policy's id or code and the clause id (student-records#purpose,
    "09.14#purpose"). Yields a `Ref`; the checks of meaning resolve it."""

    description: str = "clause id"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> Ref | _Invalid:
        value = scalar.value.strip()
        policy, sep, clause = value.rpartition("#")
        shaped = _SLUG.fullmatch(clause) and (not sep or _POLICY_KEY.fullmatch(policy))
        if not sep and _POLICY_KEY.fullmatch(value):
            # A policy's code where a clause belongs: the checks of meaning, which know
            # the policy's clauses, say which to write.
            return Ref(value, scalar.location)
        if len(value) > 2 * MAX_ID_LENGTH or not shaped:
            suggestion = slugify(clause) or "roles-jurisdiction"
            return ctx.fail(
                scalar,
                "bad-id",
                f"'{value}' is not a clause reference: a clause id (lower-case letters, digits "
                "and hyphens), or POLICY#CLAUSE for a clause of another policy",
                f"write it as {suggestion}, or as 09.14#{suggestion} (the policy's code or id, "
                "then #, then the clause id)",
            )
        return Ref(value, scalar.location)

    def json_schema(self) -> JsonSchema:
        pattern = f"^(?:(?:{_POLICY_KEY.pattern})#)?{_SLUG.pattern}$"
        return {"type": "string", "pattern": pattern}

    def example(self) -> str:
        return "roles-jurisdiction"


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Date(ScalarType):
    """A calendar date written YYYY-MM-DD."""

    description: str = "a date (YYYY-MM-DD)"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> dt.date | _Invalid:
        value = scalar.value.strip()
        match = _DATE.fullmatch(value)
        if not match:
            meant = _date_meant(value)
            return ctx.fail(
                scalar,
                "bad-date",
                f"'{value}' is not a date written as YYYY-MM-DD",
                f"write it as year-month-day, e.g. {ctx.key}: {meant or '2025-03-12'}",
            )
        year, month, day = (int(part) for part in match.groups())
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return ctx.fail(
                scalar,
                "bad-date",
                f"{value} is outside the years sopkit accepts ({EARLIEST_YEAR} to {LATEST_YEAR})",
                f"check the year, e.g. {ctx.key}: {_clamped_date(2025, month, day)}",
            )
        reason = _impossible_date(year, month, day)
        if reason:
            return ctx.fail(
                scalar,
                "bad-date",
                f"{value} is not a real date: {reason}",
                f"check the day and month, e.g. {ctx.key}: {_clamped_date(year, month, day)}",
            )
        return dt.date(year, month, day)

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}

    def example(self) -> str:
        return "2025-03-12"


def _date_meant(text: str) -> str | None:
    """The day a date written another way (12 March 2025, 3/12/2025) means, as
    YYYY-MM-DD, when that is clear."""
    from dateutil import parser  # imported here: only a wrong date needs it

    if not re.search(r"\d{4}", text) or len(text) > 40:
        return None  # without a full year the reading is a guess
    try:
        meant = parser.parse(text, dayfirst=False, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return meant.date().isoformat() if EARLIEST_YEAR <= meant.year <= LATEST_YEAR else None


def _clamped_date(year: int, month: int, day: int) -> str:
    """The nearest real date: month 13 becomes 12, April 31 becomes April 30."""
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def _impossible_date(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    return ""


@dataclass
class Integer(ScalarType):
    description: str = "a whole number"
    minimum: int = 0
    maximum: int = 10_000

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> int | _Invalid:
        value = scalar.value.strip()
        if not re.fullmatch(r"[0-9]+", value):
            return ctx.fail(
                scalar,
                "wrong-type",
                f"'{_shorten(value)}' is not {self.description}",
                f"write digits only, e.g. {ctx.key}: {max(self.minimum, 1)}",
            )
        # Compared as digits first: int() of thousands of digits is refused by Python.
        number = int(value) if len(value.lstrip("0")) <= len(str(self.maximum)) else None
        if number is None or not self.minimum <= number <= self.maximum:
            nearest = self.minimum if number is not None and number < self.minimum else self.maximum
            return ctx.fail(
                scalar,
                "out-of-range",
                f"{_shorten(value)} is out of range",
                f"use a number from {self.minimum} to {self.maximum}, e.g. {ctx.key}: {nearest}",
            )
        return number

    def json_schema(self) -> JsonSchema:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def example(self) -> str:
        return "1"


@dataclass
class Boolean(ScalarType):
    description: str = "true or false"
    quote_in_hints = False

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> bool | _Invalid:
        if scalar.is_plain and scalar.value in ("true", "false"):
            return scalar.value == "true"
        return ctx.fail(
            scalar, "wrong-type", f"'{scalar.value}' is not true or false", "write true or false"
        )

    def json_schema(self) -> JsonSchema:
        return {"type": "boolean"}

    def example(self) -> str:
        return "true"


@dataclass
class Choice(ScalarType):
    """One of a fixed set of words."""

    options: tuple[str, ...]
    description: str = "value"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | _Invalid:
        value = scalar.value.strip()
        if value in self.options:
            return value
        close = difflib.get_close_matches(value, list(self.options), n=1, cutoff=0.6)
        return ctx.fail(
            scalar,
            "bad-choice",
            f"'{value}' is not a {self.description}{did_you_mean(value, self.options)}",
            f"write one of {', '.join(self.options)}, e.g. {ctx.key}: "
            f"{close[0] if close else self.options[0]}",
        )

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "enum": list(self.options)}

    def example(self) -> str:
        return self.options[0]


_PERIOD = re.compile(r"([0-9]+) (year|month|week|day)s?")
_UNITS = {"year": "years", "month": "months", "week": "days", "day": "days"}
PERIOD_LIMITS = {"year": 100, "month": 1200, "week": 5200, "day": 36500}
"""The longest period in each unit (a century): enough for any review cycle or notice,
and short enough that date arithmetic never runs off the calendar."""


def parse_period(text: str) -> Period | None:
    """'2 years' → Period(years=2); None when the text is not a period (or is zero, or
    longer than a century)."""
    match = _PERIOD.fullmatch(text.strip())
    if not match or period_too_long(text):
        return None
    count, unit = int(match.group(1)), match.group(2)
    if count == 0:
        return None
    return Period(**{_UNITS[unit]: count * (7 if unit == "week" else 1)})


def period_too_long(text: str) -> bool:
    """True when `text` is a period, in form, but longer than sopkit allows."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        return False
    digits, unit = match.group(1).lstrip("0"), match.group(2)
    return len(digits) > 6 or int(digits or 0) > PERIOD_LIMITS[unit]


_TOO_LONG = "at most 100 years (1200 months, 5200 weeks, 36500 days)"


@dataclass
class PeriodType(ScalarType):
    description: str = "a length of time such as '2 years' or '90 days'"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> Period | _Invalid:
        if period_too_long(scalar.value):
            return ctx.fail(
                scalar,
                "bad-period",
                f"'{_shorten(scalar.value.strip())}' is too long: a length of time may be "
                f"{_TOO_LONG}",
                f"write a shorter length of time, e.g. {ctx.key}: 2 years",
            )
        period = parse_period(scalar.value)
        if period is None:
            return ctx.fail(
                scalar,
                "bad-period",
                f"'{scalar.value}' is not a length of time",
                "write a number and a unit (years, months, weeks or days), e.g. "
                f"{ctx.key}: 2 years",
            )
        return period

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": f"^{_PERIOD.pattern}$"}

    def example(self) -> str:
        return "2 years"


_REPEATS = re.compile(r"every (?:([0-9]+) )?(year|month|week)s?")


@dataclass
class RepeatsType(ScalarType):
    description: str = "a schedule such as 'every year', 'every 2 years', 'once' or 'as needed'"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> Repeats | _Invalid:
        text = scalar.value.strip()
        if text in ("once", "as needed"):
            return Repeats(kind=text)  # type: ignore[arg-type]
        match = _REPEATS.fullmatch(text)
        written = f"{match.group(1) or 1} {match.group(2)}" if match else ""
        if match and period_too_long(written):
            return ctx.fail(
                scalar,
                "bad-schedule",
                f"'{_shorten(text)}' repeats too seldom: a schedule may repeat {_TOO_LONG}",
                f"write a shorter schedule, e.g. {ctx.key}: every 2 years",
            )
        period = parse_period(written) if match else None
        if period is None:
            return ctx.fail(
                scalar,
                "bad-schedule",
                f"'{text}' is not a schedule",
                "write every year, every N years (or months, weeks), once, or as needed, e.g. "
                f"{ctx.key}: every year",
            )
        return Repeats(kind="every", period=period)

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": f"^(?:once|as needed|{_REPEATS.pattern})$"}

    def example(self) -> str:
        return "every year"


_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


@dataclass
class MonthDayType(ScalarType):
    description: str = "a day of the year such as 'November 1'"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> MonthDay | _Invalid:
        match = re.fullmatch(r"([A-Z][a-z]+) ([0-9]{1,2})", scalar.value.strip())
        month = _MONTHS.get(match.group(1)) if match else None
        if match is None or month is None:
            return ctx.fail(
                scalar,
                "bad-day",
                f"'{scalar.value}' is not a day of the year",
                f"write the month's name and the day, e.g. {ctx.key}: November 1",
            )
        day = int(match.group(2))
        if not 1 <= day <= calendar.monthrange(2001, month)[1]:
            last = calendar.monthrange(2001, month)[1]
            return ctx.fail(
                scalar,
                "bad-day",
                f"{match.group(1)} has no day {day} every year",
                f"choose a day that exists every year, e.g. {ctx.key}: {match.group(1)} "
                f"{min(max(day, 1), last)}",
            )
        return MonthDay(month, day)

    def json_schema(self) -> JsonSchema:
        names = "|".join(_MONTHS)
        return {"type": "string", "pattern": f"^(?:{names}) [0-9]{{1,2}}$"}

    def example(self) -> str:
        return "November 1"


@dataclass
class Url(ScalarType):
    description: str = "a web address starting with https://"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | _Invalid:
        value = scalar.value.strip()
        if not WEB_ADDRESS.fullmatch(value):
            bare = re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>\"]*)?", value)
            example = f"https://{value}" if bare else self.example()
            return ctx.fail(
                scalar,
                "bad-url",
                f"'{_shorten(value)}' is not a web address",
                f"write the full address, starting with https://, e.g. {ctx.key}: {example}",
            )
        return value

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": r"^https?://\S+$", "format": "uri"}

    def example(self) -> str:
        return "https://example.org/minutes/2025-03-12"


@dataclass
class UrlTemplate(ScalarType):
    """A web address with placeholders ({chapter}) that sopkit fills in. It is checked
    as strictly as an address: http or https, and only its own placeholders, since a
    format string that may name anything ({chapter.__class__}) reaches Python's
    internals."""

    placeholders: frozenset[str]
    description: str = "a web address template"

    def convert_scalar(self, scalar: Scalar, ctx: Context) -> str | _Invalid:
        value = scalar.value.strip()
        names = ", ".join("{" + name + "}" for name in sorted(self.placeholders))
        if not WEB_ADDRESS.fullmatch(value):
            return ctx.fail(
                scalar,
                "bad-url",
                f"'{_shorten(value)}' is not a web address",
                f"write the full address, starting with https://, with the placeholders {names}",
            )
        try:
            fields = [f for f in string.Formatter().parse(value) if f[1] is not None]
        except ValueError as exc:
            return ctx.fail(scalar, "bad-url", f"its braces do not pair up ({exc})", f"use {names}")
        for _, name, spec, conversion in fields:
            if (
                name not in self.placeholders
                or conversion
                or not re.fullmatch(r"0?[0-9]?", spec or "")
            ):
                written = (
                    "{"
                    + (name or "")
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "")
                    + "}"
                )
                return ctx.fail(
                    scalar,
                    "bad-url",
                    f"'{written}' is not a placeholder of this template",
                    f"use {names} (a number may be padded: {{title:03}})",
                )
        return value

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": r"^https?://\S+$"}

    def example(self) -> str:
        return "https://example.org/{" + sorted(self.placeholders)[0] + "}"


@dataclass
class ListOf(ValueType):
    """A list of values of one type."""

    item: ValueType
    description: str = "a list"
    min_items: int = 0
    unique: bool = False

    def convert(self, node: Node, ctx: Context) -> tuple[Any, ...] | _Invalid:
        if not isinstance(node, SequenceNode):
            shown = f" '{node.value}'" if isinstance(node, Scalar) else ""
            return ctx.fail(
                node,
                "wrong-type",
                f"expected {self.description}, found {node.kind_name}{shown}",
                f"write it as a list, e.g. {ctx.key}: {self.example()}",
            )
        if len(node.items) < self.min_items:
            return ctx.fail(
                node,
                "too-few",
                f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}",
                f"add an item, e.g. {ctx.key}: {self.example()}",
            )
        values = [
            self.item.convert(item, ctx.child(_item_crumb(item, i)))
            for i, item in enumerate(node.items)
        ]
        if self.unique:
            _report_repeats(node.items, values, ctx)
        if any(value is INVALID for value in values):
            return INVALID
        return tuple(values)

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def example(self) -> str:
        """A one-item list in YAML's brackets, which is valid wherever a value goes."""
        return f"[{self.item.example()}]"


def bracketed_reference(location: Location) -> Diagnostic:
    return error(
        location,
        "reference-first",
        "a value that starts with [[ is read by YAML as a list, not as text",
        "put the whole value in double quotes, or start it with a word (see [[section:...]])",
    )


def _is_bracketed_reference(node: Node) -> bool:
    """[[section:x]] written as a whole value, which YAML reads as a list in a list."""
    return (
        isinstance(node, SequenceNode)
        and len(node.items) == 1
        and isinstance(node.items[0], SequenceNode)
        and len(node.items[0].items) == 1
        and isinstance(node.items[0].items[0], Scalar)
        and node.items[0].items[0].value.lower().startswith("section:")
    )


def _item_crumb(item: Node, index: int) -> str:
    if isinstance(item, MappingNode):
        identifier = item.get("id")
        if isinstance(identifier, Scalar) and identifier.value:
            return identifier.value
    return f"item {index + 1}"


def _report_repeats(items: Sequence[Node], values: Sequence[Any], ctx: Context) -> None:
    seen: set[str] = set()
    for node, value in zip(items, values, strict=True):
        key = str(value)
        if value is not INVALID and key in seen:
            ctx.fail(node, "repeated-item", f"'{key}' is listed twice", "delete the second one")
        seen.add(key)


@dataclass(frozen=True)
class Field:
    """One key of a record."""

    name: str
    type: ValueType
    doc: str
    required: bool = False
    example: str = ""
    """A realistic value for hints; the type's own example when empty."""

    def example_text(self) -> str:
        return self.example or self.type.example()


Rule = Callable[[dict[str, Any], MappingNode, Context], None]


@dataclass
class Record(ValueType):
    """A mapping with known keys, built into a model value by `factory`."""

    factory: Callable[..., Any]
    fields: tuple[Field, ...]
    description: str = "a record"
    doc: str = ""
    rules: tuple[Rule, ...] = ()
    """Checks that involve several keys; they report through the context."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Fixed keyword arguments for the factory."""

    def convert(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            return ctx.fail(
                node,
                "wrong-type",
                f"expected {self.description} (keys with values), found {node.kind_name}",
                "write one 'key: value' per line, indented under this key",
            )
        known = {f.name: f for f in self.fields}
        values: dict[str, Any] = {}
        spans: dict[str, Location] = {}
        invalid: set[str] = set()
        present = {key.value for key, _ in node.entries}
        for key, value in node.entries:
            spec = known.get(key.value)
            if spec is None:
                invalid |= self._report_unknown(key, known, present, ctx)
                continue
            if is_null(value):
                spans[key.value] = key.location
                continue
            spans[key.value] = value.location
            converted = spec.type.convert(value, ctx.child(key.value))
            if converted is INVALID:
                invalid.add(key.value)
            else:
                values[key.value] = converted
        missing = self._report_missing(node, values, spans, invalid, ctx)
        if missing or any(known[name].required for name in invalid):
            return INVALID
        if not invalid:
            before = len(ctx.diagnostics)
            for rule in self.rules:
                rule(values, node, ctx)
            if len(ctx.diagnostics) > before and not ctx.lenient:
                return INVALID
        # A record whose only problems are in optional keys is still built without them
        # (those problems are already reported), so that the checks across files can
        # go on and one run reports as much as it can.
        return self.factory(**values, **self.extra, location=node.location, spans=spans)

    def _report_unknown(
        self, key: Scalar, known: dict[str, Field], present: set[str], ctx: Context
    ) -> set[str]:
        """Report an unknown key; return the known key it is a misspelling of, if any."""
        close = difflib.get_close_matches(key.value, list(known), n=1, cutoff=0.6)
        if close and close[0] not in present:
            ctx.fail(
                key,
                "unknown-key",
                f"unknown key '{key.value}' (did you mean '{close[0]}'?)",
                f"rename it to {close[0]}",
            )
            return {close[0]}
        ctx.fail(
            key,
            "unknown-key",
            f"unknown key '{key.value}'{did_you_mean(key.value, list(known))}",
            f"{self.description} can have: {', '.join(known)}",
        )
        return set()

    def _report_missing(
        self,
        node: MappingNode,
        values: dict[str, Any],
        spans: dict[str, Location],
        invalid: set[str],
        ctx: Context,
    ) -> bool:
        missing = False
        for spec in self.fields:
            if not spec.required or spec.name in values or spec.name in invalid:
                continue
            missing = True
            inside = _key_inside_text(node, spec.name)
            if inside is not None:
                line, text_key = inside
                ctx.fail(
                    Location(node.source.path, line.number, line.column),
                    "missing-key",
                    f"the required key '{spec.name}' is inside the text of '{text_key}', "
                    "because it is indented like that text",
                    f"move '{spec.name}:' left to column {node.column}, lined up with "
                    f"'{text_key}:'",
                )
            elif spec.name in spans:
                ctx.fail(
                    spans[spec.name],
                    "empty-value",
                    f"'{spec.name}' has no value",
                    f"write a value after the colon, e.g. {spec.name}: {spec.example_text()}",
                )
            else:
                ctx.fail(
                    node,
                    "missing-key",
                    f"the required key '{spec.name}' is missing",
                    f"add it, e.g. {spec.name}: {spec.example_text()}",
                )
        return missing

    def json_schema(self) -> JsonSchema:
        properties: dict[str, JsonSchema] = {}
        for spec in self.fields:
            schema = dict(spec.type.json_schema())
            if not spec.required:
                schema = {"anyOf": [schema, {"type": "null"}]}
            schema["description"] = spec.doc
            if spec.example:
                schema["examples"] = [spec.example]
            properties[spec.name] = schema
        out: JsonSchema = {
            "type": "object",
            "description": self.doc or self.description,
            "properties": properties,
            "additionalProperties": False,
        }
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            out["required"] = required
        return out

    def example(self) -> str:
        """The required keys in YAML's braces: a value that passes as it is written."""
        required = ", ".join(f"{f.name}: {f.example_text()}" for f in self.fields if f.required)
        return "{" + required + "}"


@dataclass(frozen=True)
class _Line:
    number: int
    column: int


def _key_inside_text(node: MappingNode, key: str) -> tuple[_Line, str] | None:
    """Where `key:` starts a line inside the block text (| or >) of another key of the
    mapping: indented like the text, it became part of it."""
    pattern = re.compile(rf"^( +){re.escape(key)}:(?:[ ]|$)")
    for name, value in node.entries:
        if not isinstance(value, Scalar) or not value.is_block:
            continue
        last = min(value.end_line or value.line, len(value.source.lines))
        for number in range(value.line + 1, last + 1):
            match = pattern.match(value.source.lines[number - 1])
            if match:
                return _Line(number, len(match.group(1)) + 1), name.value
    return None


@dataclass
class Either(ValueType):
    """A short form (a scalar) or a long form (a record), such as a step."""

    short: ValueType
    long: Record
    from_short: Callable[[Any], Any]
    description: str = "a value"

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Scalar):
            value = self.short.convert(node, ctx)
            return value if value is INVALID else self.from_short(value)
        if isinstance(node, MappingNode):
            return self.long.convert(node, ctx)
        if _is_bracketed_reference(node):
            ctx.report([bracketed_reference(node.location)])
            return INVALID
        keys = ", ".join(f"{f.name}:" for f in self.long.fields)
        return ctx.fail(
            node,
            "wrong-type",
            f"expected {self.description}: a line of text, or keys ({keys}), "
            f"found {node.kind_name}",
            "write the step as text after the dash: - Tell the principal.",
        )

    def json_schema(self) -> JsonSchema:
        return {"oneOf": [self.short.json_schema(), self.long.json_schema()]}

    def example(self) -> str:
        return self.short.example()


def document_schema(record: Record, title: str) -> JsonSchema:
    """A complete JSON Schema document for one source kind."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        **record.json_schema(),
    }
