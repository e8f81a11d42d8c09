"""``handbook serve``: a live preview that picks up edits to plans, library pages and mkdocs.yml."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import SAMPLE_TOKENS, copy_project, handbook

TIMEOUT = 30.0  # seconds; a rebuild takes about one, but all engineers' tests may share 2 cores


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


class Preview:
    """A running ``handbook serve rivera`` in its own process, as the therapist starts it."""

    def __init__(self, project: Path, tmp: Path) -> None:
        self.project = project
        self.url = f"http://127.0.0.1:{free_port()}/{SAMPLE_TOKENS['rivera']}/"
        self.stdout, self.stderr = tmp / "stdout.txt", tmp / "stderr.txt"
        self.tmp = tmp / "tmp"
        self.tmp.mkdir()
        port = self.url.split(":")[2].split("/")[0]
        with open(self.stdout, "wb") as out, open(self.stderr, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from handbook.cli import main; main()", "serve", "rivera", "--port", port],
                cwd=project, stdout=out, stderr=err, env={**os.environ, "TMPDIR": str(self.tmp)})

    def page(self, path: str = "") -> str | None:
        assert self.process.poll() is None, self.stderr.read_text()
        return fetch(self.url + path)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    tmp = tmp_path_factory.mktemp("serve")
    running = Preview(copy_project(tmp / "project"), tmp)
    try:
        wait_for(lambda: running.page() is not None, "the first build")
        yield running
    finally:
        running.stop()


def test_serve_shows_the_family_site_on_localhost(preview: Preview) -> None:
    page = preview.page()

    assert page is not None and "Mateo" in page
    assert preview.stdout.read_text().startswith(f"Preview of Mateo's site: {preview.url}\n")


def test_serve_rebuilds_after_the_plan_is_edited(preview: Preview) -> None:
    assert "Cutting out circles" not in (preview.page() or "")

    preview.edit("families/rivera.yaml", "- Doing up big buttons on his shirt", "- Cutting out circles")

    wait_for(lambda: "Cutting out circles" in (preview.page() or ""), "the edited focus line")


def test_serve_rebuilds_after_a_library_page_is_edited(preview: Preview) -> None:
    activity = "docs/activities/spoon-scooping.md"
    page = "activities/spoon-scooping/"
    assert "Scoop the dinosaur eggs" not in (preview.page(page) or "")

    preview.edit(activity, "## Steps\n", "## Steps\n\nScoop the dinosaur eggs.\n\n")

    wait_for(lambda: "Scoop the dinosaur eggs" in (preview.page(page) or ""), "the edited activity")


def test_serve_rebuilds_after_mkdocs_yml_is_edited(preview: Preview) -> None:
    assert '"navigation.top"' not in (preview.page() or "")

    preview.edit("mkdocs.yml", "    - search.highlight\n", "    - search.highlight\n    - navigation.top\n")

    wait_for(lambda: '"navigation.top"' in (preview.page() or ""), "the new theme feature")


def test_an_open_page_reloads_by_itself_after_a_save(preview: Preview, browser: object) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(preview.url)
    page.wait_for_timeout(500)  # let the page start listening for changes
    preview.edit("families/rivera.yaml", "- Holding a crayon with three fingers", "- Holding a paintbrush")

    page.get_by_text("Holding a paintbrush").first.wait_for(timeout=TIMEOUT * 1000)
    page.close()


def test_a_broken_edit_is_reported_and_the_last_good_site_stays(preview: Preview) -> None:
    preview.edit("families/rivera.yaml", "format: digital", "format: paper")
    try:
        wait_for(lambda: "format' cannot be 'paper'" in preview.stderr.read_text(), "the problem report")
        assert "families/rivera.yaml:" in preview.stderr.read_text()
        assert "Mateo" in (preview.page() or "")
    finally:
        preview.edit("families/rivera.yaml", "format: paper", "format: digital")


def test_ctrl_c_stops_the_preview_and_removes_its_files(tmp_path: Path) -> None:
    running = Preview(copy_project(tmp_path / "project"), tmp_path)
    wait_for(lambda: running.page() is not None, "the first build")
    assert list(running.tmp.iterdir())

    assert running.stop() == 0
    assert list(running.tmp.iterdir()) == []
    assert running.stdout.read_text().endswith("Preview stopped.\n")


def test_ctrl_c_stops_a_preview_started_where_sigint_was_ignored(tmp_path: Path) -> None:
    """A script or an editor that starts the preview in the background hands it SIGINT ignored."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # what the child inherits
    try:
        running = Preview(copy_project(tmp_path / "project"), tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)
    wait_for(lambda: running.page() is not None, "the first build")
    assert running.stop() == 0
    assert running.stdout.read_text().endswith("Preview stopped.\n")


def test_a_busy_port_is_a_usage_error(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = handbook(project, "serve", "rivera", "--port", str(port))

    assert result.exit_code == 2
    assert f"Port {port} is already in use, maybe by another preview. Try: handbook serve rivera --port {port + 1}" \
        in result.output


def test_serve_of_an_unknown_family_says_how_to_start_one(project: Path) -> None:
    result = handbook(project, "serve", "rivers", "--port", str(free_port()))

    assert result.exit_code == 1
    assert "families/rivers.yaml:1: there is no plan for 'rivers' (did you mean 'rivera'?)" in result.output
