"""How long a live preview takes to show an edit: `mkdocs serve --dirty`, an edit saved,
and the page read back until it shows the edit.

    with serving(folder) as server:
        seconds = time_edit(server.url + "sop/procedure-0001.html", path, "old", "new")
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    log: Path
    """What `mkdocs serve` printed."""

    def rebuilds(self) -> list[float]:
        """The seconds each build took, as MkDocs reports them, in order."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [float(s) for s in re.findall(r"Documentation built in ([0-9.]+) seconds", text)]


@contextlib.contextmanager
def serving(folder: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`mkdocs serve --dirty` on `folder`, until the block ends."""
    port = _free_port()
    log = folder / "serve.log"
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=folder,
            env={**os.environ, **(env or {})},
            stdout=stream,
            stderr=stream,
        )
        server = Server(f"http://127.0.0.1:{port}/", log)
        try:
            _wait_for(server.url, lambda body: True, timeout=300)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(url: str, ready: Callable[[str], bool], timeout: float) -> str:
    deadline = time.perf_counter() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: str = response.read().decode("utf-8", "replace")
            if ready(body):
                return body
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{url} did not show the edit within {timeout} s")
        time.sleep(0.02)


def time_edit(page_url: str, path: Path, old: str, new: str) -> float:
    """Seconds from saving the edit of `path` (old → new) to `page_url` showing `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    started = time.perf_counter()
    path.write_text(text.replace(old, new), encoding="utf-8")
    _wait_for(page_url, lambda body: new in body, timeout=120)
    return time.perf_counter() - started
