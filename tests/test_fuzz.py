"""Sources mutated at random, 2,000 times: no traceback, no exit but 0, 1 or 2, and every
error located at a line and column wherever the problem has one.

Each case takes the small fixture project, changes one of its files in one of many ways
(bytes, lines, indentation, escapes, sizes, YAML's special characters, invisible and
reserved characters, values of the wrong kind), and runs `sopkit check --format json`,
`sopkit review --format json`, `sopkit fmt --check` on the changed file and, when the check passes, the
whole rendering pipeline with PDFs' print HTML. The cases are the same on every run
(a fixed seed); `SOPKIT_FUZZ_CASES` sets how many.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import os
import random
import traceback
from collections.abc import Callable

import pytest

from conftest import AS_OF, MINIMAL, ProjectFolder
from sopkit import Layout, load_project
from sopkit.hosts.cli import main
from sopkit.pipeline import BuildOptions, build, print_documents_of

pytestmark = pytest.mark.slow

CASES = int(os.environ.get("SOPKIT_FUZZ_CASES", "2000"))
CHUNKS = 4
"""The cases run as this many tests (each its own seeds), so that parallel workers share
them."""
FILES = sorted(MINIMAL)

# Problems with a whole file, or with no file yet, that have no line to point at.
WHOLE_FILE = frozenset(
    {"file-too-large", "cannot-read", "misplaced-file", "missing-file", "link-outside-project"}
)

TOKENS = [
    "null", "~", "true", "False", "1e999", "0x1F", "0o17", "-.inf", ".nan", "2026-02-30",
    "9999-12-31", "99999 years", "9" * 400, "&a", "*a", "!!python/object:os.system", "!tag",
    "%YAML 1.1", "---", "...", "? ", "{", "}", "[", "]", ": ", "#", "|", ">-", "'", '"', "\\",
    "<script>", "{{ x }}", "[[section:nowhere]]", "[[Section:student-searches]]", "javascript:",
    "\u202e", "\u200b", "\ufffe", "\u00ad", "\x00", "\x1b", "\t", "\r", "\r\n", "\u2028",
    "\ud83d\ude00", "e\u0301", "“4.2”", "‘x’", "section 4.9", "[^9]", "## H", "# H", "| | |",
]  # fmt: skip
ESCAPES = [
    "\\u202e",
    "\\x00",
    "\\e",
    "\\ud800",
    "\\U0010ffff",
    "\\L",
    "\\N",
    "\\q",
    "\\",
    "\\uZZZZ",
]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One random change of one kind."""
    kind = rng.randrange(12)
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if kind == 0:  # bytes: flip, insert, delete
        raw = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(raw) + 1)
            op = rng.randrange(3)
            if op == 0 and at < len(raw):
                raw[at] = rng.randrange(256)
            elif op == 1:
                raw[at:at] = bytes([rng.randrange(256)])
            elif at < len(raw):
                del raw[at]
        return bytes(raw)
    if kind == 1:  # lines: delete, duplicate, swap
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        op = rng.randrange(3)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[j])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    elif kind == 2:  # indentation
        i = rng.randrange(len(lines))
        lines[i] = rng.choice([" ", "  ", "   ", "\t", ""]) + lines[i].lstrip(" ")[:None]
        if rng.random() < 0.5:
            lines[i] = " " * rng.randint(0, 9) + lines[i].lstrip()
    elif kind == 3:  # an escape inside double quotes
        i = rng.randrange(len(lines))
        key, sep, _ = lines[i].partition(": ")
        lines[i] = f'{key}{sep or ": "}"a{rng.choice(ESCAPES)}b"'
    elif kind == 4:  # a token anywhere
        at = rng.randrange(len(text) + 1)
        return _encode(text[:at] + rng.choice(TOKENS) + text[at:])
    elif kind == 5:  # a value replaced by a token
        i = rng.randrange(len(lines))
        key, sep, _ = lines[i].partition(":")
        lines[i] = f"{key}: {rng.choice(TOKENS)}" if sep else rng.choice(TOKENS)
    elif kind == 6:  # sizes
        op = rng.randrange(4)
        if op == 0:
            return data * rng.choice([2, 50, 1000])
        if op == 1:
            i = rng.randrange(len(lines))
            lines[i] += "x" * rng.choice([500, 5000, 100_000])
        elif op == 2:
            lines.append("deep: " + "[" * 60 + "]" * 60)
        else:
            lines.append("many: [" + ", ".join(["a"] * 5000) + "]")
    elif kind == 7:  # a line cut short, or joined to the next
        i = rng.randrange(len(lines))
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        if rng.random() < 0.5 and i + 1 < len(lines):
            lines[i] += lines.pop(i + 1)
    elif kind == 8:  # empty, or only whitespace or comments
        return rng.choice([b"", b"\n", b"  \n\n", b"# nothing\n", b"---\n", b"\xef\xbb\xbf"])
    elif kind == 9:  # line endings and byte order marks
        text = text.replace("\n", rng.choice(["\r\n", "\r", "\n\n"]))
        return _encode(rng.choice(["", "\ufeff"]) + text)
    elif kind == 10:  # a key renamed, or a mapping made a list
        i = rng.randrange(len(lines))
        lines[i] = lines[i].replace(":", rng.choice(["", "::", " :", ":-", ": -"]), 1)
    else:  # several changes at once
        for _ in range(3):
            data = mutate(rng, data)
        return data
    return _encode("\n".join(lines))


