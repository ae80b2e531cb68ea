"""Generate realistic SOP manuals of any size, for the benchmarks.

`generate(folder, sections=N)` writes a sopkit project: the repository's real policy and
registries (`policy_data/`), its `sop/manual.yml`, and N sections in chapters of ten,
each like a real section: a summary, an owner and audiences, clauses it carries out,
training topics, related sections, a review record, a body of several paragraphs made
from the sentences of the shipped sample (with their statute citations), a heading or
two, sometimes a table or a note box, and steps with actors. About one section in ten is
internal. The same seed gives the same manual.

`plain_site(project, folder)` writes the same pages as an ordinary MkDocs site: every
page that sopkit would generate, as Markdown files in `docs/`, with the same theme
settings and navigation, and no sopkit plugin. Building both measures what the plugin
itself costs.

    .venv/bin/python benchmarks/generate.py FOLDER --sections 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import textwrap
from pathlib import Path

from ruamel.yaml import YAML

from sopkit import Layout
from sopkit.hosts.mkdocs_plugin.nav import expand_nav
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.project import load_project

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)
SECTIONS_PER_CHAPTER = 10

# The site settings of the shipped mkdocs.yml that matter for speed, without the pages
# and plugins that only document sopkit itself (mkdocstrings).
THEME = {
    "name": "material",
    "font": False,
    "features": [],  # filled from the shipped mkdocs.yml
}
TOPIC_WORDS = [
    "arrival",
    "dismissal",
    "visitors",
    "lockdown",
    "reunification",
    "transport",
    "athletics",
    "dances",
    "field-trips",
    "interviews",
    "searches",
    "arrests",
    "restraint",
    "de-escalation",
    "radios",
    "vehicles",
    "uniforms",
    "evidence",
    "reports",
    "records",
    "retention",
    "release",
    "training",
    "qualification",
    "firearms",
    "equipment",
    "threats",
    "weather",
    "fire",
    "medical",
    "custody",
    "parents",
    "mentoring",
    "outreach",
    "data",
    "metrics",
    "board",
    "review",
]


def _shipped() -> dict[str, object]:
    yaml = YAML(typ="safe")
    config: dict[str, object] = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return config


_REFERENCE = re.compile(r"\[\[[Ss]ection:[^\]]*\]\]")


def _plain(text: str) -> str:
    """Sample text for a generated section: its references to the sample's sections,
    which the generated manual does not have, become words."""
    return " ".join(_REFERENCE.sub("the related section", text).split())


def _corpus() -> tuple[list[str], list[str]]:
    """Paragraphs and steps of the shipped sample, to write generated sections from."""
    yaml = YAML(typ="safe")
    paragraphs: list[str] = []
    steps: list[str] = []
    for path in sorted((REPO / "sop").glob("*/*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "number" not in data:
            continue
        for block in str(data.get("body") or "").split("\n\n"):
            block = block.strip()
            if (
                block
                and not block.startswith(("#", "!!!", "|", "-", "1."))
                and "\n    " not in block
            ):
                paragraphs.append(_plain(block))
        for step in data.get("steps") or []:
            text = step["text"] if isinstance(step, dict) else step
            steps.append(_plain(str(text)))
    return paragraphs, steps


SERIES = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10")


def generate(folder: Path, sections: int, seed: int = 1, policies: int = 0) -> Path:
    """A project with `sections` sections in `folder` (created), and `policies` more
    board policies of three versions each, with codes across ten series; returns the
    folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "policy_data", folder / "policy_data")
    (folder / "sop").mkdir()
    # The shipped manual's settings, without the sections its home page starts with
    # (the generated manual has sections of its own).
    shipped = (REPO / "sop" / "manual.yml").read_text(encoding="utf-8")
    without_start = re.sub(r"^start_here:\n(?:  - .*\n)+", "", shipped, flags=re.M)
    assert without_start != shipped, "sop/manual.yml has no start_here list"
    (folder / "sop" / "manual.yml").write_text(without_start, encoding="utf-8")
    yaml = YAML(typ="safe")
    manual = yaml.load((REPO / "sop" / "manual.yml").read_text(encoding="utf-8"))
    roles = [role["id"] for role in manual["roles"]]
    audiences = [audience["id"] for audience in manual["audiences"]]
    version = yaml.load(
        (REPO / "policy_data/policies/school-safety-officers/versions/v2.yml").read_text()
    )
    clauses = [clause["id"] for clause in version["clauses"]]
    training = yaml.load((REPO / "policy_data" / "training.yml").read_text())
    topics = [t["id"] for curriculum in training["curricula"] for t in curriculum["topics"]]
    paragraphs, steps = _corpus()
    ids = [f"procedure-{n:04d}" for n in range(1, sections + 1)]
    covered = list(topics)  # every required topic is covered by some section
    for index, section_id in enumerate(ids):
        chapter, position = divmod(index, SECTIONS_PER_CHAPTER)
        number = f"{chapter + 1}.{position + 1}"
        chapter_folder = folder / "sop" / f"{chapter + 1:03d}-chapter"
        if position == 0:
            chapter_folder.mkdir()
            (chapter_folder / "chapter.yml").write_text(
                f'id: chapter-{chapter + 1:03d}\nnumber: "{chapter + 1}"\n'
                f"title: {rng.choice(TOPIC_WORDS).capitalize()} and "
                f"{rng.choice(TOPIC_WORDS)}\n",
                encoding="utf-8",
            )
        words = rng.sample(TOPIC_WORDS, 3)
        title = f"{words[0].capitalize()}: {words[1]} and {words[2]}"
        body = [rng.choice(paragraphs) for _ in range(rng.randint(2, 4))]
        body.append(f"## {rng.choice(TOPIC_WORDS).capitalize()}")
        body += [rng.choice(paragraphs) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            body.append("| When | What |\n| --- | --- |\n| At once | Tell the principal. |\n"
                        "| Within a day | File the report. |")  # fmt: skip
        if rng.random() < 0.3:
            body.append('!!! note "Remember"\n    ' + rng.choice(paragraphs))
        topic = [covered.pop()] if covered else rng.sample(topics, 1)
        neighbours = [ids[j] for j in (index - 1, index + 1) if 0 <= j < len(ids)]
        last = AS_OF - dt.timedelta(days=rng.randint(10, 900))
        text = {
            "id": section_id,
            "number": number,
            "title": title,
            "summary": f"How officers handle {words[1]} and {words[2]}.",
            "owner": rng.choice(roles),
            "visibility": "internal" if (internal := rng.random() < 0.1) else "public",
            **({"withheld_reason": "tactical procedures"} if internal else {}),
            "audiences": sorted(rng.sample(audiences, 2)),
            "implements": sorted(rng.sample(clauses[1:], 2)),
            "training_topics": topic,
            "see_also": neighbours,
            "review": {
                "last_reviewed": last.isoformat(),
                "reviewed_by": "SOP Manual Team",
                "outcome": rng.choice(["no-change", "revised"]),
            },
            "body": "\n\n".join(body) + "\n",
            "steps": [
                {"text": rng.choice(steps), "actor": rng.choice(roles)}
                for _ in range(rng.randint(3, 6))
            ],
        }
        _write_section(chapter_folder / f"{section_id}.yml", text)
    for policy_number in range(1, policies + 1):
        _write_policy(folder, rng, policy_number, paragraphs)
    _write_site(folder)
    return folder


def _write_policy(folder: Path, rng: random.Random, number: int, paragraphs: list[str]) -> None:
    """Policy `number`: a KSBA-style code (series, then a number of one to four digits),
    three versions (two superseded, one in force), each a few clauses."""
    series = SERIES[number % len(SERIES)]
    code = f"{series}.{number // len(SERIES) + 1}{rng.randint(1, 9)}"
    policy_id = f"policy-{number:04d}"
    base = folder / "policy_data" / "policies" / policy_id
    (base / "versions").mkdir(parents=True)
    words = rng.sample(TOPIC_WORDS, 2)
    (base / "policy.yml").write_text(
        f"id: {policy_id}\ntitle: {words[0].capitalize()} and {words[1]}\n"
        f'code: "{code}"\nkind: board policy\norganization: Test District\n'
        "adopting_body: Test Board of Education\nstatus: in force\nvisibility: public\n",
        encoding="utf-8",
    )
    for version in (1, 2, 3):
        status = "in force" if version == 3 else "superseded"
        clauses = "".join(
            f"  - id: clause-{n}\n    text: {_quoted(_plain(rng.choice(paragraphs)))}\n"
            for n in range(1, rng.randint(3, 6))
        )
        (base / "versions" / f"v{version}.yml").write_text(
            f"number: {version}\nstatus: {status}\nadopted_by: Test Board of Education\n"
            f"adopted_on: {2018 + 2 * version}-0{version + 2}-1{version}\n"
            f"summary: Version {version}.\nclauses:\n{clauses}",
            encoding="utf-8",
        )


def _write_section(path: Path, data: dict[str, object]) -> None:
    lines = []
    for key, value in data.items():
        if key == "body":
            lines.append("body: |\n" + textwrap.indent(str(value), "  "))
        elif key == "steps":
            lines.append("steps:")
            for step in value:  # type: ignore[attr-defined]
                lines.append(f"  - text: {_quoted(step['text'])}\n    actor: {step['actor']}")
        elif key == "review":
            lines.append("review:")
            lines += [f"  {k}: {v}" for k, v in value.items()]  # type: ignore[attr-defined]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {_quoted(str(value))}")
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_site(folder: Path, plugins: list[object] | None = None) -> None:
    shipped = _shipped()
    theme = dict(THEME, features=shipped["theme"]["features"])  # type: ignore[index]
    search = next(p for p in shipped["plugins"] if isinstance(p, dict) and "search" in p)  # type: ignore[attr-defined]
    config = {
        "site_name": "Benchmark manual",
        "theme": theme,
        "plugins": plugins
        if plugins is not None
        else [
            search,
            {
                "sopkit": {
                    "checks": {
                        "overdue_reviews": "info",
                        "due_soon": "ignore",
                        "malformed_citations": "info",
                        "unused_authorities": "ignore",
                    }
                }
            },
            "offline",
        ],
        "markdown_extensions": shipped["markdown_extensions"],
    }
    YAML().dump(config, folder / "mkdocs.yml")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text(
        "# Benchmark manual\n\nGenerated.\n", encoding="utf-8"
    )


def plain_site(project: Path, folder: Path, *, default_theme: bool = False) -> Path:
    """The pages sopkit would make for `project`, as an ordinary MkDocs site in `folder`:
    the same theme settings and navigation (or, with `default_theme`, Material with its
    defaults and the search plugin alone), and no sopkit."""
    loaded = load_project(Layout(project))
    built = build(loaded, BuildOptions(as_of=AS_OF))
    assert built.site is not None
    (folder / "docs").mkdir(parents=True)
    for page in built.site.pages:
        target = folder / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    shutil.copy(project / "docs" / "index.md", folder / "docs" / "index.md")
    shipped = _shipped()
    search = next(p for p in shipped["plugins"] if isinstance(p, dict) and "search" in p)  # type: ignore[attr-defined]
    _write_site(folder, plugins=["search"] if default_theme else [search, "offline"])
    config = YAML().load((folder / "mkdocs.yml").read_text())
    config["nav"] = expand_nav(None, built.site.nav, ["index.md"])
    config["extra_css"] = ["assets/sopkit/sopkit.css"]
    if default_theme:
        config["theme"] = {"name": "material"}
    YAML().dump(config, folder / "mkdocs.yml")
    assets = folder / "docs" / "assets" / "sopkit"
    assets.mkdir(parents=True)
    shutil.copy(REPO / "src/sopkit/render/assets/sopkit.css", assets / "sopkit.css")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--policies", type=int, default=0, help="more policies, 3 versions each")
    parser.add_argument("--plain", type=Path, help="also write the plain MkDocs site here")
    args = parser.parse_args()
    generate(args.folder, args.sections, policies=args.policies)
    if args.plain:
        plain_site(args.folder, args.plain)
    print(f"Wrote a manual of {args.sections} sections and {args.policies} more policies "
          f"to {args.folder}")  # fmt: skip


if __name__ == "__main__":
    main()
