"""On the home screen and offline: the manifest and icons, the service worker that keeps a family's whole site
on the phone, its atomic updates, its end when the folder is gone, and the star chart that follows a new link."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from handbook.core.safety import link_hash

from conftest import SAMPLE_TOKENS, copy_project, handbook
from parent_helpers import NOW, TIMEZONE, family_data, stored_log, wait_until

RIVERA = SAMPLE_TOKENS["rivera"]
FAMILY_IDS = ("rivera", "chen", "okafor")
WORKER_READY = "() => navigator.serviceWorker.controller !== null"
OUR_CACHES = "() => caches.keys().then(names => names.filter(n => n.startsWith('handbook ')))"


# -- the files: no browser ----------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_is_valid_stays_in_the_familys_folder_and_its_icons_exist(built: Path) -> None:
    site = built / "site"
    for family in FAMILY_IDS:
        token = SAMPLE_TOKENS[family]
        folder = site / token
        text = (folder / "manifest.webmanifest").read_text(encoding="utf-8")
        manifest = json.loads(text)
        page = f"https://host.example/{token}/manifest.webmanifest"
        assert urljoin(page, manifest["start_url"]) == f"https://host.example/{token}/"
        assert urljoin(page, manifest["scope"]) == f"https://host.example/{token}/"
        assert manifest["display"] == "standalone" and re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
        child = family_data(site, token)["child"]
        assert manifest["name"] == f"{child}’s practice"
        sizes: dict[str, set[str]] = {}
        for icon in manifest["icons"]:
            data = (folder / icon["src"]).read_bytes()
            assert icon["type"] == "image/png" and _png_size(data) == tuple(map(int, icon["sizes"].split("x")))
            sizes.setdefault(icon["purpose"], set()).add(icon["sizes"])
        assert sizes == {"any": {"192x192", "512x512"}, "maskable": {"512x512"}}
        assert _png_size((folder / "assets/icons/apple-touch-icon.png").read_bytes()) == (180, 180)
        home = (folder / "index.html").read_text(encoding="utf-8")
        assert '<link rel="manifest" href="manifest.webmanifest"' in home
        assert '<link rel="apple-touch-icon" href="assets/icons/apple-touch-icon.png">' in home
        assert "worker-src 'self'" in home and "manifest-src 'self'" in home and "script-src 'self';" in home
        # nothing of the family id or of another family in the new files
        new_files = [text, (folder / "sw.js").read_text(encoding="utf-8")]
        for other in FAMILY_IDS:
            if other != family:
                assert not any(SAMPLE_TOKENS[other] in f or family_data(site, SAMPLE_TOKENS[other])["child"] in f
                               for f in new_files)
        assert not any(re.search(rf"\b{family}\b", f) for f in new_files)


def test_the_worker_lists_every_file_of_the_folder_with_its_fingerprint(built: Path) -> None:
    folder = built / "site" / RIVERA
    worker = (folder / "sw.js").read_text(encoding="utf-8")
    files = json.loads(re.search(r"const FILES = (\{.*?\});", worker, re.S).group(1))  # type: ignore[union-attr]
    on_disk = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != "sw.js" and path.suffix != ".mp4":  # videos: kept at their first play
            address = "./" if relative == "index.html" else re.sub(r"(^|/)index\.html$", r"\1", relative)
            on_disk[address] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    assert files == on_disk
    assert {"./", "log/", "practice/", "child/", "handout/", "guidance/", "search/search_index.json",
            "manifest.webmanifest", "assets/icons/icon-512.png"} <= set(files)
    videos = json.loads(re.search(r"const VIDEOS = (\[.*?\]);", worker).group(1))  # type: ignore[union-attr]
    assert videos == sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.mp4")) and videos
    assert re.search(r'const VERSION = "([0-9a-f]{16})";', worker), "the worker carries its version"


# -- in the browser -------------------------------------------------------------------------------------

@dataclass
class Served:
    """What the host was asked: (method, path, status, body bytes), in order."""

    requests: list[tuple[str, str, int, int]] = field(default_factory=list)


class _Counting(http.server.SimpleHTTPRequestHandler):
    served: Served

    def log_message(self, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        self._length = 0
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length":
            self._length = int(value)
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        body = self._length if self.command == "GET" and self._status == 200 else 0
        self.served.requests.append((self.command, self.path, self._status, body))
        super().end_headers()


@pytest.fixture
def host(tmp_path: Path) -> Iterator[tuple[Path, str, Served]]:
    """The sample project built, its site/ served like a real host that logs what it is asked."""
    root = copy_project(tmp_path / "project")
    assert handbook(root, "build").exit_code == 0
    served = Served()
    handler = type("Handler", (_Counting,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


def _installed(browser: Any, url: str) -> Any:
    """A fresh browser profile at ``url`` once its offline copy is in place and in control."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=TIMEZONE, locale="en-GB",
                                  service_workers="allow")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(url)
    wait_until(page, WORKER_READY)
    return page


