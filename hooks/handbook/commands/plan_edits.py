"""Small edits the commands make to a plan's text, line by line, so that comments and layout stay as written."""

from __future__ import annotations

import re
from typing import Any

from ..core.yamlsource import Located

LOG_COMMENT = ("# The star chart's id in the parents' browser (written for you). It stays when the link\n"
               "# changes, so the stars follow the family: never copy it into another plan.\n")
PREVIOUS_COMMENT = ("# Written by 'handbook rotate': fingerprints of this family's old links (never the links\n"
                    "# themselves), by which the new site finds the star chart kept under them.\n")


def with_log_id(text: str, located: Located, log_id: str) -> str:
    """The plan with ``log: <id>`` (and its comment) after the ``link:`` line (at the top without one)."""
    lines = text.splitlines(keepends=True)
    at = _after_line(located, "link")
    lines[at:at] = [LOG_COMMENT, f"log: {log_id}\n"]
    return _in_its_line_ends(_ending_fixed(lines, at), text)


def with_previous_link(text: str, located: Located, fingerprint: str) -> str:
    """The plan with ``fingerprint`` added to ``previous_links:``, written as one line (the key added when new)."""
    data: Any = located.data if isinstance(located.data, dict) else {}
    old = data.get("previous_links")
    hashes = [str(h) for h in old] if isinstance(old, list) else []
    if fingerprint not in hashes:
        hashes.append(fingerprint)
    line = f"previous_links: [{', '.join(hashes)}]\n"
    lines = text.splitlines(keepends=True)
    if "previous_links" in data:
        first = located.lines[("previous_links",)] - 1
        last = max([first] + [located.lines[k] - 1 for k in located.lines if k[:1] == ("previous_links",)])
        lines[first:last + 1] = [line]
        return _in_its_line_ends(lines, text)
    at = _after_line(located, "log") if "log" in data else _after_line(located, "link")
    lines[at:at] = [PREVIOUS_COMMENT, line]
    return _in_its_line_ends(_ending_fixed(lines, at), text)


def _after_line(located: Located, key: str) -> int:
    """The index in the plan's lines just after the top-level ``key``'s line (0 when the plan has none)."""
    return located.lines.get((key,), 0)


def _ending_fixed(lines: list[str], at: int) -> list[str]:
    """A last line without its line end gets one, when new lines were added after it."""
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    return lines


def _in_its_line_ends(lines: list[str], text: str) -> str:
    """The lines joined, the new ones ending as the plan's own lines do (a plan saved on Windows keeps CRLF)."""
    joined = "".join(lines)
    return re.sub(r"(?<!\r)\n", "\r\n", joined) if "\r\n" in text else joined
