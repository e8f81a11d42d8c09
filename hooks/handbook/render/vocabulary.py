"""Words the site uses in more than one place, as catalog messages (translated where they are shown)."""

from __future__ import annotations


def N_(text: str) -> str:
    """Marks a message for the catalog; it is translated when a site is built, not here."""
    return text


CHECK_IN_WAYS = {"in-session": N_("join the session"), "phone": N_("phone call"), "video": N_("video call")}
