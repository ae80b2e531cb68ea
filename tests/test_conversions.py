"""Pages' Markdown, converted, and templates, compiled, are kept between builds
(sopkit.hosts.mkdocs_plugin.conversions, sopkit.hosts.cache.compiled_templates): a
build converts only the pages whose Markdown (or whatever else a conversion reads)
changed, compiles no template it compiled before, and makes what a clean build makes."""

from __future__ import annotations

import collections
import logging
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from conftest import ProjectFolder
from sitebuild import MKDOCS_YML, Built, build_site, write_site
from sopkit.hosts.cache import compiled_templates
from sopkit.hosts.mkdocs_plugin import conversions
from sopkit.hosts.mkdocs_plugin.conversions import conversion_context
from sopkit.render.environment import make_environment

CACHE = ".cache/build"


@pytest.fixture
def cached(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> ProjectFolder:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    monkeypatch.setenv("SOPKIT_BUILD_CACHE", CACHE)
    monkeypatch.setenv("SOPKIT_PDF", "0")
    write_site(project.root, index="# Home\n\nSee [the manual](sop/index.md).\n")
    return project


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The pages MkDocs converts (by their path), in order."""
    pages: list[str] = []
    real = Page.render

    def render(page: Page, config: object, files: object) -> None:
        pages.append(page.file.src_uri)
        real(page, config, files)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "render", render)
    yield pages


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """How many templates each kind of environment that keeps them compiles (Material's
    search plugin makes an environment of its own for two templates, which does not)."""
    counts: collections.Counter[str] = collections.Counter()
    real = jinja2.Environment.compile

    def compile(environment: jinja2.Environment, *args: object, **kwargs: object) -> object:
        if environment.bytecode_cache is not None:
            counts[type(environment).__name__] += 1
        return real(environment, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    yield counts


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def built(project: ProjectFolder, name: str) -> Built:
    done = build_site(project.root, site_dir=project.root / name)
    assert done.error == "", done.error
    return done


def clean(project: ProjectFolder, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with monkeypatch.context() as without:
        without.setenv("SOPKIT_BUILD_CACHE", "0")
        return files_of(built(project, "clean").site)


def test_an_edit_converts_only_the_pages_whose_markdown_changed(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch, converted: list[str]
) -> None:
    built(cached, "site-1")
    pages = set(converted)
    assert {"index.md", "sop/student-interviews.md"} <= pages
    converted.clear()
    assert files_of(built(cached, "site-2").site) == files_of(cached.root / "site-1")
    assert converted == []  # nothing changed: every conversion was kept
    cached.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )
    after = files_of(built(cached, "site-3").site)
    # The section's page and the pages that show its text (What's new lists the change).
    assert "sop/student-interviews.md" in converted
    assert len(converted) < len(pages) / 2, converted
    converted.clear()
    assert after == clean(cached, monkeypatch)
    assert len(converted) == len(pages)  # without the cache, every page is converted


def change_an_option(project: ProjectFolder) -> None:
    project.write(
        "mkdocs.yml", MKDOCS_YML + "markdown_extensions:\n  - toc:\n      permalink: '¶'\n"
    )


def add_a_page(project: ProjectFolder) -> None:
    project.write("docs/contacts.md", "# Contacts\n")
    project.replace("docs/index.md", "(sop/index.md)", "(contacts.md)")


@pytest.mark.parametrize(
    "change", [change_an_option, add_a_page], ids=["an extension's option", "a page added"]
)
def test_what_every_conversion_reads_changed_converts_every_page_again(
    cached: ProjectFolder,
    monkeypatch: pytest.MonkeyPatch,
    converted: list[str],
    change: object,
) -> None:
    built(cached, "site-1")
    pages = len(converted)
    change(cached)  # type: ignore[operator]
    converted.clear()
    after = files_of(built(cached, "site-2").site)
    assert len(converted) >= pages
    assert after == clean(cached, monkeypatch)


def test_a_conversion_that_logged_is_not_kept_so_every_build_says_it_again(
    cached: ProjectFolder, converted: list[str]
) -> None:
    cached.write("mkdocs.yml", MKDOCS_YML.replace("    not_found: warn\n", "    not_found: info\n"))
    cached.write("docs/index.md", "# Home\n\nSee [the roster](roster.md).\n")
    said = "Doc file 'index.md' contains a link 'roster.md', but the target is not found"
    for name in ("site-1", "site-2"):
        converted.clear()
        done = built(cached, name)
        assert any(said in message for _, message in done.logs), done.logs
        assert "index.md" in converted


def config_with(project: ProjectFolder, extensions: list[str], **options: object) -> MkDocsConfig:
    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    config["markdown_extensions"] = extensions
    config["mdx_configs"] = options
    return config


@pytest.mark.parametrize(
    "extension",
    [
        "pymdownx.snippets",  # reads the files it includes
        "pymdownx.b64",  # reads the images it embeds
        "some_districts.extension",  # what it reads cannot be known
    ],
)
def test_no_conversion_is_kept_when_an_extension_may_read_more_than_the_page(
    cached: ProjectFolder, extension: str
) -> None:
    files = Files([])
    pure = ["toc", "admonition", "pymdownx.superfences"]
    assert conversion_context(config_with(cached, pure), files) is not None
    assert conversion_context(config_with(cached, [*pure, extension]), files) is None


def test_no_conversion_is_kept_when_an_option_is_a_python_object(
    cached: ProjectFolder,
) -> None:
    # What a function does cannot be named by its value (nor a class's, nor an object's).
    files = Files([])
    slugify = config_with(cached, ["toc"], toc={"slugify": lambda text, separator: text})
    assert conversion_context(slugify, files) is None
    plain = config_with(cached, ["toc"], toc={"permalink": True})
    assert conversion_context(plain, files) == conversion_context(plain, files) is not None


def test_a_kept_conversion_that_is_not_one_is_converted_again(
    cached: ProjectFolder, converted: list[str]
) -> None:
    first = built(cached, "site-1")
    kept = next((cached.root / CACHE).rglob("conversions-*.pickle"))
    from sopkit.hosts import cache

    found = cache.read_kept(kept)
    assert isinstance(found, dict) and found
    damaged = dict.fromkeys(found, ("html", None))  # the wrong shape
    cache.keep(kept, damaged)
    converted.clear()
    assert files_of(built(cached, "site-2").site) == files_of(first.site)
    assert "index.md" in converted


def test_a_rebuild_compiles_no_template_and_damaged_ones_are_compiled_again(
    cached: ProjectFolder, compiled: collections.Counter[str]
) -> None:
    make_environment.cache_clear()  # no template compiled earlier in this process
    cached.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )
    first = built(cached, "site-1")
    assert compiled["SopkitEnvironment"] > 5 and compiled["Environment"] > 20, compiled
    cached.replace(
        "sop/04-students/interviews.yml", "The principal, firsT.", "The principal, first."
    )
    compiled.clear()
    built(cached, "site-2")  # the sources changed: the pipeline renders every page again
    assert compiled == {}
    for kept in (cached.root / CACHE / "templates").rglob("*.cache"):
        kept.write_bytes(jinja2.bccache.bc_magic + b"not a template")  # Jinja's header
    make_environment.cache_clear()
    cached.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )
    again = built(cached, "site-3")
    assert compiled["SopkitEnvironment"] > 5 and compiled["Environment"] > 20, compiled
    assert files_of(again.site) == files_of(first.site)


def test_compiled_templates_are_kept_apart_by_what_compiling_reads(tmp_path: Path) -> None:
    plain = compiled_templates(jinja2.Environment(), tmp_path)
    again = compiled_templates(jinja2.Environment(), tmp_path)
    other = compiled_templates(jinja2.Environment(trim_blocks=True), tmp_path)
    assert isinstance(plain, jinja2.FileSystemBytecodeCache)
    assert isinstance(again, jinja2.FileSystemBytecodeCache)
    assert isinstance(other, jinja2.FileSystemBytecodeCache)
    assert plain.directory == again.directory != other.directory
    # A setting that is an object shown by its address: nothing could use them again.
    assert compiled_templates(jinja2.Environment(autoescape=lambda name: True), tmp_path) is None
    # Filters and tests are compiled in as calls, by how they are called.
    with_filter, with_context_filter = jinja2.Environment(), jinja2.Environment()
    with_filter.filters["shout"] = str.upper
    with_context_filter.filters["shout"] = jinja2.pass_context(lambda context, text: text)
    directories = {
        getattr(compiled_templates(environment, tmp_path), "directory", None)
        for environment in (jinja2.Environment(), with_filter, with_context_filter)
    }
    assert len(directories) == 3 and None not in directories


def test_a_conversion_is_kept_only_for_builds_that_log_at_its_level(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The level decides what a conversion says and whether MkDocs records its links to
    # anchors (which it checks later): a quiet build's conversions are not a normal one's.
    config, files = config_with(cached, ["toc"]), Files([])
    pages = logging.getLogger("mkdocs.structure.pages")
    normal = conversion_context(config, files)
    monkeypatch.setattr(pages, "level", logging.ERROR)  # as `mkdocs build -q` sets it
    quiet = conversion_context(config, files)
    monkeypatch.setattr(pages, "level", logging.DEBUG)  # `-v`: nothing is kept
    assert None not in (normal, quiet) and normal != quiet
    assert conversion_context(config, files) is None


def test_a_kept_conversion_is_a_copy_and_a_wrong_one_is_not_used(
    cached: ProjectFolder,
) -> None:
    config = load_config(config_file=str(cached.root / "mkdocs.yml"))
    cached.write("docs/steps.md", "# Home\n\n## Steps\n")
    file = File("steps.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    files = Files([file])
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, files)
    kept = conversions._converted(page)
    page.toc.items[0].children.append(page.toc.items[0])  # as a plugin may, afterwards
    again = Page(None, file, config)
    assert conversions._restore(again, kept, files)
    assert [item.title for item in again.toc] == ["Home"]
    assert [child.title for child in again.toc.items[0].children] == ["Steps"]
    again.toc.items[0].children.clear()
    other = Page(None, file, config)
    assert conversions._restore(other, kept, files) and other.toc.items[0].children
    content, toc, title, anchors, links = kept
    wrongs: tuple[tuple[object, ...], ...] = (
        (content, [], title, anchors, links),  # contents that are not a TableOfContents
        (content, toc, 5, anchors, links),
        (content, toc, title, {1, 2}, links),
        (content, toc, title, anchors, {"missing.md": {}}),  # a page the site has not
        (content, toc, title, anchors),
    )
    for wrong in wrongs:
        assert not conversions._restore(Page(None, file, config), wrong, files), wrong


def test_the_print_markdown_of_the_last_build_is_used_and_only_edits_are_converted(
    cached: ProjectFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sopkit.render import markdown_html

    monkeypatch.setenv("SOPKIT_PDF", "1")
    converted: list[str] = []
    real = markdown_html._convert

    def convert(text: str, *args: object) -> str:
        converted.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(markdown_html, "_convert", convert)

    def in_a_new_process() -> None:  # what the process converted is gone; the cache's is not
        monkeypatch.setattr(markdown_html, "_CONVERTED", {})
        converted.clear()

    in_a_new_process()
    first = files_of(built(cached, "site-1").site)
    assert len(converted) > 10
    in_a_new_process()
    assert files_of(built(cached, "site-2").site) == first
    assert converted == []
    cached.replace(
        "sop/04-students/interviews.yml", "The principal, first.", "The principal, firsT."
    )
    in_a_new_process()
    after = files_of(built(cached, "site-3").site)
    assert [text for text in converted if "firsT" in text] and len(converted) <= 3, converted
    assert after == clean(cached, monkeypatch)


def test_kept_print_markdown_not_shaped_as_it_was_written_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sopkit.render import markdown_html

    monkeypatch.setattr(markdown_html, "_CONVERTED", {})
    good = {("*a*", 1, False, None): "<p><em>a</em></p>"}
    kept: dict[tuple[object, ...], object] = {
        ("*a*", 1, False, None): "<p><em>a</em></p>",
        ("*b*", 1, False): "<p>b</p>",  # a key of another shape
        ("*c*", "1", False, None): "<p>c</p>",
        ("*d*", 1, False, None, "x"): "<p>d</p>",
        ("*e*", 1, False, None): b"<p>e</p>",  # not text
    }
    markdown_html.add_conversions(kept)
    markdown_html.add_conversions(["not", "a", "dict"])
    assert dict(markdown_html._CONVERTED) == good
    assert markdown_html.markdown_html("*a*") == "<p><em>a</em></p>"
    assert markdown_html.markdown_html("*b*") == "<p><em>b</em></p>"  # converted, not kept
