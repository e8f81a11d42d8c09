"""Checks on strings that end up in addresses: family ids, tokens, video and poster links."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .token_strength import token_weakness

FAMILY_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
TOKEN = re.compile(r"[A-Za-z0-9_-]+")
TOKEN_BYTES = 18  # 144 bits; the product promise is at least 128
MIN_TOKEN_CHARS = 22  # 22 URL-safe characters carry 132 bits
MAX_DRAWS = 50  # a fresh token fails the strength check far less than once in a thousand draws


def new_token(names: Iterable[str] = ()) -> str:
    """A fresh private-link token from the operating system's secure random source.

    ``names`` are what the plan's check refuses in a token (``link_names``): a token is drawn again
    until it passes exactly the check ``handbook check`` makes, so a written token is never refused.
    """
    names = tuple(names)
    for _ in range(MAX_DRAWS):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if token_weakness(token, names) is None:
            return token
    raise RuntimeError(f"no token out of {MAX_DRAWS} passed the strength check")  # never happens by chance


LOG_ID_BYTES = 12  # 16 characters: an id, not a secret (the pages carry it), but never the same for two families
LINK_HASH_SALT = "family-handbook-link:"  # log_store.js hashes old links the same way


def new_log_id() -> str:
    """A family's star-chart id: stored in the parent's browser under it, so that a new link keeps the chart."""
    return secrets.token_urlsafe(LOG_ID_BYTES)


def link_hash(token: str) -> str:
    """What a site may carry of an old link: enough to find that link's star chart in the browser, never the link."""
    return hashlib.sha256((LINK_HASH_SALT + token).encode()).hexdigest()[:32]


def link_names(child: object, family: str) -> tuple[str, ...]:
    """What a family's link token may not contain: the child's name (as written in the plan) and the family id."""
    return (child, family) if isinstance(child, str) and child.strip() else (family,)


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
