"""The neutral files at the top of ``site/``: they reveal no family and no link."""

from __future__ import annotations

from pathlib import Path

from .messages import Messages
from .policy import headers_file
from .templates import TEMPLATES, render


def root_file_contents(messages: Messages) -> dict[str, bytes]:
    """The root pages in the caseload's language: whoever opens a wrong or shortened link lands here."""
    _ = messages.gettext
    return {
        "404.html": render("root/neutral.html.j2", messages, title=_("Page not found")).encode(),
        "_headers": headers_file().encode(),
        "index.html": render("root/neutral.html.j2", messages, title=_("Home practice")).encode(),
        "robots.txt": (TEMPLATES / "root" / "robots.txt").read_bytes(),
    }


def write_root_files(root: Path, messages: Messages) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in root_file_contents(messages).items():
        path = root / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
