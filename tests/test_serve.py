"""`mkdocs serve` on sources with errors shows a page listing them, and the site again at
the next good save.

On the previous main the first build with errors stopped the preview, and a later one
left the browser waiting ("The server will appear stuck until build errors are
resolved"). The test runs a real `mkdocs serve` on 127.0.0.1, on a port of its own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from conftest import AS_OF, ProjectFolder
from sitebuild import write_site

pytestmark = pytest.mark.slow

SECTION = "sop/04-students/interviews.yml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 90) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if wanted in last[1]:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last: {last[0]} {last[1][:300]}")


@pytest.fixture
def serving(project: ProjectFolder) -> Iterator[tuple[ProjectFolder, str]]:
    write_site(project.root)
    project.replace(SECTION, "owner: chief", "owner: [chief]")
    port = free_port()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOPKIT_AS_OF": AS_OF.isoformat(),
        "SOPKIT_PDF": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        running = server.poll() is None  # it served the whole test, and did not stop
        server.terminate()
        output, _ = server.communicate(timeout=30)
        assert running, f"mkdocs serve stopped by itself (exit {server.returncode}):\n{output}"
        # Stopped by the signal (MkDocs may also catch it and exit cleanly).
        assert server.returncode in (0, -signal.SIGTERM), output
        assert "Traceback" not in output, output


def test_the_preview_lists_the_errors_then_shows_the_fixed_site(
    serving: tuple[ProjectFolder, str],
) -> None:
    project, base = serving
    status, page = wait_for(base + "/", "The sources have 1 error")
    assert status == 200
    assert (
        "<code>sop/04-students/interviews.yml:5:8</code>: owner: expected role id, found a list"
    ) in page
    assert "Hint: write a single value after the colon, e.g. owner: sso-supervisor" in page
    # A generated page that does not exist while the sources have errors: the
    # not-found page lists them too, and reloads itself.
    status, missing = fetch(base + "/sop/student-interviews/")
    assert status == 404 and "The sources have 1 error" in missing
    assert '<meta http-equiv="refresh" content="3">' in missing
    project.replace(SECTION, "owner: [chief]", "owner: chief")
    status, fixed = wait_for(base + "/sop/student-interviews/", "Interviewing students")
    assert status == 200 and "The sources have" not in fixed
