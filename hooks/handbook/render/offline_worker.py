"""``sw.js``: the service worker that keeps one family's whole site on the phone (templates/offline_worker.js).

Made from the built folder itself, once every other file is written: the list of files and their
fingerprints is the version, so the same inputs give the same bytes, and any change gives a new worker.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

WORKER = "sw.js"
VIDEO_SUFFIXES = (".mp4", ".webm", ".m4v", ".mov", ".ogv")  # kept after their first play, not installed
TEMPLATE = Path(__file__).parent / "templates" / "offline_worker.js"


def write_service_worker(folder: Path) -> None:
    """Write ``folder/sw.js`` for the site in ``folder``."""
    files: dict[str, str] = {}
    videos: list[str] = []
    for path in _site_files(folder):
        if path == WORKER:
            continue
        if path.endswith(VIDEO_SUFFIXES):
            videos.append(path)
        else:
            files[_address(path)] = hashlib.sha256((folder / path).read_bytes()).hexdigest()[:16]
    version = hashlib.sha256(json.dumps([files, videos], sort_keys=True).encode()).hexdigest()[:16]
    text = (_template().replace("__VERSION__", version)
            .replace("__FILES__", json.dumps(files, sort_keys=True, indent=0))
            .replace("__VIDEOS__", json.dumps(sorted(videos))))
    (folder / WORKER).write_text(text, encoding="utf-8")


def _site_files(folder: Path) -> list[str]:
    root = os.fspath(folder)
    found: list[str] = []
    for here, _dirs, names in os.walk(root):
        found.extend(os.path.relpath(os.path.join(here, name), root).replace(os.sep, "/") for name in names)
    return sorted(found)


def _address(path: str) -> str:
    """The address pages use: ``log/`` for ``log/index.html``, ``./`` for the home page."""
    if path == "index.html":
        return "./"
    return path[: -len("index.html")] if path.endswith("/index.html") else path


@functools.cache
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")
