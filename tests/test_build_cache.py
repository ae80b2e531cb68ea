"""The build cache is safe: a build of unchanged inputs uses what the last build made,
and a build with one byte changed (of a source, of a template, of sopkit's version or
code) makes exactly the site a clean build makes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site
from sopkit.hosts import cache
from sopkit.hosts.mkdocs_plugin.plugin import SopkitPlugin

TEMPLATES = "overrides"
HIT = "the sources had not changed since the last build"


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def cached(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> ProjectFolder:
    """The fixture site with a template of its own, built with the cache on."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", ".cache/build")
    edit_url = "      edit_url: https://github.com/district/manual/edit/main/{path}#L{line}\n"
    assert edit_url in MKDOCS_YML
    write_site(
        project.root, MKDOCS_YML.replace(edit_url, f"{edit_url}      templates_dir: {TEMPLATES}\n")
    )
    packaged = Path(cache.__file__).parent.parent / "render" / "templates"
    (project.root / TEMPLATES).mkdir()
    (project.root / TEMPLATES / "glossary.md.j2").write_text(
        (packaged / "glossary.md.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return project


def built(project: ProjectFolder, name: str) -> Built:
    done = build_site(project.root, site_dir=project.root / name)
    assert done.error == "", done.error
    return done


def clean(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch, name: str) -> dict[str, bytes]:
    """The same inputs built without the cache, into a folder of its own."""
    with monkeypatch.context() as without:
        without.setenv("SOPKIT_BUILD_CACHE", "0")
        return files_of(built(project, name).site)


def hit(done: Built) -> bool:
    return any(HIT in message for _, message in done.logs)


def test_an_unchanged_build_uses_the_cache_and_makes_the_same_site(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = built(cached, "site-1")
    second = built(cached, "site-2")
    assert (hit(first), hit(second)) == (False, True)
    assert files_of(second.site) == files_of(first.site) == clean(cached, monkeypatch, "clean")


def change_a_source(project: ProjectFolder) -> None:
    project.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )


def change_a_template(project: ProjectFolder) -> None:
    path = project.root / TEMPLATES / "glossary.md.j2"
    text = path.read_text(encoding="utf-8")
    assert "# {{ title|text }}\n" in text
    path.write_text(
        text.replace("# {{ title|text }}\n", "# {{ title|text }}s\n", 1), encoding="utf-8"
    )


@pytest.mark.parametrize(
    "change",
    [change_a_source, change_a_template],
    ids=["a byte of a source", "a byte of a template"],
)
def test_one_byte_changed_makes_what_a_clean_build_makes(
    cached: ProjectFolder,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[ProjectFolder], None],
) -> None:
    before = files_of(built(cached, "site-1").site)
    change(cached)
    after = built(cached, "site-2")
    assert not hit(after)
    made = files_of(after.site)
    assert differing(made, clean(cached, monkeypatch, "clean")) == []
    assert made != before  # the change shows: the cache was not used for it


def test_another_sopkit_version_or_code_is_never_served_the_last_result(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    built(cached, "site-1")
    assert hit(built(cached, "site-2"))
    # Another version of sopkit (its code otherwise the same).
    monkeypatch.setattr(cache, "_CODE_DIGEST", None)
    monkeypatch.setattr(cache, "version", lambda _: "0.0.0-another")
    assert not hit(built(cached, "site-3"))
    assert hit(built(cached, "site-4"))
    # The same version, one byte of its code changed (a file of the package).
    monkeypatch.setattr(cache, "_CODE_DIGEST", None)
    real = cache._files_digest

    def one_byte_more(folders: object, into: object) -> None:
        real(folders, into)  # type: ignore[arg-type]
        into.update(b"\0")  # type: ignore[attr-defined]

    monkeypatch.setattr(cache, "_files_digest", one_byte_more)
    assert not hit(built(cached, "site-5"))


def test_a_damaged_cache_is_rebuilt_not_fatal(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = files_of(built(cached, "site-1").site)
    for kept in (cached.root / ".cache" / "build").rglob("*.pickle"):
        kept.write_bytes(cache.FORMAT + b"not a pickle")
    again = built(cached, "site-2")
    assert not hit(again) and files_of(again.site) == first
    assert hit(built(cached, "site-3"))


def test_the_cache_can_be_switched_off(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", "0")
    built(cached, "site-1")
    assert not hit(built(cached, "site-2"))
    assert not (cached.root / ".cache" / "build").exists()


@pytest.mark.parametrize("lost", [["pages"], ["pages", "build-"], ["feeds-"]])
def test_what_the_summary_does_not_hold_is_read_or_made_the_same(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch, lost: list[str]
) -> None:
    # A rebuild finds the summary of its result; the pages it does not find (or the
    # feeds) need the whole result: kept beside the summary, or, when that is gone
    # too, made again. Either way the site is a clean build's.
    built(cached, "site-1")
    for kept in (cached.root / ".cache" / "build").rglob("*.pickle"):
        if any(kept.name.startswith(name) for name in lost):
            kept.unlink()
    again = built(cached, "site-2")
    assert hit(again)
    assert files_of(again.site) == clean(cached, monkeypatch, "clean")


def test_a_rebuild_that_finds_its_result_imports_no_loader_or_grammar(
    cached: ProjectFolder,
) -> None:
    # What keeps a rebuild cheap: neither the sources' loader and YAML parser nor the
    # citation grammar, the views or the sanitizer is imported when the cache has all.
    built(cached, "site-1")
    probe = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config(config_file='mkdocs.yml', site_dir='site-2'))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sopkit', 'ruamel', 'nh3'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=cached.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert HIT in done.stderr
    loaded = set(eval(done.stdout.strip().splitlines()[-1]))  # a list of names
    heavy = {"sopkit.sources.loader", "sopkit.law.citations", "sopkit.views", "sopkit.pipeline",
             "sopkit.render.sanitize", "ruamel.yaml", "nh3"}  # fmt: skip
    assert loaded & heavy == set()
    assert "sopkit.hosts.mkdocs_plugin.summary" in loaded


def test_a_preview_uses_the_cache_and_leaves_it_as_it_was(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve` keeps one plugin for all its builds (MkDocs keeps a plugin that
    # has on_startup): its first build uses what `mkdocs build` kept; its rebuilds,
    # which follow each edit and remake a few pages, must not replace it.
    monkeypatch.setenv("SOPKIT_PDF", "0")  # as a preview builds: the same result
    built(cached, "site-1")
    kept = cached.root / ".cache" / "build"
    before = files_of(kept)
    found = load_config(config_file=str(cached.root / "mkdocs.yml")).plugins["sopkit"]
    assert isinstance(found, SopkitPlugin)
    plugin: SopkitPlugin = found
    plugin.on_startup(command="serve", dirty=True)
    try:
        assert load_config(config_file=str(cached.root / "mkdocs.yml")).plugins["sopkit"] is plugin
        first = built(cached, "preview-1")
        change_a_source(cached)
        second = built(cached, "preview-2")
    finally:
        plugin.on_startup(command="build", dirty=False)
    # A build after the preview reads every source again, as any `mkdocs build` does.
    assert plugin.sources is None and plugin.page_files is None
    assert (hit(first), hit(second)) == (True, False)
    assert "firsT" in (second.site / "sop" / "student-interviews" / "index.html").read_text()
    assert files_of(kept) == before
    assert hit(built(cached, "site-2")) is False  # the source changed: built, and kept
    assert hit(built(cached, "site-3"))


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


# -- each source, kept by its bytes --------------------------------------------------------


def test_sources_kept_by_their_bytes_load_as_a_fresh_read_does(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sopkit.sources import project as sources
    from sopkit.sources.project import KeptSources, Layout, load_project

    fresh = load_project(Layout(project.root))
    first = KeptSources(salt="v1")
    assert load_project(Layout(project.root), first) == fresh
    # A second load with what the first read converts no file at all...
    read: list[str] = []
    real = sources._converted

    def converted(source: sources.SourceFile, data: bytes, **options: bool) -> object:
        read.append(source.rel)
        return real(source, data, **options)

    monkeypatch.setattr(sources, "_converted", converted)
    again = KeptSources(salt="v1", known=first.used)
    assert load_project(Layout(project.root), again) == fresh and read == []
    # ...and one with one byte of one file changed converts that file only, and gives
    # what a fresh read of the changed sources gives.
    project.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )
    changed = KeptSources(salt="v1", known=again.used)
    loaded = load_project(Layout(project.root), changed)
    assert read == ["sop/04-students/interviews.yml"]
    assert loaded == load_project(Layout(project.root))
    # Another salt (another sopkit) uses nothing kept under the first.
    read.clear()
    load_project(Layout(project.root), KeptSources(salt="v2", known=changed.used))
    assert len(read) == len(fresh.project.files)


def test_the_kept_sources_are_written_once_and_only_for_the_same_sopkit(
    project: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sopkit.sources.project import Layout, load_project

    monkeypatch.setenv("SOPKIT_BUILD_CACHE", ".cache/build")
    kept = cache.kept_sources(project.root)
    assert kept is not None and kept.known == {}
    load_project(Layout(project.root), kept)
    cache.keep_sources(project.root, kept)
    stored = project.root / ".cache" / "build" / cache.SOURCES
    written = stored.stat().st_mtime_ns
    again = cache.kept_sources(project.root)
    assert again is not None and again.known.keys() == kept.used.keys()
    load_project(Layout(project.root), again)
    cache.keep_sources(project.root, again)  # nothing new: not written again
    assert stored.stat().st_mtime_ns == written
    monkeypatch.setattr(cache, "_CODE_DIGEST", "another sopkit")
    other = cache.kept_sources(project.root)
    assert other is not None and other.known == {}
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", "0")
    assert cache.kept_sources(project.root) is None


def test_a_file_with_errors_is_kept_as_it_was_read(project: ProjectFolder) -> None:
    """INVALID (a file that could not be read as its kind) is the same after the cache."""
    import pickle

    from sopkit.sources.project import KeptSources, Layout, load_project
    from sopkit.sources.schema import INVALID

    assert pickle.loads(pickle.dumps(INVALID)) is INVALID
    project.write("sop/04-students/interviews.yml", "id: [\n")
    fresh = load_project(Layout(project.root))
    first = KeptSources(salt="v1")
    load_project(Layout(project.root), first)
    kept = pickle.loads(pickle.dumps(first.used))
    assert load_project(Layout(project.root), KeptSources(salt="v1", known=kept)) == fresh
