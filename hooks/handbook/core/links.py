"""A family's private link: the host's address the therapist gives, and the family's token after it."""

from __future__ import annotations

from urllib.parse import urlsplit

from .plan import Plan

BASE_URL_ENV = "HANDBOOK_BASE_URL"


def check_base_url(value: str) -> str:
    """The host's address without a trailing slash; ValueError says what is wrong with it, in plain words."""
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"'{value}' is not a web address; write it in full, e.g. https://practice.example.org")
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise ValueError(f"'{value}' starts with http://; family links must start with https:// "
                         "so nobody on the way can read the child's page")
    if parts.query or parts.fragment:
        raise ValueError(f"'{value}' has a '?' or '#' part; give only the address where site/ is uploaded")
    return value


def family_url(base_url: str, plan: Plan) -> str:
    """The private link a parent opens: ``<base-url>/<token>/``."""
    return f"{base_url}/{plan.link}/"
