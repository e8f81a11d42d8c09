"""Small edits the commands make to a plan's text, line by line, so that comments and layout stay as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.containment import outside_links
from ..core.plan import check_requested, plan_files
from ..core.problems import HandbookError, Problem, display_path
from ..core.project import Project
from ..core.yamlsource import Located, decode_text, parse_yaml

LOG_COMMENT = ("# The star chart's id in the parents' browser (written for you). It stays when the link\n"
               "# changes, so the stars follow the family: never copy it into another plan.\n")
PREVIOUS_COMMENT = ("# Written by 'handbook rotate': fingerprints of this family's old links (never the links\n"
                    "# themselves), by which the new site finds the star chart kept under them.\n")


@dataclass(frozen=True)
class Editable:
    """A plan read to be changed: its text as written, and that text parsed (for the lines of its keys)."""

    family: str
    path: Path
    shown: str
    text: str
    located: Located

    @property
    def data(self) -> dict[str, Any]:
        return self.located.data if isinstance(self.located.data, dict) else {}


def read_for_edit(project: Project, family: str) -> Editable:
    """The family's plan, to change: refused when there is none, when it is a link outside ``families/``
    (writing would go through it) or when it is not valid YAML (with that problem's own message)."""
    paths = plan_files(project.families_dir)
    check_requested([family], paths, project.families_dir, project.root)
    path = paths[family]
    outside = outside_links(project.families_dir, project.root).get(path)
    if outside is not None:
        raise HandbookError([outside])
    shown = display_path(path, project.root)
    text = decode_text(path.read_bytes(), shown)
    return Editable(family=family, path=path, shown=shown, text=text, located=parse_yaml(text, shown))


# a top-level key, optional quotes around a plain value, then anything after it (spaces, a comment, the line end)
KEY_LINE = r"(?P<key>[ \t]*{key}[ \t]*:[ \t]*)(?P<quote>[\"']?)(?P<value>[^\r\n\"'#]*?)(?P=quote)" \
           r"(?P<rest>[ \t]*(?:#[^\r\n]*)?\r?\n?)"


def with_line_value(text: str, located: Located, key: str, value: str) -> str:
    """The plan with the top-level ``key: value`` line given a new value; its quotes and comment stay.
    Raises HandbookError when the line is not in that plain form."""
    number = located.lines[(key,)]
    lines = text.splitlines(keepends=True)
    match = re.fullmatch(KEY_LINE.format(key=re.escape(key)), lines[number - 1])
    if match is None:
        raise HandbookError([Problem(located.file, number, f"the '{key}:' line is not in the usual form "
                                     f"'{key}: VALUE'", f"write it on one line, e.g. {key}: {value}")])
    lines[number - 1] = f"{match['key']}{match['quote']}{value}{match['quote']}{match['rest']}"
    return "".join(lines)


def without_key(text: str, located: Located, key: str) -> str:
    """The plan without the top-level ``key`` and everything under it (and the comment 'rotate' writes above
    ``previous_links``)."""
    first = located.lines[(key,)] - 1
    last = max([first] + [located.lines[k] - 1 for k in located.lines if k[:1] == (key,)])
    lines = text.splitlines(keepends=True)
    while last + 1 < len(lines) and lines[last + 1].startswith((" ", "\t")) and lines[last + 1].strip():
        last += 1  # a value's continuation lines
    comment = PREVIOUS_COMMENT.splitlines(keepends=True) if key == "previous_links" else []
    if comment and [line.replace("\r\n", "\n") for line in lines[max(0, first - len(comment)):first]] == comment:
        first -= len(comment)
    del lines[first:last + 1]
    return "".join(lines)


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
