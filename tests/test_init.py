"""`sopkit init`: a new organization's repository that builds out of the box, and the
wheel it is made from, installed with no checkout of this repository."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import markdown
import pytest
from ruamel.yaml import YAML

from conftest import AS_OF, OUTSIDE_SETTINGS, REPO
from sitebuild import build_site
from sopkit.hosts.cli import main
from sopkit.sources.starter import Answers, answer_problems, starter_files
from test_workflows import zizmor_findings

FAYETTE = ["--org", "Fayette County Public Schools", "--time-zone", "America/New_York"]
SHIPPED_WORDS = ("Jefferson", "School Safety", "SSO", "sso-sop-manual")


def init(folder: Path, *args: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(["init", str(folder), *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOPKIT_AS_OF", AS_OF.isoformat())


def answers(org: str = "Fayette County Public Schools", **changes: str) -> Answers:
    base = Answers.with_defaults(org, time_zone="America/New_York", today=AS_OF)
    return Answers(**{**base.__dict__, **changes})


# -- the answers ------------------------------------------------------------------------


def test_answers_not_given_are_made_from_the_others() -> None:
    assert answers() == Answers(
        org="Fayette County Public Schools",
        site_name="Fayette County Public Schools policies and procedures",
        time_zone="America/New_York",
        edition="2026-27",
        zip_name="fayette-county-public-schools-manual-offline.zip",
        board="Board of Education",
    )


def test_wrong_answers_are_named_by_their_option() -> None:
    wrong = answers("A\nB", time_zone="Mars/Olympus", zip_name="../x.zip", edition="2026 27")
    assert answer_problems(wrong) == [
        "--org must be a name of one line (up to 200 characters)",
        "--site-name must be a name of one line (up to 200 characters)",
        "--time-zone: 'Mars/Olympus' is not a known time zone (e.g. --time-zone "
        "America/Kentucky/Louisville)",
        "--edition '2026 27' is not an edition name: letters, digits, dots, hyphens (e.g. 2026-27)",
        "--zip-name '../x.zip' is not a file name ending in .zip: letters, digits, dots, "
        "hyphens and underscores (e.g. district-manual-offline.zip)",
    ]


@pytest.mark.parametrize(
    "org", ["O'Brien: County #1 Schools", "Yes", "Schools & Co. {{ 7*7 }} [x](javascript:1)"]
)
def test_any_name_is_written_so_that_it_reads_back_unchanged(org: str) -> None:
    files = {f.path: f.text for f in starter_files(answers(org), "0.1.0", AS_OF)}
    yaml = YAML(typ="safe")
    assert yaml.load(files["sop/manual.yml"])["organization"] == org
    assert yaml.load(files["mkdocs.yml"])["site_name"] == f"{org} policies and procedures"
    # The home page's Markdown shows the name as written, and does nothing else.
    home = markdown.markdown(files["docs/index.md"])
    assert f"<h1>{html.escape(org, quote=False)} policies and procedures</h1>" in home
    assert '<a href="javascript' not in home


# -- the command ------------------------------------------------------------------------


def test_init_writes_a_repository_that_checks_and_builds_strictly(
    tmp_path: Path, today: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fayette"
    code, out, err = init(target, *FAYETTE, "--site-name", "Fayette policies")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        f"Wrote 27 files into {target.as_posix()}/ for Fayette County Public Schools."
    )
    for rel in ("mkdocs.yml", "README.md", "Makefile", "requirements.txt", ".gitignore",
                ".github/CODEOWNERS", ".github/workflows/check.yml", "docs/accessibility.md",
                "sop/01-about/purpose.yml", "policy_data/policies/procedures-manual/policy.yml"):  # fmt: skip
        assert (target / rel).is_file(), rel
    assert (target / "requirements.txt").read_text().splitlines()[-1].startswith("sopkit==")
    # Every modeline names a schema inside the new repository.
    for source in target.rglob("*.yml"):
        first = source.read_text().splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            assert (source.parent / first.split("=", 1)[1]).resolve().is_file(), source
    monkeypatch.chdir(target)
    assert main(["check"]) == 0 and main(["fmt", "--check"]) == 0
    monkeypatch.setenv("SOPKIT_PDF", "0")
    monkeypatch.setenv("SOPKIT_REVIEW_WARNINGS", "info")
    for edition in ("internal", "public"):
        monkeypatch.setenv("SOPKIT_EDITION", edition)
        built = build_site(target, site_dir=tmp_path / edition)
        assert (built.error, built.warnings()) == ("", []), edition
        home = built.html("index.html")
        assert "<title>Fayette policies</title>" in home
        assert "Fayette County Public Schools" in home
        for page in built.site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert not [w for w in SHIPPED_WORDS if w in text], page
    assert not (tmp_path / "public" / "sop" / "keeping-current.html").exists()
    assert (tmp_path / "internal" / "sop" / "keeping-current.html").is_file()


def test_the_generated_workflows_pass_the_security_audit(tmp_path: Path, today: None) -> None:
    assert init(tmp_path / "new", *FAYETTE)[0] == 0
    assert zizmor_findings(tmp_path / "new" / ".github" / "workflows") == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--time-zone", "America/New_York"],
            "give --org, or run sopkit init in a terminal to be asked (nothing was written)",
        ),
        (
            ["--org", "<b>Bold</b> Schools", "--time-zone", "America/New_York"],
            "an answer cannot be written into the sources: organization: raw HTML '<b>' is not "
            "allowed (in policy_data/policies/procedures-manual/policy.yml; delete <b> and write "
            "Markdown instead: **bold**, *italic*, [link text](https://...), a blank line for a "
            "new paragraph; for a footnote use [^1]); nothing was written",
        ),
        (
            [*FAYETTE[:2], "--time-zone", "Kentucky"],
            "--time-zone: 'Kentucky' is not a known time zone (e.g. --time-zone "
            "America/Kentucky/Louisville) (nothing was written)",
        ),
    ],
)
def test_init_refuses_in_plain_words_and_writes_nothing(
    tmp_path: Path, today: None, args: list[str], message: str
) -> None:
    assert init(tmp_path / "new", *args) == (2, "", f"sopkit: {message}\n")
    assert not (tmp_path / "new").exists()


def test_init_never_writes_into_a_folder_that_holds_something(tmp_path: Path, today: None) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert init(tmp_path, *FAYETTE) == (
        2,
        "",
        f"sopkit: '{tmp_path}' is a folder with files in it; choose a new or empty one\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


# -- the wheel, with no checkout ----------------------------------------------------------


def tracked_copy(folder: Path) -> Path:
    """The repository's tracked files only, as a clean clone has them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    for rel in listed.stdout.decode().split("\0"):
        if rel and (REPO / rel).is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, folder / rel)
    return folder


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with sopkit installed from its wheel, built from the
    tracked files. Its dependencies are those of this environment (the tests run
    offline); sopkit itself is only the wheel's."""
    base = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(base / "source")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    made = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w",
                           str(base / "dist"), str(source)], capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (wheel,) = (base / "dist").glob("sopkit-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index",
                                "--no-deps", str(wheel)], capture_output=True, text=True)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    Path(site, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


@pytest.mark.slow
@pytest.mark.pdf
def test_the_wheel_alone_makes_a_new_repository_whose_two_commands_pass(
    wheel_venv: Path, tmp_path: Path
) -> None:
    python = wheel_venv / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import sopkit; print(sopkit.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)  # fmt: skip
    assert where.stdout.startswith(str(wheel_venv)), where.stdout  # not this checkout's src/
    env = {k: v for k, v in os.environ.items() if k not in OUTSIDE_SETTINGS and k != "PYTHONPATH"}
    env.update(SOPKIT_AS_OF=AS_OF.isoformat(), SOPKIT_PDF="1")
    made = subprocess.run([str(python), "-m", "sopkit", "init", "fayette", *FAYETTE],
                          cwd=tmp_path, capture_output=True, text=True, env=env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    project = tmp_path / "fayette"
    (wheel_venv / ".installed").touch()  # installed already: make does not run pip
    for target in ("build", "test"):
        done = subprocess.run(["make", "--no-print-directory", target, f"VENV={wheel_venv}"],
                              cwd=project, capture_output=True, text=True, env=env)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    zipped = project / "dist" / "fayette-county-public-schools-manual-offline.zip"
    assert zipped.is_file()
    from pypdf import PdfReader

    # The staff edition's files say so in their names.
    pdf = project / "site" / "pdf" / "procedures-manual-2026-27-staff-edition.pdf"
    reader = PdfReader(pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "Fayette County Public Schools procedures manual"
    assert "Fayette County Public Schools" in reader.pages[0].extract_text()