def _encode(text: str) -> bytes:
    """Back to bytes: bytes that were not UTF-8 come back as they were; a lone surrogate
    (which UTF-8 cannot hold) as the bytes of its code point, which is not UTF-8 either."""
    return "".join(
        c if not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF else "?" for c in text
    ).encode("utf-8", "surrogateescape")


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_mutations_never_crash_and_every_error_is_located(
    project: ProjectFolder, capsys: pytest.CaptureFixture[str], chunk: int
) -> None:
    rng = random.Random(20261201 + chunk)
    originals = {rel: project.path(rel).read_bytes() for rel in FILES}
    failures: list[str] = []
    exits: dict[int, int] = {}
    unlocated: list[str] = []
    for index, case in enumerate(range(chunk, CASES, CHUNKS)):
        rel = rng.choice(FILES)
        mutated = mutate(rng, originals[rel])
        project.write(rel, mutated)
        # Every case is checked; the other commands, slower or reading the same, run on a
        # share of the cases.
        steps: list[tuple[str, Callable[[], tuple[int, str]]]] = [
            ("check", lambda: run(["check", "--format", "json"]))
        ]
        if index % 4 == 0:
            steps.append(("review", lambda: run(["review", "--format", "json"])))
        if index % 20 == 0:  # the file that changed (the others are as they were)
            steps.append(("fmt", functools.partial(run, ["fmt", "--check", rel])))
        for name, step in steps:
            try:
                code, output = step()
            except BaseException:
                failures.append(f"case {case} ({rel}, {name}): {traceback.format_exc()}")
                continue
            finally:
                capsys.readouterr()  # argparse's own messages, for --help and the like
            exits[code] = exits.get(code, 0) + 1
            if code not in (0, 1, 2):
                failures.append(f"case {case} ({rel}, {name}): exit {code}: {output[:500]}")
            if name == "check" and code in (0, 1):
                for d in json.loads(output)["diagnostics"]:
                    located = d["line"] and d["column"]
                    if d["severity"] == "error" and d["code"] not in WHOLE_FILE and not located:
                        unlocated.append(f"case {case} ({rel}): {d}")
            if name == "check" and code == 0 and index % 3 == 0:
                try:
                    done = build(
                        load_project(Layout(project.root)), BuildOptions(as_of=AS_OF, pdf=True)
                    )
                    if done.ok:
                        print_documents_of(done, generated=_STAMP)
                except BaseException:
                    failures.append(f"case {case} ({rel}, render): {traceback.format_exc()}")
        project.write(rel, originals[rel])
    assert failures == [], "\n\n".join(failures[:5])
    assert unlocated == [], "\n".join(unlocated[:10])
    cases = len(range(chunk, CASES, CHUNKS))
    assert sum(exits.values()) == cases + len(range(0, cases, 4)) + len(range(0, cases, 20))
    assert exits.get(1, 0) > cases // 2  # the mutations really break things


_STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_the_mutations_are_varied() -> None:
    """The fuzzer is not stuck on one kind of change: 300 seeds give as many different
    files, some of them larger than a source may be, some not UTF-8."""
    data = MINIMAL["sop/04-students/interviews.yml"].encode()
    seen = {mutate(random.Random(seed), data) for seed in range(300)}
    assert len(seen) > 200
    assert any(len(m) > 512 * 1024 for m in seen)
    assert any(not _is_utf8(m) for m in seen)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