def test_after_a_first_visit_every_page_type_opens_offline_and_the_star_chart_still_records(
        browser: Any, host: tuple[Path, str, Served]) -> None:
    root, base, served = host
    rivera = family_data(root / "site", RIVERA)
    first = next(a for a in rivera["activities"] if "wed" in a["days"])  # NOW is a Wednesday
    page = _installed(browser, f"{base}/{RIVERA}/")
    page.context.set_offline(True)
    pages = {"": "[data-hb-today]", "log/": "[data-hb-log]", f"practice/#{first['id']}": "[data-hb-practice]",
             "child/": "[data-hb-child]", "guidance/": "article h1", "guidance/the-star-chart/": "article h1",
             "handout/": "article h1", f"activities/{first['id']}/": "[data-hb-done]"}
    for path, content in pages.items():
        response = page.goto(f"{base}/{RIVERA}/{path}")
        assert response is not None and response.ok, path
        assert page.locator(content).count() and page.inner_text("h1").strip(), path
    page.goto(f"{base}/{RIVERA}/log/")
    page.locator("[data-hb-tasks] .hb-task").filter(has_text=first["title"]).locator("input[type=checkbox]").check()
    page.reload()
    assert page.inner_text("[data-hb-stars]") == "★ 1 star so far."
    assert [e["activity"] for e in stored_log(page, RIVERA)["entries"]] == [first["id"]]
    page.context.close()


def test_a_repeat_visit_once_installed_asks_the_host_only_whether_the_worker_changed(
        browser: Any, host: tuple[Path, str, Served]) -> None:
    _root, base, served = host
    page = _installed(browser, f"{base}/{RIVERA}/")
    installed = len(served.requests)
    page.goto(f"{base}/{RIVERA}/log/")
    page.goto(f"{base}/{RIVERA}/")
    wait_until(page, "() => document.querySelector('[data-hb-today]') !== null")
    page.wait_for_timeout(300)  # the worker's checks run just after the page is shown
    repeat = served.requests[installed:]
    assert repeat and {(method, path) for method, path, _status, _bytes in repeat} <= {
        ("GET", f"/{RIVERA}/sw.js"), ("HEAD", f"/{RIVERA}/sw.js")}, repeat
    page.context.close()


def test_a_rebuilt_plan_arrives_whole_with_a_notice_and_never_mixed(browser: Any,
                                                                  host: tuple[Path, str, Served]) -> None:
    root, base, _served = host
    page = _installed(browser, f"{base}/{RIVERA}/")
    assert not page.locator(".hb-site-notice").count()
    plan = root / "families" / "rivera.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("Use the thick-handled spoon", "Use the NEW green spoon")
    text = re.sub(r"(?m)^changes:\n(  - .*\n)+", "changes:\n  - The spoon game uses the green spoon now\n", text)
    plan.write_text(text, encoding="utf-8")
    assert handbook(root, "build").exit_code == 0

    page.goto(f"{base}/{RIVERA}/")  # the old copy opens at once; the new one installs, takes over and reloads
    page.locator(".hb-site-notice").wait_for(timeout=20_000)  # survives the reload
    notice = page.inner_text(".hb-site-notice")
    assert "Updated plan from Jessica Park." in notice and "The spoon game uses the green spoon now" in notice
    # a page and a file fetched now both come from the new version
    page.goto(f"{base}/{RIVERA}/activities/spoon-scooping/")
    assert "NEW green spoon" in page.inner_text("article")
    assert "NEW green spoon" in page.evaluate("fetch('../../search/search_index.json').then(r => r.text())")
    assert len(wait_until(page, OUR_CACHES)) == 2  # this version's files, and the videos: the old version is gone
    page.reload()
    assert not page.locator(".hb-site-notice").count()  # said once
    page.context.close()


