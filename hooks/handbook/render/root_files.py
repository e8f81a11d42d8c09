"""The neutral files at the top of ``site/``: they reveal no family and no link."""

from __future__ import annotations

from pathlib import Path

from .policy import headers_file

ROOT_TEMPLATES = Path(__file__).parent / "root"
ROOT_FILES = ("index.html", "404.html", "robots.txt", "_headers")


def root_file_contents() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(ROOT_TEMPLATES.iterdir()) if p.is_file()}
    files["_headers"] = headers_file().encode()
    return files


def write_root_files(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in root_file_contents().items():
        path = root / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
