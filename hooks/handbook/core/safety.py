"""Checks on strings that end up in addresses: family ids, tokens, video and poster links."""

from __future__ import annotations

import re
import secrets
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

FAMILY_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
TOKEN = re.compile(r"[A-Za-z0-9_-]+")
TOKEN_BYTES = 18  # 144 bits; the product promise is at least 128
MIN_TOKEN_CHARS = 22  # 22 URL-safe characters carry 132 bits


def new_token() -> str:
    """A fresh private-link token from the operating system's secure random source."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_family_id(value: str) -> bool:
    return bool(FAMILY_ID.fullmatch(value))


def check_url(value: object, docs_dir: Path, *, allow_remote: bool) -> str:
    """An ``https://`` address, or the path of a file inside ``docs/``; anything else raises ValueError."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("the address must be text")
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme.lower() != "https" or not parts.netloc:
            raise ValueError(f"'{value}' is not allowed: only https:// addresses or files in docs/ can be used")
        if not allow_remote:
            raise ValueError(f"'{value}' is on another site: this file must be inside docs/")
        return value
    relative = PurePosixPath(value.lstrip("/"))
    if value.startswith("//") or ".." in relative.parts or parts.netloc:
        raise ValueError(f"'{value}' points outside docs/")
    if not (docs_dir / relative).is_file():
        raise ValueError(f"there is no file docs/{relative}")
    return relative.as_posix()
