"""``handbook serve`` in headless Chromium: a save that cannot be built shows a banner on the open page, the next
good save reloads it, and a rotated link moves the open page to the new address. A real build has none of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handbook.commands.rotate import rotate_link
from handbook.core.project import Project
from test_cli_serve import TIMEOUT, Preview, fetch, wait_for

from conftest import build_library_preview, copy_project
from parent_helpers import wait_until

PLAN = "families/rivera.yaml"
LISTENING = "() => performance.getEntriesByType('resource').some(e => e.name.includes('/.preview-state'))"
FIX_IT = "Fix the file and save it again; this page updates by itself."
PREVIEW_TRACES = ("live_preview", ".preview-state", "hb-preview-problem", "data-preview-state")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    tmp = tmp_path_factory.mktemp("banner")
    running = Preview(copy_project(tmp / "project"), tmp)
    try:
        wait_for(lambda: running.page() is not None, "the first build")
        yield running
    finally:
        running.stop()


def open_preview(browser: Any, url: str, width: int = 390, height: int = 844) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    wait_until(page, LISTENING, timeout=TIMEOUT)  # the preview script has asked the server once
    page.evaluate("() => { window.hbNotReloaded = true; }")
    return page


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_plan_error_shows_a_banner_until_the_next_good_save(preview: Preview, browser: Any) -> None:
    page = open_preview(browser, preview.url)
    preview.edit(PLAN, "- id: putty-pinch-and-find", "- id: puty-pinch")
    line = line_of(preview.project / PLAN, "- id: puty-pinch")
    try:
        banner = page.get_by_role("alert").filter(has_text=FIX_IT)
        banner.wait_for(timeout=TIMEOUT * 1000)
        text = banner.inner_text()
        assert f"{PLAN}:{line}" in text
        assert "there is no activity 'puty-pinch'" in text and "check the spelling" in text
        assert FIX_IT in text
        assert page.evaluate("() => window.hbNotReloaded"), "a bad save must not reload the page"
        assert "Mateo" in page.locator("article").inner_text()  # the last good version stays
        assert f"{PLAN}:{line}: there is no activity 'puty-pinch'" in preview.stderr.read_text()  # and the terminal

        # in the page's flow above the header: it pushes the page down and scrolls away, the header stays
        assert page.evaluate("() => document.body.firstElementChild.getAttribute('role')") == "alert"
        assert page.evaluate("() => getComputedStyle(document.querySelector('[role=alert]')).position") == "static"
        header = page.locator("header.md-header").bounding_box()
        assert header["y"] >= banner.bounding_box()["y"] + banner.bounding_box()["height"] - 1
        page.screenshot(path="/tmp/preview-banner-390.png")
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # nothing runs off the screen
        page.screenshot(path="/tmp/preview-banner-320.png")
        page.mouse.wheel(0, 3000)
        wait_until(page, "() => document.querySelector('header.md-header').getBoundingClientRect().top === 0")
        assert page.evaluate("() => document.querySelector('[role=alert]').getBoundingClientRect().bottom") <= 0
    finally:
        with page.expect_navigation(timeout=TIMEOUT * 1000):  # the good save reloads the open page
            preview.edit(PLAN, "- id: puty-pinch", "- id: putty-pinch-and-find")
    page.locator("article").wait_for()
    wait_until(page, LISTENING, timeout=TIMEOUT)
    assert page.get_by_role("alert").filter(has_text=FIX_IT).count() == 0
    assert not page.evaluate("() => window.hbNotReloaded")
    page.close()


def test_the_banner_shows_the_servers_words_as_text(preview: Preview, browser: Any) -> None:
    page = open_preview(browser, preview.url + "activities/spoon-scooping/")
    page_file = "docs/activities/spoon-scooping.md"
    preview.edit(page_file, "title: Spoon Scooping\n", "title: Spoon Scooping\nfoo: [<i>x</i>\n")
    try:
        banner = page.get_by_role("alert").filter(has_text=FIX_IT)
        banner.wait_for(timeout=TIMEOUT * 1000)
        assert f"{page_file}:" in banner.inner_text()
        assert "YAML" in banner.inner_text()
        assert banner.locator("i").count() == 0  # written as text, never parsed as HTML
    finally:
        with page.expect_navigation(timeout=TIMEOUT * 1000):
            preview.edit(page_file, "title: Spoon Scooping\nfoo: [<i>x</i>\n", "title: Spoon Scooping\n")
    page.close()


def test_a_rotated_link_moves_the_preview_and_the_open_page(preview: Preview, browser: Any) -> None:
    """Last in this module: the preview's address changes."""
    old = preview.url
    page = open_preview(browser, old + "activities/spoon-scooping/")

    rotation = rotate_link(Project(preview.project), "rivera")
    new = old.replace(rotation.old, rotation.new)

    wait_for(lambda: f"The link changed: the preview is now at {new}\n" in preview.stdout.read_text(),
             "the new address in the terminal")
    page.wait_for_url(new + "activities/spoon-scooping/", timeout=TIMEOUT * 1000)
    page.locator("article").wait_for()
    assert "Spoon" in page.locator("article").inner_text()
    assert "Mateo" in (fetch(new) or "")
    assert "Mateo" in (fetch(old + "log/") or "")  # the old address, in the preview only, leads to the new one
    page.close()


def test_a_real_build_carries_no_trace_of_the_preview(built: Path) -> None:
    files = [p for p in (built / "site").rglob("*") if p.is_file()]
    assert files and not [p for p in files if "live_preview" in p.as_posix()]
    for path in files:
        if path.suffix in (".html", ".js", ".css", ".json", ".webmanifest", ".txt", ""):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [t for t in PREVIEW_TRACES if t in text], path


def test_the_library_preview_carries_no_preview_banner(project: Path) -> None:
    preview = build_library_preview(project)
    assert not (preview / "assets" / "live_preview").exists()