def test_a_deleted_familys_worker_removes_itself_and_its_copies(browser: Any,
                                                                host: tuple[Path, str, Served]) -> None:
    root, base, _served = host
    page = _installed(browser, f"{base}/{RIVERA}/")
    assert wait_until(page, OUR_CACHES)
    shutil.rmtree(root / "site" / RIVERA)  # as when the folder is no longer uploaded

    page.goto(f"{base}/{RIVERA}/")  # still shown from the copy, once more
    page.locator(".hb-site-notice").wait_for(timeout=10_000)
    assert "This link no longer works. Ask Jessica Park for the new one." in page.inner_text(".hb-site-notice")
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page.evaluate(OUR_CACHES) == []
    response = page.goto(f"{base}/{RIVERA}/")
    assert response is not None and response.status == 404
    page.context.close()


def test_the_star_chart_and_a_saved_copy_follow_the_family_to_a_new_link(browser: Any, host: tuple[Path, str, Served],
                                                                         tmp_path: Path) -> None:
    root, base, _served = host
    # a chart kept the way sites before the star-chart id kept it: under the link itself
    plan = root / "families" / "rivera.yaml"
    plan.write_text(re.sub(r"(?m)^log: .*\n", "", plan.read_text(encoding="utf-8")), encoding="utf-8")
    assert handbook(root, "build").exit_code == 0
    page = _installed(browser, f"{base}/{RIVERA}/log/")
    rivera = family_data(root / "site", RIVERA)
    assert rivera["log"] is None
    ticked = [a for a in rivera["activities"] if "wed" in a["days"]]
    for activity in ticked:
        row = page.locator("[data-hb-tasks] .hb-task").filter(has_text=activity["title"])
        row.locator("input[type=checkbox]").check()
    assert page.evaluate(f"localStorage.getItem('handbook:{RIVERA}:log') !== null")
    with page.expect_download() as download:
        page.click("[data-hb-export-json]")
    saved = tmp_path / "saved.json"
    shutil.copy(download.value.path(), saved)

    rotated = handbook(root, "rotate", "rivera")
    assert rotated.exit_code == 0 and "star chart moves to the new link" in rotated.output
    assert handbook(root, "build").exit_code == 0
    assert not (root / "site" / RIVERA).exists()  # the old folder is gone
    token = re.search(r"(?m)^link: (\S+)", plan.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
    after = family_data(root / "site", token)
    assert RIVERA not in (root / "site" / token / "index.html").read_text(encoding="utf-8")  # never in clear
    assert after["previous"] == [link_hash(RIVERA)] and after["log"]

    page.goto(f"{base}/{token}/log/")
    stars = len(ticked)
    assert page.inner_text("[data-hb-stars]") == f"★ {stars} star{'s' if stars != 1 else ''} so far."
    assert [e["activity"] for e in stored_log(page, token)["entries"]] == sorted(a["id"] for a in ticked)
    assert page.evaluate(f"localStorage.getItem('handbook:{RIVERA}:log')") is None  # moved, not copied
    page.evaluate("localStorage.clear()")  # a new phone, say: the copy saved at the old link loads here
    page.reload()
    assert page.inner_text("[data-hb-stars]").startswith("No stars yet")
    page.set_input_files("[data-hb-import]", str(saved))
    wait_until(page, "() => document.querySelector('[data-hb-import-result]').textContent !== ''")
    assert page.inner_text("[data-hb-import-result]") == f"Loaded: {stars} practices added."
    assert len(stored_log(page, token)["entries"]) == stars
    page.context.close()
