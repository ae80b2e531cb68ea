"""What a build of the same inputs would make again, kept between builds.

What is kept, in the plugin's cache folder (`.cache/sopkit-build` by default):

- **the pipeline's result** (`Build`: the checked sources, the rendered pages, the
  diagnostics), keyed on everything it is made from: the bytes of every file under the
  sources' folders and of the templates folder, sopkit's own code (the bytes of every
  file of the package, so that an edited sopkit is never served a stale result, as well
  as its version), the build's options, the environment variables that reach the
  pipeline (`SOPKIT_*`, `SOURCE_DATE_EPOCH`), whether this clone holds each earlier
  edition's commit, and, when no as-of day is given, the clock to the quarter hour (the
  day is taken in the manual's time zone);
- **each page's finished HTML**, as `on_page_content` makes it from the HTML MkDocs
  gives it, keyed on that HTML, the page's address and everything else that step reads
  (the build's key, the site's files); and each page's Markdown converted to HTML
  (sopkit.hosts.mkdocs_plugin.conversions);
- **compiled templates**, the theme's and sopkit's (`compiled_templates`), as Jinja
  keeps them: by the template's name, file and text, in a folder named by everything
  else compiling reads.

A key is a sha256; the same key always stands for the same output, so a cached result
is used as it is, and a build with any input changed makes its output again. A cache
that cannot be read (another Python, a damaged file) is ignored and written anew.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache

from sopkit.sources.git import GitError, has_commit

if TYPE_CHECKING:
    # At run time imported where used: a build that finds its result in the cache
    # reads no source, and the loader's modules cost more to import than it spends.
    from sopkit.sources.project import KeptSources

FORMAT = b"sopkit-build-cache-1"

_PACKAGE = Path(__file__).resolve().parent.parent
"""The sopkit package's folder (this file is in sopkit/hosts)."""


