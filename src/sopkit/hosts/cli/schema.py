"""`sopkit schema`: the JSON Schemas that editors use to check sources as you type."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sopkit.hosts.cli.common import Io
from sopkit.sources.jsonschemas import schema_documents, write_schemas
from sopkit.sources.kinds import KINDS


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "schema",
        help="write the JSON Schemas that editors use to check sources as you type",
        description="Write the JSON Schema of every source kind into a folder, or print one.",
    )
    parser.add_argument(
        "kind", nargs="?", choices=sorted(KINDS), help="print only this kind's schema"
    )
    parser.add_argument("--out", metavar="DIR", help="folder to write into (default: ./schemas)")
    parser.set_defaults(command=schema)


def schema(io: Io, *, kind: str | None, out: str | None) -> int:
    documents = schema_documents()
    if kind and not out:
        io.out.write(json.dumps(documents[kind], indent=2) + "\n")
        return 0
    kinds = [kind] if kind else sorted(documents)
    for path in write_schemas(Path(out or "schemas"), kinds):
        print(f"wrote {path.as_posix()}", file=io.out)
    return 0
