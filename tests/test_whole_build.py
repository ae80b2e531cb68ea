"""`sopkit build` (what `make build` runs): both editions, the leak scan and the zip; and
nothing done again when nothing it reads or wrote has changed since it last finished."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import ProjectFolder
from sitebuild import write_site
from sopkit.editions.leaks import Marker, scan_folder
from sopkit.hosts import build_state

SKIPPED = "Nothing has changed since the build of"
ZIP = "dist/manual-offline.zip"


@pytest.fixture
def whole(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> ProjectFolder:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", ".cache/build")
    write_site(project.root)
    return project


def sopkit_build(project: ProjectFolder, *more: str) -> tuple[int, str]:
    code, out, err = project.cli("build", "--zip", ZIP, *more)
    return code, out + err


def test_a_second_build_with_nothing_changed_does_nothing_and_says_so(
    whole: ProjectFolder,
) -> None:
    code, out = sopkit_build(whole)
    assert code == 0, out
    assert "No restricted content in" in out
    assert out.splitlines()[-1].startswith("Built site/, site-public/, dist/manual-offline.zip in ")
    assert (whole.root / "site" / "index.html").is_file()
    assert (whole.root / "site-public" / "index.html").is_file()
    with zipfile.ZipFile(whole.root / ZIP) as archive:
        names = archive.namelist()
        assert "index.html" in names and names == sorted(names)
        # Dated as the build is (SOURCE_DATE_EPOCH, 1 December 2025): the same zip each time.
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 1, 0, 0, 0)}
    made = (whole.root / ZIP).read_bytes()
    code, out = sopkit_build(whole)
    assert code == 0
    assert out.startswith(SKIPPED)
    assert out.rstrip().endswith(
        ": site/, site-public/, dist/manual-offline.zip are as it left them "
        "(sopkit build --force builds them again)."
    )
    code, out = sopkit_build(whole, "--force")
    assert code == 0 and "No restricted content in" in out
    assert (whole.root / ZIP).read_bytes() == made


@pytest.mark.parametrize(
    "change",
    [
        "a byte of a source",
        "a byte of a hand-written page",
        "an output changed",
        "an output removed",
        "another day",
        "another environment",
    ],
)
def test_any_change_to_what_it_reads_or_wrote_builds_again(
    whole: ProjectFolder, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    assert sopkit_build(whole)[0] == 0
    if change == "a byte of a source":
        whole.replace(
            "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
        )
    elif change == "a byte of a hand-written page":
        whole.write("docs/index.md", "# Home.\n")
    elif change == "an output changed":
        (whole.root / "site-public" / "index.html").write_text("changed", encoding="utf-8")
    elif change == "an output removed":
        (whole.root / ZIP).unlink()
    elif change == "another day":
        monkeypatch.setenv("SOPKIT_AS_OF", "2026-12-02")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    code, out = sopkit_build(whole)
    assert code == 0, out
    assert SKIPPED not in out and "No restricted content in" in out
    assert (whole.root / ZIP).is_file()
    if change == "a byte of a source":
        assert any("firsT." in p.read_text("utf-8") for p in (whole.root / "site").rglob("*.html"))
    if change == "an output changed":
        assert (whole.root / "site-public" / "index.html").read_text(encoding="utf-8") != "changed"


def test_a_build_that_fails_leaves_no_stamp_so_the_next_one_runs(whole: ProjectFolder) -> None:
    assert sopkit_build(whole)[0] == 0
    source = "sop/04-students/interviews.yml"
    kept = whole.read(source)
    whole.write(source, "id: [\n")
    code, out = sopkit_build(whole)
    assert code == 1, out
    assert f"{source}:2:1: error: this is not valid YAML" in out
    assert not (whole.root / ".cache" / "build" / build_state.STAMP).exists()
    whole.write(source, kept)  # as it was when the stamp was written: built all the same
    code, out = sopkit_build(whole)
    assert code == 0 and SKIPPED not in out, out


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_sources_with_errors_leave_both_sites_as_they_were_and_say_why_first(
    whole: ProjectFolder,
) -> None:
    # The check runs while the builds start: the errors stop each build before it
    # cleans its site; the check's report says them once, with its hints.
    assert sopkit_build(whole)[0] == 0
    sites = {name: files_of(whole.root / name) for name in ("site", "site-public")}
    source = "sop/04-students/interviews.yml"
    whole.replace(source, "title: Interviewing students", "titel: Interviewing students")
    code, out = sopkit_build(whole)
    assert code == 1, out
    said = f"{source}:3:1: error: unknown key 'titel' (did you mean 'title'?)\n"
    assert out.count(said) == 1 and f"{said}  hint: rename it to title\n" in out  # said once
    for edition in ("officers", "public"):
        assert f"The {edition} edition did not build: the sources have the errors above." in out
    assert {name: files_of(whole.root / name) for name in sites} == sites
    # The hint, applied: the errors, and the lines about them, are gone.
    whole.replace(source, "titel: Interviewing students", "title: Interviewing students")
    code, out = sopkit_build(whole)
    assert code == 0 and "did not build" not in out and "error:" not in out, out


def test_a_failed_check_that_no_build_fails_on_still_shows_the_builds_and_scans_the_public_site(
    whole: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were the check ever to find an error the plugin builds with, both sites would be
    # written: their output is shown (they did not fail on the sources' errors), the
    # public one is scanned all the same, and the build fails.
    from sopkit.hosts.cli import build

    def failing_check(io: object, **options: object) -> int:
        print("sop/manual.yml:1:1: error: a problem only the check sees", file=io.out)  # type: ignore[attr-defined]
        return 1

    monkeypatch.setattr(build, "check", failing_check)
    code, out = sopkit_build(whole)
    assert code == 1, out
    assert out.index("a problem only the check sees") < out.index("Documentation built")
    assert out.count("Documentation built") == 2  # both builds' output, whole
    assert "No restricted content in" in out  # the public site written: scanned
    assert not (whole.root / ZIP).exists()  # nothing zipped, no stamp
    assert not (whole.root / ".cache" / "build" / build_state.STAMP).exists()


def test_without_a_cache_folder_it_always_builds(
    whole: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", "0")
    assert sopkit_build(whole)[0] == 0
    code, out = sopkit_build(whole)
    assert code == 0 and SKIPPED not in out


def test_jobs_must_be_a_number_of_builds(whole: ProjectFolder) -> None:
    assert sopkit_build(whole, "--jobs", "-1") == (
        2,
        "sopkit: --jobs -1: give a number of builds at a time, 1 or more\n",
    )


# -- the digests ------------------------------------------------------------------------


def digest(
    root: Path,
    options: tuple[str, str, str | None] = ("site", "site-public", None),
    day: str = "2026-12-01",
) -> str:
    return build_state.input_digest(
        root, [root / "site"], root / "sop" / "editions.yml", options, day
    )


def test_the_input_digest_counts_sources_options_and_the_day_but_not_outputs_or_caches(
    project: ProjectFolder,
) -> None:
    first = digest(project.root)
    assert digest(project.root) == first
    project.write("site/index.html", "an output")
    project.write(".cache/build/anything", "a cache")
    project.write("docs/__pycache__/x.pyc", b"\0")
    assert digest(project.root) == first
    assert digest(project.root, day="2026-12-02") != first
    assert digest(project.root, options=("site", "public", None)) != first
    project.write("docs/extra.md", "# Extra\n")
    assert digest(project.root) != first


def test_the_input_digest_counts_the_variables_mkdocs_yml_reads(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write(
        "mkdocs.yml",
        "site_name: X\nsite_url: !ENV [SITE_URL, 'https://x.example/']\n"
        "copyright: !ENV NOTICE  # a comment\n",
    )
    first = digest(project.root)
    monkeypatch.setenv("SITE_URL", "https://district.example/manual/")
    second = digest(project.root)
    monkeypatch.setenv("NOTICE", "Sample")
    third = digest(project.root)
    monkeypatch.setenv("UNRELATED", "1")
    assert len({first, second, third}) == 3 and digest(project.root) == third


def test_the_output_digest_counts_every_byte_and_a_missing_output(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.html").write_text("a", encoding="utf-8")
    outputs = [tmp_path / "site", tmp_path / "out.zip"]
    first = build_state.output_digest(outputs)
    (tmp_path / "out.zip").write_bytes(b"zip")
    second = build_state.output_digest(outputs)
    (tmp_path / "site" / "a.html").write_text("b", encoding="utf-8")
    assert len({first, second, build_state.output_digest(outputs)}) == 3


# -- the leak scan's memory -------------------------------------------------------------


def test_a_scan_with_earlier_verdicts_finds_what_a_scan_without_them_finds(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Nothing here.</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>Also nothing.</p>", encoding="utf-8")
    markers = [Marker("Secret staging area", "the title of an internal section")]
    first = scan_folder(site, markers, known={})
    assert first.leaks == () and len(first.verdicts) == 2
    # A leak written into a file the memory knows (by its old bytes) is found.
    (site / "b.html").write_text("<p>Secret staging\n area.</p>", encoding="utf-8")
    again = scan_folder(site, markers, known=first.verdicts)
    fresh = scan_folder(site, markers)
    assert [leak.path for leak in again.leaks] == [leak.path for leak in fresh.leaks] == ["b.html"]
    assert again == fresh
    # Another marker is another key: a verdict kept under the old markers is not used.
    more = [*markers, Marker("Nothing here", "a marker given with --marker")]
    assert [leak.path for leak in scan_folder(site, more, known=again.verdicts).leaks] == [
        "a.html",
        "b.html",
    ]
    # The same bytes under another salt (another scanner): read again.
    assert set(scan_folder(site, markers, known=again.verdicts, salt="v2").verdicts).isdisjoint(
        again.verdicts
    )


def test_a_cache_folder_of_another_name_is_not_taken_for_a_source(
    whole: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stamp is written in the cache folder: were that folder read as an input, the
    # stamp would change what it stamps, and no build would ever be found unchanged.
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", "build-cache")
    assert sopkit_build(whole)[0] == 0
    assert (whole.root / "build-cache" / build_state.STAMP).is_file()
    code, out = sopkit_build(whole)
    assert code == 0 and out.startswith(SKIPPED), out