def _files_digest(folders: Iterable[Path], into: Any) -> None:
    for folder in folders:
        if not folder.is_dir():
            into.update(b"\0missing\0" + str(folder).encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            into.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
            into.update(path.read_bytes())


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """sopkit's version and the bytes of its package (computed once per process)."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest = hashlib.sha256(version("sopkit").encode())
        _files_digest([_PACKAGE], digest)
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


def build_key(
    root: Path,
    folders: Iterable[str],
    templates: Path | None,
    options: object,
    editions_file: Path,
    explicit_day: bool,
) -> str:
    """The key of a build's pipeline result (see the module's docstring)."""
    digest = hashlib.sha256(FORMAT)
    digest.update(code_digest().encode())
    _files_digest([root / folder for folder in folders], digest)
    if templates is not None:
        _files_digest([templates if templates.is_absolute() else root / templates], digest)
    digest.update(repr(options).encode())
    for name in sorted(os.environ):
        if name.startswith("SOPKIT_") or name == "SOURCE_DATE_EPOCH":
            digest.update(f"\0{name}={os.environ[name]}".encode())
    digest.update(history_state(root, editions_file).encode())
    if not explicit_day:
        now = dt.datetime.now(dt.UTC)
        digest.update(now.strftime("%Y-%m-%d %H").encode() + str(now.minute // 15).encode())
    return digest.hexdigest()


def history_state(root: Path, editions_file: Path) -> str:
    """Whether this clone holds each commit sop/editions.yml names (a shallow clone
    does not: its build says so, and must not be served a full clone's result)."""
    if not editions_file.is_file():
        return ""
    commits = [
        line.split(":", 1)[1].strip()
        for line in editions_file.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip().startswith("commit:")
    ]
    state = []
    for commit in commits:
        try:
            state.append(f"{commit}={has_commit(root, commit)}")
        except GitError as problem:
            state.append(f"{commit}: {problem}")
    return ";".join(state)


CACHE_VARIABLE = "SOPKIT_BUILD_CACHE"
"""The cache's folder (relative to mkdocs.yml), or 0 for none."""
DEFAULT_FOLDER = ".cache/sopkit-build"


def cache_folder(root: Path) -> Path | None:
    """The cache folder SOPKIT_BUILD_CACHE names (default .cache/sopkit-build, relative
    to the project's folder); None when it is 0."""
    named = os.environ.get(CACHE_VARIABLE, "").strip()
    if named in ("0", "off", "false", "no"):
        return None
    return root / (named or DEFAULT_FOLDER)


def build_cache(root: Path, edition: str) -> BuildCache | None:
    """The cache of one edition's builds: a folder of its own in the cache folder
    (`make build` builds both: neither replaces the other's); None: no cache."""
    folder = cache_folder(root)
    return None if folder is None else BuildCache(folder / edition)


SOURCES = "sources.pickle"


def kept_sources(root: Path) -> KeptSources | None:
    """What each source file gave the last build, by its bytes (KeptSources), and the
    earlier editions' sources, by commit: for this build to read again only the files
    that changed. Kept only for the very same sopkit (its version and code); None when
    the cache is off."""
    from sopkit.sources.project import KeptSources

    folder = cache_folder(root)
    if folder is None:
        return None
    salt = code_digest()
    found = read_kept(folder / SOURCES)
    if isinstance(found, dict) and found.get("salt") == salt:
        history = dict(found["history"])
        return KeptSources(
            history=history, salt=salt, known=found["sources"], kept_history=frozenset(history)
        )
    return KeptSources(salt=salt)


@contextmanager
def sources_kept(root: Path) -> Iterator[KeptSources | None]:
    """For one load of the sources: what earlier builds and commands kept of them
    (`kept_sources`), kept again once the load is done (`keep_sources`)."""
    kept = kept_sources(root)
    yield kept
    if kept is not None:
        keep_sources(root, kept)


def keep_sources(root: Path, kept: KeptSources) -> None:
    """Keep what this build read, when it read anything the last one did not."""
    folder = cache_folder(root)
    changed = kept.used.keys() != kept.known.keys() or set(kept.history) != kept.kept_history
    if folder is not None and changed:
        keep(folder / SOURCES, {"salt": kept.salt, "sources": kept.used, "history": kept.history})


def read_kept(path: Path) -> Any | None:
    """What `keep` wrote at `path`; None when it is not there or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(FORMAT):
        return None
    try:
        return pickle.loads(data[len(FORMAT) :])
    except Exception:
        return None


def keep(path: Path, value: object) -> None:
    """Write `value` at `path` (atomically; a value that cannot be written is not)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            out.write(FORMAT + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        Path(out.name).replace(path)  # never a half-written file under its name
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return  # no cache this time; the build itself is unaffected


TEMPLATES = "templates"
"""The folder, in the cache folder, of compiled templates."""


def compiled_templates(
    environment: jinja2.Environment, folder: Path
) -> jinja2.BytecodeCache | None:
    """A cache of `environment`'s compiled templates (a Jinja `BytecodeCache`) in a
    folder of `folder` named by what compiling reads besides a template's name, file
    and text, which Jinja checks itself: the versions of Jinja, Python and sopkit's
    code (its sandbox compiles loops its own way), and the environment's class, code
    generator, extensions, syntax, filters, tests and policies (by name, and how each
    is called). None when a setting is an object shown by its address, unique to the
    process: compiled, such templates are never used again."""
    settings = [
        jinja2.__version__, sys.version, code_digest(),
        type(environment).__qualname__, environment.code_generator_class.__qualname__,
        sorted(environment.extensions), environment.autoescape, environment.optimized,
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.is_async,
        # Compiled in: how the finalizer, each filter and each test is called (with
        # the context, the environment...), and which exist; and the i18n calls' style.
        _named(environment.finalize),
        sorted(_called(name, f) for name, f in environment.filters.items()),
        sorted(_called(name, f) for name, f in environment.tests.items()),
        getattr(environment, "newstyle_gettext", None),
        sorted((name, _named(value)) for name, value in environment.policies.items()),
    ]  # fmt: skip
    shown = repr(settings)
    if " at 0x" in shown:
        return None
    where = folder / TEMPLATES / hashlib.sha256(shown.encode()).hexdigest()[:32]
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _KeptTemplates(str(where))


def _named(value: object) -> str | None:
    """A function by its module and name; plain data as itself."""
    if value is None:
        return None
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    return f"{module}.{name}" if module and name else repr(value)


def _called(name: str, function: object) -> str:
    return f"{name}={_named(function)}:{getattr(function, 'jinja_pass_arg', None)}"


class _KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, for which a file it cannot read
    or write is a template to compile, never a failed build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()  # damaged: compiled again, and written anew

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return  # not kept this time; the build itself is unaffected


def print_markdown_key() -> str:
    """The key of the source Markdown the PDFs' HTML was converted from, as kept (by
    sopkit.render.markdown_html): sopkit's code, and the packages that convert and
    sanitize it (Pygments colours fenced code)."""
    digest = hashlib.sha256(FORMAT + b" print markdown\0" + code_digest().encode())
    for package in ("markdown", "pymdown-extensions", "pygments", "nh3"):
        digest.update(f"\0{package} {version(package)}".encode())
    return digest.hexdigest()


def page_context(build: str | None, paths_by_url: dict[str, str], site_url: str | None) -> str:
    """What a page's finished HTML depends on besides that HTML: the build (its key),
    the site's pages (links to them are resolved) and its address. Empty: no cache."""
    if build is None:
        return ""
    digest = hashlib.sha256(build.encode())
    for url, path in sorted(paths_by_url.items()):
        digest.update(f"\0{url}\0{path}".encode())
    digest.update(f"\0{site_url or ''}".encode())
    return digest.hexdigest()


def feeds_key(build: str, stamp: str, site_url: str | None, files: list[str]) -> str:
    """The feeds' key: the build, its timestamp, the site's address and its files."""
    digest = hashlib.sha256(FORMAT + b"feeds")
    for part in (build, stamp, site_url or "", *files):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def page_key(context: str, path: str, url: str, html: str) -> str:
    digest = hashlib.sha256(FORMAT)
    for part in (context, path, url, html):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


@dataclass
class Kept:
    """One build's use of the cache: the cache (None: switched off), the key of the
    pipeline's result, the part of each page's key that every page shares, and whether
    the result was found."""

    cache: BuildCache | None = None
    build_key: str | None = None
    page_context: str = ""
    from_cache: bool = False
    read_only: bool = False
    """Use what the cache holds, add nothing to it (a preview's rebuilds)."""

    @property
    def keeps(self) -> BuildCache | None:
        """The cache this build keeps what it makes in, if it keeps anything."""
        return None if self.read_only else self.cache


class BuildCache:
    """The cache folder: a result by key, and the pages (finished, and their Markdown
    converted) of the last build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages: dict[str, str] = {}
        """Page key → finished HTML, as last written."""
        self.used: dict[str, str] = {}
        """The pages this build made or used (what the next build will find)."""
        self._loaded_pages = False

    def result(self, key: str, slot: str = "build") -> Any | None:
        return read_kept(self.folder / "builds" / f"{slot}-{key}.pickle")

    def keep_result(self, key: str, value: object, slot: str = "build") -> None:
        """Keep `value` under `key`, in place of the last one kept in its `slot`."""
        builds = self.folder / "builds"
        for old in builds.glob(f"{slot}-*.pickle") if builds.is_dir() else ():
            if old.stem != f"{slot}-{key}":
                old.unlink(missing_ok=True)  # one result per slot is kept: the last
        keep(builds / f"{slot}-{key}.pickle", value)

    def page(self, key: str) -> str | None:
        if not self._loaded_pages:
            self._loaded_pages = True
            found = read_kept(self.folder / "pages.pickle")
            self.pages = found if isinstance(found, dict) else {}
        html = self.pages.get(key)
        if html is not None:
            self.used[key] = html
        return html

    def keep_page(self, key: str, html: str) -> None:
        self.used[key] = html

    def save_pages(self) -> None:
        if self.used != self.pages:
            keep(self.folder / "pages.pickle", self.used)
        self.pages, self.used = self.used, {}


__all__ = [
    "CACHE_VARIABLE",
    "BuildCache",
    "Kept",
    "build_cache",
    "build_key",
    "cache_folder",
    "code_digest",
    "compiled_templates",
    "feeds_key",
    "history_state",
    "keep",
    "keep_sources",
    "kept_sources",
    "page_context",
    "page_key",
    "print_markdown_key",
    "read_kept",
    "sources_kept",
]
