"""How fast citations are found: `sopkit cite` on 1 MB of policy text.

Two megabytes of text, measured side by side:

- *policy prose*: the repository's own policy and SOP sources, repeated to 1 MB (about
  the density of citations in real policies);
- *dense*: sentences that each hold several citations of every form (statutes with
  pinpoints, ranges, lists, regulations, federal law, policy codes) among numbers that
  are not citations, about twenty times denser: the worst case.

For each, as the median of several runs: the grammar alone (`find_citations`, in-process)
and the command with start-up included (`sopkit cite --format json FILE`).

    .venv/bin/python benchmarks/cite_speed.py [--runs 5] [--megabytes 1]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sopkit.law.citations import find_citations

SENTENCES = [
    "An SSO is vested with authority as described in KRS 61.902 to KRS 61.930 and other law.",
    "Under KRS 160.340(4)(a) and 158.441, the board shall adopt procedures by November 1, 2026.",
    "Restraint and seclusion follow 704 KAR 7:160, Section 3, and 702 KAR 5:080 and 5:090.",
    "Records are kept as FERPA requires (20 U.S.C. § 1232g(b)(1); 34 CFR 99.31, 99.36).",
    "Officers complete forty (40) hours of training; call (502) 485-3000 for the schedule.",
    "RELATED POLICIES: 09.14; 09.2211; 09.227 and the procedure (09.14 AP.111) apply.",
    "See KRS Chapters 15, 61, and 158, Pub. L. 107-110, and Section 504 of the Rehabilitation Act.",
    "The fee was $1,250.00 in 2019 and 12.5 percent of 3,400 students took part in 14 schools.",
]


REPO = Path(__file__).resolve().parent.parent


def policy_prose(megabytes: float) -> str:
    sources = sorted(
        [*REPO.glob("sop/*/*.yml"), *REPO.glob("policy_data/policies/*/versions/*.yml")]
    )
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    copies = int(megabytes * 1024 * 1024 / len(corpus.encode())) + 1
    return "\n".join([corpus] * copies)[: int(megabytes * 1024 * 1024)]


def make_text(megabytes: float) -> str:
    size = int(megabytes * 1024 * 1024)
    pieces, total = [], 0
    for sentence in itertools.cycle(SENTENCES):
        pieces.append(sentence)
        total += len(sentence) + 1
        if total >= size:
            break
    return "\n".join(pieces)


def measure(text: str, runs: int, folder: Path) -> tuple[int, list[float], list[float]]:
    path = folder / "policy.txt"
    path.write_text(text, encoding="utf-8")
    grammar, command = [], []
    for _ in range(runs):
        started = time.perf_counter()
        found = find_citations(text)
        grammar.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "sopkit"), "cite", "--format", "json", str(path)],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        command.append(time.perf_counter() - started)
    return len(found), grammar, command


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    print(f"{args.megabytes:.2f} MB of text each; median of {args.runs} runs.\n")
    print("| Text | Citations | `find_citations` | `sopkit cite --format json` |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in (
            ("policy prose", policy_prose(args.megabytes)),
            ("dense", make_text(args.megabytes)),
        ):
            count, grammar, command = measure(text, args.runs, Path(tmp))
            median = statistics.median
            print(f"| {label} | {count} | {median(grammar):.3f} s | {median(command):.3f} s |")


if __name__ == "__main__":
    main()
