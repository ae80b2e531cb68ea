"""Measure the citation grammar on a labelled set of passages.

Writes the predictions file that the set's scorer reads, then you run the scorer:

    .venv/bin/python benchmarks/score_citations.py PASSAGES.jsonl --out predictions.json
    python3 score.py predictions.json --gt ground_truth.json --passages PASSAGES.jsonl

The passages stay where they are: nothing from them is copied into the project.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sopkit.law.citations import find_citations


def predictions(passages: Path) -> dict[str, object]:
    out = []
    for line in passages.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        passage = json.loads(line)
        found = find_citations(passage["text"])
        out.append({"id": passage["id"], "citations": [c.as_json() for c in found]})
    return {"passages": out}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("passages", type=Path)
    parser.add_argument("--out", type=Path, default=Path("predictions.json"))
    args = parser.parse_args()
    args.out.write_text(json.dumps(predictions(args.passages), indent=1), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
